"""The coaching plan: what a PM works on next, built from their gaps and the model.

This module only gathers facts into a plain context (dicts, lists, strings, numbers);
all wording lives in the template (``plan.md.j2``), so a manager can rewrite it. The
context holds the one PM it is about and nobody else: a plan is shared with that PM.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.documents import evidence, voice
from pmkit.documents.closing import last_turn
from pmkit.documents.counts import in_words
from pmkit.documents.done_notes import said_rows
from pmkit.documents.evidence_rows import evidence_dicts
from pmkit.documents.focus import (
    _goals,
    focus_area,
    focus_targets,
    person_dict,
    rubric_text,
    step_dicts,
)
from pmkit.documents.goal_match import restating
from pmkit.documents.line_goals import set_aside
from pmkit.documents.plan_open import open_by_area
from pmkit.documents.practices import untried
from pmkit.documents.render import Renderer
from pmkit.errors import InputError
from pmkit.model.coaching import weekday_name
from pmkit.model.gaps import compute_gaps
from pmkit.model.handles import validate_handle
from pmkit.suggest import suggest_known

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.model.gaps import GapReport, GapRow
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Person, Settings
    from pmkit.workspace import Workspace

TEMPLATE = "plan.md.j2"


def resolve_focus(ids: Sequence[str], index: ModelIndex, source: str | None = None) -> list[str]:
    """Canonical ids for ``--focus`` values; an unknown id is an input error with suggestions."""
    out: list[str] = []
    for raw in ids:
        for part in (p.strip() for p in raw.split(",")):
            if not part:
                continue
            canonical = index.resolve(part)
            if canonical is None:
                raise InputError(f"--focus: unknown competency '{part}'"
                                 f"{suggest_known(part, index.all_ids, 'competencies')}", source)
            if canonical not in out:
                out.append(canonical)
    return out


def bar(rating: int | None, expected: int, index: ModelIndex) -> str:
    """Scale positions as glyphs: ``■`` reached, ``□`` still to reach the level, ``·`` beyond.

    With a 1-5 scale, a rating of 2 where 3 is expected is ``■■□··``. A scale that starts
    at 0 draws positions 1 and up, so a rating of 0 is all open. Not assessed: all ``·``.
    """
    positions = [v for v in range(index.low, index.high + 1) if v > 0] or [index.high]
    if rating is None:
        return "·" * len(positions)
    current = rating
    glyphs = []
    for value in positions:
        if value <= current:
            glyphs.append("■")
        elif value <= expected:
            glyphs.append("□")
        else:
            glyphs.append("·")
    return "".join(glyphs)




def every(days: int) -> str:
    """A cadence in words: "every week", "every three weeks", "every 10 days"."""
    words = {1: "", 2: "two ", 3: "three ", 4: "four ", 5: "five ", 6: "six ", 8: "eight ",
             9: "nine ", 10: "ten ", 12: "twelve "}
    if days % 7 == 0 and days // 7 in words:
        weeks = days // 7
        return f"every {words[weeks]}week{'s' if weeks > 1 else ''}"
    if days % 7 == 0:
        return f"every {days // 7} weeks"
    return "every day" if days == 1 else f"every {days} days"


def credit(source: str) -> str:
    """The model's source as a short credit for a PM's document, without notes on wording."""
    kept = [s.strip() for s in re.split(r"(?<=[.!?])\s+", source.strip())
            if s.strip() and "pmkit" not in s.casefold()]
    text = " ".join(kept)
    if text.casefold().startswith("structure after "):
        text = "Competencies after " + text[len("structure after "):]
    return text


def _row_dict(row: GapRow, index: ModelIndex, person: Person) -> dict[str, Any]:
    comp = index.by_id[row.competency].competency
    higher = row.rating + 1 if row.rating < index.high else None
    return {
        "id": row.competency,
        "name": row.name,
        "area": row.area_name,
        "rating": row.rating,
        "rating_label": index.label(row.rating),
        "rating_text": rubric_text(comp, row.rating),
        "expected": row.expected,
        "expected_label": index.label(row.expected),
        "next": higher,
        "next_label": index.label(higher) if higher is not None else "",
        "next_text": rubric_text(comp, higher) if higher is not None else "",
        "at_top": higher is None,
        "evidence": row.evidence or "",
    }


def plan_context(handle: str, person: Person, report: GapReport, index: ModelIndex,
                 settings: Settings, today: dt.date, cycle: Cycle | None = None) -> dict[str, Any]:
    """The plain context ``plan.md.j2`` renders: one PM, their gaps, their plan."""
    from pmkit.documents.views import views_summary

    goals = _goals(person, index)
    start = cycle.start if cycle else (
        person.plan.started if person.plan and person.plan.started else today)
    horizon = settings.plan.horizon_days
    focus = [focus_area(cid, report, index, person, goals) for cid in report.focus]
    names = voice.pm_names(person)
    kept_back: list[dict[str, str]] = []
    repeats: list[str] = []  # notes written again on later dates: for the manager alone
    asides: list[str] = []  # what the manager weighs before the review, said on the terminal
    listed: dict[str, str] = {}
    closing = bool(cycle and not cycle.new
                   and (today > cycle.end or last_turn(cycle, settings, today)))
    # A closing plan brought up to a 1:1 already held: that 1:1 was the check of the
    # milestones dated on its day, so they read as past (with their status), not due today.
    checked = (today + dt.timedelta(days=1)
               if closing and cycle is not None and today in cycle.held else today)
    club = {r["title"].casefold() for area in focus for r in area["resources"] if r["book_club"]}
    for area in focus:
        for resource in area["resources"]:
            key = resource["title"].casefold()
            resource["also_in"] = listed.get(key, "")
            resource["book_club"] = key in club and not resource["also_in"]
            listed.setdefault(key, area["name"])
        area["milestones"] = step_dicts(cycle, area["id"], checked, names, area["name"],
                                        area["goal"])
        for m in area["milestones"]:  # checked at today's 1:1, yet its date is not past
            m["held_today"] = checked != today and m["date"] == today.isoformat()
        area["questions"] = [voice.reflective(q) for q in area["questions"]]
        area["talked"] = bool(cycle and not cycle.new and area["id"] in cycle.covered)
        area["evidence_log"], kept = evidence_dicts(cycle, area["id"], names)
        area.update(set_aside(cycle.copies if cycle else (), area["id"], index, names))
        # A practice the notes already show done is no longer one to try.
        area["practices"] = untried(area["practices"], [
            e.text for e in (cycle.public_evidence(area["id"]) if cycle else [])])
        area["latest_evidence"] = evidence.latest(area["evidence_log"])
        area["reached_count"] = sum(1 for m in area["milestones"] if m["status"] == "reached")
        area["partly_count"] = sum(1 for m in area["milestones"]
                                   if m.get("partly") or m.get("so_far"))
        area["logged_count"] = sum(1 for m in area["milestones"]
                                   if m.get("logged") and not m.get("so_far"))
        # Milestones whose date is still ahead are neither reached nor missed yet.
        # In a closing plan, one whose date has passed is still open, not due.
        area["ahead"] = [m["date"] for m in area["milestones"]
                         if m["status"] in ("next", "later")
                         and not (closing and m["past"])]
        kept_back.extend({"what": f"{area['name']}, {e['date']}", "text": e["text"]} for e in kept)
        repeats.extend(f"On {area['name']}, “{e['text'].removeprefix(evidence.TICKED).strip().rstrip('.')}” "
                       f"was {e['repeat']}." for e in area["evidence_log"] if e.get("repeat"))
        asides.extend(restating(area, names[-1]) if cycle and area["id"] in cycle.proposed else [])
        area["latest_evidence"] = said_rows([lat])[0] if (lat := area["latest_evidence"]) else None
        area["evidence_log"] = said_rows(area["evidence_log"])
        # Marked reached by the manager: the plan says so plainly; the walk-through it
        # still asks for is the manager's to ask for, not a caveat in the PM's document.
        asides.extend(f"On {area['name']}, the milestone due {m['date']} is marked reached on "
                      f"{m['reached']}, yet no 1:1 has walked through that work as it asks: "
                      "ask for the walk-through at the next 1:1 or the review."
                      for m in area["milestones"] if m["status"] == "reached" and m.get("walk"))

    chart = []
    for placed in index.placed:
        comp = placed.competency
        row = report.by_id.get(comp.id)
        expected = comp.expected.get(person.level, index.high)
        rating = row.rating if row else None
        chart.append({
            "id": comp.id, "name": comp.name, "area": placed.area.name,
            "rating": rating, "expected": expected,
            "gap": None if rating is None else expected - rating,
            "bar": bar(rating, expected, index),
            "focus": comp.id in report.focus,
        })

    on_target = [r for r in report.rows if r.gap == 0 and r.competency not in report.focus]
    on_target.sort(key=lambda r: r.order)
    disagreements = []
    for row in report.disagreements(threshold=2):
        if row.competency in report.focus:
            continue  # the focus area opens with this conversation already
        comp = index.by_id[row.competency].competency
        disagreements.append({
            "id": row.competency, "name": row.name, "rating": row.rating,
            "self_rating": row.self_rating, "difference": row.self_difference,
            "rating_text": rubric_text(comp, row.rating),
            "self_text": rubric_text(comp, row.self_rating),
            "self_higher": (row.self_difference or 0) > 0,
        })
    not_assessed = []
    for cid in report.not_assessed:
        placed = index.by_id[cid]
        not_assessed.append({"id": cid, "name": placed.competency.name, "area": placed.area.name,
                             "expected": placed.competency.expected.get(person.level)})
    age = (today - report.assessed_on).days if report.assessed_on else None
    held = [d for d in cycle.held if start <= d <= today] if cycle else []
    return {
        "person": person_dict(handle, person, index),
        "manager": (settings.manager or "").strip(),
        "model": {"id": index.model.id, "name": index.model.name,
                  "version": index.model.version, "source": index.model.source or ""},
        "today": today.isoformat(),
        "assessed_on": report.assessed_on.isoformat() if report.assessed_on else None,
        "assessment_age_days": age,
        "reassess_after_days": settings.reassess_after_days,
        "stale": report.stale,
        "self_assessed_on": report.self_assessed_on.isoformat() if report.self_assessed_on else None,
        "plan_start": start.isoformat(),
        # No weekday is named before a 1:1 says which day the two of you meet.
        "meeting_weekday": weekday_name(cycle.weekday) if cycle and cycle.weekday_known else "",
        # Until then the milestones fall on the plan's first weekday, and may move later.
        "provisional_weekday": weekday_name(cycle.weekday)
        if cycle and not cycle.weekday_known and cycle.steps else "",
        "cadence_phrase": every(settings.cadence_days),
        # Holidays on the 1:1 day inside the plan: no 1:1 and no milestone falls on them.
        "skipped": [d.isoformat() for d in sorted(settings.holidays) if cycle
                    and cycle.start <= d <= cycle.end and d.weekday() == cycle.weekday],
        # From the last 1:1 of the plan on, it looks back: what moved, and on to the review.
        "closing": closing,
        "plan_over": bool(cycle and not cycle.new and today > cycle.end),
        "agreed": bool(cycle and not cycle.new and held),
        "held_count": len(held),
        "held_words": in_words(len(held)),
        "first_held": min(held).isoformat() if held else "",
        # Weeks without a 1:1 at the start of a plan are said, not left for the reader to find.
        "book_club": any(r["book_club"] for area in focus for r in area["resources"]),
        "credit": credit(index.model.source or ""),
        "plan_end": (cycle.end if cycle else start + dt.timedelta(days=horizon)).isoformat(),
        "horizon_days": horizon,
        "horizon_weeks": max(1, round(((cycle.end - start).days if cycle else horizon) / 7)),
        # 12 weeks and 3 days is said as "about 12 weeks", not as 12 weeks exactly.
        "horizon_about": ((cycle.end - start).days if cycle else horizon) % 7 != 0,
        "scale": [{"value": v, "label": label} for v, label in sorted(index.model.scale.items())],
        "scale_low": index.low,
        "scale_high": index.high,
        "pinned": report.pinned,
        "chart": chart,
        "focus_areas": focus,
        "strengths": [_row_dict(r, index, person) for r in report.strengths],
        "on_target": [_row_dict(r, index, person) for r in on_target],
        "below_target_count": len(report.below_target),
        # Below the level and not in focus: said once to wait for a later plan, not ignored.
        "waiting_count": sum(1 for r in report.below_target if r.competency not in report.focus),
        "waiting": [r.name for r in report.below_target if r.competency not in report.focus],
        "focus_limit": settings.plan.focus,
        "not_assessed": not_assessed,
        "disagreements": disagreements,
        "views": views_summary(report, index),
        "kept_back": kept_back,
        "repeats": repeats,
        "asides": asides,
    }


def plan_path(ws: Workspace, handle: str) -> Path:

    return ws.root / "plans" / f"{validate_handle(handle)}.md"


def wheel_path(ws: Workspace, handle: str) -> Path:
    """The plan's picture, beside it: ``plans/HANDLE.svg``."""
    return plan_path(ws, handle).with_suffix(".svg")


