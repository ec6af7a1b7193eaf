"""Where a PM's coaching plan stands: its dates, each goal's milestones and evidence so far.

Milestones and evidence live in the PM's file under ``plan:``; evidence the manager
wrote under a focus area's heading in a 1:1's notes is read from the 1:1 files as well,
so a plan or an agenda shows it before anything has been saved. The writing commands
then save what this module found (:func:`save`), so the file and the documents agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.documents import evidence, line_goals, notes
from pmkit.documents.goal_text import goal_of
from pmkit.documents.oneonone import folder, parsed, read_text
from pmkit.documents.ticked_evidence import ticked
from pmkit.files.dated import dated_files
from pmkit.model import person_doc
from pmkit.model.coaching import (
    FALLBACK_MILESTONES,
    Proposed,
    first_day,
    last_day,
    meeting_weekday,
    pick_turn,
    propose_milestones,
    turn_dates,
)
from pmkit.model.milestone_weekday import pm_days

if TYPE_CHECKING:
    from pmkit.documents.oneonone import Parsed
    from pmkit.model.gaps import GapReport
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Person, Settings
    from pmkit.workspace import Workspace


@dataclass(frozen=True)
class Step:
    date: dt.date
    text: str
    reached: dt.date | None = None
    order: int = 0
    """Where the milestone stands in the plan's sequence; a re-dated one may now fall later."""


@dataclass(frozen=True)
class Entry:
    date: dt.date
    text: str
    source: str = "log"
    private: bool = False


@dataclass
class Cycle:
    """One plan cycle of one PM, as pmkit reads it today."""

    start: dt.date
    end: dt.date
    weekday: int
    new: bool
    """No plan was running (never started, or the last one ended): a plan run starts one."""
    steps: dict[str, list[Step]] = field(default_factory=dict)
    proposed: dict[str, list[Proposed]] = field(default_factory=dict)
    evidence: dict[str, list[Entry]] = field(default_factory=dict)
    found: dict[dt.date, dict[str, list[str]]] = field(default_factory=dict)
    ticked_in: dict[dt.date, tuple[dict[str, list[str]], list[str]]] = field(default_factory=dict)
    """Each 1:1 read since the plan's assessment: what sits under each goal's heading, and
    the items ticked off, kept so the files are parsed once."""
    ticked_under: dict[tuple[dt.date, str], str] = field(default_factory=dict)
    """By 1:1 and ticked item (as compared): the sub-items written under it on that page."""
    meetings: list[tuple[dt.date, Path]] = field(default_factory=list)
    held: list[dt.date] = field(default_factory=list)
    """1:1s of this plan whose files hold notes: they took place."""
    weekday_known: bool = False
    """A 1:1 file (held, or the first being prepared) says the weekday; before that the
    weekday is the plan's own day, not one a document should name as the 1:1's."""
    covered: set[str] = field(default_factory=set)
    """Focus areas a held 1:1 of this plan has taken."""
    copies: list[line_goals.Copy | notes.Misfiled] = field(default_factory=list)
    """What the manager is told about once: lines noted under a goal that repeat another
    goal's earlier lines (left out of both), and lines counted for another goal than their
    heading's (see :mod:`pmkit.documents.line_goals`)."""
    areas: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    """Each goal's words (its goal, then its name and milestones): what a line must speak
    to be read as that goal's work."""
    every: int = 7
    """Days between 1:1s (the workspace's cadence)."""
    holidays: frozenset[dt.date] = frozenset()

    def open_steps(self, cid: str, on: dt.date) -> tuple[int, Step | None]:
        """How many milestones are overdue on ``on``, and the one to look at next."""
        open_ = [s for s in self.steps.get(cid, []) if s.reached is None]
        return len(self.late(cid, on)), (open_[0] if open_ else None)

    def late(self, cid: str, on: dt.date) -> list[Step]:
        """A goal's open milestones past their date on ``on``, oldest first: the one rule
        the plan, the agenda and the choice of a 1:1's focus all read "late" by."""
        return [s for s in self.steps.get(cid, []) if s.reached is None and s.date < on]

    def standing(self, cid: str, on: dt.date
                 ) -> tuple[dt.date | None, dt.date | None, int, dt.date | None]:
        """The oldest late milestone's date (None when none is late), the next one due, how
        many are late, and the latest late one's date."""
        late = self.late(cid, on)
        due = [s.date for s in self.steps.get(cid, []) if s.reached is None and s.date >= on]
        return ((late[0].date if late else None), (min(due) if due else None), len(late),
                max((s.date for s in late), default=None))

    def left(self, on: dt.date) -> int:
        """1:1s from ``on`` (counted) up to the plan's last one, the review (not counted)."""
        days = turn_dates(self.start, self.end, self.weekday, self.every, 0, 1, self.holidays)
        return sum(1 for d in days if on <= d < self.end) or int(on < self.end)

    def turn(self, order: Sequence[str], on: dt.date, taken: Sequence[str],
             dates: Sequence[dt.date] = ()) -> str | None:
        """The focus area a 1:1 on ``on`` takes, after this plan's 1:1s took ``taken``
        (held on ``dates``, when known)."""
        return pick_turn(order, {cid: self.standing(cid, on) for cid in order}, taken,
                         dates=dates, left=self.left(on), on=on)

    def waits_on(self, cid: str, step: Step, on: dt.date) -> Step | None:
        """The open milestone before ``step``, late on ``on`` or re-dated past it, that ``step``
        builds on; none when the calendar rules it out before the review: ``step`` is workable."""
        from pmkit.documents.runs import out_of_reach

        steps = self.steps.get(cid, [])
        prev = max((s for s in steps if s.order < step.order), key=lambda s: s.order, default=None)
        if prev is None or prev.reached is not None or step.reached is not None or (
                prev.date < on and any(out_of_reach(self, steps, prev, on))):
            return None
        return prev if prev.date > step.date or prev.date < on else None

    def public_evidence(self, cid: str) -> list[Entry]:
        return [e for e in self.evidence.get(cid, []) if not e.private]


