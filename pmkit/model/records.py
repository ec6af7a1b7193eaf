"""The decorator of the file shapes: a standard dataclass, made with less generated code.

``@dataclasses.dataclass`` writes and compiles an ``__init__``, a ``__repr__`` and an
``__eq__`` for every class; for the shapes' forty classes that compiling was about half
the cost of importing :mod:`pmkit.model.schema`, paid by every command that reads a
file. Here only ``__init__`` is generated (defaults and factories stay exactly the
standard library's); ``__repr__`` and ``__eq__`` are shared functions that behave as the
generated ones do: the same text, the same comparison, and instances stay unhashable.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def dataclass(cls: type[T]) -> type[T]:
    """``@dataclasses.dataclass`` with its defaults, its ``__repr__`` and ``__eq__`` shared."""
    made: Any = dataclasses.dataclass(cls, repr=False, eq=False)
    shown = tuple(f.name for f in dataclasses.fields(made) if f.repr)
    compared = tuple(f.name for f in dataclasses.fields(made) if f.compare)
    if "__repr__" not in made.__dict__:
        made.__repr__ = _repr(shown)
    if "__eq__" not in made.__dict__:
        made.__eq__ = _eq(compared)
        if "__hash__" not in made.__dict__:
            made.__hash__ = None  # as dataclass does when it writes __eq__
    return made


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    import reprlib

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({inner})"

    return __repr__


def _eq(names: tuple[str, ...]) -> Callable[[Any, Any], Any]:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return (tuple(getattr(self, name) for name in names)
                    == tuple(getattr(other, name) for name in names))
        return NotImplemented

    return __eq__
