"""The team report and the handbook in a real browser: headless Chromium driven by Playwright.

One browser for the module, one demo workspace. Each page is opened from a file and watched:
no console error, no page error, no request that leaves the file, every chart holding the
points it should (read back from the page's own SVG), and printing to PDF works.

Without Chromium or Playwright these tests skip with the reason; in CI (``CI=true``) that
is a failure instead, since CI installs both (see ``.ci/run``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pmkit.workspace import Workspace

from conftest import invoke

BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser tests: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -e '.[test]')")
    path = chromium_path()
    if path is None:
        unavailable("no Chromium on this machine (apt-get install chromium)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo team, its report and its handbook, built once."""
    base = tmp_path_factory.mktemp("browser")
    root = base / "demo"
    assert invoke(["demo", str(root)]).exit_code == 0
    files = {"root": root, "report": base / "report.html", "handbook": base / "handbook.html"}
    assert invoke(["-w", str(root), "report", "-o", str(files["report"])]).exit_code == 0
    assert invoke(["-w", str(root), "handbook", "-f", "html", "-o", str(files["handbook"])]).exit_code == 0
    return files


class Opened:
    """A page opened from a file, with everything it asked for and complained about."""

    def __init__(self, browser: Any, path: Path):
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text)
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.url = path.as_uri()
        self.page.goto(self.url, wait_until="load")

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.requests == [self.url], self.requests  # the file itself and nothing else


@pytest.fixture(scope="module")
def report(browser: Any, demo: dict[str, Path]) -> Iterator[Opened]:
    opened = Opened(browser, demo["report"])
    yield opened
    opened.page.close()


def test_the_report_loads_nothing_and_logs_no_error(report: Opened) -> None:
    report.assert_clean()
    assert report.page.title().startswith("Team report")
    assert report.page.evaluate("document.scripts.length") == 0


def test_every_wheel_and_trend_holds_the_ratings(report: Opened, demo: dict[str, Path]) -> None:
    from pmkit.model.gaps import canonical_ratings, compute_gaps
    from pmkit.team import build_team_report

    ws = Workspace(demo["root"])
    index = ws.index
    team = build_team_report(ws, with_history=False)
    wheels = report.page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('article.person')]
        .map(a => [a.id.slice(3), Object.fromEntries([...a.querySelectorAll('svg.radar path.s[data-role]')]
            .map(p => [p.dataset.role, p.dataset.values.split(' ')])) ]))""")
    trends = report.page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('article.person')]
        .map(a => [a.id.slice(3), [...a.querySelectorAll('svg.trend path.s[data-axis]')].map(p => [
            p.dataset.axis, (p.dataset.dates || p.closest('svg').dataset.dates).split(' '),
            p.dataset.values.split(' ')])]))""")
    order = [p.competency.id for p in index.placed]
    peers_shown = False
    for row in team.people:
        person = ws.person(row.handle)
        rep = compute_gaps(row.handle, person, index, today=dt.date.today())
        drawn = {role: {c: float(v) for c, v in zip(order, values, strict=True) if v != "-"}
                 for role, values in wheels[row.handle].items()}
        assert drawn["manager"] == {r.competency: float(r.rating) for r in rep.rows}
        assert len(drawn["target"]) == len(index.placed)
        selfs = {r.competency: float(r.self_rating) for r in rep.rows if r.self_rating is not None}
        selfs.update({c: float(v) for c, v in rep.self_only.items()})
        assert drawn.get("self", {}) == selfs
        given: dict[str, list[int]] = {}  # colleagues' ratings: averaged on the picture, nowhere else
        for peer in rep.peer_input:
            for cid, (rating, _) in canonical_ratings(peer, index).items():
                given.setdefault(cid, []).append(rating)
        assert drawn.get("peer", {}) == {c: round(sum(v) / len(v), 1) for c, v in given.items()}
        peers_shown = peers_shown or bool(given)
        assert {axis for axis, _, _ in trends[row.handle]} <= set(rep.focus)
        if rep.focus and rep.assessed_on:
            latest = {axis: int(values[-1]) for axis, _, values in trends[row.handle]}
            assert latest == {c: rep.by_id[c].rating for c in rep.focus if c in rep.by_id}
            assert all(len(dates) == len(values) for _, dates, values in trends[row.handle])
    assert peers_shown, "the demo shows peer input on a wheel"
    # Every wheel draws on the page's one web, with the page's markers: nothing is missing.
    shared = report.page.evaluate("""() => [...document.querySelectorAll('svg.radar use')]
        .map(u => document.getElementById(u.getAttribute('href').slice(1)) !== null)""")
    assert shared and all(shared)  # the webs and the legend's samples
    marker = report.page.evaluate("""() => getComputedStyle(document.querySelector(
        'svg.radar path.r-manager')).markerMid""")
    assert marker.startswith("url(") and "pmkit-mk-manager" in marker
    cells = report.page.evaluate("document.querySelectorAll('table.heat tbody td.num').length")
    assert cells == len(team.people) * (1 + len(index.placed))


def test_the_report_prints_to_pdf(report: Opened, demo: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "team.pdf"  # through pmkit's own --pdf: the browser's print stylesheet applies
    result = invoke(["-w", str(demo["root"]), "report", "--pdf", "-o", str(out)],
                    env={"PMKIT_CHROMIUM": chromium_path() or ""})
    assert result.exit_code == 0, result.stderr
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_the_handbook_loads_nothing_and_every_link_lands(browser: Any, demo: dict[str, Path]) -> None:
    opened = Opened(browser, demo["handbook"])
    try:
        opened.assert_clean()
        page = opened.page
        targets = page.evaluate("[...document.querySelectorAll('a[href^=\"#\"]')].map(a => a.hash.slice(1))")
        ids = set(page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)"))
        assert targets and set(targets) <= ids
        names = {p.competency.name for p in Workspace(demo["root"]).index.placed}
        assert set(page.evaluate("[...document.querySelectorAll('h3')].map(h => h.textContent)")) >= names
        assert page.pdf(format="A4").startswith(b"%PDF")
    finally:
        opened.page.close()
