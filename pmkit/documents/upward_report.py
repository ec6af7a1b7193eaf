"""The upward team report (``team.md.j2``): the aggregate, put into words a director reads.

Every figure comes from :func:`pmkit.org.aggregate.build_aggregate`, so the report and
``pmkit export`` can never disagree, and both keep the three-person rule. Only the
manager's own ``--detailed`` view adds PMs by name; it is never the default.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pmkit.org.aggregate import MIN_GROUP, build_aggregate

if TYPE_CHECKING:
    from pmkit.communities import Progress
    from pmkit.model.index import ModelIndex
    from pmkit.team import TeamReport
    from pmkit.workspace import Workspace

TEMPLATE = "team.md.j2"
FUNCTION_NAMES = {
    "product": "product", "engineering": "engineering", "design": "product design",
    "product-marketing": "product marketing", "sales": "sales", "support": "customer support",
    "data": "data and analytics", "quality": "quality", "risk-compliance": "risk and compliance",
    "operations": "operations",
}


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def functions_text(functions: Sequence[str]) -> str:
    return _join([FUNCTION_NAMES.get(f, f) for f in functions])


def count_text(count: int | None, group: int | None = None) -> str:
    """A count under the rule: the number, or words that say it is withheld."""
    if count is None:
        return "not shown"
    if group is not None and group:
        return f"{count} of {group}"
    return str(count)


def _comp_rows(agg: dict[str, Any], index: ModelIndex) -> list[dict[str, Any]]:
    rows = []
    for placed in index.placed:
        fig = agg["competencies"][placed.competency.id]
        rows.append({"id": placed.competency.id, "name": placed.competency.name,
                     "area": placed.area.name, **fig})
    return rows


def _strengths(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Competencies every PM rated meets (or nearly every, three or more above target)."""
    meets = [r for r in rows if r["rated"] is not None and r["below_target"] == 0]
    meets.sort(key=lambda r: (-(r["above_target"] or 0), -r["rated"]))
    return meets[:2]


def opening(agg: dict[str, Any], index: ModelIndex, rows: Sequence[dict[str, Any]],
            gaps: Sequence[dict[str, Any]], communities: Sequence[dict[str, Any]],
            ask: str | None) -> dict[str, str]:
    """The five lines a director reads: strong, top gaps, community, trend, the ask."""
    strong = _strengths(rows)
    if strong:
        strong_text = _join([r["name"] for r in strong]) + (
            ", where every PM rated meets the target for their level")
    else:
        areas = [(fig["share_below"], a.name) for a in index.model.areas
                 if (fig := agg["areas"][a.id])["share_below"] is not None]
        if areas:
            share, name = min(areas)
            strong_text = (f"{name}, the team's best area: {100 - share}% of its ratings meet or "
                           "beat the target")
        else:
            strong_text = "too few PMs rated in any area to say yet"
    if gaps:
        gaps_text = "; ".join(f"{g['name']} ({g['below_text']})" for g in gaps[:2])
    else:
        gaps_text = "no competency has three or more PMs below target"
    linked = [c for c in communities if set(c["competencies"]) & {g["id"] for g in gaps[:2]}]
    if linked:
        c = linked[0]
        community_text = (f"{c['topic']}: a {c['kind_name']} every {c['cadence_days']} days, "
                          f"{c['sessions_held']} of {c['sessions_planned']} sessions held, "
                          f"{c['owner_text']}")
    elif gaps:
        community_text = "none planned yet for these gaps"
    else:
        community_text = "none needed: coaching stays one to one this quarter"
    trend = agg["trend"]
    counts = trend["counts"]
    if trend["reassessed"] is None or trend["average_points"] is None:
        trend_text = ("too few PMs reassessed in the last 90 days to show a trend without "
                      "singling someone out")
    else:
        parts = [f"{trend['reassessed']} PMs reassessed in the last 90 days"]
        for key, word in (("improving", "improved"), ("no-change", "held steady"),
                          ("declining", "slipped")):
            if counts.get(key) is not None:
                parts.append(f"{counts[key]} {word}")
        trend_text = ", ".join(parts) + f"; average change {trend['average_points']:+.1f} rating points"
    if ask:
        ask_text = ask
    elif linked and linked[0]["invite"]:
        ask_text = (f"the heads of {functions_text(linked[0]['invite'])} to send one person "
                    f"each to {linked[0]['topic']}")
    elif gaps:
        ask_text = (f"help finding a coach, inside or outside product, who is strong at "
                    f"{gaps[0]['name']} and could run a community of practice on it")
    else:
        ask_text = "nothing this quarter"
    return {"strong": strong_text, "gaps": gaps_text, "community": community_text,
            "trend": trend_text, "ask": ask_text}


