"""The assessment conversation: a 1:1 of its own kind, about the ratings themselves.

Disagreements come first (the PM's own view against the manager's, then colleagues'
views against the manager's), each rating's rubric line shown once with whoever holds it,
so the talk is about behaviour, not numbers. Then the evidence to bring for each contested
competency, then the proposed focus. The part before the private marker is the PM's copy:
it speaks to the PM, colleagues' ratings appear only combined over three or more of them
(never by name or role), and a note written about
the PM in the third person ("she ships...") stays in the manager's private part at the
end, to be said in the room rather than read. Wording: ``conversation.md.j2``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.documents.as_yours import as_yours
from pmkit.documents.evidence import reported
from pmkit.documents.focus import _goals, focus_area, person_dict
from pmkit.documents.form_timing import outstanding_peer_forms
from pmkit.documents.goal_status import goal_statuses, misfiled, plan_cycle, plan_end
from pmkit.documents.left_areas import left_areas
from pmkit.documents.milestone_notes import still_parts
from pmkit.documents.moved_lines import moved_away, moved_from
from pmkit.documents.next_focus import (
    next_focus,
    noted_in_oneonones,
    plan_start,
    weighed,
    work_since,
)
from pmkit.documents.oneonone import agenda_path
from pmkit.documents.open_actions import goal_areas, open_actions
from pmkit.documents.overtaken_notes import notes_overtaken, open_again
from pmkit.documents.render import Renderer
from pmkit.documents.restart_weeks import proposed_for
from pmkit.documents.ticked_work import ticked_work
from pmkit.documents.views import MIN_COLLEAGUES, recheck, to_agree, view_rows
from pmkit.documents.voice import pm_names
from pmkit.errors import InputError
from pmkit.model.gaps import compute_gaps

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.model.gaps import GapReport
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Person
    from pmkit.workspace import Workspace

TEMPLATE = "conversation.md.j2"
#: Roles that work inside the PM's own team: asked only these, a view from outside is missing.
_IN_TEAM = ("design", "engineer", "developer", "tech lead", "architect", "qa", "test",
            "research", "scrum", "agile coach", "data analyst")


def ask_next(roles: list[str], first_name: str) -> dict[str, Any] | None:
    """Who to ask next so colleagues' views can be shared at all: the role not yet heard.

    With fewer than three colleagues nothing they said can reach the PM; one or two more
    complete the picture, best from where the ones already asked do not stand.
    """
    if not roles or len(roles) >= MIN_COLLEAGUES:
        return None
    inside = all(any(word in role.lower() for word in _IN_TEAM) for role in roles if role)
    who = (f"someone who works with {first_name} from outside the team and depends on its "
           f"work, such as a lead in operations or in the business" if inside else
           f"someone who works with {first_name} every day inside the team, such as an engineer "
           f"or the designer")
    return {"count": MIN_COLLEAGUES - len(roles), "who": who}


def _unproposed(cid: str) -> dict[str, Any]:
    """A focus area taken from the report as it stands: no plan goal is known to be met."""
    return {"id": cid, "goal_done": False, "partly": False, "verdict": None, "met_by": None,
            "met_on": None, "recheck": None}


def conversation_context(handle: str, person: Person, report: GapReport, index: ModelIndex,
                         manager: str, when: dt.date, reassess_after_days: int = 90,
                         proposed: list[dict[str, Any]] | None = None,
                         flagged: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The plain context ``conversation.md.j2`` renders.

    ``proposed`` is the next focus as ``propose_focus`` chose it, so the conversation and
    the end-of-plan review agree; without it, the report's focus stands. ``flagged`` are
    the ratings to recheck as ``next_focus.weighed`` found them (logged work counted).
    """
    rows = view_rows(report, index, person.name)
    contested = sorted((r for r in rows if r["shown_spread"]),
                       key=lambda r: -r["shown_spread"])  # stable: model order within a spread
    self_contested = [r for r in contested if r["self_difference"]]
    peer_contested = [r for r in contested
                      if r["colleagues"] is not None and r["colleagues"] != r["rating"]]
    shown = {r["id"] for r in contested}
    goals = _goals(person, index)
    rechecks = flagged if flagged is not None else recheck(report, index=index)
    for r in contested:
        r["newer_since"] = rechecks[r["id"]]["since"] if r["id"] in rechecks else None
        r["to_agree"] = to_agree(rechecks.get(r["id"]))  # never shown to the PM as settled
        r["held_back_own"] = any(not e.get("colleague") for e in r["private_evidence"])
        r["since_work"] = []  # work logged after the manager's note: see build_conversation
        r["also_work"] = None  # fitting work under another competency: see build_conversation
    focus = [{**focus_area(f["id"], report, index, person, goals),
              "to_agree": to_agree(rechecks.get(f["id"])), "status": None, **f}
             for f in (proposed if proposed is not None else
                       [_unproposed(cid) for cid in report.focus])]
    age = (when - report.assessed_on).days if report.assessed_on else None
    told = shown | {f["id"] for f in focus}  # the ratings whose recheck the manager reads
    ordered = sorted(report.rows, key=lambda r: r.order)
    return {
        "person": person_dict(handle, person, index),
        "manager": manager,
        "date": when.isoformat(),
        "now": False,  # the meeting is today: what the manager does ahead is done now
        "weekday": when.strftime("%A"),
        "assessed_on": report.assessed_on.isoformat() if report.assessed_on else None,
        "self_assessed_on": report.self_assessed_on.isoformat() if report.self_assessed_on else None,
        "peer_count": len(report.peer_input),
        "colleagues_combined": len(report.peer_input) >= MIN_COLLEAGUES,
        "assessment_age_days": age,
        "stale": age is not None and age > reassess_after_days,
        "contested": contested,
        "self_contested": self_contested,
        "self_higher": sum(1 for r in self_contested if r["self_difference"] > 0),
        "self_lower": sum(1 for r in self_contested if r["self_difference"] < 0),
        "peer_contested": peer_contested,
        "peer_only": [r for r in peer_contested if r not in self_contested],
        "agreed": [{"name": r.name, "id": r.competency, "rating": r.rating} for r in ordered
                   if r.competency not in shown and r.self_rating is not None],
        "agreed_quiet": [],  # a focus goal that showed nothing: set apart by the build
        "past_end": None,  # the last proposed step after the plan's end, set by the build
        "left_areas": [], "open_count": 0,  # what the plan left to its end, set by the build
        "open_actions": [],
        "manager_only": [{"name": r.name} for r in ordered
                         if r.competency not in shown and r.self_rating is None],
        "colleague_detail": [{"name": r["name"], "rating": r["rating"],
                              "peers": r["private_peers"]} for r in rows if r["private_peers"]],
        "not_assessed": [{"name": index.by_id[c].competency.name} for c in report.not_assessed
                         if c not in report.self_only],
        "self_only": [index.by_id[c].competency.name for c in report.self_only],
        "held_back": [dict(e, competency=r["name"]) for r in rows for e in r["private_evidence"]
                      if r["id"] in shown and not e.get("colleague")],
        # a quote already given as a reason to recheck is not listed a second time
        "colleague_quotes": [dict(e, competency=r["name"]) for r in rows
                             for e in r["private_evidence"] if e.get("colleague")
                             and not (r["id"] in told
                                      and _quoted(rechecks.get(r["id"]), e.get("text", "")))],
        "ask_next": ask_next([p.role or "" for p in report.peer_input], person.name.split()[0]
                             if person.name.split() else handle),
        "recheck": [dict(rechecks[r.competency], name=r.name, rating=r.rating,
                         views=[dict(v, date=v["date"].isoformat())
                                for v in rechecks[r.competency]["views"]])
                    for r in ordered if r.competency in rechecks and r.competency in told],
        "focus_areas": focus,
        "reviewed": False,  # a review of the same day the PM holds: see _end_of_plan
        "same_day": False,  # written on the meeting's own day: see build_conversation
        "forms_out": [],  # peer forms sent and not read back yet: see build_conversation
        "overtaken": [],  # assessment notes newer logged work may overtake: see build_conversation
        "held_recheck": [],  # one line against a missed milestone: see build_conversation
        "reword": [], "worded": [],  # goals' milestones to settle together: see build_conversation
        "marked": [],  # the review's: the conversation names no milestone met
        "thin": [],  # met on one entry for a run of weeks: see build_conversation
        "scale": [{"value": v, "label": label} for v, label in sorted(index.model.scale.items())],
    }


