"""The whole team against the model: who needs help most, who is moving, what to teach together.

A manager is judged by their weakest PM, so the report names the largest total gap,
shows each PM's movement over the last 90 days (from the git history of their file),
turns gaps several PMs share into community-of-practice and book-club topics, and
finds PMs well above target on each who could coach the others. Stale assessments and
overdue 1:1s are flagged. History is read for the whole team with one ``git log`` and
at most one ``git cat-file``, never one process per PM.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from pmkit.files.dated import dated_files
from pmkit.history.team_window import start_team_log, team_histories
from pmkit.model.gaps import compute_gaps

if TYPE_CHECKING:
    from pmkit.communities import Progress
    from pmkit.history.entries import Assessed
    from pmkit.model.gaps import GapReport
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Competency, Resource
    from pmkit.workspace import Workspace

MOVEMENT_DAYS = 90


class Movement(NamedTuple):
    """How a PM's ratings moved over the window: current assessment vs a baseline."""
    trend: str  # improving | declining | stalled | new | not-assessed
    since: dt.date | None = None  # the baseline assessment's date
    points: int | None = None  # sum of rating changes on competencies rated both times
    total_gap_change: float | None = None  # at today's level; negative: the gap is closing
    improved: tuple[str, ...] = ()
    declined: tuple[str, ...] = ()
    recent: int = 0  # distinct assessments dated inside the window

    def as_json(self) -> dict[str, Any]:
        return {"trend": self.trend, "since": self.since.isoformat() if self.since else None,
                "points": self.points, "total_gap_change": self.total_gap_change,
                "improved": list(self.improved), "declined": list(self.declined),
                "recent_assessments": self.recent}


class PersonRow(NamedTuple):
    """One PM in the team report."""
    handle: str
    report: GapReport
    last_oneonone: dt.date | None
    oneonone_overdue: bool
    movement: Movement

    @property
    def assessed(self) -> bool:
        return self.report.assessed_on is not None

    @property
    def trend_kind(self) -> str:
        """improving | declining | no-change | not-reassessed | first | not-assessed.

        "stalled" covers two different facts: reassessed with no rating up, and simply
        not reassessed inside the window. An upward report must keep them apart.
        """
        move = self.movement
        if move.trend == "stalled":
            return "not-reassessed" if move.recent == 0 else "no-change"
        return {"new": "first"}.get(move.trend, move.trend)

    @property
    def views_apart(self) -> list[str]:
        """Competencies where the PM's own view or a colleague's is two or more points from
        the manager's rating: the ones worth an assessment conversation. Model order."""
        far = {r.competency for r in (*self.report.disagreements(2),
                                      *self.report.peer_disagreements(2))}
        return [r.competency for r in sorted(self.report.rows, key=lambda r: r.order)
                if r.competency in far]

    def as_json(self) -> dict[str, Any]:
        report = self.report
        return {
            "handle": self.handle,
            "name": report.name,
            "level": report.level,
            "total_gap": report.total_gap,
            "below_target": len(report.below_target),
            "assessed_on": report.assessed_on.isoformat() if report.assessed_on else None,
            "stale": report.stale,
            "not_assessed": list(report.not_assessed),
            "focus": list(report.focus),
            "last_oneonone": self.last_oneonone.isoformat() if self.last_oneonone else None,
            "oneonone_overdue": self.oneonone_overdue,
            "movement": self.movement.as_json(),
            "trend": self.trend_kind,
            "gaps": {row.competency: row.gap for row in sorted(report.rows, key=lambda r: r.order)},
            "self_assessed_on": (report.self_assessed_on.isoformat()
                                 if report.self_assessed_on else None),
            "self_ratings": {row.competency: row.self_rating for row in report.rows
                             if row.self_rating is not None},
            "peer_input": [{"reviewer": p.reviewer, "role": p.role, "date": p.date.isoformat()}
                           for p in report.peer_input],
            "self_differences": len(report.disagreements()),
            "peer_differences": len(report.peer_disagreements()),
            "views_apart": self.views_apart,
        }


class CommonGap(NamedTuple):
    """A competency enough PMs are below target on to learn together."""
    competency: str
    name: str
    area: str
    area_name: str
    below_target: list[str]
    mentors: list[str]  # at least one point above target: could coach the others
    average_gap: float
    total_priority: float
    topics: list[dict[str, Any]]
    resources: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {"competency": self.competency, "name": self.name, "area": self.area,
                "below_target": list(self.below_target), "count": len(self.below_target),
                "average_gap": self.average_gap, "mentors": list(self.mentors),
                "topics": self.topics, "resources": self.resources}


