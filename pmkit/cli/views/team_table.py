"""The team heat map on a terminal: PMs by competency, coloured by gap, grouped by area.

When the terminal is too narrow for one column per competency, each area becomes one
column holding the PM's average gap in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from pmkit.communities import Progress
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Area
    from pmkit.team import PersonRow, TeamReport


def gap_style(gap: float) -> str:
    if gap >= 2:
        return "bold white on red"
    if gap > 0.5:
        return "black on dark_orange"
    if gap > 0:
        return "black on yellow"
    if gap <= -1:
        return "green"
    return "dim"


def _gap_cell(gap: float | None, decimals: bool = False) -> Text:
    from rich.text import Text

    if gap is None:
        return Text("·", style="dim")
    text = f"{gap:+.1f}" if decimals else f"{gap:+d}" if gap else "0"
    return Text(text, style=gap_style(gap))


def print_team_table(report: TeamReport, index: ModelIndex,
                     progress: Sequence[Progress] = ()) -> None:
    from rich.text import Text

    from pmkit.cli.output import console
    from pmkit.cli.views.team_text import (
        VIEWS_LEGEND,
        area_codes,
        common_gap_lines,
        community_lines,
        competency_codes,
        summary_lines,
    )

    out = console()
    codes = competency_codes(index)
    areas = area_codes(index)
    people = sorted(report.people, key=lambda p: (-p.report.total_gap, p.handle))
    handle_width = max([2, *(len(p.handle) for p in people)])
    fixed = handle_width + 5 + 5 + 4 + 5 + 7 + 2 * 6
    per_competency = sum(max(2, len(code)) + 2 for code in codes.values())
    by_area = fixed + per_competency > out.width

    shown_areas = list(index.model.areas)
    table = _table(report, index, people, shown_areas, by_area, codes, areas)
    if by_area:
        # Narrower still: keep the areas that fit, and say which were left out.
        unbounded = out.options.update_width(10_000)
        while len(shown_areas) > 1 and out.measure(table, options=unbounded).maximum > out.width:
            shown_areas.pop()
            table = _table(report, index, people, shown_areas, by_area, codes, areas)
    left_out = [a for a in index.model.areas if a not in shown_areas]
    out.print(table)
    if left_out:
        out.print(Text(f"Left out to fit {out.width} columns: the areas "
                       + ", ".join(a.name for a in left_out) + ". Widen the terminal, or run "
                       "`pmkit team --format md` or `pmkit team | less -S` to see them.",
                       style="bold"))
    if by_area:
        legend = "; ".join(f"{areas[a.id]} {a.name}" for a in shown_areas)
    else:
        legend = "; ".join(
            f"{areas[a.id]} {a.name}: " + ", ".join(f"{codes[c.id]} {c.name}" for c in a.competencies)
            for a in index.model.areas)
    out.print(Text(f"Columns: {legend}.", style="dim"))
    out.print(Text("Gap: target for the PM's level minus rating (red below target, green above, "
                   "· not assessed); the first Gap column is the total. 90d: rating points "
                   "gained in 90 days. 1:1: days since the last one, red when overdue. "
                   "The weakest PM is in red. " + VIEWS_LEGEND[0].upper() + VIEWS_LEGEND[1:],
                   style="dim"))
    out.print()
    for line in summary_lines(report):
        out.print(line, highlight=False)
    out.print()
    for line in common_gap_lines(report, progress):
        out.print(line, highlight=False)
    extra = community_lines(progress, index, report.today)
    if extra:
        out.print()
        for line in extra:
            out.print(line, highlight=False)


def _table(report: TeamReport, index: ModelIndex, people: list[PersonRow], shown_areas: list[Area],
           by_area: bool, codes: dict[str, str], areas: dict[str, str]) -> Table:
    """The heat map with the given areas (all of them unless the terminal is too narrow)."""
    from rich.table import Table
    from rich.text import Text

    from pmkit.cli.output import table_box
    from pmkit.cli.views.team_text import area_average, movement_short, views_short

    title = (f"Team of {len(people)} PMs against {report.model_name}, {report.today.isoformat()}: "
             + ("average gap per area" if by_area else "gap to target per competency"))
    table = Table(title=title, title_justify="left", box=table_box(), pad_edge=False,
                  collapse_padding=True)
    table.add_column("PM", no_wrap=True, min_width=max(2, *(len(p.handle) for p in people)))
    table.add_column("Gap", justify="right", no_wrap=True)
    if not by_area:
        table.add_column("Below", justify="right", no_wrap=True)
    table.add_column("90d", justify="right", no_wrap=True)
    table.add_column("1:1", justify="right", no_wrap=True, min_width=4)
    table.add_column("Views", no_wrap=True)
    if by_area:
        for area in shown_areas:
            table.add_column(areas[area.id], justify="right", no_wrap=True, min_width=4)
    else:
        for area in index.model.areas:
            for n, comp in enumerate(area.competencies):
                header = f"{areas[area.id] if n == 0 else ''}\n{codes[comp.id]}"
                table.add_column(header, justify="right", no_wrap=True)
    trend_styles = {"improving": "green", "declining": "red", "stalled": "yellow"}
    for person in people:
        rep = person.report
        handle = Text(person.handle, style="bold red" if person.handle == report.weakest else "")
        days = (f"{(report.today - person.last_oneonone).days}d" if person.last_oneonone
                else "-")
        cells: list[Text] = []
        if by_area:
            for area in shown_areas:
                cells.append(_gap_cell(area_average(person, area.id, index), decimals=True))
        else:
            by_id = rep.by_id
            for placed in index.placed:
                row = by_id.get(placed.competency.id)
                cells.append(_gap_cell(row.gap if row else None))
        below = [] if by_area else [str(len(rep.below_target))]
        table.add_row(handle, f"{rep.total_gap:g}", *below,
                      Text(movement_short(person),
                           style=trend_styles.get(person.movement.trend, "dim")),
                      Text(days, style="bold red" if person.oneonone_overdue else ""),
                      Text(views := views_short(person),
                           style="bold yellow" if views.endswith("!") else "dim"),
                      *cells)
    return table
