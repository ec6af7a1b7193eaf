"""``pmkit community``: a common gap becomes a plan that runs, and the team view says
whether the PMs who took part moved afterwards."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from history_repo import commit_on, days_ago, new_workspace, person_yaml

from pmkit.communities import community_progress, invite_for
from pmkit.workspace import Workspace

from conftest import REPO_ROOT, copy_workspace, invoke

# Six juniors on the tiny model (customer insight target 2). Each is rated 60 days ago,
# takes part in a session 30 days ago, and a, b, c are rated again 5 days ago, one higher.
HANDLES = ("pa", "pb", "pc", "pd", "pe", "pf")


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = new_workspace(tmp_path_factory.mktemp("community") / "ws")
    commit_on(root, days_ago(60), {f"team/{h}.yaml": person_yaml(
        f"Person {h}", "junior", date=days_ago(60), ratings={"customer-insight": 0, "delivery": 1})
        for h in HANDLES})
    commit_on(root, days_ago(5), {f"team/{h}.yaml": person_yaml(
        f"Person {h}", "junior", date=days_ago(5), ratings={"customer-insight": 1, "delivery": 1})
        for h in HANDLES[:3]})
    result = invoke(["-w", str(root), "community", "new", "customer-empathy", "--start",
                     days_ago(30).isoformat(), "--owner", "Rae Costa", "--owner-function", "design",
                     "--owner-status", "agreed"])
    assert result.exit_code == 0, result.stderr
    pms = [arg for h in HANDLES for arg in ("--pm", h)]
    result = invoke(["-w", str(root), "community", "held", "customer-insight", "--date",
                     days_ago(30).isoformat(), "--attended", "engineering=3",
                     "--attended", "design=2", *pms])
    assert result.exit_code == 0, result.stderr
    return root


def test_the_plan_file_holds_topic_owner_cadence_sessions_and_invitees(team: Path) -> None:
    ws = Workspace(team)
    [progress] = community_progress(ws)
    community = progress.community
    assert community.competencies == ["customer-insight"]  # the alias was resolved
    assert community.owner is not None and community.owner.status == "agreed"
    assert community.cadence_days == 14 and len(community.sessions) == 6  # a quarter
    # the trio shapes solutions; support and sales know which customers to talk to
    assert community.invite == ["design", "engineering", "support", "sales"]
    assert all(s.exercise for s in community.sessions)
    # six sessions, fewer practices and questions in the model: no exercise or title twice;
    # the later sessions look back at an earlier exercise instead
    assert len({s.exercise for s in community.sessions}) == 6
    assert len({s.title for s in community.sessions}) == 6
    assert "look back at the exercise of" in community.sessions[-1].exercise
    held = community.sessions[0]
    assert held.held and held.attendance == {"engineering": 3, "design": 2, "product": 6}
    assert progress.attendance == {"engineering": 3, "design": 2, "product": 6}
    assert invoke(["-w", str(team), "check"]).exit_code == 0


def test_ratings_of_the_pms_who_took_part_moved_afterwards(team: Path) -> None:
    [progress] = community_progress(Workspace(team))
    assert progress.moved == {"pa": "up", "pb": "up", "pc": "up",
                              "pd": "not-reassessed", "pe": "not-reassessed", "pf": "not-reassessed"}
    data = json.loads(invoke(["-w", str(team), "team", "--format", "json"]).stdout)
    assert data["communities"][0]["moved_afterwards"]["pa"] == "up"
    text = invoke(["-w", str(team), "team"]).stdout
    assert ("on its competencies, latest assessment against the one before their first session: "
            "rated higher: pa, pb, pc; not reassessed yet: pd, pe, pf") in text
    # the sessions planned since and not recorded are called out
    assert "planned session(s) passed without being recorded as held" in text


def test_the_upward_report_counts_them_without_names(team: Path, tmp_path: Path) -> None:
    ws = copy_workspace(team, tmp_path / "ws")
    text = invoke(["-w", str(ws), "team", "--format", "md"]).stdout
    assert ("Of the 6 PMs who took part, comparing their latest assessment with the one before "
            "their first session: 3 rated higher on its competencies and 3 not reassessed yet.") in text
    assert ("Attendance over the 1 session held, by function: product design 2, engineering 3, "
            "product 6.") in text
    assert "sessions held (3 were due by now)" in text
    assert "its owner, from product design, has agreed to run it" in text
    for handle in HANDLES:
        assert not re.search(rf"\b{handle}\b", text), handle
    assert "Rae Costa" not in text


def test_a_book_club_reads_a_book_marked_for_it_a_part_per_session(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws", model="pm-wheel")
    result = invoke(["-w", str(root), "community", "new", "customer-insight", "--kind", "book-club",
                     "--cadence", "30"])
    assert result.exit_code == 0, result.stderr
    [progress] = community_progress(Workspace(root))
    community = progress.community
    assert community.book is not None and community.book.title == "Continuous Discovery Habits"
    assert [s.part for s in community.sessions] == ["Part 1 of 3 of the book", "Part 2 of 3 of the book",
                                                    "Part 3 of 3 of the book"]
    assert "no owner yet" in result.stdout.lower() or "No owner yet" in result.stdout


@pytest.mark.parametrize(("competency", "regulated", "expected"), [
    ("solution-exploration", False, {"design", "engineering"}),
    ("launch-and-adoption", False, {"product-marketing", "sales", "support"}),
    ("assumption-testing", True, {"quality", "risk-compliance", "design", "engineering"}),
    ("data-fluency", False, {"data"}),
])
def test_who_to_invite_is_chosen_by_topic(competency: str, regulated: bool, expected: set[str]) -> None:
    from pmkit.loading import load_file
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import CompetencyModel

    path = REPO_ROOT / "models" / "pm-wheel.yaml"
    index = ModelIndex(load_file(path, "pm-wheel.yaml", CompetencyModel).obj)
    placed = index.by_id[competency]
    functions, why = invite_for([placed.competency], [placed.area.name], regulated)
    assert expected <= set(functions), functions
    assert why.endswith(".")
    if not regulated:
        assert "risk-compliance" not in functions


def test_bad_input_is_refused_and_writes_nothing(team: Path, tmp_path: Path) -> None:
    ws = copy_workspace(team, tmp_path / "ws")
    for args, message in (
        (["community", "new", "nonsense"], "unknown competency"),
        (["community", "held", "customer-insight", "--attended", "marketing=3"], "unknown function"),
        (["community", "held", "customer-insight", "--pm", "nobody"], "no PM with handle"),
        (["community", "new", "customer-insight"], "already exists"),
    ):
        result = invoke(["-w", str(ws), *args])
        assert result.exit_code == 2, args
        assert message in result.stderr, result.stderr
    path = ws / "communities" / "customer-insight.yaml"
    path.write_text(path.read_text().replace("customer-insight\n", "customer-insihgt\n", 1))
    result = invoke(["-w", str(ws), "check"])
    assert result.exit_code == 1 and "unknown competency 'customer-insihgt'" in result.stdout
    schema = json.loads(invoke(["schema", "community"]).stdout)
    assert "sessions" in schema["properties"]
