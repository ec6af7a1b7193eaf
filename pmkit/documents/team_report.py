"""``pmkit report``: the manager's team report as one self-contained HTML page.

Everything ``pmkit team`` knows (heat map, weakest PM, movement, stale assessments, overdue
1:1s, common gaps and who could coach them), plus each PM's wheel and focus areas over time,
drawn as inline SVG. The page holds no script and loads nothing: styles and charts are inline,
so it opens from a file, prints, and can be mailed to nobody but its owner without breaking.
It is the manager's own view and names every PM's ratings, like the terminal table.

The charts share one :class:`~pmkit.documents.chart_sheet.ChartSheet`: the model's web, the
markers and the styles are written once for the page, and each chart holds only its own
paths, so fifty PMs make a page of a few hundred kilobytes, not megabytes.

Facts are gathered here into a plain context; wording and layout live in ``report.html.j2``.
History is read for the whole team with one ``git log`` (no process per PM).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pmkit.documents.chart_sheet import ChartSheet
from pmkit.documents.render import Renderer
from pmkit.documents.wheel import previous_ratings, trend_chart, wheel_svg
from pmkit.history.entries import Entry, build_entries
from pmkit.history.team_window import start_team_log, team_histories
from pmkit.team import build_team_report

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex
    from pmkit.team import PersonRow, TeamReport
    from pmkit.workspace import Workspace

TEMPLATE = "report.html.j2"
TREND_ASSESSMENTS = 12  # enough to see a year of movement; keeps 50 PMs' charts in a small file
TREND_WORDS = {"improving": "improving", "declining": "slipping", "stalled": "no new assessment",
               "new": "first assessment", "not-assessed": "not assessed"}


def heat_class(gap: int | None) -> str:
    """A cell's shade: the number is always printed too, so colour is never the only cue."""
    if gap is None:
        return "na"
    if gap >= 2:
        return "g2"
    if gap == 1:
        return "g1"
    if gap == 0:
        return "g0"
    return "s1" if gap == -1 else "s2"


def _came_from(background: str) -> str:
    """ "was a business analyst", "was an engineer"."""
    name = background.lower()
    return f"was {'an' if name[:1] in 'aeiou' else 'a'} {name}"


def _short(name: str) -> str:
    return name if len(name) <= 28 else name[:27].rstrip() + "…"


def _full_histories(ws: Workspace, handles: list[str], index: ModelIndex) -> dict[str, list[Entry]]:
    log = start_team_log(ws) if handles else None
    try:
        assessed = team_histories(ws, handles, log, since=None)
    finally:
        if log is not None:
            log.close()
    return {h: build_entries(assessed.get(h, []), index) for h in handles}


def _person(row: PersonRow, team: TeamReport, ws: Workspace, entries: list[Entry],
            index: ModelIndex, sheet: ChartSheet) -> dict[str, Any]:
    rep = row.report
    person = ws.person(row.handle)
    name = person.name.strip()
    role = (person.role or "").strip()
    guide = index.model.backgrounds.get(person.background) if person.background else None
    current = entries
    if rep.assessed_on is not None and not any(e.date == rep.assessed_on for e in entries):
        # Written but not committed yet: still the latest assessment.
        ratings = {r.competency: r.rating for r in rep.rows}
        current = [*entries, Entry(rep.assessed_on, None, None, ratings, rep.level, None, {})]
    previous = previous_ratings(current, rep.assessed_on)
    wheel = wheel_svg(person, rep, index, "manager", previous, title="", size=460, sheet=sheet)
    recent = current[-TREND_ASSESSMENTS:]
    trend = (trend_chart(f"Focus areas over the last {len(recent)} assessments" if len(current) > len(recent)
                         else "Focus areas over time", rep.focus, recent, index, rep.level, width=460,
                         sheet=sheet)
             if rep.focus and len(current) >= 2 else None)  # one assessment is a point, not a trend
    names = {p.competency.id: p.competency.name for p in index.placed}
    last = row.last_oneonone
    return {
        "handle": row.handle,
        "name": name,
        "level_name": index.level_name(rep.level),
        "role": role,
        # "Product Manager, claims portal" already says the level: no need to say it twice.
        "role_says_level": role.casefold().startswith(index.level_name(rep.level).casefold()),
        "background": guide.name if guide else "",
        "came_from": _came_from(guide.name) if guide else "",
        "assessed_on": rep.assessed_on.isoformat() if rep.assessed_on else None,
        "self_assessed_on": rep.self_assessed_on.isoformat() if rep.self_assessed_on else None,
        "stale": rep.stale,
        "weakest": row.handle == team.weakest,
        "total_gap": f"{rep.total_gap:g}",
        "below": [names[r.competency] for r in sorted(rep.below_target, key=lambda r: r.order)],
        "strengths": [names[r.competency] for r in rep.strengths],
        "focus": [names[c] for c in rep.focus if c in names],
        "focus_source": rep.focus_source,
        "not_assessed": len(rep.not_assessed),
        "disagreements": [{"name": r.name, "rating": r.rating, "self": r.self_rating}
                          for r in rep.disagreements(threshold=2)],
        "peers": [{"reviewer": p.reviewer, "role": p.role or "", "date": p.date.isoformat()}
                  for p in rep.peer_input],
        "peer_differences": [{"name": r.name, "rating": r.rating,
                              "low": (r.peer_range or (0, 0))[0], "high": (r.peer_range or (0, 0))[1]}
                             for r in rep.peer_disagreements(threshold=2)],
        "trend": TREND_WORDS.get(row.movement.trend, row.movement.trend),
        "trend_kind": row.movement.trend,
        "points": row.movement.points,
        "last_oneonone": last.isoformat() if last else None,
        "days_since": (team.today - last).days if last else None,
        "overdue": row.oneonone_overdue,
        "assessments": len(current),
        "wheel": wheel,
        "trend_chart": trend,
    }


