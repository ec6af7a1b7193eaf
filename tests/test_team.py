"""``pmkit team``: the whole team against the model, checked against values worked out by hand."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from history_repo import (
    TODAY,
    commit_on,
    counting_git,
    days_ago,
    git_calls,
    new_workspace,
    person_yaml,
    run_pmkit,
)

from pmkit.team import common_gap_threshold, is_overdue

from helpers import invoke

# The hand-made model (tests/data/zero-four.yaml), scale 0-4:
#   customer-insight  weight 2    junior 2, senior 3   (alias customer-empathy)
#   problem-framing   weight 1    junior 1, senior 3
#   delivery          weight 0.5  junior 2, senior 4
#   data-fluency      weight 1    junior 1, senior 2
NAMES = {"ann": "Ann Lee", "ben": "Ben Okoro", "cat": "Cat Moreau", "dan": "Dan Ivers"}


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = new_workspace(tmp_path_factory.mktemp("team") / "ws")
    # Ann, senior: 200 and 100 days ago, then 10 days ago (under the alias).
    for n in (200, 100):
        commit_on(root, days_ago(n), {"team/ann.yaml": person_yaml(
            NAMES["ann"], "senior", date=days_ago(n),
            ratings={"customer-insight": 1, "problem-framing": 2, "delivery": 2})})
    commit_on(root, days_ago(10), {"team/ann.yaml": person_yaml(
        NAMES["ann"], "senior", date=days_ago(10),
        ratings={"customer-empathy": 1, "problem-framing": 3, "delivery": 2})})
    # Ben, junior: 60 days ago, then 5 days ago with customer insight one lower.
    commit_on(root, days_ago(60), {"team/ben.yaml": person_yaml(
        NAMES["ben"], "junior", date=days_ago(60),
        ratings={"customer-insight": 2, "problem-framing": 0, "delivery": 3, "data-fluency": 3})})
    commit_on(root, days_ago(5), {"team/ben.yaml": person_yaml(
        NAMES["ben"], "junior", date=days_ago(5),
        ratings={"customer-insight": 1, "problem-framing": 0, "delivery": 3, "data-fluency": 3})})
    # Cat, senior: one assessment, 120 days ago (stale).
    commit_on(root, days_ago(120), {"team/cat.yaml": person_yaml(
        NAMES["cat"], "senior", date=days_ago(120),
        ratings={"customer-insight": 4, "problem-framing": 1, "delivery": 4, "data-fluency": 2})})
    # Dan, junior: never assessed.
    commit_on(root, days_ago(3), {"team/dan.yaml": person_yaml(NAMES["dan"], "junior")})
    # 1:1s, cadence 7 days, so overdue after 14 days without one.
    commit_on(root, days_ago(1), {
        f"oneonones/ann/{days_ago(14).isoformat()}.md": "# 1:1\n",
        f"oneonones/ben/{days_ago(40).isoformat()}.md": "# 1:1\n",
        f"oneonones/ben/{days_ago(15).isoformat()}.md": "# 1:1\n",
        f"oneonones/dan/{days_ago(-3).isoformat()}.md": "# next 1:1, prepared ahead\n",
        "oneonones/dan/notes.md": "not a 1:1 file\n",
    })
    return root


@pytest.fixture(scope="module")
def report(team: Path) -> dict:
    result = invoke(["-w", str(team), "team", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def person(report: dict, handle: str) -> dict:
    return next(p for p in report["people"] if p["handle"] == handle)


def test_people_totals_match_the_hand_computation(report: dict) -> None:
    assert [p["handle"] for p in report["people"]] == ["ann", "ben", "cat", "dan"]
    # ann (senior): customer insight (alias) 3-1=2, x2 = 4.0; framing 3-3=0;
    #   delivery 4-2=2, x0.5 = 1.0; data fluency not assessed -> 5.0, 2 below target.
    # ben (junior): insight 2-1=1, x2 = 2.0; framing 1-0 = 1.0; delivery -1; data -2 -> 3.0, 2.
    # cat (senior): insight -1; framing 3-1 = 2.0; delivery 0; data 0 -> 2.0, 1.
    # dan: not assessed -> 0.0, 0 (never zero ratings).
    expected = {"ann": (5.0, 2, "senior"), "ben": (3.0, 2, "junior"), "cat": (2.0, 1, "senior"),
                "dan": (0.0, 0, "junior")}
    for handle, (total, below, level) in expected.items():
        p = person(report, handle)
        assert (p["total_gap"], p["below_target"], p["level"]) == (total, below, level), handle
    assert person(report, "ann")["not_assessed"] == ["data-fluency"]
    assert person(report, "ann")["gaps"] == {"customer-insight": 2, "problem-framing": 0,
                                             "delivery": 2}
    assert len(person(report, "dan")["not_assessed"]) == 4
    assert report["weakest"] == "ann"


def test_common_gaps_and_who_could_coach(report: dict) -> None:
    # Four PMs: a common gap needs max(2, a third of 4) = 2 PMs below target.
    assert report["common_gap_threshold"] == 2
    gaps = report["common_gaps"]
    # Insight: ann and ben below; cat one point above target. Framing: ben and cat below,
    # ann exactly on target (no coach). Delivery: only ann. Insight first: 4.0 + 2.0 > 1.0 + 2.0.
    assert [(g["competency"], g["below_target"], g["mentors"]) for g in gaps] == [
        ("customer-insight", ["ann", "ben"], ["cat"]),
        ("problem-framing", ["ben", "cat"], []),
    ]
    assert gaps[0]["average_gap"] == 1.5
    assert gaps[0]["topics"][0]["kind"] == "community-of-practice"


def test_stale_assessments_and_overdue_one_on_ones(report: dict) -> None:
    assert report["stale"] == ["cat", "dan"]
    # ann: 14 days ago is within twice the cadence; ben: 15 days; cat: never;
    # dan: only an agenda prepared ahead (a 1:1 not held yet), and notes.md is no 1:1.
    assert report["overdue_oneonones"] == ["ben", "cat", "dan"]
    assert person(report, "ann")["last_oneonone"] == days_ago(14).isoformat()
    assert person(report, "ben")["last_oneonone"] == days_ago(15).isoformat()
    assert person(report, "cat")["last_oneonone"] is None
    assert person(report, "dan")["last_oneonone"] is None


def test_movement_over_ninety_days(report: dict) -> None:
    ann = person(report, "ann")["movement"]
    # Against the latest assessment dated 90 or more days ago (100 days): framing 2 -> 3.
    # That baseline's total gap at Ann's level: 4.0 + 1.0 + 1.0 = 6.0, now 5.0.
    assert ann == {"trend": "improving", "since": days_ago(100).isoformat(), "points": 1,
                   "total_gap_change": -1.0, "improved": ["problem-framing"], "declined": [],
                   "recent_assessments": 1}
    ben = person(report, "ben")["movement"]
    # Nothing 90 days old: against the oldest inside the window (60 days): insight 2 -> 1.
    assert (ben["trend"], ben["since"], ben["points"], ben["declined"], ben["total_gap_change"]) == (
        "declining", days_ago(60).isoformat(), -1, ["customer-insight"], 2.0)
    cat = person(report, "cat")["movement"]
    assert (cat["trend"], cat["since"], cat["points"]) == ("stalled", days_ago(120).isoformat(), 0)
    assert person(report, "dan")["movement"]["trend"] == "not-assessed"
    assert report["improving"] == ["ann"]
    assert report["declining"] == ["ben"] and report["stalled"] == ["cat"]


def test_a_first_assessment_inside_the_window_is_new(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    commit_on(root, days_ago(30), {"team/eve.yaml": person_yaml(
        "Eve Sun", "junior", date=days_ago(30), ratings={"delivery": 1})})
    data = json.loads(invoke(["-w", str(root), "team", "--format", "json"]).stdout)
    assert data["people"][0]["movement"]["trend"] == "new"
    assert data["weakest"] == "eve" and data["common_gaps"] == []


def test_common_gap_threshold_is_two_or_a_third_of_the_team() -> None:
    assert [common_gap_threshold(n) for n in (1, 3, 6, 7, 9, 10, 30)] == [2, 2, 2, 3, 3, 4, 10]


def test_overdue_boundary() -> None:
    assert not is_overdue(days_ago(14), TODAY, 7)
    assert is_overdue(days_ago(15), TODAY, 7)
    assert is_overdue(None, TODAY, 7)
    assert not is_overdue(days_ago(-2), TODAY, 7)


def test_mentors_and_book_club_from_the_shipped_model(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws", model="pm-wheel")
    ratings = {"amy": 1, "bo": 2, "cy": 5, "di": 4}  # pm level expects 3 for customer insight
    for handle, rating in ratings.items():
        commit_on(root, days_ago(7), {f"team/{handle}.yaml": person_yaml(
            handle.title(), "pm", date=days_ago(7), ratings={"customer-insight": rating})})
    data = json.loads(invoke(["-w", str(root), "team", "--format", "json"]).stdout)
    gap = data["common_gaps"][0]
    # di is exactly one point above target (4 vs 3), cy two: both could coach.
    assert (gap["competency"], gap["below_target"], gap["mentors"]) == (
        "customer-insight", ["amy", "bo"], ["cy", "di"])
    kinds = {t["kind"]: t for t in gap["topics"]}
    assert kinds["book-club"]["title"] == "Book club: Continuous Discovery Habits by Teresa Torres"
    assert kinds["community-of-practice"]["practices"]
    assert {"title": "The Mom Test", "by": "Rob Fitzpatrick", "kind": "book", "year": 2013} in (
        gap["resources"])


def test_markdown_report_names_no_one_unless_detailed(team: Path, tmp_path: Path) -> None:
    from conftest import copy_workspace

    ws = copy_workspace(team, tmp_path / "ws")
    result = invoke(["-w", str(ws), "team", "--format", "md"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Product management team report")
    for handle, name in NAMES.items():
        assert not re.search(rf"\b{handle}\b", text, re.IGNORECASE), handle
        assert name not in text
    assert "| In the team | 4 |" in text
    # ann, ben and cat are rated on customer insight, problem framing and delivery; "3
    # rated" in a team of four would single out the fourth, so the count is not shown
    assert "| Customer insight | not shown |" in text
    assert "--detailed" not in text
    detailed = invoke(["-w", str(ws), "team", "--format", "md", "--detailed"]).stdout
    for handle, name in NAMES.items():
        assert handle in detailed and name in detailed
    assert "| ann | 2 | 0 | 2 | . |" in detailed  # gaps per competency, '.' = not assessed


def test_table_is_plain_text_when_piped(team: Path) -> None:
    result = invoke(["-w", str(team), "team"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b[" not in out
    rows = {line.split()[0]: line.split() for line in out.splitlines()
            if line.split()[:1] in (["ann"], ["ben"], ["cat"], ["dan"])}
    # Gaps per competency, grouped by area; '.' not assessed; '!' an overdue 1:1.
    assert rows["ann"] == ["ann", "senior", "5", "2", "improving", "+1",
                           days_ago(14).isoformat(), "-", "2", "0", "|", "2", "."]  # '-': no other views
    assert rows["cat"][-5:] == ["-1", "2", "|", "0", "0"] and "never!" in rows["cat"]
    assert rows["dan"][-5:] == [".", ".", "|", ".", "."]
    assert "Weakest: ann (total gap 5, 2 below target)" in out
    assert "Overdue 1:1s (none in 14 days): ben, cat, dan" in out
    assert "Customer insight: 2 PMs (ann, ben); could coach: cat" in out


def test_team_reads_history_with_a_fixed_number_of_git_processes(team: Path, tmp_path: Path) -> None:
    env, log = counting_git(tmp_path / "bin")
    args = ["-w", str(team), "team", "--format", "json"]
    first = run_pmkit(args, env)
    assert first.returncode == 0, first.stderr
    assert set(git_calls(log)) <= {"log", "cat-file", "rev-parse"}
    second = run_pmkit(args, env)
    # At the same commit the window read last time is reused: the log started early is
    # stopped unread, and every version is in the store.
    assert sorted(git_calls(log)) == ["log", "rev-parse"]
    assert second.stdout == first.stdout
    # One new commit: only it is read (the range log), then the kept window.
    done = invoke(["-w", str(team), "note", "ann", "Ask about the roadmap"])
    assert done.exit_code == 0, done.stderr
    git_calls(log)
    third = run_pmkit(args, env)
    assert sorted(git_calls(log)) == ["cat-file", "log", "log", "merge-base", "rev-parse"], log
    shutil.rmtree(team / ".git" / "pmkit")
    cold = run_pmkit(args, env)
    assert third.stdout == cold.stdout == first.stdout


def test_warm_runs_read_only_recent_history_and_agree_with_a_full_read(tmp_path: Path) -> None:
    import shutil

    from pmkit.history.team_window import start_team_log, team_histories
    from pmkit.workspace import Workspace

    root = new_workspace(tmp_path / "ws")
    for n in range(8):  # monthly, from 240 to 30 days ago
        day = days_ago(240 - 30 * n)
        commit_on(root, day, {"team/ann.yaml": person_yaml(
            "Ann Lee", "junior", date=day, ratings={"delivery": n % 3, "problem-framing": 1})})
    # Recorded late: an assessment dated 95 days ago, committed 20 days ago. The latest one
    # dated on or before the 90-day cutoff is still the one from 90 days ago.
    commit_on(root, days_ago(20), {"team/ann.yaml": person_yaml(
        "Ann Lee", "junior", date=days_ago(95), ratings={"delivery": 0, "problem-framing": 0})})
    commit_on(root, days_ago(5), {"team/ann.yaml": person_yaml(
        "Ann Lee", "junior", date=days_ago(5), ratings={"delivery": 2, "problem-framing": 2})})
    args = ["-w", str(root), "team", "--format", "json"]
    shutil.rmtree(root / ".git" / "pmkit", ignore_errors=True)
    cold = json.loads(invoke(args).stdout)  # nothing cached...
    pack = next((root / ".git" / "pmkit" / "store").glob("*/packs/history-ann.json"))
    parsed = json.loads(pack.read_bytes().partition(b"\n")[2])
    assert 0 < len(parsed) < 10  # ...but only the versions the window needs are parsed
    warm = json.loads(invoke(args).stdout)
    assert warm == cold
    # 90 days ago: delivery 5 % 3 = 2, framing 1; now 2 and 2.
    assert warm["people"][0]["movement"]["since"] == days_ago(90).isoformat()
    assert warm["people"][0]["movement"]["points"] == 1
    ws = Workspace(root)
    with start_team_log(ws) as log:
        read = team_histories(ws, ["ann"], log, since=days_ago(90))["ann"]
    dates = sorted(a.date for a in read)
    assert dates[0] == days_ago(95).isoformat()  # stopped after the baseline's commit...
    assert days_ago(240).isoformat() not in dates  # ...long before the first assessment
    with start_team_log(ws) as log:
        everything = team_histories(ws, ["ann"], log)["ann"]
    assert len(everything) == 10 and len(read) < len(everything)


def test_a_cold_team_view_parses_each_version_once(team: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """After a clone the store is empty: the current files and the history they are part of
    are read together, and the version that is also the current file is parsed once."""
    from pmkit.files import fast_yaml
    from pmkit.store import blob_id

    warm = invoke(["-w", str(team), "team", "--format", "json"])
    cold = tmp_path / "ws"
    shutil.copytree(team, cold, symlinks=True)
    shutil.rmtree(cold / ".git" / "pmkit", ignore_errors=True)
    parsed: list[str] = []
    real = fast_yaml.read_plain

    def counted(raw: bytes, display: str, path: Path | None = None) -> tuple[object, object]:
        parsed.append(blob_id(raw))
        return real(raw, display, path)

    monkeypatch.setattr("pmkit.loading.read_plain", counted)
    result = invoke(["-w", str(cold), "team", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["people"] == json.loads(warm.stdout)["people"]
    people = [blob_id((cold / "team" / f"{h}.yaml").read_bytes()) for h in NAMES]
    assert set(people) <= set(parsed) and len(parsed) == len(set(parsed))
