"""A team as figures that can leave it: the upward report and ``pmkit export`` both read this.

The rule, everywhere: **no figure describes fewer than three people** (:data:`MIN_GROUP`).

- A count of PMs is shown only when it, and the rest of the group it is counted in, are
  each zero or at least three ("1 of 6 is stale" names someone; so does "5 of 6").
  Otherwise it is withheld (``None``), never rounded to something that looks exact.
- An average or share is shown only when at least three PMs contribute to it; an average
  shortfall only when at least three PMs are below target.
- A competency, a level or a (competency, level) cell with fewer than three PMs rated
  shows no rating figure at all.
- A team with fewer than three PMs assessed has no anonymous figures: ``reportable`` is
  false and everything about ratings is left out.

Denominators count only the PMs rated on that competency (a PM never rated on it is not
"meeting" it); per-area figures keep shortfalls apart from surpluses so they cannot
cancel. Names, handles, evidence and notes never enter the aggregate.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmkit.communities import Progress
    from pmkit.model.index import ModelIndex
    from pmkit.team import PersonRow, TeamReport

MIN_GROUP = 3
FORMAT = "pmkit-team-export"
FORMAT_VERSION = 1
TRENDS = ("improving", "no-change", "declining", "not-reassessed", "first", "not-assessed")


def safe_count(count: int, group: int) -> int | None:
    """``count`` of ``group`` PMs, or None when it or the rest would describe one or two people."""
    rest = group - count
    if (count == 0 or count >= MIN_GROUP) and (rest == 0 or rest >= MIN_GROUP):
        return count
    return None


def half_up(value: float, places: int = 0) -> float:
    """Round halves away from zero, as people do by hand (12.5% is 13%, not 12%)."""
    scale = 10 ** places
    return math.floor(abs(value) * scale + 0.5 + 1e-9) / scale * (1 if value >= 0 else -1)


def _mean(values: Sequence[float], places: int = 1) -> float:
    return half_up(sum(values) / len(values), places)


def _share(count: int, group: int) -> int:
    return int(half_up(100 * count / group))


def _safe_people(with_it: set[str], everyone: set[str]) -> bool:
    """The PMs a share is about, and the rest, are each none or at least three."""
    rest = everyone - with_it
    return (not with_it or len(with_it) >= MIN_GROUP) and (not rest or len(rest) >= MIN_GROUP)


def competency_figures(people: Sequence[PersonRow], cid: str) -> dict[str, Any]:
    """Rated, below target, share below, average shortfall, at or above target: for one competency."""
    rows = [(p.handle, p.report.by_id[cid]) for p in people if cid in p.report.by_id]
    rated = len(rows)
    out: dict[str, Any] = {"rated": rated if rated >= MIN_GROUP else None, "below_target": None,
                           "share_below": None, "average_shortfall": None, "above_target": None,
                           "common": False}
    if rated < MIN_GROUP:
        return out
    below = [row.gap for _, row in rows if row.gap > 0]
    out["common"] = len(below) >= MIN_GROUP and 3 * len(below) >= rated
    above = sum(1 for _, row in rows if row.gap < 0)
    out["below_target"] = safe_count(len(below), rated)
    if out["below_target"] is not None:
        out["share_below"] = _share(len(below), rated)
    if len(below) >= MIN_GROUP:
        out["average_shortfall"] = _mean(below)
    out["above_target"] = safe_count(above, rated)
    return out


def area_figures(people: Sequence[PersonRow], area_id: str | None) -> dict[str, Any]:
    """Share of the area's ratings below target, and the average shortfall of those ratings.

    Both count ratings (a PM rated on four competencies of the area gives four); each is
    shown only when at least three PMs contribute. Above-target ratings never offset
    below-target ones. ``area_id`` None: every area at once.
    """
    rows = [(p.handle, row) for p in people for row in p.report.rows
            if area_id is None or row.area == area_id]
    contributors = {h for h, _ in rows}
    out: dict[str, Any] = {"ratings": None, "share_below": None, "average_shortfall": None,
                           "share_above": None}
    if len(contributors) < MIN_GROUP:
        return out
    below = [(h, row.gap) for h, row in rows if row.gap > 0]
    above = [h for h, row in rows if row.gap < 0]
    out["ratings"] = len(rows)
    if _safe_people({h for h, _ in below}, {h for h, row in rows if row.gap <= 0} | {h for h, _ in below}):
        out["share_below"] = _share(len(below), len(rows))
    if _safe_people(set(above), {h for h, _ in rows}):
        out["share_above"] = _share(len(above), len(rows))
    if len({h for h, _ in below}) >= MIN_GROUP:
        out["average_shortfall"] = _mean([g for _, g in below])
    return out


def cell_figures(people: Sequence[PersonRow], cid: str, level: str) -> dict[str, Any] | None:
    """One competency at one level: mean rating and coverage, or None under three PMs."""
    rows = [p.report.by_id[cid] for p in people
            if p.report.level == level and cid in p.report.by_id]
    if len(rows) < MIN_GROUP:
        return None
    met = sum(1 for row in rows if row.gap <= 0)
    return {"competency": cid, "level": level, "rated": len(rows),
            "mean_rating": _mean([row.rating for row in rows], 2),
            "met_target": safe_count(met, len(rows)),
            "expected": rows[0].expected}


def trend_figures(people: Sequence[PersonRow]) -> dict[str, Any]:
    """How the assessed PMs moved over the window, each count under the rule."""
    assessed = [p for p in people if p.assessed]
    kinds = [p.trend_kind for p in assessed]
    counts = {kind: safe_count(kinds.count(kind), len(assessed)) for kind in TRENDS
              if kind != "not-assessed"}
    reassessed = [p for p in assessed if p.trend_kind in {"improving", "no-change", "declining"}]
    points = None
    if len(reassessed) >= MIN_GROUP:
        points = _mean([float(p.movement.points or 0) for p in reassessed])
    return {"counts": counts, "reassessed": safe_count(len(reassessed), len(assessed)),
            "average_points": points}


def community_figures(progress: Sequence[Progress]) -> list[dict[str, Any]]:
    """Each community: topic, owner status, sessions held, attendance by function, and, when
    at least three PMs took part, how many moved up afterwards."""
    out: list[dict[str, Any]] = []
    for item in progress:
        community = item.community
        took_part = len(item.moved)
        moved: dict[str, int | None] | None = None
        if took_part >= MIN_GROUP:
            moved = {k: safe_count(item.count(k), took_part)
                     for k in ("up", "same", "down", "not-reassessed")}
        owner = community.owner
        out.append({
            "id": item.cid, "kind": community.kind, "topic": community.topic,
            "competencies": list(item.competencies),
            "owner_status": owner.status if owner else "none",
            "owner_function": owner.function if owner else None,
            "cadence_days": community.cadence_days,
            "sessions_planned": len(community.sessions), "sessions_held": item.held,
            "next_session": item.next_session.isoformat() if item.next_session else None,
            "invite": list(community.invite),
            "attendance": dict(sorted(item.attendance.items())),
            "pms_took_part": took_part if took_part >= MIN_GROUP else None,
            "moved_afterwards": moved,
        })
    return out


def model_identity(index: ModelIndex) -> dict[str, Any]:
    """The model, with every competency's aliases, so an export from an older version maps."""
    model = index.model
    return {
        "id": model.id, "name": model.name, "version": model.version,
        "scale": {"low": index.low, "high": index.high},
        "levels": [{"id": lv.id, "name": lv.name} for lv in model.levels],
        "areas": [{"id": a.id, "name": a.name} for a in model.areas],
        "competencies": [{"id": p.competency.id, "name": p.competency.name, "area": p.area.id,
                          "aliases": list(p.competency.aliases)} for p in index.placed],
    }