def report_context(ws: Workspace, team: TeamReport, histories: dict[str, list[Entry]]) -> dict[str, Any]:
    """The plain context ``report.html.j2`` renders."""
    index = ws.index
    people = sorted(team.people, key=lambda p: (-p.report.total_gap, p.handle))
    sheet = ChartSheet()
    shown = {p.handle: _person(p, team, ws, histories.get(p.handle, []), index, sheet) for p in people}
    areas = [{"name": a.name, "span": len(a.competencies)} for a in index.model.areas]
    columns: list[dict[str, Any]] = [
        {"id": p.competency.id, "name": p.competency.name, "short": _short(p.competency.name),
         "area": p.area.name, "first": p.area.competencies[0] is p.competency}
        for p in index.placed]
    heat = []
    for p in people:
        by_id = p.report.by_id
        cells = []
        for col in columns:
            row = by_id.get(col["id"])
            gap = row.gap if row else None
            text = "·" if gap is None else ("0" if gap == 0 else f"{gap:+d}".replace("-", "−"))
            tip = (f"{col['name']}: not assessed" if row is None else
                   f"{col['name']}: rated {row.rating}, target {row.expected}")
            cells.append({"text": text, "cls": heat_class(gap), "tip": tip, "first": col["first"]})
        heat.append({"handle": p.handle, "name": shown[p.handle]["name"], "cells": cells,
                     "total_gap": f"{p.report.total_gap:g}", "below": len(p.report.below_target),
                     "weakest": p.handle == team.weakest})
    name_of = {h: d["name"] for h, d in shown.items()}
    common = []
    for g in team.common_gaps:
        comp = index.by_id[g.competency].competency
        picks = ([r for r in comp.resources if r.book_club]
                 or [r for r in comp.resources if r.kind == "book"][:1])
        common.append({
            "name": g.name, "area": g.area_name, "average_gap": f"{g.average_gap:g}",
            "below": [name_of.get(h, h) for h in g.below_target],
            "mentors": [name_of.get(h, h) for h in g.mentors],
            "practices": list(comp.practices[:2]),
            "books": [{"title": r.title, "by": r.by or ""} for r in picks[:2]],
        })
    weakest = shown.get(team.weakest) if team.weakest else None
    return {
        "manager": (team.manager or "").strip(),
        "today": team.today.isoformat(),
        "model": {"name": index.model.name, "version": index.model.version},
        "scale": [{"value": v, "label": label} for v, label in sorted(index.model.scale.items())],
        "team_size": len(people),
        "assessed": sum(1 for p in people if p.assessed),
        "weakest": weakest,
        "improving": [name_of[p.handle] for p in team.improving],
        "declining": [name_of[p.handle] for p in team.with_trend("declining")],
        "stale": [{"name": name_of[p.handle], "assessed_on": shown[p.handle]["assessed_on"],
                   "age": (team.today - p.report.assessed_on).days if p.report.assessed_on else None}
                  for p in people if p.report.stale],
        "overdue": [{"name": name_of[p.handle], "last": shown[p.handle]["last_oneonone"],
                     "days": shown[p.handle]["days_since"]} for p in people if p.oneonone_overdue],
        "reassess_after_days": team.reassess_after_days,
        "cadence_days": team.cadence_days,
        "threshold": team.threshold,
        "areas": areas,
        "columns": columns,
        "heat": heat,
        "common_gaps": common,
        "people": list(shown.values()),
        "chart_css": sheet.css(),
        "chart_defs": sheet.defs(),
    }


def render_report(ws: Workspace, today: dt.date | None = None) -> str:
    """The whole HTML page. Not cached: it is large, and built in well under a second."""
    team = build_team_report(ws, today=today)
    histories = _full_histories(ws, [p.handle for p in team.people], ws.index)
    context = report_context(ws, team, histories)
    page = Renderer(ws.root, None).render(TEMPLATE, context)
    # A report template copied before the charts shared their parts: add what it leaves out.
    if ".pmkit-defs{" not in page:
        page = page.replace("</head>", f"<style>\n{context['chart_css']}\n</style>\n</head>", 1)
    if '<svg class="pmkit-defs' not in page:
        page = page.replace("<body>", "<body>\n" + context["chart_defs"], 1)
    return page
