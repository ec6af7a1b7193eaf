"""The history table on a terminal: the latest assessments that fit, changes in colour."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from pmkit.history.entries import History
    from pmkit.model.index import ModelIndex


def print_history_table(history: History, index: ModelIndex, name: str, *, self_view: bool = False,
                        since: dt.date | None = None) -> None:
    from rich.table import Table
    from rich.text import Text

    from pmkit.cli.output import console, table_box
    from pmkit.cli.views.history_rows import (
        describe,
        history_rows,
        other_view_lines,
        skipped_lines,
        sparkline,
    )

    out = console()
    entries = history.view(self_view)
    out.print(Text(describe(history, name, self_view, since), style="bold"))
    if entries:
        rows = history_rows(entries, index)
        name_width = min(max([10, *(len(r.name) + 2 for r in rows), *(len(r.area) for r in rows)]),
                         34)
        spark_width = max(len(entries), 5)
        room = out.width - (name_width + 3) - (spark_width + 3)
        shown = max(1, min(len(entries), room // 13))
        first = len(entries) - shown
        table = Table(box=table_box(), show_lines=False, pad_edge=False)
        table.add_column("Competency", max_width=name_width, no_wrap=True)
        for entry in entries[first:]:
            table.add_column(entry.date.isoformat(), justify="right", no_wrap=True)
        table.add_column("Trend", no_wrap=True, min_width=spark_width)
        area = None
        for row in rows:
            if row.area != area:
                area = row.area
                table.add_row(Text(area, style="bold"), *[""] * (shown + 1))
            cells = []
            for rating, change in zip(row.ratings[first:], row.changes[first:], strict=True):
                if rating is None:
                    cells.append(Text("-", style="dim"))
                    continue
                cell = Text(str(rating))
                if change:
                    cell.append(f" {'▲' if change > 0 else '▼'}{abs(change)}",
                                style="green" if change > 0 else "red")
                cells.append(cell)
            table.add_row("  " + row.name, *cells,
                          Text(sparkline(row.ratings, index.low, index.high), style="cyan"))
        out.print(table)
        if first:
            out.print(Text(f"{first} earlier assessment{'s' if first != 1 else ''} not shown "
                           "(the trend covers them all; use --since or --format json)", style="dim"))
        scale = ", ".join(f"{k} {v}" for k, v in index.model.scale.items())
        out.print(Text(f"Scale: {scale}. ▲/▼: change since the previous assessment.", style="dim"))
    for line in other_view_lines(history, self_view):
        out.print(Text(line, style="dim"))
    for line in skipped_lines(history):
        out.print(Text(line, style="yellow"))