def _community_rows(agg: dict[str, Any], index: ModelIndex) -> list[dict[str, Any]]:
    out = []
    for c in agg["communities"]:
        status = {"agreed": "agreed to run it", "asked": "asked, not yet agreed",
                  "to-ask": "still to be asked", "declined": "declined: looking for another",
                  "none": ""}[c["owner_status"]]
        if c["owner_status"] == "none":
            owner = "no owner yet"
        else:
            where = FUNCTION_NAMES.get(c["owner_function"] or "", "")
            owner = f"owner from {where} {status}" if where else f"owner {status}"
        attendance = [f"{FUNCTION_NAMES.get(f, f)} {n}" for f, n in c["attendance"].items()]
        out.append({**c, "kind_name": "book club" if c["kind"] == "book-club" else "community of practice",
                    "owner_text": owner, "invite_text": functions_text(c["invite"]),
                    "attendance_text": ", ".join(attendance),
                    "names": [index.by_id[x].competency.name for x in c["competencies"]
                              if x in index.by_id]})
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
        "held_back": len(agg.get("held_back", [])),
    }
    if not agg["reportable"]:
        return {**context, "opening": None, "team_rows": [], "trend_rows": [], "areas": [],
                "competencies": [], "gaps": [], "communities": [], "average_points": None,
                "people_rows": _people_rows(report, index) if detailed else [],
                "codes": [{"code": c, "name": n} for c, n in _codes(index)] if detailed else []}
    total = agg["people"]
    team_rows = [
        {"label": "Assessed", "value": count_text(agg["assessed"], total)},
        {"label": f"Assessment older than {report.reassess_after_days} days, or none",
         "value": count_text(agg["health"]["stale"], total)},
        {"label": f"No 1:1 in the last {2 * report.cadence_days} days",
         "value": count_text(agg["health"]["overdue_oneonones"], total)},
    ]
    for lv in index.model.levels:
        team_rows.append({"label": f"At level {lv.name}", "value": count_text(agg["levels"][lv.id], total)})
    counts = agg["trend"]["counts"]
    labels = {"improving": "Reassessed, at least one rating up overall",
              "no-change": "Reassessed, no change overall",
              "declining": "Reassessed, lower overall",
              "not-reassessed": "Not reassessed in the last 90 days",
              "first": "First assessment in the last 90 days"}
    trend_rows = [{"label": labels[k], "value": count_text(counts[k])} for k in labels]
    areas = [{"name": a.name, **agg["areas"][a.id]} for a in index.model.areas]
    rows = _comp_rows(agg, index)
    for row in rows:
        if row["below_target"] is not None and row["rated"] is not None:
            row["below_text"] = f"{row['below_target']} of {row['rated']} PMs rated below target"
        elif row["common"] and row["rated"] is not None:
            row["below_text"] = f"most of the {row['rated']} PMs rated are below target"
        elif row["common"]:
            row["below_text"] = "many of the PMs rated are below target"
        else:
            row["below_text"] = "not shown"
    by_id = {r["id"]: r for r in rows}
    gaps = [by_id[cid] for cid in agg["common_gaps"]]
    communities = _community_rows(agg, index)
    for gap in gaps:
        gap["communities"] = [c for c in communities if gap["id"] in c["competencies"]]
    context.update({
        "opening": opening(agg, index, rows, gaps, communities, ask),
        "team_rows": team_rows, "trend_rows": trend_rows, "areas": areas,
        "competencies": rows, "gaps": gaps, "communities": communities,
        "average_points": agg["trend"]["average_points"],
        "people_rows": _people_rows(report, index) if detailed else [],
        "codes": [{"code": c, "name": n} for c, n in _codes(index)] if detailed else [],
    })
    return context


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
    from pmkit.documents.render import Renderer

    context = team_report_context(report, ws.index, progress, ask=ask, detailed=detailed, agg=agg)
    return Renderer(ws.root, ws.store).render(TEMPLATE, context)
