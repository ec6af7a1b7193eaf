"""The pieces of work a milestone asking for a number of them counts, read from the record.

A late milestone asking for two tries names each try written down by its date, as the plan
names them; and a run of weeks logged as done after its date was late when notes written by
that date show fewer than it asks for.
"""

from __future__ import annotations

from typing import Any

from pmkit.documents.as_yours import as_yours


def tries_counted(row: dict[str, Any], written: list[dict[str, Any]], goal: str,
                  name: str) -> list[dict[str, Any]]:
    """The pieces of work by a late milestone's date that count toward it, when it asks
    for a number of them ("tried twice") and more than one is written: each one named, as
    the plan names them, so "a short note on each" has its "each"."""
    from pmkit.documents import evidence
    from pmkit.documents.milestone_notes import SENTENCE

    if evidence.rhythm(row["raw"]) or (evidence.counted(row["raw"])[0] or 0) < 2:
        return []
    asks = f"{row['raw']} {goal}"
    found = [dict(e, text=as_yours(SENTENCE.split(e["text"])[0], e["source"])) for e in written
             if e["date"] <= row["date"] and evidence.names_any(e["text"], asks, name)]
    return found if len(found) > 1 else []


def short_by_then(row: dict[str, Any], written: list[dict[str, Any]]) -> bool:
    """Whether work written by a milestone's date states fewer than the milestone asks for
    ("two claimant interviews done" on the day "every week for three weeks" was due): a
    later log of it met it after its date, however many weeks it covers."""
    from pmkit.documents import evidence

    need = evidence.counted(row["raw"])[0] or 0
    return need > 0 and any(
        (evidence.counted(e["text"])[0] or need) < need
        for e in written if e["date"] <= row["date"])
