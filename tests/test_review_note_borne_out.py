"""How the PM's part of the review and of the conversation quotes 1:1 lines.

A newer line that turns back to the assessment note bears it out in part; judging which
way a line points is the manager's, so the PM's part quotes the line plainly and only the
private notes say it bears the note out. A line written under one goal's heading that
counts for another goal is listed under the goal it counts for, with a short word on where
the PM saw it. A line with no subject is the PM's own, in the same words in both documents.
A milestone asking for a walk-through in a 1:1, marked reached on a day of logged work that
shows none, is met on the manager's mark: the PM's part does not say that day's work shows it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pmkit.demo import build_demo
from pmkit.documents.conversation import build_conversation
from pmkit.documents.review import build_review
from pmkit.workspace import Workspace

from helpers import copy_workspace

TODAY = dt.date(2026, 11, 30)  # a Monday, the demo's 1:1 day
MARK = "<!-- pmkit:private"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("borne") / "demo"
    build_demo(root, today=TODAY)
    return root


def _edit(root: Path, old: str, new: str) -> str:
    """Change the one 1:1 of Priya's that holds ``old``; its date."""
    path = next(p for p in sorted((root / "oneonones" / "priya").glob("*.md"))
                if old in p.read_text(encoding="utf-8"))
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return path.stem


def test_a_note_that_turns_back_to_the_assessment_is_judged_in_the_private_part_only(
        demo: Path, tmp_path: Path) -> None:
    root = copy_workspace(demo, tmp_path / "demo")
    _edit(root, "Next\ntest: write the threshold first.",
          "Next\ntest: write the threshold first. The idea still went to the contact-centre "
          "team, not to claimants, though.")
    shared, private = build_review(Workspace(root), "priya", TODAY).text.split(MARK)
    testing = shared.split("### Testing ideas\n")[1].split("\n### ")[0]
    lines = [line for line in testing.splitlines() if line.startswith("- 20")]
    quoted = [line for line in lines if "contact-centre team, not to claimants" in line]
    # quoted as written but for the writer's trailing aside, and judged nowhere in it
    assert len(quoted) == 1 and quoted[0].endswith("not to claimants.")
    assert "bears out" not in shared and "bear out" not in shared
    assert "bear part of it out" in private


def test_a_line_counted_for_another_goal_says_where_it_was_noted_in_both_documents_words(
        demo: Path, tmp_path: Path) -> None:
    root = copy_workspace(demo, tmp_path / "demo")
    day = _edit(root, "save-and-resume.\n",
          "save-and-resume.\n\n- Interviewed a claimant at home and posted a snapshot after it.\n")
    ws = Workspace(root)
    review = build_review(ws, "priya", TODAY).text.split(MARK)[0]
    insight = review.split("### Customer insight\n")[1].split("\n### ")[0]
    assert (f"- {day}, in your 1:1 notes: You interviewed a claimant at home and posted a "
            "snapshot after it (noted under Solution exploration in that 1:1; counted here, "
            "as its words speak to this goal).") in insight.splitlines()
    # the heading it was written under does not list it, and no other line is marked
    assert review.count("noted under") == 1
    talk = build_conversation(ws, "priya", TODAY, today=TODAY).text.split(MARK)[0]
    since = [line for line in talk.splitlines() if line.startswith("- Since then, your ")]
    assert (f"- Since then, your 1:1 of {day}: You interviewed a claimant at home and "
            "posted a snapshot after it (noted under Solution exploration in that 1:1; "
            "counted here, as its words speak to this goal).") in since
    # a line without a subject reads as the PM's own in the conversation, as in the review
    assert since and all(line.split(": ", 1)[1][0].isupper() for line in since)


def test_a_walk_through_marked_reached_on_a_day_of_other_work_is_met_on_the_managers_mark(
        demo: Path, tmp_path: Path) -> None:
    root = copy_workspace(demo, tmp_path / "demo")
    person = root / "team" / "priya.yaml"
    text = person.read_text(encoding="utf-8")
    asks = "to walk through in a 1:1.\n"
    assert text.count(asks) == 1 and "  evidence:\n    solution-exploration:\n" in text
    text = text.replace(asks, asks + "        reached: 2026-11-25\n").replace(
        "  evidence:\n    solution-exploration:\n",
        "  evidence:\n    solution-exploration:\n      - date: 2026-11-25\n"
        "        text: Ran a second sketching session on the claim status page\n")
    person.write_text(text, encoding="utf-8")
    shared, private = build_review(Workspace(root), "priya", TODAY).text.split(MARK)
    exploring = shared.split("### Solution exploration\n")[1].split("\n### ")[0]
    met = [line for line in exploring.splitlines() if line.startswith("- Met")]
    assert met == [line for line in met if line.startswith("- Met (due ") and
                   "; marked by your manager on 2026-11-25, to go over together): " in line] and len(met) == 1
    assert "shown by your work logged on 2026-11-25" not in shared
    assert ("marked reached on 2026-11-25, beside the work logged that day (“Ran a second "
            "sketching session on the claim status page”), which shows no walk-through in a "
            "1:1.") in private
    # logged work still counts for its milestone (on the PM's word, for a run of weeks)
    assert "- Met as you logged it on 2026-11-23" in shared
