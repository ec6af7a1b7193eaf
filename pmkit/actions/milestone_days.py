"""A running plan's milestones moved onto the PM's 1:1 weekday, by ``plan`` and ``oneonone``.

A plan written on a Monday before a first 1:1 on a Thursday dates its milestones on
Mondays; once the 1:1 day is known they move to it, in the same commit as what the
command writes anyway. Dates the manager chose are never touched (see
:mod:`pmkit.model.milestone_weekday` for the rules).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pmkit.documents.oneonone import folder
from pmkit.files.dated import dated_files
from pmkit.model.coaching import last_day, meeting_weekday, weekday_name
from pmkit.model.milestone_weekday import pm_days, weekday_moves

if TYPE_CHECKING:
    from pmkit.loading import Loaded
    from pmkit.model.schema import Person
    from pmkit.workspace import Workspace


def align_to_weekday(ws: Workspace, handle: str, loaded: Loaded[Person], on: dt.date,
                     preparing: dt.date | None = None) -> tuple[str, str] | None:
    """Move the open milestones dated after ``on`` to the PM's 1:1 weekday; say so in one
    sentence for the manager, beside the weekday's name, or None when nothing moved.

    ``preparing`` is the 1:1 whose agenda is being written: with no earlier 1:1 it gives
    the weekday. Without it (a plan run) 1:1 files dated after ``on``, prepared ahead,
    count instead. The change goes into both the loaded PM (so the document written next
    shows the new dates) and the file's round-trip data (comments and key order kept).
    """
    person = loaded.obj
    plan = person.plan
    if plan is None or plan.started is None or not plan.milestones:
        return None
    files = [d for d, _ in dated_files(folder(ws, handle))]
    if preparing is not None:
        days = pm_days([d for d in files if d < preparing], [preparing])
    else:
        days = pm_days([d for d in files if d <= on], [d for d in files if d > on])
    if not days:
        return None
    weekday = meeting_weekday(days, days[-1])
    holidays = set(ws.settings.holidays)
    end = last_day(plan.started, ws.settings.plan.horizon_days, weekday, holidays)
    steps = {key: [(m.date, m.reached is not None) for m in items]
             for key, items in plan.milestones.items()}
    moves = weekday_moves(steps, weekday, on, end, holidays)
    if not moves:
        return None
    section = loaded.doc().data["plan"]["milestones"]  # present: the PM was read from it
    for key, moved in moves.items():
        for at, new in moved.items():
            plan.milestones[key][at].date = new
            section[key][at]["date"] = dt.date(new.year, new.month, new.day)
    count = sum(len(moved) for moved in moves.values())
    first = person.name.split()[0] if person.name.split() else handle
    day = weekday_name(weekday)
    return (f"Moved {count} milestone{'s' if count != 1 else ''} to {day}s, the day of your "
            f"1:1s with {first}, so each is looked at in the 1:1 it falls on.", day)