def history_path(ws: Workspace, handle: str) -> Path:
    """The plan's focus areas over time: ``plans/history/HANDLE.svg``. A folder of its own, since
    any suffix on the handle (``-history``, ``.history``) could be another PM's handle."""
    return plan_path(ws, handle).parent / "history" / f"{validate_handle(handle)}.svg"


def stale_refusal(ws: Workspace, handle: str, report: GapReport, today: dt.date) -> InputError:
    assert report.assessed_on is not None
    age = (today - report.assessed_on).days
    limit = ws.settings.reassess_after_days
    return InputError(
        f"the assessment of {report.assessed_on.isoformat()} is {age} days old, older than "
        f"reassess_after_days ({limit}): a plan built on it would coach yesterday's gaps. "
        f"Reassess first (`pmkit assess {handle}`), or pass --allow-stale to plan from it anyway",
        ws.rel(ws.person_path(handle)))


@dataclass
class PlanBuild:
    text: str
    report: GapReport
    cycle: Cycle
    kept_back: list[dict[str, str]] = field(default_factory=list)
    """Evidence left out of the plan: written about the PM in words pmkit cannot turn to "you"."""
    repeats: list[str] = field(default_factory=list)
    """Evidence noted in the same words on several dates, shown once in the plan."""
    asides: list[str] = field(default_factory=list)
    """Sentences for the manager alone, said on the terminal rather than in the plan."""


