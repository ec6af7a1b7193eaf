"""An adversary against the figures that leave a team (the export, which the upward report
renders word for word): small hand-made teams of three to six PMs, and for each attack the
test works out what the attacker would and asserts it describes no one: no figure, and no
difference of figures, is about one or two PMs, and no PM's rating is pinned to one value.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from history_repo import commit_on, days_ago, new_workspace, person_yaml

from pmkit.org.aggregate import build_aggregate
from pmkit.org.suppress import partition, residual_safe, small
from pmkit.team import build_team_report
from pmkit.workspace import Workspace

from conftest import git, invoke

# tests/data/zero-four.yaml: scale 0-4; areas discovery (ci, pf) and delivery-area (de, df)
EXPECTED = {"junior": {"ci": 2, "pf": 1, "de": 2, "df": 1},
            "senior": {"ci": 3, "pf": 3, "de": 4, "df": 2}}
IDS = {"ci": "customer-insight", "pf": "problem-framing", "de": "delivery", "df": "data-fluency"}
AREA = {"ci": "discovery", "pf": "discovery", "de": "delivery-area", "df": "delivery-area"}
LOW, HIGH = 0, 4

# handle: (level, days since the assessment or None, ratings by short id)
TEAMS: dict[str, dict[str, tuple[str, int | None, dict[str, int]]]] = {
    # three juniors: everyone exactly at target on ci; everyone one below on de
    "three": {"a": ("junior", 5, {"ci": 2, "pf": 2, "de": 1, "df": 1}),
              "b": ("junior", 5, {"ci": 2, "pf": 2, "de": 1, "df": 2}),
              "c": ("junior", 5, {"ci": 2, "pf": 0, "de": 1, "df": 0})},
    # three juniors all at the bottom of the scale: every shortfall is the largest possible
    "bottom": {"a": ("junior", 5, {"ci": 0, "pf": 0, "de": 0, "df": 1}),
               "b": ("junior", 5, {"ci": 0, "pf": 0, "de": 0, "df": 1}),
               "c": ("junior", 5, {"ci": 0, "pf": 0, "de": 0, "df": 1})},
    # three juniors and one senior: a level of one, whose ratings differ from the rest
    "four": {"a": ("junior", 5, {"ci": 1, "pf": 1, "de": 2, "df": 1}),
             "b": ("junior", 5, {"ci": 1, "pf": 1, "de": 2, "df": 1}),
             "c": ("junior", 5, {"ci": 1, "pf": 2, "de": 3, "df": 1}),
             "d": ("senior", 5, {"ci": 4, "pf": 1, "de": 4, "df": 0})},
    # three juniors, two seniors; one stale: tempts level counts, cells and the area
    "five": {"a": ("junior", 5, {"ci": 1, "pf": 1, "de": 2, "df": 1}),
             "b": ("junior", 5, {"ci": 1, "pf": 1, "de": 2, "df": 2}),
             "c": ("junior", 5, {"ci": 1, "pf": 0, "de": 2, "df": 0}),
             "d": ("senior", 200, {"ci": 2, "pf": 3, "de": 3, "df": 2}),
             "e": ("senior", 5, {"ci": 3, "pf": 3, "de": 3, "df": 3})},
    # four juniors, two seniors, one never rated on data fluency
    "six": {"a": ("junior", 5, {"ci": 1, "pf": 1, "de": 2, "df": 1}),
            "b": ("junior", 5, {"ci": 1, "pf": 2, "de": 2, "df": 1}),
            "c": ("junior", 5, {"ci": 1, "pf": 1, "de": 3, "df": 0}),
            "d": ("junior", 5, {"ci": 2, "pf": 0, "de": 1}),
            "e": ("senior", 5, {"ci": 2, "pf": 3, "de": 4, "df": 2}),
            "f": ("senior", 5, {"ci": 3, "pf": 2, "de": 3, "df": 3})},
}


def write_team(root: Path, people: dict[str, tuple[str, int | None, dict[str, int]]]) -> Path:
    new_workspace(root)
    files = {f"team/{h}.yaml": person_yaml(f"Person {h.upper()}", level,
                                           date=days_ago(ago) if ago is not None else None,
                                           ratings={IDS[k]: v for k, v in ratings.items()})
             for h, (level, ago, ratings) in people.items()}
    commit_on(root, days_ago(1), files, "team")
    return root


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    base = tmp_path_factory.mktemp("teams")
    out = {}
    for name, people in TEAMS.items():
        ws = Workspace(write_team(base / name, people))
        out[name] = json.loads(json.dumps(build_aggregate(build_team_report(ws), ws.index)))
    return out


def gap(level: str, short: str, rating: int) -> int:
    return EXPECTED[level][short] - rating


def rows(team: str) -> list[tuple[str, str, str, int, int]]:
    """(handle, level, short id, rating, gap) for every rating of the team."""
    return [(h, level, k, r, gap(level, k, r)) for h, (level, _, ratings) in TEAMS[team].items()
            for k, r in ratings.items()]


def recovered(count: float, whole: float) -> int:
    return round(count * whole / 100)


# --- the rule's building block ----------------------------------------------------------

def test_partition_never_leaves_one_or_two_over() -> None:
    for parts in itertools.product(range(6), repeat=3):
        shown = partition(dict(zip("xyz", parts, strict=True)))
        hidden = sum(n for k, n in zip("xyz", parts, strict=True) if shown[k] is None)
        assert not small(hidden) or hidden == sum(parts), parts  # a whole of two: all hidden
        assert all(v is None or not small(v) for v in shown.values()), parts


# --- attacks ------------------------------------------------------------------------------

@pytest.mark.parametrize("team", TEAMS)
def test_team_size_minus_the_levels_shown(exports: dict, team: str) -> None:
    export = exports[team]
    left = export["people"] - sum(v for v in export["levels"].values() if v is not None)
    assert not small(left), export["levels"]


@pytest.mark.parametrize("team", TEAMS)
def test_team_size_minus_the_trend_counts_shown(exports: dict, team: str) -> None:
    trend = exports[team]["trend"]
    if trend is None:
        return
    counts = trend["counts"]
    assert not small(exports[team]["people"] - sum(v for v in counts.values() if v is not None))
    if trend["reassessed"] is not None:
        moved = ("improving", "no-change", "declining")
        assert not small(trend["reassessed"] - sum(counts[k] or 0 for k in moved))
        assert not small(exports[team]["people"] - trend["reassessed"]
                         - sum(counts[k] or 0 for k in counts if k not in moved))


@pytest.mark.parametrize("team", TEAMS)
def test_rated_minus_below_leaves_no_one_or_two_and_nothing_counts_above(exports: dict, team: str) -> None:
    """Nothing above target is published: "none above" would turn every PM not below into a
    PM exactly at target, and "above" beside a hidden "below" pins the rest the same way."""
    export = exports[team]
    assert "above" not in json.dumps(export)
    for cid, fig in export["competencies"].items():
        if fig["rated"] is None or fig["below_target"] is None:
            continue
        assert not small(fig["rated"] - fig["below_target"]), (cid, fig)


@pytest.mark.parametrize("team", TEAMS)
def test_competency_minus_its_level_cells_describes_no_one(exports: dict, team: str) -> None:
    export = exports[team]
    for short, cid in IDS.items():
        fig = export["competencies"][cid]
        if fig["below_target"] is None:
            continue
        covered = {c["level"] for c in export["cells"]
                   if c["competency"] == cid and c["met_target"] is not None}
        rest = [(h, g > 0) for h, level, k, _, g in rows(team) if k == short and level not in covered]
        assert not small(len(rest)), (cid, rest)
        assert residual_safe(rest), (cid, rest)  # below less the cells' below: none or 3+


def test_a_count_below_less_a_cell_leaves_no_one_below_at_another_level(tmp_path: Path) -> None:
    """Six juniors, three below on customer insight; three seniors, one below. "4 of 9
    below" less the junior cell's "3 of 6 meet" leaves one senior below target."""
    people = {h: ("junior", 5, {"ci": 1 if h in "abc" else 2, "pf": 1, "de": 2, "df": 1})
              for h in "abcdef"}
    people |= {h: ("senior", 5, {"ci": 2 if h == "g" else 3, "pf": 3, "de": 4, "df": 2})
               for h in "ghi"}
    export = _attack(tmp_path, people)
    assert export["competencies"]["customer-insight"]["below_target"] == 4
    cells = [c for c in export["cells"] if c["competency"] == "customer-insight"]
    assert all(c["met_target"] is None for c in cells)
    TEAMS["case"] = people
    try:
        test_competency_minus_its_level_cells_describes_no_one({"case": export}, "case")
    finally:
        del TEAMS["case"]


