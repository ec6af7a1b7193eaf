"""pydantic's validators for the file shapes: built once per process, only when needed.

A file whose validated form is in the store is rebuilt without pydantic at all; only a
new or changed file needs a validator, and that validator comes from the core schema kept
by :mod:`pmkit.model.schema_cache` when an earlier process left one (pydantic-core alone,
no schema building), else from pydantic.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, TypeVar

from pmkit.model import engine, schema

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T")
_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}
_VALIDATORS: dict[type[Any], Any] = {}


def adapter(cls: type[T]) -> TypeAdapter[T]:
    """pydantic's adapter for a file shape: its JSON Schema, and its validator built anew."""
    if cls not in _ADAPTERS:
        # pmkit uses no pydantic plugins; looking for them reads every installed
        # package's metadata, a tenth of a cold run.
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
        from pydantic import TypeAdapter

        engine.attach()
        _ADAPTERS[cls] = TypeAdapter(cls)
    return _ADAPTERS[cls]


def validator(cls: type[Any]) -> Any:
    """The validator for a file shape (``validate_python``), from the kept schema if fit."""
    if cls not in _VALIDATORS:
        from pmkit.model import schema_cache

        core = engine.engine()
        version = engine.version()
        keepable = cls.__module__ == schema.__name__ and getattr(schema, cls.__name__, None) is cls
        built: Any = None
        kept = schema_cache.read(cls.__name__, version) if keepable else None
        if kept is not None:
            try:
                built = core.SchemaValidator(kept)
            except Exception:  # a schema pydantic-core refuses: build anew
                built = None
        if built is None:
            fresh = adapter(cls)
            built = fresh.validator
            if keepable:
                schema_cache.write(cls.__name__, version, fresh.core_schema)
        _VALIDATORS[cls] = built
    return _VALIDATORS[cls]


def json_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema of a file kind, for editors and validators, with a description for
    every field taken from its docstring in :mod:`pmkit.model.schema`.

    pydantic can read those docstrings itself (``use_attribute_docstrings``), but it does
    so class by class from the source, which made building the schemas the slowest part
    of ``pmkit init``; one parse of the module gives the same text. The result is plain
    data, kept like the core schemas (:mod:`pmkit.model.schema_cache`) so that ``init``
    and ``demo`` skip pydantic's schema building after the first time on a machine.
    """
    from pmkit.model import schema_cache

    kind, version = f"json-{cls.__name__}", engine.version()
    keepable = cls.__module__ == schema.__name__ and getattr(schema, cls.__name__, None) is cls
    kept = schema_cache.read(kind, version, references=False) if keepable else None
    if isinstance(kept, dict):
        return kept
    made: dict[str, Any] = adapter(cls).json_schema()
    docs = field_docs()
    for name, definition in [(cls.__name__, made), *made.get("$defs", {}).items()]:
        for field, text in docs.get(name, {}).items():
            prop = definition.get("properties", {}).get(field)
            if isinstance(prop, dict):
                prop.setdefault("description", text)
    if keepable:
        schema_cache.write(kind, version, made, references=False)
    return made


_DOCS: dict[str, dict[str, str]] | None = None


def field_docs() -> dict[str, dict[str, str]]:
    """Class name -> field name -> the docstring written under the field."""
    global _DOCS
    if _DOCS is None:
        import ast
        import inspect
        from pathlib import Path


        tree = ast.parse(Path(schema.__file__).read_text(encoding="utf-8"))
        _DOCS = {}
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            fields: dict[str, str] = {}
            for first, second in zip(node.body, node.body[1:], strict=False):
                if (isinstance(first, ast.AnnAssign) and isinstance(first.target, ast.Name)
                        and isinstance(second, ast.Expr) and isinstance(second.value, ast.Constant)
                        and isinstance(second.value.value, str)):
                    fields[first.target.id] = inspect.cleandoc(second.value.value)
            _DOCS[node.name] = fields
    return _DOCS
