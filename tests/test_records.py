"""The shapes' decorator behaves as ``dataclasses.dataclass`` does: text, equality, hashing."""

from __future__ import annotations

import dataclasses
from dataclasses import field

import pytest

from pmkit.model import records


def _pair() -> tuple[type, type]:
    made = []
    for decorate in (dataclasses.dataclass, records.dataclass):
        @decorate
        class Goal:
            title: str
            tags: list[str] = field(default_factory=list)
            note: str | None = field(default=None, repr=False)
            seen: int = field(default=0, compare=False)

        made.append(Goal)
    return made[0], made[1]


def test_a_record_reads_compares_and_hashes_as_a_standard_dataclass() -> None:
    standard, record = _pair()
    a, b = standard("Ship", ["x"], "n", 1), record("Ship", ["x"], "n", 1)
    assert repr(a) == repr(b)
    assert repr(b).endswith("Goal(title='Ship', tags=['x'], seen=1)")  # repr=False left out
    assert b == record("Ship", ["x"], "n", 9) and a == standard("Ship", ["x"], "n", 9)  # compare=False
    assert b != record("Ship", ["x"], "other", 1) and a != standard("Ship", ["x"], "other", 1)
    assert b != record("Ship", ["y"]) and b != a  # another class is never equal
    assert record("Ship") == record("Ship") and record("Ship").tags is not record("Ship").tags
    with pytest.raises(TypeError):
        hash(b)
    assert dataclasses.is_dataclass(b) and [f.name for f in dataclasses.fields(b)] == \
        [f.name for f in dataclasses.fields(a)]
    assert record.__match_args__ == standard.__match_args__


def test_every_shape_is_made_by_the_shared_decorator() -> None:
    from pmkit.model.schema import RECORDS

    for cls in RECORDS.values():
        assert cls.__eq__.__qualname__.startswith("_eq."), cls.__name__
        assert cls.__hash__ is None, cls.__name__
