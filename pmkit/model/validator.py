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
    """The JSON Schema of a file kind, for editors and validators."""
    schema: dict[str, Any] = adapter(cls).json_schema()
    return schema