@pytest.mark.parametrize("team", TEAMS)
def test_area_minus_its_competencies_describes_no_one(exports: dict, team: str) -> None:
    export = exports[team]
    for area in ("discovery", "delivery-area"):
        fig = export["areas"][area]
        shorts = [k for k in IDS if AREA[k] == area]
        rated = [k for k in shorts if any(r[2] == k for r in rows(team))]
        if fig["share_below"] is None:
            assert fig["average_shortfall"] is None, area
            continue
        # an area row is shown only beside all its competencies' rows, and is their sum
        comps = [export["competencies"][IDS[k]] for k in rated]
        assert all(c["rated"] is not None and c["below_target"] is not None for c in comps), area
        assert fig["ratings"] == sum(c["rated"] for c in comps)
        assert recovered(fig["share_below"], fig["ratings"]) == sum(c["below_target"] for c in comps)
        bands = {c["average_shortfall"] for c in comps if c["below_target"]}
        if fig["average_shortfall"] is not None:  # only where it follows from theirs
            assert bands == {fig["average_shortfall"]}, (area, bands)


@pytest.mark.parametrize("team", TEAMS)
def test_team_minus_its_areas_describes_no_one(exports: dict, team: str) -> None:
    export = exports[team]
    overall = export["overall"]
    if overall is None or overall["share_below"] is None:
        return
    assert all(export["areas"][AREA[k]]["share_below"] is not None for *_, k, _, _ in rows(team))
    assert all(export["competencies"][IDS[k]]["below_target"] is not None
               for *_, k, _, _ in rows(team))


