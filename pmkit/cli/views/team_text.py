"""The team report as plain text (piped output), for the manager: it names PMs.

The report that goes upward is a template (``team.md.j2``), rendered from the team's
aggregate under the three-person rule; see :mod:`pmkit.documents.team_report`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.communities import Progress
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


def views_short(person: PersonRow) -> str:
    """Whose views sit beside the manager's: S (self-review), 2P (two colleagues), and '!'
    when one of them is two or more points from the manager's rating somewhere."""
    report = person.report
    parts = (["S"] if report.self_assessed_on else []) + (
        [f"{len(report.peer_input)}P"] if report.peer_input else [])
    if not parts:
        return "-"
    return "+".join(parts) + ("!" if person.views_apart else "")


VIEWS_LEGEND = ("views: S the PM's self-review, 2P two colleagues' forms; '!' one of them is "
                "2 or more points from your rating somewhere.")


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
    apart = [p for p in report.people if p.views_apart]
    if apart:
        names = {r.competency: r.name for p in apart for r in p.report.rows}
        shown = "; ".join(
            f"{p.handle} ({', '.join(names[c] for c in p.views_apart[:2])}"
            f"{f' and {len(p.views_apart) - 2} more' if len(p.views_apart) > 2 else ''})"
            for p in apart[:8])
        more = f"; and {len(apart) - 8} more" if len(apart) > 8 else ""
        lines.append(f"Self or colleagues' view 2+ points from yours ({len(apart)} "
                     f"PM{'s' if len(apart) != 1 else ''}): {shown}{more}. Talk it through: "
                     "pmkit conversation HANDLE")
    return lines


def common_gap_lines(report: TeamReport, progress: Sequence[Progress] = ()) -> list[str]:
    if not report.common_gaps:
        return [f"No common gaps: no competency is below target for {report.threshold} or more PMs."]
    lines = [f"Common gaps (below target for {report.threshold} or more PMs), to learn together:"]
    for gap in report.common_gaps:
        coaches = f"; could coach: {_names(gap.mentors)}" if gap.mentors else ""
        lines.append(f"  {gap.name}: {len(gap.below_target)} PMs ({_names(gap.below_target)})"
                     f"{coaches}")
        planned = [item.community.topic for item in progress if gap.competency in item.competencies]
        lines.append(f"    planned: {'; '.join(planned)}" if planned else f"    {topic_line(gap)}")
    return lines


MOVED_WORDS = {"up": "rated higher", "same": "rated the same", "down": "rated lower",
               "not-reassessed": "not reassessed yet", "no-baseline": "no assessment from before to compare"}


def community_lines(progress: Sequence[Progress], index: ModelIndex,
                    today: dt.date | None = None) -> list[str]:
    """Each community: sessions held, attendance by function, and whether the PMs who took
    part moved on its competencies afterwards (by name: the manager's view)."""
    if not progress:
        return []
    today = today or dt.date.today()
    lines = ["Communities and book clubs:"]
    for item in progress:
        community = item.community
        owner = (f"owner {community.owner.name} ({community.owner.status})" if community.owner
                 else "no owner yet")
        nxt = f", next {item.next_session.isoformat()}" if item.next_session else ""
        lines.append(f"  {community.topic} [{item.cid}]: {item.held} of {len(community.sessions)} "
                     f"sessions held{nxt}; {owner}")
        missed = [s for s in community.sessions if not s.held and s.date < today]
        if missed:
            lines.append(f"    {len(missed)} planned session(s) passed without being recorded as "
                         f"held, the first on {missed[0].date.isoformat()}: record them or replan")
        if item.attendance:
            lines.append("    attendance: " + ", ".join(f"{f} {n}" for f, n in item.attendance.items()))
        if item.moved:
            groups: dict[str, list[str]] = {}
            for handle, outcome in item.moved.items():
                groups.setdefault(outcome, []).append(handle)
            if set(groups) <= {"not-reassessed", "no-baseline"}:
                lines.append(f"    ratings moved? not known yet: no PM who took part "
                             f"({_names(list(item.moved))}) has been reassessed on it since")
            else:
                lines.append("    on its competencies, latest assessment against the one before "
                             "their first session: " + "; ".join(
                                 f"{MOVED_WORDS.get(k, k)}: {_names(groups[k])}"
                                 for k in MOVED_WORDS if k in groups))
    return lines


def team_text(report: TeamReport, index: ModelIndex, progress: Sequence[Progress] = ()) -> str:
    """The heat map as plain text: gaps per competency, grouped by area ('.' = not assessed)."""
    codes = competency_codes(index)
    people = sorted(report.people, key=lambda p: (-p.report.total_gap, p.handle))
    handle_width = max([2, *(len(p.handle) for p in people)])
    head = (f"{'PM'.ljust(handle_width)}  {'level':<8} {'gap':>5} {'below':>5}  "
            f"{'90 days':<14} {'last 1:1':<11} {'views':<6}")
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
               f"{len(rep.below_target):>5}  {movement_text(person):<14} {last:<11} "
               f"{views_short(person):<6}")
        by_id = rep.by_id
        cells = " | ".join(
            " ".join((str(by_id[c.id].gap) if c.id in by_id else NOT_ASSESSED).rjust(width[c.id])
                     for c in area.competencies)
            for area in index.model.areas)
        lines.append(f"{row} {cells}")
    lines += ["", "Columns: " + "; ".join(
        f"{area.name}: " + ", ".join(f"{codes[c.id]} {c.name}" for c in area.competencies)
        for area in index.model.areas), "'!' after the 1:1 date: overdue.",
        VIEWS_LEGEND[0].upper() + VIEWS_LEGEND[1:], ""]
    lines += summary_lines(report)
    lines += ["", *common_gap_lines(report, progress)]
    extra = community_lines(progress, index, report.today)
    if extra:
        lines += ["", *extra]
    return "\n".join(lines) + "\n"
