"""Load a YAML file into a validated pydantic object, or fail with file and line.

The happy path is fast: an unchanged file is read back from the parse cache and only
validated. The round-trip document (slow to build) is parsed only when a command
writes the file or when an error needs a line number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pmkit import yamlio
from pmkit.cache import ParseCache, blob_id
from pmkit.errors import InputError
from pmkit.plaindata import to_plain

if TYPE_CHECKING:
    from pydantic import BaseModel

    from pmkit.validation import Problem

T = TypeVar("T", bound="BaseModel")


@dataclass
class Loaded(Generic[T]):
    """A validated object with the file it came from."""

    obj: T
    path: Path
    display: str
    raw: bytes
    _doc: yamlio.YamlDocument | None = field(default=None, repr=False)

    def doc(self) -> yamlio.YamlDocument:
        """The round-trip document, for writing the file back with comments intact."""
        if self._doc is None:
            self._doc = yamlio.parse_bytes(self.raw, self.display, self.path)
        return self._doc


def read_raw(path: Path, display: str) -> bytes:
    try:
        return yamlio.read_bytes_limited(path)
    except FileNotFoundError:
        raise InputError("file not found", display) from None
    except IsADirectoryError:
        raise InputError("is a folder, expected a YAML file", display) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", display) from None


def parse_plain(raw: bytes, display: str, cache: ParseCache | None,
                path: Path | None = None) -> tuple[Any, yamlio.YamlDocument | None]:
    """Plain data for these bytes: from the cache, else by a full parse (which is cached)."""
    key = blob_id(raw)
    if cache is not None:
        hit = cache.get(key)
        if hit is not None:
            return hit, None
    doc = yamlio.parse_bytes(raw, display, path)
    plain = to_plain(doc.data)
    if cache is not None:
        cache.put(key, plain)
    return plain, doc


def known_keys(cls: type[BaseModel]) -> list[str]:
    """Every field name reachable from ``cls``, for 'did you mean' hints."""
    from pydantic import BaseModel

    names: list[str] = []
    stack: list[type[BaseModel]] = [cls]
    seen: set[type[BaseModel]] = set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            names.append(name)
            for arg in _flatten(info.annotation):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    stack.append(arg)
    return names


def _flatten(annotation: Any) -> Iterable[Any]:
    from typing import get_args

    yield annotation
    for arg in get_args(annotation):
        yield from _flatten(arg)


def validate(cls: type[T], plain: Any, display: str, doc_factory: Callable[[], yamlio.YamlDocument],
             rules: Callable[[T], Iterable[Problem]] | None = None) -> T:
    """Validate plain data; raise the first problem with its line."""
    problems = collect_problems(cls, plain, rules)
    if isinstance(problems, list):
        raise to_error(problems[0], display, doc_factory())
    return problems


def collect_problems(cls: type[T], plain: Any,
                     rules: Callable[[T], Iterable[Problem]] | None = None) -> T | list[Problem]:
    """The validated object, or every problem found (for ``pmkit check``)."""
    from pydantic import ValidationError

    from pmkit.validation import pydantic_problems

    try:
        obj = cls.model_validate(plain)
    except ValidationError as exc:
        return pydantic_problems(exc, known_keys(cls), cls)
    if rules is not None:
        found = list(rules(obj))
        if found:
            return found
    return obj


def to_error(problem: Problem, display: str, doc: yamlio.YamlDocument) -> InputError:
    finder = yamlio.key_line if problem.key_line else yamlio.line_of
    line = finder(doc.data, problem.loc) or yamlio.line_of(doc.data, problem.loc[:-1]) or 1
    return InputError(problem.message, display, line)


def load_file(path: Path, display: str, cls: type[T], cache: ParseCache | None = None,
              rules: Callable[[T], Iterable[Problem]] | None = None) -> Loaded[T]:
    raw = read_raw(path, display)
    return load_bytes(raw, path, display, cls, cache, rules)


def load_bytes(raw: bytes, path: Path, display: str, cls: type[T], cache: ParseCache | None = None,
               rules: Callable[[T], Iterable[Problem]] | None = None) -> Loaded[T]:
    """Validate these bytes as ``cls``; when the cache has validated them before, rebuild
    the object from the cached result without building validators (fast start-up)."""
    loaded: Loaded[T] = Loaded(obj=None, path=path, display=display, raw=raw)  # type: ignore[arg-type]
    key = blob_id(raw)
    kind = cls.__name__
    valid = cache.get_valid(key, kind) if cache is not None else None
    if valid is not None:
        loaded.obj = construct(cls, valid)
        if rules is not None:
            problems = list(rules(loaded.obj))
            if problems:
                raise to_error(problems[0], display, loaded.doc())
        return loaded
    plain, loaded._doc = parse_plain(raw, display, cache, path)
    loaded.obj = validate(cls, plain, display, loaded.doc, rules)
    if cache is not None:
        cache.put_valid(key, kind, loaded.obj.model_dump(mode="python"))
    return loaded


def construct(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a model from its own validated dump, without validation.

    Only ever fed what :meth:`model_dump` produced for the same schema (the cache's
    format carries a fingerprint of the schema code), so nothing unchecked gets in.
    """
    values = {name: _construct_value(info.annotation, data[name])
              for name, info in cls.model_fields.items() if name in data}
    return cls.model_construct(**values)


def _construct_value(annotation: Any, value: Any) -> Any:
    from typing import Annotated, Union, get_args, get_origin

    from pydantic import BaseModel

    if value is None:
        return None
    origin = get_origin(annotation)
    if origin is Annotated:
        return _construct_value(get_args(annotation)[0], value)
    if origin is Union or (origin is not None and origin.__class__.__name__ == "UnionType") or (
        type(annotation).__name__ == "UnionType"
    ):
        if isinstance(value, dict):
            for member in get_args(annotation):
                inner = get_args(member)[0] if get_origin(member) is Annotated else member
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    return construct(inner, value)
        return value
    if origin is list and isinstance(value, list):
        (item,) = get_args(annotation) or (Any,)
        return [_construct_value(item, v) for v in value]
    if origin is dict and isinstance(value, dict):
        args = get_args(annotation)
        item = args[1] if len(args) == 2 else Any
        return {k: _construct_value(item, v) for k, v in value.items()}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, dict):
        return construct(annotation, value)
    return value
