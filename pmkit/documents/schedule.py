"""The 1:1s ahead of an agenda: which goal each takes, and where late goals stand.

The agenda promises nothing the turn rule will not keep: "coming up" and what it says
of late goals come from running the same rule (``Cycle.turn``) over the 1:1s left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from pmkit.documents import carried
from pmkit.model.coaching import first_day, off_holidays, pick_turn

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.model.gaps import GapReport
    from pmkit.model.index import ModelIndex


def next_meeting(date: dt.date, cadence: int, weekday: int,
                 holidays: Collection[dt.date], step: int = 1,
                 anchor: dt.date | None = None) -> dt.date:
    """The ``step``-th 1:1 after ``date``: cadences on, on the PM's 1:1 weekday (the plan's
    day too). The agenda's header and its "coming up" both read their dates from here.

    With a cadence over a week, ``anchor`` (the plan's first 1:1) sets the grid: a 1:1 held
    late does not move the series, so the next one is the next grid date after ``date``."""
    if anchor is not None and cadence > 7 and anchor <= date:
        wanted = anchor + dt.timedelta(days=cadence * ((date - anchor).days // cadence + step))
    else:
        wanted = date + dt.timedelta(days=cadence * step)
    if cadence % 7 == 0 and wanted.weekday() != weekday:
        wanted = first_day(wanted - dt.timedelta(days=6), weekday)
    return off_holidays(wanted, holidays, every=cadence)


def ahead(order: Sequence[str], cycle: Cycle, date: dt.date, turn: str | None,
          history: Sequence[str], days: Sequence[dt.date], cadence: int,
          holidays: Collection[dt.date], planned: bool) -> tuple[list[tuple[dt.date, str]], bool]:
    """The next 1:1s and the goal each takes, until every other goal has come round (or,
    near a plan's end, every 1:1 left before its review); and whether the plan's review
    falls within them. The next 1:1's goal is always first, even when it is today's again.
    """
    out: list[tuple[dt.date, str]] = []
    ends = planned and date <= cycle.end < date + dt.timedelta(days=cadence)
    after = [*history, turn] if turn else list(history)
    after_days = [*days, date] if turn else list(days)
    others = {cid for cid in order if cid != turn}
    for step in range(1, 3 * len(order) + 1):
        if others <= {cid for _, cid in out}:
            break
        when = next_meeting(date, cadence, cycle.weekday, holidays, step, grid(cycle, date))
        # The plan's last 1:1 is its review, not another goal's turn (the plan says so too).
        if planned and when >= cycle.end:
            ends = True
            break
        nxt = (cycle.turn(order, when, after, after_days) if planned
               else pick_turn(order, {}, after))
        if nxt is None:
            break
        after.append(nxt)
        after_days.append(when)
        out.append((when, nxt))
    # The review may come straight after the last 1:1 listed: say so then too.
    last = out[-1][0] if out else date
    if planned and not ends:
        ends = off_holidays(last + dt.timedelta(days=cadence), holidays,
                            every=cadence) >= cycle.end
    return out, ends


def grid(cycle: Cycle, date: dt.date) -> dt.date:
    """The plan's first 1:1 (held, else the one on ``date``): the day its series keeps to."""
    return min([*cycle.held, date])


def coming_dicts(schedule: Sequence[tuple[dt.date, str]], turn: str | None,
                 index: ModelIndex, cycle: Cycle | None = None,
                 today: dt.date | None = None) -> list[dict[str, str]]:
    """The schedule as the template says it: each 1:1's date and goal, and "again" when a
    goal comes straight back. Today's goal coming back says why (``due``: a milestone of
    it falls due by then; ``open``: the date of one due by today, if still open then);
    without a reason it is left out, so the preview never seems to skip another goal's
    turn for nothing."""
    out: list[dict[str, str]] = []
    previous, since = turn, today
    goals, seen = {c for _, c in schedule} - {turn}, set()
    for when, cid in schedule:
        due, open_ = "", ""
        seen.add(cid)
        if (cycle is not None and cid == turn and since is not None and today is not None
                and not goals <= seen):  # back before another goal has had its turn
            steps = [s for s in cycle.steps.get(cid, []) if s.reached is None]
            due = "yes" if any(since < s.date <= when for s in steps) else ""
            open_ = "" if due else next((s.date.isoformat() for s in steps
                                         if s.date <= today), "")
            if not due and not open_:
                previous, since = cid, when
                continue
        out.append({"id": cid, "name": index.by_id[cid].competency.name,
                    "date": when.isoformat(), "due": due, "open": open_,
                    "again": "yes" if cid == previous or due or open_ else ""})
        previous, since = cid, when
    return out


def last_before(date: dt.date, cycle: Cycle, cadence: int,
                holidays: Collection[dt.date]) -> str | None:
    """The plan's last 1:1 before its review, from ``date`` on: the latest day a late
    milestone can be re-dated to and still be checked before the review."""
    day, last = date, None
    while day < cycle.end:
        last = day
        day = next_meeting(day, cadence, cycle.weekday, holidays, anchor=grid(cycle, date))
    return last.isoformat() if last else None


def behind(report: GapReport, index: ModelIndex, cycle: Cycle, date: dt.date,
           turn: str | None, schedule: Sequence[tuple[dt.date, str]] = (),
           took: Sequence[tuple[dt.date, str]] = ()) -> list[dict[str, Any]]:
    """For each goal but today's: how many milestones are past their date, the oldest, and
    the next 1:1 that takes the goal (empty when none does before the plan's review); and
    the last 1:1 that took it with those milestones already out of reach (``proposed``):
    its agenda proposed carrying them, so later agendas refer back to it."""
    from pmkit.documents.runs import carried_on, out_of_reach

    rows = []
    for cid in report.focus:
        steps = cycle.steps.get(cid, [])
        # barred by the calendar alone, or carried into the next plan: one reading a step
        reach = [(s, *out_of_reach(cycle, steps, s, date)) for s in cycle.late(cid, date)]
        late = [s for s, barred, carried_over in reach if not barred and not carried_over]
        over = [s for s, barred, carried_over in reach if not barred and carried_over]
        if cid != turn and (late or over):
            rows.append({"name": index.by_id[cid].competency.name, "count": len(late),
                         "count_words": carried.count_words(len(late)),
                         "since": late[0].date.isoformat() if late else "",
                         # Out of reach before the review: carried into the next plan.
                         "carried": carried.count_words(len(over)) if over else "",
                         # Dated like the late ones, so two lines on one goal read as two
                         # milestones, not the same one twice.
                         "carried_since": over[0].date.isoformat() if over else "",
                         "proposed": max((d.isoformat() for d, c in took if c == cid and d < date
                                          and all(carried_on(cycle, steps, s, d) for s in over)),
                                         default="") if over else "",
                         "next_on": next((d.isoformat() for d, c in schedule if c == cid), "")})
    return rows


def late_milestones(report: GapReport, index: ModelIndex, cycle: Cycle, date: dt.date,
                    turn: str | None) -> list[dict[str, Any]]:
    """One row per goal with a milestone past its date: the oldest, and the rest in a phrase.

    The PM's copy asks about the oldest only, so a late goal shows one next step, not a pile.
    """
    from pmkit.documents.runs import carried_on

    rows: list[dict[str, Any]] = []
    for cid in report.focus:
        late, step = cycle.open_steps(cid, date)
        if not late or step is None:
            continue
        steps = cycle.steps.get(cid, [])
        rest = [s for s in steps if s.reached is None and s is not step]
        past = [s for s in rest if s.date < date]
        others = []
        # Out of reach before the review, as the PM's copy says: into the next plan, not a
        # new date, so counted apart from the ones still to re-date.
        over = [s for s in past if carried_on(cycle, steps, s, date)]
        for group, what in (([s for s in past if s not in over], "past"),
                            (over, "out of reach before the review")):
            if group:
                dates = ", ".join(s.date.isoformat() for s in group)
                others.append(f"{carried.count_words(len(group))} more {what} ({dates})")
        due = [s for s in rest if s.date >= date]
        if due:
            others.append(f"next due {due[0].date.isoformat()}")
        rows.append({"id": cid, "name": index.by_id[cid].competency.name,
                     "date": step.date.isoformat(),
                     "since": sum(1 for held in cycle.held if step.date < held < date),
                     "others": "; ".join(others) or "none", "today": cid == turn,
                     "carried": carried_on(cycle, steps, step, date)})
    return rows


def unsaid(milestones: Sequence[dict[str, Any]], private: Sequence[Sequence[Any]]
           ) -> list[dict[str, Any]]:
    """The milestones to flag today: one a full run no longer fits is said once, at the first
    1:1 that knew it, not again in every private part after it (``private``: the earlier
    private parts' tokens)."""
    said = [str(getattr(t, "content", "")) for tokens in private for t in tokens]
    return [m for m in milestones if not (
        (m.get("unreachable") or {}).get("nofit") and any(
            f"The milestone due {m['date']} (" in line and "full run fits" in line
            for line in said))]


def unreachable_lines(milestones: Sequence[dict[str, Any]], handle: str) -> list[str]:
    """For the manager: each milestone shown today that asks for more weeks in a row than
    may be left before its date, with a concrete way to fix it that keeps the bar where
    the earlier run of the goal set it."""
    lines = []
    for m in milestones:
        gone = m.get("unreachable")
        if not gone:
            continue
        asks = f"The milestone due {m['date']} (“{m['text']}”) asks for {gone['weeks']} weeks in a row"
        if gone.get("nofit"):
            # Rewording it to the earlier milestone's weeks would only copy that milestone.
            ends = ("with the week that starts on the review's own day"
                    if gone["fresh"] == gone["review"] else f"with the week of {gone['fresh']}")
            passed = ("A week has passed" if gone.get("lapsed_weeks", "one") == "one"
                      else f"{gone['lapsed_weeks'].capitalize()} weeks have passed")
            why = (f"{passed} since the last suggestion: a run of {gone['weeks']} weeks "
                   f"starting this week would end {ends}, so no full run fits now before the "
                   f"review on {gone['review']}" if gone.get("lapsed")
                   else f"No full run fits before the review on {gone['review']}")
            lines.append(f"{asks}, and the run before it, due {gone['since']}, is still open. "
                         f"{why}: agree what the weeks so far show and carry the rest into "
                         f"the next plan; change it under plan.milestones in team/{handle}.yaml "
                         "once you agree.")
            continue
        lines.append(f"{asks}{_why(gone)}. Suggest: {_fix(gone)}; change it under "
                     f"plan.milestones in team/{handle}.yaml once you agree.")
    return lines


def _why(gone: dict[str, Any]) -> str:
    """Why the run is in doubt, or ruled out: a condition while the run before it is open,
    a verdict only when the calendar settles it."""
    if gone.get("broken") and gone.get("past"):
        return (f"; its date has passed with the run before it, due {gone['since']}, still "
                "open: whether it was met turns on whether the weeks so far count")
    if gone.get("either"):
        return f". The run before it, due {gone['since']}, is still open"
    if gone.get("broken"):
        return (f". The run before it, due {gone['since']}, is still open: if its weeks do not "
                f"count towards this one, a fresh run from today would end on {gone['ends']}, "
                "after its date")
    if gone.get("past"):
        return ("; its date has passed, and it could not have been met as written: the plan "
                "began too late for the run")
    return (f". Counted from the plan's first week, {gone['weeks']} weeks would end on "
            f"{gone['ends']}, after its date: it cannot be met as written")


def _fix(gone: dict[str, Any]) -> str:
    """A later date inside the plan if one fits, and the next milestone's with it when the new
    date would pass it; never a rewording to the earlier run's weeks, which would only make
    this milestone a copy of the one before it."""
    said = _refix(gone)
    if gone.get("then") and gone["then_to"] > gone["review"]:
        # Moved by the same gap, the next one lands past the review: say both dates, and the
        # two real choices (the review's own day, with less time, or the next plan).
        new, review = (dt.date.fromisoformat(gone[k]) for k in ("redate", "review"))
        gap = (dt.date.fromisoformat(gone["then_to"]) - new).days // 7
        left = (review - new).days // 7
        said += (f"; the next milestone of the goal, due {gone['then']}, builds on this one "
                 f"and would have to move too: kept {carried.count_words(gap)} "
                 f"week{'s' if gap != 1 else ''} after it, on {gone['then_to']}, it falls after "
                 f"the review on {review}. Agree whether that one goes into the next plan"
                 + (f" or moves to the review's own day, {carried.count_words(left)} "
                    f"week{'s' if left != 1 else ''} after this one" if left > 0 else ""))
    elif gone.get("then"):
        said += (f"; the next milestone of the goal, due {gone['then']}, builds on this one, "
                 f"so moving it means moving that one too, to {gone['then_to']}")
    return said


def _refix(gone: dict[str, Any]) -> str:
    """The new date itself, as :func:`_fix` offers it."""
    if gone.get("either"):
        return (f"move it to {gone['redate']}: a run of {gone['weeks']} weeks starting this "
                f"week ends with the week of {gone['fresh']}, "
                f"whether or not the weeks since {gone['from']} count")
    if gone["redate"]:
        return (f"agree whether the weeks since {gone['from']} count; if they do, move it to "
                f"{gone['redate']}, which leaves room for {gone['weeks']} weeks counted from "
                "then" if gone.get("broken")
                else f"move it to {gone['redate']}, which leaves room for {gone['weeks']} "
                "weeks counted from the plan's first week")
    if gone.get("broken"):
        return ("agree whether the weeks so far count; if they do not, carry the full run "
                "into the next plan, as this plan ends before it could fit")
    return ("settle what the weeks so far show and reword it to that, or carry the full run "
            "into the next plan")
