"""When each goal's next 1:1 turn comes, as the agenda would say it today.

A 1:1 takes one goal, by the turn rule the agenda previews as "Coming up" (``schedule.ahead``
over ``Cycle.turn``). A restarted milestone proposed for a 1:1 that is another goal's turn
would fall due on a day the talk is about something else, so the review and the
conversation lay restarts out no earlier than their goal's coming turn (see restart_weeks).
Nothing here decides a turn: it runs the agenda's own rule over the 1:1s held so far.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.documents.oneonone import Parsed
    from pmkit.model.person import Person
    from pmkit.workspace import Workspace


def coming_turns(ws: Workspace, handle: str, person: Person, when: dt.date) -> dict[str, dt.date]:
    """The first 1:1 after ``when`` that takes each goal, within the plan, by the agenda's
    turn rule; a goal no 1:1 before the plan's review takes is left out."""
    from pmkit.documents import schedule as schedule_of
    from pmkit.documents.agenda import turns
    from pmkit.documents.cycle import early_of, read_cycle, stretch_of
    from pmkit.documents.focus import focus_targets
    from pmkit.documents.oneonone import meetings
    from pmkit.documents.plan import plan_path
    from pmkit.model.gaps import compute_gaps

    index, settings = ws.index, ws.settings
    report = compute_gaps(handle, person, index, today=when,
                          reassess_after_days=settings.reassess_after_days,
                          focus_count=settings.plan.focus)
    pages: Parsed = {}  # each 1:1 file parsed once, for the cycle and the turns alike
    cycle = read_cycle(ws, handle, person, focus_targets(report, index, person), index, settings,
                       when, before=when, stretch=stretch_of(report),
                       early=early_of(report, index), pages=pages)
    if cycle.new or not plan_path(ws, handle).is_file():
        return {}
    # the goal each 1:1 of this plan took, as the agenda reads it: the cycle holds the
    # 1:1s before ``when``
    took = turns(meetings(ws, cycle.meetings, pages), index, cycle.start)
    history, days = [cid for _, cid in took], [day for day, _ in took]
    every, holidays = settings.cadence_days, set(settings.holidays)
    # on a 1:1 day, that 1:1 is under way and the turns to come follow it; on another day,
    # the next 1:1 is the first to come, with the turn its agenda will give it
    held_today = when.weekday() == cycle.weekday and (
        every <= 7 or (when - schedule_of.grid(cycle, when)).days % every == 0)
    first = when if held_today else schedule_of.next_meeting(
        when, every, cycle.weekday, holidays, anchor=schedule_of.grid(cycle, when))
    turn = cycle.turn(report.focus, first, history, days)
    schedule, _ = schedule_of.ahead(report.focus, cycle, first, turn, history, days, every,
                                    holidays, True)
    out: dict[str, dt.date] = {} if held_today or turn is None else {turn: first}
    for day, cid in schedule:
        out.setdefault(cid, day)
    return out
