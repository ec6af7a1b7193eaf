"""Promotion readiness: where a PM already works at the next level, and for how long.

A competency counts as *sustained* when the manager's last two assessments (from git
history) both meet the target level's expectation: one good quarter is a signal, two
are a pattern. Each competency comes with the evidence behind it (the manager's, the
PM's own and colleagues'). This is for the manager's promotion case and stays apart
from the development plan, which is about the PM's current level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pmkit.documents.evidence import reported
from pmkit.documents.form_timing import outstanding_peer_forms
from pmkit.documents.goal_status import plan_cycle
from pmkit.documents.next_focus import noted_in_oneonones, weighed, work_since
from pmkit.documents.ticked_work import ticked_work
from pmkit.documents.weighing import own_sentences, plan_areas
from pmkit.errors import InputError
from pmkit.history.person import read_history
from pmkit.model.gaps import compute_gaps
from pmkit.model.handles import validate_handle
from pmkit.suggest import suggest_known

if TYPE_CHECKING:
    from pmkit.workspace import Workspace

STATES = ("sustained", "reached", "slipped", "below", "not-assessed")


@dataclass
class ReadinessRow:
    competency: str
    name: str
    area: str
    expected: int
    ratings: list[int | None]  # the last two assessments, oldest first
    state: str
    evidence: dict[str, Any] = field(default_factory=dict)
    self_rating: int | None = None
    peer_ratings: list[dict[str, Any]] = field(default_factory=list)  # reviewer, role, rating
    newer: list[str] = field(default_factory=list)
    """Everything written since the manager's latest rating of this competency (views, logged
    work, 1:1 notes), by kind and date: worth a re-look."""
    newer_points: str | None = None
    """Which way those views point from the rating: "higher" or "lower"."""
    since_note: list[dict[str, str]] = field(default_factory=list)
    """Work logged after the manager's note (date, text): the conversation and the review
    show it right after the note, so the promotion case does too."""
    newer_reach: int | None = None
    """How far the newer views could move the rating: the highest of them when they point
    higher, the lowest when lower; logged work counts at the rubric line its words come near
    by the review's own rule (see newer_work), and when they come near none, nothing is said:
    how far such work reaches is for the assessment conversation to agree."""
    newer_upto: int | None = None
    """Kept in the JSON output for readers of earlier versions, and always empty now: the
    case never gives a range where the review and the conversation name one line."""
    newer_work: bool = False
    """The recheck rests on work written down since the rating, not on views alone."""
    newer_differ: list[str] = field(default_factory=list)
    """Newer views that do not point higher, said as the manager reads them: a rating at or
    below the manager's, or a higher number whose words match no line above it."""
    differ_before_work: bool = False
    """Every one of those views was given before the newer work, so none speaks to it."""
    newer_against: list[str] = field(default_factory=list)
    """What the record holds against a higher rating (see weighing): a milestone of the
    goal missed, its own action item carried for weeks, in the manager's words."""
    newer_held: bool = False
    """One 1:1 line spoke for a higher rating while a milestone of the goal is behind: the
    rating is not reopened, by the review's and the conversation's own rule."""

    def as_json(self) -> dict[str, Any]:
        return {"competency": self.competency, "name": self.name, "area": self.area,
                "expected": self.expected, "ratings": list(self.ratings),
                "rating": self.ratings[-1], "state": self.state,
                "sustained": self.state == "sustained", "evidence": self.evidence,
                "self_rating": self.self_rating, "peer_ratings": self.peer_ratings,
                "newer_than_rating": self.newer, "newer_points": self.newer_points,
                "work_since_note": self.since_note, "newer_reach": self.newer_reach,
                "newer_upto": self.newer_upto, "newer_differ": self.newer_differ,
                "differ_before_work": self.differ_before_work,
                "newer_against": self.newer_against, "newer_held": self.newer_held}


@dataclass
class Readiness:
    handle: str
    name: str
    level: str
    level_name: str
    target: str
    target_name: str
    dates: list[str]
    rows: list[ReadinessRow]
    below_current: int = 0
    """Competencies still below the PM's current level in the latest assessment."""
    forms_out: list[dict[str, str]] = field(default_factory=list)
    """Colleagues' forms sent and not read back yet (reviewer, role, date): while one is
    out, the summary is not final."""

    def of(self, state: str) -> list[ReadinessRow]:
        return [r for r in self.rows if r.state == state]

    @property
    def ready(self) -> bool:
        return bool(self.rows) and all(r.state == "sustained" for r in self.rows)

    def as_json(self) -> dict[str, Any]:
        return {"handle": self.handle, "name": self.name, "level": self.level,
                "target_level": self.target, "assessments": list(self.dates),
                "sustained": [r.competency for r in self.of("sustained")],
                "counts": {state: len(self.of(state)) for state in STATES},
                "ready": self.ready,
                "below_current_level": self.below_current,
                "forms_out": list(self.forms_out),
                "competencies": [r.as_json() for r in self.rows]}


