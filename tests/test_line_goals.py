"""Which focus goal a 1:1 note line is evidence for: the heading the manager wrote it under,
unless the line is plainly another goal's work; and a general sentence goes to the day's
focus when it speaks that goal's words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from doc_team import ok

from pmkit.documents import line_goals, notes
from pmkit.loading import load_file
from pmkit.model.index import ModelIndex
from pmkit.model.rules import model_problems
from pmkit.model.schema import CompetencyModel

from helpers import REPO_ROOT

FIRST = ("Your goal tried twice, prepared with your manager beforehand if you want, and a short "
         "note on each (what you did, what worked, what you would change) to walk through in a 1:1.")


def _index(name: str) -> ModelIndex:
    path = REPO_ROOT / "models" / name
    return ModelIndex(load_file(path, path.name, CompetencyModel, None, model_problems).obj)


@pytest.fixture(scope="module")
def svpg() -> dict[str, line_goals.Words]:
    """Omar's three goals: customers, discovery and data, with the first-step milestones."""
    index = _index("svpg.yaml")
    comps = {cid: index.by_id[cid].competency
             for cid in ("customer-knowledge", "discovery-techniques", "data-knowledge")}
    return line_goals.goal_words(index, {cid: (c.practices[0], [FIRST, c.milestones[30]])
                                         for cid, c in comps.items()})


def test_a_line_plainly_about_another_goal_counts_there(svpg: dict[str, line_goals.Words]) -> None:
    calls = "watched 3 support calls and brought two patterns to planning"
    door = ("Tried a fake-door test for the export button: 40 clicks in a week. Next: decide a "
            "threshold before the next one.")
    assert line_goals.heading_goal(calls, "discovery-techniques", svpg) == "customer-knowledge"
    assert line_goals.heading_goal(door, "data-knowledge", svpg) == "discovery-techniques"
    # A line that speaks its own goal's words at all keeps its heading, whatever else it says.
    sketch = ("Sketched three options for the pick-list screen with the tech lead before "
              "writing anything.")
    assert line_goals.heading_goal(sketch, "discovery-techniques", svpg) == "discovery-techniques"
    # Nothing clear either way: the heading stands.
    assert line_goals.heading_goal("wrote up notes the same day", "customer-knowledge",
                                   svpg) == "customer-knowledge"
    assert line_goals.heading_goal("Walked through two examples in the 1:1", "data-knowledge",
                                   svpg) == "data-knowledge"

    day = dt.date(2027, 1, 28)
    rows, moved = line_goals.refile([(day, "discovery-techniques", calls),
                                     (day, "discovery-techniques", sketch),
                                     (day, "discovery-techniques", "nothing new here")], svpg)
    assert rows == [(day, "customer-knowledge", calls), (day, "discovery-techniques", sketch),
                    (day, "discovery-techniques", "nothing new here")]
    assert moved == [notes.Misfiled(day, "discovery-techniques", calls, "customer-knowledge")]
    said = line_goals.copy_said(moved[0], {"discovery-techniques": "Product discovery techniques",
                                      "customer-knowledge": "User & customer knowledge"}.get)
    assert said.startswith("Under Product discovery techniques on 2027-01-28, “watched 3 "
                           "support calls and brought two patterns to planning” reads as User "
                           "& customer knowledge work")
    assert "counts for User & customer knowledge" in said


def test_a_general_sentence_goes_to_the_days_focus_when_it_speaks_its_words() -> None:
    index = _index("pm-wheel.yaml")
    goals = {
        "customer-insight": ("Book one customer conversation every week; write a snapshot "
                             "within a day.", []),
        "assumption-testing": ("List the assumptions for the claims upload and run at least "
                               "one test on the riskiest.", []),
        "problem-framing": ("Write a one-page problem brief for the claims upload and review "
                            "it with your designer.", []),
    }
    words = line_goals.goal_words(index, goals)
    areas = {cid: (goal, [index.by_id[cid].competency.name]) for cid, (goal, _) in goals.items()}
    brief = "Her brief names the problem and the claimants it hurts, and a test plan for it."
    # Clearly the brief's words, with a test beside it: on a problem-framing day it is that
    # day's goal; on a testing day, testing's own word ("test") keeps it there.
    assert line_goals.general_goal(brief, "problem-framing", words, areas) == "problem-framing"
    assert line_goals.general_goal(brief, "assumption-testing", words, areas) == \
        "assumption-testing"
    # No word of the day's goal: the goal it clearly speaks to, else none.
    calls = "She booked two calls with claimants and ran one herself."
    assert line_goals.general_goal(calls, "problem-framing", words, areas) == "customer-insight"
    assert line_goals.general_goal("Nina was quiet today; the release slipped a week.",
                                   "problem-framing", words, areas) is None
    threshold = "Her test plan has a threshold written before the test."
    assert line_goals.general_goal(threshold, "customer-insight", words, areas) == \
        "assumption-testing"
    # A word every goal shares ("claims") ties a sentence to none of them.
    assert line_goals.general_goal("The claims upload went live on Tuesday.",
                                   "problem-framing", words, areas) is None


