"""What left the team before: the defence against comparing two reports.

Two reports that differ by one PM (who joined, left or was reassessed) give that PM's
figures away by subtraction, however well each report keeps the rule on its own. So the
workspace remembers, per figure, who it was computed from and with what values the last
time it left the team (``.pmkit/published.json``, committed with the rest). A figure
whose contributors changed for one or two PMs since then is held back; once three or
more have changed it is published again, and remembered anew. The rest of the aggregate
is then closed again (:func:`pmkit.org.aggregate.close_residuals`), since a figure held
back must not come back by subtraction either.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pmkit.org.suppress import BAND_ORDER, MIN_GROUP, is_common, partition, shortfall_band

if TYPE_CHECKING:
    from pmkit.communities import Progress
    from pmkit.model.index import ModelIndex
    from pmkit.team import TeamReport


def contributors(report: TeamReport, index: ModelIndex,
                 progress: Sequence[Progress] = ()) -> dict[str, dict[str, Any]]:
    """Figure group -> {handle: the values of theirs the group's figures depend on}."""
    groups: dict[str, dict[str, Any]] = {}
    assessed = [p for p in report.people if p.assessed]
    stale = {p.handle for p in report.stale}
    overdue = {p.handle for p in report.overdue}
    for person in report.people:
        groups.setdefault("trend", {})[person.handle] = [
            person.trend_kind, len(person.movement.improved), len(person.movement.declined)]
        groups.setdefault("health:stale", {})[person.handle] = person.handle in stale
        groups.setdefault("health:overdue_oneonones", {})[person.handle] = person.handle in overdue
        groups.setdefault("assessed", {})[person.handle] = person.assessed
    for item in progress:
        groups[f"community:{item.cid}"] = dict(item.moved)
    for person in assessed:
        rows = person.report.rows
        for row in rows:
            groups.setdefault(f"competency:{row.competency}", {})[person.handle] = row.gap
            groups.setdefault(f"cell:{row.competency}:{person.report.level}", {})[person.handle] = row.rating
            groups.setdefault(f"area:{row.area}", {}).setdefault(person.handle, []).append(
                [row.competency, row.gap])
            groups.setdefault("overall", {}).setdefault(person.handle, []).append(
                [row.competency, row.gap])
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
            # whether it is a common gap is a figure too: it stays as last published
            agg["competencies"][rest] = {**{k: None for k in fig}, "common": _common(state[key]),
                                         "held_back": True}
        elif kind == "area" and rest in agg["areas"]:
            agg["areas"][rest] = {**{k: None for k in agg["areas"][rest]}, "held_back": True}
        elif kind == "cell":
            cid, _, level = rest.partition(":")
            agg["cells"] = [c for c in agg["cells"] if (c["competency"], c["level"]) != (cid, level)]
        elif kind == "overall" and agg.get("overall"):
            agg["overall"] = {**{k: None for k in agg["overall"]}, "held_back": True}
        elif kind == "health":
            agg["health"][rest] = None
        elif kind == "assessed":
            agg["assessed"] = None
        elif kind == "community":
            for community in agg.get("communities", []):
                if community["id"] == rest and community["moved_afterwards"] is not None:
                    community["moved_afterwards"] = {k: None for k in community["moved_afterwards"]}
        elif kind == "trend" and agg.get("trend"):
            agg["trend"] = {"counts": {k: None for k in agg["trend"]["counts"]}, "reassessed": None,
                            "ratings_up": None, "ratings_down": None, "held_back": True}
    if any(key.startswith("competency:") for key in held):
        agg["common_gaps"] = _common_gaps(agg, groups, state, held)
    agg["held_back"] = sorted(held)
    return agg, {"groups": state}, held


def _below(gaps: dict[str, Any]) -> tuple[list[float], int | None]:
    """The remembered gaps below target, and their count as it was shown (None: held back)."""
    values = [g for g in gaps.values() if isinstance(g, int | float)]
    below = [g for g in values if g > 0]
    shown = partition({"below": len(below), "rest": len(values) - len(below)})
    return below, shown["below"]


def _common(gaps: dict[str, Any]) -> bool:
    """The common-gap test of :func:`pmkit.org.suppress.is_common`, on remembered gaps."""
    _, shown = _below(gaps)
    return len(gaps) >= MIN_GROUP and is_common(shown, len(gaps), len(gaps))


def _common_gaps(agg: dict[str, Any], groups: dict[str, dict[str, Any]], state: dict[str, Any],
                 held: list[str]) -> list[str]:
    """The common gaps again, ranked on the figures shown, a held-back competency on those it
    was last published with: most PMs below first, then the larger shortfall band, then the
    model's order."""
    found = []
    for order, cid in enumerate(agg["competencies"]):
        key = f"competency:{cid}"
        fig = agg["competencies"][cid]
        if not fig["common"]:
            continue
        if key in held:
            below, count = _below(state.get(key, {}))
            band: str | None = shortfall_band(below) if count and count >= MIN_GROUP else None
        else:
            count, band = fig["below_target"], fig["average_shortfall"]
        found.append((-(count or 0), BAND_ORDER.get(band or "", 2), order, cid))
    found.sort()
    return [cid for *_, cid in found]
