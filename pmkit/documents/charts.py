"""Accessible SVG charts as plain text: the PM Wheel radar and a PM's rating trend.

Design choices:

* Our own code, no charting library: matplotlib or plotly cost more import time than pmkit's
  whole start-up budget and write bulky files; two fixed charts need only small stdlib modules.
  Even ``xml.sax.saxutils`` is avoided: it imports ``urllib.request`` and ``http.client``.
* Deterministic: same input, same bytes. Coordinates are rounded to 0.1, ids come from the
  title, month names from a fixed table (never the locale), and nothing is random.
* Legible in black and white and for colour-blind readers: each role or trend line has an
  Okabe-Ito colour AND a dash pattern AND a marker shape of its own. "Self" uses the darker
  Okabe-Ito orange (vermillion): the light one has under 3:1 contrast on white.
* An unrated value (None) gets no point and breaks the outline, so no line runs through an axis
  nobody rated; only a series rated on every axis is filled; under three ratings, markers only.
* Readable back: every data point is a ``<g class="point">`` with ``data-role``/``data-axis``/
  ``data-value`` (radar) or ``data-axis``/``data-date``/``data-value`` (trend) and a tooltip.
* Layout by estimate (0.6 em per character, 1.2 em per line): the radar radius is the largest
  that fits ``size``, then grows, and the canvas with it, until no label touches another label
  or the web. Nothing is clipped.
* Self-contained: white background (readable in dark viewers), system fonts, ``<title>`` and
  ``<desc>`` with ``role="img"``; no scripts, styles, fonts or external references.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

Role = Literal["target", "manager", "self", "peer", "previous"]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Axis:
    """A spoke of the radar or a line of the trend: a competency."""

    id: str
    label: str
    group: str | None = None


@dataclass(frozen=True)
class Series:
    """One outline on the radar: a value per axis, in axis order; None means not rated."""

    name: str
    role: Role
    values: Sequence[float | None]


@dataclass(frozen=True)
class TrendPoint:
    """One rating of one competency (``axis`` is its id) on one day."""

    axis: str
    date: dt.date
    value: int


class Style(NamedTuple):  # a NamedTuple: cheaper to define at import than a dataclass
    colour: str
    dash: str | None
    marker: str | None
    width: float
    fill_opacity: float = 0.0
    opacity: float = 1.0


ROLE_STYLES: Mapping[str, Style] = {
    "target": Style("#000000", "7 4", "diamond", 1.6),
    "manager": Style("#0072B2", None, "circle", 2.4, 0.14),
    "self": Style("#D55E00", "3 3", "square", 2.2),
    "peer": Style("#009E73", "9 3 2 3", "triangle", 2.0),
    "previous": Style("#8C8C8C", None, None, 1.3, 0.0, 0.9),
}
TREND_STYLES = (
    Style("#0072B2", None, "circle", 2.2),
    Style("#D55E00", "3 3", "square", 2.2),
    Style("#009E73", "9 3 2 3", "triangle", 2.0),
    Style("#CC79A7", "7 4", "diamond", 2.0),
    Style("#000000", "12 3 2 3 2 3", "triangle-down", 1.6),
)
_DRAW_ORDER = ("previous", "target", "peer", "self", "manager")  # bottom to top
_LEGEND_ORDER = ("target", "manager", "self", "peer", "previous")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
_MARKERS = {
    "circle": "M-3.8,0A3.8,3.8 0 1 0 3.8,0A3.8,3.8 0 1 0 -3.8,0Z", "square": "M-3.4,-3.4H3.4V3.4H-3.4Z",
    "triangle": "M0,-4.8L4.4,2.8L-4.4,2.8Z", "triangle-down": "M0,4.8L4.4,-2.8L-4.4,-2.8Z",
    "diamond": "M0,-4.8L4.8,0L0,4.8L-4.8,0Z",
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FS, CHAR_W = 11.0, 0.6  # label font size; estimated glyph width in em
PAD, GAP = 12.0, 12.0  # canvas padding; space between the outer ring and the labels
LH = 1.2 * FS


_XML_TEXT: dict[int, str | None] = {
    **{c: None for c in (*range(0x20), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF) if c not in (9, 10, 13)},
    ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;",
}


def escape_text(text: str) -> str:
    """Text safe inside an element or a double-quoted attribute; drops the characters XML forbids."""
    return text.translate(_XML_TEXT)


def _n(v: float) -> str:
    return f"{round(v, 1) + 0.0:g}"  # + 0.0 turns -0.0 into 0.0


def _open(tag: str, **attrs: object) -> str:
    """A start tag; values are escaped, floats rounded; ``cls`` means class and ``_`` means ``-``."""
    named = {"class" if k == "cls" else k.replace("_", "-"): v for k, v in attrs.items() if v is not None}
    return f"<{tag}" + "".join(f' {k}="{escape_text(_n(v) if isinstance(v, float) else str(v))}"'
                               for k, v in named.items()) + ">"


def _el(tag: str, content: str = "", /, **attrs: object) -> str:
    start = _open(tag, **attrs)
    return f"{start}{content}</{tag}>" if content else start[:-1] + "/>"


def _width(text: str, fs: float = FS) -> float:
    return len(text) * CHAR_W * fs


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _wrap(label: str, width: int = 16, hard: int = 22) -> list[str]:
    """At most two lines, split at the word boundary that keeps the longer line shortest."""
    label = " ".join(label.split())
    words = label.split(" ")
    if len(label) <= width or len(words) == 1:
        return [_clip(label, hard)]
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return [_clip(part, hard) for part in min(splits, key=lambda p: max(len(p[0]), len(p[1])))]


def _stroke(s: Style) -> dict[str, object]:
    return {"stroke": s.colour, "stroke_width": s.width, "stroke_linejoin": "round",
            "stroke_dasharray": s.dash, "stroke_opacity": s.opacity if s.opacity < 1 else None}


def _shape(marker: str | None, s: Style) -> str:
    """A marker centred on (0, 0); filled shapes get a white rim so overlapping ones stay apart."""
    if marker == "diamond":  # hollow, so it never hides the filled markers it sits on
        return _el("path", d=_MARKERS[marker], fill="#ffffff", stroke=s.colour, stroke_width=1.4)
    if marker in _MARKERS:
        return _el("path", d=_MARKERS[marker], fill=s.colour, stroke="#ffffff", stroke_width=1)
    if marker == "dot":
        return _el("circle", r=2.2, fill=s.colour)
    return _el("circle", r=4, fill="#ffffff", fill_opacity=0)  # invisible, still there to hover and read back


def _point(x: float, y: float, tip: str, marker: str | None, s: Style, **data: object) -> str:
    return _el("g", _el("title", escape_text(tip)) + _shape(marker, s), cls="point", **data,
               transform=f"translate({_n(x)},{_n(y)})")


def _text(x: float, y: float, lines: Sequence[str], anchor: str, fs: float = FS, tip: str = "",
          **attrs: object) -> str:
    """Lines of text from the baseline ``y`` down, 1.2 em apart; ``tip`` becomes a tooltip."""
    spans = "".join(_el("tspan", escape_text(t), x=float(x), y=float(y + i * 1.2 * fs))
                    for i, t in enumerate(lines))
    tip = _el("title", escape_text(tip)) if tip else ""
    return _el("text", tip + spans, **attrs, text_anchor=anchor, font_size=float(fs), fill="#1a1a1a")


def _svg(kind: str, w: float, h: float, title: str, desc: str, body: list[str]) -> str:
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in title.lower())
    uid = f"pmkit-{kind}-" + "-".join(p for p in slug.split("-") if p)[:40]  # unique per title, stable
    wi, hi = math.ceil(w), math.ceil(h)
    head = [_open("svg", xmlns="http://www.w3.org/2000/svg", width=wi, height=hi, viewBox=f"0 0 {wi} {hi}",
                  role="img", aria_labelledby=f"{uid}-title {uid}-desc", font_family=FONT),
            _el("title", escape_text(title), id=f"{uid}-title"),
            _el("desc", escape_text(desc), id=f"{uid}-desc"),
            _el("rect", width=wi, height=hi, fill="#ffffff")]
    if title:
        head.append(_text(w / 2, PAD + 14, [_clip(title, int((w - 2 * PAD) / (CHAR_W * 15)))], "middle", 15,
                          cls="chart-title", font_weight=600))
    return "\n".join([*head, *body, "</svg>", ""])


# --- radar --------------------------------------------------------------------------------------


def _label_box(lines: Sequence[str], theta: float, rad: float) -> tuple[Box, str]:
    """An axis label's box relative to the centre: outside the web, pushed away along its angle."""
    c, s = math.cos(theta), math.sin(theta)
    w, h = max(_width(t) for t in lines), len(lines) * LH
    anchor = "middle" if abs(c) < 0.1 else "start" if c > 0 else "end"
    x0 = rad * c - {"start": 0, "end": w, "middle": w / 2}[anchor]
    y0 = rad * s + (s - 1) * h / 2  # top labels sit above their point, bottom ones below, side ones centred
    return (x0, y0, x0 + w, y0 + h), anchor


