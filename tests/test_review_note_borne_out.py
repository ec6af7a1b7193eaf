"""A newer 1:1 note that turns back to the assessment note bears it out in part, and the
PM's part of the review says so right where that note is listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pmkit.demo import build_demo
from pmkit.documents.review import build_review
from pmkit.workspace import Workspace

TODAY = dt.date(2026, 11, 29)
MARK = "<!-- pmkit:private"


def test_a_note_that_turns_back_to_the_assessment_is_marked_as_bearing_it_out(
        tmp_path: Path) -> None:
    root = tmp_path / "demo"
    build_demo(root, today=TODAY)
    notes = next(p for p in sorted((root / "oneonones" / "priya").glob("*.md"))
                 if "No success threshold" in p.read_text(encoding="utf-8"))
    text = notes.read_text(encoding="utf-8").replace(
        "Next\ntest: write the threshold first.",
        "Next\ntest: write the threshold first. The idea still went to the contact-centre "
        "team, not to claimants, though.")
    notes.write_text(text, encoding="utf-8")
    shared = build_review(Workspace(root), "priya", TODAY).text.split(MARK)[0]
    testing = shared.split("### Testing ideas\n")[1].split("\n### ")[0]
    lines = [line for line in testing.splitlines() if line.startswith("- 20")]
    marked = [line for line in lines if line.endswith("This bears out your manager's note in part.")]
    assert len(marked) == 1 and "contact-centre team, not to claimants" in marked[0]
    # the other entries move past the note: they are not marked
    assert len(lines) > 1