def _state(previous: int | None, latest: int | None, expected: int) -> str:
    if latest is None:
        return "not-assessed"
    if latest >= expected:
        return "sustained" if previous is not None and previous >= expected else "reached"
    return "slipped" if previous is not None and previous >= expected else "below"


def _reach(flagged: dict[str, Any] | None) -> int | None:
    """The furthest rating the newer views give, in the way they point."""
    if not flagged or not flagged.get("views"):
        return None
    if any(v.get("work") and not v.get("value") for v in flagged["views"]):
        return None  # work whose words come near no line: how far it reaches is the meeting's
    values = [int(v["rating"]) for v in flagged["views"]]
    return max(values) if flagged.get("direction") == "higher" else min(values)


def target_level(ws: Workspace, level: str, wanted: str | None) -> str:
    """``wanted`` checked against the model, else the level after ``level``."""
    levels = ws.index.level_ids
    if wanted is not None:
        if wanted not in levels:
            raise InputError(f"unknown level '{wanted}'{suggest_known(wanted, levels, 'levels')}",
                             ws.rel(ws.model_path))
        return wanted
    position = levels.index(level) if level in levels else -1
    if position + 1 >= len(levels):
        raise InputError(f"'{level}' is the model's top level; name a level with --level "
                         f"(one of {', '.join(levels)})")
    return levels[position + 1]


def readiness_report(ws: Workspace, handle: str, wanted: str | None = None) -> Readiness:
    """The readiness of one PM for ``wanted`` (default: the next level)."""
    import datetime as dt

    validate_handle(handle)
    person = ws.person(handle)
    index = ws.index
    target = target_level(ws, person.level, wanted)
    entries = read_history(ws, handle).assessments[-2:]
    report = compute_gaps(handle, person, index, today=dt.date.today(),
                          reassess_after_days=ws.settings.reassess_after_days, target_level=target)
    # the plan as the review and the conversation read it: it reads every 1:1 file, so it
    # is read once here for the ratings weighed against the level wanted and the ticked items
    cycle = (plan_cycle(ws, handle, person, None, dt.date.today())
             if person.plan is not None else None)
    flagged, held = weighed(ws, handle, person, report, dt.date.today(), cycle)
    # what the 1:1s wrote down since the latest rating, with the items ticked off that the
    # plan counts as a goal's work, as the review and the conversation read them
    noted = ([*noted_in_oneonones(ws, handle, index, report.assessed_on),
              *(ticked_work(person, cycle, report.assessed_on) if cycle is not None else [])]
             if report.assessed_on else [])
    # a line saying nothing happened ("on leave for a week") is no newer evidence
    noted = [(day, cid, line) for day, cid, line in noted if reported(line)]
    areas = plan_areas(ws, handle, person, dt.date.today())  # a sentence goes to its goal
    rows = []
    below_current = 0
    for placed in index.placed:
        comp = placed.competency
        expected = comp.expected.get(target, index.high)
        latest = entries[-1].ratings.get(comp.id) if entries else None
        if latest is not None and latest < comp.expected.get(person.level, latest):
            below_current += 1
        ratings: list[int | None] = [e.ratings.get(comp.id) for e in entries]
        while len(ratings) < 2:
            ratings.insert(0, None)
        row = report.by_id.get(comp.id)
        evidence: dict[str, Any] = {}
        since: list[dict[str, str]] = []
        # the same ratings to recheck as the conversation and the review, logged work counted
        # every newer view the conversation names, a rating without a note too
        views = flagged.get(comp.id, {}).get("views", [])
        if row is not None:
            if row.evidence:
                evidence["manager"] = row.evidence
                since = [dict(w, text=own_sentences(w["text"], comp.id, areas))
                         if w["source"] == "notes" else w
                         for w in work_since(person, index, comp.id, report.assessed_on,
                                             for_pm=False, noted=noted)
                         if w["source"] != "notes" or reported(w["text"])]
                since = [w for w in since if w["text"]]
            if row.self_evidence:
                evidence["self"] = row.self_evidence
            peers = [{"reviewer": p.reviewer, "role": p.role, "date": p.date.isoformat(),
                      "rating": p.rating, "evidence": p.evidence} for p in row.peers if p.evidence]
            if peers:
                evidence["peers"] = peers
        newer = newer_tag(since, views)
        rows.append(ReadinessRow(
            comp.id, comp.name, placed.area.name, expected, ratings,
            _state(ratings[0], ratings[1], expected), evidence,
            row.self_rating if row is not None else None,
            [{"reviewer": p.reviewer, "role": p.role, "rating": p.rating}
             for p in (row.peers if row is not None else ())], newer,
            flagged.get(comp.id, {}).get("direction"), since,
            _reach(flagged.get(comp.id)), None,  # never further than the review and the conversation say
            bool(flagged.get(comp.id, {}).get("by_work")),
            _differ(flagged.get(comp.id), latest),
            bool(flagged.get(comp.id, {}).get("before_work")),
            # people the higher line asks for whom no work names weigh against it too
            [*(flagged.get(comp.id) or held.get(comp.id) or {}).get("against", []),
             *(flagged.get(comp.id) or held.get(comp.id) or {}).get("absent", [])],
            comp.id in held))
    out = outstanding_peer_forms(ws, handle, [(p.reviewer, p.date) for p in person.peer_input or []])
    return Readiness(handle, person.name, person.level, index.level_name(person.level), target,
                     index.level_name(target), [e.date.isoformat() for e in entries], rows,
                     below_current, out)


