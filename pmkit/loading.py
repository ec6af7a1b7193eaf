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

from pmkit.errors import InputError
from pmkit.files import yamldoc
from pmkit.files.fast_yaml import read_plain
from pmkit.files.reading import read_input
from pmkit.model.rules import pydantic_problems
from pmkit.model.schema import RECORDS, field_types, is_record
from pmkit.model.validator import validator
from pmkit.store import Store, blob_id

if TYPE_CHECKING:
    from pmkit.model.rules import Problem

T = TypeVar("T")


@dataclass
class Loaded(Generic[T]):
    """A validated object with the file it came from."""
    obj: T
    path: Path
    display: str
    raw: bytes
    _doc: yamldoc.YamlDocument | None = field(default=None, repr=False)

    def doc(self) -> yamldoc.YamlDocument:
        """The round-trip document, for writing the file back with comments intact."""
        if self._doc is None:
            self._doc = yamldoc.parse_bytes(self.raw, self.display, self.path)
        return self._doc


def parse_plain(raw: bytes, display: str, cache: Store | None,
                path: Path | None = None, keep: bool = True) -> tuple[Any, yamldoc.YamlDocument | None]:
    """Plain data for these bytes: from the store, else read (fast where it can be) and stored.

    The round-trip document comes back too when the careful reader was needed. ``keep``
    False (an old version from history, whose summary is kept, not its data) adds nothing
    to the store and takes from it only what this process already holds.
    """
    key = blob_id(raw)
    if cache is not None:
        hit = cache.get(key, held_only=not keep)
        if hit is not None:
            return hit, None
    plain, doc = read_plain(raw, display, path)
    if cache is not None and keep:
        cache.put(key, plain)
    return plain, doc


def known_keys(cls: type[Any]) -> list[str]:
    """Every field name reachable from ``cls``, for 'did you mean' hints."""
    names: list[str] = []
    stack: list[type[Any]] = [cls]
    seen: set[type[Any]] = set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, annotation in field_types(current).items():
            names.append(name)
            stack.extend(arg for arg in _flatten(annotation) if is_record(arg))
    return names


def _flatten(annotation: Any) -> Iterable[Any]:
    from typing import get_args

    yield annotation
    for arg in get_args(annotation):
        yield from _flatten(arg)


def validate(cls: type[T], plain: Any, display: str, doc_factory: Callable[[], yamldoc.YamlDocument],
             rules: Callable[[T], Iterable[Problem]] | None = None) -> T:
    """Validate plain data; raise the first problem with its line."""
    problems = collect_problems(cls, plain, rules)
    if isinstance(problems, list):
        raise to_error(problems[0], display, doc_factory())
    return problems


def collect_problems(cls: type[T], plain: Any,
                     rules: Callable[[T], Iterable[Problem]] | None = None) -> T | list[Problem]:
    """The validated object, or every problem found (for ``pmkit check``)."""
    from pmkit.model.engine import engine

    try:
        obj = validator(cls).validate_python(plain)
    except engine().ValidationError as exc:
        return pydantic_problems(exc, known_keys(cls), cls)
    if rules is not None:
        found = list(rules(obj))
        if found:
            return found
    return obj


def validate_plain(cls: type[T], plain: Any) -> T:
    """Validate plain data as ``cls`` (raises pydantic's ValidationError)."""
    return validator(cls).validate_python(plain)


def to_error(problem: Problem, display: str, doc: yamldoc.YamlDocument) -> InputError:
    finder = yamldoc.key_line if problem.key_line else yamldoc.line_of
    line = finder(doc.data, problem.loc) or yamldoc.line_of(doc.data, problem.loc[:-1]) or 1
    return InputError(problem.message, display, line)


def load_file(path: Path, display: str, cls: type[T], cache: Store | None = None,
              rules: Callable[[T], Iterable[Problem]] | None = None) -> Loaded[T]:
    raw = read_input(path, display)
    return load_bytes(raw, path, display, cls, cache, rules)


def load_bytes(raw: bytes, path: Path, display: str, cls: type[T], cache: Store | None = None,
               rules: Callable[[T], Iterable[Problem]] | None = None) -> Loaded[T]:
    """Validate these bytes as ``cls``; when the cache has validated them before, rebuild
    the object from the cached result without building validators (fast start-up)."""
    loaded: Loaded[T] = Loaded(obj=None, path=path, display=display, raw=raw)  # type: ignore[arg-type]
    key = blob_id(raw)
    kind = cls.__name__
    valid = cache.get_valid(key, kind) if cache is not None else None
    if valid is not None:
        try:
            loaded.obj = construct(cls, valid)
        except (KeyError, TypeError, ValueError):  # a damaged cache entry: validate anew
            valid = None
    if valid is not None:
        if rules is not None:
            problems = list(rules(loaded.obj))
            if problems:
                raise to_error(problems[0], display, loaded.doc())
        return loaded
    plain, loaded._doc = parse_plain(raw, display, cache, path)
    loaded.obj = validate(cls, plain, display, loaded.doc, rules)
    if cache is not None:
        cache.put_valid(key, kind, record_dump(loaded.obj))
    return loaded


def record_dump(obj: Any) -> Any:
    """A validated object as plain data that names each record's class, for the cache."""
    if is_record(type(obj)):
        return {"$t": type(obj).__name__,
                **{name: record_dump(getattr(obj, name)) for name in field_types(type(obj))}}
    if isinstance(obj, dict):
        items = {key: record_dump(value) for key, value in obj.items()}
        return {"$t": "$dict", "items": list(items.items())} if "$t" in obj else items
    if isinstance(obj, list):
        return [record_dump(value) for value in obj]
    return obj


def construct(cls: type[T], data: Any) -> T:
    """Rebuild a validated object from :func:`record_dump`, without validating again.

    Only ever fed what :func:`record_dump` produced for the same schema (the cache's
    format carries a fingerprint of the schema code), so nothing unchecked gets in.
    """
    obj = _rebuild(data)
    if not isinstance(obj, cls):
        raise TypeError(f"cached entry is a {type(obj).__name__}, not a {cls.__name__}")
    return obj


def _rebuild(data: Any) -> Any:

    if isinstance(data, dict):
        tag = data.get("$t")
        if tag == "$dict":
            return {key: _rebuild(value) for key, value in data["items"]}
        if tag is not None:
            return RECORDS[tag](**{k: _rebuild(v) for k, v in data.items() if k != "$t"})
        return {key: _rebuild(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_rebuild(value) for value in data]
    return data
