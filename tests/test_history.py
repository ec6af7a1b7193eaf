"""``pmkit history``: every assessment of a PM over time, read from real git history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from history_repo import (
    commit_on,
    counting_git,
    days_ago,
    git_calls,
    new_workspace,
    person_yaml,
    run_pmkit,
)

from helpers import git, invoke

ANN = "team/ann.yaml"


def history_json(root: Path, handle: str, *extra: str) -> dict:
    result = invoke(["-w", str(root), "history", handle, "--format", "json", *extra])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def ann(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Ann's file over a year: three assessments, a talking-point-only commit, an alias."""
    root = new_workspace(tmp_path / "ws")
    shas = {}
    shas["first"] = commit_on(root, days_ago(300), {ANN: person_yaml(
        "Ann Lee", "senior", date=days_ago(300),
        ratings={"customer-insight": 1, "problem-framing": 2, "delivery": 2})}, "assess(ann)")
    shas["note"] = commit_on(root, days_ago(250), {ANN: person_yaml(
        "Ann Lee", "senior", date=days_ago(300),
        ratings={"customer-insight": 1, "problem-framing": 2, "delivery": 2},
        points=["Ask about the roadmap review"])}, "note(ann)")
    shas["second"] = commit_on(root, days_ago(200), {ANN: person_yaml(
        "Ann Lee", "senior", date=days_ago(200),
        ratings={"customer-insight": 2, "problem-framing": 2, "delivery": 3},
        self_date=days_ago(205), self_ratings={"customer-insight": 3, "delivery": 3})},
        "assess(ann)")
    # The same assessment written under the competency's old id (an alias): not a new one.
    shas["alias"] = commit_on(root, days_ago(150), {ANN: person_yaml(
        "Ann Lee", "senior", date=days_ago(200),
        ratings={"customer-empathy": 2, "problem-framing": 2, "delivery": 3},
        self_date=days_ago(205), self_ratings={"customer-insight": 3, "delivery": 3})},
        "rename to the old id")
    shas["third"] = commit_on(root, days_ago(20), {ANN: person_yaml(
        "Ann Lee", "senior", date=days_ago(20),
        ratings={"customer-empathy": 3, "problem-framing": 1, "delivery": 3, "data-fluency": 2},
        self_date=days_ago(25), self_ratings={"customer-insight": 4, "delivery": 3},
        points=["Celebrate the launch"])}, "assess(ann)")
    return root, shas


def test_one_entry_per_distinct_assessment_oldest_first(ann: tuple[Path, dict[str, str]]) -> None:
    root, shas = ann
    data = history_json(root, "ann")
    assert data["handle"] == "ann"
    entries = data["assessments"]
    assert [e["date"] for e in entries] == [days_ago(300).isoformat(), days_ago(200).isoformat(),
                                           days_ago(20).isoformat()]
    # Each entry points at the commit that first recorded it; the talking point and the
    # alias rewrite made no entry of their own.
    assert [e["commit"] for e in entries] == [shas["first"], shas["second"], shas["third"]]
    # Ratings under today's ids, in the model's order; the alias is mapped.
    assert entries[2]["ratings"] == {"customer-insight": 3, "problem-framing": 1, "delivery": 3,
                                     "data-fluency": 2}
    assert list(entries[0]["ratings"]) == ["customer-insight", "problem-framing", "delivery"]
    assert entries[1]["changes"] == {"customer-insight": 1, "delivery": 1}
    assert entries[2]["changes"] == {"customer-insight": 1, "problem-framing": -1}
    assert data["skipped"] == []
    assert data["versions"] == 5


def test_self_assessments_are_their_own_view(ann: tuple[Path, dict[str, str]]) -> None:
    root, shas = ann
    data = history_json(root, "ann", "--self")
    assert data["view"] == "self"
    assert [(e["date"], e["commit"]) for e in data["self_assessments"]] == [
        (days_ago(205).isoformat(), shas["second"]), (days_ago(25).isoformat(), shas["third"])]
    assert data["self_assessments"][1]["changes"] == {"customer-insight": 1}
    # The manager's view is in the same document, unchanged.
    assert len(data["assessments"]) == 3
    table = invoke(["-w", str(root), "history", "ann", "--self"])
    assert table.exit_code == 0, table.stderr
    assert "2 self-assessments" in table.stdout
    assert days_ago(205).isoformat() in table.stdout and days_ago(300).isoformat() not in table.stdout


