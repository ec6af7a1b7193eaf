"""Accessible SVG charts as plain text: the drawing parts, and the PM Wheel radar.

The trend chart lives in :mod:`pmkit.documents.trend`; charts that share one HTML page share
their markers, styles and the model's web through :mod:`pmkit.documents.chart_sheet`.

Design choices:

* Our own code, no charting library: matplotlib or plotly cost more import time than pmkit's
  whole start-up budget and write bulky files; two fixed charts need only small stdlib modules.
  Even ``xml.sax.saxutils`` is avoided: it imports ``urllib.request`` and ``http.client``.
* Deterministic: same input, same bytes. Coordinates are rounded to 0.1, ids come from the
  title, month names from a fixed table (never the locale), and nothing is random.
* Legible in black and white and for colour-blind readers: each role or trend line has an
  Okabe-Ito colour AND a dash pattern AND a marker shape of its own. "Self" uses the darker
  Okabe-Ito orange (vermillion): the light one has under 3:1 contrast on white. The previous
  assessment is faint: thin, grey, dotted, with small crosses.
* An unrated value (None) gets no point and breaks the outline, so no line runs through an axis
  nobody rated; only a series rated on every axis is filled; under three ratings, markers only.
* Readable back: every data point is a ``<g class="point">`` with ``data-role``/``data-axis``/
  ``data-value`` (radar) or ``data-axis``/``data-date``/``data-value`` (trend) and a tooltip.
* Layout by estimate (0.6 em per character, 1.2 em per line): the radar radius is the largest
  that fits ``size``, then grows, and the canvas with it, until no label touches another label
  or the web. Nothing is clipped.
* Self-contained: white background (readable in dark viewers), system fonts, ``<title>`` and
  ``<desc>`` with ``role="img"``; no scripts, styles, fonts or external references. In a page
  of many charts (``sheet=``), each chart holds only its own data: one path per series with
  its values in ``data-values``, markers from the page's defs, styles from the page's CSS.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from pmkit.documents.chart_sheet import ChartSheet

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
    "peer": Style("#009E73", "9 3 2 3", "triangle-open", 2.0),
    "previous": Style("#8C8C8C", "1.5 3", "cross", 1.3, 0.0, 0.9),
}
TREND_STYLES = (
    Style("#0072B2", None, "circle", 2.2),
    Style("#D55E00", "3 3", "square", 2.2),
    Style("#009E73", "9 3 2 3", "triangle", 2.0),
    Style("#CC79A7", "7 4", "diamond", 2.0),
    Style("#000000", "12 3 2 3 2 3", "triangle-down", 1.6),
)
_DRAW_ORDER = ("previous", "target", "self", "manager", "peer")  # bottom to top; peer is open
_LEGEND_ORDER = ("target", "manager", "self", "peer", "previous")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# Where views agree their markers meet: the target's diamond beneath is larger than the circle
# and square above it, and the peer's open triangle on top frames whatever it sits on.
_MARKERS = {
    "circle": "M-3.8,0A3.8,3.8 0 1 0 3.8,0A3.8,3.8 0 1 0 -3.8,0Z", "square": "M-3.4,-3.4H3.4V3.4H-3.4Z",
    "triangle": "M0,-4.8L4.4,2.8L-4.4,2.8Z", "triangle-open": "M0,-7.6L6.6,3.8L-6.6,3.8Z",
    "triangle-down": "M0,4.8L4.4,-2.8L-4.4,-2.8Z",
    "diamond": "M0,-4.8L4.8,0L0,4.8L-4.8,0Z", "cross": "M-2.8,-2.8L2.8,2.8M-2.8,2.8L2.8,-2.8",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
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


def num(v: float) -> str:
    return f"{round(v, 1) + 0.0:g}"  # + 0.0 turns -0.0 into 0.0


def open_tag(tag: str, **attrs: object) -> str:
    """A start tag; values are escaped, floats rounded; ``cls`` means class and ``_`` means ``-``."""
    named = {"class" if k == "cls" else k.replace("_", "-"): v for k, v in attrs.items() if v is not None}
    return f"<{tag}" + "".join(f' {k}="{escape_text(num(v) if isinstance(v, float) else str(v))}"'
                               for k, v in named.items()) + ">"


def el(tag: str, content: str = "", /, **attrs: object) -> str:
    start = open_tag(tag, **attrs)
    return f"{start}{content}</{tag}>" if content else start[:-1] + "/>"


def text_width(text: str, fs: float = FS) -> float:
    return len(text) * CHAR_W * fs


def clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _wrap(label: str, width: int = 16, hard: int = 22) -> list[str]:
    """At most two lines, split at the word boundary that keeps the longer line shortest."""
    label = " ".join(label.split())
    words = label.split(" ")
    if len(label) <= width or len(words) == 1:
        return [clip(label, hard)]
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return [clip(part, hard) for part in min(splits, key=lambda p: max(len(p[0]), len(p[1])))]


def stroke(s: Style) -> dict[str, object]:
    return {"stroke": s.colour, "stroke_width": s.width, "stroke_linejoin": "round",
            "stroke_dasharray": s.dash, "stroke_opacity": s.opacity if s.opacity < 1 else None}


def shape(marker: str | None, s: Style) -> str:
    """A marker centred on (0, 0); filled shapes get a white rim so overlapping ones stay apart."""
    if marker == "cross":  # lines only: faint, and never hides what it sits on
        return el("path", d=_MARKERS[marker], fill="none", stroke=s.colour, stroke_width=1.2,
                  stroke_opacity=s.opacity if s.opacity < 1 else None)
    if marker == "triangle-open":  # drawn on top, outline only: frames what it sits on
        return el("path", d=_MARKERS[marker], fill="none", stroke=s.colour, stroke_width=1.6)
    if marker == "diamond":  # hollow, so it never hides the filled markers it sits on
        return el("path", d=_MARKERS[marker], fill="#ffffff", stroke=s.colour, stroke_width=1.4)
    if marker in _MARKERS:
        return el("path", d=_MARKERS[marker], fill=s.colour, stroke="#ffffff", stroke_width=1)
    if marker == "dot":
        return el("circle", r=2.2, fill=s.colour)
    return el("circle", r=4, fill="#ffffff", fill_opacity=0)  # invisible, still there to hover and read back


def point(x: float, y: float, tip: str, marker: str | None, s: Style, **data: object) -> str:
    return el("g", el("title", escape_text(tip)) + shape(marker, s), cls="point", **data,
               transform=f"translate({num(x)},{num(y)})")


def text(x: float, y: float, lines: Sequence[str], anchor: str, fs: float = FS, tip: str = "",
         plain: bool = False, **attrs: object) -> str:
    """Lines of text from the baseline ``y`` down, 1.2 em apart; ``tip`` becomes a tooltip.
    ``plain`` leaves size, colour and a start anchor to the page's styles (one line only)."""
    if plain:
        return el("text", escape_text(" ".join(lines)), **attrs, x=float(x), y=float(y),
                  text_anchor=None if anchor == "start" else anchor)
    spans = "".join(el("tspan", escape_text(t), x=float(x), y=float(y + i * 1.2 * fs))
                    for i, t in enumerate(lines))
    tip = el("title", escape_text(tip)) if tip else ""
    return el("text", tip + spans, **attrs, text_anchor=anchor, font_size=float(fs), fill="#1a1a1a")