def build_aggregate(report: TeamReport, index: ModelIndex, progress: Sequence[Progress] = (),
                    team: str | None = None) -> dict[str, Any]:
    """The team's figures under the three-person rule: nothing here names or singles out a PM."""
    people = report.people
    assessed = [p for p in people if p.assessed]
    total = len(people)
    out: dict[str, Any] = {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "generated_on": report.today.isoformat(),
        "team": team or (f"{report.manager}'s team" if report.manager else "team"),
        "manager": report.manager,
        "model": model_identity(index),
        "min_group": MIN_GROUP,
        "people": total,
        "assessed": safe_count(len(assessed), total),
        "reportable": len(assessed) >= MIN_GROUP,
        "settings": {"reassess_after_days": report.reassess_after_days,
                     "cadence_days": report.cadence_days, "movement_days": 90},
        "health": {
            "stale": safe_count(len(report.stale), total),
            "overdue_oneonones": safe_count(len(report.overdue), total),
        },
        "levels": {lv.id: safe_count(sum(1 for p in people if p.report.level == lv.id), total)
                   for lv in index.model.levels},
    }
    if not out["reportable"]:
        out.update({"trend": None, "areas": {}, "overall": None, "competencies": {}, "cells": [],
                    "common_gaps": [], "communities": []})
        return out
    out["trend"] = trend_figures(people)
    out["areas"] = {a.id: area_figures(assessed, a.id) for a in index.model.areas}
    out["overall"] = area_figures(assessed, None)
    out["competencies"] = {p.competency.id: competency_figures(assessed, p.competency.id)
                           for p in index.placed}
    out["cells"] = [cell for p in index.placed for lv in index.model.levels
                    if (cell := cell_figures(assessed, p.competency.id, lv.id)) is not None]
    _no_subtraction(out, index, assessed)
    out["common_gaps"] = common_gaps(assessed, out["competencies"], index)
    out["communities"] = community_figures(progress)
    return out


