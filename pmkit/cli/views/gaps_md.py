"""Plain renderings of a gap report (Markdown), shared by ``gaps --format md``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.model.gaps import GapReport, GapRow
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


def peer_cell(row: GapRow) -> str:
    from pmkit.cli.views.gap_table import peer_cell as cell

    return cell(row)


def gaps_markdown(report: GapReport, index: ModelIndex) -> str:
    level = index.level_name(report.level)
    lines = [f"# Gaps: {_cell(report.name)}", ""]
    assessed = report.assessed_on.isoformat() if report.assessed_on else "never"
    lines += [f"{level}. Assessed {assessed}" + (" (stale: time to reassess)." if report.stale else "."), ""]
    if report.target_level:
        lines += [f"Measured against {index.level_name(report.target_level)}, not the PM's own level.", ""]
    if report.focus:
        lines += ["## Focus areas", ""]
        for cid in report.focus:
            placed = index.by_id[cid]
            row = report.by_id.get(cid)
            where = f"{row.rating} of {row.expected} expected" if row else "not assessed"
            lines.append(f"- **{_cell(placed.competency.name)}**: {where}")
        lines.append("")
    lines += ["## By competency", "",
              "| Area | Competency | Rating | Expected | Gap | Self | Peers |",
              "| --- | --- | ---: | ---: | --- | ---: | ---: |"]
    for placed in index.placed:
        cid = placed.competency.id
        row = report.by_id.get(cid)
        if row is None:
            lines.append(f"| {_cell(placed.area.name)} | {_cell(placed.competency.name)} | not assessed | "
                         f"{placed.competency.expected.get(report.target_level or report.level, '')} "
                         "|  |  |  |")
            continue
        mark = " (focus)" if cid in report.focus else ""
        self_rating = "" if row.self_rating is None else str(row.self_rating)
        lines.append(f"| {_cell(placed.area.name)} | {_cell(placed.competency.name)}{mark} | {row.rating} | "
                     f"{row.expected} | {gap_bar(row.gap)} {row.gap:+d} | {self_rating} | "
                     f"{peer_cell(row).removesuffix(' !')} |")
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
    peer_rows = report.peer_disagreements(threshold=1)
    if peer_rows:
        lines += ["## Peers vs manager", ""]
        for row in peer_rows:
            views = ", ".join(f"{_cell(p.reviewer)}{f' ({_cell(p.role)})' if p.role else ''} {p.rating}"
                              for p in row.peers)
            lines.append(f"- {_cell(row.name)}: you rated {row.rating}; {views}")
        lines.append("")
    agreed = [r.name for r in sorted(report.rows, key=lambda r: r.order) if r.agreement == "agree"]
    if agreed:
        lines += ["## Where every view agrees", "", ", ".join(_cell(n) for n in agreed) + ".", ""]
    return "\n".join(lines)
