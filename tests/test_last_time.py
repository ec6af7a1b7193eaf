"""The previous 1:1 as the next agenda reads it: only an item that was open is ticked off."""

from __future__ import annotations

import datetime as dt

from pmkit.documents import notes
from pmkit.documents.last_time import last_time
from pmkit.loading import load_file
from pmkit.model.index import ModelIndex
from pmkit.model.rules import model_problems
from pmkit.model.schema import CompetencyModel

from helpers import REPO_ROOT


def test_a_box_ticked_as_it_was_written_is_not_ticked_off() -> None:
    path = REPO_ROOT / "models" / "pm-wheel.yaml"
    index = ModelIndex(load_file(path, path.name, CompetencyModel, None, model_problems).obj)
    first = notes.parse("## Action items\n\n- [ ] Nina: send the snapshot of each call\n")
    second = notes.parse("## Action items\n\n- [x] Nina: send the snapshot of each call\n"
                         "- [x] Nina: draft interview guide\n- [ ] Dana: book the room\n")
    meetings = [(dt.date(2026, 11, 30), first, []), (dt.date(2026, 12, 7), second, [])]
    got = last_time(meetings, index, ["Dana Lee", "Dana"])
    # The guide was never an open item: at most a report of work, not a task done.
    assert got.done == ["Nina: send the snapshot of each call"]
    assert [[c.text for c in group] for group in got.own_items] == [["Dana: book the room"]]
    assert last_time([], index, ["Dana"]).done == []