def stretch_of(report: GapReport) -> set[str]:
    """Focus areas already at or above the level's target: planned as a stretch."""
    return {cid for cid in report.focus
            if (row := report.by_id.get(cid)) is not None and row.gap is not None and row.gap <= 0}


def early_of(report: GapReport, index: ModelIndex) -> set[str]:
    """Focus areas rated below the scale's lower half (a 1 on a 1-5 scale): planned as first steps.

    A model's milestones lead up to its middle rating (a 2 becoming a 3); someone further
    down takes the step before that first, so their milestones end where the model's begin.
    """
    middle = (index.low + index.high + 1) // 2
    return {cid for cid in report.focus
            if (row := report.by_id.get(cid)) is not None and row.rating + 1 < middle
            and row.gap is not None and row.gap > 0}


#: The steps of someone taking a competency's first step (a rating of 1 becoming a 2): the
#: goal tried with help, then alone, then the model's own first milestone.
FIRST_STEPS = (
    "Your goal tried twice, prepared with your manager beforehand if you want, and a short "
    "note on each (what you did, what worked, what you would change) to walk through in a 1:1.",
    "The goal done once more, prepared on your own this time, and what it produced walked "
    "through in a 1:1: what you did differently from the first two times.",
)


def first_steps(steps: Mapping[int, str]) -> dict[int, str]:
    """Milestones for a first step: the model's earliest milestone becomes the last one."""
    days = sorted(FALLBACK_MILESTONES)
    return {days[0]: FIRST_STEPS[0], days[1]: FIRST_STEPS[1], days[-1]: steps[min(steps)]}


#: A stretch's middle step: the first piece of work at the rating aimed for.
STRETCH_MIDDLE = ("One piece of work from this plan that already shows the next step for this "
                  "area, brought to a 1:1 and walked through together: what you did and what "
                  "it changed.")


def stretch_steps(steps: Mapping[int, str], target_text: str) -> dict[int, str]:
    """Milestones for a stretch: the model's hardest step first, then the rubric aimed for.

    The model's steps lead someone below the target up to it; a PM already there starts
    from the last of them and ends showing the rubric of the rating aimed for.
    """
    days = sorted(FALLBACK_MILESTONES)
    last = FALLBACK_MILESTONES[days[-1]].replace("{target}", target_text.strip())
    return {days[0]: steps[max(steps)], days[1]: STRETCH_MIDDLE, days[-1]: last}


