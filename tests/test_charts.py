"""SVG charts: read the drawings back as XML and check geometry, styles and accessibility."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from pmkit.documents.charts import ROLE_STYLES, Axis, Series, TrendPoint, escape_text, radar_svg
from pmkit.documents.trend import trend_svg

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parent.parent
ROLES = ("target", "manager", "self", "peer", "previous")
PM_WHEEL = [
    "Customer insight", "Problem framing", "Solution exploration", "Testing ideas", "Goals and roadmap",
    "Prioritization", "Delivery", "Launch and adoption", "Data fluency", "Iterate on shipped solutions",
    "Team collaboration", "Stakeholder management", "Owning your growth", "Focus and resilience",
    "Agile mindset", "Agile practices",
]
LONG = [
    "Stakeholder management", "Iterate on shipped solutions", "Solution exploration",
    "Communicating product strategy", "Cross-functional leadership", "Experimentation and learning",
    "Quantitative analysis", "Business and commercial acumen",
]
Box = tuple[float, float, float, float]


def axes_for(labels: Sequence[str]) -> list[Axis]:
    return [Axis(f"a{i}", label, "group" if i % 2 else None) for i, label in enumerate(labels)]


def long_axes(n: int) -> list[Axis]:
    return axes_for([label for label, _ in zip(itertools.cycle(LONG), range(n), strict=False)])


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def by_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [el for el in root.iter() if el.get("class") == cls]


def translate(el: ET.Element) -> tuple[float, float]:
    match = re.fullmatch(r"translate\(([-\d.]+),([-\d.]+)\)", el.get("transform", ""))
    assert match, el.attrib
    return float(match.group(1)), float(match.group(2))


def text_box(text: ET.Element, dx: float = 0.0, dy: float = 0.0) -> Box:
    """Estimated ink box: 0.6 em per character, 1.2 em per line, placed by text-anchor."""
    size = float(text.get("font-size", "0"))
    spans = text.findall(f"{SVG}tspan")
    assert spans, "labels are written as tspans"
    width = max(len(s.text or "") for s in spans) * 0.6 * size
    x, y = float(spans[0].get("x", "0")) + dx, float(spans[0].get("y", "0")) + dy
    x0 = {"start": x, "end": x - width, "middle": x - width / 2}[text.get("text-anchor", "start")]
    top = y - size
    return x0, top, x0 + width, top + len(spans) * 1.2 * size


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(box: Box, root: ET.Element) -> bool:
    vx, vy, vw, vh = map(float, root.get("viewBox", "").split())
    return box[0] >= vx and box[1] >= vy and box[2] <= vx + vw and box[3] <= vy + vh


def outer_ring(root: ET.Element) -> tuple[float, float, float]:
    rings = by_class(root, "ring")
    top = max(rings, key=lambda el: int(el.get("data-value", "0")))
    return float(top.get("cx", "")), float(top.get("cy", "")), float(top.get("r", ""))


def points(root: ET.Element, role: str | None = None) -> list[ET.Element]:
    return [el for el in by_class(root, "point") if role is None or el.get("data-role") == role]


def four_roles(n: int = 16, low: int = 1, high: int = 4) -> list[Series]:
    span = high - low + 1
    return [
        Series("Target (Senior PM)", "target", [low + (i % span) for i in range(n)]),
        Series("Manager rating", "manager", [None if i == 5 else low + (i * 3 % span) for i in range(n)]),
        Series("Self-assessment", "self", [None if i in (2, 9) else low + (i * 5 % span) for i in range(n)]),
        Series("Peer feedback", "peer", [low + (i * 7 % span) for i in range(n)]),
    ]


# --- radar -----------------------------------------------------------------------------------------


def test_every_rated_value_is_one_point_with_its_role_axis_and_value() -> None:
    axes = axes_for(PM_WHEEL)
    series = four_roles()
    root = parse(radar_svg(axes, series, 1, 4, "PM Wheel"))
    for s in series:
        drawn = points(root, s.role)
        rated = [(a.id, f"{v:g}") for a, v in zip(axes, s.values, strict=True) if v is not None]
        assert len(drawn) == len(rated)
        assert [(p.get("data-axis"), p.get("data-value")) for p in drawn] == rated
        assert all(p.find(f"{SVG}title") is not None for p in drawn), "each point has a tooltip"
    counts = Counter(p.get("data-role") for p in points(root))
    assert counts == {"target": 16, "manager": 15, "self": 14, "peer": 16}


def test_an_unrated_axis_has_no_point_and_breaks_the_outline() -> None:
    axes = axes_for(PM_WHEEL[:8])
    series = [
        Series("Manager", "manager", [3, 2, 4, None, 3, 2, 3, 4]),
        Series("Self", "self", [3, None, 4, 3, 3, None, 2, 2]),
        Series("Peer", "peer", [2, 2, 3, 3, 2, 2, 3, 3]),
    ]
    root = parse(radar_svg(axes, series, 1, 4, "Gaps"))
    groups = {g.get("data-role"): g for g in by_class(root, "series")}
    assert "a3" not in {p.get("data-axis") for p in points(root, "manager")}
    assert {"a1", "a5"}.isdisjoint(p.get("data-axis") for p in points(root, "self"))

    def outline(role: str) -> tuple[list[int], bool]:
        lines = groups[role].findall(f"{SVG}polyline")
        return sorted(len((line.get("points") or "").split()) for line in lines), bool(
            groups[role].findall(f"{SVG}polygon"))

    assert outline("manager") == ([7], False)  # one open line from a4 round to a2, never through a3
    assert outline("self") == ([3, 3], False)  # a2-a3-a4 and a6-a7-a0
    assert outline("peer") == ([], True)  # complete, so closed
    manager_fill = groups["manager"].findall(f"{SVG}polyline")[0].get("fill")
    assert manager_fill == "none", "an incomplete series is never filled"
    peer_line = groups["peer"].findall(f"{SVG}polygon")[0]
    assert [tuple(map(float, xy.split(","))) for xy in (peer_line.get("points") or "").split()] == [
        translate(p) for p in points(root, "peer")]


def test_a_series_with_fewer_than_three_ratings_is_markers_only_and_visible() -> None:
    axes = axes_for(PM_WHEEL[:6])
    series = [Series("Manager", "manager", [3, None, None, 4, None, None]),
              Series("Last year", "previous", [None, 2, None, None, None, None])]
    root = parse(radar_svg(axes, series, 1, 4, "Sparse"))
    for g in by_class(root, "series"):
        assert not g.findall(f"{SVG}polyline") and not g.findall(f"{SVG}polygon")
    assert len(points(root, "manager")) == 2 and len(points(root, "previous")) == 1
    lone = points(root, "previous")[0].find(f"{SVG}path")
    assert lone is not None and lone.get("stroke") == "#8C8C8C", "a lone previous rating is still drawn"


def test_previous_is_faint_but_has_its_own_dash_and_marker() -> None:
    root = parse(radar_svg(axes_for(PM_WHEEL[:5]), [Series("Q3", "previous", [2, 3, 2, 3, 2])], 1, 4, "Then"))
    assert len(points(root, "previous")) == 5
    line = by_class(root, "series")[0].find(f"{SVG}polygon")
    assert line is not None and line.get("stroke-dasharray") and float(line.get("stroke-width", "")) < 1.5
    for p in points(root, "previous"):
        marker = p.find(f"{SVG}path")  # a small cross, lines only: it never hides what it sits on
        assert marker is not None and marker.get("fill") == "none" and marker.get("stroke") == "#8C8C8C"


@pytest.mark.parametrize("present", [("manager",), ("manager", "self"), ("self", "peer", "previous"), ROLES])
def test_the_legend_lists_only_the_roles_present_in_reading_order(present: tuple[str, ...]) -> None:
    axes = axes_for(PM_WHEEL[:6])
    series = [Series(f"{role} series", role, [2, 3, 4, 3, 2, 1]) for role in reversed(present)]  # type: ignore[arg-type]
    root = parse(radar_svg(axes, series, 1, 4, "Legend"))
    items = by_class(root, "legend-item")
    assert [el.get("data-role") for el in items] == [r for r in ROLES if r in present]
    for el in items:
        text = el.find(f"{SVG}text")
        assert text is not None and "".join(text.itertext()) == f"{el.get('data-role')} series"
        assert inside(text_box(text, *translate(el)), root)


def test_each_role_differs_in_colour_dash_and_marker_so_it_reads_without_colour() -> None:
    series = [Series(role, role, [2, 3, 4, 3, 2, 1]) for role in ROLES]  # type: ignore[arg-type]
    root = parse(radar_svg(axes_for(PM_WHEEL[:6]), series, 1, 4, "x"))
    styles = {}
    for item in by_class(root, "legend-item"):
        line = item.find(f"{SVG}line")
        assert line is not None
        marker = next((el for el in item.iter() if el.tag in (f"{SVG}circle", f"{SVG}path")), None)
        shape = None if marker is None else (marker.tag, marker.get("d"), marker.get("fill") == "#ffffff")
        styles[item.get("data-role")] = (line.get("stroke"), line.get("stroke-dasharray"), shape)
    assert set(styles) == set(ROLES)
    assert len({s[0] for s in styles.values()}) == 5, "distinct colours"
    assert len({s[1] for s in styles.values()}) == 5, "distinct dashes; only the manager's line is solid"
    assert styles["manager"][1] is None
    assert len({s[2] for s in styles.values()}) == 5 and None not in {s[2] for s in styles.values()}, \
        "a marker of its own for every series"
    assert styles["manager"][0] == "#0072B2" and styles["peer"][0] == "#009E73"
    order = [g.get("data-role") for g in by_class(root, "series")]
    assert order[-2:] == ["manager", "peer"], "the manager's view over every filled marker"
    peer_marker = next(iter(points(root, "peer"))).find(f"{SVG}path")
    assert peer_marker is not None and peer_marker.get("fill") == "none", "peer, on top, is an outline"
    manager = by_class(root, "series")[-2]
    polygon = manager.find(f"{SVG}polygon")
    assert polygon is not None and float(polygon.get("fill-opacity", "0")) > 0, "manager has a light fill"
    target = next(g for g in by_class(root, "series") if g.get("data-role") == "target").find(f"{SVG}polygon")
    assert target is not None and target.get("fill") == "none"


@pytest.mark.parametrize(("n", "size"), [(3, 560), (5, 560), (8, 560), (12, 560), (16, 560), (20, 560),
                                          (16, 320), (16, 900)])
def test_labels_overlap_neither_each_other_nor_the_web_nor_the_edge(n: int, size: int) -> None:
    axes = axes_for(PM_WHEEL) if n == 16 else long_axes(n)
    root = parse(radar_svg(axes, four_roles(n), 1, 4, "PM Wheel — Alex Kim", size=size))
    assert int(root.get("width", "")) >= size
    cx, cy, r = outer_ring(root)
    labels = by_class(root, "axis-label")
    assert [el.get("data-axis") for el in labels] == [a.id for a in axes]
    boxes = [text_box(el) for el in labels]
    for a, b in itertools.combinations(boxes, 2):
        assert not overlap(a, b), (a, b)
    for box in boxes:
        nearest = math.hypot(max(box[0] - cx, cx - box[2], 0), max(box[1] - cy, cy - box[3], 0))
        assert nearest > r, "a label reaches into the web"
        assert inside(box, root)
    title = by_class(root, "chart-title")[0]
    assert inside(text_box(title), root) and all(not overlap(text_box(title), b) for b in boxes)
    assert cx - r > 0 and cy - r > 0
    for item in by_class(root, "legend-item"):
        legend = text_box(item.find(f"{SVG}text"), *translate(item))  # type: ignore[arg-type]
        assert inside(legend, root) and all(not overlap(legend, b) for b in boxes)
        assert legend[1] > cy + r


def test_a_sixteen_axis_wheel_keeps_the_asked_width_and_a_readable_web() -> None:
    root = parse(radar_svg(axes_for(PM_WHEEL), four_roles(), 1, 4, "PM Wheel"))
    assert root.get("width") == "560" and root.get("viewBox", "").startswith("0 0 560 ")
    assert outer_ring(root)[2] >= 150


def test_long_labels_wrap_into_at_most_two_lines_and_anchor_by_side() -> None:
    axes = axes_for([*LONG, "A very long competency name that goes on and on", "Pneumonoultramicroscopic"])
    root = parse(radar_svg(axes, [], 1, 5, ""))
    cx = outer_ring(root)[0]
    for el in by_class(root, "axis-label"):
        lines = [s.text or "" for s in el.findall(f"{SVG}tspan")]
        assert 1 <= len(lines) <= 2 and all(len(line) <= 22 for line in lines), lines
        x = float(el.findall(f"{SVG}tspan")[0].get("x", ""))
        expected = "middle" if abs(x - cx) < 1 else "start" if x > cx else "end"  # spokes 0 and 5 vertical
        assert el.get("text-anchor") == expected
        full = next(a.label for a in axes if a.id == el.get("data-axis"))
        if " ".join(lines) != full:
            tip = el.find(f"{SVG}title")
            assert tip is not None and tip.text == full, "a shortened label keeps the full text as a tooltip"
    wrapped = {el.get("data-axis"): [s.text for s in el.findall(f"{SVG}tspan")]
               for el in by_class(root, "axis-label")}
    assert wrapped["a1"] == ["Iterate on", "shipped solutions"]
    assert wrapped["a0"] == ["Stakeholder", "management"]
    assert wrapped["a8"] == ["A very long competency", "name that goes on and…"]
    assert wrapped["a9"] == ["Pneumonoultramicrosco…"]
    assert [el.get("text-anchor") for el in by_class(root, "axis-label")][:6] == [
        "middle", "start", "start", "start", "start", "middle"]


@pytest.mark.parametrize(("low", "high"), [(0, 4), (1, 5), (1, 10)])
def test_points_sit_at_the_radius_of_their_value(low: int, high: int) -> None:
    n = 12
    values = [low + i % (high - low + 1) for i in range(n)]
    root = parse(radar_svg(long_axes(n), [Series("M", "manager", values)], low, high, "Scale"))
    cx, cy, r = outer_ring(root)
    rings = {int(el.get("data-value", "")): float(el.get("r", "")) for el in by_class(root, "ring")}
    assert sorted(rings) == list(range(low + 1, high + 1))
    for v, ring_r in rings.items():
        assert ring_r == pytest.approx(r * (v - low) / (high - low), abs=0.06)
    scale = sorted(int("".join(el.itertext())) for el in by_class(root, "scale-label"))
    step = scale[1] - scale[0]  # every ring labelled, or every other one when rings sit close
    assert scale[0] == low and scale[-1] == high and set(scale) >= set(range(low, high - step + 1, step))
    assert step == 1 or r / (high - low) < 13
    for i, p in enumerate(points(root)):
        x, y = translate(p)
        value = float(p.get("data-value", ""))
        assert math.hypot(x - cx, y - cy) == pytest.approx(r * (value - low) / (high - low), abs=0.15)
        angle = math.atan2(y - cy, x - cx)
        if value != low:
            expected = -math.pi / 2 + 2 * math.pi * i / n
            assert math.cos(angle - expected) == pytest.approx(1, abs=1e-3)
    centre = [translate(p) for p in points(root) if p.get("data-value") == str(low)]
    assert centre and all(math.hypot(x - cx, y - cy) <= 0.15 for x, y in centre)


def test_out_of_range_values_are_drawn_on_the_edge_but_reported_as_given() -> None:
    root = parse(radar_svg(long_axes(4), [Series("M", "manager", [7, -1, 2, 3])], 1, 4, "Edges"))
    cx, cy, r = outer_ring(root)
    distances = {p.get("data-value"): math.dist(translate(p), (cx, cy)) for p in points(root)}
    assert distances["7"] == pytest.approx(r, abs=0.15) and distances["-1"] == pytest.approx(0, abs=0.15)


def test_accessible_self_contained_svg() -> None:
    svg = radar_svg(axes_for(PM_WHEEL), four_roles(), 1, 4, "PM Wheel — Alex Kim")
    root = parse(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    ids = (root.get("aria-labelledby") or "").split()
    found = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert len(ids) == 2 and found[ids[0]].tag == f"{SVG}title" and found[ids[1]].tag == f"{SVG}desc"
    assert found[ids[0]].text == "PM Wheel — Alex Kim"
    desc = found[ids[1]].text or ""
    assert "16 competencies" in desc and "1 to 4" in desc
    assert all(name in desc for name in ("Target (Senior PM)", "Manager rating", "Self-assessment", "Peer"))
    assert "15 of 16 rated" in desc and "previous" not in desc
    width, height = int(root.get("width", "")), int(root.get("height", ""))
    assert root.get("viewBox") == f"0 0 {width} {height}"
    assert "sans-serif" in (root.get("font-family") or "")
    lowered = svg.lower()
    for banned in ("<script", "<style", "@import", "href", "url(", "<image", "<foreignobject", "http://www.w3.org/1999"):
        assert banned not in lowered
    assert [el.tag for el in root.iter()].count(f"{SVG}svg") == 1


def test_coordinates_are_rounded_to_one_decimal() -> None:
    svgs = [radar_svg(long_axes(13), four_roles(13), 1, 4, "x"),
            trend_svg(axes_for(PM_WHEEL[:3]), list(history()), 1, 4, "t", target={"a0": 3})]
    for svg in svgs:
        for el in parse(svg).iter():
            for name, value in el.attrib.items():
                if name not in ("data-date", "viewBox"):
                    assert not re.search(r"\d\.\d\d", value), (el.tag, name, value)


def draw_both() -> str:
    return radar_svg(axes_for(PM_WHEEL), four_roles(), 1, 4, "PM Wheel") + trend_svg(
        axes_for(PM_WHEEL[:4]), list(history()), 1, 4, "History", target={"a0": 3, "a2": 4})


def test_same_input_same_bytes_even_in_another_process() -> None:
    first = draw_both()
    assert draw_both() == first
    code = "import sys;sys.path.insert(0, sys.argv[1]); import test_charts as t; print(t.draw_both(), end='')"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "LC_ALL": "C.UTF-8",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent)], capture_output=True,
                          text=True, encoding="utf-8", env=env, check=True)
    assert done.stdout == first


def test_text_is_escaped_and_stays_well_formed() -> None:
    nasty = 'R&D <fast> "quoted" \x01'
    axes = [Axis("a<0>", nasty, "g&h"), Axis("b", "<&>", None), Axis("c", "]]>", None)]
    svg = radar_svg(axes, [Series(nasty, "manager", [1, 2, 3])], 1, 4, nasty)
    root = parse(svg)
    clean = 'R&D <fast> "quoted" '
    assert root.find(f"{SVG}title").text == clean  # type: ignore[union-attr]
    labels = {el.get("data-axis"): " ".join(el.itertext()) for el in by_class(root, "axis-label")}
    assert labels["b"] == "<&>" and labels["c"] == "]]>" and labels["a<0>"].startswith("R&D")
    assert by_class(root, "legend-item")[0].get("data-role") == "manager"
    assert points(root)[0].get("data-axis") == "a<0>"
    trend = parse(trend_svg([Axis("a<0>", nasty)], [TrendPoint("a<0>", dt.date(2026, 3, 1), 2)], 1, 4, nasty))
    assert by_class(trend, "point")[0].get("data-axis") == "a<0>"
    assert escape_text('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
    assert escape_text("ok\x00\x1f\ufffe") == "ok"


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        radar_svg(long_axes(2), [], 1, 4, "two")
    with pytest.raises(ValueError):
        radar_svg(long_axes(21), [], 1, 4, "too many")
    with pytest.raises(ValueError):
        radar_svg(long_axes(5), [Series("M", "manager", [1, 2, 3])], 1, 4, "short")
    with pytest.raises(ValueError):
        radar_svg(long_axes(5), [], 4, 4, "flat")
    with pytest.raises(ValueError):
        trend_svg(long_axes(6), [], 1, 4, "six lines")


# --- trend -----------------------------------------------------------------------------------------


def history() -> Iterator[TrendPoint]:
    """Quarterly assessments over two years; competency a3 only rated once."""
    for q in range(8):
        day = dt.date(2024 + q // 4, 3 * (q % 4) + 1, 15)
        for axis, value in (("a0", 1 + q // 3), ("a1", 2 + q // 4), ("a2", 1 + q // 2)):
            yield TrendPoint(axis, day, min(value, 4))
    yield TrendPoint("a3", dt.date(2025, 6, 2), 3)
    yield TrendPoint("elsewhere", dt.date(2025, 6, 2), 3)


def test_trend_points_carry_axis_date_and_value_and_sit_on_their_gridline() -> None:
    axes = axes_for(PM_WHEEL[:4])
    pts = list(history())
    root = parse(trend_svg(axes, pts, 1, 4, "History"))
    drawn = points(root)
    wanted = sorted((p.axis, p.date.isoformat(), str(p.value)) for p in pts if p.axis != "elsewhere")
    assert sorted((p.get("data-axis"), p.get("data-date"), p.get("data-value")) for p in drawn) == wanted
    grid = {el.get("data-value", ""): float(el.get("y1", "")) for el in by_class(root, "gridline")}
    assert list(grid) == ["1", "2", "3", "4"]
    assert [grid[v] for v in grid] == sorted(grid.values(), reverse=True), "higher ratings are higher up"
    for p in drawn:  # on it, or set a few pixels off when another line meets it there
        assert abs(translate(p)[1] - grid[p.get("data-value", "")]) <= 3
    for g in by_class(root, "series"):
        xs = [translate(p)[0] for p in g if p.get("class") == "point"]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)
    lone = next(g for g in by_class(root, "series") if g.get("data-axis") == "a3")
    assert lone.find(f"{SVG}polyline") is None and len(points(lone)) == 1, "one point: a marker, no line"
    assert len(by_class(root, "end-label")) == 4


def test_trend_end_labels_and_ticks_never_overlap() -> None:
    axes = axes_for(["Stakeholder management", "Iterate on shipped solutions", "Solution exploration",
                     "Data fluency", "Delivery"])
    day = dt.date(2025, 1, 10)
    pts = [TrendPoint(a.id, day + dt.timedelta(days=40 * k), 3) for a in axes for k in range(12)]  # same end
    root = parse(trend_svg(axes, pts, 1, 4, "Same ending", target={"a0": 4}))
    boxes = [text_box(g.find(f"{SVG}text"), *translate(g)) for g in by_class(root, "end-label")]  # type: ignore[arg-type]
    assert len(boxes) == 5
    for a, b in itertools.combinations(boxes, 2):
        assert not overlap(a, b)
    assert all(inside(b, root) for b in boxes)
    centres = [translate(g)[1] for g in by_class(root, "end-label")]
    end = next(float(el.get("y1", "")) for el in by_class(root, "gridline") if el.get("data-value") == "3")
    assert sum(centres) / 5 == pytest.approx(end, abs=0.5), "crowded labels centre on the lines' end"
    ticks = by_class(root, "x-label")
    assert 3 <= len(ticks) <= 8
    month = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d"
    assert all(re.fullmatch(month, "".join(t.itertext())) for t in ticks)
    tick_boxes = [text_box(t) for t in ticks]
    for a, b in itertools.combinations(tick_boxes + boxes, 2):
        assert not overlap(a, b)
    assert all(inside(b, root) for b in tick_boxes)


def test_trend_target_lines_are_thin_dashed_and_at_their_value() -> None:
    axes = axes_for(PM_WHEEL[:3])
    root = parse(trend_svg(axes, list(history()), 1, 4, "Targets", target={"a0": 3, "a2": 4, "zz": 2}))
    grid = {el.get("data-value"): el.get("y1") for el in by_class(root, "gridline")}
    targets = {el.get("data-axis"): el for el in by_class(root, "target")}
    assert set(targets) == {"a0", "a2"}
    for axis, value in (("a0", "3"), ("a2", "4")):
        line = targets[axis]
        assert line.get("data-value") == value and line.get("y1") == line.get("y2") == grid[value]
        assert line.get("stroke-dasharray") and float(line.get("stroke-width", "")) <= 1
        group = next(g for g in by_class(root, "series") if g.get("data-axis") == axis)
        series = group.find(f"{SVG}polyline")
        assert series is not None and line.get("stroke") == series.get("stroke")


def test_trend_lines_differ_in_colour_dash_and_marker() -> None:
    axes = axes_for(PM_WHEEL[:5])
    root = parse(trend_svg(axes, [TrendPoint(a.id, dt.date(2025, m, 1), 2) for a in axes for m in (1, 6)],
                           1, 4, "Five"))
    looks = set()
    for g in by_class(root, "series"):
        line, marker = g.find(f"{SVG}polyline"), next(iter(points(g)))[1]
        assert line is not None
        looks.add((line.get("stroke"), line.get("stroke-dasharray"), marker.tag, marker.get("d")))
    assert len({look[0] for look in looks}) == 5 and len({look[1] for look in looks}) == 5
    assert len({look[2:] for look in looks}) == 5


def test_one_assessment_is_a_marker_and_none_says_so() -> None:
    axes = axes_for(PM_WHEEL[:2])
    one = parse(trend_svg(axes, [TrendPoint("a0", dt.date(2026, 3, 18), 2)], 1, 4, "One"))
    assert len(points(one)) == 1 and one.find(f".//{SVG}polyline") is None
    x = translate(points(one)[0])[0]
    assert 100 < x < 500, "a single date sits inside the plot"
    assert ["".join(t.itertext()) for t in by_class(one, "x-label")] == ["18 Mar 2026"]
    empty_svg = trend_svg(axes, [TrendPoint("other", dt.date(2026, 3, 1), 2)], 1, 4, "Nothing")
    empty = parse(empty_svg)
    assert not points(empty) and "No assessments yet" in "".join(empty.itertext())
    assert int(empty.get("height", "")) < 120 and empty.get("role") == "img"


def test_month_ticks_thin_out_for_long_histories() -> None:
    axes = axes_for(PM_WHEEL[:1])
    pts = [TrendPoint("a0", dt.date(2018 + k // 4, 3 * (k % 4) + 1, 1), 2) for k in range(32)]
    root = parse(trend_svg(axes, pts, 1, 4, "Eight years"))
    labels = ["".join(t.itertext()) for t in by_class(root, "x-label")]
    assert 3 <= len(labels) <= 8 and labels == sorted(labels, key=lambda s: int(s[-4:]))
    boxes = [text_box(t) for t in by_class(root, "x-label")]
    assert all(not overlap(a, b) for a, b in itertools.combinations(boxes, 2))


# --- cost --------------------------------------------------------------------------------------------


def test_importing_the_charts_pulls_in_nothing_heavy() -> None:
    code = ("import sys, pmkit.documents.charts; "
            "print(sorted({m.split('.')[0] for m in sys.modules}))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    loaded = set(done.stdout.strip().strip("[]").replace("'", "").split(", "))
    for heavy in ("jinja2", "pydantic", "ruamel", "rich", "typer", "numpy", "matplotlib", "markdown_it",
                  "urllib", "http", "email"):  # the last three come with xml.sax.saxutils
        assert heavy not in loaded, heavy
    assert "pmkit" in loaded


# --- charts that share a page ---------------------------------------------------------------------


def test_charts_on_one_sheet_share_the_web_and_hold_only_their_values() -> None:
    from pmkit.documents.chart_sheet import ChartSheet

    sheet = ChartSheet()
    axes = axes_for(PM_WHEEL)
    alone = radar_svg(axes, four_roles(), 1, 4, "", size=460)
    first = radar_svg(axes, four_roles(), 1, 4, "", size=460, sheet=sheet)
    second = radar_svg(axes, four_roles()[:2], 1, 4, "", size=460, sheet=sheet)
    assert len(first) * 3 < len(alone), (len(first), len(alone))
    defs = parse(sheet.defs())
    webs = [el for el in defs.iter(f"{SVG}g") if (el.get("id") or "").startswith("pmkit-web-")]
    assert [el.get("id") for el in webs] == ["pmkit-web-1", "pmkit-web-1-over"], "one web, drawn once"
    assert {m.get("id") for m in defs.iter(f"{SVG}marker")} >= {f"pmkit-mk-{r}" for r in ROLES}
    for role in ROLES:  # a <use> copy may not get the page's classes: the legend's samples carry their look
        key = next(g for g in defs.iter(f"{SVG}g") if g.get("id") == f"pmkit-key-{role}")
        line, marker = key.findall(f"{SVG}path")
        assert line.get("stroke") == ROLE_STYLES[role].colour
        assert marker.get("marker-start") == f"url(#pmkit-mk-{role})"
    centre = outer_ring(defs)
    for svg in (first, second):
        root = parse(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
        use = root.find(f"{SVG}use")
        assert use is not None and use.get("href") == "#pmkit-web-1"
        cx, cy, r = float(use.get("x", "")) + centre[0], float(use.get("y", "")) + centre[1], centre[2]
        for path in root.iter(f"{SVG}path"):
            if path.get("data-role") is None:
                continue
            values = (path.get("data-values") or "").split()
            series = next(s for s in four_roles() if s.role == path.get("data-role"))
            assert values == ["-" if v is None else f"{v:g}" for v in series.values]
            found = re.findall(r"([-\d.]+),([-\d.]+)", path.get("d", ""))
            drawn = sorted(math.hypot(float(x) - cx, float(y) - cy) for x, y in found)
            wanted = sorted(r * (float(v) - 1) / 3 for v in values if v != "-")
            assert len(drawn) == len(wanted)  # one vertex (and so one marker) per rating
            assert drawn == pytest.approx(wanted, abs=1.0)
    css = sheet.css()
    for role in ROLES:  # each role's look is in the page's styles: colour, dash (but one) and marker
        rule = next(line for line in css.splitlines() if line.startswith(f".pmkit-chart .r-{role}{{"))
        assert f"marker:url(#pmkit-mk-{role})" in rule and ("stroke-dasharray" in rule) == (role != "manager")
