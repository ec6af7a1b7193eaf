"""``pmkit export`` into a director's repository, and ``pmkit org`` rolling the teams up:
figures checked against ones computed by hand, trends read from git, older models mapped."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from history_repo import commit_on, days_ago, new_workspace, person_yaml

from pmkit.org.repo import read_org
from pmkit.org.rollup import build_org

from conftest import git, invoke

REPO_ROOT = Path(__file__).resolve().parent.parent

# Tiny model (tests/data/zero-four.yaml); junior targets: ci 2, pf 1, de 2, df 1.
# Team north (three juniors), a lenient rater:   ci 3, 3, 2   pf 2, 2, 2   de 4, 3, 2
# Team south (three juniors), a harsh one:       ci 1, 0, 1   pf 0, 1, 0   de 1, 0, 2
# Team west (two PMs): too small to report.
TEAMS = {
    "north": ("Nora Hale", {"n1": {"customer-insight": 3, "problem-framing": 2, "delivery": 4},
                            "n2": {"customer-insight": 3, "problem-framing": 2, "delivery": 3},
                            "n3": {"customer-insight": 2, "problem-framing": 2, "delivery": 2}}),
    "south": ("Sam Ortiz", {"s1": {"customer-insight": 1, "problem-framing": 0, "delivery": 1},
                            "s2": {"customer-insight": 0, "problem-framing": 1, "delivery": 0},
                            "s3": {"customer-insight": 1, "problem-framing": 0, "delivery": 2}}),
    "west": ("Wren Park", {"w1": {"customer-insight": 2}, "w2": {"customer-insight": 0}}),
}


def make_team(root: Path, manager: str, people: dict[str, dict[str, int]]) -> Path:
    new_workspace(root)
    settings = root / "pmkit.yaml"
    settings.write_text(settings.read_text().replace("Dana Lee", manager))
    files = {f"team/{h}.yaml": person_yaml(f"Person {h.upper()}", "junior", date=days_ago(5),
                                           ratings=r) for h, r in people.items()}
    files["pmkit.yaml"] = settings.read_text()
    commit_on(root, days_ago(5), files, "team")
    return root


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("org")
    repo = base / "org"
    repo.mkdir()
    git(repo, "init", "--quiet")
    for name, (manager, people) in TEAMS.items():
        ws = make_team(base / name, manager, people)
        # the previous quarter: every PM one point lower on customer insight
        older = {h: {**r, "customer-insight": max(0, r["customer-insight"] - 1)}
                 for h, r in people.items() if not (name == "west" and h == "w2")}
        old_ws = make_team(base / f"{name}-old", manager, older)
        for source, day in ((old_ws, days_ago(90)), (ws, days_ago(0))):
            result = invoke(["-w", str(source), "export", "--team", name, "--output",
                             str(repo / f"{name}.json")])
            assert result.exit_code == 0, result.stderr
            commit_on(repo, day, {f"{name}.json": (repo / f"{name}.json").read_text()},
                      f"{name}: export")
    (repo / "README.md").write_text("Exports of the product teams.\n")
    (repo / "notes.json").write_text('{"not": "an export"}\n')
    return repo


@pytest.fixture(scope="module")
def view(org: Path) -> dict:
    return build_org(read_org(org))


def test_each_team_without_ratings_of_individuals(view: dict) -> None:
    teams = {t["team"]: t for t in view["teams"]}
    assert set(teams) == {"north", "south", "west"}
    assert teams["west"]["reportable"] is False and teams["west"]["share_below_target"] is None
    # north: 6 ratings, below target: pf 2 vs 1 is above; none below -> 0%
    assert teams["north"]["share_below_target"] == 0
    # south: ci 1, 0, 1 all below 2; pf 0, 1, 0: two below 1 -> 5 of 6. Not shown: with
    # customer insight's 3 of 3 published, 5 of 6 would give away problem framing's 2 of 3,
    # and so the one PM who meets it.
    assert teams["south"]["share_below_target"] is None
    assert view["people"] == 8


def test_org_common_gaps_and_coverage_by_hand(view: dict) -> None:
    gaps = {g["competency"]: g for g in view["common_gaps"]}
    # customer insight is a common gap in south (3 of 3 below), not in north
    assert gaps["customer-insight"]["teams"] == 1
    # counted over teams that published the count: north 0 of 3, south 3 of 3 -> 50%
    assert gaps["customer-insight"]["share_below"] == 50
    coverage = {c["competency"]: c["levels"] for c in view["coverage"]}
    junior = coverage["customer-insight"]["junior"]
    # north: 3 meet; south: 0 meet -> 3 of 6 = 50%; west is too small to count
    assert junior == {"rated": 6, "met_target_percent": 50, "met_target": 3, "met_of": 6,
                      "teams": 2, "teams_not_counted": 0}
    assert coverage["data-fluency"]["junior"]["rated"] == 0


def test_calibration_shows_the_lenient_and_the_harsh_rater(view: dict) -> None:
    teams = {t["team"]: t for t in view["calibration"]["teams"]}
    # Three PMs' mean is shown only with three points of room either side of what the other
    # figures allow. North's customer insight, 3, 3, 2, all at or above the target of 2 (so
    # at least 6 in total): 8 is two points over, so one PM two above or two PMs one above;
    # south's, 1, 0, 1, all below 2 (so at most 3 in total): 2 leaves exactly one at 0.
    # Neither is published. Delivery, north 4, 3, 2 (9, three over the least of 6 and three
    # under the most of 12) against south 1, 0, 2 (one meets the target: no bound), is:
    # 3.0 against 1.0, a difference of +2.0.
    north = {(r["competency"], r["level"]): r["difference"] for r in teams["north"]["all"]}
    assert north == {("delivery", "junior"): 2.0}
    assert teams["north"]["verdict"] == "lenient" and teams["south"]["verdict"] == "harsh"
    assert "west" not in teams


def test_trends_come_from_the_repository_history(view: dict) -> None:
    trends = {t["team"]: t for t in view["trends"]}
    assert set(trends) == {"north", "south", "west"}
    # south a quarter ago: ci 0, 0, 0 and pf 0, 1, 0 -> 5 of 6 below, then and now: never
    # shown, for the same reason as above
    assert trends["south"]["share_below_target"]["then"] is None
    assert trends["south"]["share_below_target"]["change"] is None
    # north a quarter ago: ci 2, 2, 1 -> one below of 6 ratings (16.7%) ... withheld: one PM
    assert trends["north"]["share_below_target"]["now"] == 0


def test_the_rates_add_up_over_the_teams(view: dict) -> None:
    # nobody is stale (assessed 5 days ago): north and south publish 0 of 3 each; west's
    # "0 of 2" would describe two people, so west is not counted
    assert view["stale_rate"]["count"] == 0 and view["stale_rate"]["of"] == 6
    assert view["stale_rate"]["teams_not_counted"] == 1
    # no 1:1 files anywhere: 3 of 3 in north and in south; west withheld
    assert view["overdue_rate"]["count"] == 6 and view["overdue_rate"]["percent"] == 100


def test_org_command_finds_its_repository_and_prints(org: Path, tmp_path: Path) -> None:
    result = invoke(["org", str(org)])
    assert result.exit_code == 0, result.stderr
    assert "3 teams, 8 PMs" in result.stdout and "north: lenient" in result.stdout
    for person in ("n1", "s2", "Person"):
        assert person not in result.stdout
    by_option = invoke(["-w", str(org), "org", "--format", "json"])
    assert by_option.exit_code == 0 and json.loads(by_option.stdout)["people"] == 8
    missing = invoke(["org", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_an_export_from_an_older_model_maps_through_aliases(org: Path, tmp_path: Path) -> None:
    repo = tmp_path / "org"
    import shutil

    shutil.copytree(org, repo)
    data = json.loads((repo / "south.json").read_text())
    # an older model: customer insight was called customer-empathy then, version 1
    data["model"]["version"] = 1
    for comp in data["model"]["competencies"]:
        if comp["id"] == "customer-insight":
            comp["id"], comp["aliases"] = "customer-empathy", []
    data["competencies"]["customer-empathy"] = data["competencies"].pop("customer-insight")
    data["common_gaps"] = ["customer-empathy" if c == "customer-insight" else c
                           for c in data["common_gaps"]]
    for cell in data["cells"]:
        if cell["competency"] == "customer-insight":
            cell["competency"] = "customer-empathy"
    (repo / "south.json").write_text(json.dumps(data))
    view = build_org(read_org(repo))
    gaps = {g["competency"]: g for g in view["common_gaps"]}
    assert gaps["customer-insight"]["teams"] == 1 and not view["unmapped"]
    # south's cell under the old id is counted with north's under the new one
    coverage = {c["competency"]: c["levels"] for c in view["coverage"]}
    assert coverage["customer-insight"]["junior"]["rated"] == 6


def test_a_broken_export_is_one_clear_error(org: Path, tmp_path: Path) -> None:
    repo = tmp_path / "org"
    repo.mkdir()
    (repo / "bad.json").write_text('{"format": "pmkit-team-export", "format_version": 99}')
    result = invoke(["org", str(repo)])
    assert result.exit_code == 2
    assert "bad.json" in result.stderr and "newer than this pmkit reads" in result.stderr


def test_the_benchmark_org_builder_makes_a_repository_org_reads(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    try:
        from org_repo import build_org_repo
    finally:
        sys.path.pop(0)
    repo = build_org_repo(tmp_path / "org", managers=3, pms=6)
    view = build_org(read_org(repo))
    assert len(view["teams"]) == 3 and view["people"] == 18
    assert len(view["trends"]) == 3


def test_a_team_row_names_every_gap_that_ties_for_second() -> None:
    """Five common gaps with the same figures: the team row names all five, as the team's own
    report does, rather than two picked by the model's order."""
    from pmkit.org.rollup import top_gaps

    same = {"below_target": 3, "rated": 6, "average_shortfall": "under 1.5"}
    data = {"common_gaps": list("abcde"),
            "competencies": {c: dict(same) for c in "abcde"}}
    assert top_gaps(data) == list("abcde")
    data["competencies"]["a"]["below_target"] = 4
    data["competencies"]["b"]["average_shortfall"] = "1.5 or more"
    assert top_gaps(data) == ["a", "b"]