def read_cycle(ws: Workspace, handle: str, person: Person, focus: Mapping[str, str], index: ModelIndex,
               settings: Settings, today: dt.date, *, restart: bool = False,
               before: dt.date | None = None, stretch: Collection[str] = (),
               early: Collection[str] = (), pages: Parsed | None = None) -> Cycle:
    """The cycle on ``today``; ``restart`` (a plan run) starts a new one when none is running.

    ``focus`` maps each focus area to the rubric text it aims for (used when the model
    has no milestones of its own for it, and for the last step of a ``stretch`` area).

    1:1 files dated from ``before`` on are ignored (an agenda reads only earlier ones);
    ``pages`` keeps the files parsed for the caller, which reads them again.
    """
    horizon = settings.plan.horizon_days
    holidays = set(settings.holidays)
    started = person.plan.started if person.plan else None
    limit = before or (today + dt.timedelta(days=1))
    files = dated_files(folder(ws, handle))
    meetings = [(d, p) for d, p in files if d < limit]
    # With none held yet, the 1:1 being prepared (or one prepared ahead) says the day.
    days = pm_days([d for d, _ in meetings],
                   [before] if before else [d for d, _ in files if d >= limit])
    weekday = meeting_weekday(days, started or today)
    # A plan made on a weekend starts on the next 1:1 day: it runs from the day it was made.
    running = started is not None and today <= last_day(started, horizon, weekday, holidays)
    new = not running if restart else started is None
    # A new plan starts on the PM's 1:1 day (the next one after a weekend or a holiday) and
    # ends on the last 1:1 day inside its horizon, so both dates are days the two of you meet.
    start = first_day(today, weekday, holidays) if new else (started or today)
    cycle = Cycle(start, last_day(start, horizon, weekday, holidays), weekday, new,
                  meetings=meetings, every=settings.cadence_days, holidays=frozenset(holidays),
                  weekday_known=bool(days))

    stored = person.plan.milestones if person.plan else {}
    goals: dict[str, str] = {}
    for key, text in (person.plan.goals.items() if person.plan else ()):
        if (resolved := index.resolve(key)) is not None and text.strip():
            goals.setdefault(resolved, text.strip())
    for number, cid in enumerate(focus):
        mine = [] if new else _stored(stored, cid, index)
        if mine:
            # Shown and checked in date order; ``order`` remembers the sequence as written.
            cycle.steps[cid] = sorted((Step(m.date, m.text, m.reached, number)
                                       for number, m in enumerate(mine)), key=lambda s: s.date)
            continue
        comp = index.by_id[cid].competency
        steps = comp.milestones
        if cid in stretch and steps and focus[cid].strip():
            steps = stretch_steps(steps, focus[cid])
        elif cid in early and steps:
            steps = first_steps(steps)
        goal = goals.get(cid) or (comp.practices[0] if comp.practices else "")
        proposal = propose_milestones(steps, max(start, today), cycle.end, weekday,
                                      focus[cid], every=settings.cadence_days, turn=number,
                                      turns=len(focus), holidays=holidays, goal=goal,
                                      begins=start)
        cycle.proposed[cid] = proposal
        cycle.steps[cid] = [Step(p.date, p.text, order=i) for i, p in enumerate(proposal)]

    # A sentence of the general notes that speaks a goal's words is evidence for it too.
    areas = {cid: (goal_of(cid, goals, index),
                   [index.by_id[cid].competency.name, *(s.text for s in cycle.steps[cid])])
             for cid in focus}
    cycle.areas = areas
    # What the notes record since the assessment the plan is built on counts for its goals
    # from the first day: a plan must not say "none yet" beside a test the PM already ran.
    assessed = person.assessment.date if person.assessment is not None else None
    since = min(start, assessed) if assessed is not None else start
    words = line_goals.goal_words(index, {cid: (areas[cid][0], [s.text for s in cycle.steps[cid]])
                                          for cid in focus})
    moved: list[notes.Misfiled] = []
    opened: set[str] = set()  # the open items of the 1:1s read so far
    for date, path in meetings:
        tokens = parsed(ws, path, pages)[0]
        roots = notes.list_tree(tokens)
        done = notes.done_items(roots, opened)  # only what was an open item is ticked off
        opened |= notes.open_items(roots)
        if date < since:
            continue
        under = notes.evidence_in(tokens, index)
        cycle.ticked_in[date] = ({cid: list(blocks) for cid, blocks in under.items()}, done)
        for node in notes.walk(roots):  # the fullest sub-items any copy of the item has
            subs = "; ".join(notes.clean(c.text) for c in node.children if notes.clean(c.text))
            at = (date, notes.clean(node.text).casefold())
            if node.checked is not None and len(subs) > len(cycle.ticked_under.get(at, "")):
                cycle.ticked_under[at] = subs
        # A line under one goal's heading that is plainly another goal's work counts there.
        rows, misfiled = line_goals.refile(
            ((date, cid, line) for cid, lines in under.items() for line in lines), words)
        moved.extend(misfiled)
        found: dict[str, list[str]] = {}
        for _, cid, line in rows:
            found.setdefault(cid, []).append(line)
        general = evidence.general_evidence(notes.general_notes(tokens, index), areas, partial(
            line_goals.general_goal, focus=next(iter(notes.covered(tokens, index)), None),
            words=words, areas=areas))
        for cid, lines in general.items():
            have = found.setdefault(cid, [])
            have.extend(line for line in lines if line not in have)
        cycle.found[date] = found
        if date >= start and notes.has_notes(tokens):
            cycle.held.append(date)
            cycle.covered.update(notes.covered(tokens, index)[:1])
    # A line pasted under another goal on a later date is the old work again, not evidence.
    copies = line_goals.copies((date, cid, line) for date, found in cycle.found.items()
                               for cid, lines in found.items() for line in lines)
    for copy in copies:
        lines = cycle.found[copy.date][copy.goal]
        if copy.line in lines:
            lines.remove(copy.line)
    cycle.copies = [*copies, *moved]
    saved = person.plan.evidence if person.plan else {}
    # A plan made on a weekend starts on the next 1:1 day: what was logged in the days
    # between belongs to it.
    lead_in = start - dt.timedelta(days=6)
    for key, logged in saved.items():
        resolved = index.resolve(key)
        if resolved is None:
            continue
        for e in logged:
            from_file = e.source == "notes" and e.date in cycle.found
            text = evidence.reported(e.text) if e.source == "notes" else e.text
            if e.date >= min(lead_in, since) and not from_file and text:
                cycle.evidence.setdefault(resolved, []).append(
                    Entry(e.date, text, e.source, e.private))
    # What a 1:1's notes report as done is evidence; an instruction beside it is not.
    for date, found in cycle.found.items():
        for cid, lines in found.items():
            cycle.evidence.setdefault(cid, []).extend(
                Entry(date, said, "notes") for said in map(evidence.reported, lines) if said)
    for date, cid, line in ticked(person, cycle, index, areas):
        cycle.evidence.setdefault(cid, []).append(Entry(date, line, "notes"))
    for entries in cycle.evidence.values():
        entries.sort(key=lambda e: e.date)
    return cycle


