"""The building blocks of pmkit's file shapes: constrained types that speak pydantic's
schema protocol without importing pydantic, so a cached file is rebuilt without it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_ID = re.compile(ID_PATTERN)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Check:
    """An extra check after the type's own validation, with what editors should know."""

    def __init__(self, check: Callable[[Any], Any], json_schema: dict[str, Any] | None = None,
                 before: bool = False):
        self.check = check
        self.json_schema = json_schema or {}
        self.before = before

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        from pydantic_core import core_schema

        inner = handler(source)
        if self.before:
            return core_schema.no_info_before_validator_function(self.check, inner)
        return core_schema.no_info_after_validator_function(self.check, inner)

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> Any:
        out = handler(schema)
        out.update(self.json_schema)
        return out


class _StrictInt:
    """A whole number, and only that: no text, no 2.5, no true."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        from pydantic_core import core_schema

        return core_schema.int_schema(strict=True)


def _iso_date(value: Any) -> Any:
    """Accept a YAML date or a ``YYYY-MM-DD`` string, nothing looser."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date as YYYY-MM-DD, got a date and time ({value})")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a real date") from None
    raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")


def _file_path(value: str) -> str:
    """A path typed by hand: no control characters (a NUL would crash every file call)."""
    if not value.strip() or any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ValueError("expected a file path (no control characters), such as model.yaml")
    return value


def _identifier(value: str) -> str:
    if len(value) > 80 or not _ID.fullmatch(value):
        raise ValueError(f"{value!r} is not a valid id (lowercase letters, digits and '-', "
                         "starting with a letter or digit)")
    return value


def _not_empty(value: Any) -> Any:
    if not value:
        raise ValueError("must not be empty")
    return value


def _positive(value: Any) -> Any:
    if value <= 0:
        raise ValueError(f"must be greater than 0, got {value}")
    return value


def _weight(value: float) -> float:
    if not 0 < value <= 100:
        raise ValueError(f"weight must be greater than 0 and at most 100, got {value}")
    return value


def _at_least_two(value: Any) -> Any:
    if len(value) < 2:
        raise ValueError("needs at least two ratings")
    return value


def _not_above(limit: int, value: Any) -> Any:
    if value > limit:
        raise ValueError(f"must be at most {limit}, got {value}")
    return value


def _at_most(limit: int) -> _Check:
    """An upper bound: settings feed date arithmetic, which has limits of its own.

    A ``partial`` of a module-level function rather than a closure, so the kept core
    schema can name it (:mod:`pmkit.model.schema_cache`).
    """
    from functools import partial

    return _Check(partial(_not_above, limit), {"maximum": limit})


StrictInt = Annotated[int, _StrictInt()]
PositiveInt = Annotated[int, _StrictInt(), _Check(_positive, {"exclusiveMinimum": 0})]
Days = Annotated[PositiveInt, _at_most(3650)]
IsoDate = Annotated[dt.date, _Check(_iso_date, {"format": "date"}, before=True)]
FilePath = Annotated[str, _Check(_file_path)]
Id = Annotated[str, _Check(_identifier, {"pattern": ID_PATTERN, "maxLength": 80})]
Text = Annotated[str, _Check(_not_empty, {"minLength": 1})]
NonEmpty = _Check(_not_empty, {"minItems": 1})
#: Where a PM comes from: the road into product management shapes the first traps.
BACKGROUNDS = ("business-analyst", "subject-matter-expert", "project-manager", "engineer",
               "designer", "other")
Background = Literal["business-analyst", "subject-matter-expert", "project-manager", "engineer",
                     "designer", "other"]


def _config(title: str | None = None) -> dict[str, Any]:
    """pydantic's config for a dataclass: unknown keys are errors, text is trimmed."""
    config: dict[str, Any] = {"extra": "forbid", "str_strip_whitespace": True}
    if title:
        config["title"] = title
    return config
