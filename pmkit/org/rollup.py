"""The organisation from its teams' exports: health, common gaps, coverage, trends, calibration.

Only figures an export published are used (each already describes three or more
people), and every figure here sums or averages those: a team's withheld figure stays
withheld, and the roll-up says how many teams it could not count. The calibration view
sets each manager's mean rating for a competency at a level against the rest of the
organisation's for the same cell, so a lenient or harsh rater shows without any
person's rating being shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pmkit.org.aggregate import MIN_GROUP, half_up
from pmkit.org.exports import Export, ModelMap
from pmkit.org.repo import OrgFiles

Cells = dict[tuple[str, str], list[tuple[Export, dict[str, Any]]]]
IdMaps = dict[str, dict[str, str]]

#: How far (in rating points) a manager's cell mean may sit from the rest of the
#: organisation's before the calibration view calls it lenient or harsh.
CALIBRATION_FLAG = 0.5


def _pct(part: float, whole: float) -> float | None:
    return half_up(100 * part / whole, 1) if whole else None


def _rate(exports: Sequence[Export], key: str) -> dict[str, Any]:
    """An org-wide rate from the teams that published the count."""
    counted = [e for e in exports if e.data.get("health", {}).get(key) is not None]
    part = sum(e.data["health"][key] for e in counted)
    whole = sum(e.data["people"] for e in counted)
    return {"count": part, "of": whole, "percent": _pct(part, whole),
            "teams_counted": len(counted), "teams_not_counted": len(exports) - len(counted)}


def _below_share(export: Export) -> float | None:
    """The share of all the team's ratings below target, when the team published it."""
    overall = export.data.get("overall") or {}
    share = overall.get("share_below")
    return float(share) if share is not None else None


def top_gaps(data: dict[str, Any]) -> list[str]:
    """The team's top two common gaps, and any that tie with the second on every figure the
    export shows: naming two of five equal ones would rank what the figures do not."""
    gaps = list(data.get("common_gaps", []))
    comps = data.get("competencies", {})

    def rank(cid: str) -> tuple[Any, ...]:
        fig = comps.get(cid, {})
        return (fig.get("below_target"), fig.get("rated"), fig.get("average_shortfall"))

    top = gaps[:2]
    if len(top) == 2:
        top += [c for c in gaps[2:] if rank(c) == rank(top[1])]
    return top


def team_row(export: Export, names: ModelMap, ids: dict[str, str], today: dt.date) -> dict[str, Any]:
    data = export.data
    health = data.get("health", {})
    trend = data.get("trend") or {}
    try:
        age = (today - dt.date.fromisoformat(data["generated_on"])).days
    except ValueError:
        age = None
    return {
        "team": export.team, "file": export.path, "manager": data.get("manager"),
        "generated_on": data["generated_on"], "age_days": age,
        "model": f"{export.model_id} v{export.model_version}",
        "people": data["people"], "assessed": data.get("assessed"),
        "reportable": data["reportable"],
        "stale": health.get("stale"), "overdue_oneonones": health.get("overdue_oneonones"),
        "share_below_target": _below_share(export) if data["reportable"] else None,
        "ratings_up": trend.get("ratings_up"), "ratings_down": trend.get("ratings_down"),
        "common_gaps": [names.name(ids[c]) for c in data.get("common_gaps", []) if c in ids],
        "top_gaps": [names.name(ids[c]) for c in top_gaps(data) if c in ids],
        "communities": len(data.get("communities", [])),
    }


def common_gaps(exports: Sequence[Export], maps: IdMaps, names: ModelMap) -> list[dict[str, Any]]:
    """Competencies that are a common gap in several teams, with the org's share below target."""
    rows: dict[str, dict[str, Any]] = {}
    for export in exports:
        ids = maps[export.path]
        for raw_id, fig in export.data.get("competencies", {}).items():
            cid = ids.get(raw_id)
            if cid is None:
                continue
            row = rows.setdefault(cid, {"competency": cid, "name": names.name(cid), "teams": 0,
                                        "below": 0, "rated": 0, "teams_counted": 0})
            if raw_id in export.data.get("common_gaps", []):
                row["teams"] += 1
            if fig.get("below_target") is not None and fig.get("rated"):
                row["below"] += fig["below_target"]
                row["rated"] += fig["rated"]
                row["teams_counted"] += 1
    out = []
    for row in rows.values():
        row["share_below"] = _pct(row["below"], row["rated"]) if row["rated"] >= MIN_GROUP else None
        if row["teams"]:
            out.append(row)
    out.sort(key=lambda r: (-r["teams"], -(r["share_below"] or 0), r["competency"]))
    return out


def _cells(exports: Sequence[Export], maps: IdMaps) -> Cells:
    cells: Cells = {}
    for export in exports:
        ids = maps[export.path]
        for cell in export.data.get("cells", []):
            cid = ids.get(cell["competency"])
            if cid is not None:
                cells.setdefault((cid, cell["level"]), []).append((export, cell))
    return cells