def _quoted(flagged: dict[str, Any] | None, text: str) -> bool:
    """Is ``text`` one of the quotes a recheck already gives?"""
    said = {" ".join(str(v["evidence"]).split()).rstrip(".") for v in [*(flagged or {}).get("views", []),
                                                             *(flagged or {}).get("unsupported", [])]}
    return " ".join(text.split()).rstrip(".") in said


def _elsewhere(person: Person, index: ModelIndex, report: GapReport, cid: str,
               noted: list[tuple[dt.date, str, str]]) -> dict[str, str] | None:
    """Work written down since the rating under another competency that fits a line of
    ``cid``'s rubric: offered in place of "nothing written down"."""
    from pmkit.documents.newer_work import logged_elsewhere

    names = pm_names(person)
    written = [dict(w, under=row.name) for row in report.rows if row.competency != cid
               for w in work_since(person, index, row.competency, report.assessed_on, names,
                                   noted=noted)]
    row = report.by_id.get(cid)
    return logged_elsewhere(index.by_id[cid].competency, index.model.scale, written,
                            row.rating if row is not None else None)


@dataclass
class Conversation:
    path: Path
    text: str
    contested: list[str]


def _end_of_plan(ws: Workspace, handle: str, when: dt.date, report: GapReport, cycle: Cycle,
                 proposed: list[dict[str, Any]], context: dict[str, Any]) -> None:
    """What the plan left to its end: areas to choose once it has ended, and the action
    items still open, pointed to once when no review of the same day lists them."""
    from pmkit.documents.agenda import manager_names
    from pmkit.documents.review import review_path

    person = ws.person(handle)
    ended = when >= plan_end(ws, handle, plan_start(ws, handle, person, when)[0])[0]
    context["left_areas"] = left_areas(report, {f["id"] for f in proposed}) if ended else []
    reviewed = review_path(ws, handle, when).exists()
    context["reviewed"] = reviewed  # the PM holds that review: the agenda points to it
    # named once, here, when no review of the same day lists them
    context["open_actions"] = [] if reviewed else open_actions(
        ws, handle, when, person.name.strip(), manager_names(ws.settings),
        *goal_areas(ws, person, cycle))
    context["open_count"] = len(context["open_actions"])


