"""The gaps table a manager reads at a glance: grouped by area, bar per gap, focus marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.model.gaps import GapReport, GapRow
    from pmkit.model.index import ModelIndex


def print_gap_table(report: GapReport, index: ModelIndex) -> None:
    from rich.table import Table
    from rich.text import Text

    from pmkit.cli.output import console, table_box

    out = console()
    assessed = report.assessed_on.isoformat() if report.assessed_on else "never assessed"
    title = f"{report.name} ({index.level_name(report.level)}), assessed {assessed}"
    if report.target_level:
        title += f", measured against {index.level_name(report.target_level)}"
    peers = bool(report.peer_input)
    table = Table(title=title, box=table_box(), show_lines=False, title_justify="left")
    table.add_column("Competency")
    table.add_column("Rating", justify="right")
    table.add_column("Expected", justify="right")
    table.add_column("Gap")
    table.add_column("Self", justify="right")
    if peers:
        table.add_column("Peers", justify="right")
    for area in index.model.areas:
        table.add_row(Text(area.name, style="bold"), "", "", "", "", *([""] if peers else []))
        for comp in area.competencies:
            row = report.by_id.get(comp.id)
            focus = comp.id in report.focus
            name = Text(("* " if focus else "  ") + comp.name, style="bold yellow" if focus else "")
            if row is None:
                expected = comp.expected.get(report.target_level or report.level, "")
                table.add_row(name, Text("-", style="dim"), str(expected),
                              Text("not assessed", style="dim"), "", *([""] if peers else []))
                continue
            if row.gap > 0:
                bar = Text("■" * min(row.gap, 10) + f" +{row.gap}", style="red")
            elif row.gap < 0:
                bar = Text("□" * min(-row.gap, 10) + f" {row.gap}", style="green")
            else:
                bar = Text("on target", style="dim")
            self_cell = "" if row.self_rating is None else str(row.self_rating)
            if row.self_difference and abs(row.self_difference) >= 2:
                self_cell += " !"
            extra = [peer_cell(row)] if peers else []
            table.add_row(name, str(row.rating), str(row.expected), bar, self_cell, *extra)
    out.print(table)
    if report.focus:
        names = ", ".join(index.by_id[c].competency.name for c in report.focus)
        guide = index.model.backgrounds.get(report.background) if report.background else None  # type: ignore[call-overload]
        origin = f" (where a former {guide.name.lower()} usually starts)" if (
            report.focus_source == "background" and guide is not None) else ""
        out.print(f"* focus: {names}{origin}")
    if report.stale:
        out.print(Text("The assessment is stale or missing: time to reassess "
                       f"(pmkit assess {report.handle}).", style="yellow"))
    scale = ", ".join(f"{k} {v}" for k, v in index.model.scale.items())
    note = "a self-rating" + (" or a colleague's rating" if peers else "")
    out.print(Text(f"Scale: {scale}. '!' marks {note} 2 or more away from yours.", style="dim"))
    if peers:
        who = ", ".join(f"{p.reviewer}" + (f" ({p.role})" if p.role else "") + f" {p.date}"
                        for p in report.peer_input)
        out.print(Text(f"Peers: {who}. Their ratings sit beside yours; they never change it.",
                       style="dim"))


def peer_cell(row: GapRow) -> str:
    """``3`` or ``2-4`` (the colleagues' range), ``!`` when one is 2 or more from yours."""
    if row.peer_range is None:
        return ""
    low, high = row.peer_range
    text = str(low) if low == high else f"{low}-{high}"
    return text + (" !" if abs(row.peer_difference or 0) >= 2 else "")
