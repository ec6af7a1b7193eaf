"""Where a wheel's axis labels go: the radius at which every label fits beside the web.

The web grows until no label touches another or the web, and shrinks until the wheel,
its title and legend fit the size asked for. The same labels fit the same way in every
wheel of a model, so the answer is worked out once per process.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

from pmkit.documents.charts import GAP, LH, PAD, Box, text_width


def _label_box(lines: Sequence[str], theta: float, rad: float) -> tuple[Box, str]:
    """An axis label's box relative to the centre: outside the web, pushed away along its angle."""
    c, s = math.cos(theta), math.sin(theta)
    w, h = max(text_width(t) for t in lines), len(lines) * LH
    anchor = "middle" if abs(c) < 0.1 else "start" if c > 0 else "end"
    x0 = rad * c - {"start": 0, "end": w, "middle": w / 2}[anchor]
    y0 = rad * s + (s - 1) * h / 2  # top labels sit above their point, bottom ones below, side ones centred
    return (x0, y0, x0 + w, y0 + h), anchor


def fit_labels(lines: Sequence[Sequence[str]], thetas: Sequence[float], size: int, other_h: float
         ) -> tuple[float, list[tuple[Box, str]], Box]:
    """The radius that fits ``size`` (with ``other_h`` of title and legend), grown until no label
    touches another label or the web; the labels' boxes and the extent, relative to the centre.

    The same labels fit the same way in every wheel of a model: worked out once per process."""
    r, placed, ext = _fit_once(tuple(tuple(ls) for ls in lines), tuple(thetas), size, other_h)
    return r, list(placed), ext


@functools.lru_cache(maxsize=32)
def _fit_once(lines: tuple[tuple[str, ...], ...], thetas: tuple[float, ...], size: int,
              other_h: float) -> tuple[float, tuple[tuple[Box, str], ...], Box]:
    def layout(r: float) -> tuple[list[tuple[Box, str]], Box, bool]:
        placed = [_label_box(ls, t, r + GAP) for ls, t in zip(lines, thetas, strict=True)]
        boxes = [b for b, _ in placed]
        ext = (min(-r, *(b[0] for b in boxes)), min(-r, *(b[1] for b in boxes)),
               max(r, *(b[2] for b in boxes)), max(r, *(b[3] for b in boxes)))
        clash = any(math.hypot(max(b[0], -b[2], 0), max(b[1], -b[3], 0)) < r + 6 for b in boxes) or any(
            a[0] < b[2] + 2 and b[0] < a[2] + 2 and a[1] < b[3] + 2 and b[1] < a[3] + 2  # 2 px apart at least
            for i, a in enumerate(boxes) for b in boxes[i + 1:])
        return placed, ext, clash

    r = size / 2
    placed, ext, clash = layout(r)
    while r > 40 and max(ext[2] - ext[0], ext[3] - ext[1] + other_h) > size - 2 * PAD:
        placed, ext, clash = layout(r := r - 2)
    while clash and r < 4 * size:
        placed, ext, clash = layout(r := r + 2)
    return r, tuple(placed), ext
