"""What the previous 1:1 hands to the next: its notes to recap, the items ticked off in it,
and the items still open, the PM's apart from the manager's and from the private ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pmkit.documents import carried, notes, voice

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex

#: 1:1 files as read: date, tokens of the PM's part, tokens of the private part.
Meeting = tuple[dt.date, list[Any], list[Any]]


@dataclass
class LastTime:
    """The previous 1:1, as the next agenda reads it; empty before the first 1:1."""

    recap: list[str] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    pm_items: list[list[notes.Carried]] = field(default_factory=list)
    own_items: list[list[notes.Carried]] = field(default_factory=list)
    private_items: list[list[notes.Carried]] = field(default_factory=list)


def last_time(meetings: Sequence[Meeting], index: ModelIndex, manager: Sequence[str]
              ) -> LastTime:
    """Read the latest of ``meetings`` (oldest first); an item owned by one of the
    ``manager`` names is the manager's own."""
    out = LastTime()
    if not meetings:
        return out
    when, public, private = meetings[-1]
    roots = notes.list_tree(public)

    def times(origin: dt.date) -> int:
        return sum(1 for d, _, _ in meetings if d > origin) + 1

    for group in notes.carry(roots, when, times):
        (out.own_items if notes.owned_by(group[0].text, manager) else out.pm_items).append(group)
    out.private_items = carried.once(notes.carry(notes.list_tree(private), when, times))
    out.recap = [voice.looking_back(line) for line in notes.recap(public, index, most=50)]
    # Only an item open in an earlier 1:1 is ticked off, as the plan reads it: a box ticked
    # as it was written was never an open item, at most a report of work.
    opened: set[str] = set().union(*(notes.open_items(notes.list_tree(page))
                                     for _, page, _ in meetings[:-1]))
    out.done = notes.done_items(roots, opened)
    return out
