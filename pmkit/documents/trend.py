"""A PM's ratings over time as an accessible SVG chart: a line per competency, targets faint.

Drawn with the parts of :mod:`pmkit.documents.charts` and the same rules: deterministic,
rounded, legible without colour (each line has its own colour, dash and marker), labels kept
apart, every point readable back. With a ``sheet``, a chart holds only its own data (a path
per line, its dates and values in ``data-dates``/``data-values``); the page styles it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pmkit.documents.charts import (
    CHAR_W,
    FS,
    LH,
    MONTHS,
    PAD,
    TREND_STYLES,
    Axis,
    TrendPoint,
    clip,
    el,
    num,
    point,
    shape,
    stroke,
    svg_doc,
    text,
    text_width,
)

if TYPE_CHECKING:
    from pmkit.documents.chart_sheet import ChartSheet

DODGE = 3.0  # pixels between lines that meet at a point


def _short(d: dt.date, day: bool = False) -> str:
    return f"{d.day} " * day + f"{MONTHS[d.month - 1]} {d.year}"


def _month_ticks(d0: dt.date, d1: dt.date, room: float) -> list[tuple[dt.date, str]]:
    """Month starts in the range every 1, 2, 3, 6, 12... months, as many as fit ~72 px apart."""
    first, last = d0.year * 12 + d0.month - (d0.day == 1), d1.year * 12 + d1.month - 1
    starts = [dt.date(m // 12, m % 12 + 1, 1) for m in range(first, last + 1)]
    ticks: list[dt.date] = []
    for step in (1, 2, 3, 6, 12, 24, 60, 120):
        ticks = [d for d in starts if (d.year * 12 + d.month - 1) % step == 0]
        if len(ticks) <= max(1, int(room // 72)):
            break
    if ticks:
        return [(d, _short(d)) for d in ticks]
    return [(d, _short(d, day=True)) for d in sorted({d0, d1})]  # under a month: the first and last day


def _spread(want: Sequence[float], gap: float, lo: float, hi: float) -> list[float]:
    """Label centres at least ``gap`` apart within [lo, hi], in the order wanted; labels that would
    collide form a block centred on the mean of their wanted places."""
    order = sorted(range(len(want)), key=lambda i: (want[i], i))
    blocks: list[list[int]] = []

    def first(b: list[int]) -> float:
        return sum(want[i] for i in b) / len(b) - gap * (len(b) - 1) / 2

    for i in order:
        blocks.append([i])
        while len(blocks) > 1 and first(blocks[-2]) + gap * len(blocks[-2]) > first(blocks[-1]):
            blocks[-2:] = [blocks[-2] + blocks[-1]]
    ys = [first(b) + gap * k for b in blocks for k in range(len(b))]
    for k in range(len(ys)):
        ys[k] = max(ys[k], lo if k == 0 else ys[k - 1] + gap)
    for k in range(len(ys) - 1, -1, -1):
        ys[k] = min(ys[k], hi if k == len(ys) - 1 else ys[k + 1] - gap)
    return [ys[order.index(i)] for i in range(len(want))]


def trend_svg(competencies: Sequence[Axis], points: Sequence[TrendPoint], low: int, high: int, title: str,
              *, target: Mapping[str, float] | None = None, width: int = 640, height: int = 280,
              sheet: ChartSheet | None = None) -> str:
    """A PM's ratings over time, a line per competency (at most five). Points and targets of other
    competencies are ignored, so a whole history and a whole level's expectations can be passed."""
    if len(competencies) > len(TREND_STYLES) or high <= low:
        raise ValueError(f"a trend shows up to {len(TREND_STYLES)} competencies and needs low < high")
    target = target or {}
    compact = sheet is not None
    lines = [(a, k, sorted((p for p in points if p.axis == a.id), key=lambda p: (p.date, p.value)))
             for k, a in enumerate(competencies)]
    lines = [line for line in lines if line[2]]
    if not lines:
        body = [text(width / 2, PAD + 54, ["No assessments yet"], "middle", 13, plain=compact, cls="empty")]
        return svg_doc("trend", width, PAD * 2 + 70, title, "No assessments yet.", body, compact=compact)
    labels = [clip(a.label, int((0.4 * width - 20) / (CHAR_W * FS))) for a, _, _ in lines]
    top = PAD + (30 if title else 0) + 6
    bottom = max(height, top + 6 * LH + 20 + PAD) - PAD - 20  # room for five end labels at least
    left, right = PAD + text_width(str(high), 10) + 8, width - PAD - 14 - max(text_width(t) for t in labels)
    dates = [p.date for _, _, ps in lines for p in ps]
    d0, d1 = min(dates), max(dates)
    if d0 == d1:
        d0, d1 = d0 - dt.timedelta(days=15), d1 + dt.timedelta(days=15)

    def x_of(d: dt.date) -> float:
        return left + 10 + (right - left - 20) * (d - d0).days / (d1 - d0).days

    def y_of(v: float) -> float:
        return bottom - (bottom - top) * (min(max(v, low), high) - low) / (high - low)

    # Lines that meet (same day, same rating) are set a few pixels apart there, so each keeps its
    # colour and marker in view; the values read back are the true ones.
    meeting: dict[tuple[dt.date, int], list[int]] = {}
    for _, k, ps in lines:
        for p in ps:
            meeting.setdefault((p.date, p.value), []).append(k)

    def yp(p: TrendPoint, k: int) -> float:
        ks = meeting[(p.date, p.value)]
        return y_of(p.value) + (ks.index(k) - (len(ks) - 1) / 2) * DODGE

    ticks = _month_ticks(min(dates), max(dates), right - left)
    every = {" ".join(p.date.isoformat() for p in ps) for _, _, ps in lines}
    shared_dates = every.pop() if len(every) == 1 else None
    if compact:
        body = [el("path", cls="grid", d="".join(f"M{num(left)},{num(y_of(v))}H{num(right)}"
                                                 for v in range(low + 1, high + 1))),
                el("path", cls="axis", d=f"M{num(left)},{num(y_of(low))}H{num(right)}"
                   + "".join(f"M{num(x_of(d))},{num(bottom)}v4" for d, _ in ticks))]
        body += [text(left - 6, y_of(v) + 3.5, [str(v)], "end", plain=True, cls="y-label")
                 for v in range(low, high + 1)]
        body += [text(x_of(d), bottom + 16, [name], "middle", plain=True, cls="x-label") for d, name in ticks]
    else:
        body = ['<g class="grid">']
        for v in range(low, high + 1):
            body.append(el("line", cls="gridline", data_value=v, x1=left, y1=y_of(v), x2=right, y2=y_of(v),
                           stroke="#8a8a8a" if v == low else "#dcdcdc", stroke_width=1 if v == low else 0.8))
            body.append(text(left - 6, y_of(v) + 3.5, [str(v)], "end", 10, cls="y-label"))
        for d, name in ticks:
            body.append(el("line", x1=x_of(d), y1=bottom, x2=x_of(d), y2=bottom + 4, stroke="#8a8a8a"))
            body.append(text(x_of(d), bottom + 16, [name], "middle", 10, cls="x-label",
                             data_date=d.isoformat()))
        body.append("</g>")
    for a, k, _ in lines:
        if a.id in target:  # thin, faint and always dashed, in the colour of its line
            st = TREND_STYLES[k]
            faint = st._replace(dash=st.dash or "4 3", width=1.0, opacity=0.6)
            y = y_of(target[a.id])
            look = {"cls": f"target tt{k}"} if compact else {"cls": "target", **stroke(faint)}
            body.append(el("path" if compact else "line", data_axis=a.id, data_value=f"{target[a.id]:g}",
                           **({"d": f"M{num(left)},{num(y)}H{num(right)}"} if compact else
                              {"x1": left, "y1": y, "x2": right, "y2": y}), **look))
    for a, k, ps in lines:
        st = TREND_STYLES[k]
        if compact:  # whole pixels; the dates once on the chart when every line has the same
            line = "M" + "L".join(f"{round(x_of(p.date))},{round(yp(p, k))}" for p in ps)
            line += "h0" * (len(ps) == 1)  # a lone rating: the marker alone
            own = " ".join(p.date.isoformat() for p in ps)
            body.append(el("path", cls=f"s t{k}", data_axis=a.id, d=line,
                           data_dates=None if own == shared_dates else own,
                           data_values=" ".join(str(p.value) for p in ps)))
            continue
        pts = " ".join(f"{num(x_of(p.date))},{num(yp(p, k))}" for p in ps)
        drawn = [el("polyline", points=pts, fill="none", **stroke(st))] if len(ps) > 1 else []
        drawn += [point(x_of(p.date), yp(p, k), f"{a.label} - {_short(p.date, True)}: {p.value}",
                        st.marker, st, data_axis=a.id, data_date=p.date.isoformat(), data_value=p.value)
                  for p in ps]
        body.append(el("g", "".join(drawn), cls="series", data_axis=a.id))
    ys = _spread([y_of(ps[-1].value) for _, _, ps in lines], LH, top, bottom - 2)  # clear of the ticks
    for (a, k, _), label, y in zip(lines, labels, ys, strict=True):
        st = TREND_STYLES[k]
        sample = el("path", cls=f"s t{k}", d="M0,0h0") if compact else shape(st.marker, st)
        body.append(el("g", sample + text(8, 0.35 * FS, [label], "start", plain=compact), cls="end-label",
                       data_axis=a.id, transform=f"translate({num(right + 8)},{num(y)})"))
    said = "; ".join(f"{a.label}: {len(ps)} ratings, latest {ps[-1].value} on {ps[-1].date.isoformat()}"
                     + (f", target {target[a.id]:g}" if a.id in target else "") for a, _, ps in lines)
    desc = f"Ratings over time on a {low} to {high} scale, {min(dates)} to {max(dates)}. {said}."
    return svg_doc("trend", width, bottom + 20 + PAD, title, desc, body, compact=compact,
                   data_dates=shared_dates if compact else None)
