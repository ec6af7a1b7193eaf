"""Time and identity: a reused handle starts a new history, backdated and future-dated
assessments are refused, and a 1:1 dated ahead has not been held yet."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from helpers import commit_count, git, invoke

SMALL_MODEL = Path(__file__).resolve().parent / "hostile" / "model.yaml"
TODAY = dt.date.today()


def days(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    assert invoke(["init", str(root), "--model", str(SMALL_MODEL)]).exit_code == 0
    assert invoke(["-w", str(root), "add", "alice", "--name", "Alice Chen",
                   "--level", "pm"]).exit_code == 0
    assert invoke(["-w", str(root), "assess", "alice", "--set", "customer-insight=1",
                   "--date", days(-100)]).exit_code == 0
    return root


def test_a_reused_handle_starts_a_new_history(ws: Path) -> None:
    assert invoke(["-w", str(ws), "assess", "alice", "--set", "customer-insight=2",
                   "--date", days(-60)]).exit_code == 0
    assert invoke(["-w", str(ws), "team"]).exit_code == 0  # the window is kept in the store
    git(ws, "rm", "-q", "team/alice.yaml")
    git(ws, "commit", "-qm", "Alice Chen left the team")
    assert invoke(["-w", str(ws), "add", "alice", "--name", "Alice Novak",
                   "--level", "apm"]).exit_code == 0
    assert invoke(["-w", str(ws), "assess", "alice", "--set", "customer-insight=4",
                   "--date", days(-1)]).exit_code == 0
    shown = json.loads(invoke(["-w", str(ws), "history", "alice", "--format", "json"]).stdout)
    assert [e["ratings"] for e in shown["assessments"]] == [{"customer-insight": 4}]
    team = invoke(["-w", str(ws), "team", "--format", "json"])
    assert team.exit_code == 0, team.stderr
    assert "Alice Chen" not in team.stdout
    row = json.loads(team.stdout)["people"][0]
    assert row["movement"]["trend"] == "new" and row["movement"]["recent_assessments"] == 1


def test_an_assessment_older_than_the_current_one_is_refused(ws: Path) -> None:
    before = (ws / "team" / "alice.yaml").read_bytes()
    commits = commit_count(ws)
    result = invoke(["-w", str(ws), "assess", "alice", "--set", "customer-insight=3",
                     "--date", days(-200)])
    assert result.exit_code == 2
    assert "older than the current assessment" in result.stderr and days(-100) in result.stderr
    assert (ws / "team" / "alice.yaml").read_bytes() == before
    assert commit_count(ws) == commits
    same_day = invoke(["-w", str(ws), "assess", "alice", "--set", "customer-insight=2",
                       "--date", days(-100)])
    assert same_day.exit_code == 0, same_day.stderr


def test_future_assessment_dates_are_refused_and_flagged_by_check(ws: Path) -> None:
    ahead = invoke(["-w", str(ws), "assess", "alice", "--set", "customer-insight=3",
                    "--date", days(2)])
    assert ahead.exit_code == 2 and "in the future" in ahead.stderr
    assert invoke(["-w", str(ws), "assess", "alice", "--set", "customer-insight=3",
                   "--date", days(1)]).exit_code == 0  # tomorrow: someone else's today
    path = ws / "team" / "alice.yaml"
    path.write_text(path.read_text().replace(days(1), "2062-01-01"))
    checked = invoke(["-w", str(ws), "check"])
    assert checked.exit_code == 1
    assert "team/alice.yaml:" in checked.stdout and "2062-01-01, in the future" in checked.stdout


def test_a_one_on_one_dated_ahead_does_not_count_as_held(ws: Path) -> None:
    made = invoke(["-w", str(ws), "oneonone", "alice", "--date", days(3)])
    assert made.exit_code == 0, made.stderr
    row = json.loads(invoke(["-w", str(ws), "team", "--format", "json"]).stdout)["people"][0]
    assert row["last_oneonone"] is None and row["oneonone_overdue"] is True
    assert invoke(["-w", str(ws), "oneonone", "alice", "--date", days(-1)]).exit_code == 0
    row = json.loads(invoke(["-w", str(ws), "team", "--format", "json"]).stdout)["people"][0]
    assert row["last_oneonone"] == days(-1) and row["oneonone_overdue"] is False


def test_a_reused_handle_not_yet_committed_has_only_its_own_history(ws: Path) -> None:
    git(ws, "rm", "-q", "team/alice.yaml")
    git(ws, "commit", "-qm", "Alice Chen left the team")
    assert invoke(["-w", str(ws), "--no-commit", "add", "alice", "--name", "Alice Novak",
                   "--level", "apm"]).exit_code == 0
    shown = invoke(["-w", str(ws), "history", "alice", "--format", "json"])
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["assessments"] == []