def test_since_keeps_later_assessments_and_their_changes(ann: tuple[Path, dict[str, str]]) -> None:
    root, _ = ann
    data = history_json(root, "ann", "--since", days_ago(210).isoformat())
    assert [e["date"] for e in data["assessments"]] == [days_ago(200).isoformat(),
                                                        days_ago(20).isoformat()]
    # The first one shown still says how it moved from the one before the window.
    assert data["assessments"][0]["changes"] == {"customer-insight": 1, "delivery": 1}
    bad = invoke(["-w", str(root), "history", "ann", "--since", "last year"])
    assert bad.exit_code == 2 and "--since" in bad.stderr


def test_table_shows_dates_as_columns_with_changes_and_a_sparkline(
        ann: tuple[Path, dict[str, str]]) -> None:
    root, _ = ann
    result = invoke(["-w", str(root), "history", "ann"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Ann Lee (Senior PM): 3 assessments" in out
    header = next(line for line in out.splitlines() if line.startswith("Competency"))
    assert header.split()[1:] == [days_ago(300).isoformat(), days_ago(200).isoformat(),
                                  days_ago(20).isoformat(), "Trend"]
    row = next(line for line in out.splitlines() if line.strip().startswith("Customer insight"))
    # 1, then 2 (+1), then 3 (+1) on a 0-4 scale: a rising sparkline.
    assert row.split()[2:] == ["1", "2", "+1", "3", "+1", "▃▅▆"]
    framing = next(line for line in out.splitlines() if line.strip().startswith("Problem framing"))
    assert "1 -1" in framing
    data_row = next(line for line in out.splitlines() if line.strip().startswith("Data fluency"))
    assert data_row.split()[2:4] == ["-", "-"]
    assert "\x1b[" not in out  # piped: plain text, no colour codes


def test_history_follows_a_rename(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    old = commit_on(root, days_ago(200), {"team/ann-lee.yaml": person_yaml(
        "Ann Lee", "junior", date=days_ago(200), ratings={"delivery": 1})})
    git(root, "mv", "team/ann-lee.yaml", ANN)
    git(root, "commit", "--quiet", "-m", "rename ann")
    new = commit_on(root, days_ago(10), {ANN: person_yaml(
        "Ann Lee", "junior", date=days_ago(10), ratings={"delivery": 2})})
    data = history_json(root, "ann")
    assert [(e["date"], e["commit"], e["ratings"]) for e in data["assessments"]] == [
        (days_ago(200).isoformat(), old, {"delivery": 1}),
        (days_ago(10).isoformat(), new, {"delivery": 2})]


def test_unreadable_versions_are_listed_as_skipped(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    good = commit_on(root, days_ago(100), {ANN: person_yaml(
        "Ann Lee", "junior", date=days_ago(100), ratings={"delivery": 1})})
    broken = commit_on(root, days_ago(80), {ANN: "name: Ann Lee\nlevel: junior\nassessment: [oops\n"})
    invalid = commit_on(root, days_ago(60), {ANN: person_yaml(
        "Ann Lee", "junior", date=days_ago(60), ratings={"delivery": "high"})})
    fixed = commit_on(root, days_ago(40), {ANN: person_yaml(
        "Ann Lee", "junior", date=days_ago(40), ratings={"delivery": 2})})
    data = history_json(root, "ann")
    assert [e["commit"] for e in data["assessments"]] == [good, fixed]
    skipped = {s["commit"]: s for s in data["skipped"]}
    assert list(skipped) == [broken, invalid]
    assert skipped[broken]["reason"].startswith("team/ann.yaml:")
    assert "delivery" in skipped[invalid]["reason"] and "whole number" in skipped[invalid]["reason"]
    assert skipped[broken]["date"] == days_ago(80).isoformat()
    # The table lists them too, and a second (cached) run says the same.
    table = invoke(["-w", str(root), "history", "ann"])
    assert table.exit_code == 0 and "Skipped 2 versions" in table.stdout
    assert history_json(root, "ann") == data


def test_a_version_written_but_not_committed_is_included(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    commit_on(root, days_ago(30), {ANN: person_yaml("Ann Lee", "junior", date=days_ago(30),
                                                    ratings={"delivery": 1})})
    result = invoke(["-w", str(root), "--no-commit", "assess", "ann", "--set", "delivery=2",
                     "--date", days_ago(1).isoformat()])
    assert result.exit_code == 0, result.stderr
    entries = history_json(root, "ann")["assessments"]
    assert [(e["date"], e["ratings"]["delivery"]) for e in entries] == [
        (days_ago(30).isoformat(), 1), (days_ago(1).isoformat(), 2)]
    assert entries[0]["commit"] and entries[1]["commit"] is None
    assert entries[0]["committed_at"].startswith(days_ago(30).isoformat())
    assert entries[1]["committed_at"] is None


def test_unknown_pm_is_an_input_error(ann: tuple[Path, dict[str, str]]) -> None:
    root, _ = ann
    result = invoke(["-w", str(root), "history", "anne", "--format", "json"])
    assert result.exit_code == 2
    assert "no PM with handle 'anne'" in result.stderr and "did you mean 'ann'" in result.stderr
    assert invoke(["-w", str(root), "history", "../ann"]).exit_code == 2


def test_git_processes_do_not_grow_with_the_number_of_versions(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    env, log = counting_git(tmp_path / "bin")
    args = ["-w", str(root), "history", "ann", "--format", "json"]

    def versions(first: int, last: int) -> None:
        for n in range(first, last):
            commit_on(root, days_ago(400 - 10 * n), {ANN: person_yaml(
                "Ann Lee", "junior", date=days_ago(400 - 10 * n), ratings={"delivery": n % 5})})

    versions(0, 3)
    git_calls(log)
    cold = run_pmkit(args, env)
    assert cold.returncode == 0, cold.stderr
    assert git_calls(log) == ["log", "cat-file"]
    warm = run_pmkit(args, env)
    assert git_calls(log) == ["log"]  # every version known: no blob is read
    assert warm.stdout == cold.stdout

    versions(3, 15)
    git_calls(log)
    more = run_pmkit(args, env)
    assert more.returncode == 0, more.stderr
    assert git_calls(log) == ["log", "cat-file"]  # twelve new versions, still one of each
    assert len(json.loads(more.stdout)["assessments"]) == 15


def test_an_assessment_recorded_late_still_sorts_by_its_date(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    recent = commit_on(root, days_ago(30), {ANN: person_yaml(
        "Ann Lee", "junior", date=days_ago(30), ratings={"delivery": 2})})
    backfill = commit_on(root, days_ago(20), {ANN: person_yaml(
        "Ann Lee", "junior", date=days_ago(200), ratings={"delivery": 1})}, "paper assessment")
    latest = commit_on(root, days_ago(5), {ANN: person_yaml(
        "Ann Lee", "junior", date=days_ago(5), ratings={"delivery": 3})})
    entries = history_json(root, "ann")["assessments"]
    assert [(e["date"], e["commit"]) for e in entries] == [
        (days_ago(200).isoformat(), backfill), (days_ago(30).isoformat(), recent),
        (days_ago(5).isoformat(), latest)]
    assert [e["changes"] for e in entries] == [{}, {"delivery": 1}, {"delivery": 1}]


def test_a_broken_current_file_is_refused_even_when_its_history_is_cached(
        ann: tuple[Path, dict[str, str]]) -> None:
    root, _ = ann
    assert invoke(["-w", str(root), "history", "ann", "--format", "json"]).exit_code == 0
    path = root / ANN
    good = path.read_text()
    path.write_text(good.replace("problem-framing: 1", "problem-framing: 9"))
    result = invoke(["-w", str(root), "history", "ann", "--format", "json"])
    assert result.exit_code == 2
    assert "team/ann.yaml:" in result.stderr and "outside the scale 0-4" in result.stderr
    path.write_text(good)
    assert invoke(["-w", str(root), "history", "ann", "--format", "json"]).exit_code == 0


def test_warm_json_runs_import_neither_pydantic_nor_rich(ann: tuple[Path, dict[str, str]]) -> None:
    import subprocess
    import sys

    root, _ = ann
    probe = ("import sys; sys.argv = ['pmkit'] + sys.argv[1:]\n"
             "from pmkit.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('pydantic', 'rich', 'ruamel.yaml', 'jinja2')"
             " if m in sys.modules), file=sys.stderr)\n")

    def loaded(*args: str) -> str:
        done = subprocess.run([sys.executable, "-c", probe, "-w", str(root), *args],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return done.stderr.strip().splitlines()[-1]

    loaded("history", "ann", "--format", "json")  # the first run fills the caches
    assert loaded("history", "ann", "--format", "json") == "[]"
    loaded("team", "--format", "json")
    assert loaded("team", "--format", "json") == "[]"  # validated forms come from the cache


def test_history_outside_git_says_it_shows_only_the_current_file(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "plain"
    assert invoke(["--no-commit", "init", str(root)]).exit_code == 0
    shutil.rmtree(root / ".git", ignore_errors=True)  # --no-commit made no repository
    assert invoke(["-w", str(root), "add", "al", "--name", "Al", "--level", "pm"]).exit_code == 0
    assert invoke(["-w", str(root), "assess", "al", "--set", "delivery=3"]).exit_code == 0
    result = invoke(["-w", str(root), "history", "al", "--format", "json"])
    assert result.exit_code == 0
    assert "shows only the current file" in result.stderr
    assert [a["ratings"] for a in json.loads(result.stdout)["assessments"]] == [{"delivery": 3}]
