"""The next focus, chosen once for every document that proposes it.

The assessment conversation and the end-of-plan review both propose what to work on
next; they must propose the same thing, so both ask here. The choice comes from today's
ratings, not from the old plan's pins, and it knows where the plan started: a goal already
met is not proposed again word for word, and the next step is agreed a notch higher. A
goal counts as met only when it was: its rating reached the level's expectation, every
milestone of it is marked reached, or a note tied to it says so ("goal met"), whether
logged with ``pmkit log`` or written under the competency's heading in a 1:1's notes. A
rating that rose but is still below the expectation is a goal partly met: finish it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pmkit.documents import line_goals, notes
from pmkit.documents.focus import _goals, focus_area
from pmkit.documents.goal_match import work_matches_goal
from pmkit.documents.goal_text import goal_of
from pmkit.documents.milestone_notes import SENTENCE_OR_CLAUSE
from pmkit.documents.oneonone import folder, read_text
from pmkit.documents.views import recheck, to_agree
from pmkit.files.dated import dated_files
from pmkit.history.person import read_history

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.history.entries import Entry
    from pmkit.model.gaps import GapReport
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Person
    from pmkit.workspace import Workspace


def baseline(entries: list[Entry], start: dt.date) -> Entry | None:
    """The assessment in force when the plan started: the latest on or before that day."""
    before = [e for e in entries if e.date <= start]
    return before[-1] if before else (entries[0] if entries else None)


def plan_start(ws: Workspace, handle: str, person: Person,
               when: dt.date) -> tuple[dt.date, Entry | None, Entry | None]:
    """(the plan's first day, the assessment in force then, the latest assessment)."""
    entries = read_history(ws, handle).assessments
    start = (person.plan.started if person.plan and person.plan.started
             else when - dt.timedelta(days=ws.settings.plan.horizon_days))
    return start, baseline(entries, start), (entries[-1] if entries else None)


#: A note that records a goal as met: "goal met", "the goal is reached", "met her goal".
_MET = re.compile(
    r"\bgoals?\s+(?:is\s+|was\s+|now\s+|has\s+been\s+|have\s+been\s+)?"
    r"(?:met|reached|achieved|done|completed?)\b"
    r"|\b(?:met|reached|achieved|completed|hit)\s+(?:the|this|her|his|their|your|my)\s+goal\b",
    re.IGNORECASE)
#: Words that undo it when they come before it in the sentence ("not yet met the goal").
_UNDONE = re.compile(r"\b(?:not|never|almost|nearly|partly|partially|half|until|once|if|when)\b"
                     r"|n't\b", re.IGNORECASE)


@dataclass(frozen=True)
class Met:
    """Why a plan's goal counts as met: ``rating``, ``milestones``, ``notes`` or ``work``
    (logged work that does what the goal asks, see :func:`work_matches_goal`), and when."""

    by: str
    on: dt.date | None = None


def says_met(text: str) -> bool:
    """Does a note say the goal was met, with nothing before it that undoes it?"""
    for sentence in SENTENCE_OR_CLAUSE.split(text):
        found = _MET.search(sentence)
        if found and not _UNDONE.search(sentence[:found.start()]):
            return True
    return False


def as_date(value: Any) -> dt.date | None:
    """A date from a record field: a date, an ISO string, or None."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def per_competency(found: Mapping[str, Any] | None, cid: str, index: ModelIndex) -> list[Any]:
    """The entries of a plan mapping (milestones, evidence) filed under ``cid`` or an alias."""
    if not isinstance(found, Mapping):
        return []
    return [item for key, items in found.items()
            if index.resolve(str(key)) == cid and isinstance(items, list) for item in items]


def field_of(item: Any, name: str) -> Any:
    """A field of a milestone or evidence record, whether a record or a plain mapping."""
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def noted_in_oneonones(ws: Workspace, handle: str, index: ModelIndex,
                       since: dt.date) -> list[tuple[dt.date, str, str]]:
    """(date, competency, line) for each line under a competency's heading in a 1:1's notes,
    filed under the plan's goal it is evidence for (see :func:`line_goals.refile`)."""
    out: list[tuple[dt.date, str, str]] = []
    for day, path in dated_files(folder(ws, handle)):
        if day < since:
            continue
        text = notes.pm_copy(read_text(path, ws.rel(path)))
        for cid, lines in notes.evidence_in(notes.parse(text, ws.rel(path)), index).items():
            out.extend((day, cid, line) for line in lines)
    out, _ = line_goals.refile(out, plan_words(ws.person(handle), index))
    return line_goals.without_copies(out)  # a line pasted under another goal is no new evidence


def plan_words(person: Person, index: ModelIndex) -> dict[str, line_goals.Words]:
    """The words of each goal of a PM's plan: its goal and its milestones as stored."""
    plan = person.plan
    if plan is None:
        return {}
    goals = _goals(person, index)
    ids = dict.fromkeys(cid for key in [*plan.milestones, *plan.goals]
                        if (cid := index.resolve(key)) is not None)
    return line_goals.goal_words(index, {
        cid: (goal_of(cid, goals, index),
              [str(field_of(m, "text") or "") for m in per_competency(plan.milestones, cid, index)])
        for cid in ids})


def goals_met(person: Person, index: ModelIndex, goal_ids: Iterable[str],
              noted: Iterable[tuple[dt.date, str, str]] = ()) -> dict[str, Met]:
    """The plan's goals met by their milestones or by a note, whatever the ratings say."""
    plan = person.plan
    noted = list(noted)
    out: dict[str, Met] = {}
    for cid in goal_ids:
        steps = per_competency(getattr(plan, "milestones", None), cid, index)
        reached = [as_date(field_of(s, "reached")) for s in steps]
        if steps and all(reached):
            out[cid] = Met("milestones", max(d for d in reached if d is not None))
            continue
        said = [(as_date(field_of(e, "date")), str(field_of(e, "text") or ""))
                for e in per_competency(getattr(plan, "evidence", None), cid, index)]
        said += [(day, line) for day, key, line in noted if key == cid]
        days = [day for day, text in said if says_met(text)]
        if days:
            known = [d for d in days if d is not None]
            out[cid] = Met("notes", min(known) if known else None)
    return out


def plan_focus(person: Person, index: ModelIndex, start_ratings: dict[str, int]) -> list[str]:
    """The competencies the plan worked on: pinned focus, else goals, else the start's top gaps."""
    plan = person.plan
    picked: list[str] = []
    for key in [*(plan.focus if plan else []), *(plan.goals if plan else {})]:
        cid = index.resolve(key)
        if cid is not None and cid not in picked:
            picked.append(cid)
    if picked:
        return picked
    gaps = []
    for placed in index.placed:
        comp = placed.competency
        if comp.id in start_ratings:
            gap = comp.expected.get(person.level, 0) - start_ratings[comp.id]
            if gap > 0:
                gaps.append((-gap * comp.weight, placed.order, comp.id))
    return [cid for *_, cid in sorted(gaps)[:3]]


def propose_focus(report: GapReport, person: Person, index: ModelIndex,
                  start_ratings: dict[str, int], count: int,
                  met: Mapping[str, Met] | None = None,
                  short: Mapping[str, dict[str, str]] | None = None) -> list[dict[str, Any]]:
    """The next focus areas, widest weighted gap first, each marked carried and moving.

    ``moving`` means the rating rose since the plan started. A goal whose rating reached
    the expectation, or that ``met`` (see :func:`goals_met`) records as met, is not
    offered again as it stands (``goal_done``, with ``met_by`` and ``met_on`` saying why),
    so no document asks for work already done; one that rose but is still short, or
    whose work ``short`` finds done beside a milestone still open, is ``partly`` met.
    ``verdict`` is "met", "partly" or "not met" for a goal, None otherwise.
    """
    worked_on = plan_focus(person, index, start_ratings)
    met = met or {}
    below = [r for r in report.rows if r.priority > 0]
    # a goal still open is finished before a new one starts: it is never dropped for one
    unfinished = [r.competency for r in below if r.competency in worked_on
                  and r.competency not in met]
    room = max(count - len(unfinished), 0)
    others = [r.competency for r in below if r.competency not in unfinished][:room]
    picked = [r for r in below if r.competency in unfinished or r.competency in others]
    out: list[dict[str, Any]] = []
    for row in picked:
        before = start_ratings.get(row.competency)
        change = row.rating - before if before is not None else None
        carried = row.competency in worked_on
        moving = (change or 0) > 0
        why = met.get(row.competency) if carried else None
        if why is None and carried and moving and row.rating >= row.expected:
            why = Met("rating")
        steps = [field_of(m, "reached") for m in
                 per_competency(getattr(person.plan, "milestones", None), row.competency, index)]
        open_step = (short or {}).get(row.competency) if carried else None
        state = (verdict(before, row.rating, row.expected, why, any(steps) or bool(open_step))
                 if carried else None)
        partly = state == "partly"
        out.append({"id": row.competency, "name": row.name, "rating": row.rating,
                    "rating_label": index.label(row.rating),
                    "expected": row.expected, "expected_label": index.label(row.expected),
                    "start": before, "carried": carried, "moving": moving,
                    "goal_done": why is not None, "partly": partly,
                    "verdict": state, "short": open_step if state == "partly" else None,
                    "steps": [sum(1 for step in steps if step), len(steps)],  # reached, all
                    "met_by": why.by if why else None,
                    "met_on": why.on.isoformat() if why and why.on else None})
    return out


def verdict(before: int | None, now: int | None, expected: int, met: Met | None,
            some_steps: bool = False) -> str:
    """Whether a plan's goal was "met", "partly" met, "not met", or is "open".

    Met only when it was: the rating reached the expectation, or the goal's own measure
    (its milestones, a note) says so. A rating that rose but is still short, or some of
    the goal's milestones reached (``some_steps``), is partly met.
    A stretch goal set at the expectation is "open" while its rating holds: the rating
    cannot tell, the work can.
    """
    if met is not None:
        return "met"
    if now is not None and now >= expected:
        return "open" if before is not None and before >= now else "met"
    if some_steps or (before is not None and now is not None and now > before):
        return "partly"
    return "not met"


def plan_goals_met(ws: Workspace, handle: str, person: Person, when: dt.date) -> dict[str, Met]:
    """The plan's goals recorded as met by their milestones or notes (see :func:`goals_met`),
    or done as worded by work logged after the latest assessment (see :func:`work_done`)."""
    index = ws.index
    start, first, _ = plan_start(ws, handle, person, when)
    goal_ids = plan_focus(person, index, dict(first.ratings) if first else {})
    met = goals_met(person, index, goal_ids, noted_in_oneonones(ws, handle, index, start))
    short = work_short(ws, handle, person, when)
    for cid, (day, sure, _) in work_done(ws, handle, person, when).items():
        if sure and cid not in met and cid not in short:
            met[cid] = Met("work", day)
    return met


def open_milestone(person: Person, index: ModelIndex, cid: str,
                   when: dt.date) -> dict[str, str] | None:
    """The first milestone of a goal that is missed and stays open: due before ``when``, not
    marked reached, and no work on the goal logged after its day that might have done it."""
    logged = [d for e in per_competency(getattr(person.plan, "evidence", None), cid, index)
              if not field_of(e, "private") and (d := as_date(field_of(e, "date")))]
    steps = sorted(((as_date(field_of(m, "date")), str(field_of(m, "text") or ""))
                    for m in per_competency(getattr(person.plan, "milestones", None), cid, index)
                    if not field_of(m, "reached")), key=lambda m: m[0] or dt.date.max)
    from pmkit.documents.milestone_notes import milestone_clause, milestone_text  # a goal's action

    goal = _goals(person, index).get(cid, "")
    for due, text in steps:
        if due is not None and due < when and text and not any(d > due for d in logged):
            shown = milestone_text(text, goal)
            return {"date": due.isoformat(), "text": shown, "short": milestone_clause(shown)}
    return None


def work_short(ws: Workspace, handle: str, person: Person,
               when: dt.date) -> dict[str, dict[str, str]]:
    """Goals whose logged work does what the goal asks while one of their milestones is
    missed and still open: partly met, never "met as worded" beside a missed milestone.
    Each is {"on": the work's day, "due", "text", "short": the open milestone}."""
    out: dict[str, dict[str, str]] = {}
    for cid, (day, sure, _) in work_done(ws, handle, person, when).items():
        step = open_milestone(person, ws.index, cid, when) if sure else None
        if step is not None:
            out[cid] = {"on": day.isoformat(), "due": step["date"], "text": step["text"],
                        "short": step["short"]}
    return out


def work_done(ws: Workspace, handle: str, person: Person,
              when: dt.date) -> dict[str, tuple[dt.date, bool, str]]:
    """For each goal of the plan, the first work logged after the latest assessment that
    does what the goal asks, and whether it surely does (see :func:`work_matches_goal`):
    the rating that assessment gave may be behind it. Each is (date, sure, the work)."""
    index = ws.index
    _, first, last = plan_start(ws, handle, person, when)
    if last is None:
        return {}
    goals = _goals(person, index)
    out: dict[str, tuple[dt.date, bool, str]] = {}
    for cid in plan_focus(person, index, dict(first.ratings) if first else {}):
        logged = [(as_date(field_of(e, "date")), str(field_of(e, "text") or ""))
                  for e in per_competency(getattr(person.plan, "evidence", None), cid, index)
                  if not field_of(e, "private")]
        found = work_matches_goal(goals.get(cid, ""), logged, last.date) if goals.get(cid) else None
        if found:
            out[cid] = (*found, next(t for d, t in logged if d == found[0]))
    return out


def weighed(ws: Workspace, handle: str, person: Person, report: GapReport, when: dt.date,
            cycle: Cycle | None) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The ratings to recheck (see :func:`views.recheck`), newer written work counted: work
    that does a goal as worded, or that reads like a higher rubric line (see newer_work);
    and, apart, those too thin a record does not reopen (see weighing.weigh). ``cycle`` is
    the plan as read on ``when`` for ``report`` (see goal_status.plan_cycle); None for a PM
    with no plan, whose ratings have no milestone to read."""
    from pmkit.documents.newer_work import reads_above  # it reads goal_status, built on this
    from pmkit.documents.weighing import weigh  # it reads goal_status too

    index, since = ws.index, report.assessed_on
    work: dict[str, dict[str, Any]] = {
        cid: {"date": day, "text": text, "goal": True, "source": "log"} for cid, (day, sure, text)
            in work_done(ws, handle, person, when).items() if sure}
    noted = noted_in_oneonones(ws, handle, index, since) if since else []
    for row in report.rows if since else []:
        comp = index.by_id[row.competency].competency
        if row.competency in work:  # the goal's work, with the line its words come near, if any
            found = reads_above(comp, row.rating, index.model.scale,
                                [{k: work[row.competency][k] for k in ("text", "date")}])
            if found:
                work[row.competency]["value"] = found["value"]
            continue
        written = work_since(person, index, row.competency, since, for_pm=False, noted=noted)
        found = reads_above(comp, row.rating, index.model.scale, written)
        if found:
            work[row.competency] = dict(found, date=as_date(found["date"]), goal=False)
    return weigh(ws, handle, person, recheck(report, work, index), when, report.rows, report, noted,
                 cycle)


def next_focus(ws: Workspace, handle: str, person: Person, report: GapReport, when: dt.date,
               flagged: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The next focus for ``handle`` on ``when``: what the conversation and the review propose.
    ``flagged`` are the ratings to recheck, when the caller has them already (see weighed)."""
    index = ws.index
    _, first, _ = plan_start(ws, handle, person, when)
    start_ratings = dict(first.ratings) if first else {}
    proposed = propose_focus(report, person, index, start_ratings, ws.settings.plan.focus,
                             plan_goals_met(ws, handle, person, when),
                             work_short(ws, handle, person, when))
    goals = _goals(person, index)
    if flagged is None:
        from pmkit.documents.goal_status import plan_cycle  # it reads this module

        flagged = weighed(ws, handle, person, report, when,
                          plan_cycle(ws, handle, person, report, when))[0]
    order = plan_focus(person, index, start_ratings)  # the plan's goals first, in its order
    proposed = sorted(proposed, key=lambda f: order.index(f["id"]) if f["id"] in order
                      else len(order))
    return [dict(focus_area(f["id"], report, index, person, goals), **f,
                 recheck=flagged.get(f["id"]), to_agree=to_agree(flagged.get(f["id"])))
            for f in proposed]


def work_since(person: Person, index: ModelIndex, cid: str, since: dt.date | None,
               names: Iterable[str] = (), for_pm: bool = True,
               noted: Iterable[tuple[dt.date, str, str]] = ()) -> list[dict[str, str]]:
    """What was written down on ``cid`` after ``since`` (a note's day), oldest first: work
    logged (``source`` "log") and what a 1:1's shared notes say under its heading (``noted``
    from :func:`noted_in_oneonones`, ``source`` "notes"). Private entries, lines saying
    nothing happened ("on leave") and lines about the PM that cannot be turned to "you"
    stay out; ``for_pm=False`` keeps the words as written."""
    from pmkit.documents.evidence import reported
    from pmkit.documents.voice import to_pm

    if since is None:
        return []
    read = [(day, text) for day, key, text in noted if key == cid]
    read_days = {day for day, _ in read}
    found: list[tuple[dt.date | None, str, str]] = []
    for e in per_competency(getattr(person.plan, "evidence", None), cid, index):
        day = as_date(field_of(e, "date"))
        from_notes = field_of(e, "source") == "notes"
        # A plan keeps the 1:1 lines it read; the file's line is quoted once (kept if gone).
        if field_of(e, "private") or (from_notes and day in read_days):
            continue
        found.append((day, str(field_of(e, "text") or ""), "notes" if from_notes else "log"))
    found += [(day, text, "notes") for day, text in read]
    out = []
    for day, text, source in found:
        said = reported(text) if source == "notes" else text  # only to tell "on leave" apart
        shared = (to_pm(text, list(names)) if for_pm else text) if said.strip() else None
        if day is not None and day > since and shared:
            out.append({"date": day.isoformat(), "text": shared, "source": source})
    return sorted(out, key=lambda e: e["date"])