class TeamReport:
    """Everything ``pmkit team`` knows, for the table, JSON and Markdown views."""
    def __init__(self, today: dt.date, people: list[PersonRow], threshold: int,
                 common_gaps: list[CommonGap], cadence_days: int, reassess_after_days: int,
                 manager: str | None, model_name: str, model_version: int):
        self.today = today
        self.people = people
        self.weakest = pick_weakest(people)
        self.threshold = threshold
        self.common_gaps = common_gaps
        self.cadence_days = cadence_days
        self.reassess_after_days = reassess_after_days
        self.manager = manager
        self.model_name = model_name
        self.model_version = model_version

    @property
    def by_handle(self) -> dict[str, PersonRow]:
        return {p.handle: p for p in self.people}

    def with_trend(self, trend: str) -> list[PersonRow]:
        return [p for p in self.people if p.movement.trend == trend]

    @property
    def improving(self) -> list[PersonRow]:
        """Fastest first."""
        return sorted(self.with_trend("improving"),
                      key=lambda p: (-(p.movement.points or 0), p.handle))

    @property
    def stale(self) -> list[PersonRow]:
        return [p for p in self.people if p.report.stale]

    @property
    def overdue(self) -> list[PersonRow]:
        return [p for p in self.people if p.oneonone_overdue]

    def as_json(self) -> dict[str, Any]:
        return {
            "people": [p.as_json() for p in self.people],
            "weakest": self.weakest,
            "common_gaps": [g.as_json() for g in self.common_gaps],
            "common_gap_threshold": self.threshold,
            "improving": [p.handle for p in self.improving],
            "stalled": [p.handle for p in self.with_trend("stalled")],
            "declining": [p.handle for p in self.with_trend("declining")],
            "stale": [p.handle for p in self.stale],
            "overdue_oneonones": [p.handle for p in self.overdue],
            "views_apart": [p.handle for p in self.people if p.views_apart],
            "team_size": len(self.people),
            "assessed": sum(1 for p in self.people if p.assessed),
            "date": self.today.isoformat(),
            "movement_days": MOVEMENT_DAYS,
            "cadence_days": self.cadence_days,
        }


# --- pieces -----------------------------------------------------------------------------


def is_overdue(last: dt.date | None, today: dt.date, cadence_days: int) -> bool:
    """No 1:1 held (a file dated today or earlier) within twice the cadence; an agenda
    prepared for a later date does not count until that day comes."""
    return last is None or (today - last).days > 2 * cadence_days


def common_gap_threshold(team_size: int) -> int:
    """At least two PMs, or a third of the team when that is more."""
    return max(2, math.ceil(team_size / 3))


def _total_gap(ratings: Mapping[str, int], level: str, index: ModelIndex) -> float:
    total = 0.0
    for cid, rating in ratings.items():
        placed = index.by_id.get(cid)
        if placed is None or level not in placed.competency.expected:
            continue
        priority = (placed.competency.expected[level] - rating) * placed.competency.weight
        if priority > 0:
            total += priority
    return float(total)


def movement(assessed: Sequence[Assessed], report: GapReport, index: ModelIndex, today: dt.date,
             days: int = MOVEMENT_DAYS) -> Movement:
    """Current assessment vs the latest one dated at or before ``days`` ago (else the oldest
    one inside the window). No new assessment inside the window means the PM has stalled."""
    cutoff = today - dt.timedelta(days=days)
    cutoff_text = cutoff.isoformat()
    count = len({(a.date, a.ratings_text) for a in assessed if a.date > cutoff_text})
    if report.assessed_on is None:
        return Movement("not-assessed", recent=count)
    current = {row.competency: row.rating for row in report.rows}
    if report.assessed_on <= cutoff:
        return Movement("stalled", since=report.assessed_on, points=0, total_gap_change=0.0,
                        recent=count)
    current_text = report.assessed_on.isoformat()
    before = [a for a in assessed if a.date <= cutoff_text]
    base: dict[str, int] | None = None
    if before:
        baseline = before[-1]
        base = index.canonical(baseline.ratings())
    else:
        for candidate in assessed:
            if candidate.date > current_text:
                break
            ratings = index.canonical(candidate.ratings())
            if candidate.date == current_text and {k: v for k, v in ratings.items()
                                                   if k in index.by_id} == current:
                continue
            baseline, base = candidate, ratings
            break
    if base is None:
        return Movement("new", recent=count)
    base = {cid: r for cid, r in base.items() if cid in index.by_id}
    shared = [cid for cid in current if cid in base]
    points = sum(current[cid] - base[cid] for cid in shared)
    change = report.total_gap - _total_gap(base, report.level, index)
    trend = "improving" if points > 0 else "declining" if points < 0 else "stalled"
    def order(cid: str) -> int:
        return index.by_id[cid].order
    return Movement(
        trend, since=dt.date.fromisoformat(baseline.date), points=points,
        total_gap_change=round(change, 6),
        improved=tuple(sorted((c for c in shared if current[c] > base[c]), key=order)),
        declined=tuple(sorted((c for c in shared if current[c] < base[c]), key=order)),
        recent=count,
    )


