"""The team report as plain text (piped output) and as Markdown for the manager's leadership.

The Markdown report is meant to leave the team: without ``detailed`` it names no PM and
shows no individual rating, only counts, averages and what the team will learn together.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex
    from pmkit.team import CommonGap, PersonRow, TeamReport

NOT_ASSESSED = "."


def short_codes(items: list[tuple[str, str]]) -> dict[str, str]:
    """Short unique column headings from names' initials ("Customer insight" -> CI)."""
    codes: dict[str, str] = {}
    used: set[str] = set()
    for key, name in items:
        words = [w for w in name.replace("-", " ").replace("/", " ").split() if w[:1].isalnum()]
        base = "".join(w[0] for w in words[:3]).upper() or key[:2].upper()
        if len(base) == 1:
            base = (words[0][:2] if words else key[:2]).upper()
        code, n = base, 2
        while code in used:
            code, n = f"{base}{n}", n + 1
        used.add(code)
        codes[key] = code
    return codes


def competency_codes(index: ModelIndex) -> dict[str, str]:
    return short_codes([(p.competency.id, p.competency.name) for p in index.placed])


def area_codes(index: ModelIndex) -> dict[str, str]:
    return short_codes([(a.id, a.name) for a in index.model.areas])


def movement_short(person: PersonRow) -> str:
    """The movement in a few characters: +3, -1, 0 (stalled), new, or '.'."""
    move = person.movement
    if move.trend == "new":
        return "new"
    if move.points is None:
        return NOT_ASSESSED
    return f"{move.points:+d}" if move.points else "0"


def area_average(person: PersonRow, area_id: str, index: ModelIndex) -> float | None:
    """The mean gap over the competencies of one area this PM was rated on."""
    gaps = [row.gap for row in person.report.rows if row.area == area_id]
    return sum(gaps) / len(gaps) if gaps else None


def movement_text(person: PersonRow) -> str:
    move = person.movement
    if move.trend == "not-assessed":
        return "not assessed"
    if move.trend == "new":
        return "first assessment"
    if move.points is None:
        return move.trend
    return f"{move.trend} {move.points:+d}" if move.points else move.trend


def _names(people: list[PersonRow] | list[str], limit: int = 12) -> str:
    handles = [p if isinstance(p, str) else p.handle for p in people]
    shown = ", ".join(handles[:limit])
    return shown + (f" and {len(handles) - limit} more" if len(handles) > limit else "")


def topic_line(gap: CommonGap) -> str:
    return "; ".join(str(t["title"]) for t in gap.topics)


def summary_lines(report: TeamReport) -> list[str]:
    """What the manager should act on, one line each (names PMs: for the manager only)."""
    lines: list[str] = []
    by_handle = report.by_handle
    if report.weakest:
        weakest = by_handle[report.weakest].report
        lines.append(f"Weakest: {report.weakest} (total gap {weakest.total_gap:g}, "
                     f"{len(weakest.below_target)} below target): start there")
    improving = report.improving
    if improving:
        lines.append("Improving fastest (90 days): " + ", ".join(
            f"{p.handle} ({p.movement.points:+d})" for p in improving[:8]))
    for trend, label in (("stalled", "Stalled (no rating up in 90 days)"),
                         ("declining", "Declining")):
        people = report.with_trend(trend)
        if people:
            lines.append(f"{label}: {_names(people)}")
    if report.stale:
        lines.append(f"Stale or missing assessments (over {report.reassess_after_days} days): "
                     f"{_names(report.stale)}")
    if report.overdue:
        lines.append(f"Overdue 1:1s (none in {2 * report.cadence_days} days): {_names(report.overdue)}")
    return lines


def common_gap_lines(report: TeamReport) -> list[str]:
    if not report.common_gaps:
        return [f"No common gaps: no competency is below target for {report.threshold} or more PMs."]
    lines = [f"Common gaps (below target for {report.threshold} or more PMs), to learn together:"]
    for gap in report.common_gaps:
        coaches = f"; could coach: {_names(gap.mentors)}" if gap.mentors else ""
        lines.append(f"  {gap.name}: {len(gap.below_target)} PMs ({_names(gap.below_target)})"
                     f"{coaches}")
        lines.append(f"    {topic_line(gap)}")
    return lines