def svg_doc(kind: str, w: float, h: float, title: str, desc: str, body: list[str],
            compact: bool = False, **data: object) -> str:
    """A whole chart; ``compact`` for a page that styles it: no ids, fonts or background, and
    ``data`` as attributes of the chart."""
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in title.lower())
    uid = f"pmkit-{kind}-" + "-".join(p for p in slug.split("-") if p)[:40]  # unique per title, stable
    wi, hi = math.ceil(w), math.ceil(h)
    if compact:
        head = [open_tag("svg", cls=f"pmkit-chart {kind}", width=wi, height=hi, viewBox=f"0 0 {wi} {hi}",
                         role="img", aria_label=" ".join([title, desc]).strip(), **data)]
        if title:
            head.append(text(w / 2, PAD + 14, [title], "middle", plain=True, cls="chart-title"))
        return "".join([*head, *body, "</svg>"])
    head = [open_tag("svg", xmlns="http://www.w3.org/2000/svg", width=wi, height=hi, viewBox=f"0 0 {wi} {hi}",
                  role="img", aria_labelledby=f"{uid}-title {uid}-desc", font_family=FONT),
            el("title", escape_text(title), id=f"{uid}-title"),
            el("desc", escape_text(desc), id=f"{uid}-desc"),
            el("rect", width=wi, height=hi, fill="#ffffff")]
    if title:
        head.append(text(w / 2, PAD + 14, [clip(title, int((w - 2 * PAD) / (CHAR_W * 15)))], "middle", 15,
                          cls="chart-title", font_weight=600))
    return "\n".join([*head, *body, "</svg>", ""])


# --- radar --------------------------------------------------------------------------------------


