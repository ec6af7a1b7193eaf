"""pydantic's validators for the file shapes: built once per process, only when needed.

A file whose validated form is in the store is rebuilt without pydantic at all; only a
new or changed file pays for building a validator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T")
_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def adapter(cls: type[T]) -> TypeAdapter[T]:
    """The validator for a file shape."""
    if cls not in _ADAPTERS:
        from pydantic import TypeAdapter

        _ADAPTERS[cls] = TypeAdapter(cls)
    return _ADAPTERS[cls]


def json_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema of a file kind, for editors and validators.

    Field descriptions come from the attribute docstrings in :mod:`pmkit.model.schema`,
    which pydantic reads from the source code: three times slower to build, so only the
    editor schemas pay for it, not the validators every cold run builds.
    """
    from pydantic import TypeAdapter

    from pmkit.model.schema import SCHEMA_CLASSES

    saved = {record: record.__pydantic_config__ for record in SCHEMA_CLASSES}  # type: ignore[attr-defined]
    try:
        for record, config in saved.items():
            record.__pydantic_config__ = {**config, "use_attribute_docstrings": True}  # type: ignore[attr-defined]
        schema: dict[str, Any] = TypeAdapter(cls).json_schema()
    finally:
        for record, config in saved.items():
            record.__pydantic_config__ = config  # type: ignore[attr-defined]
    return schema
