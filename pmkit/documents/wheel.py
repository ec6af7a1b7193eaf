"""One PM's pictures: the PM Wheel (a radar of every competency) and their focus areas over time.

The charts themselves are drawn by :mod:`pmkit.documents.charts` and
:mod:`pmkit.documents.trend`; this module only picks the figures. Two audiences read the
wheel: the plan speaks to the PM ("you", "your manager"), the team report to the manager
("your rating", "self-rating"), so only the series names differ. Peer input is drawn as the
average of the colleagues' ratings per competency, named as such: the average exists only on
the picture, never in a rating, a gap or a figure. Nothing here reads a file or git: callers
pass the PM's gap report and history entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from pmkit.documents.charts import Axis, Series, TrendPoint, radar_svg
from pmkit.documents.counts import in_words_to_ten
from pmkit.documents.trend import trend_svg

if TYPE_CHECKING:
    from pmkit.documents.chart_sheet import ChartSheet
    from pmkit.history.entries import Entry
    from pmkit.model.gaps import GapReport
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Person

Audience = Literal["pm", "manager"]
MIN_AXES, MAX_AXES = 3, 20  # what a radar can show legibly
TREND_LINES = 5


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"  # never the locale


def _own_ratings(report: GapReport) -> dict[str, int]:
    """The PM's own rating of each competency: where only they rated it, and beside the
    manager's; the wheel draws these and its description counts them."""
    return {**report.self_only,
            **{r.competency: r.self_rating for r in report.rows if r.self_rating is not None}}


def can_draw_wheel(index: ModelIndex) -> bool:
    return MIN_AXES <= len(index.placed) <= MAX_AXES


def previous_ratings(entries: Sequence[Entry], assessed_on: dt.date | None
                     ) -> tuple[dt.date, dict[str, int]] | None:
    """The manager's assessment before the current one, if git remembers one."""
    earlier = [e for e in entries if assessed_on is None or e.date < assessed_on]
    return (earlier[-1].date, dict(earlier[-1].ratings)) if earlier else None


#: In the PM's picture, colleagues' average is drawn only where at least this many rated:
#: with fewer, it would tell the PM what each of them gave.
PM_PEERS = 3


def peer_average(report: GapReport, index: ModelIndex,
                 least: int = 1) -> tuple[list[float | None], int]:
    """Per competency, the mean of the current colleagues' ratings (for drawing only; none
    where fewer than ``least`` rated it), and how many colleagues gave any rating."""
    from pmkit.model.gaps import canonical_ratings

    found = [canonical_ratings(peer, index) for peer in report.peer_input]
    found = [f for f in found if f]
    values: list[float | None] = []
    for p in index.placed:
        given = [f[p.competency.id][0] for f in found if p.competency.id in f]
        values.append(round(sum(given) / len(given), 1) if given and len(given) >= least
                      else None)
    return values, len(found)


def wheel_svg(person: Person, report: GapReport, index: ModelIndex, audience: Audience,
              previous: tuple[dt.date, dict[str, int]] | None = None, *, title: str | None = None,
              size: int = 560, sheet: ChartSheet | None = None) -> str | None:
    """The PM Wheel: target for the level, the manager's view, the PM's own, colleagues' views
    (averaged per competency for the picture) and the previous assessment.

    None when the model has too few or too many competencies for a legible radar.
    """
    if not can_draw_wheel(index):
        return None
    placed = index.placed
    axes = [Axis(p.competency.id, p.competency.name, p.area.name) for p in placed]
    level = index.level_name(person.level)
    by_id = report.by_id
    target = [float(p.competency.expected[person.level]) if person.level in p.competency.expected
              else None for p in placed]
    manager = [float(by_id[p.competency.id].rating) if p.competency.id in by_id else None for p in placed]
    own = _own_ratings(report)
    mine = [float(own[p.competency.id]) if p.competency.id in own else None for p in placed]
    pm = audience == "pm"
    series = [Series(f"Target for {level}", "target", target)]
    if previous is not None:
        when, ratings = previous
        values = [float(ratings[p.competency.id]) if p.competency.id in ratings else None for p in placed]
        if any(v is not None for v in values):
            earlier = "Your manager's earlier view" if pm else "Your earlier rating"
            series.append(Series(f"{earlier}, {_day(when)}", "previous", values))
    if any(v is not None for v in mine):
        when_self = f", {_day(report.self_assessed_on)}" if report.self_assessed_on else ""
        series.append(Series(("Your own view" if pm else "Self-rating") + when_self, "self", mine))
    peers, colleagues = peer_average(report, index, PM_PEERS if pm else 1)
    if pm and all(v is None for v in peers):
        colleagues = 0
    if colleagues and pm:
        series.append(Series(f"Colleagues' views, average of {colleagues}" if colleagues > 1
                             else "A colleague's view", "peer", peers))
    elif colleagues:
        series.append(Series(f"Peer input, average of {colleagues} colleagues" if colleagues > 1
                             else "Peer input, one colleague", "peer", peers))
    if any(v is not None for v in manager):
        when_rated = f", {_day(report.assessed_on)}" if report.assessed_on else ""
        who = "Your manager's view" if pm else "Your rating"
        series.append(Series(who + when_rated, "manager", manager))
    heading = title if title is not None else f"{person.name}: {index.model.name}"
    return radar_svg(axes, series, index.low, index.high, heading, size=size, sheet=sheet)