def pick_weakest(people: Sequence[PersonRow]) -> str | None:
    """The largest total gap (more competencies below target, then the handle, break ties)."""
    candidates = [p for p in people if p.assessed and p.report.total_gap > 0]
    if not candidates:
        return None
    best = min(candidates, key=lambda p: (-p.report.total_gap, -len(p.report.below_target), p.handle))
    return best.handle


def _resource_json(resource: Resource) -> dict[str, Any]:
    # Field by field: a pydantic dump would build a serializer just for this.
    fields = {"title": resource.title, "by": resource.by, "kind": resource.kind,
              "year": resource.year, "url": resource.url}
    return {k: v for k, v in fields.items() if v is not None}


def topics_for(comp: Competency) -> list[dict[str, Any]]:
    """Something the team can do together: a community-of-practice session, a book club."""
    topics: list[dict[str, Any]] = [{
        "kind": "community-of-practice",
        "title": f"Community of practice: {comp.name}",
        "practices": list(comp.practices[:3]),
        "questions": list(comp.questions[:2]),
    }]
    # A book club needs a book a group can read a part at a time (the model marks those);
    # anything else (a catalogue, a reference, a talk) makes a study group instead.
    books = [r for r in comp.resources if r.book_club]
    pick = books[0] if books else (comp.resources[0] if comp.resources else None)
    if pick is not None:
        kind = "book-club" if pick.book_club else "study-group"
        what = "Book club" if pick.book_club else "Study group"
        by = f" by {pick.by}" if pick.by else ""
        topics.append({"kind": kind, "title": f"{what}: {pick.title}{by}",
                       "resource": _resource_json(pick)})
    return topics


def find_common_gaps(people: Sequence[PersonRow], index: ModelIndex, threshold: int) -> list[CommonGap]:
    found: list[tuple[int, float, int, CommonGap]] = []
    for placed in index.placed:
        cid = placed.competency.id
        below: list[tuple[str, int, float]] = []
        mentors: list[str] = []
        for person in people:
            row = person.report.by_id.get(cid)
            if row is None:
                continue
            if row.gap > 0:
                below.append((person.handle, row.gap, row.priority))
            elif row.gap <= -1:
                mentors.append(person.handle)
        if len(below) < threshold:
            continue
        comp = placed.competency
        gap = CommonGap(
            cid, comp.name, placed.area.id, placed.area.name,
            sorted(h for h, _, _ in below), sorted(mentors),
            round(sum(g for _, g, _ in below) / len(below), 2),
            float(sum(p for _, _, p in below)),
            topics_for(comp), [_resource_json(r) for r in comp.resources],
        )
        found.append((-len(below), -gap.total_priority, placed.order, gap))
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found]


# --- the report -------------------------------------------------------------------------


def build_team_report(ws: Workspace, today: dt.date | None = None,
                      with_history: bool = True) -> TeamReport:
    """Everything ``pmkit team`` shows. git reads the team's history while the files load."""
    today = today or dt.date.today()
    handles = ws.handles()
    log = start_team_log(ws) if with_history and handles else None
    try:
        settings = ws.settings
        index = ws.index
        reports = {h: compute_gaps(h, ws.person(h), index, today=today,
                                   reassess_after_days=settings.reassess_after_days,
                                   focus_count=settings.plan.focus)
                   for h in handles}
        histories = team_histories(ws, handles, log, since=today - dt.timedelta(MOVEMENT_DAYS))
    finally:
        if log is not None:
            log.close()
    people: list[PersonRow] = []
    for handle in handles:
        # An agenda may be prepared ahead; a 1:1 dated after today has not been held yet.
        held = [d for d, _ in dated_files(ws.root / "oneonones" / handle) if d <= today]
        last = held[-1] if held else None
        people.append(PersonRow(
            handle, reports[handle], last, is_overdue(last, today, settings.cadence_days),
            movement(histories.get(handle, []), reports[handle], index, today),
        ))
    threshold = common_gap_threshold(len(people))
    return TeamReport(
        today=today, people=people, threshold=threshold,
        common_gaps=find_common_gaps(people, index, threshold),
        cadence_days=settings.cadence_days, reassess_after_days=settings.reassess_after_days,
        manager=settings.manager, model_name=ws.model.name, model_version=ws.model.version,
    )


def team_view(ws: Workspace, today: dt.date | None = None) -> tuple[TeamReport, list[Progress]]:
    """The team report and its communities (with whether the PMs who took part moved)."""
    from pmkit.communities import community_progress

    report = build_team_report(ws, today)
    return report, community_progress(ws, report.today)
