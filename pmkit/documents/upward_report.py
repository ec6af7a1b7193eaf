"""The upward team report (``team.md.j2``): the aggregate, put into words a director reads.

Every figure comes from :func:`pmkit.org.aggregate.build_aggregate`, so the report and
``pmkit export`` can never disagree, and both keep the three-person rule. Only the
manager's own ``--detailed`` view adds PMs by name; it is never the default.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pmkit.org.aggregate import MIN_GROUP, build_aggregate
from pmkit.org.suppress import OVER, UNDER

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
    """A list in words; a serial comma where a name holds "and" itself ("Focus and resilience")."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    serial = "," if len(items) > 2 and any(" and " in i for i in items) else ""
    return ", ".join(items[:-1]) + serial + " and " + items[-1]


def functions_text(functions: Sequence[str]) -> str:
    return _join([FUNCTION_NAMES.get(f, f) for f in functions])


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
        return [NONE] * 4
    return [_show(fig["ratings"], "{}"), _show(fig["share_below"], "{:g}%"),
            _show(fig["average_shortfall"], "{}", fig["share_below"] != 0),
            _show(fig["share_above"], "{:g}%")]


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


STRENGTHS_NAMED = 5  # more than this many and the line names the ones with most PMs above target


def _strengths(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Competencies no PM rated is below target on, those with the most PMs above it first,
    then the model's order (sorting is stable)."""
    meets = [r for r in rows if r["rated"] != 0 and r["below_target"] == 0]
    meets.sort(key=lambda r: -(r["above_target"] or 0))
    return meets


def _strong_text(agg: dict[str, Any], index: ModelIndex, rows: Sequence[dict[str, Any]]) -> str:
    strong = _strengths(rows)
    if len(strong) == 1:
        return (f"the team is strongest in {strong[0]['name']}: no PM rated is below their "
                "level's target on it")
    if strong:
        count = _number(len(strong))
        if len(strong) <= STRENGTHS_NAMED:
            return (f"no PM rated is below their level's target on {count} competencies: "
                    f"{_join([r['name'] for r in strong])}")
        # "the most PMs above target" would be untrue where that count is held back, so
        # the line says only what the shown counts back: three or more PMs above on these
        above = [r for r in strong if (r["above_target"] or 0) >= MIN_GROUP][:3]
        if above:
            return (f"no PM rated is below their level's target on {count} competencies, and "
                    f"on {_join([r['name'] for r in above])} {_number(MIN_GROUP)} or more PMs "
                    "rated are above it")
        return (f"no PM rated is below their level's target on {count} competencies, among "
                f"them {_join([r['name'] for r in strong[:3]])}")
    areas = [(fig["share_below"], a.name) for a in index.model.areas
             if (fig := agg["areas"][a.id])["share_below"] is not None and fig["ratings"]]
    if areas:
        share, name = min(areas)
        rated_areas = [a for a in index.model.areas if agg["areas"][a.id]["ratings"] != 0]
        of = ("of any area" if len(areas) == len(rated_areas)
              else "of the areas whose share is shown")  # a hidden one might be higher
        return (f"the team is strongest in {name}, where {100 - share}% of the ratings meet or "
                f"beat the PM's level target, the highest share {of}")
    return ("no strength can be named without giving someone's ratings away: the figures "
            "that would show one are not shown")


def _number(n: int) -> str:
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    return words[n] if 0 <= n < len(words) else str(n)


def _rank(gap: dict[str, Any]) -> tuple[Any, ...]:
    """What the common gaps are ordered by that the reader can see: PMs below, PMs rated,
    the shortfall band. Two gaps with the same rank tie (the model's order lists them); a
    gap whose count is not shown ties with none, since a tie would give its count away."""
    if gap["below_target"] is None or gap["rated"] is None:
        return (gap["id"],)
    return (gap["below_target"], gap["rated"], gap["average_shortfall"], gap["common"])


def top_gaps(gaps: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The top two common gaps, or more when others tie with the second on every figure
    shown: picking two of five equal ones would tell the director more than is true."""
    top = list(gaps[:2])
    if len(top) == 2:
        top += [g for g in gaps[2:] if _rank(g) == _rank(top[1])]
    return top


def _gaps_text(gaps: Sequence[dict[str, Any]]) -> str:
    top = top_gaps(gaps)
    if not top:
        return "no competency has three or more PMs below their level's target"
    if len(top) > 1 and all(_rank(g) == _rank(top[0]) for g in top):
        first = top[0]
        how = (f"{first['below_target']} of the {first['rated']} PMs rated below their level's "
               "target on each" if first["below_target"] is not None
               else first["short_text"] + " on each")
        shortfall = (f" and an average shortfall {first['average_shortfall']} points"
                     if first["average_shortfall"] else "")
        return (f"{_number(len(top))} competencies tie: {_join([g['name'] for g in top])}, "
                f"with {how}{shortfall}")
    text = " and ".join(f"{g['name']} ({g['short_text']})" for g in top[:2])
    if len(top) > 2:
        text += (f", tied with {_join([g['name'] for g in top[2:]])}, which "
                 f"{'has' if len(top) == 3 else 'have'} the same figures as {top[1]['name']}")
    return text


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


def _trend_text(agg: dict[str, Any]) -> str:
    trend = agg["trend"]
    if trend.get("held_back"):
        return ("held back in this report: since the last one, only one or two PMs were "
                "reassessed, joined or left, and a new figure would single them out")
    if none_reassessed(agg):
        return "no trend yet: no PM has been reassessed in the last 90 days"
    reassessed = trend["reassessed"]
    moves = moves_text(trend)
    if reassessed is None or reassessed < MIN_GROUP:
        return ("not shown: counting the PMs reassessed in the last 90 days, or those who were "
                "not, would single someone out")
    who = (f"all {reassessed} PMs were" if reassessed == agg["people"]
           else f"{reassessed} of the {agg['people']} PMs were")
    if not moves:
        return (f"{who} reassessed in the last 90 days; "
                "how their ratings moved is not shown, as too few of them had a rating go up "
                "or down to count without singling someone out")
    return (f"{who} reassessed in the last 90 days; "
            f"between their previous assessment and their latest, {moves}")


def opening(agg: dict[str, Any], index: ModelIndex, rows: Sequence[dict[str, Any]],
            gaps: Sequence[dict[str, Any]], communities: Sequence[dict[str, Any]],
            ask: str | None) -> dict[str, str]:
    """The five lines a director reads: strong, top gaps, community, trend, the ask."""
    top = top_gaps(gaps)
    chosen: list[dict[str, Any]] = []
    for gap in top:  # the most active community on each top gap
        mine = sorted((c for c in communities if gap["id"] in c["competencies"]),
                      key=lambda c: (-c["sessions_held"], c["owner_status"] != "agreed", c["id"]))
        if mine and mine[0] not in chosen:
            chosen.append(mine[0])
    bare = [g for g in top if not any(g["id"] in c["competencies"] for c in communities)]
    if chosen:
        community_text = "; ".join(_community_line(c) for c in chosen)
        if bare:
            community_text += f"; nothing planned yet for {_join([g['name'] for g in bare])}"
    elif gaps:
        which = "this gap" if len(top) == 1 else "either gap" if len(top) == 2 else "any of these gaps"
        community_text = f"no community of practice or book club is planned yet for {which}"
    else:
        community_text = "none needed: coaching stays one to one this quarter"
    unowned = [c for c in chosen if c["owner_status"] != "agreed"]
    if ask:
        ask_text = ask
    elif unowned:
        names = _join([n for c in unowned for n in c["names"]])
        topic = unowned[0]["topic"]
        the = "the " if topic.lower().endswith(("community of practice", "book club")) else ""
        ask_text = (f"help finding an owner for {the}{topic}: someone strong at {names}, "
                    "inside or outside product, who would coach it for a quarter")
    elif bare:
        # one gap, two, or a tie of several: name no favourite the figures do not back
        which = (bare[0]["name"] if len(bare) == 1
                 else f"{bare[0]['name']} or {bare[1]['name']}" if len(bare) == 2
                 else f"any of these {_number(len(bare))} competencies")
        ask_text = (f"help finding a coach, inside or outside product, who is strong at "
                    f"{which} and could run a community of practice on it")
    elif chosen and chosen[0]["invite"]:
        ask_text = (f"the heads of {functions_text(chosen[0]['invite'])} to send one person "
                    f"each to {chosen[0]['topic']}")
    else:
        ask_text = "nothing this quarter"
    return {"strong": _cap(_strong_text(agg, index, rows)), "gaps": _cap(_gaps_text(gaps)),
            "community": _cap(community_text), "trend": _cap(_trend_text(agg)),
            "ask": ask if ask else _cap(ask_text)}


def _community_line(c: dict[str, Any]) -> str:
    kind = "" if c["kind_name"] in c["topic"].lower() else f", a {c['kind_name']}"
    due = c.get("sessions_due") or 0
    late = (f" ({due} {'was' if due == 1 else 'were'} due by now)" if due > c["sessions_held"] else "")
    return (f"{c['topic']}{kind} every {c['cadence_days']} days: {c['sessions_held']} of "
            f"{c['sessions_planned']} sessions held{late}, {c['owner_text']}")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


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
    text += _join(parts) if parts else "none can be shown"
    if hidden and parts:
        text += "; how the others moved is not shown"
    return text


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
        attendance = [f"{FUNCTION_NAMES.get(f, f)} {n}" for f, n in c["attendance"].items() if n]
        out.append({**c, "kind_name": "book club" if c["kind"] == "book-club" else "community of practice",
                    "owner_text": owner, "invite_text": functions_text(c["invite"]),
                    "attendance_text": ", ".join(attendance), "moved_text": _moved_text(c),
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
        "held_back": len(agg.get("held_back", [])), "under": UNDER, "over": OVER,
    }
    if not agg["reportable"]:
        return {**context, "opening": None, "team_rows": [], "trend_rows": [], "areas": [],
                "competencies": [], "gaps": [], "communities": [],
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
    labels = {"improving": "Reassessed, ratings higher overall",
              "no-change": "Reassessed, no change overall",
              "declining": "Reassessed, lower overall",
              "not-reassessed": "Not reassessed in the last 90 days",
              "first": "First assessment in the last 90 days",
              "not-assessed": "Never assessed"}
    trend_rows = [{"label": labels[k], "value": count_text(counts.get(k))} for k in labels]
    areas = [{"name": a.name, **agg["areas"][a.id], "cells": _area_cells(agg["areas"][a.id])}
             for a in index.model.areas]
    rows = _comp_rows(agg, index)
    for row in rows:
        row["cells"] = _comp_cells(row)
    for row in rows:
        if row["below_target"] is not None and row["rated"] is not None:
            row["below_text"] = (f"{row['below_target']} of the {row['rated']} PMs rated are below "
                                 "their level's target")
            row["short_text"] = f"{row['below_target']} of {row['rated']} PMs rated below target"
        elif row["below_target"] is not None:  # how many were rated is held back
            row["below_text"] = f"{row['below_target']} of the PMs rated are below their level's target"
            row["short_text"] = f"{row['below_target']} PMs rated below target"
        elif row["common"] and row["rated"] is not None:
            row["below_text"] = (f"{MIN_GROUP} or more of the {row['rated']} PMs rated, and at "
                                 "least a third, are below their level's target")
            row["short_text"] = f"{MIN_GROUP} or more of {row['rated']} PMs rated below target"
        elif row["common"]:
            row["below_text"] = (f"{MIN_GROUP} or more of the PMs rated, and at least a third, "
                                 "are below their level's target")
            row["short_text"] = f"{MIN_GROUP} or more PMs rated below target"
        else:
            row["below_text"] = row["short_text"] = "how many is not shown"
        row["below_text"] = _cap(row["below_text"])
    by_id = {r["id"]: r for r in rows}
    gaps = [by_id[cid] for cid in agg["common_gaps"]]
    communities = _community_rows(agg, index)
    for gap in gaps:
        gap["communities"] = [c for c in communities if gap["id"] in c["competencies"]]
    gap_ids = {g["id"] for g in gaps}
    gap_communities = [c for c in communities if gap_ids & set(c["competencies"])]
    context.update({
        "opening": opening(agg, index, rows, gaps, communities, ask),
        "team_rows": team_rows, "trend_rows": trend_rows, "areas": areas,
        "competencies": rows, "gaps": gaps, "communities": communities,
        "gap_communities": gap_communities,
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