def build_conversation(ws: Workspace, handle: str, when: dt.date,
                       today: dt.date | None = None) -> Conversation:
    """The agenda of the assessment conversation, rendered; nothing is written here.

    ``today`` is the day it is written (default: the clock's): a meeting held that same day
    leaves no "beforehand" to think in, so the questions are worded for the day itself."""
    person = ws.person(handle)
    if person.assessment is None:
        raise InputError(f"{handle} has no assessment yet, so there is nothing to talk through; "
                         f"assess first with `pmkit assess {handle}`", ws.rel(ws.person_path(handle)))
    settings = ws.settings
    report = compute_gaps(handle, person, ws.index, today=when,
                          reassess_after_days=settings.reassess_after_days,
                          focus_count=settings.plan.focus)
    cycle = plan_cycle(ws, handle, person, report, when)  # it reads every 1:1: read once here
    flagged, held = weighed(ws, handle, person, report, when, cycle)  # once: the focus reads them
    proposed = next_focus(ws, handle, person, report, when, flagged)
    statuses = goal_statuses(ws, handle, person, when, cycle,  # the review reads the same
                             order=[f["id"] for f in proposed])
    for item in proposed:
        item["status"] = statuses.get(item["id"])
    late = [c["to"] for s in statuses.values() for c in s.get("crowded", []) if c["past_end"]]
    end = plan_end(ws, handle, plan_start(ws, handle, person, when)[0])[0] if late else None
    named = {cid: ws.index.by_id[cid].competency.name for cid in statuses}
    context = conversation_context(handle, person, report, ws.index,
                                   (settings.manager or "").strip(), when,
                                   settings.reassess_after_days, proposed, flagged)
    # with the items ticked off that the plan counts as a goal's work, as the review reads
    noted = [*noted_in_oneonones(ws, handle, ws.index, report.assessed_on),
             *ticked_work(person, cycle, report.assessed_on)
             ] if report.assessed_on else []
    context["thin"] = [dict(m, name=named[cid]) for cid, s in statuses.items()
                       for m in s["reached"] if m.get("thin")]
    context["held_recheck"] = [dict(held[r.competency], name=r.name, rating=r.rating)
                               for r in report.rows if r.competency in held]
    # a focus goal with nothing shown since the rating is no rating to go over quickly
    quiet = {f["id"] for f in proposed if f.get("verdict") == "not met" and not work_since(
        person, ws.index, f["id"], report.assessed_on, for_pm=False, noted=noted)}
    context["agreed_quiet"] = [a for a in context["agreed"] if a["id"] in quiet]
    context["agreed"] = [a for a in context["agreed"] if a["id"] not in quiet]
    context["past_end"] = {"last": max(late), "end": end.isoformat()} if end else None
    context["forms_out"] = outstanding_peer_forms(
        ws, handle, [(p.reviewer, p.date) for p in person.peer_input or []])
    context["overtaken"] = notes_overtaken(person, ws.index, report,
                                           [r["id"] for r in context["contested"]], noted)
    # not shown to the PM as settled
    again = open_again(report, context["overtaken"], flagged, ws.index)
    for item in [*context["contested"], *context["focus_areas"]]:
        if item["id"] in again:
            item["to_agree"] = again[item["id"]]
            item["newer_since"] = report.assessed_on.isoformat() if report.assessed_on else None
    late_parts = {named[cid]: still_parts(s.get("short_of")) for cid, s in statuses.items()}
    for r in context["recheck"]:  # what the late milestone still asks, named for the manager
        r["still"] = late_parts.get(r["name"])
    context["reword"] = [dict(m, name=named[cid], missing=s["missing"],
                              proposed=proposed_for(s, m["date"]))
                         for cid, s in statuses.items() for m in s["reword"]]
    goals = _goals(person, ws.index)
    context["worded"] = [dict(s["worded"], name=named[cid], goal=goals.get(cid, ""))
                         for cid, s in statuses.items() if s["worded"] and s["redo_by"]]
    context["same_day"] = when == (today or dt.date.today())
    context["now"] = context["same_day"]
    later = {o["id"]: o["work"] for o in context["overtaken"]}
    moved = (misfiled(cycle)
             if later or context["agreed_quiet"] else [])
    names = pm_names(person)
    for quiet_goal in context["agreed_quiet"]:  # its only lines went to another goal: say so
        quiet_goal["moved_away"] = moved_away(moved, quiet_goal["id"], ws.index, names)
    for row in context["contested"]:  # shown right after the note it has moved past
        # a 1:1 note as what it reports: an instruction beside it is an action item
        # in the review's words: a line with no subject is the PM's own ("You wrote up ...")
        # and a line the 1:1 noted under another goal's heading says where it sat
        row["since_work"] = [dict(e, text=as_yours(said, e["source"]),
                                  moved_from=moved_from(moved, row["id"], e, ws.index, names))
                             for e in later.get(row["id"], [])
                             if (said := reported(e["text"]) if e["source"] == "notes"
                                 else e["text"])]
        row["also_work"] = None if row["since_work"] else _elsewhere(
            person, ws.index, report, row["id"], noted)
    _end_of_plan(ws, handle, when, report, cycle, proposed, context)
    text = Renderer(ws.root, ws.store).render(TEMPLATE, context)
    return Conversation(agenda_path(ws, handle, when), text,
                        [row["id"] for row in context["contested"]])

