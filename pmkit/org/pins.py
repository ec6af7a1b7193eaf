"""No PM's rating may be worked out from the figures, even by someone who knows each PM's level.

Each figure alone may be safe and two together not: "none above target" on a competency
and "all three juniors meet the target" in its junior cell pin the three juniors exactly
at the target. So the aggregate is read the way such a reader would: every rating starts
anywhere on the scale, each figure narrows it (all below, none below, none above, all
above, a cell's mean given the others' bounds), and where some rating is narrowed to one
value, the figures about that competency are withheld one layer at a time (the cells'
means and counts, then the count above target, then the average shortfall, then the count
below, then the area's and the team's) until none is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex
    from pmkit.team import PersonRow

Bounds = dict[str, list[int]]  # handle -> [lowest, highest] possible rating


def competency_bounds(out: dict[str, Any], cid: str, people: Sequence[PersonRow],
                      low: int, high: int) -> Bounds:
    """How far the published figures narrow each rated PM's rating on ``cid``."""
    rows = {p.handle: (p.report.level, p.report.by_id[cid]) for p in people if cid in p.report.by_id}
    known = {h: [low, high] for h in rows}
    fig = out["competencies"].get(cid) or {}
    n = len(rows)
    for h, (_, row) in rows.items():
        b, e = known[h], row.expected
        for whole in (out["areas"].get(row.area) or {}, out.get("overall") or {}):
            if whole.get("share_below") == 100:
                b[1] = min(b[1], e - 1)
                if whole.get("average_shortfall") == 1.0:
                    b[0] = max(b[0], e - 1)
            if whole.get("share_below") == 0:
                b[0] = max(b[0], e)
            if whole.get("share_above") == 0:
                b[1] = min(b[1], e)
            if whole.get("share_above") == 100:
                b[0] = max(b[0], e + 1)
        if fig.get("below_target") == n:
            b[1] = min(b[1], e - 1)
        if fig.get("below_target") == 0:
            b[0] = max(b[0], e)
        if fig.get("above_target") == 0:
            b[1] = min(b[1], e)
        if fig.get("above_target") == n:
            b[0] = max(b[0], e + 1)
    if fig.get("below_target") == n and fig.get("average_shortfall") is not None:
        _shortfall_bounds(known, {h: row.expected for h, (_, row) in rows.items()},
                          float(fig["average_shortfall"]))
    for cell in out["cells"]:
        if cell["competency"] != cid:
            continue
        members = [h for h, (level, _) in rows.items() if level == cell["level"]]
        e = cell["expected"]
        for h in members:
            if cell.get("met_target") == len(members):
                known[h][0] = max(known[h][0], e)
            if cell.get("met_target") == 0:
                known[h][1] = min(known[h][1], e - 1)
        if cell.get("mean_rating") is None or not members:
            continue
        total = round(cell["mean_rating"] * len(members))
        for _ in range(len(members)):
            for h in members:
                others = [known[o] for o in members if o != h]
                known[h][0] = max(known[h][0], total - sum(x[1] for x in others))
                known[h][1] = min(known[h][1], total - sum(x[0] for x in others))
    return known


def _shortfall_bounds(known: Bounds, expected: dict[str, int], average: float) -> None:
    """Everyone below target with this average shortfall (rounded to 0.1): the shortfalls
    add up to a known total, so each is at least the total less the others' largest."""
    n = len(known)
    least, most = math.ceil((average - 0.05) * n - 1e-9), math.floor((average + 0.05) * n + 1e-9)
    for _ in range(2):
        for h, b in known.items():
            others = [o for o in known if o != h]
            gap_low = least - sum(expected[o] - known[o][0] for o in others)
            gap_high = most - sum(max(1, expected[o] - known[o][1]) for o in others)
            b[0] = max(b[0], expected[h] - gap_high)
            b[1] = min(b[1], expected[h] - gap_low)


def _withhold(out: dict[str, Any], cid: str, area: str, step: int) -> None:
    fig = out["competencies"][cid]
    if step >= 5:
        whole = out["areas"].get(area) if step < 8 else out.get("overall")
        key = ("share_above", "average_shortfall", "share_below")[(step - 5) % 3]
        if whole:
            whole[key] = None
            if key == "share_below":
                whole["average_shortfall"] = None
    elif step == 0:
        for cell in out["cells"]:
            if cell["competency"] == cid:
                cell["met_target"] = None
    elif step == 1:
        for cell in out["cells"]:
            if cell["competency"] == cid:
                cell["mean_rating"] = None
    elif step == 2:
        fig["above_target"] = None
    elif step == 3:
        fig["average_shortfall"] = None
    else:
        fig["below_target"] = fig["share_below"] = None


def unpin(out: dict[str, Any], index: ModelIndex, people: Sequence[PersonRow]) -> None:
    """Withhold figures, a layer at a time, until no rating is narrowed to one value."""
    for placed in index.placed:
        cid = placed.competency.id
        if cid not in out["competencies"]:
            continue
        for step in range(11):
            bounds = competency_bounds(out, cid, people, index.low, index.high)
            if all(lo < hi for lo, hi in bounds.values()):
                break
            _withhold(out, cid, placed.area.id, step)