def _no_subtraction(out: dict[str, Any], index: ModelIndex, people: Sequence[PersonRow]) -> None:
    """An area's figures minus its competencies' shown ones would give away the one hidden
    competency (four below target in the area, three shown: the fourth PM is found). Where
    exactly one competency of an area is hidden, the area's below-target figures are hidden
    too; where exactly one area is then hidden, so are the team-wide ones."""
    for area in index.model.areas:
        hidden = [c.id for c in area.competencies if out["competencies"][c.id]["below_target"] is None
                  and any(c.id in p.report.by_id for p in people)]
        if len(hidden) == 1:
            out["areas"][area.id]["share_below"] = out["areas"][area.id]["average_shortfall"] = None
    rated_areas = [a.id for a in index.model.areas if out["areas"][a.id]["ratings"]]
    unshown = [a for a in rated_areas if out["areas"][a]["share_below"] is None]
    if len(unshown) == 1 and out.get("overall"):
        out["overall"]["share_below"] = out["overall"]["average_shortfall"] = None


def common_gaps(people: Sequence[PersonRow], figures: dict[str, dict[str, Any]],
                index: ModelIndex) -> list[str]:
    """Competencies at least three PMs (and a third of those rated) are below target on,
    most PMs first, then the largest total shortfall, then the model's order."""
    found = []
    for placed in index.placed:
        cid = placed.competency.id
        if not figures[cid]["common"]:
            continue
        gaps = [p.report.by_id[cid].gap for p in people
                if cid in p.report.by_id and p.report.by_id[cid].gap > 0]
        found.append((-len(gaps), -sum(gaps), placed.order, cid))
    found.sort()
    return [cid for *_, cid in found]


def age_days(generated_on: str, today: dt.date) -> int | None:
    try:
        return (today - dt.date.fromisoformat(generated_on)).days
    except ValueError:
        return None


# --- what was published before: the defence against differencing ---------------------------
#
# Two reports that differ by one PM (who joined, left or was reassessed) give that PM's
# figures away by subtraction, however well each report keeps the rule on its own. So the
# workspace remembers, per figure, who it was computed from and with what values the last
# time it left the team (``.pmkit/published.json``, committed with the rest). A figure
# whose contributors changed for one or two PMs since then is held back; once three or
# more have changed it is published again, and remembered anew.


def contributors(report: TeamReport, index: ModelIndex) -> dict[str, dict[str, Any]]:
    """Figure group -> {handle: the values of theirs the group's figures depend on}."""
    groups: dict[str, dict[str, Any]] = {}
    assessed = [p for p in report.people if p.assessed]
    for person in assessed:
        rows = person.report.rows
        for row in rows:
            groups.setdefault(f"competency:{row.competency}", {})[person.handle] = row.gap
            groups.setdefault(f"cell:{row.competency}:{person.report.level}", {})[person.handle] = row.rating
            groups.setdefault(f"area:{row.area}", {}).setdefault(person.handle, []).append(
                [row.competency, row.gap])
            groups.setdefault("overall", {}).setdefault(person.handle, []).append(
                [row.competency, row.gap])
        groups.setdefault("trend", {})[person.handle] = [person.trend_kind, person.movement.points]
    return groups


def _changed(before: dict[str, Any], now: dict[str, Any]) -> int:
    return sum(1 for h in set(before) | set(now) if before.get(h) != now.get(h))


def hold_back(agg: dict[str, Any], groups: dict[str, dict[str, Any]],
              previous: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Withhold every figure whose contributors changed for one or two PMs since it was last
    published; returns the aggregate, the state to remember, and the groups held back."""
    before = (previous or {}).get("groups", {})
    state: dict[str, Any] = {}
    held: list[str] = []
    for key, now in groups.items():
        old = before.get(key)
        if old is not None and 0 < _changed(old, now) < MIN_GROUP:
            if len(now) >= MIN_GROUP:  # a group too small to publish needs no mention
                held.append(key)
            state[key] = old
        elif len(now) >= MIN_GROUP:  # published now: remember who it was computed from
            state[key] = now
        elif old is not None:
            state[key] = old
    for key, old in before.items():  # a group that emptied stays remembered
        state.setdefault(key, old)
    if not agg.get("reportable"):
        return agg, {"groups": state}, held
    for key in held:
        kind, _, rest = key.partition(":")
        if kind == "competency" and rest in agg["competencies"]:
            fig = agg["competencies"][rest]
            agg["competencies"][rest] = {**{k: None for k in fig}, "common": fig["common"],
                                         "held_back": True}
        elif kind == "area" and rest in agg["areas"]:
            agg["areas"][rest] = {**{k: None for k in agg["areas"][rest]}, "held_back": True}
        elif kind == "cell":
            cid, _, level = rest.partition(":")
            agg["cells"] = [c for c in agg["cells"] if (c["competency"], c["level"]) != (cid, level)]
        elif kind == "overall" and agg.get("overall"):
            agg["overall"] = {**{k: None for k in agg["overall"]}, "held_back": True}
        elif kind == "trend" and agg.get("trend"):
            agg["trend"] = {"counts": {k: None for k in agg["trend"]["counts"]}, "reassessed": None,
                            "average_points": None, "held_back": True}
    agg["held_back"] = sorted(held)
    return agg, {"groups": state}, held
