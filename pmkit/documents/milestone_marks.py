"""A plan's milestones read in a review as the plan reads them.

A missed milestone the plan reads as partly there ("one of the two it asks for") says so
in the review too, and a milestone the manager marked reached on a day of logged work that
shows no walk-through it asks for is marked as settled by that mark, not by the work.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pmkit.documents.next_focus import as_date
from pmkit.documents.voice import pm_names

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.documents.notes import Misfiled
    from pmkit.model.schema import Person


def mark_partly(cycle: Cycle, person: Person, when: dt.date,
                goal_rows: list[dict[str, Any]]) -> list[Misfiled]:
    """Mark each missed milestone that the plan reads as partly there ("one of the two it
    asks for"), so the review and the plan give one reading of the same milestone; and each
    one marked reached on a day of logged work that shows no walk-through it asks for (see
    :func:`_mark_walk`). Returns the 1:1 lines the plan counts for another goal than their
    heading's, as it read them. ``cycle`` is the plan as read on ``when`` (see plan_cycle)."""
    from pmkit.documents.focus import step_dicts

    names = pm_names(person)
    for goal in goal_rows:
        missed = [m for m in goal["milestones"] if m["state"] == "missed"]
        marked = [m for m in goal["milestones"] if m["state"] == "met" and m["reached"]]
        if not missed and not marked:
            continue
        steps = {s["date"]: s for s in step_dicts(cycle, goal["id"], when, names, goal["name"],
                                                  goal["goal"])}
        for row in missed:
            step = steps.get(row["date"])
            if step and (step.get("so_far") or step.get("latest")):
                row["partly"] = step.get("so_far") or {}
                row["still"] = step.get("still") or ""  # what is left, as the agenda says
        for row in marked:
            _mark_walk(cycle, goal, row, steps.get(row["date"]), names)
    from pmkit.documents.goal_status import misfiled  # it reads this module

    return misfiled(cycle)


def _mark_walk(cycle: Cycle, goal: dict[str, Any], row: dict[str, Any],
               step: dict[str, Any] | None, names: list[str]) -> None:
    """A milestone asking for a walk-through in a 1:1, marked reached by the manager on a
    day of logged work no 1:1 speaks of: the mark settles that it is met, not that the day's
    work shows it (so it is not ``shown``); ``work`` is that day's log, as written, and
    ``early`` the days of work by its date that the plan, reading it as still open, offered
    as perhaps meeting it already."""
    from dataclasses import replace

    from pmkit.documents.focus import step_dicts

    logged = [e.text for e in cycle.public_evidence(goal["id"])
              if e.source != "notes" and e.date.isoformat() == row["reached"]]
    if step is None or not step["walk"] or not logged:
        return
    row["marked"], row["work"] = True, "; ".join(logged)
    open_ = replace(cycle, steps={**cycle.steps, goal["id"]: [
        replace(s, reached=None) if s.date.isoformat() == row["date"] else s
        for s in cycle.steps.get(goal["id"], [])]})
    reached = as_date(row["reached"])
    if reached is None:
        return
    read = {s["date"]: s for s in step_dicts(open_, goal["id"], reached, names, goal["name"],
                                             goal["goal"])}.get(row["date"])
    if read and read["logged_on"] and not read["logged_after"]:
        row["early"], row["early_still"] = read["logged_on"], read.get("still") or ""
