"""A team as figures that can leave it: the upward report and ``pmkit export`` both read this.

The rule, everywhere: **no figure describes fewer than three people** (:data:`MIN_GROUP`).

- A count of PMs is shown only when it, and the rest of the group it is counted in, are
  each zero or at least three ("1 of 6 is stale" names someone; so does "5 of 6").
  Otherwise it is withheld (``None``), never rounded to something that looks exact.
- A share is shown only when at least three PMs contribute to it. The average shortfall
  (how far below target the ratings below it are) is shown only when at least three PMs
  are below target and their count is shown, and then only as a band, "under 1.5" or
  "1.5 or more": an exact 1.0 over three PMs below would put each of them exactly one
  point below, and 1.3 would give away that two are one point below and one is two.
- A competency, a level or a (competency, level) cell with fewer than three PMs rated
  shows no rating figure at all.
- A common gap is judged on the counts shown: a competency whose count below target is
  held back is never one, so the list of gaps, and their order, tell nothing about it.
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

from pmkit.org.pins import unpin
from pmkit.org.suppress import BAND_ORDER, is_common, partition, residual_safe, shortfall_band, small
from pmkit.org.suppress import MIN_GROUP as _MIN_GROUP

if TYPE_CHECKING:
    from pmkit.communities import Progress
    from pmkit.model.gaps import GapRow
    from pmkit.model.index import ModelIndex
    from pmkit.team import PersonRow, TeamReport

MIN_GROUP = _MIN_GROUP
FORMAT = "pmkit-team-export"
FORMAT_VERSION = 4  # 2: the average shortfall is a band; 3: ratings up and down, not an average;
# 4: no counts above target
Rated = dict[str, list[tuple["PersonRow", "GapRow"]]]
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


def by_competency(people: Sequence[PersonRow]) -> Rated:
    """Competency id -> (PM, rating row) for every PM rated on it, in one pass."""
    out: Rated = {}
    for person in people:
        for row in person.report.rows:
            out.setdefault(row.competency, []).append((person, row))
    return out


def rated_shown(rated: int, assessed: int, people: int) -> bool:
    """Whether "N PMs rated" may be shown: the PMs it leaves out (assessed but not rated on
    it, and everyone in the team not rated on it) must each be none or three or more, or
    "5 rated" in a team of six says one PM was skipped."""
    return not small(rated) and not small(assessed - rated) and not small(people - rated)


def competency_figures(rated_on: Sequence[tuple[PersonRow, GapRow]], assessed: int | None = None,
                       people: int | None = None) -> dict[str, Any]:
    """Rated, below target, share below, average shortfall: for one competency.

    No count above target: "none above" turns every PM not below into a PM exactly at
    target, and a count above beside a hidden count below pins the rest the same way.
    "Nobody below target" says what a strength needs and pins nothing."""
    rows = [row for _, row in rated_on]
    rated = len(rows)
    shown = rated_shown(rated, rated if assessed is None else assessed,
                        rated if people is None else people)
    out: dict[str, Any] = {"rated": rated if shown else None, "below_target": None,
                           "share_below": None, "average_shortfall": None, "common": False}
    if rated < MIN_GROUP:
        return out
    below = [row.gap for row in rows if row.gap > 0]
    out["below_target"] = safe_count(len(below), rated)  # the PMs below, and the rest
    if out["below_target"] is not None and shown:  # a share would give the hidden count back
        out["share_below"] = _share(len(below), rated)
    if len(below) >= MIN_GROUP and out["below_target"] is not None:  # beside a hidden count,
        out["average_shortfall"] = shortfall_band(below)  # a band would say "three or more"
    out["common"] = is_common(out["below_target"], out["rated"], people or rated)
    return out


def area_figures(people: Sequence[PersonRow], area_id: str | None) -> dict[str, Any]:
    """Share of the area's ratings below target, and the average shortfall of those ratings.

    Both count ratings (a PM rated on two competencies of the area gives two), and ratings
    above target never offset those below. These are the figures before
    :func:`close_areas`, which keeps them only where the competencies' figures already
    give them. ``area_id`` None: every area at once."""
    rows = [(p.handle, row) for p in people for row in p.report.rows
            if area_id is None or row.area == area_id]
    out: dict[str, Any] = {"ratings": None, "share_below": None, "average_shortfall": None}
    if not rows:
        return {**out, "ratings": 0}
    if len({h for h, _ in rows}) < MIN_GROUP:
        return out
    below = [(h, row.gap) for h, row in rows if row.gap > 0]
    out["ratings"] = len(rows)
    out["share_below"] = _share(len(below), len(rows))
    if len({h for h, _ in below}) >= MIN_GROUP:
        out["average_shortfall"] = shortfall_band([g for _, g in below])
    return out


def close_areas(out: dict[str, Any], index: ModelIndex, people: Sequence[PersonRow]) -> None:
    """Keep an area's (and the team's) figures only where its competencies' figures give
    them already, so that they add nothing a reader could subtract or solve for.

    Every competency of the area with a rating must show how many PMs were rated and how
    many are below target: the area's share is then their sum, and a hidden count stays
    hidden (an area total beside two hidden counts of "1, 2, 4 or 5" can leave only "1
    and 1"). The average shortfall band is kept only where every competency with PMs below
    shows the same band: averages all under 1.5 give an average under 1.5, while mixed
    bands would bound the totals of each and could pin one PM's shortfall."""
    comps = out["competencies"]
    rated = by_competency(people)
    wholes = [(out["areas"].get(a.id), [c.id for c in a.competencies]) for a in index.model.areas]
    wholes.append((out.get("overall"), [p.competency.id for p in index.placed]))
    for fig, cids in wholes:
        if not fig:
            continue
        present = [c for c in cids if rated.get(c)]
        if not present:
            continue
        if not all(comps[c]["rated"] is not None and comps[c]["below_target"] is not None
                   for c in present):
            fig.update({"ratings": None, "share_below": None, "average_shortfall": None})
            continue
        bands = {comps[c]["average_shortfall"] for c in present if comps[c]["below_target"]}
        if len(bands) != 1 or None in bands:
            fig["average_shortfall"] = None


def cell_figures(rated_on: Sequence[tuple[PersonRow, GapRow]], cid: str,
                 level: str) -> dict[str, Any] | None:
    """One competency at one level: mean rating and coverage, or None under three PMs."""
    rows = [row for p, row in rated_on if p.report.level == level]
    if len(rows) < MIN_GROUP:
        return None
    met = sum(1 for row in rows if row.gap <= 0)
    return {"competency": cid, "level": level, "rated": len(rows),
            "mean_rating": _mean([row.rating for row in rows], 2),
            "met_target": safe_count(met, len(rows)),
            "expected": rows[0].expected}


def trend_figures(people: Sequence[PersonRow]) -> dict[str, Any]:
    """How the PMs moved over the window: the kinds split the whole team (the never
    assessed included, so that the counts cannot be subtracted from the team's size), and
    the reassessed, a subtotal, is shown only when neither it nor the rest gives a hidden
    kind away.

    The movement itself is counted in ratings, not per PM: how many of the reassessed PMs'
    competency ratings went up, and how many down, each shown only when it is none or comes
    from three or more PMs (both, or neither: one hidden alone would say that one or two
    PMs had a rating move that way). Any movement shown says three or more PMs were reassessed, so
    it is shown only beside the count of the reassessed: otherwise "at least three" and the
    hidden counts would leave the rest at one or two."""
    kinds = [p.trend_kind for p in people]
    counts = partition({kind: kinds.count(kind) for kind in TRENDS})
    moved = {"improving", "no-change", "declining"}
    reassessed = [p for p in people if p.trend_kind in moved]
    inside = sum(kinds.count(k) for k in moved if counts[k] is None)
    outside = sum(kinds.count(k) for k in TRENDS if k not in moved and counts[k] is None)
    shown_total = None if small(inside) or small(outside) else len(reassessed)
    if shown_total is None:  # a zero beside a hidden total would make one kind the total:
        counts = dict.fromkeys(counts)  # "none lower, none the same" says all went up
    up: int | None = None
    down: int | None = None
    if shown_total is not None and shown_total >= MIN_GROUP:
        raised = [p.handle for p in reassessed for _ in p.movement.improved]
        lowered = [p.handle for p in reassessed for _ in p.movement.declined]
        if not small(len(set(raised))) and not small(len(set(lowered))):
            up, down = len(raised), len(lowered)  # one held back alone would say "one or two"
    return {"counts": counts, "reassessed": shown_total, "ratings_up": up, "ratings_down": down}


def community_figures(progress: Sequence[Progress], today: dt.date) -> list[dict[str, Any]]:
    """Each community: topic, owner status, sessions held, attendance by function, and, when
    at least three PMs took part, how many moved up afterwards."""
    out: list[dict[str, Any]] = []
    for item in progress:
        community = item.community
        took_part = len(item.moved)
        moved: dict[str, int | None] | None = None
        if took_part >= MIN_GROUP:
            moved = partition({k: item.count(k) for k in
                               ("up", "same", "down", "not-reassessed", "no-baseline")})
        owner = community.owner
        out.append({
            "id": item.cid, "kind": community.kind, "topic": community.topic,
            "competencies": list(item.competencies),
            "owner_status": owner.status if owner else "none",
            "owner_function": owner.function if owner else None,
            "cadence_days": community.cadence_days,
            "sessions_planned": len(community.sessions), "sessions_held": item.held,
            # a session planned for today is not late yet
            "sessions_due": sum(1 for s in community.sessions if s.date < today),
            "next_session": item.next_session.isoformat() if item.next_session else None,
            "invite": list(community.invite),
            # the product line counts PMs: kept only beside three or more who took part
            "attendance": {f: n for f, n in sorted(item.attendance.items())
                           if f != "product" or took_part >= MIN_GROUP},
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


def _two(count: int, total: int) -> int | None:
    return partition({"yes": count, "no": total - count})["yes"]


def build_aggregate(report: TeamReport, index: ModelIndex, progress: Sequence[Progress] = (),
                    team: str | None = None) -> dict[str, Any]:
    """The team's figures under the three-person rule: nothing here names or singles out a PM."""
    people = report.people
    assessed = [p for p in people if p.assessed]
    total = len(people)
    levels = partition({lv.id: sum(1 for p in people if p.report.level == lv.id)
                        for lv in index.model.levels})
    out: dict[str, Any] = {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "generated_on": report.today.isoformat(),
        "team": team or (f"{report.manager}'s team" if report.manager else "team"),
        "manager": report.manager,
        "model": model_identity(index),
        "min_group": MIN_GROUP,
        "people": total,
        "assessed": _two(len(assessed), total),
        "reportable": len(assessed) >= MIN_GROUP,
        "settings": {"reassess_after_days": report.reassess_after_days,
                     "cadence_days": report.cadence_days, "movement_days": 90},
        "health": {
            "stale": _two(len(report.stale), total),
            "overdue_oneonones": _two(len(report.overdue), total),
        },
        "levels": levels,
    }
    if not out["reportable"]:
        out.update({"trend": None, "areas": {}, "overall": None, "competencies": {}, "cells": [],
                    "common_gaps": [], "communities": []})
        return out
    out["trend"] = trend_figures(people)
    rated = by_competency(assessed)
    out["competencies"] = {p.competency.id: competency_figures(rated.get(p.competency.id, []),
                                                               len(assessed), total)
                           for p in index.placed}
    out["areas"] = {a.id: area_figures(assessed, a.id) for a in index.model.areas}
    out["overall"] = area_figures(assessed, None)
    out["cells"] = [cell for p in index.placed for lv in index.model.levels
                    if (cell := cell_figures(rated.get(p.competency.id, []), p.competency.id, lv.id))
                    is not None]
    close_cells(out)  # before the pins: a cell withheld narrows nothing
    unpin(out, index, assessed)
    close_residuals(out, index, assessed)
    for fig in out["competencies"].values():  # a count the pins held back is no longer shown
        fig["common"] = fig["common"] and fig["below_target"] is not None
    out["common_gaps"] = common_gaps(out["competencies"], index)
    out["communities"] = community_figures(progress, report.today)
    return out


def close_residuals(out: dict[str, Any], index: ModelIndex, people: Sequence[PersonRow]) -> None:
    """Withhold what subtraction would give back (see :mod:`pmkit.org.suppress`).

    - A competency's PMs below target minus its levels' cells: the PMs at levels without a
      shown cell, and those of them below target, and those not, must not be one or two;
      if they are, the cells' counts meeting target go.
    - An area's (and the team's) figures are kept only where its competencies' give them
      (:func:`close_areas`).
    Run again after figures are held back, since a held-back figure is a hidden one."""
    close_cells(out)
    comps = out["competencies"]
    rated = by_competency(people)
    for placed in index.placed:
        cid = placed.competency.id
        if comps[cid]["below_target"] is None:
            continue
        cells = [c for c in out["cells"] if c["competency"] == cid]
        covered = {c["level"] for c in cells if c["met_target"] is not None}
        rest = [(p.handle, row.gap > 0) for p, row in rated.get(cid, []) if p.report.level not in covered]
        # the PMs left over, and how many of them are below (the count less the cells' own),
        # must each be none or three or more: 4 below less 3 juniors leaves one senior below
        if small(len(rest)) or not residual_safe(rest):
            for cell in cells:
                cell["met_target"] = None
    close_areas(out, index, people)


def close_cells(out: dict[str, Any]) -> None:
    """Withhold (competency, level) cells whose count of PMs rated gives a hidden count back.

    A cell's count is a figure too: "5 rated at Product Manager" in a team of six whose
    level counts are hidden says the other level holds one PM; "4 rated" of a level of
    five says one was skipped. So a cell is published only beside its level's count, with
    the level's PMs not rated on it none or three or more; and, across a competency's
    cells, what they leave of its count of PMs rated (the rated, and the not rated, at
    levels without a cell) is none or three or more, or, where that count is hidden, the
    cells do not add up to it."""
    levels = out["levels"]
    drop: set[tuple[str, str]] = set()
    for cid, fig in out["competencies"].items():
        cells = [c for c in out["cells"] if c["competency"] == cid]
        keep = [c for c in cells if levels.get(c["level"]) is not None
                and not small(levels[c["level"]] - c["rated"])]
        rest_people = out["people"] - sum(levels[c["level"]] for c in keep)
        if fig.get("rated") is None:
            if rest_people == 0:
                keep = []
        else:
            rest_rated = fig["rated"] - sum(c["rated"] for c in keep)
            if small(rest_rated) or small(rest_people - rest_rated):
                keep = []
        drop |= {(c["competency"], c["level"]) for c in cells if c not in keep}
    out["cells"] = [c for c in out["cells"] if (c["competency"], c["level"]) not in drop]


def common_gaps(figures: dict[str, dict[str, Any]], index: ModelIndex) -> list[str]:
    """The common gaps, ranked on what the reader sees: most PMs below target first, then the
    shortfall band (1.5 or more before under 1.5, a band not shown last), then the model's
    order. A hidden figure never decides a place, or the order would give it away."""
    found = []
    for placed in index.placed:
        fig = figures[placed.competency.id]
        if fig["common"]:
            found.append((-(fig["below_target"] or 0), BAND_ORDER.get(fig["average_shortfall"], 2),
                          placed.order, placed.competency.id))
    found.sort()
    return [cid for *_, cid in found]


def age_days(generated_on: str, today: dt.date) -> int | None:
    try:
        return (today - dt.date.fromisoformat(generated_on)).days
    except ValueError:
        return None