def radar_svg(axes: Sequence[Axis], series: Sequence[Series], low: int, high: int, title: str,
              *, size: int = 560) -> str:
    """The PM Wheel "spider web": a spoke per axis, a ring per scale value, an outline per series.

    ``size`` is the width to aim for; the height follows the content, and both grow when the
    labels need more room. Styles are per role, so expect one series per role. Values outside
    ``low..high`` are drawn at the centre or on the outer ring and reported as given.
    """
    n = len(axes)
    if not 3 <= n <= 20 or high <= low:
        raise ValueError(f"a radar needs 3 to 20 axes and low < high (got {n} axes, {low}..{high})")
    for s in series:
        if s.role not in ROLE_STYLES or len(s.values) != n:
            raise ValueError(f"series {s.name!r}: role {s.role!r} with {len(s.values)} values for {n} axes")
    lines = [_wrap(a.label) for a in axes]
    thetas = [-math.pi / 2 + 2 * math.pi * i / n for i in range(n)]
    shown = sorted(series, key=lambda s: _LEGEND_ORDER.index(s.role))
    rows: list[list[Series]] = []  # legend: a sample line, a marker and the name, wrapped to `size`
    for s in shown:
        if not rows or sum(54 + _width(t.name) for t in rows[-1]) + 54 + _width(s.name) > size - 2 * PAD:
            rows.append([])
        rows[-1].append(s)
    title_h, legend_h = (30.0 if title else 0.0), len(rows) * 20.0

    def layout(r: float) -> tuple[list[tuple[Box, str]], Box, bool]:
        placed = [_label_box(ls, t, r + GAP) for ls, t in zip(lines, thetas, strict=True)]
        boxes = [b for b, _ in placed]
        ext = (min(-r, *(b[0] for b in boxes)), min(-r, *(b[1] for b in boxes)),
               max(r, *(b[2] for b in boxes)), max(r, *(b[3] for b in boxes)))
        clash = any(math.hypot(max(b[0], -b[2], 0), max(b[1], -b[3], 0)) < r + 6 for b in boxes) or any(
            a[0] < b[2] + 2 and b[0] < a[2] + 2 and a[1] < b[3] + 2 and b[1] < a[3] + 2  # 2 px apart at least
            for i, a in enumerate(boxes) for b in boxes[i + 1:])
        return placed, ext, clash

    r = size / 2  # the largest radius that fits `size`, then grown until no label touches another
    placed, ext, clash = layout(r)
    while r > 40 and max(ext[2] - ext[0], ext[3] - ext[1] + title_h + legend_h) > size - 2 * PAD:
        placed, ext, clash = layout(r := r - 2)
    while clash and r < 4 * size:
        placed, ext, clash = layout(r := r + 2)
    w = max(float(size), ext[2] - ext[0] + 2 * PAD)
    cx, cy = (w - (ext[2] - ext[0])) / 2 - ext[0], PAD + title_h - ext[1]

    def at(i: int, v: float) -> tuple[float, float]:
        k = r * (min(max(v, low), high) - low) / (high - low)
        return cx + k * math.cos(thetas[i]), cy + k * math.sin(thetas[i])

    body = ['<g class="web" fill="none">']
    body += [_el("circle", cls="ring", data_value=v, cx=cx, cy=cy, r=r * (v - low) / (high - low),
                 stroke="#8a8a8a" if v == high else "#d0d0d0", stroke_width=1.2 if v == high else 0.8)
             for v in range(low + 1, high + 1)]
    body += [_el("line", cls="spoke", data_axis=a.id, x1=cx, y1=cy, x2=at(i, high)[0], y2=at(i, high)[1],
                 stroke="#d0d0d0", stroke_width=0.8) for i, a in enumerate(axes)]
    body.append("</g>")
    # Scale labels go between the first two spokes, where no point can be, and on top of the lines
    # over a white halo (a stroked copy: paint-order is not understood everywhere) so they stay
    # legible; only the centre's label goes under the data.
    half = thetas[0] + math.pi / n
    scale = []
    for v in range(low, high + 1):
        k = r * (v - low) / (high - low)
        x, y = cx + k * math.cos(half), cy + k * math.sin(half) + 3.2
        scale.append(_text(x, y, [str(v)], "middle", 9, cls="halo", aria_hidden="true", stroke="#ffffff",
                           stroke_width=3, stroke_linejoin="round")
                     + _text(x, y, [str(v)], "middle", 9, cls="scale-label"))
    body.append(scale[0])
    for a, ls, (b, anchor), t in zip(axes, lines, placed, thetas, strict=True):
        tip = a.label if " ".join(ls) != " ".join(a.label.split()) else ""  # shortened: full label on hover
        body.append(_text(cx + (r + GAP) * math.cos(t), cy + b[1] + 0.8 * LH, ls, anchor, tip=tip,
                          cls="axis-label", data_axis=a.id, data_group=a.group))
    for s in sorted(series, key=lambda s: _DRAW_ORDER.index(s.role)):
        body += _radar_series(s, axes, at)
    body += scale[1:]
    for k, row in enumerate(rows):
        x, y = (w - sum(54 + _width(s.name) for s in row) + 18) / 2, cy + ext[3] + 20 + k * 20
        for s in row:
            st = ROLE_STYLES[s.role]
            marker = _el("g", _shape(st.marker, st), transform="translate(14,0)") if st.marker else ""
            sample = _el("line", x1=0, y1=0, x2=28, y2=0, **_stroke(st)) + marker
            body.append(_el("g", sample + _text(36, 3.8, [s.name], "start"), cls="legend-item",
                            data_role=s.role, transform=f"translate({_n(x)},{_n(y)})"))
            x += 54 + _width(s.name)
    rated = "; ".join(f"{s.name} ({s.role}): {sum(v is not None for v in s.values)} of {n} rated"
                      for s in shown)
    desc = (f"Radar chart of {n} competencies on a {low} to {high} scale (centre {low}, outer ring {high}). "
            f"{rated or 'No ratings'}. Unrated competencies have no point and break the outline.")
    return _svg("radar", w, cy + ext[3] + 10 + legend_h + PAD, title, desc, body)


