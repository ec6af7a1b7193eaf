"""A PM's history as rows a person can read: competencies down, assessments across.

Shared by the terminal table (rich, in the CLI) and the plain text printed when the
output is piped, so both show the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import datetime as dt

    from pmkit.history.entries import Entry, History
    from pmkit.model.index import ModelIndex

SPARKS = "▁▂▃▄▅▆▇█"
GONE_AREA = "No longer in the model"


def sparkline(values: Sequence[int | None], low: int, high: int) -> str:
    """One block per value, scaled to the model's scale; a gap where there is no rating."""
    span = max(high - low, 1)
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        else:
            clipped = min(max(value, low), high)
            out.append(SPARKS[round((clipped - low) / span * (len(SPARKS) - 1))])
    return "".join(out)


class HistoryRow(NamedTuple):
    competency: str
    name: str
    area: str
    ratings: list[int | None]  # one per entry, oldest first
    changes: list[int | None]  # change since the previous assessment, per entry


def history_rows(entries: Sequence[Entry], index: ModelIndex) -> list[HistoryRow]:
    """Every competency rated at least once, in model order; ids the model lost come last."""
    rated: dict[str, None] = {}
    for entry in entries:
        rated.update(dict.fromkeys(entry.ratings))
    rows: list[HistoryRow] = []

    def row(cid: str, name: str, area: str) -> HistoryRow:
        return HistoryRow(cid, name, area, [e.ratings.get(cid) for e in entries],
                          [e.changes.get(cid) for e in entries])

    for placed in index.placed:
        cid = placed.competency.id
        if cid in rated:
            rows.append(row(cid, placed.competency.name, placed.area.name))
    for cid in rated:
        if cid not in index.by_id:
            rows.append(row(cid, cid, GONE_AREA))
    return rows


def cell_text(rating: int | None, change: int | None) -> str:
    if rating is None:
        return "-"
    return f"{rating} {change:+d}" if change else str(rating)


def describe(history: History, name: str, self_view: bool, since: dt.date | None) -> str:
    entries = history.view(self_view)
    who = "self-assessment" if self_view else "assessment"
    if not entries:
        return f"{name}: no {who}s found in the git history" + (
            f" since {since.isoformat()}" if since else "")
    span = (f"{entries[0].date.isoformat()} to {entries[-1].date.isoformat()}"
            if len(entries) > 1 else entries[0].date.isoformat())
    plural = "" if len(entries) == 1 else "s"
    return f"{name}: {len(entries)} {who}{plural}, {span}"


def other_view_lines(history: History, self_view: bool) -> list[str]:
    """Under the manager's history: the other views that exist, so none is forgotten."""
    if self_view:
        return []
    lines = []
    if history.self_assessments:
        dates = [e.date.isoformat() for e in history.self_assessments]
        lines.append(f"Self-assessments: {len(dates)} ({', '.join(dates[-3:])}"
                     f"{', ...' if len(dates) > 3 else ''}); see them with --self")
    for peer in history.peer_input[-5:]:
        role = f", {peer['role']}" if peer.get("role") else ""
        ratings = ", ".join(f"{cid} {value}" for cid, value in peer["ratings"].items())
        lines.append(f"Peer input {peer['date']} from {peer['reviewer']}{role}: {ratings}")
    return lines


def skipped_lines(history: History) -> list[str]:
    if not history.skipped:
        return []
    count = len(history.skipped)
    lines = [f"Skipped {count} version{'s' if count != 1 else ''} that could not be read:"]
    for item in history.skipped:
        commit = item.commit[:10] if item.commit else "uncommitted"
        when = item.committed.date().isoformat() if item.committed else ""
        lines.append(f"  {commit} {when} {item.reason}")
    return lines


def history_text(history: History, index: ModelIndex, name: str, *, self_view: bool = False,
                 since: dt.date | None = None) -> str:
    """The plain-text table: every assessment as a column, aligned with spaces."""
    entries = history.view(self_view)
    lines = [describe(history, name, self_view, since)]
    if entries:
        rows = history_rows(entries, index)
        width = max([len("Competency"), *(len(r.name) + 2 for r in rows)])
        cells = [[cell_text(r, c) for r, c in zip(row.ratings, row.changes, strict=True)]
                 for row in rows]
        col = max([10, *(len(c) for line in cells for c in line)])
        header = "Competency".ljust(width) + "".join(
            "  " + e.date.isoformat().rjust(col) for e in entries) + "  Trend"
        lines += ["", header]
        area = None
        for row, line in zip(rows, cells, strict=True):
            if row.area != area:
                area = row.area
                lines.append(area)
            spark = sparkline(row.ratings, index.low, index.high)
            lines.append(("  " + row.name).ljust(width)
                         + "".join("  " + c.rjust(col) for c in line) + "  " + spark)
        scale = ", ".join(f"{k} {v}" for k, v in index.model.scale.items())
        lines += ["", f"Scale: {scale}. +n/-n: change since the previous assessment."]
    others = other_view_lines(history, self_view)
    if others:
        lines += ["", *others]
    skipped = skipped_lines(history)
    if skipped:
        lines += ["", *skipped]
    return "\n".join(lines) + "\n"
