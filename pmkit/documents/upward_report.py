"""The upward team report (``team.md.j2``): the aggregate, put into words a director reads.

Every figure comes from :func:`pmkit.org.aggregate.build_aggregate`, so the report and
``pmkit export`` can never disagree, and both keep the three-person rule. Only the
manager's own ``--detailed`` view adds PMs by name; it is never the default.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pmkit.documents.upward_opening import (
    FUNCTION_NAMES,
    ask_line,
    cap,
    community_line,
    functions_text,
    gaps_line,
    join,
    next_step,
    strong_line,
    top_gaps,
)
from pmkit.org.aggregate import MIN_GROUP, build_aggregate
from pmkit.org.suppress import OVER, UNDER

if TYPE_CHECKING:
    from pmkit.communities import Progress
    from pmkit.model.index import ModelIndex
    from pmkit.team import TeamReport
    from pmkit.workspace import Workspace

TEMPLATE = "team.md.j2"


def count_text(count: int | None, group: int | None = None) -> str:
    """A count under the rule: the number, or words that say it is withheld."""
    if count is None:
        return NOT_SHOWN
    if group is not None and group:
        return f"{count} of {group}"
    return str(count)


NOT_SHOWN = "not shown"
NONE = "—"


def _show(value: float | None, fmt: str, exists: bool = True) -> str:
    """A figure, "—" where there is nothing to show (the reader can already see it is
    empty), or "not shown" where the three-person rule holds it back."""
    if not exists:
        return NONE
    return NOT_SHOWN if value is None else fmt.format(value)


def _area_cells(fig: dict[str, Any]) -> list[str]:
    if fig.get("ratings") == 0:
        return [NONE] * 2
    count = fig["below_ratings"]
    below = NOT_SHOWN if count is None else f"{count} of {fig['ratings']} ratings"
    return [below, _show(fig["average_shortfall"], "{}", fig["below_ratings"] != 0)]


def _comp_cells(fig: dict[str, Any]) -> list[str]:
    if fig.get("rated") == 0:
        return [NONE] * 3
    below = (f"{MIN_GROUP} or more" if fig["below_target"] is None and fig["common"]
             else _show(fig["below_target"], "{}"))
    return [_show(fig["rated"], "{}"), below,
            _show(fig["average_shortfall"], "{}", fig["below_target"] != 0)]


def _comp_rows(agg: dict[str, Any], index: ModelIndex) -> list[dict[str, Any]]:
    rows = []
    for placed in index.placed:
        fig = agg["competencies"][placed.competency.id]
        rows.append({"id": placed.competency.id, "name": placed.competency.name,
                     "area": placed.area.name, **fig})
    return rows


def none_reassessed(agg: dict[str, Any]) -> bool:
    """Nobody reassessed in the window: a trend that does not exist, not one withheld."""
    counts = (agg.get("trend") or {}).get("counts") or {}
    return all(counts.get(k) == 0 for k in ("improving", "no-change", "declining"))


def _ratings(n: int) -> str:
    return f"{n} competency rating{'' if n == 1 else 's'}"


def moves_text(trend: dict[str, Any]) -> str:
    """The movement in ratings, not per PM: "14 competency ratings went up and 2 went down"."""
    up, down = trend.get("ratings_up"), trend.get("ratings_down")
    if up is None or down is None:
        return ""
    if not up and not down:
        return "none of their competency ratings moved"
    if not down:
        return f"{_ratings(up)} went up and none went down"
    if not up:
        return f"{_ratings(down)} went down and none went up"
    return f"{_ratings(up)} went up and {down} went down"


TREND_NOT_SHOWN = ("no trend this time: not shown, to protect individuals"
                   )  # the same words whenever it is withheld, whatever the reason


def _trend_text(agg: dict[str, Any]) -> str:
    trend = agg["trend"]
    if trend.get("held_back"):
        return ("held back in this report: since the last one, too few PMs have been "
                "reassessed, joined or left to show a new trend")
    if none_reassessed(agg):
        return "no trend yet: no PM has been reassessed in the last 90 days"
    reassessed = trend["reassessed"]
    moves = moves_text(trend)
    if reassessed is None or reassessed < MIN_GROUP:
        return TREND_NOT_SHOWN
    who = (f"all {reassessed} PMs were" if reassessed == agg["people"]
           else f"{reassessed} of the {agg['people']} PMs were")
    if not moves:
        return f"{who} reassessed in the last 90 days; how their ratings moved is not shown this time"
    return (f"{who} reassessed in the last 90 days; "
            f"between their previous assessment and their latest, {moves}")


def opening(agg: dict[str, Any], index: ModelIndex, rows: Sequence[dict[str, Any]],
            gaps: Sequence[dict[str, Any]], communities: Sequence[dict[str, Any]],
            ask: str | None) -> dict[str, str]:
    """The five lines a director reads: strong (or meeting target), top gaps, community,
    trend, the ask."""
    top = top_gaps(gaps)
    chosen: list[dict[str, Any]] = []
    for gap in top:  # the most active community on each top gap
        mine = sorted((c for c in communities if gap["id"] in c["competencies"]),
                      key=lambda c: (-c["sessions_held"], c["owner_status"] != "agreed", c["id"]))
        if mine and mine[0] not in chosen:
            chosen.append(mine[0])
    if not top:  # no common gap shown: the communities that run still say what is done
        chosen = sorted(communities, key=lambda c: (-c["sessions_held"], c["id"]))[:2]
    step = next_step(gaps, communities)
    label, strong = strong_line(agg, index, rows)
    held_back = sum(1 for r in rows if r["rated"] != 0 and r["below_target"] is None)
    return {"strong_label": label, "strong": cap(strong), "gaps": cap(gaps_line(gaps, held_back)),
            "community": cap(community_line(chosen, step, gaps)), "trend": cap(_trend_text(agg)),
            "ask": ask if ask else cap(ask_line(chosen, step)),
            "next_step": step}  # type: ignore[dict-item]


MOVED_WORDS = (("up", "rated higher on its competencies"), ("same", "rated the same"),
               ("down", "rated lower"), ("not-reassessed", "not reassessed yet"),
               ("no-baseline", "not assessed before their first session"))


def _moved_text(c: dict[str, Any]) -> str:
    """Whether the ratings of the PMs who took part moved afterwards, under the rule."""
    if not c["sessions_held"]:
        return ""
    moved = c["moved_afterwards"]
    if moved is None:
        return (f"Whether the ratings of those who took part moved is not shown: fewer than "
                f"{MIN_GROUP} PMs have taken part so far")
    parts = [(f"all {moved[k]}" if moved[k] == c["pms_took_part"] else str(moved[k])) + f" {words}"
             for k, words in MOVED_WORDS if moved.get(k)]
    hidden = [k for k, _ in MOVED_WORDS if moved.get(k) is None]
    text = (f"Of the {c['pms_took_part']} PMs who took part, comparing their latest assessment "
            "with the one before their first session: ")
    text += join(parts) if parts else "none can be shown"
    if hidden and parts:
        text += "; how the others moved is not shown"
    return text


def _community_rows(agg: dict[str, Any], index: ModelIndex,
                    progress: Sequence[Progress] = ()) -> list[dict[str, Any]]:
    books = {p.cid: p.community.book.title for p in progress if p.community.book is not None}
    out = []
    for c in agg["communities"]:
        where = FUNCTION_NAMES.get(c["owner_function"] or "", "")
        owner = {"agreed": f"its owner{', from ' + where + ',' if where else ''} has agreed to run it",
                 "asked": f"an owner{' from ' + where if where else ''} has been asked, no answer yet",
                 "to-ask": f"an owner{' from ' + where if where else ''} is still to be asked",
                 "declined": "the owner asked has declined, and another is being sought",
                 "none": "no owner yet"}[c["owner_status"]]
        attendance = [f"{FUNCTION_NAMES.get(f, f)} {n}" for f, n in c["attendance"].items() if n]
        out.append({**c, "kind_name": "book club" if c["kind"] == "book-club" else "community of practice",
                    "owner_text": owner, "invite_text": functions_text(c["invite"]),
                    "attendance_text": ", ".join(attendance), "moved_text": _moved_text(c),
                    "book": books.get(c["id"]) if c["kind"] == "book-club" else None,
                    "names": [index.by_id[x].competency.name for x in c["competencies"]
                              if x in index.by_id]})
        out[-1]["names_text"] = join(out[-1]["names"])
    return out


def team_report_context(report: TeamReport, index: ModelIndex, progress: Sequence[Progress] = (),
                        *, ask: str | None = None, detailed: bool = False,
                        agg: dict[str, Any] | None = None) -> dict[str, Any]:
    """Plain data for ``team.md.j2``, from the aggregate (built here when not given)."""
    agg = agg if agg is not None else build_aggregate(report, index, progress)
    context: dict[str, Any] = {
        "min_group": MIN_GROUP, "today": report.today.isoformat(), "manager": report.manager,
        "model": {"name": report.model_name, "version": report.model_version},
        "people": agg["people"], "reportable": agg["reportable"], "detailed": detailed,
        "movement_days": 90, "reassess_after_days": report.reassess_after_days,
        "overdue_days": 2 * report.cadence_days,
        "held_back": len(agg.get("held_back", [])), "under": UNDER, "over": OVER,
    }
    if not agg["reportable"]:
        return {**context, "opening": None, "team_rows": [], "trend_rows": [], "areas": [],
                "competencies": [], "gaps": [], "communities": [],
                "people_rows": _people_rows(report, index) if detailed else [],
                "codes": [{"code": c, "name": n} for c, n in _codes(index)] if detailed else []}
    total = agg["people"]
    counts = agg["trend"]["counts"]
    collapsed = all(v is None for v in counts.values())  # the movement table says nothing
    team_rows = [{"label": "Assessed", "value": count_text(agg["assessed"], total)}]
    if collapsed or report.reassess_after_days != 90:  # else the movement table says it
        team_rows.append({"label": f"Assessment older than {report.reassess_after_days} days, or none",
                          "value": count_text(agg["health"]["stale"], total)})
    if detailed:  # a manager's hygiene figure: it stays in the manager's own view
        team_rows.append({"label": f"No 1:1 in the last {2 * report.cadence_days} days",
                          "value": count_text(agg["health"]["overdue_oneonones"], total)})
    for lv in index.model.levels:
        team_rows.append({"label": f"At level {lv.name}", "value": count_text(agg["levels"][lv.id], total)})
    trend_rows = [] if collapsed else [{"label": label, "value": count_text(counts.get(k))}
                                       for k, label in TREND_LABELS.items()]
    area_figs = _area_counts(report, index, agg)
    areas = [{"name": a.name, **area_figs[a.id], "cells": _area_cells(area_figs[a.id])}
             for a in index.model.areas]
    rows = _comp_rows(agg, index)
    communities = _community_rows(agg, index, progress)
    for row in rows:
        row["cells"] = _comp_cells(row)
        row["short_text"] = _short_text(row)
        row["communities"] = [c for c in communities if row["id"] in c["competencies"]]
    by_id = {r["id"]: r for r in rows}
    gaps = [by_id[cid] for cid in agg["common_gaps"]]
    opened = opening({**agg, "areas": area_figs}, index, rows, gaps, communities, ask)
    step: list[dict[str, Any]] = opened.pop("next_step")  # type: ignore[assignment]
    context.update({
        "opening": opened, "next_step": step, "next_step_ids": [g["id"] for g in step],
        "team_rows": team_rows, "trend_rows": trend_rows,
        "areas": areas, "competencies": rows, "gaps": gaps, "gap_ids": [g["id"] for g in gaps],
        "communities": communities,
        "people_rows": _people_rows(report, index) if detailed else [],
        "codes": [{"code": c, "name": n} for c, n in _codes(index)] if detailed else [],
    })
    return context


TREND_LABELS = {"improving": "Reassessed, ratings higher overall",
                "no-change": "Reassessed, no change overall",
                "declining": "Reassessed, lower overall",
                "not-reassessed": "Not reassessed in the last 90 days",
                "first": "First assessment in the last 90 days",
                "not-assessed": "Never assessed"}


def _short_text(row: dict[str, Any]) -> str:
    if row["below_target"] is not None and row["rated"] is not None:
        return f"{row['below_target']} of {row['rated']} PMs rated below target"
    if row["below_target"] is not None:  # how many were rated is held back
        return f"{row['below_target']} PMs rated below target"
    if row["common"]:  # held back since the last report, a common gap when last published
        return f"{MIN_GROUP} or more PMs rated below target when last reported"
    return "how many is not shown"


def _area_counts(report: TeamReport, index: ModelIndex, agg: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each area's figures with the counts of ratings behind its shares: "6 of 12 ratings"
    reads as what it is, where "50%" beside counts of PMs would read as half the PMs."""
    out = {}
    for area in index.model.areas:
        fig = dict(agg["areas"][area.id])
        gaps = [row.gap for p in report.people if p.assessed for row in p.report.rows
                if row.area == area.id]
        fig["below_ratings"] = sum(1 for g in gaps if g > 0) if fig["share_below"] is not None else None
        out[area.id] = fig
    return out


