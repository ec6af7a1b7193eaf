"""Last time's notes, written as a busy manager writes them ("Watched three calls"), reach
the PM's copy of the next agenda as said to the PM, as the evidence list says them."""

from __future__ import annotations

from pathlib import Path

from doc_team import ok, take_notes

from pmkit.documents.notes import pm_copy


def test_a_note_that_opens_with_what_the_pm_did_is_recapped_to_the_pm(team: Path) -> None:
    w = ["-w", str(team)]
    ok([*w, "plan", "alice"])
    ok([*w, "oneonone", "alice", "--date", "2026-11-30"])
    take_notes(team / "oneonones" / "alice" / "2026-11-30.md",
               "Watched three support calls and brought two patterns to planning.\n\n", "", "")
    ok([*w, "oneonone", "alice", "--date", "2026-12-07"])
    copy = pm_copy((team / "oneonones" / "alice" / "2026-12-07.md").read_text(encoding="utf-8"))
    recap = copy.split("## Last time", 1)[1].split("\n## ", 1)[0]
    assert "- You watched three support calls and brought two patterns to planning." in recap
