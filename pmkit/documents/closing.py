"""What a plan says about itself once it looks back: the 1:1s held, the one still to come,
and whether the PM's view and the manager's came closer over the plan.

A plan re-made after its last regular 1:1 is taken to the review of the plan. It must not
count a 1:1 that has not happened, and the distance between the two views of the focus
areas is the plainest sign of whether the plan's conversations worked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.history.entries import Entry
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Settings
    from pmkit.workspace import Workspace


def last_turn(cycle: Cycle, settings: Settings, on: dt.date) -> bool:
    """Whether ``on`` is the plan's last 1:1 before its review, or the review itself: the
    next 1:1 after it falls on or after the plan's end. One rule for the plan and the agenda,
    so both turn to the review on the same day (a holiday on the 1:1 day moves it)."""
    from pmkit.documents.schedule import grid, next_meeting

    return not cycle.new and on <= cycle.end <= next_meeting(
        on, settings.cadence_days, cycle.weekday, set(settings.holidays),
        anchor=grid(cycle, on))


def next_held(cycle: Cycle, settings: Settings, today: dt.date) -> str | None:
    """The plan's next 1:1 after the latest one held (or today), if it falls inside the plan."""
    from pmkit.documents.agenda import next_meeting

    holidays = set(settings.holidays)
    step = settings.cadence_days
    anchor = min(cycle.held) if cycle.held else None  # a late 1:1 does not move the series
    upcoming = next_meeting(max(cycle.held) if cycle.held else today - dt.timedelta(days=step),
                            step, cycle.weekday, holidays, anchor=anchor)
    while upcoming < today:
        upcoming = next_meeting(upcoming, step, cycle.weekday, holidays, anchor=anchor)
    return upcoming.isoformat() if upcoming <= cycle.end else None


def _at(entries: Sequence[Entry], day: dt.date) -> Entry | None:
    """The assessment in force on ``day``: the latest on or before it, else the first after."""
    before = [e for e in entries if e.date <= day]
    return before[-1] if before else (entries[0] if entries else None)


def views_moved(manager: Sequence[Entry], own: Sequence[Entry], focus: Sequence[str],
                start: dt.date, index: ModelIndex) -> dict[str, Any] | None:
    """How far apart the PM's and the manager's ratings of the focus areas were when the plan
    started and are now; None without a self-assessment newer than the plan's first."""
    first_mgr, first_self = _at(manager, start), _at(own, start)
    if not manager or not own or first_mgr is None or first_self is None:
        return None
    new_mgr, new_self = manager[-1], own[-1]
    if new_self.date <= first_self.date:
        return None
    areas: list[dict[str, Any]] = []
    for cid in focus:
        s0, m0 = first_self.ratings.get(cid), first_mgr.ratings.get(cid)
        s1, m1 = new_self.ratings.get(cid), new_mgr.ratings.get(cid)
        if s0 is None or m0 is None or s1 is None or m1 is None:
            continue
        areas.append({"name": index.by_id[cid].competency.name, "before": abs(s0 - m0),
                      "now": abs(s1 - m1)})
    if not areas:
        return None
    before = sum(int(a["before"]) for a in areas)
    now = sum(int(a["now"]) for a in areas)
    # Areas you agreed on throughout add nothing to the sentence; the sums still count them.
    return {"areas": [a for a in areas if a["before"] or a["now"]], "before": before, "now": now,
            "way": "closer" if now < before else "apart" if now > before else "same",
            "from": [first_self.date.isoformat(), first_mgr.date.isoformat()],
            "to": [new_self.date.isoformat(), new_mgr.date.isoformat()]}


def closing_views(ws: Workspace, handle: str, focus: Sequence[str], start: dt.date
                  ) -> dict[str, Any] | None:
    """``views_moved`` from the PM's assessments as git keeps them."""
    from pmkit.history.person import read_history

    history = read_history(ws, handle)
    return views_moved(history.assessments, history.self_assessments, focus, start, ws.index)
