"""A milestone the manager marked reached after its date, when 1:1 notes by that date
already count toward it: the plan says what the mark rests on and does not call it late,
as the review calls it met."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_recheck_weighing import notes_under, omar, omar_copy  # noqa: F401  (the fixture)

from pmkit.documents.plan import build_plan
from pmkit.workspace import Workspace

INTERVIEWS = "- he ran two user interviews with warehouse staff, the designer joined one"


def test_a_late_mark_on_work_done_in_time_is_not_called_late(
        omar: tuple[Path, dt.date, list[dt.date]], tmp_path: Path) -> None:  # noqa: F811
    root, when, _ = omar
    root, folder, days = omar_copy(root, tmp_path / "ws")
    notes_under(folder / f"{days[0]}.md", "User & customer knowledge", INTERVIEWS)
    person = root / "team" / "omar.yaml"
    text = person.read_text(encoding="utf-8")
    asks = "to walk through in a 1:1.\n"
    due = text.split(asks, 1)[0].rsplit("- date: ", 1)[1].split("\n", 1)[0].strip()
    late = (dt.date.fromisoformat(due) + dt.timedelta(days=22)).isoformat()
    person.write_text(text.replace(asks, f"{asks}        reached: {late}\n", 1), encoding="utf-8")
    plan = build_plan(Workspace(root), "omar", today=when).text
    line = next(ln for ln in plan.splitlines() if ln.startswith(f"- [x] **{due}**"))
    # The notes are the manager's, and the mark is gone over together: the PM is not told
    # the notes are theirs, nor that the walk-through the milestone asks for already happened.
    assert f"*Marked reached by your manager on {late}, to go over together " in line, line
    assert line.endswith(f"; the work before its date is in the 1:1 notes of {days[0]}.*"), line
    assert "your 1:1 notes" not in line
    assert "after its date" not in line


def test_work_that_may_meet_a_milestone_makes_what_is_left_a_condition(
        omar: tuple[Path, dt.date, list[dt.date]], tmp_path: Path) -> None:  # noqa: F811
    """Evidence that may already meet a milestone and a flat "still to show" would say both:
    what is left is asked only if the evidence does not meet it."""
    root, when, _ = omar
    root, folder, days = omar_copy(root, tmp_path / "ws")
    notes_under(folder / f"{days[0]}.md", "User & customer knowledge", INTERVIEWS)
    plan = build_plan(Workspace(root), "omar", today=when).text
    line = next(ln for ln in plan.splitlines() if "Evidence logged (" in ln)
    assert "agree whether it meets this milestone; if it does not yet, what is still to show: " \
        in line, line
    assert " Still to show:" not in line
