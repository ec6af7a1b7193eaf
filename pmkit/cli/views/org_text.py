"""``pmkit org`` as plain text: the organisation's teams, gaps, coverage, trends and calibration."""

from __future__ import annotations

from typing import Any

DASH = "-"


def _num(value: Any, suffix: str = "") -> str:
    if value is None:
        return DASH
    if isinstance(value, float):
        return f"{value:g}{suffix}"
    return f"{value}{suffix}"


def _teams(n: int) -> str:
    return f"{n} team{'' if n == 1 else 's'}"


def _rate_line(label: str, rate: dict[str, Any]) -> str:
    if not rate["teams_counted"]:
        return f"{label}: not shown by any team"
    line = f"{label}: {rate['count']} of {rate['of']} PMs ({_num(rate['percent'], '%')})"
    if rate["teams_not_counted"]:
        line += (f"; {_teams(rate['teams_not_counted'])} withheld the count under the "
                 "three-person rule")
    return line


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()
    return [line(head), *(line(r) for r in rows)]


def _moves(team: dict[str, Any]) -> str:
    """Ratings that went up and down over 90 days, as "+7/-2"; a withheld side is a dash."""
    up, down = team.get("ratings_up"), team.get("ratings_down")
    if up is None and down is None:
        return DASH
    return f"+{_num(up)}/-{_num(down)}"


def org_text(view: dict[str, Any], wide: bool = False) -> str:
    teams = view["teams"]
    model = view["model"]
    lines = [f"Organisation on {view['date']}: {_teams(len(teams))}, {view['people']} PMs"
             + (f", against {model['name']} v{model['version']}" if model.get("name") else ""),
             f"Every figure comes from the teams' exports and describes at least {view['min_group']} "
             f"people; '{DASH}' marks a figure a team withheld under that rule.", ""]
    if not teams:
        lines.append("No team exports here yet: each manager runs `pmkit export --output FILE` "
                     "into this repository and commits the file.")
        return "\n".join(lines) + "\n"
    rows = []
    for t in teams:
        rows.append([t["team"], _num(t["people"]), _num(t["stale"]), _num(t["overdue_oneonones"]),
                     _num(t["share_below_target"], "%") if t["reportable"] else "too small",
                     _moves(t),
                     t["generated_on"] + (f" ({t['age_days']}d)" if t["age_days"] is not None else ""),
                     ", ".join(t["top_gaps"]) or ("none" if t["reportable"] else DASH)])
    lines += ["Teams", *_table(["team", "PMs", "stale", "no 1:1", "below target", "90 days: ratings up/down",
                                "exported", "top common gaps"], rows), ""]
    lines.append(_rate_line("Stale or missing assessments", view["stale_rate"]))
    lines.append(_rate_line("Overdue 1:1s", view["overdue_rate"]))
    lines.append("")
    gaps = view["common_gaps"]
    lines.append("Common gaps across the organisation (a common gap: three or more PMs and a third "
                 "of those rated in a team below target):")
    if not gaps:
        lines.append("  none: no competency is a common gap in any team")
    for g in gaps[:10]:
        share = (f"; {g['share_below']:g}% of {g['rated']} PMs rated below target"
                 if g["share_below"] is not None else "")
        lines.append(f"  {g['name']}: a common gap in {_teams(g['teams'])}{share}")
    lines.append("")
    levels = view["levels"]
    lines.append("Coverage: PMs meeting their level's target, per competency and level "
                 "(share of the PMs it was counted over; '-' fewer than three, or withheld)")
    cov_rows = []
    for c in view["coverage"]:
        cells = []
        for lv in levels:
            cell = c["levels"].get(lv["id"], {})
            if not cell.get("met_of"):
                cells.append(DASH)
            else:
                cells.append(f"{_num(cell['met_target_percent'], '%')} of {cell['met_of']}")
        cov_rows.append([c["name"], *cells])
    lines += _table(["competency", *[lv["id"] for lv in levels]], cov_rows)
    lines.append("")
    trends = view["trends"]
    if trends:
        lines.append("Trends since each team's previous export (from the repository's history):")
        for t in trends:
            b = t["share_below_target"]
            move = (f"below target {_num(b['then'], '%')} -> {_num(b['now'], '%')}"
                    + (f" ({b['change']:+.1f} points)" if b["change"] is not None else ""))
            lines.append(f"  {t['team']} since {t['since']}: {move}; stale {_num(t['stale']['then'])} "
                         f"-> {_num(t['stale']['now'])}; overdue 1:1s {_num(t['overdue_oneonones']['then'])}"
                         f" -> {_num(t['overdue_oneonones']['now'])}")
    elif view["history"]:
        lines.append("Trends: no team has an earlier export in the repository's history yet.")
    else:
        lines.append("Trends: this folder is not a git repository, so there is no earlier export to compare.")
    lines.append("")
    cal = view["calibration"]
    lines.append("Calibration: each team's mean rating for a competency at a level, against the rest "
                 f"of the organisation's (cells of three or more PMs; flagged at +/-{cal['flag']:g}):")
    if not cal["teams"]:
        lines.append("  not enough shared cells yet: it needs two teams with three or more PMs "
                     "rated on the same competency at the same level")
    in_line = [t for t in cal["teams"] if t["verdict"] == "in line"]
    for t in cal["teams"]:
        if t["verdict"] == "in line":
            continue
        largest = "; ".join(f"{r['name']} at {r['level_name']} {r['difference']:+.2f}"
                            for r in t["largest"])
        lines.append(f"  {t['team']}: {t['verdict']} ({t['lean']:+.2f} on average over "
                     f"{t['cells']} cells); largest: {largest}")
    if in_line:
        lines.append(f"  in line with the rest (within +/-{cal['flag']:g}): "
                     + ", ".join(f"{t['team']} ({t['lean']:+.2f})" for t in in_line))
    if view["unmapped"]:
        lines.append("")
        for team, ids in view["unmapped"].items():
            lines.append(f"note: {team}: competencies not in the current model (no alias maps "
                         f"them): {', '.join(ids)}")
    return "\n".join(lines) + "\n"
