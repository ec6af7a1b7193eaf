"""The 1:1 lines written under a goal's heading that count for another goal, as the goal
they were written under says it.

A goal with nothing counted for it is not a goal with nothing written under it: when its
only line was a piece of another goal's work (a fake-door test noted under Data knowledge
counts for discovery), the review and the conversation say where that line went, so "nothing
written down" never reads as if the manager missed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pmkit.documents import voice
from pmkit.documents.as_yours import as_yours
from pmkit.documents.evidence import reported

if TYPE_CHECKING:
    from pmkit.documents.notes import Misfiled
    from pmkit.model.index import ModelIndex


def moved_away(moved: Iterable[Misfiled], cid: str, index: ModelIndex,
               names: Sequence[str]) -> list[dict[str, Any]]:
    """The lines written under ``cid`` that count for another goal, oldest first, in the
    PM's voice: ``date``, ``to`` (the goal's name), ``text``. A line that cannot be turned
    to "you" is left out, as the PM's copy leaves it out everywhere."""
    out = []
    for m in moved:
        if m.goal != cid or m.reads_as not in index.by_id:
            continue
        said = voice.to_pm(reported(m.line), list(names))
        if said:
            out.append({"date": m.date.isoformat(), "to": index.by_id[m.reads_as].competency.name,
                        "text": as_yours(said, "notes")})
    return sorted(out, key=lambda row: row["date"])


def moved_from(moved: Iterable[Misfiled], cid: str, entry: dict[str, Any], index: ModelIndex,
               names: Sequence[str]) -> str | None:
    """The goal whose heading a 1:1 line sat under, when the plan counts it for ``cid``: by
    the line as written, when the entry keeps it, else by the line turned to the PM."""
    line = entry.get("line")
    if not line and entry.get("source") != "notes":
        return None
    return next((index.by_id[m.goal].competency.name for m in moved
                 if m.reads_as == cid and m.date.isoformat() == entry["date"]
                 and m.goal in index.by_id
                 and (m.line == line if line else voice.to_pm(m.line, names) == entry["text"])),
                None)

