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
    plain, doc = parse_plain(raw, display, cache, path)
    loaded: Loaded[T] = Loaded(obj=None, path=path, display=display, raw=raw, _doc=doc)  # type: ignore[arg-type]
    loaded.obj = validate(cls, plain, display, loaded.doc, rules)
    return loaded
