"""Plain renderings of a gap report (Markdown), shared by ``gaps --format md``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.model.gaps import GapReport
    from pmkit.model.index import ModelIndex


def gap_bar(gap: int) -> str:
    """A short text bar: ``▼▼`` below target, ``▲`` above, ``=`` on target."""
    if gap > 0:
        return "▼" * min(gap, 10)
    if gap < 0:
        return "▲" * min(-gap, 10)
    return "="


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def gaps_markdown(report: GapReport, index: ModelIndex) -> str:
    level = index.level_name(report.level)
    lines = [f"# Gaps: {_cell(report.name)}", ""]
    assessed = report.assessed_on.isoformat() if report.assessed_on else "never"
    lines += [f"{level}. Assessed {assessed}" + (" (stale: time to reassess)." if report.stale else "."), ""]
    if report.focus:
        lines += ["## Focus areas", ""]
        for cid in report.focus:
            placed = index.by_id[cid]
            row = report.by_id.get(cid)
            where = f"{row.rating} of {row.expected} expected" if row else "not assessed"
            lines.append(f"- **{_cell(placed.competency.name)}**: {where}")
        lines.append("")
    lines += ["## By competency", "",
              "| Area | Competency | Rating | Expected | Gap | Self |",
              "|---|---|---:|---:|---|---:|"]
    for placed in index.placed:
        cid = placed.competency.id
        row = report.by_id.get(cid)
        if row is None:
            lines.append(f"| {_cell(placed.area.name)} | {_cell(placed.competency.name)} | not assessed | "
                         f"{placed.competency.expected.get(report.level, '')} |  |  |")
            continue
        mark = " (focus)" if cid in report.focus else ""
        self_rating = "" if row.self_rating is None else str(row.self_rating)
        lines.append(f"| {_cell(placed.area.name)} | {_cell(placed.competency.name)}{mark} | {row.rating} | "
                     f"{row.expected} | {gap_bar(row.gap)} {row.gap:+d} | {self_rating} |")
    lines.append("")
    differences = report.disagreements(threshold=1)
    if differences:
        lines += ["## Self-assessment vs manager", ""]
        for row in differences:
            diff = row.self_difference or 0
            view = "higher" if diff > 0 else "lower"
            lines.append(f"- {_cell(row.name)}: the PM rates themself {abs(diff)} {view} "
                         f"({row.self_rating} vs {row.rating})")
        lines.append("")
    return "\n".join(lines)
