"""An action item ticked off in a 1:1 that the plan counts as a goal's work is that goal's
work in the review and the assessment conversation too, in the plan's own words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_recheck_weighing import CID, omar  # noqa: F401  (the fixture: a plan with 1:1s)

from pmkit.documents.goal_status import plan_cycle
from pmkit.documents.review import build_review
from pmkit.documents.ticked_work import ticked_work
from pmkit.workspace import Workspace

from helpers import copy_workspace, git

MARK = "<!-- pmkit:private"
TASK = "Omar: write a short discovery note on the export experiment"


def test_a_ticked_item_the_plan_counts_is_the_goals_work_in_the_review(
        omar: tuple[Path, dt.date, list[dt.date]], tmp_path: Path) -> None:  # noqa: F811
    root, when, _ = omar
    root = copy_workspace(root, tmp_path / "ws")
    files = sorted((root / "oneonones" / "omar").glob("*.md"))
    first, second = files[0], files[1]
    first.write_text(first.read_text(encoding="utf-8") + f"- [ ] {TASK}\n", encoding="utf-8")
    second.write_text(second.read_text(encoding="utf-8")
                      + f"- [x] {TASK} *(added {first.stem})*\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "ticked")
    ws = Workspace(root)
    person = ws.person("omar")
    found = ticked_work(person, plan_cycle(ws, "omar", person, None, when))
    assert found == [(dt.date.fromisoformat(second.stem), CID,
                      "You wrote a short discovery note on the export experiment.")]
    shared = build_review(ws, "omar", when, today=when).text.split(MARK)[0]
    goal = shared.split("### Product discovery techniques")[1].split("\n### ")[0]
    assert (f"- {second.stem}, in your 1:1 notes: You wrote a short discovery note on the "
            "export experiment.") in goal
