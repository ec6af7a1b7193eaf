"""The upward report and the export: figures checked against ones worked out by hand, and
attempts to recover one PM's ratings from them, which must fail."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from history_repo import commit_on, days_ago, new_workspace, person_yaml
from markdown_rules import check_markdown

from pmkit.org.aggregate import MIN_GROUP, area_figures, build_aggregate, safe_count
from pmkit.org.published import contributors, hold_back
from pmkit.team import build_team_report
from pmkit.workspace import Workspace

from conftest import copy_workspace, invoke

# The hand-made model (tests/data/zero-four.yaml), scale 0-4. Targets:
#   junior: customer-insight 2, problem-framing 1, delivery 2, data-fluency 1
#   senior: customer-insight 3, problem-framing 3, delivery 4, data-fluency 2
SIX = {
    # handle: (name, level, days ago, ratings)   gaps by hand (expected - rating)
    "ann": ("Ann Vale", "junior", 10, {"customer-insight": 1, "problem-framing": 1, "delivery": 2}),
    #   ci +1, pf 0, de 0
    "ben": ("Ben Okoro", "junior", 12, {"customer-insight": 0, "problem-framing": 0, "delivery": 3,
                                        "data-fluency": 1}),
    #   ci +2, pf +1, de -1, df 0
    "cat": ("Cat Moreau", "junior", 14, {"customer-insight": 1, "problem-framing": 2, "delivery": 2,
                                         "data-fluency": 2}),
    #   ci +1, pf -1, de 0, df -1
    "dan": ("Dan Ivers", "senior", 120, {"customer-insight": 2, "problem-framing": 3, "delivery": 4,
                                         "data-fluency": 2}),
    #   ci +1, pf 0, de 0, df 0 (stale: 120 days)
    "eve": ("Eve Marsh", "senior", 20, {"customer-insight": 4, "problem-framing": 1, "delivery": 3}),
    #   ci -1, pf +2, de +1
    "fay": ("Fay Quinn", "senior", None, {}),  # never assessed
}
EVIDENCE = "Ran the pricing interviews alone"


def _write(root: Path, people: dict[str, tuple[str, str, int | None, dict[str, int]]]) -> None:
    files = {}
    for handle, (name, level, ago, ratings) in people.items():
        text = person_yaml(name, level, date=days_ago(ago) if ago is not None else None,
                           ratings=ratings)
        if handle == "ann":
            text = text.replace("    customer-insight: 1",
                                f"    customer-insight: {{rating: 1, evidence: {EVIDENCE}}}")
            text += "talking_points:\n  - Ask about the pricing notes\n"
        files[f"team/{handle}.yaml"] = text
    commit_on(root, days_ago(1), files, "team")


@pytest.fixture(scope="module")
def six(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = new_workspace(tmp_path_factory.mktemp("six") / "ws")
    _write(root, SIX)
    return root


@pytest.fixture(scope="module")
def agg(six: Path) -> dict:
    ws = Workspace(six)
    return build_aggregate(build_team_report(ws), ws.index)


def test_the_rule_for_counts() -> None:
    assert MIN_GROUP == 3
    assert [safe_count(k, 6) for k in range(7)] == [0, None, None, 3, None, None, 6]
    assert safe_count(4, 8) == 4 and safe_count(0, 1) is None and safe_count(3, 3) == 3


def test_competency_figures_match_the_hand_computation(agg: dict) -> None:
    ci = agg["competencies"]["customer-insight"]
    # rated 5 (fay never): withheld, as "5 rated" in a team of six leaves one PM unrated;
    # below: ann, ben, cat, dan = 4, the rest (eve) is one PM: withheld.
    # so it is no common gap, and its band (1 + 2 + 1 + 1) / 4 = 1.25 is not shown either:
    # beside a hidden count it would say "three or more below"
    assert ci["rated"] is None and ci["below_target"] is None and ci["common"] is False
    assert ci["average_shortfall"] is None
    pf = agg["competencies"]["problem-framing"]
    assert pf["rated"] is None and pf["below_target"] is None and pf["average_shortfall"] is None
    df = agg["competencies"]["data-fluency"]
    # rated 3 (ben, cat, dan), but ann and eve are assessed and not rated on it: two PMs
    # left out, so the count is withheld, and the share that would give it back. Nobody
    # below; one above (cat), and no count above target is ever published
    assert df["rated"] is None and df["below_target"] == 0 and df["share_below"] is None
    assert "above_target" not in df
    assert agg["common_gaps"] == []


def test_area_figures_do_not_cancel(agg: dict, six: Path) -> None:
    # every competency's count of PMs rated is withheld (fay is never assessed), so the
    # areas' counts of ratings are too, and the shares that would give them back
    for area in agg["areas"].values():
        assert area == {"ratings": None, "share_below": None, "average_shortfall": None}
    # with fay gone, every count is whole: each PM is rated on ci, pf and de
    people = [p for p in build_team_report(Workspace(six)).people if p.assessed]
    discovery = area_figures(people, "discovery")
    # 10 ratings; 6 below target (ann ci, ben ci, ben pf, cat ci, dan ci, eve pf) from 5 PMs
    assert discovery["ratings"] == 10 and discovery["share_below"] == 60
    # shortfall over the below-target ratings only: (1+2+1+1+1+2) / 6 = 1.33, a band
    assert discovery["average_shortfall"] == "under 1.5"
    # two above target (cat pf, eve ci): never counted, and never offsets the shortfall
    assert "share_above" not in discovery
    delivery = area_figures(people, "delivery-area")
    # 8 ratings; the only one below target is eve's: one PM, so no shortfall band; the
    # share is published only where its competencies' counts are (close_areas), and they
    # would show eve's rating as a count of one, so neither is
    assert delivery["ratings"] == 8 and delivery["average_shortfall"] is None


def test_team_counts_keep_the_rule(agg: dict) -> None:
    assert agg["people"] == 6
    assert agg["assessed"] is None  # 5 of 6: the one left over is one person
    assert agg["health"]["stale"] is None  # dan and fay: two people
    assert agg["levels"] == {"junior": 3, "senior": 3}
    # cells: juniors on ci, pf, de have 3 PMs rated; seniors have 3 on ci/pf/de (dan, eve... no:
    # fay is not rated), so only the junior cells are published
    cells = {(c["competency"], c["level"]): c for c in agg["cells"]}
    assert set(cells) == {("customer-insight", "junior"), ("problem-framing", "junior"),
                          ("delivery", "junior")}
    # junior customer insight: ratings 1, 0, 1; nobody meets 2: 0 of 3, so each is 0 or 1,
    # and a mean of 0.67 (a total of 2) would leave exactly one at 0: no mean
    assert cells[("customer-insight", "junior")]["mean_rating"] is None
    assert cells[("customer-insight", "junior")]["met_target"] == 0
    # trend: everyone's only assessment; dan's is older than 90 days
    assert agg["trend"]["counts"]["first"] is None  # 4 of 5
    assert agg["trend"]["reassessed"] == 0 and agg["trend"]["ratings_up"] is None


def test_no_name_handle_evidence_or_note_leaves_the_team(six: Path, tmp_path: Path) -> None:
    ws = copy_workspace(six, tmp_path / "ws")
    out = tmp_path / "export.json"
    result = invoke(["-w", str(ws), "export", "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    text = out.read_text()
    report = invoke(["-w", str(ws), "team", "--format", "md"]).stdout
    for document in (text, report):
        for handle, (name, *_rest) in SIX.items():
            assert not re.search(rf"\b{handle}\b", document, re.IGNORECASE), handle
            for word in name.split():
                assert not re.search(rf"\b{word}\b", document), word
        assert EVIDENCE not in document and "pricing" not in document.lower()
        assert "--detailed" not in document and "pmkit" not in document.replace(
            "pmkit-team-export", "")
    data = json.loads(text)
    assert data["format"] == "pmkit-team-export" and data["format_version"] == 4
    assert data["model"]["id"] == "tiny" and data["model"]["version"] == 2
    assert {"id": "customer-insight", "name": "Customer insight", "area": "discovery",
            "aliases": ["customer-empathy"]} in data["model"]["competencies"]


def test_upward_report_opens_with_five_lines_and_states_the_rule(six: Path, tmp_path: Path) -> None:
    ws = copy_workspace(six, tmp_path / "ws")
    ask = "Two hours a month of a designer"
    text = invoke(["-w", str(ws), "team", "--format", "md", "--ask", ask]).stdout
    structure = check_markdown(text + "\n" if not text.endswith("\n") else text)
    bullets = structure.bullets[:5]
    assert [b.split(":")[0].strip("*") for b in bullets] == [
        "No gaps", "Top gaps", "Community", "Trend", "Ask"]
    # customer insight: four of the five rated below, a count held back (eve alone is
    # not below), so it is no common gap: the headline ranks only on the figures shown
    assert "Among the figures shown, no competency" in bullets[1]
    assert "Two hours a month of a designer" in bullets[4]
    # the rule, stated once, in a note after the figures
    note = text.index("How these figures stay anonymous: each figure counts either nobody or "
                      "at least 3 PMs")
    assert note > text.rindex("|")
    assert "| Discovery | not shown | not shown |" in text
    assert "| Customer insight | not shown | not shown | not shown | — |" in text
    # "not reassessed" is its own line, apart from "no change"
    assert "| Not reassessed in the last 90 days |" in text
    assert "| Reassessed, no change overall |" in text


def test_a_team_too_small_gets_no_anonymous_report(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    _write(root, {h: SIX[h] for h in ("ann", "ben", "fay")})
    text = invoke(["-w", str(root), "team", "--format", "md"]).stdout
    assert "holds none" in text
    assert "|" not in text and "Customer insight" not in text
    data = json.loads(invoke(["-w", str(root), "export"]).stdout)
    assert data["reportable"] is False
    assert data["competencies"] == {} and data["cells"] == [] and data["areas"] == {}
    # the manager's own view still names them
    detailed = invoke(["-w", str(root), "team", "--format", "md", "--detailed"]).stdout
    assert "Ann Vale" in detailed


def _possible(export: dict, cid: str, low: int = 0, high: int = 4) -> set[tuple[int, ...]]:
    """Every multiset of ratings three PMs could have on ``cid`` that agrees with the export."""
    found = set()
    cell = next(c for c in export["cells"] if c["competency"] == cid)
    for a in range(low, high + 1):
        for b in range(a, high + 1):
            for c in range(b, high + 1):
                if round((a + b + c) / 3, 2) == cell["mean_rating"]:
                    found.add((a, b, c))
    return found


def test_a_team_of_three_with_one_outlier_does_not_give_the_outlier_away(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    _write(root, {"ann": ("Ann Vale", "junior", 5, {"customer-insight": 2}),
                  "ben": ("Ben Okoro", "junior", 5, {"customer-insight": 2}),
                  "cat": ("Cat Moreau", "junior", 5, {"customer-insight": 0})})
    export = json.loads(invoke(["-w", str(root), "export"]).stdout)
    ci = export["competencies"]["customer-insight"]
    assert ci["below_target"] is None and ci["average_shortfall"] is None
    assert "above_target" not in ci  # "nobody above" would cap the three at 6 in all
    # so a mean of 1.33 (4 in all) leaves room either way: one PM at 0 and one at 4, or
    # 1, 1 and 2, or ... The attacker cannot tell which
    assert len(_possible(export, "customer-insight")) > 1
    # with room either way the mean is published, and the attacker's best effort, every
    # set of ratings that fits it, finds more than one
    root = new_workspace(tmp_path / "ws2")  # a new team: no earlier report to compare with
    _write(root, {"ann": ("Ann Vale", "junior", 5, {"customer-insight": 3}),
                  "ben": ("Ben Okoro", "junior", 5, {"customer-insight": 2}),
                  "cat": ("Cat Moreau", "junior", 5, {"customer-insight": 1})})
    export = json.loads(invoke(["-w", str(root), "export"]).stdout)
    assert len(_possible(export, "customer-insight")) > 1
    assert (1, 2, 3) in _possible(export, "customer-insight")


def test_a_level_with_one_person_shows_nothing_of_that_level(six: Path, tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    people = {h: SIX[h] for h in ("ann", "ben", "cat")}
    people["lea"] = ("Lea Stone", "senior", 5, {"customer-insight": 0, "problem-framing": 0,
                                                 "delivery": 0, "data-fluency": 0})
    _write(root, people)
    export = json.loads(invoke(["-w", str(root), "export"]).stdout)
    assert export["levels"]["senior"] is None and export["levels"]["junior"] is None
    assert all(c["level"] != "senior" for c in export["cells"])
    # competency figures mix the senior with the juniors; nothing is about the senior alone
    text = invoke(["-w", str(root), "team", "--format", "md"]).stdout
    assert "| At level Senior PM | not shown |" in text
    assert "Senior PM" not in text.replace("| At level Senior PM | not shown |", "")


def test_differencing_two_reports_recovers_nothing(six: Path, tmp_path: Path) -> None:
    """Report, then one PM is reassessed (or joins): every figure that PM feeds is held back."""
    ws_root = copy_workspace(six, tmp_path / "ws")
    first = json.loads(invoke(["-w", str(ws_root), "export"]).stdout)
    # four of five below on customer insight, a count held back: no band beside it either
    assert first["competencies"]["customer-insight"]["average_shortfall"] is None
    assert "above_target" not in first["competencies"]["customer-insight"]
    # ben is reassessed on customer insight: 0 -> 1
    name, level, _, ratings = SIX["ben"]
    commit_on(ws_root, days_ago(0), {"team/ben.yaml": person_yaml(
        name, level, date=days_ago(0), ratings={**ratings, "customer-insight": 1})})
    second = json.loads(invoke(["-w", str(ws_root), "export"]).stdout)
    fig = second["competencies"]["customer-insight"]
    assert fig["average_shortfall"] is None and fig["rated"] is None
    assert second["areas"]["discovery"]["average_shortfall"] is None
    cells = {(c["competency"], c["level"]) for c in second["cells"]}
    assert ("customer-insight", "junior") not in cells
    assert "competency:customer-insight" in second["held_back"]
    assert "trend" in second["held_back"]
    # what ben's change did not touch is published as before: it gives nothing away
    assert second["competencies"]["problem-framing"] == first["competencies"]["problem-framing"]
    assert ("problem-framing", "junior") in cells
    # a new PM joins with a rating: the figures they feed are held back as well
    commit_on(ws_root, days_ago(0), {"team/gus.yaml": person_yaml(
        "Gus Pell", "senior", date=days_ago(0), ratings={"customer-insight": 1})})
    third = json.loads(invoke(["-w", str(ws_root), "export"]).stdout)
    assert third["competencies"]["customer-insight"]["average_shortfall"] is None
    # once three PMs have changed, the figures come back, computed on today's ratings
    for handle in ("ann", "cat"):
        name, level, _, ratings = SIX[handle]
        commit_on(ws_root, days_ago(0), {f"team/{handle}.yaml": person_yaml(
            name, level, date=days_ago(0), ratings={**ratings, "customer-insight": 2})})
    fourth = json.loads(invoke(["-w", str(ws_root), "export"]).stdout)
    ci = fourth["competencies"]["customer-insight"]
    # rated: ann 2 (0), ben 1 (+1), cat 2 (0), dan 2 (+1), eve 4 (-1), gus 1 (+2) = 6 rated,
    # below: ben, dan, gus = 3 of 6; shortfall (1 + 1 + 2) / 3 = 1.33, under 1.5
    # (6 rated of 7 in the team, fay still unassessed: the count is withheld)
    assert ci["rated"] is None and ci["below_target"] == 3 and ci["average_shortfall"] == "under 1.5"


def test_hold_back_counts_people_not_figures() -> None:
    groups = {"competency:x": {"a": 1, "b": 1, "c": 2, "d": 0}}
    agg = {"reportable": True, "competencies": {"x": {"rated": 4, "below_target": None,
                                                      "average_shortfall": "under 1.5", "common": True}},
           "areas": {}, "cells": [], "trend": None}
    _, state, held = hold_back(dict(agg), groups, None)
    assert held == [] and state["groups"]["competency:x"] == groups["competency:x"]
    moved = {"competency:x": {"a": 1, "b": 2, "c": 2, "d": 0}}
    out, state2, held = hold_back(json.loads(json.dumps(agg)), moved, state)
    assert held == ["competency:x"] and out["competencies"]["x"]["average_shortfall"] is None
    assert state2["groups"]["competency:x"] == groups["competency:x"]  # still the published one
    three = {"competency:x": {"a": 2, "b": 2, "c": 1, "d": 0}}
    _, state3, held = hold_back(json.loads(json.dumps(agg)), three, state2)
    assert held == [] and state3["groups"]["competency:x"] == three["competency:x"]


def test_contributors_never_leave_the_workspace(six: Path, tmp_path: Path) -> None:
    ws_root = copy_workspace(six, tmp_path / "ws")
    invoke(["-w", str(ws_root), "export"])
    state = json.loads((ws_root / ".pmkit" / "published.json").read_text())
    ws = Workspace(ws_root)
    assert state["groups"]["competency:customer-insight"] == contributors(
        build_team_report(ws), ws.index)["competency:customer-insight"]


def test_the_opening_names_the_strength_in_a_sentence_and_dashes_mean_nothing(
        six: Path, tmp_path: Path) -> None:
    ws = copy_workspace(six, tmp_path / "ws")
    text = invoke(["-w", str(ws), "team", "--format", "md"]).stdout
    strong = text.splitlines()[4]
    # data fluency: ben 1, cat 2, dan 2 against 1, 1, 2: no one below target, one above
    # (never counted): no gap, which is not the same as strength
    assert strong == ("- **No gaps:** Nobody rated is below their level's target on "
                      "Data fluency.")
    # no one below target: the average shortfall does not exist ("—"), it is not withheld
    assert "| Data fluency | not shown | 0 | — |" in text
    # "not shown" is explained once, and "—" once
    assert text.count('reads "not shown"') == 1
    assert text.count('"—" marks one with nothing to count') == 1
    trend = next(line for line in text.splitlines() if line.startswith("- **Trend:**"))
    # nobody was reassessed: there is no trend, rather than a trend held back
    assert trend == "- **Trend:** No trend yet: no PM has been reassessed in the last 90 days."


def test_the_community_line_and_the_ask_follow_what_runs(six: Path, tmp_path: Path) -> None:
    ws = copy_workspace(six, tmp_path / "ws")
    result = invoke(["-w", str(ws), "community", "new", "customer-insight", "--start",
                     days_ago(20).isoformat()])
    assert result.exit_code == 0, result.stderr
    text = invoke(["-w", str(ws), "team", "--format", "md"]).stdout
    lines = {line.split(":**")[0][4:]: line.split(":**")[1].strip()
             for line in text.splitlines() if line.startswith("- **")}
    # started 20 days ago, every 14 days: two sessions were due, none recorded
    assert lines["Community"].startswith("The Customer insight community of practice meets every "
                                         "14 days: 0 of 6 sessions held (2 were due by now), the "
                                         "next on 20")
    assert lines["Community"].endswith("; no owner yet.")
    assert lines["Ask"].startswith("Help finding an owner for the Customer insight community of practice")
    check_markdown(text)


def test_a_session_planned_for_today_is_not_late_and_one_past_is_said_in_the_singular(
        six: Path, tmp_path: Path) -> None:
    ws = copy_workspace(six, tmp_path / "ws")
    assert invoke(["-w", str(ws), "community", "new", "customer-insight"]).exit_code == 0
    text = invoke(["-w", str(ws), "team", "--format", "md"]).stdout
    assert "due by now" not in text and "0 of 6 sessions held, the next on" in text
    ws = copy_workspace(six, tmp_path / "ws2")
    assert invoke(["-w", str(ws), "community", "new", "customer-insight", "--start",
                   days_ago(1).isoformat()]).exit_code == 0
    text = invoke(["-w", str(ws), "team", "--format", "md"]).stdout
    assert "0 of 6 sessions held (1 was due by now)" in text


def test_the_report_says_each_thing_once_and_keeps_the_managers_hygiene_figures_home(
        six: Path, tmp_path: Path) -> None:
    """One competency table (with its community column), area figures counted in ratings
    rather than percentages beside counts of PMs, and the 1:1 rate only in the manager's
    own detailed view: "No 1:1 in 14 days: not shown" tells a director of an alarm without
    a size."""
    ws = copy_workspace(six, tmp_path / "ws")
    text = invoke(["-w", str(ws), "team", "--format", "md"]).stdout
    assert "## Common gaps" not in text and text.count("| Competency |") == 1
    assert ("| Competency | PMs rated | Below target | Average shortfall (rating steps) "
            "| Community or book club |") in text
    assert "1:1" not in text and "%" not in text
    assert "Strong" not in text.splitlines()[4]  # nobody below target is meeting target
    detailed = invoke(["-w", str(ws), "team", "--format", "md", "--detailed"]).stdout
    assert "| No 1:1 in the last 14 days |" in detailed


def test_with_no_community_the_report_names_the_next_step_and_the_manager_is_prompted(
        tmp_path: Path) -> None:
    """Three of six juniors one below on customer insight and none planned: the report says
    a community on it is the next step and asks for someone to run it; the terminal, not
    the report, tells the manager the command that plans it."""
    root = new_workspace(tmp_path / "ws")
    people = {h: (f"PM {h.upper()}", "junior", 5, {"customer-insight": 1 if h in "abc" else 2,
                                                   "problem-framing": 1, "delivery": 2,
                                                   "data-fluency": 1}) for h in "abcdef"}
    _write(root, people)
    result = invoke(["-w", str(root), "team", "--format", "md"])
    lines = {line.split(":**")[0][4:]: line.split(":**")[1].strip()
             for line in result.stdout.splitlines() if line.startswith("- **")}
    assert lines["Community"] == "A community of practice on Customer insight is the next step."
    assert lines["Ask"].startswith("Help finding someone strong at Customer insight")
    assert "none planned" not in result.stdout and "pmkit" not in result.stdout
    assert "pmkit community new customer-insight" in result.stderr
    # the area's share counts ratings, and says so: three PMs one below on one of two
    assert "| Discovery | 3 of 12 ratings | under 1.5 |" in result.stdout
    check_markdown(result.stdout)