def _band_totals(band: str, n: int) -> tuple[int, int]:
    """What n shortfalls (each at least 1) can add up to, given their average's band."""
    assert band in ("under 1.5", "1.5 or more"), band  # never an exact number
    return (n, (3 * n - 1) // 2) if band == "under 1.5" else (-(-3 * n // 2), 10 * n)


def _bounds(export: dict, team: str) -> dict[tuple[str, str], tuple[int, int]]:
    """Everything the attacker can narrow each PM's rating to, knowing each PM's level."""
    known = {(h, k): [LOW, HIGH] for h, _, k, _, _ in rows(team)}
    level_of = {h: v[0] for h, v in TEAMS[team].items()}
    for short, cid in IDS.items():
        fig = export["competencies"][cid]
        who = [h for h, _, k, *_ in rows(team) if k == short]
        for h in who:
            e = EXPECTED[level_of[h]][short]
            b = known[(h, short)]
            if fig["below_target"] == len(who):
                b[1] = min(b[1], e - 1)
            if fig["below_target"] == 0:
                b[0] = max(b[0], e)
            if fig.get("above_target") == 0:
                b[1] = min(b[1], e)
            if fig.get("above_target") == len(who):
                b[0] = max(b[0], e + 1)
        if fig["below_target"] == len(who) and fig["average_shortfall"] is not None:
            # every shortfall is at least 1; the band bounds what they add up to
            least, most = _band_totals(fig["average_shortfall"], len(who))
            for _ in range(2):
                for h in who:
                    e = EXPECTED[level_of[h]][short]
                    most_others = sum(EXPECTED[level_of[o]][short] - known[(o, short)][0]
                                      for o in who if o != h)
                    least_others = sum(max(1, EXPECTED[level_of[o]][short] - known[(o, short)][1])
                                       for o in who if o != h)
                    b = known[(h, short)]
                    b[1] = min(b[1], e - (least - most_others))
                    b[0] = max(b[0], e - (most - least_others))
        for cell in export["cells"]:
            if cell["competency"] != cid:
                continue
            members = [h for h in who if level_of[h] == cell["level"]]
            e = cell["expected"]
            for h in members:
                b = known[(h, short)]
                if cell["met_target"] == len(members):
                    b[0] = max(b[0], e)
                if cell["met_target"] == 0:
                    b[1] = min(b[1], e - 1)
            if cell["mean_rating"] is not None:
                total = round(cell["mean_rating"] * len(members))
                for _ in range(3):
                    for h in members:
                        others = [known[(o, short)] for o in members if o != h]
                        b = known[(h, short)]
                        b[0] = max(b[0], total - sum(x[1] for x in others))
                        b[1] = min(b[1], total - sum(x[0] for x in others))
    return {key: (lo, hi) for key, (lo, hi) in known.items()}


@pytest.mark.parametrize("team", TEAMS)
def test_no_rating_is_pinned_to_one_value(exports: dict, team: str) -> None:
    """Every-one-at-target, everyone one below, a cell of equal ratings, the scale's edges:
    however the attacker combines the counts, means and shortfalls, each rating keeps at
    least two possible values."""
    for (h, short), (lo, hi) in _bounds(exports[team], team).items():
        rating = TEAMS[team][h][2][short]
        assert lo <= rating <= hi  # the attacker's reasoning is sound ...
        assert lo < hi, (team, h, short, lo, hi)  # ... and gets nowhere


@pytest.mark.parametrize("team", TEAMS)
def test_no_share_rests_on_fewer_than_three(exports: dict, team: str) -> None:
    export = exports[team]
    for cid, fig in export["competencies"].items():
        if fig["share_below"] is not None:
            below = recovered(fig["share_below"], fig["rated"])
            assert not small(below) and not small(fig["rated"] - below), (cid, fig)
    for key in ("stale", "overdue_oneonones"):
        value = export["health"][key]
        assert value is None or (not small(value) and not small(export["people"] - value))
    text = json.dumps(export)
    for word in ("min", "max", "median", "Person", '"a"'):
        assert f'"{word}' not in text.replace('"min_group"', "")


def test_the_level_of_one_is_invisible(exports: dict) -> None:
    export = exports["four"]
    assert export["levels"] == {"junior": None, "senior": None}
    assert all(c["level"] == "junior" for c in export["cells"])


def test_a_reassessment_and_a_pm_gone_stale_are_held_back_and_not_subtracted(tmp_path: Path) -> None:
    root = write_team(tmp_path / "ws", TEAMS["six"])
    first = json.loads(invoke(["-w", str(root), "export"]).stdout)
    # one PM reassessed on problem framing alone, and the same PM's 1:1 cadence untouched
    level, _, ratings = TEAMS["six"]["b"]
    commit_on(root, days_ago(0), {"team/b.yaml": person_yaml(
        "Person B", level, date=days_ago(0),
        ratings={IDS[k]: (v - 1 if k == "pf" else v) for k, v in ratings.items()})})
    second = json.loads(invoke(["-w", str(root), "export"]).stdout)
    pf = "problem-framing"
    assert all(v is None for k, v in second["competencies"][pf].items()
               if k not in {"common", "held_back"})
    # the area and the team hold it too, so "discovery minus customer insight" is closed
    assert second["areas"]["discovery"]["share_below"] is None
    assert second["overall"]["share_below"] is None
    for cid in ("customer-insight", "delivery"):  # untouched figures stay as published
        assert second["competencies"][cid] == first["competencies"][cid]
    # a PM goes stale with nothing else changed: the stale count is held back
    level, _, ratings = TEAMS["six"]["f"]
    commit_on(root, days_ago(0), {"team/f.yaml": person_yaml(
        "Person F", level, date=days_ago(100), ratings={IDS[k]: v for k, v in ratings.items()})})
    third = json.loads(invoke(["-w", str(root), "export"]).stdout)
    assert first["health"]["stale"] == 0 and third["health"]["stale"] is None


def test_participants_of_a_community_are_split_like_any_group() -> None:
    # four took part: three rated higher, one the same. "3 higher" alone would say the
    # fourth did not move; both are withheld
    shown = partition({"up": 3, "same": 1, "down": 0, "not-reassessed": 0, "no-baseline": 0})
    assert shown["up"] is None and shown["same"] is None and shown["down"] == 0


def test_self_ratings_and_peer_input_never_leave_the_team(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    files = {}
    for h, (level, ago, ratings) in TEAMS["three"].items():
        text = person_yaml(f"Person {h.upper()}", level, date=days_ago(ago or 5),
                           ratings={IDS[k]: v for k, v in ratings.items()},
                           self_date=days_ago(6), self_ratings={"customer-insight": 4})
        text += ("peer_input:\n  - reviewer: Lee Park\n    role: engineering\n"
                 f"    date: {days_ago(6).isoformat()}\n    ratings: {{customer-insight: 0}}\n")
        files[f"team/{h}.yaml"] = text
    commit_on(root, days_ago(1), files, "team")
    assert invoke(["-w", str(root), "check"]).exit_code == 0
    for args in (["export"], ["team", "--format", "md"]):
        text = invoke(["-w", str(root), *args]).stdout
        assert "Lee Park" not in text and "self" not in text.lower() and "peer" not in text.lower()


@pytest.mark.parametrize("team", TEAMS)
def test_an_area_shortfall_gives_back_no_withheld_competency_shortfall(exports: dict, team: str) -> None:
    """The area's shortfall times its ratings below, less the shortfalls its competencies
    show, is the rest: it must not be one competency's withheld shortfall."""
    export = exports[team]
    for area in ("discovery", "delivery-area"):
        if export["areas"][area]["average_shortfall"] is None:
            continue
        for short in (k for k in IDS if AREA[k] == area):
            fig = export["competencies"][IDS[short]]
            assert not ((fig["below_target"] or 0) > 0 and fig["average_shortfall"] is None)


@pytest.mark.parametrize("team", TEAMS)
def test_knowing_who_is_below_target_still_pins_no_shortfall(exports: dict, team: str) -> None:
    """The attacker knows exactly which PMs are below target on a competency (the worst
    case) and tries every shortfall each could have: an exact average of 1.0 over three
    would leave each one value; the band must leave every PM who could be two or more
    points below with at least two."""
    export = exports[team]
    level_of = {h: v[0] for h, v in TEAMS[team].items()}
    for short, cid in IDS.items():
        fig = export["competencies"][cid]
        band = fig["average_shortfall"]
        below = [h for h, _, k, _, g in rows(team) if k == short and g > 0]
        if band is None or not below:
            continue
        assert len(below) >= 3
        least, most = _band_totals(band, len(below))
        widest = [EXPECTED[level_of[h]][short] - LOW for h in below]
        seen: list[set[int]] = [set() for _ in below]
        for gaps in itertools.product(*(range(1, w + 1) for w in widest)):
            if least <= sum(gaps) <= most:
                for i, g in enumerate(gaps):
                    seen[i].add(g)
        for i, w in enumerate(widest):
            assert w < 2 or len(seen[i]) >= 2, (team, cid, below[i], band)


def test_three_one_point_below_shows_a_band_not_one_point(tmp_path: Path) -> None:
    """Three of six juniors exactly one below on customer insight, three at target: the
    report said "3 | 1.0", which put each of the three at exactly one below."""
    people = {h: ("junior", 5, {"ci": 1 if h in "abc" else 2, "pf": 1, "de": 2, "df": 1})
              for h in "abcdef"}
    ws = Workspace(write_team(tmp_path / "ws", people))
    export = build_aggregate(build_team_report(ws), ws.index)
    ci = export["competencies"]["customer-insight"]
    assert ci["below_target"] == 3 and ci["average_shortfall"] == "under 1.5"
    assert export["areas"]["discovery"]["average_shortfall"] in (None, "under 1.5")
    assert all(not isinstance(fig["average_shortfall"], float)
               for fig in [*export["competencies"].values(), *export["areas"].values()])
    TEAMS["ones"] = people
    try:
        test_knowing_who_is_below_target_still_pins_no_shortfall({"ones": export}, "ones")
        test_no_rating_is_pinned_to_one_value({"ones": export}, "ones")
    finally:
        del TEAMS["ones"]


def test_a_common_gap_does_not_vanish_when_one_pm_moves(tmp_path: Path) -> None:
    """Three of six below target on customer insight: a common gap. One of the three is
    reassessed at target; a report that dropped the gap would say which way they moved."""
    people = {h: ("junior", 5, {"ci": 1 if h in "abc" else 2, "pf": 1, "de": 2, "df": 1})
              for h in "abcdef"}
    root = write_team(tmp_path / "ws", people)
    first = json.loads(invoke(["-w", str(root), "export"]).stdout)
    assert "customer-insight" in first["common_gaps"]
    commit_on(root, days_ago(0), {"team/a.yaml": person_yaml(
        "Person A", "junior", date=days_ago(0),
        ratings={IDS[k]: v for k, v in {"ci": 2, "pf": 1, "de": 2, "df": 1}.items()})})
    second = json.loads(invoke(["-w", str(root), "export"]).stdout)
    assert "competency:customer-insight" in second["held_back"]
    assert "customer-insight" in second["common_gaps"]
    assert second["competencies"]["customer-insight"]["common"] is True
    text = invoke(["-w", str(root), "team", "--format", "md"]).stdout
    assert "| **Customer insight** | not shown | 3 or more | not shown |" in text
    assert "Held back in this report" in text


def test_every_attack_fails_on_random_small_teams(tmp_path: Path) -> None:
    """Twelve seeded teams of three to seven PMs, ratings clustered around the targets (so
    groups alike, the attacker's best case, are common): every attack above fails on each."""
    import random

    rng = random.Random(13)
    root = new_workspace(tmp_path / "ws")
    attacks = [test_team_size_minus_the_levels_shown, test_team_size_minus_the_trend_counts_shown,
               test_rated_minus_below_leaves_no_one_or_two_and_nothing_counts_above,
               test_competency_minus_its_level_cells_describes_no_one,
               test_area_minus_its_competencies_describes_no_one,
               test_team_minus_its_areas_describes_no_one, test_no_rating_is_pinned_to_one_value,
               test_no_share_rests_on_fewer_than_three,
               test_an_area_shortfall_gives_back_no_withheld_competency_shortfall,
               test_knowing_who_is_below_target_still_pins_no_shortfall,
               test_a_count_of_pms_rated_leaves_no_one_or_two_unrated,
               test_an_area_share_rests_on_three_pms_each_side,
               test_a_cell_mean_leaves_three_points_of_room_either_way,
               test_cell_counts_give_back_no_hidden_level_or_count_of_pms_rated,
               test_the_common_gaps_follow_from_the_counts_shown_alone]
    for case in range(12):
        team = {}
        for i in range(rng.randint(3, 7)):
            level = rng.choice(["junior", "junior", "senior"])
            team[f"p{case}-{i}"] = (level, 5, {
                k: max(LOW, min(HIGH, EXPECTED[level][k] + rng.choice([-2, -1, -1, 0, 0, 0, 1])))
                for k in IDS if rng.random() > 0.1} or {"ci": 1})
        for old in (root / "team").glob("*.yaml"):
            old.unlink()
        files = {f"team/{h}.yaml": person_yaml(f"Person {h}", level, date=days_ago(ago or 5),
                                               ratings={IDS[k]: v for k, v in ratings.items()})
                 for h, (level, ago, ratings) in team.items()}
        git(root, "add", "-A")
        commit_on(root, days_ago(1), files, f"case {case}")
        ws = Workspace(root)
        export = json.loads(json.dumps(build_aggregate(build_team_report(ws), ws.index)))
        TEAMS["random"] = team
        try:
            for attack in attacks:
                attack({"random": export}, "random")
        finally:
            del TEAMS["random"]


def test_the_order_of_common_gaps_gives_no_hidden_total_away(tmp_path: Path) -> None:
    """Customer insight: three juniors one below each (total 3); delivery: one below, one
    below, two below (total 4). Both show "3 of 6, under 1.5": ranking delivery first by its
    total would tell the reader its shortfalls add up to more, so the model's order decides."""
    people = {h: ("junior", 5, {"ci": 1 if h in "abc" else 2, "pf": 1,
                                "de": {"a": 1, "b": 1, "c": 0}.get(h, 2), "df": 1})
              for h in "abcdef"}
    ws = Workspace(write_team(tmp_path / "ws", people))
    export = build_aggregate(build_team_report(ws), ws.index)
    ci, de = export["competencies"]["customer-insight"], export["competencies"]["delivery"]
    assert (ci["below_target"], ci["average_shortfall"]) == (de["below_target"], de["average_shortfall"])
    assert export["common_gaps"] == ["customer-insight", "delivery"]


# --- round three: counts of PMs rated, area shares, cell means, the trend, the headline ---

@pytest.mark.parametrize("team", TEAMS)
def test_a_count_of_pms_rated_leaves_no_one_or_two_unrated(exports: dict, team: str) -> None:
    """"5 PMs rated" in a team of six, all assessed, says one PM was skipped; and an area's
    count of ratings gives back the sum of its competencies' counts."""
    export = exports[team]
    assessed = {h for h, (_, ago, ratings) in TEAMS[team].items() if ago is not None and ratings}
    for cid in IDS.values():
        rated = export["competencies"][cid]["rated"]
        if rated is not None:
            assert not small(export["people"] - rated) and not small(len(assessed) - rated), cid
    for area in set(AREA.values()):
        fig = export["areas"][area]
        if fig["ratings"]:
            shorts = [k for k, a in AREA.items() if a == area]
            assert all(export["competencies"][IDS[k]]["rated"] is not None for k in shorts), area
        if fig["ratings"] is None:  # a share would give the hidden count of ratings back
            assert fig["share_below"] is None, area


@pytest.mark.parametrize("team", TEAMS)
def test_an_area_share_rests_on_three_pms_each_side(exports: dict, team: str) -> None:
    """A share of ratings: 4 of 12 below target could be two PMs below on both competencies.
    Whatever the count, three or more PMs stand behind it and behind the rest."""
    export = exports[team]
    for area in set(AREA.values()):
        fig = export["areas"][area]
        mine = [(h, g) for h, _, k, _, g in rows(team) if AREA[k] == area]
        if fig["share_below"] is not None:
            assert residual_safe((h, g > 0) for h, g in mine), (area, "below")


def _attack(tmp_path: Path, people: dict[str, tuple[str, int | None, dict[str, int]]]) -> dict:
    """The team's export, after every generic attack above has failed on it."""
    ws = Workspace(write_team(tmp_path / "ws", people))
    export = json.loads(json.dumps(build_aggregate(build_team_report(ws), ws.index)))
    TEAMS["case"] = people
    try:
        for attack in (test_rated_minus_below_leaves_no_one_or_two_and_nothing_counts_above,
                       test_area_minus_its_competencies_describes_no_one,
                       test_team_minus_its_areas_describes_no_one, test_no_rating_is_pinned_to_one_value,
                       test_an_area_share_rests_on_three_pms_each_side):
            attack({"case": export}, "case")
    finally:
        del TEAMS["case"]
    return export


def test_an_area_total_beside_two_hidden_counts_pins_no_one(tmp_path: Path) -> None:
    """Six juniors; one below on customer insight, another on problem framing, everyone
    else exactly at target. Both counts hidden ("1, 2, 4 or 5" each), the area's "not
    shown" below (so 1, 2, 10 or 11) and "0 of 12 above" left one PM below on each and
    five exactly at target. Now the area shows nothing while a competency hides its count."""
    people = {h: ("junior", 5, {"ci": 1 if h == "a" else 2, "pf": 0 if h == "b" else 1,
                                "de": 2, "df": 1}) for h in "abcdef"}
    export = _attack(tmp_path, people)
    comps = export["competencies"]
    assert comps["customer-insight"]["below_target"] is None
    assert comps["problem-framing"]["below_target"] is None
    assert export["areas"]["discovery"] == {"ratings": None, "share_below": None,
                                            "average_shortfall": None}
    assert export["overall"]["share_below"] is None
    assert export["areas"]["delivery-area"]["share_below"] == 0  # both of its rows say so


def test_nobody_below_target_says_nothing_about_who_is_on_it(tmp_path: Path) -> None:
    """Six juniors, nobody below on delivery or data fluency, one above on delivery: "0 of 12
    below" beside "above: not shown" said 1 or 2 above, so ten of twelve exactly at target.
    Now "0 below" stands alone: each rating is at target or above, no more."""
    people = {h: ("junior", 5, {"ci": 2, "pf": 1, "de": 3 if h == "a" else 2, "df": 1})
              for h in "abcdef"}
    export = _attack(tmp_path, people)
    assert export["areas"]["delivery-area"]["share_below"] == 0
    assert export["competencies"]["delivery"]["below_target"] == 0


def test_two_pms_above_on_both_competencies_of_an_area_are_not_a_share(tmp_path: Path) -> None:
    """Six juniors; a and b above target on both competencies of discovery: "4 of 12 ratings
    above" was two PMs. Nothing above target is published, with two such PMs or three."""
    people = {h: ("junior", 5, {"ci": 3 if h in "ab" else 2, "pf": 2 if h in "ab" else 1,
                                "de": 2, "df": 1}) for h in "abcdef"}
    export = _attack(tmp_path, people)
    assert export["areas"]["discovery"]["share_below"] == 0  # no one below: all six say so
    people["c"] = ("junior", 5, {"ci": 3, "pf": 2, "de": 2, "df": 1})
    _attack(tmp_path / "three", people)


def test_an_area_band_shows_only_where_its_competencies_agree(tmp_path: Path) -> None:
    """Customer insight: three 2, 2 and 1 below ("1.5 or more"); problem framing: three 1
    below ("under 1.5"). An area band of "under 1.5" would cap the six shortfalls at 8 and
    leave problem framing's at exactly 3: each of its three PMs exactly one below."""
    people = {h: ("junior", 5, {"ci": {"a": 0, "b": 0, "c": 1}.get(h, 2),
                                "pf": 0 if h in "def" else 1, "de": 2, "df": 1}) for h in "abcdef"}
    export = _attack(tmp_path, people)
    comps = export["competencies"]
    assert comps["customer-insight"]["average_shortfall"] == "1.5 or more"
    assert comps["problem-framing"]["average_shortfall"] == "under 1.5"
    assert export["areas"]["discovery"]["share_below"] == 50
    assert export["areas"]["discovery"]["average_shortfall"] is None
    people = {h: ("junior", 5, {"ci": 1 if h in "abc" else 2, "pf": 0 if h in "def" else 1,
                                "de": 2, "df": 1}) for h in "abcdef"}
    export = _attack(tmp_path / "agree", people)
    assert export["areas"]["discovery"]["average_shortfall"] == "under 1.5"


@pytest.mark.parametrize("team", TEAMS)
def test_a_cell_mean_leaves_three_points_of_room_either_way(exports: dict, team: str) -> None:
    """A mean over a small cell gives its total away; at the edge of what the other figures
    allow, the total says how the ratings are spread (1, 0, 1 all below 2: one PM at 0)."""
    export = exports[team]
    level_of = {h: v[0] for h, v in TEAMS[team].items()}
    for cell in export["cells"]:
        if cell["mean_rating"] is None:
            continue
        short = next(k for k, c in IDS.items() if c == cell["competency"])
        without = json.loads(json.dumps(export))
        for other in without["cells"]:
            if (other["competency"], other["level"]) == (cell["competency"], cell["level"]):
                other["mean_rating"] = None
        bounds = _bounds(without, team)
        members = [h for h, _, k, *_ in rows(team) if k == short and level_of[h] == cell["level"]]
        total = round(cell["mean_rating"] * len(members))
        assert total - sum(bounds[(h, short)][0] for h in members) >= 3, cell
        assert sum(bounds[(h, short)][1] for h in members) - total >= 3, cell


def test_no_movement_beside_hidden_counts_of_the_reassessed() -> None:
    """Five of six reassessed, all higher: the rows of the reassessed and of the rest are
    hidden, and "ratings went up" would say at least three moved, leaving the rest at one
    or two. With three and three, the count and the ratings that moved are shown."""
    from pmkit.org.aggregate import trend_figures
    from pmkit.team import Movement, PersonRow

    def person(handle: str, kind: str, up: int = 0, down: int = 0) -> PersonRow:
        moved = Movement(kind, points=up - down, recent=1 if kind != "stalled" else 0,
                         improved=tuple(f"c{i}" for i in range(up)),
                         declined=tuple(f"c{i}" for i in range(down)))
        return PersonRow(handle, None, None, False, moved)  # type: ignore[arg-type]

    team = [person(h, "improving", up=2) for h in "abcde"] + [person("f", "stalled")]
    trend = trend_figures(team)
    assert trend["reassessed"] is None
    assert trend["ratings_up"] is None and trend["ratings_down"] is None
    team = [person(h, "improving", up=2) for h in "abc"] + [person(h, "stalled") for h in "def"]
    trend = trend_figures(team)
    assert (trend["reassessed"], trend["ratings_up"], trend["ratings_down"]) == (3, 6, 0)


def test_a_hidden_count_is_never_a_common_gap_so_the_ranking_tells_nothing(tmp_path: Path) -> None:
    """Customer insight: four of six juniors below (one at, one above: its count is held
    back); problem framing: three below, shown. Were customer insight ranked first, or
    listed at all, as "3 or more", every hidden count left off the list would be known to
    hide one or two PMs below target. So only the counts shown choose and order the gaps,
    and a hidden count shows no shortfall band either (a band says three or more)."""
    from pmkit.documents.upward_report import team_report_context

    ci = {"a": 1, "b": 1, "c": 1, "d": 0, "e": 2, "f": 3}
    pf = {"a": 0, "b": 0, "c": 0, "d": 1, "e": 1, "f": 1}
    people = {h: ("junior", 5, {"ci": ci[h], "pf": pf[h], "de": 2, "df": 1}) for h in "abcdef"}
    ws = Workspace(write_team(tmp_path / "ws", people))
    report = build_team_report(ws)
    export = build_aggregate(report, ws.index)
    fig = export["competencies"]["customer-insight"]
    assert fig["below_target"] is None and fig["common"] is False
    assert fig["average_shortfall"] is None
    assert export["competencies"]["problem-framing"]["below_target"] == 3
    assert export["common_gaps"] == ["problem-framing"]
    context = team_report_context(report, ws.index, agg=export)
    assert context["opening"]["gaps"] == ("Problem framing (3 of 6 PMs rated below target, "
                                          "mostly one step short) (the count of one other "
                                          "competency is not shown, and it could be larger)")
    assert "4" not in context["opening"]["gaps"]


@pytest.mark.parametrize("team", TEAMS)
def test_the_common_gaps_follow_from_the_counts_shown_alone(exports: dict, team: str) -> None:
    """An attacker who reads the list of common gaps, and its order, learns nothing the
    counts shown do not already say: the list is a function of them."""
    export = exports[team]
    if not export["reportable"]:
        return
    comps = export["competencies"]
    for cid, fig in comps.items():
        if fig["below_target"] is None:
            assert not fig["common"] and fig["average_shortfall"] is None, cid
    shown = [(cid, f) for cid, f in comps.items() if f["common"]]
    order = {"1.5 or more": 0, "under 1.5": 1}
    expected = sorted(shown, key=lambda item: (-item[1]["below_target"],
                                                order.get(item[1]["average_shortfall"], 2)))
    assert export["common_gaps"] == [cid for cid, _ in expected]


def test_zero_rows_beside_a_hidden_count_of_the_reassessed_are_hidden_too() -> None:
    """Five of six reassessed, all higher; one not reassessed. "No change: 0" and "lower: 0"
    beside a hidden "higher" would say everyone reassessed went up, and that the reassessed
    are 1, 2, 4 or 5: a figure about one or two people for a reader who knows who was
    reassessed. With the total hidden, no row of the movement is shown."""
    from pmkit.org.aggregate import trend_figures
    from pmkit.team import Movement, PersonRow

    def person(handle: str, kind: str) -> PersonRow:
        moved = Movement(kind, points=1 if kind == "improving" else 0, recent=int(kind != "stalled"),
                         improved=("c1",) if kind == "improving" else (), declined=())
        return PersonRow(handle, None, None, False, moved)  # type: ignore[arg-type]

    trend = trend_figures([person(h, "improving") for h in "abcde"] + [person("f", "stalled")])
    assert trend["reassessed"] is None
    assert set(trend["counts"].values()) == {None}
    trend = trend_figures([person(h, "improving") for h in "abc"] + [person(h, "stalled") for h in "def"])
    assert trend["counts"]["no-change"] == 0 and trend["counts"]["improving"] == 3


def test_a_gap_whose_count_of_pms_rated_is_held_back_reads_without_it(tmp_path: Path) -> None:
    """Eight juniors, one never rated on customer insight: "7 rated" would single that one
    out, so the report says how many are below target without "of 7"."""
    people = {h: ("junior", 5, {"ci": 1 if h in "abc" else 2, "pf": 1, "de": 2, "df": 1})
              for h in "abcdefg"}
    people["h"] = ("junior", 5, {"pf": 1, "de": 2, "df": 1})
    root = write_team(tmp_path / "ws", people)
    ws = Workspace(root)
    export = build_aggregate(build_team_report(ws), ws.index)
    ci = export["competencies"]["customer-insight"]
    assert (ci["rated"], ci["below_target"], ci["share_below"], ci["common"]) == (None, 3, None, True)
    assert export["areas"]["discovery"]["ratings"] is None
    text = invoke(["-w", str(root), "team", "--format", "md"]).stdout
    assert "| **Customer insight** | not shown | 3 | under 1.5 | next step |" in text
    assert "Customer insight (3 PMs rated below target, mostly one step short)" in text
    assert "None" not in text and " of 7" not in text


@pytest.mark.parametrize("team", TEAMS)
def test_cell_counts_give_back_no_hidden_level_or_count_of_pms_rated(exports: dict, team: str) -> None:
    export = exports[team]
    levels = export["levels"]
    for cid, fig in export["competencies"].items():
        cells = [c for c in export["cells"] if c["competency"] == cid]
        for cell in cells:
            assert levels[cell["level"]] is not None, cell  # a bound on a hidden level
            assert not small(levels[cell["level"]] - cell["rated"]), cell
        rest_people = export["people"] - sum(levels[c["level"]] for c in cells)
        if fig["rated"] is not None:
            rest_rated = fig["rated"] - sum(c["rated"] for c in cells)
            assert not small(rest_rated) and not small(rest_people - rest_rated), cid
        elif cells:
            assert rest_people > 0, cid  # the cells would add up to the hidden count


def test_a_level_of_five_beside_a_level_of_one_shows_no_cell(tmp_path: Path) -> None:
    """Five juniors and one senior: the level counts are hidden, and a junior cell of "5
    rated" would give them back; so would "4 rated" of the five on data fluency."""
    people = {h: ("junior", 5, {"ci": 1, "pf": 1, "de": 2, "df": 1}) for h in "abcde"}
    people["e"] = ("junior", 5, {"ci": 3, "pf": 1, "de": 2})
    people["f"] = ("senior", 5, {"ci": 3, "pf": 3, "de": 4, "df": 2})
    ws = Workspace(write_team(tmp_path / "ws", people))
    export = build_aggregate(build_team_report(ws), ws.index)
    assert export["levels"] == {"junior": None, "senior": None}
    assert export["cells"] == []


def test_pm_attendance_is_counted_only_beside_three_or_more_who_took_part() -> None:
    """"Product 2" at a community's one session says two PMs went; the PMs' line of the
    attendance is a count of PMs like any other, while other functions' lines are not."""
    import datetime as dt
    from types import SimpleNamespace

    from pmkit.communities import Progress
    from pmkit.org.aggregate import community_figures

    community = SimpleNamespace(kind="community", topic="Discovery", owner=None, cadence_days=14,
                                sessions=[], invite=["design"])
    attendance = {"design": 1, "product": 2}
    two = Progress("c1", community, ["customer-insight"], 1, None,  # type: ignore[arg-type]
                   attendance, {"a": "up", "b": "same"})
    three = two._replace(attendance={"design": 1, "product": 3}, moved={**two.moved, "c": "up"})
    today = dt.date(2026, 11, 29)
    assert community_figures([two], today)[0]["attendance"] == {"design": 1}
    assert community_figures([three], today)[0]["attendance"] == {"design": 1, "product": 3}