def _web(axes: Sequence[Axis], lines: Sequence[Sequence[str]], placed: Sequence[tuple[Box, str]],
         thetas: Sequence[float], r: float, low: int, high: int, cx: float, cy: float
         ) -> tuple[list[str], list[str]]:
    """Rings, spokes, axis labels and the centre's scale label (under the data), and the other
    scale labels (over it)."""
    n = len(axes)
    body = ['<g class="web" fill="none">']
    body += [el("circle", cls="ring", data_value=v, cx=cx, cy=cy, r=r * (v - low) / (high - low),
                stroke="#8a8a8a" if v == high else "#d0d0d0", stroke_width=1.2 if v == high else 0.8)
             for v in range(low + 1, high + 1)]
    body += [el("line", cls="spoke", data_axis=a.id, x1=cx, y1=cy, x2=cx + r * math.cos(t),
                y2=cy + r * math.sin(t), stroke="#d0d0d0", stroke_width=0.8)
             for a, t in zip(axes, thetas, strict=True)]
    body.append("</g>")
    # Scale labels go between the first two spokes, where no point can be, and on top of the lines
    # over a white halo (a stroked copy: paint-order is not understood everywhere) so they stay
    # legible; only the centre's label goes under the data.
    half = thetas[0] + math.pi / n
    step = max(1, math.ceil(13 / (r / (high - low))))  # rings closer than 13 px: label every other one
    scale = []
    for v in [v for v in range(low, high + 1) if ((v - low) % step == 0 and high - v >= step) or v == high]:
        k = r * (v - low) / (high - low)
        x, y = cx + k * math.cos(half), cy + k * math.sin(half) + 3.2
        scale.append(text(x, y, [str(v)], "middle", 9, cls="halo", aria_hidden="true", stroke="#ffffff",
                          stroke_width=3, stroke_linejoin="round")
                     + text(x, y, [str(v)], "middle", 9, cls="scale-label"))
    body.append(scale[0])
    for a, ls, (b, anchor), t in zip(axes, lines, placed, thetas, strict=True):
        tip = a.label if " ".join(ls) != " ".join(a.label.split()) else ""  # shortened: full label on hover
        body.append(text(cx + (r + GAP) * math.cos(t), cy + b[1] + 0.8 * LH, ls, anchor, tip=tip,
                         cls="axis-label", data_axis=a.id, data_group=a.group))
    return body, scale[1:]


def radar_svg(axes: Sequence[Axis], series: Sequence[Series], low: int, high: int, title: str,
              *, size: int = 560, sheet: ChartSheet | None = None) -> str:
    """The PM Wheel "spider web": a spoke per axis, a ring per scale value, an outline per series.

    ``size`` is the width to aim for; the height follows the content, and both grow when the
    labels need more room. Styles are per role, so expect one series per role. Values outside
    ``low..high`` are drawn at the centre or on the outer ring and reported as given. With a
    ``sheet``, the web is the page's (drawn once for every chart of the same model and size).
    """
    from pmkit.documents.wheel_labels import fit_labels  # it reads this module

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
        wide = sum(54 + text_width(t.name) for t in rows[-1]) + 54 + text_width(s.name) if rows else 0
        if not rows or wide > size - 2 * PAD:
            rows.append([])
        rows[-1].append(s)
    title_h, legend_h = (30.0 if title else 0.0), len(rows) * 20.0
    # In a sheet the web is shared, so its size may not depend on this chart's legend.
    r, placed, ext = fit_labels(lines, thetas, size, title_h + (0.0 if sheet else legend_h))
    w = max(float(size), ext[2] - ext[0] + 2 * PAD)
    cx, cy = (w - (ext[2] - ext[0])) / 2 - ext[0], PAD + title_h - ext[1]
    if sheet is not None:  # whole pixels, like the series drawn on it
        cx, cy = float(round(cx)), float(round(cy))

    def at(i: int, v: float) -> tuple[float, float]:
        k = r * (min(max(v, low), high) - low) / (high - low)
        return cx + k * math.cos(thetas[i]), cy + k * math.sin(thetas[i])

    ordered = sorted(series, key=lambda s: _DRAW_ORDER.index(s.role))
    if sheet is None:
        body, over = _web(axes, lines, placed, thetas, r, low, high, cx, cy)
        for s in ordered:
            body += _radar_series(s, axes, at)
        body += over
    else:
        key = ("radar", tuple((a.id, a.label) for a in axes), low, high, size, title_h)
        under_id, over_id = sheet.shared(key, lambda: _web(axes, lines, placed, thetas, r, low, high, 0, 0))
        body = [el("use", href=f"#{under_id}", x=cx, y=cy),
                *(_series_path(s, n, at) for s in ordered), el("use", href=f"#{over_id}", x=cx, y=cy)]
    for k, row in enumerate(rows):
        x, y = (w - sum(54 + text_width(s.name) for s in row) + 18) / 2, cy + ext[3] + 20 + k * 20
        for s in row:
            body.append(el("g", _legend_sample(s.role, sheet is not None)
                           + text(36, 3.8, [s.name], "start", plain=sheet is not None),
                           cls="legend-item", data_role=s.role, transform=f"translate({num(x)},{num(y)})"))
            x += 54 + text_width(s.name)
    rated = "; ".join(f"{s.name}: " + (f"set on {k} of {n}" if s.role == "target" else f"{k} of {n} rated")
                      for s in shown for k in [sum(v is not None for v in s.values)])
    desc = (f"Radar chart of {n} competencies on a {low} to {high} scale (centre {low}, outer ring {high}). "
            f"{rated or 'No ratings'}. Unrated competencies have no point and break the outline.")
    h = cy + ext[3] + 10 + legend_h + PAD
    return svg_doc("radar", w, h, title, desc, body, compact=sheet is not None)


