"""What a plan leaves to its end reaches the review and the conversation: the action items
still open from the 1:1s, each to settle, and an area below the expectation that the plan
left for its review to choose."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_recheck_weighing import ITEM, omar  # noqa: F401  (the fixture: a plan with 1:1s)

from pmkit.documents.conversation import build_conversation
from pmkit.documents.review import build_review
from pmkit.workspace import Workspace

from helpers import copy_workspace, invoke

MARK = "<!-- pmkit:private"


def test_open_action_items_are_listed_for_a_decision_in_the_review(
        omar: tuple[Path, dt.date, list[dt.date]], tmp_path: Path) -> None:  # noqa: F811
    root, when, _ = omar
    root = copy_workspace(root, tmp_path / "ws")
    last = sorted((root / "oneonones" / "omar").glob("*.md"))[-1]
    last.write_text(last.read_text(encoding="utf-8") + "- [ ] Sam: send the interview budget\n"
                    "- [x] Omar: share the notes\n"
                    "- [ ] Omar: present the experiment log at the monthly review\n",
                    encoding="utf-8")
    shared = build_review(Workspace(root), "omar", when, today=when).text.split(MARK)[0]
    part = shared.split("## Open action items\n")[1].split("\n## ")[0]
    first = sorted(p.stem for p in last.parent.glob("*.md"))[0]
    # the goal's own item stays on the list, as the agendas said; only the other may go
    assert ("Agree on each today: for those that are part of a goal, a date or a smaller "
            "step, since they stay on the list; for the other one, a date, a smaller step, "
            "or drop it.") in part
    # placed as the plan places it: the experiment log is in a discovery practice's words
    assert ("- You: present the experiment log at the monthly review, open since "
            f"{last.stem} (part of your Product discovery techniques goal).") in part
    what = ITEM.split(": ", 1)[1]
    assert (f"- You: {what}, open since {first} (part of your Product discovery techniques "
            "goal).") in part
    assert f"- Sam: send the interview budget, open since {last.stem}." in part
    assert "share the notes" not in part and "(added" not in part
    # the conversation of the same day, with no review written, points to them in one line
    talk = build_conversation(Workspace(root), "omar", when, today=when).text.split(MARK)[0]
    leave = talk.split("## Before you leave the room")[1]
    assert "Three action items from your 1:1s are not done yet. Agree on each today:" in leave
    assert leave.count(what) == 1 and "- Sam: send the interview budget" in leave


def test_an_area_the_plan_left_for_its_review_is_offered_as_a_choice(
        omar: tuple[Path, dt.date, list[dt.date]], tmp_path: Path) -> None:  # noqa: F811
    root, when, _ = omar
    root = copy_workspace(root, tmp_path / "ws")
    person = root / "team" / "omar.yaml"
    text = person.read_text(encoding="utf-8")
    assert "    data-knowledge: 5\n" in text
    person.write_text(text.replace("    data-knowledge: 5\n",
                                   "    data-knowledge: 5\n    team-collaboration: 6\n", 1),
                      encoding="utf-8")
    choice = ("**Team collaboration** (6 · expected 7) was left by your plan for {} to choose: "
              "take it on now in place of one of these, or leave it for the plan after.")
    later = when + dt.timedelta(days=60)  # the plan has ended: its review chooses
    review = build_review(Workspace(root), "omar", later, today=later).text.split(MARK)[0]
    assert choice.format("its review") in review.split("## Proposed next focus")[1]
    talk = build_conversation(Workspace(root), "omar", later, today=later).text.split(MARK)[0]
    assert choice.format("its review") in talk.split("## Proposed focus")[1]
    # mid-plan, the area waits for a later plan, as the plan itself says
    for text in (build_review(Workspace(root), "omar", when, today=when).text,
                 build_conversation(Workspace(root), "omar", when, today=when).text):
        assert "left by your plan" not in text


def test_a_line_written_under_a_goal_and_counted_for_another_is_said_where_it_went(
        omar: tuple[Path, dt.date, list[dt.date]], tmp_path: Path) -> None:  # noqa: F811
    root, when, _ = omar
    root = copy_workspace(root, tmp_path / "ws")
    page = sorted((root / "oneonones" / "omar").glob("*.md"))[2]
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n\n## Action items", "\n\n### Data knowledge\n\n- he tried "
                                 "a fake-door test for the export button: 40 clicks in a week"
                                 "\n\n## Action items", 1), encoding="utf-8")
    assert invoke(["-w", str(root), "assess", "omar", "--self", "--set", "data-knowledge=5",
                   "--date", (dt.date.today() - dt.timedelta(days=4)).isoformat()]).exit_code == 0
    went = (f"he one line noted under it ({page.stem}: “You tried a fake-door test for the "
            "export button: 40 clicks in a week”) reads as Product discovery techniques work and "
            "is counted there, unless you say in the meeting it was work on this goal")
    later = when + dt.timedelta(days=60)
    review = build_review(Workspace(root), "omar", later, today=later).text.split(MARK)[0]
    data = review.split("### Data knowledge\n")[1].split("\n### ")[0].split("\n## ")[0]
    assert f"**Goal not met yet.** T{went}; nothing else on it is written down" in data
    talk = build_conversation(Workspace(root), "omar", later, today=later).text.split(MARK)[0]
    assert (f"Data knowledge. You and your manager both rate it 5. T{went}, and nothing else written down "
            "during this plan speaks for or against it; talk about what happened with it") in talk