def as_of(ws: Workspace, handle: str, person: Person, today: dt.date) -> dt.date:
    """The day a plan describes: today, or the latest 1:1 of the running plan already held.

    Notes written into a 1:1 dated after the clock's today mean that 1:1 has taken place
    (the manager prepares and writes them on its day), so the plan is brought up to it:
    its milestones read as due or overdue from there, not from an earlier day.
    """
    started = person.plan.started if person.plan else None
    if started is None:
        return today
    latest = today
    for date, path in dated_files(folder(ws, handle)):
        if date <= latest or date < started:
            continue
        tokens = notes.parse(notes.pm_copy(read_text(path, ws.rel(path))), ws.rel(path))
        if notes.has_notes(tokens):
            latest = date
    return latest


def _stored(stored: dict[str, Any], cid: str, index: ModelIndex) -> list[Any]:
    for key, items in stored.items():
        if index.resolve(key) == cid and items:
            return list(items)
    return []


def save(data: Any, cycle: Cycle, *, plan_run: bool) -> bool:
    """Write what the cycle found into a person file's round-trip data; True if it changed."""
    section = data.get("plan")
    if not isinstance(section, dict):
        if not plan_run and not any(cycle.found.values()):
            return False
        section = person_doc.plan_section(data)
    changed = False
    if plan_run:
        if cycle.new or section.get("started") is None:
            person_doc.set_started(section, cycle.start)
            changed = True
        for cid, proposal in cycle.proposed.items():
            person_doc.set_milestones(section, cid, [(p.date, p.text) for p in proposal])
            changed = True
    for date, found in sorted(cycle.found.items()):
        changed = person_doc.sync_notes_evidence(section, date, found) or changed
    return changed
