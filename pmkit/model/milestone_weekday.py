"""Milestone dates moved onto the PM's 1:1 weekday once that day is known.

A plan is often written before the first 1:1, so pmkit proposes its milestones on the
day the plan was made. When the 1:1s turn out to fall on another weekday, a milestone
dated the Monday before a Thursday 1:1 would read as overdue at it; these pure functions
say which milestones move and where.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

#: How many weeks either side of a milestone's own date are tried before it is left alone.
_WEEKS_TRIED = 8


def pm_days(held: Sequence[dt.date], prepared: Sequence[dt.date]) -> list[dt.date]:
    """The 1:1 dates that say the PM's 1:1 weekday: those held, else the first one being
    prepared (the first agenda is the first sign of the day the two of you meet)."""
    if held:
        return sorted(held)
    return sorted(prepared)[:1]


def proposed_weekday(milestones: Mapping[str, Sequence[tuple[dt.date, bool]]]) -> int | None:
    """The one weekday every open milestone falls on, or None when they fall on several.

    pmkit's own proposals share the plan's start weekday; a manager who moved one to
    another day has chosen dates, and the whole plan is then left as it is.
    """
    days = {date.weekday() for steps in milestones.values() for date, reached in steps
            if not reached}
    return days.pop() if len(days) == 1 else None


def weekday_moves(milestones: Mapping[str, Sequence[tuple[dt.date, bool]]], weekday: int,
                  after: dt.date, end: dt.date, holidays: Collection[dt.date] = ()
                  ) -> dict[str, dict[int, dt.date]]:
    """New dates on ``weekday`` for the open milestones dated after ``after``, per goal and
    position in its list.

    ``milestones`` maps each goal to its milestones as (date, reached). Each moves to the
    nearest ``weekday`` (the later one on a tie), never on or before ``after``, past
    ``end`` (the plan's last 1:1), onto a holiday or onto another milestone of the same
    goal. Nothing moves unless every open milestone shares one weekday other than
    ``weekday`` (see :func:`proposed_weekday`).
    """
    shared = proposed_weekday(milestones)
    if shared is None or shared == weekday:
        return {}
    moves: dict[str, dict[int, dt.date]] = {}
    for goal, steps in milestones.items():
        taken = {date for date, _ in steps}
        order = sorted(range(len(steps)), key=lambda i: steps[i][0])
        for at in order:
            date, reached = steps[at]
            if reached or date <= after or date > end:
                continue
            new = _nearest(date, weekday, after, end, taken - {date}, holidays)
            if new is None:
                continue
            taken.discard(date)
            taken.add(new)
            moves.setdefault(goal, {})[at] = new
    return moves


def _nearest(date: dt.date, weekday: int, after: dt.date, end: dt.date,
             taken: Collection[dt.date], holidays: Collection[dt.date]) -> dt.date | None:
    """The ``weekday`` closest to ``date`` that is free, after ``after`` and by ``end``."""
    ahead = date + dt.timedelta(days=(weekday - date.weekday()) % 7)
    week = dt.timedelta(days=7)
    candidates = [ahead + week * k for k in range(-_WEEKS_TRIED, _WEEKS_TRIED + 1)]
    # Nearest first; between two equally near days, the later one.
    candidates.sort(key=lambda day: (abs((day - date).days), -day.toordinal()))
    for day in candidates:
        if after < day <= end and day not in taken and day not in holidays:
            return day
    return None