def build_plan(ws: Workspace, handle: str, focus: Sequence[str] = (), today: dt.date | None = None,
               *, allow_stale: bool = False, wheel: str | None = None,
               history: tuple[str, str] | None = None) -> PlanBuild:
    """The plan's Markdown for one PM, and the cycle it shows (a new one if none is running).

    ``wheel`` is the file name of the plan's PM Wheel picture, written beside the plan; the
    plan links it with alt text (and keeps its table for screen readers and terminals).
    ``history`` is the path (relative to the plan) and alt text of the focus areas over time.
    """
    from pmkit.documents.cycle import as_of, early_of, read_cycle, stretch_of  # it reads 1:1 files

    person = ws.person(handle)
    today = as_of(ws, handle, person, today or dt.date.today())
    index = ws.index
    pinned = resolve_focus(focus, index, ws.rel(ws.model_path)) if focus else None
    settings = ws.settings
    report = compute_gaps(handle, person, index, today=today,
                          reassess_after_days=settings.reassess_after_days,
                          focus_count=settings.plan.focus, pinned_focus=pinned)
    if report.stale and report.assessed_on is not None and not allow_stale:
        raise stale_refusal(ws, handle, report, today)
    cycle = read_cycle(ws, handle, person, focus_targets(report, index, person), index, settings,
                       today, restart=True, stretch=stretch_of(report),
                       early=early_of(report, index))
    context = plan_context(handle, person, report, index, settings, today, cycle)
    context["wheel"] = None
    if wheel is not None:
        from pmkit.documents.wheel import wheel_alt

        context["wheel"] = {"file": wheel, "alt": wheel_alt(person, report, index)}
    context["history"] = {"file": history[0], "alt": history[1]} if history else None
    context["next_on"] = context["views_moved"] = None
    context["manager_open"] = context["also_open"] = []
    if context["closing"]:
        from pmkit.documents.agenda import manager_names
        from pmkit.documents.closing import closing_views, next_held

        own = [n for n in manager_names(settings) if n not in ("Manager", "Me")]
        context["manager_open"], context["also_open"] = open_by_area(ws, handle, context["focus_areas"],
                                               person.name.strip(), own)
        context["next_on"] = next_held(cycle, settings, today)
        # The areas this plan set milestones for, even one a newer assessment puts at target.
        worked = [c for k in (person.plan.milestones if person.plan else {})
                  if (c := index.resolve(k)) is not None] or list(report.focus)
        context["views_moved"] = closing_views(ws, handle, worked, cycle.start)
    text = Renderer(ws.root, ws.store).render(TEMPLATE, context)
    return PlanBuild(text, report, cycle, list(context["kept_back"]), list(context["repeats"]),
                     list(context["asides"]))


def render_plan(ws: Workspace, handle: str, focus: Sequence[str] = (),
                today: dt.date | None = None, *, allow_stale: bool = False) -> tuple[str, GapReport]:
    """The plan's Markdown for one PM, from their file, the model and the settings."""
    built = build_plan(ws, handle, focus, today, allow_stale=allow_stale)
    return built.text, built.report