def coverage(cells: Cells, names: ModelMap) -> list[dict[str, Any]]:
    """Per competency and level: PMs rated, and the share meeting the level's target."""
    out = []
    for comp in names.competencies:
        levels: dict[str, Any] = {}
        for level in names.levels:
            items = cells.get((comp["id"], level["id"]), [])
            counted = [(e, c) for e, c in items if c.get("met_target") is not None]
            rated = sum(c["rated"] for _, c in items)
            met_rated = sum(c["rated"] for _, c in counted)
            met = sum(c["met_target"] for _, c in counted)
            levels[level["id"]] = {
                "rated": rated, "met_target_percent": _pct(met, met_rated) if met_rated else None,
                "met_target": met if met_rated else None, "met_of": met_rated,
                "teams": len(items), "teams_not_counted": len(items) - len(counted)}
        out.append({"competency": comp["id"], "name": comp.get("name", comp["id"]), "levels": levels})
    return out


def calibration(cells: Cells, names: ModelMap) -> dict[str, Any]:
    """Each team's cell mean minus the mean of the rest of the organisation's same cell."""
    by_team: dict[str, list[dict[str, Any]]] = {}
    for (cid, level), every in sorted(cells.items()):
        items = [(e, c) for e, c in every if c.get("mean_rating") is not None]
        if len(items) < 2:
            continue
        total = sum(c["rated"] for _, c in items)
        weighted = sum(c["mean_rating"] * c["rated"] for _, c in items)
        for export, cell in items:
            rest = total - cell["rated"]
            if rest < MIN_GROUP:
                continue
            rest_mean = (weighted - cell["mean_rating"] * cell["rated"]) / rest
            by_team.setdefault(export.team, []).append({
                "competency": cid, "name": names.name(cid), "level": level,
                "level_name": names.level_name(level), "rated": cell["rated"],
                "difference": half_up(cell["mean_rating"] - rest_mean, 2)})
    teams: list[dict[str, Any]] = []
    for team, rows in sorted(by_team.items()):
        weight = sum(r["rated"] for r in rows)
        lean = half_up(sum(r["difference"] * r["rated"] for r in rows) / weight, 2) if weight else 0.0
        verdict = ("lenient" if lean >= CALIBRATION_FLAG else "harsh" if lean <= -CALIBRATION_FLAG
                   else "in line")
        rows.sort(key=lambda r: -abs(r["difference"]))
        teams.append({"team": team, "cells": len(rows), "lean": lean, "verdict": verdict,
                      "largest": rows[:3], "all": rows})
    teams.sort(key=lambda t: -abs(t["lean"]))
    return {"flag": CALIBRATION_FLAG, "teams": teams}


def trends(files: OrgFiles, today_rows: dict[str, dict[str, Any]], names: ModelMap) -> list[dict[str, Any]]:
    """Each team against its previous export in git: below-target share, stale, overdue."""
    out = []
    for export in files.current:
        before = files.previous.get(export.path)
        if before is None:
            continue
        ids = ModelMap([before]).for_export(before)
        then = team_row(before, names, ids, dt.date.fromisoformat(before.data["generated_on"]))
        now = today_rows[export.path]

        def change(key: str, now: dict[str, Any] = now, then: dict[str, Any] = then) -> float | None:
            a, b = now.get(key), then.get(key)
            return None if a is None or b is None else half_up(a - b, 1)

        out.append({"team": export.team, "since": before.data["generated_on"],
                    "share_below_target": {"then": then["share_below_target"],
                                           "now": now["share_below_target"],
                                           "change": change("share_below_target")},
                    "stale": {"then": then["stale"], "now": now["stale"]},
                    "overdue_oneonones": {"then": then["overdue_oneonones"],
                                          "now": now["overdue_oneonones"]},
                    "people": {"then": then["people"], "now": now["people"]}})
    return out


def build_org(files: OrgFiles, today: dt.date | None = None) -> dict[str, Any]:
    """Everything ``pmkit org`` shows, as plain data."""
    today = today or dt.date.today()
    exports = files.current
    names = ModelMap(exports)
    maps = {e.path: names.for_export(e) for e in exports}
    rows = {e.path: team_row(e, names, maps[e.path], today) for e in exports}
    cells = _cells([e for e in exports if e.data["reportable"]], maps)
    reference = names.reference or {}
    return {
        "date": today.isoformat(), "min_group": MIN_GROUP,
        "model": {"id": reference.get("id"), "version": reference.get("version"),
                  "name": reference.get("name")},
        "teams": [rows[e.path] for e in exports],
        "people": sum(e.data["people"] for e in exports),
        "stale_rate": _rate(exports, "stale"),
        "overdue_rate": _rate(exports, "overdue_oneonones"),
        "common_gaps": common_gaps([e for e in exports if e.data["reportable"]], maps, names),
        "coverage": coverage(cells, names),
        "levels": [{"id": lv["id"], "name": lv.get("name", lv["id"])} for lv in names.levels],
        "calibration": calibration(cells, names),
        "trends": trends(files, rows, names),
        "history": files.has_history,
        "unmapped": {e.team: sorted(set(e.data.get("competencies", {})) - set(maps[e.path]))
                     for e in exports if set(e.data.get("competencies", {})) - set(maps[e.path])},
    }