def team_text(report: TeamReport, index: ModelIndex) -> str:
    """The heat map as plain text: gaps per competency, grouped by area ('.' = not assessed)."""
    codes = competency_codes(index)
    people = sorted(report.people, key=lambda p: (-p.report.total_gap, p.handle))
    handle_width = max([2, *(len(p.handle) for p in people)])
    head = (f"{'PM'.ljust(handle_width)}  {'level':<8} {'gap':>5} {'below':>5}  "
            f"{'90 days':<14} {'last 1:1':<10}")
    width = {cid: max(2, len(code)) for cid, code in codes.items()}
    heat_head = " | ".join(" ".join(codes[c.id].rjust(width[c.id]) for c in area.competencies)
                           for area in index.model.areas)
    lines = [f"Team of {len(report.people)} PMs against {report.model_name}, {report.today.isoformat()}",
             "Numbers are gaps to the target of each PM's level (positive: below target).", "",
             f"{head}  {heat_head}"]
    for person in people:
        rep = person.report
        last = person.last_oneonone.isoformat() if person.last_oneonone else "never"
        last += "!" if person.oneonone_overdue else ""
        row = (f"{person.handle.ljust(handle_width)}  {rep.level:<8} {rep.total_gap:>5g} "
               f"{len(rep.below_target):>5}  {movement_text(person):<14} {last:<11}")
        by_id = rep.by_id
        cells = " | ".join(
            " ".join((str(by_id[c.id].gap) if c.id in by_id else NOT_ASSESSED).rjust(width[c.id])
                     for c in area.competencies)
            for area in index.model.areas)
        lines.append(f"{row} {cells}")
    lines += ["", "Columns: " + "; ".join(
        f"{area.name}: " + ", ".join(f"{codes[c.id]} {c.name}" for c in area.competencies)
        for area in index.model.areas), "'!' after the 1:1 date: overdue.", ""]
    lines += summary_lines(report)
    lines += ["", *common_gap_lines(report)]
    return "\n".join(lines) + "\n"


