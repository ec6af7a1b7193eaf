"""Action items ticked off in the 1:1s that the plan counts as a goal's work, for the
review and the assessment conversation: the same lines, in the same words, as the plan.

The plan reads them with its own cycle (:func:`pmkit.documents.ticked_evidence.ticked`); the review
and the conversation read the 1:1 notes under each goal's heading, which hold no ticked
item. Without these lines a piece of work the plan lists ("You shared interview notes in
the team channel") would be missing from the end of the plan that judges it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.model.schema import Person


def ticked_work(person: Person, cycle: Cycle, since: dt.date | None = None
                ) -> list[tuple[dt.date, str, str]]:
    """(date, competency, line) for each ticked item the plan lists as a goal's work, dated
    as the plan dates it and worded as the plan's page words it, on or after ``since``.
    ``cycle`` is the plan as the review and the conversation read it (goal_status.plan_cycle)."""
    from pmkit.documents.done_notes import ticked_said
    from pmkit.documents.evidence import TICKED
    from pmkit.documents.evidence_rows import evidence_dicts
    from pmkit.documents.voice import pm_names

    if person.plan is None:
        return []
    names = pm_names(person)
    out: list[tuple[dt.date, str, str]] = []
    for cid in cycle.evidence:
        shown, _ = evidence_dicts(cycle, cid, names)
        for row in shown:
            day = dt.date.fromisoformat(row["first"])
            if row["text"].startswith(TICKED) and (since is None or day >= since):
                out.append((day, cid, ticked_said(row["text"])))
    return out
