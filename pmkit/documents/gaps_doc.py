"""One PM's gaps as Markdown (``gaps.md.j2``): the same facts as ``pmkit gaps``, for pasting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmkit.model.gaps import GapReport
    from pmkit.model.index import ModelIndex
    from pmkit.workspace import Workspace

TEMPLATE = "gaps.md.j2"


def gap_bar(gap: int) -> str:
    """A short text bar: ``▼▼`` below target, ``▲`` above, ``=`` on target."""
    if gap > 0:
        return "▼" * min(gap, 10)
    if gap < 0:
        return "▲" * min(-gap, 10)
    return "="


def gaps_context(report: GapReport, index: ModelIndex) -> dict[str, Any]:
    """Plain data for ``gaps.md.j2``: this PM and nobody else."""
    by_id = report.by_id
    focus = []
    for cid in report.focus:
        row = by_id.get(cid)
        focus.append({"name": index.by_id[cid].competency.name,
                      "rating": row.rating if row else None,
                      "expected": row.expected if row else None})
    rows = []
    for placed in index.placed:
        cid = placed.competency.id
        row = by_id.get(cid)
        expected = placed.competency.expected.get(report.level, "")
        if row is None:
            rows.append({"area": placed.area.name, "name": placed.competency.name, "focus": False,
                         "rating": None, "expected": expected, "gap": 0, "bar": "",
                         "self_rating": ""})
            continue
        rows.append({"area": placed.area.name, "name": placed.competency.name,
                     "focus": cid in report.focus, "rating": row.rating, "expected": row.expected,
                     "gap": row.gap, "bar": gap_bar(row.gap),
                     "self_rating": "" if row.self_rating is None else row.self_rating})
    differences = [{"name": r.name, "size": abs(r.self_difference or 0),
                    "view": "higher" if (r.self_difference or 0) > 0 else "lower",
                    "self_rating": r.self_rating, "rating": r.rating}
                   for r in report.disagreements(threshold=1)]
    peers = [{"name": r.name, "rating": r.rating,
              "views": [{"reviewer": v.reviewer, "role": v.role, "rating": v.rating} for v in r.peers]}
             for r in report.peer_disagreements(threshold=1)]
    agreed = [r.name for r in sorted(report.rows, key=lambda r: r.order) if r.agreement == "agree"]
    return {"name": report.name, "level_name": index.level_name(report.level),
            "target_level_name": (index.level_name(report.target_level)
                                  if report.target_level else None),
            "peers": peers, "agreed": agreed,
            "assessed_on": report.assessed_on.isoformat() if report.assessed_on else None,
            "stale": report.stale, "focus": focus, "rows": rows, "differences": differences}


def render_gaps(ws: Workspace, report: GapReport) -> str:
    from pmkit.documents.render import Renderer

    return Renderer(ws.root, ws.store).render(TEMPLATE, gaps_context(report, ws.index))
