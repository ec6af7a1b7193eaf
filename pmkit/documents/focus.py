"""One focus area as a plan, an agenda or a conversation shows it: rubric, goal, milestones.

The plan and the 1:1 agenda both speak about a focus goal; this module gathers the facts
about one area (its rubric lines, the goal, where the PM stands, its milestones and the
evidence so far) into plain dicts, so both documents say the same thing about it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pmkit.documents.counts import in_words_to_ten, ordinal
from pmkit.documents.evidence import TICKED
from pmkit.documents.evidence_rows import listed_on
from pmkit.documents.goal_match import days_of, walked
from pmkit.documents.runs import no_fresh_run, unreachable
from pmkit.patterns import lazy

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.model.gaps import GapReport
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Competency, Person, Resource


def rubric_text(comp: Competency, rating: int | None) -> str:
    """The rubric line for a rating; the nearest lower line when the model skips that value."""
    if rating is None or not comp.rubric:
        return ""
    if rating in comp.rubric:
        return comp.rubric[rating]
    lower = [k for k in comp.rubric if k < rating]
    if lower:
        return comp.rubric[max(lower)]
    return comp.rubric[min(comp.rubric)]


def stretch_target(comp: Competency, rating: int, level: str,
                   index: ModelIndex) -> tuple[int, str | None]:
    """Where a PM already at their level's target aims: the next level's, else one step up.

    Returns the rating and the name of the level that expects it (None for one step up).
    """
    ids = [lv.id for lv in index.model.levels]
    if level in ids:
        for later in index.model.levels[ids.index(level) + 1:]:
            wanted = comp.expected.get(later.id)
            if wanted is not None and wanted > rating:
                return wanted, later.name
    return min(rating + 1, index.high), None


def resource_dict(resource: Resource) -> dict[str, Any]:
    url = (resource.url or "").strip()
    for raw, quoted in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(raw, quoted)
    return {"title": resource.title, "by": resource.by or "", "kind": resource.kind,
            "year": resource.year, "url": url, "book_club": resource.book_club}


def person_dict(handle: str, person: Person, index: ModelIndex) -> dict[str, Any]:
    name = person.name.strip()
    return {
        "handle": handle,
        "name": name,
        "first_name": name.split()[0] if name.split() else name,
        "level": person.level,
        "level_name": index.level_name(person.level),
        "since": person.since.isoformat() if person.since else None,
        "role": person.role or "",
    }


def _goals(person: Person, index: ModelIndex) -> dict[str, str]:
    goals: dict[str, str] = {}
    if person.plan is not None:
        for key, text in person.plan.goals.items():
            canonical = index.resolve(key)
            if canonical is not None and text.strip():
                goals.setdefault(canonical, text.strip())
    return goals


def focus_area(cid: str, report: GapReport, index: ModelIndex, person: Person,
               goals: dict[str, str]) -> dict[str, Any]:
    """Everything about one focus area that a plan or an agenda may show."""
    placed = index.by_id[cid]
    comp = placed.competency
    row = report.by_id.get(cid)
    rating = row.rating if row else None
    expected = comp.expected.get(person.level, rating if rating is not None else index.high)
    at_level = rating is not None and rating >= expected
    target, toward = expected, None
    if at_level and rating is not None:
        target, toward = stretch_target(comp, rating, person.level, index)
    self_rating = row.self_rating if row else None
    talk_first = (rating is not None and self_rating is not None
                  and abs(self_rating - rating) >= 2)
    goal = goals.get(cid)
    practices = list(comp.practices)
    proposed = goal is None
    if proposed:
        goal = practices[0] if practices else ""
        practices = practices[1:]
    return {
        "id": cid,
        "name": comp.name,
        "area": placed.area.name,
        "description": comp.description,
        "why": (comp.why or "").strip(),
        "rating": rating,
        "rating_label": index.label(rating) if rating is not None else "",
        "rating_text": rubric_text(comp, rating),
        "expected": expected,
        "expected_label": index.label(expected),
        "expected_text": rubric_text(comp, expected),
        "at_level": at_level,
        "target": target,
        "target_label": index.label(target),
        "target_text": rubric_text(comp, target),
        "toward_level": toward or "",
        "at_top": at_level and rating is not None and rating >= index.high,
        "gap": (expected - rating) if rating is not None else None,
        "evidence": (row.evidence or "") if row else "",
        "self_rating": self_rating,
        "self_text": rubric_text(comp, self_rating),
        "talk_first": talk_first,
        "self_higher": talk_first and (self_rating or 0) > (rating or 0),
        "goal": goal or "",
        "goal_proposed": proposed,
        "practices": practices,
        "resources": [resource_dict(r) for r in comp.resources],
        "questions": list(comp.questions),
    }


def step_dicts(cycle: Cycle | None, cid: str, on: dt.date,
               names: Sequence[str] = (), label: str = "", goal: str = "") -> list[dict[str, Any]]:
    """A focus area's milestones for a template, each with where it stands on ``on``.

    A milestone past its date is ``partly`` there when evidence since the one before it
    names what the milestone asks for (beyond the area's ``label``), with the latest such
    piece (in the PM's voice, given the PM's ``names``). A milestone that speaks of "your
    goal" asks for what the ``goal`` names, so the goal's words count as its own.
    """
    if cycle is None:
        return []
    from pmkit.documents import evidence, voice
    from pmkit.documents.unshown import unshown

    _, upcoming = cycle.open_steps(cid, on)
    out: list[dict[str, Any]] = []
    since = cycle.start - dt.timedelta(days=7)
    logged = cycle.public_evidence(cid)
    logs = {e.text for e in logged if e.source != "notes"}
    steps = cycle.steps.get(cid, [])
    late = cycle.late(cid, on)
    rhythm = any(evidence.rhythm(step.text) for step in steps)
    # A piece of evidence is offered for one milestone at most: the earliest open one it fits.
    used: set[tuple[str, str]] = set()
    for number, step in enumerate(steps):
        until = min(on, steps[number + 1].date) if number + 1 < len(steps) else on
        if step.reached is not None:
            status = "reached"
        elif step in late:  # the agenda's "behind" reads the same list
            status = "overdue"
        else:
            status = "next" if step is upcoming else "later"
        # What was done towards a milestone since the one before it: a past milestone with
        # such work is partly there, not simply "not reached".
        window = [(e.date.isoformat(), e.text) for e in logged
                  if since < e.date <= until and e.text not in {t for _, t in used}]
        asks = f"{step.text} {goal}" if goal and _OF_GOAL.search(step.text) else step.text
        # What the 1:1's notes say of the work comes before a ticked item that names it.
        latest = (evidence.matching([e for e in window if not e[1].startswith(TICKED)],
                                    asks, label) or evidence.matching(window, asks, label)
                  if status == "overdue" else None)
        first = latest
        if latest is not None:
            # The same line written in several 1:1s is dated as the evidence list dates it;
            # whether it came after the milestone's date goes by the first in this window.
            first = min((e for e in window if e[1] == latest[1]), key=lambda e: e[0])
            same = [e for e in logged if e.text == latest[1] and e.date <= on]
            latest = (listed_on(sorted({e.date.isoformat() for e in same}), rhythm,
                                any(e.source != "notes" for e in same)
                                or latest[1].startswith(TICKED)), latest[1])
            first = min(first, latest)
        turned = voice.to_pm(latest[1], names) if latest else None
        lack = (evidence.missing([e.text for e in logged if e.date.isoformat() == latest[0]
                                  and e.text != latest[1]], asks, label) if latest else None)
        if turned is not None and latest is not None and latest[1] in logs:
            turned = evidence.as_done(turned)
        elif turned is not None:  # a note quoted as the evidence list quotes it
            turned = voice.done_by_you(turned)
        # Evidence that names something the milestone asks for, but not enough to call it
        # partly there: the two of you agree whether it meets it. Evidence naming nothing of
        # it stays under the goal's evidence and the milestone reads as still open.
        fits = [e for e in window if evidence.names_any(e[1], asks, label)
                or (evidence.counted(step.text) == (2, "") and evidence.tries(e[1]))]
        day = (_logged(fits, step.date, number + 1 == len(steps)
                       or steps[number + 1].date >= on)
               if status == "overdue" and not latest else None)
        # A milestone asking for a count (twice, six entries) is not met by fewer pieces.
        # Only what was done by its date counts towards it; and a milestone asking for a
        # rhythm (every week) is not shown by a count at all: the evidence says what was
        # done, and the rhythm is what is still to show.
        beat = evidence.rhythm(step.text)
        need = None if beat else evidence.count_of(step.text)
        pieces = [*fits, latest] if latest and latest not in fits else fits
        due = step.date.isoformat()
        have = evidence.tally([p for p in pieces if p[0] <= due], asks, label)
        short = ((day is not None or latest is not None) and need is not None
                 and have is not None and have < need
                 and not any(evidence.covers(t, step.text) for d, t in fits if d <= due))
        # Every part the evidence does not show; the times still to come are said once, by
        # the count ("one of the two") when it is shown, else here ("the second time").
        still = _times_left(step.text, [] if short and have else pieces, unshown(
            step.text, [t for _, t in window] + ([latest[1]] if latest else []), label,
            lack or "")) if latest or day is not None else ""
        if latest:
            used.update(e for e in window if e[1] == latest[1])
        elif day is not None:
            used.update(fits)
        out.append({"date": step.date.isoformat(), "weekday": step.date.strftime("%A"),
                    "day": (step.date - cycle.start).days, "text": step.text, "status": status,
                    "reached": step.reached.isoformat() if step.reached else None,
                    # Reached by logged work, yet it asks for a walk-through no 1:1 has had.
                    "walk": bool(step.reached and "1:1" in step.text and step.reached
                                 not in cycle.held and not walked(logged, step.reached)),
                    "past": step.date < on,
                    "partly": bool(latest),
                    "missing": (voice.to_pm(lack, names) or "") if lack else "",
                    "latest": {"date": latest[0], "text": turned,
                               "after": "yes" if first and first[0] > due else ""}
                    if latest and turned else None,
                    "logged": day,
                    "logged_on": days_of(fits, day, due),  # every day that counts
                    "logged_after": "yes" if day is not None and day > due else "",
                    # Marked reached after its date, on work by its date: what the mark
                    # rests on, so the plan does not call it late.
                    **_counted(logged, fits, due, step.reached),
                    "still": still,
                    # Other work by its date that the count took as a try, said beside it.
                    "also": [{"date": d, "text": voice.done_by_you(voice.to_pm(t, names) or t)}
                             for d, t in fits if latest and need and not short and d <= due
                             and t != latest[1] and not t.startswith(TICKED)][:(need or 1) - 1],
                    "so_far": ({"have": in_words_to_ten(have), "need": in_words_to_ten(need)}
                               if short and need is not None and have else None),
                    "after": _partly(_waiting(cycle, cid, step, on), out),
                    "unreachable": unreachable(cycle, steps, number, on),
                    # Out of reach before the review, as the agendas say: carried over.
                    "carry": no_fresh_run(step.text, on, cycle.end) if status == "overdue"
                    else ""})
        since = step.date
    return out


def _counted(logged: Sequence[Any], fits: Sequence[tuple[str, str]], due: str,
             reached: dt.date | None) -> dict[str, Any]:
    """The days of work by a milestone's date that count toward it, when it was marked
    reached after that date; ``counted_notes`` when all of them are 1:1 notes."""
    if reached is None or reached.isoformat() <= due or not any(d <= due for d, _ in fits):
        return {"counted": "", "counted_notes": False}
    early = {(d, t) for d, t in fits if d <= due}
    return {"counted": days_of(fits, due, due),
            "counted_notes": all(e.source == "notes" for e in logged
                                 if (e.date.isoformat(), e.text) in early)}


#: The most times a milestone may ask for and still be counted out ("the second to fourth").
_MOST_TIMES = 6


def _times_left(milestone: str, pieces: Sequence[tuple[str, str]], still: str) -> str:
    """What is still to show, led by the times not yet on record: a milestone asking for a
    goal tried twice is shown by two dated pieces of evidence, not by one ("the second
    time")."""
    from pmkit.documents import evidence

    need, noun = evidence.counted(milestone)
    # A piece that says how many tries it holds ("you shared two examples") counts them.
    stated = [n for n, what in map(evidence.counted, (t for _, t in pieces))
              if n and what.startswith(evidence.TRY_COUNTS)]
    have = max([len({when for when, _ in pieces}), *stated])
    if need is None or noun not in ("", "times") or have >= need or need > _MOST_TIMES or not have:
        return still
    left = f"the {ordinal(have + 1)} time" if have + 1 == need else \
        f"the {ordinal(have + 1)} to {ordinal(need)} times"
    return f"{left}, and {still}" if still else left


_OF_GOAL = lazy(r"\b(?:your|the) goal\b", re.IGNORECASE)


def _logged(window: Sequence[tuple[str, str]], due: dt.date, last: bool) -> str | None:
    """The day of the evidence to weigh against a milestone: the latest up to its date; else,
    when no later milestone is past its date too (``last``), the first since. Work done after
    the date of a milestone whose successor is late as well is weighed against the successor."""
    by_then = [d for d, _ in window if d <= due.isoformat()]
    later = [d for d, _ in window if d > due.isoformat()]
    return by_then[-1] if by_then else (later[0] if later and last else None)


def _partly(after: dict[str, str] | None, before: Sequence[dict[str, Any]]
            ) -> dict[str, str] | None:
    """The open milestone this one builds on, marked partly there when the plan says so of
    it: one line must not call it "still open" while the line above calls it partly there."""
    if after is None:
        return None
    done = any(m["date"] == after["date"] and (m["latest"] or m["so_far"])
               for m in before)
    return {**after, "partly": "yes" if done else ""}


def _waiting(cycle: Cycle, cid: str, step: Any, on: dt.date) -> dict[str, str] | None:
    """The open milestone this one builds on, as a template names it (date and text)."""
    prev = cycle.waits_on(cid, step, on)
    if prev is None:
        return None
    return {"date": prev.date.isoformat(), "text": prev.text,
            "later": "yes" if prev.date > step.date else ""}


def focus_targets(report: GapReport, index: ModelIndex, person: Person) -> dict[str, str]:
    """Each focus area -> the rubric text it aims for (for milestones a model does not give)."""
    goals = _goals(person, index)
    return {cid: focus_area(cid, report, index, person, goals)["target_text"]
            for cid in report.focus}


def why_today(cycle: Cycle, cid: str, order: Sequence[str], on: dt.date,
              taken: Sequence[tuple[dt.date, str]]) -> str:
    """One line, to the PM, on why a 1:1 takes this goal: what the turn rule saw.

    A goal no 1:1 of the plan has taken yet, one left out of the last 1:1s, a milestone
    past its date (and whether it has come up since), or the next milestone due.
    """
    late = cycle.late(cid, on)
    mine = [day for day, c in taken if c == cid]
    recent = [c for _, c in taken][-len(order):]
    owed = bool(mine) and len(order) > 1 and cid not in recent
    parts: list[str] = []
    if late:
        newest = late[-1].date.isoformat()
        which = (f"its milestone of {newest} is" if len(late) == 1
                 else f"{in_words_to_ten(len(late))} of its milestones are")
        if not mine:
            parts.append(f"no 1:1 of your plan has had it as its focus yet, and {which} past "
                         f"{'its date' if len(late) == 1 else 'their dates'}")
        elif not any(day >= late[-1].date for day in mine):
            parts.append(f"{which} past {'its date' if len(late) == 1 else 'their dates'}, "
                         f"and this goal has not come up since {mine[-1].isoformat()}")
        elif owed:
            parts.append(f"it has not come up since {mine[-1].isoformat()}, and {which} "
                         "still open")
        else:
            parts.append(f"{which} still open, past "
                         f"{'its date' if len(late) == 1 else 'their dates'}")
    elif not mine:
        parts.append("no 1:1 of your plan has had it as its focus yet")
    elif owed:
        parts.append(f"it has not come up since {mine[-1].isoformat()}")
    else:
        upcoming = [s.date for s in cycle.steps.get(cid, []) if s.reached is None and s.date >= on]
        if upcoming:
            due = "today" if upcoming[0] == on else f"on {upcoming[0].isoformat()}"
            parts.append(f"its next milestone is due {due}")
    if not parts:
        return ""
    return "Why this goal today: " + "; ".join(parts) + "."

