"""No PM's rating may be worked out from the figures, even by someone who knows each PM's level.

Each figure alone may be safe and two together not: "all three juniors meet the target"
in a cell and a mean rating equal to the target there pin the three juniors exactly at
it. So the aggregate is read the way such a reader would: every rating starts anywhere on
the scale, each figure narrows it (all below, none below, a cell's mean given the others'
bounds), and where some rating is narrowed to one value, the figures about that
competency are withheld one layer at a time (the cells' means and counts, then the
average shortfall, then the count below, then the area's and the team's) until none is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pmkit.org.suppress import MIN_GROUP, UNDER

if TYPE_CHECKING:
    from pmkit.model.gaps import GapRow
    from pmkit.model.index import ModelIndex
    from pmkit.team import PersonRow

Bounds = dict[str, list[int]]  # handle -> [lowest, highest] possible rating


def competency_bounds(out: dict[str, Any], cid: str, rated_on: Sequence[tuple[PersonRow, GapRow]],
                      low: int, high: int) -> Bounds:
    """How far the published figures narrow each rated PM's rating on ``cid``."""
    rows = {p.handle: (p.report.level, row) for p, row in rated_on}
    known = {h: [low, high] for h in rows}
    fig = out["competencies"].get(cid) or {}
    n = len(rows)
    for h, (_, row) in rows.items():
        b, e = known[h], row.expected
        for whole in (out["areas"].get(row.area) or {}, out.get("overall") or {}):
            if whole.get("share_below") == 100:  # its shortfall is a band over 3+ ratings:
                b[1] = min(b[1], e - 1)            # it leaves each one two values or more
            if whole.get("share_below") == 0:
                b[0] = max(b[0], e)
        if fig.get("below_target") == n:
            b[1] = min(b[1], e - 1)
        if fig.get("below_target") == 0:
            b[0] = max(b[0], e)
    if fig.get("below_target") == n and fig.get("average_shortfall") is not None:
        _shortfall_bounds(known, {h: row.expected for h, (_, row) in rows.items()},
                          str(fig["average_shortfall"]))
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
        for _ in range(3):  # a few rounds settle it; each is linear in the cell's PMs
            highs = sum(known[h][1] for h in members)
            lows = sum(known[h][0] for h in members)
            for h in members:
                b = known[h]
                others_high, others_low = highs - b[1], lows - b[0]
                new = [max(b[0], total - others_high), min(b[1], total - others_low)]
                highs += new[1] - b[1]
                lows += new[0] - b[0]
                b[:] = new
    return known


def _shortfall_bounds(known: Bounds, expected: dict[str, int], band: str) -> None:
    """Everyone below target with an average shortfall in this band: the shortfalls add up
    to a total in a known range, so each is at least its least less the others' largest."""
    n = len(known)
    if band == UNDER:  # average under 1.5: the total is under 1.5 n
        least, most = n, (3 * n - 1) // 2
    else:
        least, most = math.ceil(3 * n / 2), sum(expected[h] - b[0] for h, b in known.items())
    def widest(h: str) -> int:
        return expected[h] - known[h][0]

    def narrowest(h: str) -> int:
        return max(1, expected[h] - known[h][1])

    for _ in range(2):
        all_widest = sum(widest(h) for h in known)
        all_narrowest = sum(narrowest(h) for h in known)
        for h, b in known.items():
            gap_low = least - (all_widest - widest(h))
            gap_high = most - (all_narrowest - narrowest(h))
            before_w, before_n = widest(h), narrowest(h)
            b[0] = max(b[0], expected[h] - gap_high)
            b[1] = min(b[1], expected[h] - gap_low)
            all_widest += widest(h) - before_w
            all_narrowest += narrowest(h) - before_n


def _withhold(out: dict[str, Any], cid: str, area: str, step: int) -> None:
    fig = out["competencies"][cid]
    if step >= 4:
        whole = out["areas"].get(area) if step < 6 else out.get("overall")
        key = ("average_shortfall", "share_below")[step % 2]
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
        fig["average_shortfall"] = None
    else:
        fig["below_target"] = fig["share_below"] = None


def loose_means(out: dict[str, Any], cid: str, rated_on: Sequence[tuple[PersonRow, GapRow]],
                low: int, high: int) -> None:
    """Withhold a cell's mean rating when its total sits within two points of the least or
    the greatest total the other figures leave possible: three PMs with a mean of 1.0 on a
    scale from 1 are each at 1, and a total one point above the least says that exactly
    one PM is a point higher. Three points of room leave three PMs who could share them."""
    levels = {p.handle: p.report.level for p, _ in rated_on}
    for cell in out["cells"]:
        if cell["competency"] != cid or cell.get("mean_rating") is None:
            continue
        members = [h for h, level in levels.items() if level == cell["level"]]
        mean = cell["mean_rating"]
        cell["mean_rating"] = None  # what the reader knows without it
        bounds = competency_bounds(out, cid, rated_on, low, high)
        total = round(mean * len(members))
        lows = sum(bounds[h][0] for h in members)
        highs = sum(bounds[h][1] for h in members)
        if total - lows >= MIN_GROUP and highs - total >= MIN_GROUP:
            cell["mean_rating"] = mean


def unpin(out: dict[str, Any], index: ModelIndex, people: Sequence[PersonRow]) -> None:
    """Withhold figures, a layer at a time, until no rating is narrowed to one value."""
    rated: dict[str, list[tuple[PersonRow, GapRow]]] = {}
    for person in people:
        for row in person.report.rows:
            rated.setdefault(row.competency, []).append((person, row))
    for placed in index.placed:
        cid = placed.competency.id
        if cid not in out["competencies"]:
            continue
        loose_means(out, cid, rated.get(cid, []), index.low, index.high)
        for step in range(8):
            bounds = competency_bounds(out, cid, rated.get(cid, []), index.low, index.high)
            if all(lo < hi for lo, hi in bounds.values()):
                break
            _withhold(out, cid, placed.area.id, step)