def _codes(index: ModelIndex) -> list[tuple[str, str]]:
    return [(f"C{n + 1}", p.competency.name) for n, p in enumerate(index.placed)]


def _people_rows(report: TeamReport, index: ModelIndex) -> list[dict[str, Any]]:
    """The manager's own view: each PM by name with their gaps (only with ``detailed``)."""
    people = sorted(report.people, key=lambda p: (-p.report.total_gap, p.handle))
    out = []
    for person in people:
        rep = person.report
        by_id = rep.by_id
        out.append({
            "name": rep.name, "handle": person.handle, "level": index.level_name(rep.level),
            "total_gap": f"{rep.total_gap:g}", "below": len(rep.below_target),
            "trend": person.trend_kind.replace("-", " "),
            "assessed": (rep.assessed_on.isoformat() if rep.assessed_on else "never")
            + (" (stale)" if rep.stale else ""),
            "last_oneonone": (person.last_oneonone.isoformat() if person.last_oneonone else "never")
            + (" (overdue)" if person.oneonone_overdue else ""),
            "gaps": [str(by_id[p.competency.id].gap) if p.competency.id in by_id else "."
                     for p in index.placed],
            "weakest": person.handle == report.weakest,
        })
    return out


def render_team_report(ws: Workspace, report: TeamReport, progress: Sequence[Progress] = (),
                       *, ask: str | None = None, detailed: bool = False,
                       agg: dict[str, Any] | None = None) -> str:
    return render_with_context(ws, report, progress, ask=ask, detailed=detailed, agg=agg)[0]


def render_with_context(ws: Workspace, report: TeamReport, progress: Sequence[Progress] = (),
                        *, ask: str | None = None, detailed: bool = False,
                        agg: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    """The report and the data it was rendered from (the caller reads ``next_step``)."""
    from pmkit.documents.render import Renderer

    context = team_report_context(report, ws.index, progress, ask=ask, detailed=detailed, agg=agg)
    return Renderer(ws.root, ws.store).render(TEMPLATE, context), context
