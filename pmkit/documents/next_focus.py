"""The next focus, chosen once for every document that proposes it.

The assessment conversation and the end-of-plan review both propose what to work on
next; they must propose the same thing, so both ask here. The choice comes from today's
ratings, not from the old plan's pins, and it knows where the plan started: a goal whose
rating has moved since then is not proposed again word for word, since the work behind it
is done or under way, and the next step is to be agreed a notch higher.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pmkit.history.person import read_history

if TYPE_CHECKING:
    from pmkit.history.entries import Entry
    from pmkit.model.gaps import GapReport
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Person
    from pmkit.workspace import Workspace


def baseline(entries: list[Entry], start: dt.date) -> Entry | None:
    """The assessment in force when the plan started: the latest on or before that day."""
    before = [e for e in entries if e.date <= start]
    return before[-1] if before else (entries[0] if entries else None)


def plan_start(ws: Workspace, handle: str, person: Person,
               when: dt.date) -> tuple[dt.date, Entry | None, Entry | None]:
    """(the plan's first day, the assessment in force then, the latest assessment)."""
    entries = read_history(ws, handle).assessments
    start = (person.plan.started if person.plan and person.plan.started
             else when - dt.timedelta(days=ws.settings.plan.horizon_days))
    return start, baseline(entries, start), (entries[-1] if entries else None)


def plan_focus(person: Person, index: ModelIndex, start_ratings: dict[str, int]) -> list[str]:
    """The competencies the plan worked on: pinned focus, else goals, else the start's top gaps."""
    plan = person.plan
    picked: list[str] = []
    for key in [*(plan.focus if plan else []), *(plan.goals if plan else {})]:
        cid = index.resolve(key)
        if cid is not None and cid not in picked:
            picked.append(cid)
    if picked:
        return picked
    gaps = []
    for placed in index.placed:
        comp = placed.competency
        if comp.id in start_ratings:
            gap = comp.expected.get(person.level, 0) - start_ratings[comp.id]
            if gap > 0:
                gaps.append((-gap * comp.weight, placed.order, comp.id))
    return [cid for *_, cid in sorted(gaps)[:3]]


def propose_focus(report: GapReport, person: Person, index: ModelIndex,
                  start_ratings: dict[str, int], count: int) -> list[dict[str, Any]]:
    """The next focus areas, widest weighted gap first, each marked carried and moving.

    ``moving`` means the rating rose since the plan started: the old goal is then not
    offered again as it stands (``goal_done``), so no document asks for work already done.
    """
    worked_on = plan_focus(person, index, start_ratings)
    picked = [r for r in report.rows if r.priority > 0][:count]
    out: list[dict[str, Any]] = []
    for row in picked:
        before = start_ratings.get(row.competency)
        change = row.rating - before if before is not None else None
        carried = row.competency in worked_on
        out.append({"id": row.competency, "name": row.name, "rating": row.rating,
                    "expected": row.expected, "start": before, "carried": carried,
                    "moving": (change or 0) > 0, "goal_done": carried and (change or 0) > 0})
    return out