def _legend_sample(role: str, compact: bool) -> str:
    """A short stretch of the series' line with its marker in the middle."""
    st = ROLE_STYLES[role]
    if compact:  # drawn once in the page's defs (see chart_sheet)
        return el("use", href=f"#pmkit-key-{role}")
    marker = el("g", shape(st.marker, st), transform="translate(14,0)") if st.marker else ""
    return el("line", x1=0, y1=0, x2=28, y2=0, **stroke(st)) + marker


def _runs(s: Series, n: int) -> list[list[int]]:
    """The stretches of consecutive rated axes a line may join: all of them when every axis is
    rated, none under three ratings, else the runs between unrated axes, walking once round."""
    rated = {i for i, v in enumerate(s.values) if v is not None}
    runs: list[list[int]] = [list(range(n))] if len(rated) == n else [[]]
    if 3 <= len(rated) < n:
        start = next(i for i in range(n) if i not in rated)
        for i in [(start + k) % n for k in range(1, n + 1)]:
            if i in rated:
                runs[-1].append(i)
            else:
                runs.append([])
    return [run for run in runs if len(run) > 1]


def _series_path(s: Series, n: int, at: Callable[[int, float], tuple[float, float]]) -> str:
    """A series as one path for a sheet: its lines, a zero-length stroke for each lone rating so
    the page's marker lands on it, and every value in axis order (``-``: unrated). Whole pixels:
    half a pixel is invisible, and fifty wheels' decimals are not."""
    xy = {i: (round(x), round(y)) for i, v in enumerate(s.values) if v is not None for x, y in [at(i, v)]}
    runs = _runs(s, n)
    d = "".join("M" + "L".join(f"{xy[i][0]},{xy[i][1]}" for i in run) + ("Z" * (len(run) == n))
                for run in runs)
    drawn = {i for run in runs for i in run}
    d += "".join(f"M{x},{y}h0" for i, (x, y) in xy.items() if i not in drawn)
    filled = len(xy) == n and ROLE_STYLES[s.role].fill_opacity > 0
    return el("path", cls=f"s r-{s.role}" + " fill" * filled, data_role=s.role,
              data_values=" ".join("-" if v is None else f"{v:g}" for v in s.values), d=d or "M0,0")


def _radar_series(s: Series, axes: Sequence[Axis], at: Callable[[int, float], tuple[float, float]]
                  ) -> list[str]:
    """One outline, broken at unrated axes (filled only when complete), and one point per rating."""
    n, st = len(axes), ROLE_STYLES[s.role]
    xy = {i: at(i, v) for i, v in enumerate(s.values) if v is not None}
    out = [open_tag("g", cls="series", data_role=s.role, data_name=s.name)]
    runs = _runs(s, n)
    for run in runs:
        pts = " ".join(f"{num(xy[i][0])},{num(xy[i][1])}" for i in run)
        fill = {"fill": st.colour, "fill_opacity": st.fill_opacity} if st.fill_opacity else {"fill": "none"}
        out.append(el("polygon", points=pts, **fill, **stroke(st)) if len(run) == n else
                   el("polyline", points=pts, fill="none", **stroke(st)))
    drawn = {i for run in runs for i in run}
    for i, v in enumerate(s.values):
        if v is not None:  # a rating off any line always gets a visible marker
            out.append(point(*xy[i], f"{s.name} - {axes[i].label}: {v:g}", st.marker or
                             (None if i in drawn else "dot"), st, data_role=s.role, data_axis=axes[i].id,
                             data_value=f"{v:g}"))
    return [*out, "</g>"]
