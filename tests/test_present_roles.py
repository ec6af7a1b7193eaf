"""A rubric line that asks for people to be there ("with the designer and engineers
present") is not shown by work that names only some of them: the manager weighing a
reopened rating is told who is missing, under "Not shown yet", and it counts against."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pmkit.demo import build_demo
from pmkit.documents.present_roles import absent
from pmkit.documents.review import build_review
from pmkit.workspace import Workspace

LINE = ("Keeps a steady rhythm of customer conversations with the designer and engineers "
        "present, asks about past behavior rather than opinions")


def test_the_people_a_line_asks_for_and_the_work_does_not_name_are_said() -> None:
    designer_only = ["Weekly claimant interviews: four so far, each with the designer listening in"]
    assert absent(LINE, 3, designer_only) == (
        "the line for 3 asks for engineers present; none of the work since names one")
    # a word for the role counts: a developer or the tech lead is an engineer
    assert absent(LINE, 3, ["Interviewed a claimant with the designer and a developer"]) is None
    assert absent(LINE, 3, ["Ran two interviews; the designer and tech lead joined"]) is None
    assert absent(LINE, 3, ["Ran two interviews"]) == (
        "the line for 3 asks for the designer and engineers present; none of the work since "
        "names any of them")
    # a line that asks for nobody to be there asks nothing here
    assert absent("Runs simple tests alone, such as a prototype shown to a handful of users",
                  4, ["Ran a prototype test"]) is None


def test_a_reopened_rating_whose_line_asks_for_engineers_weighs_their_absence(
        tmp_path: Path) -> None:
    today = dt.date(2026, 11, 30)
    root = tmp_path / "demo"
    build_demo(root, today=today)
    ws = Workspace(root)
    shared, private = build_review(ws, "priya", today).text.split("<!-- pmkit:private")
    said = "Not shown yet: the line for 3 asks for engineers present; none of the work since names one."
    insight = next(line for line in private.splitlines() if line.startswith("- **Customer insight**"))
    assert said in insight
    assert "only if the newer work outweighs what speaks against it" in insight
    assert "engineers present; none" not in shared