def newer_tag(since: list[dict[str, str]], views: list[dict[str, Any]]) -> list[str]:
    """Everything newer than the latest rating, by kind with all its dates: the 1:1 notes
    and logged work quoted under the rating, and the views a recheck rests on. One rule for
    every competency, so the tag never misses what the lines below it quote."""
    dates: dict[str, list[str]] = {}
    for w in since:
        dates.setdefault("work logged on" if w["source"] == "log" else "1:1 notes of",
                         []).append(str(w["date"]))
    for v in views:
        kind = ("self-assessment of" if v["self"]
                else ("1:1 notes of" if v.get("source") == "notes" else "work logged on")
                if v["work"] else f"{v['who']}'s {'note' if v['evidence'] else 'rating'} of")
        dates.setdefault(kind, []).append(v["date"].isoformat())
    out = []
    for kind, days in dates.items():
        days = sorted(set(days))
        out.append(f"{kind} {days[0] if len(days) == 1 else ', '.join(days[:-1]) + ' and ' + days[-1]}")
    return out


def _differ(flagged: dict[str, Any] | None, rating: int | None) -> list[str]:
    """The newer views a recheck leaves aside, so the case does not read as unanimous."""
    if not flagged:
        return []

    def who(v: dict[str, Any]) -> str:
        if v["self"]:
            return "the self-assessment"
        return f"{v['who']} ({v['role']})" if v["role"] else str(v["who"])

    out = [f"{who(v)} gave {v['rating']} on {v['date'].isoformat()}, "
           + ("the same as your rating" if v["rating"] == rating else "below your rating")
           for v in flagged.get("others", [])]
    out += [f"{who(v)} gave {v['rating']} on {v['date'].isoformat()}, above your rating"
            + _why_not(v, str(flagged.get("since", ""))) for v in flagged.get("unsupported", [])]
    return out


def _why_not(view: dict[str, Any], since: str) -> str:
    """What a higher number's note reads like, in part or whole; nothing when the rubric
    matcher finds no line, so a close call is not stated as a miss."""
    like = view.get("reads_like")
    if not view["evidence"]:
        return ", but with no example"
    who = str(view.get("who") or "them")
    if like and like.get("same_as_own") and like["whole"]:
        return (f": the note reads like the same rubric line as your own note of {since}, "
                f"so ask {who}, outside the meeting, what made it a higher number")
    if like and like.get("same_as_own") and like.get("rest"):
        return (f": part of the note, “{like['text']}”, reads like the same rubric line as "
                f"your own note of {since}; the other part, “{like['rest']}”, is what speaks "
                f"for the {view['rating']}, so set it beside your rubric's line for "
                f"{view['rating']}")
    if like and like.get("same_as_own"):
        return (f": part of the note, “{like['text']}”, reads like the same rubric line as "
                f"your own note of {since}, so ask {who}, outside the meeting, "
                "where the rest of the higher number comes from")
    if like and like["whole"]:
        return f", but the note reads like your rubric's line for {like['value']}"
    if like:
        return (f", but part of the note, “{like['text']}”, reads like your rubric's line for "
                f"{like['value']}")
    return ""
