"""A newer 1:1 note that turns back to the assessment note bears it out in part. Judging
which way a line points is the manager's: the PM's part quotes the line plainly, and only
the private notes say that it bears the assessment note out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pmkit.demo import build_demo
from pmkit.documents.review import build_review
from pmkit.workspace import Workspace

TODAY = dt.date(2026, 11, 29)
MARK = "<!-- pmkit:private"


def test_a_note_that_turns_back_to_the_assessment_is_judged_in_the_private_part_only(
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
    shared, private = build_review(Workspace(root), "priya", TODAY).text.split(MARK)
    testing = shared.split("### Testing ideas\n")[1].split("\n### ")[0]
    lines = [line for line in testing.splitlines() if line.startswith("- 20")]
    quoted = [line for line in lines if "contact-centre team, not to claimants" in line]
    assert len(quoted) == 1 and quoted[0].endswith("not to claimants, though.")
    assert "bears out" not in shared and "bear out" not in shared
    assert "bear part of it out" in private
