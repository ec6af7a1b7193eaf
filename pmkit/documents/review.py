"""The end-of-plan (day-90) review: where the PM started, where they are, and what comes next.

The starting ratings are the manager's assessment in force when the plan started (read
from git history); the latest are the newest assessment. Each goal shows its milestones,
met or missed, and the evidence logged against it, when the PM's file keeps them under
``plan:`` (read defensively: older files have neither). The next focus is proposed from
today's ratings, not from the old plan's pins. Shared with the PM: second person; a note
that describes the PM in the third person goes below the private marker at the end, for
the manager to say in the room. Wording: ``review.md.j2``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.documents import voice
from pmkit.documents.as_yours import as_yours
from pmkit.documents.evidence import reported
from pmkit.documents.focus import _goals, person_dict, rubric_text
from pmkit.documents.form_timing import assessed_on_day
from pmkit.documents.goal_status import (
    PlanReading,
    goal_statuses,
    last_held,
    milestone_rows,
    plan_cycle,
    plan_timing,
)
from pmkit.documents.goal_text import goal_of
from pmkit.documents.left_areas import left_areas
from pmkit.documents.milestone_marks import mark_partly
from pmkit.documents.milestone_notes import WHERE, one_of_several, still_parts
from pmkit.documents.moved_lines import moved_away, moved_from
from pmkit.documents.next_focus import (
    as_date,
    field_of,
    next_focus,
    noted_in_oneonones,
    per_competency,
    plan_focus,
    plan_goals_met,
    plan_start,
    verdict,
    weighed,
    work_done,
    work_short,
)
from pmkit.documents.open_actions import goal_areas, open_actions
from pmkit.documents.overtaken_notes import notes_overtaken, open_again
from pmkit.documents.render import Renderer
from pmkit.documents.restart_weeks import proposed_for
from pmkit.documents.ticked_work import ticked_work
from pmkit.documents.views import MIN_COLLEAGUES, as_said_to, to_agree
from pmkit.errors import InputError
from pmkit.model.gaps import compute_gaps
from pmkit.model.handles import validate_handle

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex
    from pmkit.workspace import Workspace

TEMPLATE = "review.md.j2"
FOLDER = "reviews"


def review_path(ws: Workspace, handle: str, when: dt.date) -> Path:
    return ws.root / FOLDER / validate_handle(handle) / f"{when.isoformat()}.md"


def evidence_rows(plan: Any, cid: str, index: ModelIndex, names: Sequence[str] = (),
                  read_days: Collection[dt.date] = ()) -> list[dict[str, str]]:
    """What was logged against a goal, oldest first, in the PM's voice; private notes, and
    lines about the PM that cannot be turned to "you", stay out of the PM's copy. A line a
    plan kept from a 1:1 whose notes are read beside this (``read_days``) is quoted from
    those notes instead, so it is listed once."""
    out = []
    for item in per_competency(getattr(plan, "evidence", None), cid, index):
        when, text = as_date(field_of(item, "date")), field_of(item, "text")
        from_notes = field_of(item, "source") == "notes"
        if from_notes and when in read_days:
            continue
        said = reported(str(text)) if from_notes and text else text
        shared = voice.to_pm(str(said), names) if said else None
        if shared:  # a line with no subject is the PM's own work: "You wrote up notes"
            shared = as_yours(shared, "notes" if from_notes else "log")
        if shared and not field_of(item, "private"):
            out.append({"date": when.isoformat() if when else "", "text": shared,
                        "source": "notes" if from_notes else "log"})
    return sorted(out, key=lambda e: e["date"])


@dataclass
class Review:
    path: Path
    text: str
    moved: int
    still: int


def build_review(ws: Workspace, handle: str, when: dt.date,
                 today: dt.date | None = None) -> Review:
    """The review, rendered; nothing is written here. ``today`` is the day it is written
    (default: the clock's): a review held that day leaves nothing to do "before the meeting"."""
    person = ws.person(handle)
    index = ws.index
    settings = ws.settings
    if person.assessment is None:
        raise InputError(f"{handle} has no assessment yet, so there is nothing to review; assess "
                         f"first with `pmkit assess {handle}`", ws.rel(ws.person_path(handle)))
    start, first, last = plan_start(ws, handle, person, when)
    start_ratings = dict(first.ratings) if first else {}
    now_ratings = dict(last.ratings) if last else {}
    report = compute_gaps(handle, person, index, today=when,
                          reassess_after_days=settings.reassess_after_days,
                          focus_count=settings.plan.focus, pinned_focus=None)
    cycle = plan_cycle(ws, handle, person, report, when)  # it reads every 1:1: read once here
    worked_on = plan_focus(person, index, start_ratings)
    goals = _goals(person, index)
    rows: list[dict[str, Any]] = []
    moved: list[dict[str, Any]] = []
    still: list[dict[str, Any]] = []
    for placed in index.placed:
        comp = placed.competency
        before, now = start_ratings.get(comp.id), now_ratings.get(comp.id)
        if before is None and now is None:
            continue
        expected = comp.expected.get(person.level, index.high)
        row: dict[str, Any] = {"id": comp.id, "name": comp.name, "area": placed.area.name, "start": before,
               "now": now, "expected": expected, "focus": comp.id in worked_on,
               "change": (now - before) if now is not None and before is not None else None,
               "now_label": index.label(now) if now is not None else "",
               "now_text": rubric_text(comp, now)}
        rows.append(row)
        if row["change"]:
            moved.append(row)
        if now is not None and now < expected:
            still.append(row)
    goal_rows = []
    full = person.name.strip()
    names = voice.pm_names(person)
    held_back: list[dict[str, str]] = []  # third-person notes: the manager's part only
    # with the items ticked off that the plan counts as a goal's work, in the plan's words
    in_notes = [*noted_in_oneonones(ws, handle, index, start),
                *ticked_work(person, cycle, start)]
    held = last_held(ws, handle, when, start)
    for cid in worked_on:
        by_id = {r["id"]: r for r in rows}
        base = by_id.get(cid, {"start": None, "now": None, "change": None,
                               "expected": index.by_id[cid].competency.expected.get(person.level)})
        name = index.by_id[cid].competency.name
        written = report.by_id[cid].evidence or "" if cid in report.by_id else ""
        noted = (as_said_to(written, full) or "") if written else ""
        if written and not noted:
            held_back.append({"name": name, "text": written, "date": ""})  # said in the room
        read_days = {day for day, key, _ in in_notes if key == cid}
        logged: list[dict[str, Any]] = evidence_rows(person.plan, cid, index, names, read_days)
        # shared 1:1 notes, as what they report: an instruction beside it is an action item
        logged += [{"date": day.isoformat(), "text": as_yours(said, "notes"), "source": "notes",
                    "line": text}
                   for day, key, text in in_notes if key == cid
                   if (said := voice.to_pm(reported(text), names))]
        logged.sort(key=lambda e: e["date"])
        # with none written, the plan's goal was the competency's first practice: its
        # milestones ("your goal tried twice") speak of it, so the review names it too
        goal_rows.append({**base, "id": cid, "name": name,
                          "goal": goal_of(cid, goals, index),
                          "assessed_evidence": noted, "held_back": bool(written and not noted),
                          "milestones": milestone_rows(person.plan, cid, index, when,
                                                       goals.get(cid, ""), held),
                          "evidence": logged})
    moved_lines = mark_partly(cycle, person, when, goal_rows)  # as the plan reads
    for goal in goal_rows:  # seen under another heading in the 1:1's copy: say where it sits
        for entry in goal["evidence"]:
            entry["moved_from"] = moved_from(moved_lines, goal["id"], entry, index, names)
    for goal in goal_rows:  # written under this goal, counted for another: said under it
        goal["moved_away"] = moved_away(moved_lines, goal["id"], index, names)
    # Proposed from today's ratings: the old plan's pinned focus does not decide the next one.
    rechecks, held_rechecks = weighed(ws, handle, person, report, when, cycle)  # the focus reads them
    proposed = next_focus(ws, handle, person, report, when, rechecks)
    met = plan_goals_met(ws, handle, person, when)
    done = work_done(ws, handle, person, when)
    short = work_short(ws, handle, person, when)  # work done, a milestone still open
    for row in rows:  # a rating flagged for recheck is not shown to the PM as settled
        row["to_agree"] = to_agree(rechecks.get(row["id"]))
    statuses = goal_statuses(ws, handle, person, when, cycle, PlanReading(
        (start, first, last), met, short, {g["id"]: g["milestones"] for g in goal_rows}, in_notes),
        [f["id"] for f in proposed])
    for goal in goal_rows:
        goal["status"] = statuses.get(goal["id"])
        if goal["status"]:  # the same rows, marked where logged work shows a milestone met
            goal["milestones"] = goal["status"]["rows"]
            goal["status"]["one_of"] = one_of_several(goal["status"]["unseen"], [
                dict(e, where=WHERE[e["source"]]) for e in goal["evidence"]
                if e["source"] in WHERE]) if goal["status"]["short_of"] else None
        why = met.get(goal["id"])
        goal["verdict"] = verdict(goal["start"], goal["now"], goal["expected"], why,
                                  any(m["state"] == "met" for m in goal["milestones"])
                                  or goal["id"] in short)
        goal["short"] = short.get(goal["id"]) if goal["verdict"] == "partly" else None
        goal["met_by"] = why.by if why else ("rating" if goal["verdict"] == "met" else None)
        goal["met_on"] = why.on.isoformat() if why and why.on else None
        goal["recheck"] = rechecks.get(goal["id"])
        found = done.get(goal["id"]) if goal["verdict"] in ("not met", "met") else None
        goal["work"] = ({"date": found[0].isoformat(), "sure": found[1]}
                        if found and (found[1] or goal["verdict"] == "not met") else None)
        ahead = [m for m in goal["milestones"] if m["state"] == "ahead"]
        goal["next_milestone"] = ahead[0] if ahead else None
        reached = [m for m in goal["milestones"] if m["state"] == "met"]
        goal["decides"] = (reached[-1]["text"] if why and why.by == "milestones" and reached
                           else goal["evidence"][-1]["text"] if goal["evidence"]
                           else goal["assessed_evidence"])
    on_record = {g["id"] for g in goal_rows if g["held_back"]}
    overtaken = notes_overtaken(person, index, report, worked_on, in_notes)
    again = open_again(report, overtaken, rechecks, index)  # not shown to the PM as settled
    for item in [*rows, *proposed]:
        if item["id"] in again:
            item["to_agree"] = again[item["id"]]
    latest = last.date.isoformat() if last else None
    from pmkit.documents.agenda import manager_names

    context = {
        "person": person_dict(handle, person, index),
        # what the last 1:1 left open, and areas the plan left for this review to choose
        "open_actions": open_actions(ws, handle, when, full, manager_names(settings),
                                     *goal_areas(ws, person, cycle)),
        "left_areas": left_areas(report, {f["id"] for f in proposed}),
        "manager": (settings.manager or "").strip(),
        "date": when.isoformat(),
        # the review meets today: what the manager does ahead of it is done now
        "now": when == (today or dt.date.today()),
        "plan_start": start.isoformat(),
        # without a recorded start, the review covers the plan's usual length up to today
        "plan_dated": bool(person.plan and person.plan.started),
        "horizon_days": settings.plan.horizon_days,
        "start_date": first.date.isoformat() if first else None,
        "latest_date": last.date.isoformat() if last else None,
        "reassessed": bool(first and last and last.date > first.date),
        "rows": rows,
        "goals": goal_rows,
        "moved_up": [r for r in moved if r["change"] > 0],
        "moved_down": [r for r in moved if r["change"] < 0],
        "still_below": still,
        "next_focus": proposed,
        "held_back": held_back,
        "held_back_ids": sorted(on_record),
        "work_rechecks": [dict(g["work"], name=g["name"], rating=g["now"], since=latest,
                               text=next((e["text"] for e in g["evidence"] if e["source"] == "log"
                                          and e["date"] == g["work"]["date"]), ""))
                          for g in goal_rows if g["work"] and g["now"] is not None
                          and g["now"] < g["expected"]],
        "overtaken": overtaken,
        "recheck": [dict(rechecks[g["id"]], name=g["name"], rating=g["now"],
                         still=still_parts((g["status"] or {}).get("short_of")),
                         views=[dict(v, date=v["date"].isoformat())
                                for v in rechecks[g["id"]]["views"]])
                    for g in goal_rows if g["id"] in rechecks],
        "held_recheck": [dict(held_rechecks[g["id"]], name=g["name"], rating=g["now"])
                         for g in goal_rows if g["id"] in held_rechecks],
        # colleagues named beside a recheck, with too few of them for the PM to hear any of it
        "keep_colleagues": len(report.peer_input) < MIN_COLLEAGUES and any(
            not v["self"] and not v["work"] for g in goal_rows if g["id"] in rechecks
            for key in ("views", "others", "unsupported") for v in rechecks[g["id"]].get(key, [])),
        "model": {"name": index.model.name, "version": index.model.version},
        "timing": plan_timing(ws, handle, start, when),
        "built_on_older": bool(last and last.date < start),
        "talk_today": assessed_on_day(ws, handle, when),
        "reword": [dict(m, name=g["name"], missing=g["status"]["missing"],
                        proposed=proposed_for(g["status"], m["date"]))
                   for g in goal_rows if g["status"] for m in g["status"]["reword"]],
        # steps the one-a-week layout still puts in a holiday week or after the plan's end
        "crowded": [dict(c, name=g["name"]) for g in goal_rows if g["status"]
                    for c in g["status"].get("crowded", [])],
        # a late milestone's parts the manager's own agreed step left out: the next step
        "steered": [{"name": g["name"], "date": g["status"]["late"][0]["date"],
                     "planned": g["status"]["planned"], "gap": g["status"]["planned_gap"],
                     "count": g["status"]["planned_gap_count"]}
                    for g in goal_rows if g["status"] and g["status"]["planned_gap"]],
        # milestones marked reached on a day of work that shows no walk-through they ask for
        "marked": [dict(m, name=g["name"]) for g in goal_rows for m in g["milestones"]
                   if m["marked"]],
        # milestones asking for a run of weeks, met on one logged entry: checked in the meeting
        "thin": [dict(m, name=g["name"]) for g in goal_rows for m in g["milestones"]
                 if m.get("thin")],
        "worded": [dict(g["status"]["worded"], name=g["name"], goal=g["goal"])
                   for g in goal_rows if g["status"] and g["status"]["worded"]
                   and g["status"]["redo_by"]],
    }
    text = Renderer(ws.root, ws.store).render(TEMPLATE, context)
    return Review(review_path(ws, handle, when), text, len(moved), len(still))