def test_plan_agenda_and_review_count_a_misfiled_line_for_its_goal(workspace: Path) -> None:
    w = ["-w", str(workspace)]
    ok([*w, "assess", "alice", "--set", "customer-insight=1", "--set", "assumption-testing=1",
        "--set", "problem-framing=1", "--date", "2026-11-20"])
    ok([*w, "plan", "alice", "--focus", "customer-insight", "--focus", "assumption-testing",
        "--focus", "problem-framing"])
    first = dt.date.today() + dt.timedelta(days=1)
    ok([*w, "oneonone", "alice", "--date", first.isoformat()])
    path = workspace / "oneonones" / "alice" / f"{first.isoformat()}.md"
    text = path.read_text(encoding="utf-8")
    line = "Ran a prototype test of the upload flow with four claimants: three got through."
    text = text.replace("## Notes\n\n", "## Notes\n\n### Customer insight\n\n" + line + "\n\n", 1)
    path.write_text(text, encoding="utf-8")

    second = first + dt.timedelta(days=7)
    ok([*w, "oneonone", "alice", "--date", second.isoformat()])
    agenda = (workspace / "oneonones" / "alice" / f"{second.isoformat()}.md").read_text(
        encoding="utf-8")
    public, private = notes.pm_copy(agenda), notes.private_part(agenda)
    assert "reads as Testing ideas work" in private and "reads as" not in public
    plan = ok([*w, "plan", "alice", "--stdout"])
    sections = {part.split("\n", 1)[0]: part for part in plan.split("\n### ")[1:]}
    where = [title for title, part in sections.items()
             if "prototype test of the upload" in part.split("**Evidence so far:** none yet.")[0]]
    assert where == [next(t for t in sections if "Testing ideas" in t)]
    # The goal it was written under tells the PM where the line went, in the PM's voice; the
    # note is the manager's, not "yours".
    insight = next(part for t, part in sections.items() if "Customer insight" in t)
    assert (f"**Evidence so far:** none yet. The {first.isoformat()} note (“You ran a "
            "prototype test of the upload flow with four claimants: three got through”) reads "
            "as Testing ideas work and is counted there, unless you say at your next 1:1 that "
            "it was work on this goal.") in insight
    # An agenda tells it once: at the goal's first turn after the line, not at later ones.
    from pmkit.documents.notes import Misfiled
    from pmkit.workspace import Workspace as Ws

    index = Ws(workspace).index
    moved = [Misfiled(first, "customer-insight", line, "assumption-testing")]
    told = line_goals.set_aside(moved, "customer-insight", index, ["Alice"], first)
    assert [r["to"] for r in told["moved_away"]] == ["Testing ideas"]
    assert not line_goals.set_aside(moved, "customer-insight", index, ["Alice"],
                                    second)["moved_away"]

    from pmkit.documents.next_focus import noted_in_oneonones
    from pmkit.workspace import Workspace

    ws = Workspace(workspace)
    noted = noted_in_oneonones(ws, "alice", ws.index, first - dt.timedelta(days=1))
    assert (first, "assumption-testing", line) in noted


def test_only_an_open_item_ticked_is_ticked_off() -> None:
    text = ("## Follow-ups\n\n- [x] Nina: send the snapshot of each call *(added 2026-11-30)*\n"
            "- [ ] Dana: ask finance for the churn numbers *(added 2026-11-30)*\n\n"
            "## Action items\n\n- [x] Nina: draft interview guide\n"
            "- [x] interview guide reviewed with design\n"
            "- [X] Dana: ask finance for the churn numbers\n")
    roots = notes.list_tree(notes.parse(text))
    # Carried in open and ticked, here or in a copy of it, or open in an earlier 1:1:
    # ticked off. Written ticked: not.
    assert notes.done_items(roots, set()) == ["Nina: send the snapshot of each call",
                                              "Dana: ask finance for the churn numbers"]
    earlier = notes.open_items(notes.list_tree(notes.parse("- [ ] Nina: draft interview guide\n")))
    assert notes.done_items(roots, earlier) == ["Nina: send the snapshot of each call",
                                                "Nina: draft interview guide",
                                                "Dana: ask finance for the churn numbers"]
    # Either way a ticked box is done: nothing of it is carried to the next 1:1.
    assert notes.carry(roots, dt.date(2026, 12, 7), lambda _: 1) == []