# --- Markdown -------------------------------------------------------------------------------


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def team_markdown(report: TeamReport, index: ModelIndex, *, detailed: bool = False) -> str:
    """A team report for the manager's own leadership; names PMs only when ``detailed``."""
    people = report.people
    total = len(people)
    assessed = [p for p in people if p.assessed]
    lines = ["# Product management team report", ""]
    who = f"{report.manager}'s team" if report.manager else "The team"
    lines += [f"{who} of {_plural(total, 'product manager')} on {report.today.isoformat()}, "
              f"against the {report.model_name} (version {report.model_version}).", ""]

    trends = Counter(p.movement.trend for p in people)
    lines += ["## At a glance", "", "| | PMs |", "|---|---:|",
              f"| In the team | {total} |",
              f"| Assessed | {len(assessed)} |",
              f"| Assessment older than {report.reassess_after_days} days, or none | "
              f"{len(report.stale)} |",
              f"| No 1:1 in the last {2 * report.cadence_days} days | {len(report.overdue)} |",
              f"| Improving over the last 90 days | {trends['improving']} |",
              f"| No change over the last 90 days | {trends['stalled']} |",
              f"| Declining over the last 90 days | {trends['declining']} |",
              f"| First assessment within the last 90 days | {trends['new']} |", ""]
    levels = Counter(p.report.level for p in people)
    if levels:
        lines += ["By level: " + ", ".join(f"{_plural(levels[lv.id], lv.name)}"
                                          for lv in index.model.levels if levels[lv.id]) + ".", ""]

    lines += ["## Where the team stands, by area", "",
              "| Area | Ratings below target | Average gap to target |", "|---|---:|---:|"]
    for area in index.model.areas:
        rows = [row for p in people for row in p.report.rows if row.area == area.id]
        below = sum(1 for row in rows if row.gap > 0)
        if rows:
            share = f"{below} of {len(rows)} ({round(100 * below / len(rows))}%)"
            average = f"{sum(row.gap for row in rows) / len(rows):+.1f}"
        else:
            share, average = "not assessed", ""
        lines.append(f"| {_cell(area.name)} | {share} | {average} |")
    lines += ["", "A positive gap is below the target of each PM's level; negative is above it.", ""]

    lines += ["## Common gaps: what we will learn together", ""]
    if not report.common_gaps:
        lines += [f"No competency is below target for {report.threshold} or more PMs, so there is "
                  "no team-wide topic this time: coaching stays one to one.", ""]
    for gap in report.common_gaps:
        lines += [f"### {_cell(gap.name)}", ""]
        line = (f"{len(gap.below_target)} of {total} PMs are below the target for their level "
                f"(average gap {gap.average_gap:g}).")
        if gap.mentors:
            line += (f" Peer coaches in the team: {', '.join(gap.mentors)}." if detailed else
                     f" {_plural(len(gap.mentors), 'PM')} at least one point above target "
                     f"{'is' if len(gap.mentors) == 1 else 'are'} asked to coach.")
        lines += [line, ""]
        if detailed:
            lines += [f"Below target: {', '.join(gap.below_target)}.", ""]
        for topic in gap.topics:
            lines.append(f"- **{_cell(topic['title'])}**")
            for practice in topic.get("practices", []):
                lines.append(f"  - Practise: {_cell(practice)}")
            for question in topic.get("questions", []):
                lines.append(f"  - Discuss: {_cell(question)}")
        if gap.resources:
            lines.append("- Resources: " + "; ".join(
                f"*{_cell(r['title'])}*" + (f" by {_cell(r['by'])}" if r.get("by") else "")
                + f" ({r.get('kind', 'book')})" for r in gap.resources))
        lines.append("")

    if detailed:
        lines += _detailed(report, index)
    else:
        lines += ["*This report names no one and shows no individual rating. "
                  "`pmkit team --format md --detailed` adds them.*", ""]
    return "\n".join(lines)


def _detailed(report: TeamReport, index: ModelIndex) -> list[str]:
    codes = competency_codes(index)
    people = sorted(report.people, key=lambda p: (-p.report.total_gap, p.handle))
    lines = ["## People", ""]
    if report.weakest:
        lines += [f"Largest total gap: **{report.weakest}**.", ""]
    lines += ["| PM | Level | Total gap | Below target | Last 90 days | Assessed | Last 1:1 |",
              "|---|---|---:|---:|---|---|---|"]
    for person in people:
        rep = person.report
        assessed = rep.assessed_on.isoformat() if rep.assessed_on else "never"
        if rep.stale:
            assessed += " (stale)"
        last = person.last_oneonone.isoformat() if person.last_oneonone else "never"
        if person.oneonone_overdue:
            last += " (overdue)"
        lines.append(f"| {_cell(rep.name)} ({person.handle}) | {_cell(index.level_name(rep.level))} | "
                     f"{rep.total_gap:g} | {len(rep.below_target)} | {movement_text(person)} | "
                     f"{assessed} | {last} |")
    lines += ["", "## Gap to target by competency", "",
              "Positive: below the target of the PM's level; `.`: not assessed.", ""]
    header = "| PM | " + " | ".join(codes[p.competency.id] for p in index.placed) + " |"
    lines += [header, "|---|" + "---:|" * len(index.placed)]
    for person in people:
        by_id = person.report.by_id
        cells = [str(by_id[p.competency.id].gap) if p.competency.id in by_id else NOT_ASSESSED
                 for p in index.placed]
        lines.append(f"| {person.handle} | " + " | ".join(cells) + " |")
    lines += ["", "Columns: " + "; ".join(f"{codes[p.competency.id]} {_cell(p.competency.name)}"
                                         for p in index.placed) + ".", ""]
    return lines