def wheel_alt(person: Person, report: GapReport, index: ModelIndex) -> str:
    """Alt text for the plan's wheel: what it shows, and where the same figures are in words."""
    level = index.level_name(person.level)
    if not report.rows:
        return (f"The {index.model.name} for {person.name.strip()}: the target for the {level} level "
                f"on each of {len(index.placed)} competencies, before any rating. The table below gives "
                "the same figures.")
    text = (f"The {index.model.name} for {person.name.strip()}: your manager's ratings on "
            f"{len(report.rows)} of {len(index.placed)} competencies, drawn against the target "
            f"for the {level} level")
    # Said as the picture draws it: on how many competencies your own rating is drawn.
    own = _own_ratings(report)
    drawn = sum(1 for p in index.placed if p.competency.id in own)
    beside = [*([f"your own view (on {in_words_to_ten(drawn)} of the "
                 f"{in_words_to_ten(len(report.rows))})" if drawn < len(report.rows)
                 else "your own view"] if drawn else []),
              *(["your colleagues' views (averaged where three or more rated)"]
                if any(v is not None for v in peer_average(report, index, PM_PEERS)[0]) else [])]
    if beside:
        # The table holds the manager's ratings only: say so rather than "the same figures".
        text += ", with " + " and ".join(beside) + " beside them"
        return text + ". The table below gives your manager's ratings and the target in words."
    return text + ". The table below gives the same figures."


def trend_chart(title: str, focus: Sequence[str], entries: Sequence[Entry], index: ModelIndex,
                level: str, *, width: int = 560, sheet: ChartSheet | None = None) -> str:
    """The focus competencies over time (up to five lines), each with its target as a faint line."""
    shown = [cid for cid in focus if cid in index.by_id][:TREND_LINES]
    axes = [Axis(cid, index.by_id[cid].competency.name) for cid in shown]
    points = [TrendPoint(cid, e.date, e.ratings[cid]) for e in entries for cid in shown if cid in e.ratings]
    target = {cid: float(index.by_id[cid].competency.expected[level]) for cid in shown
              if level in index.by_id[cid].competency.expected}
    return trend_svg(axes, points, index.low, index.high, title,
                     target=target, width=width, height=240, sheet=sheet)


def history_alt(focus: Sequence[str], entries: Sequence[Entry], index: ModelIndex, level: str) -> str:
    """Alt text for the plan's chart over time, spoken to the PM: where each focus area started
    and where it stands, against the target of their level."""
    shown = [cid for cid in focus if cid in index.by_id][:TREND_LINES]
    moves = []
    for cid in shown:
        rated = [e.ratings[cid] for e in entries if cid in e.ratings]
        if not rated:
            continue
        name = index.by_id[cid].competency.name
        moves.append(f"{name} stayed at {rated[0]}" if rated[0] == rated[-1]
                     else f"{name} went from {rated[0]} to {rated[-1]}")
    targets = {index.by_id[cid].competency.expected.get(level) for cid in shown} - {None}
    target = (f"; the target for a {index.level_name(level)} is {targets.pop()} on each" if len(targets) == 1
              else "; each has its target for your level as a faint line")
    return (f"Your manager's ratings of your focus areas over {len(entries)} assessments, "
            f"{_day(entries[0].date)} to {_day(entries[-1].date)}: " + ", ".join(moves) + target + ".")