def _radar_series(s: Series, axes: Sequence[Axis], at: Callable[[int, float], tuple[float, float]]
                  ) -> list[str]:
    """One outline, broken at unrated axes (filled only when complete), and one point per rating."""
    n, st = len(axes), ROLE_STYLES[s.role]
    xy = {i: at(i, v) for i, v in enumerate(s.values) if v is not None}
    out = [_open("g", cls="series", data_role=s.role, data_name=s.name)]
    runs: list[list[int]] = [list(range(n))] if len(xy) == n else [[]]
    if 3 <= len(xy) < n:  # walk once round from an unrated axis, starting a new run at each gap
        start = next(i for i in range(n) if i not in xy)
        for i in [(start + k) % n for k in range(1, n + 1)]:
            if i in xy:
                runs[-1].append(i)
            else:
                runs.append([])
    for run in (run for run in runs if len(run) > 1):
        pts = " ".join(f"{_n(xy[i][0])},{_n(xy[i][1])}" for i in run)
        fill = {"fill": st.colour, "fill_opacity": st.fill_opacity} if st.fill_opacity else {"fill": "none"}
        out.append(_el("polygon", points=pts, **fill, **_stroke(st)) if len(run) == n else
                   _el("polyline", points=pts, fill="none", **_stroke(st)))
    drawn = {i for run in runs if len(run) > 1 for i in run}
    for i, v in enumerate(s.values):
        if v is not None:  # a rating off any line always gets a visible marker
            out.append(_point(*xy[i], f"{s.name} - {axes[i].label}: {v:g}", st.marker or
                              (None if i in drawn else "dot"), st, data_role=s.role, data_axis=axes[i].id,
                              data_value=f"{v:g}"))
    return [*out, "</g>"]


