"""A milestone asking for a run of weeks ("every week for four weeks") that the calendar or
the run before it rules out: flagged, with a date that leaves room for the run, so nobody
carries as a shortfall what could never be met as written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pmkit.documents.counts import in_words_to_ten

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle

__all__ = ["calendar_bars", "carried_on", "no_fresh_run", "out_of_reach", "unreachable"]


def unreachable(cycle: Cycle, steps: Sequence[Any], number: int, on: dt.date
                ) -> dict[str, str] | None:
    """A milestone asking for a run of weeks that can no longer be met by its date: the run
    before it is still open (``broken``: a condition, as the weeks so far may count), or the
    run would not fit even from the plan's first week (certain). It stays flagged once its
    date has passed, so nobody carries it as a shortfall. What it asks (weeks), the day a
    fresh run would end, and a way out: a date leaving room for the run inside the plan, or,
    once a fresh run would end at the review or after it (``nofit``), none."""
    from pmkit.documents import evidence
    from pmkit.model.coaching import goal_weeks

    step = steps[number]
    weeks = goal_weeks(step.text)
    if step.reached is not None or not weeks or not evidence.rhythm(step.text):
        return None
    before = [s for s in steps[:number] if evidence.rhythm(s.text)]
    if any(s.reached is not None or s.date >= on for s in before):
        return None
    past = step.date < on
    # Certain only when the calendar says so: counted from the plan's first week, the run
    # would end after its date. After a lapsed run, a fresh one from today may not fit
    # either, but the weeks so far may still count: that is a condition, not a verdict.
    certain = cycle.start + dt.timedelta(days=7 * (weeks - 1)) > step.date
    # A fresh run agreed today counts today's week as its first: seven weeks from a Monday
    # 1:1 end with the week six Mondays on.
    fresh = on + dt.timedelta(days=7 * (weeks - 1))
    ends = cycle.start + dt.timedelta(days=7 * (weeks - 1)) if certain or not before else fresh
    if ends <= step.date:
        return None
    left = max(0, (step.date - on).days // 7 + 1)
    # The way out stays the same from week to week: counted from the plan's first week, or
    # from the date of the run before it when that one lapsed, never from today; and never
    # on the day another milestone of the goal is due.
    base = cycle.start if certain or not before else before[-1].date
    redate = base + dt.timedelta(days=7 * (weeks - 1))
    taken = {s.date for s in steps if s is not step}
    while redate in taken:
        redate += dt.timedelta(days=7)
    earlier = (goal_weeks(before[-1].text) or 0) if before else 0
    floor = on + dt.timedelta(days=7 * (earlier - 1)) if earlier else None
    # A fresh run counting this week whose last week starts on the review's day or later
    # fits no more: no later date is offered then, in either part.
    nofit = bool(before) and not certain and fresh >= cycle.end
    # Said as "a week has passed since the last suggestion" (two, with fortnightly 1:1s)
    # only when the 1:1 before this one did suggest a date: the run before was already late
    # then, and a fresh run fitted.
    previous = max((held for held in cycle.held if held < on), default=None)
    lapsed = bool(nofit and previous and before[-1].date < previous
                  and previous + dt.timedelta(days=7 * (weeks - 1)) < cycle.end)
    redate_text = "" if nofit or not on < redate <= cycle.end else redate.isoformat()
    # The milestone after it builds on it: a new date on or after that one's moves it too,
    # by the same gap, so the order the plan set stays.
    after = steps[number + 1] if number + 1 < len(steps) else None
    then = ({"then": after.date.isoformat(),
             "then_to": (redate + (after.date - step.date)).isoformat()}
            if redate_text and after is not None and after.reached is None
            and redate >= after.date and _waits(cycle, steps, step, after, on) else {})
    return {"weeks": in_words_to_ten(weeks), "left": in_words_to_ten(left),
            "broken": "yes" if before and not certain else "",
            "since": before[-1].date.isoformat() if before else "",
            "before_weeks": in_words_to_ten(earlier) if earlier else "",
            "floor": floor.isoformat() if floor and floor <= cycle.end and not past else "",
            "ends": ends.isoformat(), "past": "yes" if past else "",
            "from": base.isoformat(),
            "redate": redate_text, "nofit": "yes" if nofit else "",
            "review": cycle.end.isoformat(), "fresh": fresh.isoformat(),
            # A week ago a fresh run still ended before the review: a date was suggested then.
            "lapsed": "yes" if lapsed else "",
            # The weeks since that 1:1: one with weekly 1:1s, two with fortnightly ones.
            "lapsed_weeks": in_words_to_ten(max(1, round((on - previous).days / 7)))
            if lapsed and previous else "",
            # The two branches (the weeks so far count, or a fresh run from today) would
            # land on the same date: one date is offered, not a choice between equals.
            "either": "yes" if redate_text and not nofit and redate >= fresh else "",
            **then}


def _waits(cycle: Cycle, steps: Sequence[Any], step: Any, after: Any, on: dt.date) -> bool:
    """Whether ``after`` will still wait on ``step`` when its own date comes, by the rule every
    other document uses (:meth:`Cycle.waits_on`): one that stands alone then is not said to
    have to move with it now."""
    if on >= after.date:
        return True
    cid = next((c for c, listed in cycle.steps.items()
                if any(s is step for s in listed) and any(s is after for s in listed)), None)
    return cid is None or cycle.waits_on(cid, after, after.date) is step


def calendar_bars(cycle: Cycle, steps: Sequence[Any], step: Any, on: dt.date) -> bool:
    """Whether the calendar alone rules a milestone out (its run never fit inside the plan):
    such a milestone is reworded, not counted as behind, in the plan and every agenda."""
    return out_of_reach(cycle, steps, step, on)[0]


def no_fresh_run(text: str, date: dt.date, review: dt.date) -> str:
    """The weeks a late milestone asks for in a row, in words, when a fresh run from today
    would end at the plan's review or after it: then no later date is offered, only what the
    weeks so far show, and whether the rest goes into the next plan is agreed."""
    from pmkit.documents import evidence
    from pmkit.model.coaching import goal_weeks

    weeks = goal_weeks(text)
    if not weeks or not evidence.rhythm(text):
        return ""
    # Counted as unreachable counts a fresh run: this week is its first, so four weeks from
    # a Monday end with the week three Mondays on, as :func:`unreachable` counts a fresh run;
    # out of reach only if that last week starts on the review's day or later.
    return in_words_to_ten(weeks) if date + dt.timedelta(days=7 * (weeks - 1)) >= review else ""


def carried_on(cycle: Cycle, steps: Sequence[Any], step: Any, on: dt.date) -> bool:
    """Whether a milestone past its date is out of reach inside this plan, to be settled on
    what the weeks so far show and carried into the next plan: counted as carried, never as
    behind, wherever a document counts late milestones."""
    return out_of_reach(cycle, steps, step, on)[1]


def out_of_reach(cycle: Cycle, steps: Sequence[Any], step: Any, on: dt.date
                 ) -> tuple[bool, bool]:
    """:func:`calendar_bars` and :func:`carried_on` of one milestone from one reading of
    :func:`unreachable`, for a caller that asks both on the same day."""
    gone = unreachable(cycle, steps, list(steps).index(step), on)
    return (bool(gone and not gone["broken"]),
            bool(step.reached is None and step.date < on and (
                (gone and gone["nofit"]) or no_fresh_run(step.text, on, cycle.end))))
