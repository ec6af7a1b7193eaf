"""Action items ticked off in the 1:1s that the plan counts as a goal's work, for the
review and the assessment conversation: the same lines, in the same words, as the plan.

The plan reads them with its own cycle (:func:`pmkit.documents.cycle.ticked`); the review
and the conversation read the 1:1 notes under each goal's heading, which hold no ticked
item. Without these lines a piece of work the plan lists ("You shared interview notes in
the team channel") would be missing from the end of the plan that judges it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmkit.model.schema import Person
    from pmkit.workspace import Workspace


def ticked_work(ws: Workspace, handle: str, person: Person, report: Any, when: dt.date,
                since: dt.date | None = None) -> list[tuple[dt.date, str, str]]:
    """(date, competency, line) for each ticked item the plan lists as a goal's work, dated
    as the plan dates it and worded as the plan's page words it, on or after ``since``."""
    from pmkit.documents.done_notes import ticked_said
    from pmkit.documents.evidence import TICKED
    from pmkit.documents.evidence_rows import evidence_dicts
    from pmkit.documents.goal_status import plan_cycle
    from pmkit.documents.voice import pm_names

    if person.plan is None:
        return []
    if report is None:  # read as the review and the conversation read it
        from pmkit.model.gaps import compute_gaps

        settings = ws.settings
        report = compute_gaps(handle, person, ws.index, today=when,
                              reassess_after_days=settings.reassess_after_days,
                              focus_count=settings.plan.focus)
    cycle = plan_cycle(ws, handle, person, report, when)
    names = pm_names(person)
    out: list[tuple[dt.date, str, str]] = []
    for cid in cycle.evidence:
        shown, _ = evidence_dicts(cycle, cid, names)
        for row in shown:
            day = dt.date.fromisoformat(row["first"])
            if row["text"].startswith(TICKED) and (since is None or day >= since):
                out.append((day, cid, ticked_said(row["text"])))
    return out
