"""What ``pmkit log`` records: evidence against a goal, and a milestone reached."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmkit.actions.people import refuse_control_characters, resolve_competency
from pmkit.errors import InputError
from pmkit.loading import load_bytes
from pmkit.model.handles import validate_handle
from pmkit.model.person_doc import add_evidence, mark_reached, plan_section

if TYPE_CHECKING:
    from pmkit.workspace import Workspace

MAX_TEXT = 500


@dataclass(frozen=True)
class Logged:
    competency: str
    name: str
    date: dt.date
    reached: str | None
    """The milestone marked reached, if any."""
    in_focus: bool
    count: int
    """Evidence lines now logged for this competency."""


def log_evidence(ws: Workspace, handle: str, competency: str, text: str, when: dt.date, *,
                 reached: bool = False, private: bool = False) -> Logged:
    """Add a dated line of evidence to a goal (and mark its next milestone reached), committed.

    ``private`` evidence stays out of every document the PM sees.
    """
    validate_handle(handle)
    text = " ".join(text.split())
    if not text:
        raise InputError("the evidence text is empty: say what the PM did, in a line")
    if len(text) > MAX_TEXT:
        raise InputError(f"the evidence text is {len(text)} characters; keep it under {MAX_TEXT} "
                         "(one line: what they did, and where to see it)")
    refuse_control_characters(text, "the evidence text")
    cid = resolve_competency(ws, competency, "log")
    person = ws.person(handle)
    milestone: str | None = None
    with ws.transaction(f"log({handle}): evidence for {cid}") as tx:
        loaded = ws.person_file(handle)
        doc = loaded.doc()
        section = plan_section(doc.data)
        add_evidence(section, cid, when, text, private=private)
        if reached:
            milestone = mark_reached(section, cid, when)
            if milestone is None:
                raise InputError(f"--reached: {cid} has no open milestone to mark (write the plan "
                                 f"first with `pmkit plan {handle}`, or drop --reached)",
                                 ws.rel(loaded.path))
            tx.message = f"log({handle}): {cid} milestone reached"
        data = doc.to_bytes()
        load_bytes(data, loaded.path, loaded.display, type(loaded.obj), None,
                   lambda p: ws.person_rules(p))
        tx.write(loaded.path, data, previous=loaded.raw)
    ws.finish()
    focus = person.plan.focus if person.plan else []
    goals = person.plan.goals if person.plan else {}
    in_focus = cid in focus or cid in goals or cid in (person.plan.milestones if person.plan else {})
    count = len(section.get("evidence", {}).get(cid, []))
    return Logged(cid, ws.index.by_id[cid].competency.name, when, milestone, in_focus, count)