# --- trend --------------------------------------------------------------------------------------


def _short(d: dt.date, day: bool = False) -> str:
    return f"{d.day} " * day + f"{_MONTHS[d.month - 1]} {d.year}"


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
              *, target: Mapping[str, float] | None = None, width: int = 640, height: int = 280) -> str:
    """A PM's ratings over time, a line per competency (at most five). Points and targets of other
    competencies are ignored, so a whole history and a whole level's expectations can be passed."""
    if len(competencies) > len(TREND_STYLES) or high <= low:
        raise ValueError(f"a trend shows up to {len(TREND_STYLES)} competencies and needs low < high")
    target = target or {}
    lines = [(a, st, sorted((p for p in points if p.axis == a.id), key=lambda p: (p.date, p.value)))
             for a, st in zip(competencies, TREND_STYLES, strict=False)]
    lines = [line for line in lines if line[2]]
    if not lines:
        body = [_text(width / 2, PAD + 54, ["No assessments yet"], "middle", 13, cls="empty")]
        return _svg("trend", width, PAD * 2 + 70, title, "No assessments yet.", body)
    labels = [_clip(a.label, int((0.4 * width - 20) / (CHAR_W * FS))) for a, _, _ in lines]
    top = PAD + (30 if title else 0) + 6
    bottom = max(height, top + 6 * LH + 20 + PAD) - PAD - 20  # room for five end labels at least
    left, right = PAD + _width(str(high), 10) + 8, width - PAD - 14 - max(_width(t) for t in labels)
    dates = [p.date for _, _, ps in lines for p in ps]
    d0, d1 = min(dates), max(dates)
    if d0 == d1:
        d0, d1 = d0 - dt.timedelta(days=15), d1 + dt.timedelta(days=15)

    def x_of(d: dt.date) -> float:
        return left + 10 + (right - left - 20) * (d - d0).days / (d1 - d0).days

    def y_of(v: float) -> float:
        return bottom - (bottom - top) * (min(max(v, low), high) - low) / (high - low)

    body = ['<g class="grid">']
    for v in range(low, high + 1):
        body.append(_el("line", cls="gridline", data_value=v, x1=left, y1=y_of(v), x2=right, y2=y_of(v),
                        stroke="#8a8a8a" if v == low else "#dcdcdc", stroke_width=1 if v == low else 0.8))
        body.append(_text(left - 6, y_of(v) + 3.5, [str(v)], "end", 10, cls="y-label"))
    for d, name in _month_ticks(min(dates), max(dates), right - left):
        body.append(_el("line", x1=x_of(d), y1=bottom, x2=x_of(d), y2=bottom + 4, stroke="#8a8a8a"))
        body.append(_text(x_of(d), bottom + 16, [name], "middle", 10, cls="x-label", data_date=d.isoformat()))
    body.append("</g>")
    for a, st, _ in lines:
        if a.id in target:  # thin, faint and always dashed, in the colour of its line
            faint = st._replace(dash=st.dash or "4 3", width=1.0, opacity=0.6)
            y = y_of(target[a.id])
            body.append(_el("line", cls="target", data_axis=a.id, data_value=f"{target[a.id]:g}",
                            x1=left, y1=y, x2=right, y2=y, **_stroke(faint)))
    for a, st, ps in lines:
        pts = " ".join(f"{_n(x_of(p.date))},{_n(y_of(p.value))}" for p in ps)
        drawn = [_el("polyline", points=pts, fill="none", **_stroke(st))] if len(ps) > 1 else []
        drawn += [_point(x_of(p.date), y_of(p.value), f"{a.label} - {_short(p.date, True)}: {p.value}",
                         st.marker, st, data_axis=a.id, data_date=p.date.isoformat(), data_value=p.value)
                  for p in ps]
        body.append(_el("g", "".join(drawn), cls="series", data_axis=a.id))
    ys = _spread([y_of(ps[-1].value) for _, _, ps in lines], LH, top, bottom - 2)  # clear of the ticks
    for (a, st, _), label, y in zip(lines, labels, ys, strict=True):
        body.append(_el("g", _shape(st.marker, st) + _text(8, 0.35 * FS, [label], "start"), cls="end-label",
                        data_axis=a.id, transform=f"translate({_n(right + 8)},{_n(y)})"))
    said = "; ".join(f"{a.label}: {len(ps)} ratings, latest {ps[-1].value} on {ps[-1].date.isoformat()}"
                     + (f", target {target[a.id]:g}" if a.id in target else "") for a, _, ps in lines)
    desc = f"Ratings over time on a {low} to {high} scale, {min(dates)} to {max(dates)}. {said}."
    return _svg("trend", width, bottom + 20 + PAD, title, desc, body)
