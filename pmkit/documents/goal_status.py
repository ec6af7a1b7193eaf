"""Where each goal of a plan stands today: one answer for the review and the conversation.

Before the plan's last 1:1 day a goal is judged as the plan runs: met, on track (no
milestone past its date unreached) or behind (one is late). From that day on it gets the
end-of-plan verdict (met, partly met, not met). A late goal names what was done and what
is still missing, quoted from what was written down, and its late milestone gets a new
date on the PM's 1:1 weekday; a later milestone that assumes the missing step is flagged
for the manager to reword. Milestone texts that say "your goal" are read with the goal's
own action in its place, so no document quotes template wording.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from pmkit.documents.as_yours import as_yours
from pmkit.documents.counts import in_words
from pmkit.documents.focus import _goals
from pmkit.documents.goal_text import goal_of
from pmkit.documents.milestone_counts import times_asked
from pmkit.documents.milestone_marks import mark_partly
from pmkit.documents.milestone_notes import (
    COUNT,
    OBJECT,
    close_words,
    counts_on_missing,
    done_and_missing,
    done_sentences,
    goal_action,
    held,
    listing,
    milestone_clause,
    milestone_parts,
    milestone_text,
    needs_first,
    next_one,
    planned_before,
    short_of,
    unseen_parts,
)
from pmkit.documents.milestone_tries import late_tries, read_waiting, short_by_then
from pmkit.documents.next_focus import (
    as_date,
    field_of,
    noted_in_oneonones,
    per_competency,
    plan_focus,
    plan_goals_met,
    plan_start,
    verdict,
    work_short,
    work_since,
)
from pmkit.documents.oneonone import folder
from pmkit.documents.reword_parts import stuck_part
from pmkit.documents.voice import pm_names
from pmkit.files.dated import dated_files
from pmkit.model.coaching import last_day, meeting_weekday, on_weekday

#: A milestone that asks for a habit, not one piece: "every week for three weeks", "twice".
HABIT = re.compile(r"\b(?:every|each|weekly|monthly|twice|times)\b", re.IGNORECASE)

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.documents.next_focus import Met
    from pmkit.documents.notes import Misfiled
    from pmkit.history.entries import Entry
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Person
    from pmkit.workspace import Workspace

def milestone_rows(plan: Any, cid: str, index: ModelIndex, today: dt.date,
                   goal: str = "", held: dt.date | None = None) -> list[dict[str, Any]]:
    """Each milestone of a goal: met (on its date or later), late, still ahead, or "due":
    its date fell after the last 1:1 ``held`` before ``today``, so the PM was asked to bring
    it to this meeting and it is not missed yet."""
    out = []
    for item in per_competency(getattr(plan, "milestones", None), cid, index):
        due, reached = as_date(field_of(item, "date")), as_date(field_of(item, "reached"))
        text = field_of(item, "text")
        if not text:
            continue
        shown = milestone_text(str(text), goal)
        state = ("met" if reached else "ahead" if due and due > today
                 else "due" if due and held and due > held else "missed")
        out.append({"date": due.isoformat() if due else "", "text": shown, "state": state,
                    "short": milestone_clause(shown), "raw": str(text),
                    "lead": (shown[:1].lower() + shown[1:] if not shown[1:2].isupper()
                             else shown).rstrip("."),
                    "reached": reached.isoformat() if reached else None,
                    "late": bool(reached and due and reached > due),
                    "late_by": _late_by(due, reached),
                    # marked reached on work that shows no walk-through: see mark_partly
                    "marked": False, "work": "", "early": ""})
    out.sort(key=lambda m: str(m["date"]))
    # while the plan runs, late ones restart in turn; at its end, only the first was missed
    return _waited(out) if held else out


def _waited(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A milestone whose date passed while the one before it was still missed, or not yet
    reached, waited on it: each builds on the last, so it is no miss of its own."""
    for before, row in pairwise(rows):
        if row["state"] == "missed" and (before["state"] in ("missed", "waited") or (
                before["reached"] or "") > row["date"]):
            row["state"], row["after"] = "waited", before["date"]
    return rows


def _late_by(due: dt.date | None, reached: dt.date | None) -> str:
    """How late a milestone was met, in words: "two weeks", "three days"."""
    if not due or not reached or reached <= due:
        return ""
    days = (reached - due).days
    count, unit = (days // 7, "week") if days % 7 == 0 else (days, "day")
    word = in_words(count, most=6)
    return f"{word} {unit}{'s' if count > 1 else ''}"


def last_held(ws: Workspace, handle: str, when: dt.date, start: dt.date) -> dt.date | None:
    """The last 1:1 day before ``when``, once the plan that started on ``start`` has reached
    its end: a milestone due after it had no 1:1 to be shown in before this review. A 1:1
    the cadence expected but nobody wrote down counts too, so a review long after the last
    1:1 does not excuse weeks of milestones. Before the end there is a next 1:1: None."""
    if when < plan_end(ws, handle, start)[0]:
        return None
    expected = when - dt.timedelta(days=ws.settings.cadence_days)
    days = [d for d, _ in dated_files(folder(ws, handle)) if d < when]
    return max([*days, expected])


def plan_end(ws: Workspace, handle: str, start: dt.date) -> tuple[dt.date, int]:
    """(the plan's last 1:1 day within its horizon, the PM's 1:1 weekday)."""
    weekday = meeting_weekday([d for d, _ in dated_files(folder(ws, handle))], start)
    return last_day(start, ws.settings.plan.horizon_days, weekday), weekday


_WHERE = {"log": ("your work logged on", "the work logged on"),
          "notes": ("your 1:1 notes of", "the 1:1 notes of")}


def _written(person: Person, index: ModelIndex, cid: str, start: dt.date, names: list[str],
             noted: list[tuple[dt.date, str, str]]) -> list[dict[str, str]]:
    """What was written down on a goal since the plan started (its first day included), in
    the PM's voice, oldest first: :func:`work_since`'s reading, with how to name each source."""
    since = start - dt.timedelta(days=1)
    return [dict(e, where=_WHERE[e["source"]][0], noted=_WHERE[e["source"]][1])
            for e in work_since(person, index, cid, since, names, noted=noted)]


def _link_goals(out: dict[str, dict[str, Any]], names: dict[str, str]) -> None:
    """A goal's next milestone that counts on a step another goal's late milestone still
    lacks ("a shared assumptions list" beside "assumptions listed"): both goals say so."""
    for cid, status in out.items():
        step = status["late"][0] if status["late"] else status["next"]
        for other, late in out.items():
            if other == cid or not step or status["needs"] or (late["needs"] or {}).get("id") == cid:
                continue
            parts = milestone_parts(step["raw"])
            for part in late["unseen"]:
                clause = next((c for c in parts if len(close_words(c) & close_words(part)) >= 2),
                              None)
                if clause:
                    # where the clause sits, so a milestone just quoted whole is not quoted twice
                    place = (None if len(parts) < 2 else "last" if clause == parts[-1]
                             else "first" if clause == parts[0] else None)
                    part = part[:1].lower() + part[1:] if not part[1:2].isupper() else part
                    whose = names[other] + ("'" if names[other].endswith("s") else "'s")
                    status["needs"] = {"id": other, "name": names[other], "whose": whose,
                                       "part": part, "clause": clause, "place": place,
                                       "by": late["redo_by"], "date": step["date"],
                                       "after": _rests_on(clause, step["date"], late)}
                    late["needed_by"].append({"name": names[cid], "date": step["date"],
                                              "clause": clause, "part": part})
                    break


def _rests_on(clause: str, due: str, other: dict[str, Any]) -> dict[str, str] | None:
    """The other goal's milestone, moved past ``due``, that the clause's work rests on too
    ("entries marked as checked" beside "an experiment log with an entry for each test"):
    the clause cannot be shown before it, so moving it is the question, not the late step."""
    raw = {m["date"]: m["raw"] for m in other["rows"]}
    for m in other["moved"]:
        if m["to"] > due and len(close_words(clause) & close_words(raw.get(m["date"], ""))) >= 2:
            head = re.sub(r"^(?:an?|the)\s+", "", re.sub(
                r"\s+(?:with|for|that|which|in|on|of|to|by|and)\b.*", "", m["short"]))
            return {"to": m["to"], "head": head}
    return None


def moved_after(late_by: dt.date, ahead: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Later milestones of a goal due on or before its late milestone's new date move after
    it, a week apart and in order, so no step comes due before the one it builds on."""
    out: list[dict[str, Any]] = []
    last = late_by
    for m in ahead:
        due = as_date(m["date"])
        if due is None or (due >= late_by if not out else due > last):
            break  # a milestone due the same day as the late one is planned beside it
        last = last + dt.timedelta(days=7)
        out.append({"date": m["date"], "to": last.isoformat(), "short": m["short"],
                    "spread": False})  # it builds on the late one, not only spaced out
    return out


@dataclass(frozen=True)
class PlanReading:
    """What a caller (the review) has already read of the plan, so it is not read twice:
    its start and the assessments around it (see plan_start), the goals met, the goals done
    as worded with a milestone still open, each goal's milestone rows, and the 1:1 notes
    written since the start."""
    start: tuple[dt.date, Entry | None, Entry | None]
    met: dict[str, Met]
    short: dict[str, dict[str, str]]
    rows: dict[str, list[dict[str, Any]]]
    noted: list[tuple[dt.date, str, str]]


def goal_statuses(ws: Workspace, handle: str, person: Person, when: dt.date, cycle: Cycle,
                  known: PlanReading | None = None,
                  order: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """For every goal of the plan, where it stands on ``when`` (see the module's notes);
    ``cycle`` is the plan as read on ``when`` (see :func:`plan_cycle`), read once by the
    caller; ``order`` is the proposed focus, the order late milestones restart in."""
    index = ws.index
    start, first, last = known.start if known else plan_start(ws, handle, person, when)
    before_all = dict(first.ratings) if first else {}
    now_all = dict(last.ratings) if last else {}
    end, weekday = plan_end(ws, handle, start)
    midplan = when < end
    horizon = dt.timedelta(days=ws.settings.plan.horizon_days)
    met = known.met if known else plan_goals_met(ws, handle, person, when)
    # done as worded, a milestone asks more
    short = known.short if known else work_short(ws, handle, person, when)
    from pmkit.documents.ticked_work import ticked_work

    # with the ticked items the plan counts, as the review reads them; what a milestone
    # still lacks is read from the work reported, a ticked chore only when nothing else is
    ticks = ticked_work(person, cycle, start)
    chores = {text for _, _, text in ticks}
    noted = known.noted if known else [*noted_in_oneonones(ws, handle, index, start), *ticks]
    goals = _goals(person, index)
    last_1on1 = last_held(ws, handle, when, start)
    names = pm_names(person)
    out: dict[str, dict[str, Any]] = {}
    focus = plan_focus(person, index, before_all)
    read = known.rows if known else {
        cid: milestone_rows(person.plan, cid, index, when, goals.get(cid, ""), last_1on1)
        for cid in focus}
    if not known:  # a missed milestone partly there reads so here as in the review
        mark_partly(cycle, person, when, [
            {"id": cid, "name": index.by_id[cid].competency.name, "goal": goals.get(cid, ""),
             "milestones": rows} for cid, rows in read.items()])
    for cid in focus:
        comp = index.by_id[cid].competency
        expected = comp.expected.get(person.level, index.high)
        rows = (read[cid] if cid in read
                else milestone_rows(person.plan, cid, index, when, goals.get(cid, ""), last_1on1))
        reached = [m for m in rows if m["state"] == "met"]
        late = [m for m in rows if m["state"] == "missed"]
        ahead = [m for m in rows if m["state"] == "ahead"]
        written = _written(person, index, cid, start, names, noted)
        written_all = [w for w in written if w["text"] not in chores] or written
        done, missing = done_and_missing(written_all, goal_of(cid, goals, index))
        state = verdict(before_all.get(cid), now_all.get(cid), expected, met.get(cid),
                        bool(reached))
        # after the plan, work done beside no milestone reached and an unmoved rating is a
        # start, not a goal partly met: it stays "not met", with the work named
        if state not in ("met", "open") and midplan:
            state = "behind" if late else "on track"
        redo = None
        if late and state in ("behind", "partly", "not met"):
            # two weeks out, or the 1:1 before the next milestone when that leaves a week
            target = when + dt.timedelta(days=14)
            follows = as_date(ahead[0]["date"]) if ahead else None
            if follows and follows - dt.timedelta(days=7) >= when + dt.timedelta(days=7):
                target = min(target, follows - dt.timedelta(days=7))
            redo = on_weekday(target, weekday, when, end if target <= end else when + horizon)
        moved = moved_after(redo, ahead) if redo else []
        behind = state in ("behind", "partly", "not met")
        late_raw = late[0]["raw"] if late else ""
        reword = [m for m in [*late[1:], *(m for m in rows if m["state"] == "waited"), *ahead]
                  if counts_on_missing(m["raw"], missing["text"], late_raw)] \
            if missing and state != "met" else []
        reword = [dict(m, first=needs_first(m, rows)) for m in reword]
        reword = [dict(m, part=stuck_part(m, missing["text"] if missing else "")) for m in reword]
        asks = [p for p in milestone_parts(late_raw) if not COUNT.search(p)]
        unseen = unseen_parts(asks, done_sentences(written_all)) if late and behind else []
        if unseen and len(unseen) == len(asks) and "have" not in (late[0].get("partly") or {}):
            late[0].pop("partly", None)  # no part of it shown: not "partly there"
        worded = short.get(cid) if state != "met" else None
        noun = OBJECT.search(goal_action(goals.get(cid, "")))
        times = held(goal_action(goals.get(cid, "")), done_sentences(written_all))
        asked = times_asked(rows, noun.group(1).lower(), times) if worded and noun else None
        # one piece of work is a start, not what milestones asking for more are there to
        # build: the goal is not offered as met as worded on it, and the milestones stay
        once = worded if worded and times <= 1 else None
        worded = None if once else worded
        # the late milestone names the step the notes say was missed: only a new attempt,
        # with that step in place, can reach it
        afresh = bool(late and behind and missing
                      and counts_on_missing(late_raw, missing["text"], late_raw))
        logged = {e["date"] for e in written_all if e["where"] == "your work logged on"}
        read_waiting(rows, written_all, written, goal_of(cid, goals, index), comp.name)
        for m in reached:  # reached the day work was logged: the log shows it, not when it was met
            m["shown"] = m["reached"] in logged and not m["marked"]
            # a milestone asking for a habit, shown by a record of one or two entries: met on
            # the PM's word so far, and the pieces themselves are what show it
            m["thin"] = bool(m["shown"] and HABIT.search(m["raw"]) and len(
                [e for e in written_all if e["date"] <= (m["reached"] or "")]) < 3)
            # an entry logged after the date of a run of weeks may cover weeks done before
            # it: the day it was logged says nothing of lateness
            if m["shown"] and HABIT.search(m["raw"]):  # unless notes by its date show it short
                m["late"], m["late_by"], m["logged_after"] = (
                    short_by_then(m, written_all), "", m["reached"] > m["date"])
        planned = planned_before(written_all, done) if behind else None
        # only a step agreed before the milestone's date can explain why it is late; one agreed
        # on that date or after set the next attempt, and what it left out is the next step
        agreed = planned if planned and late else None
        after = bool(agreed and agreed["date"] >= str(late[0]["date"]))
        aimed = [p for p in unseen if agreed and close_words(p) & close_words(agreed["text"])
                 and not (missing and close_words(p) & close_words(missing["text"]))]  # said once, below
        # a part the agreed step itself left out is a gap of the step, agreed together, not
        # the PM's lateness: the late finding keeps only what was the PM's own to do
        lacking = short_of(late[0]["raw"], goals.get(cid, ""), written_all, skip=aimed) \
            if late and behind else None
        out[cid] = {"state": state, "rows": rows,
                    "redo_parts": listing(unseen) if unseen else None,
                    "planned_gap": listing(aimed) if aimed else None, "planned_gap_count": len(aimed),
                    "planned_after": after,
                    # a step the notes say was missed in work already done is past, not pending
                    "missing_past": bool(done and missing and missing["date"] >= done["date"]),
                    "midplan": midplan, "late": late, "reached": reached,
                    "ahead": ahead, "total": len(rows), "next": ahead[0] if ahead else None,
                    # quoted as the evidence list says it: "You watched ...", not "watched ..."
                    "done": (dict(done, text=as_yours(done["text"], "log" if done["where"]
                                                      == _WHERE["log"][0] else "notes"))
                             if done and state in ("behind", "partly", "not met") else None),
                    # work by the date of a milestone met only by the manager's mark: on record,
                    # not settled, until it is gone over together
                    "done_by": next((m["date"] for m in rows if m["marked"] and done
                                     and done["date"] <= m["date"]), None),
                    "missing": missing if state in ("behind", "partly", "not met") else None,
                    "tries": late_tries(late, written_all, goal_of(cid, goals, index),
                                        comp.name) if behind else [],
                    "redo_by": redo.isoformat() if redo else None, "reword": reword,
                    "moved": moved, "short_of": lacking, "unseen": unseen, "needs": None,
                    "needed_by": [], "worded": worded, "once": once, "afresh": afresh, "asked": asked,
                    "planned": planned, "next_one": next_one(goals.get(cid, "")),
                    "met_by": met[cid].by if cid in met else None}
    from pmkit.documents.coming_turns import coming_turns
    from pmkit.documents.restart_weeks import lay_out  # one milestone a week, off holidays

    behind_goals = any(status.get("redo_by") for status in out.values())
    crowded = lay_out(out, order or [], ws.settings.cadence_days, set(ws.settings.holidays),
                      end if midplan else dt.date.max,  # after the plan, all is the next one
                      when + dt.timedelta(days=5),  # a working week to prepare, at least
                      # each restart on its goal's coming 1:1, as the agenda orders them
                      coming_turns(ws, handle, person, when) if behind_goals and midplan else {})
    for note in crowded:
        out[note["cid"]].setdefault("crowded", []).append(note)
    _link_goals(out, {cid: index.by_id[cid].competency.name for cid in out})
    for status in out.values():
        status["label"] = state_label(status)
        status["word"] = state_word(status) if status["state"] == "on track" else status["label"]
    return out


def state_label(status: dict[str, Any]) -> str:
    """A goal's state in words, one for the review and the conversation: a goal on track
    whose next milestone counts on a step another goal has not done says which, and one
    whose latest milestone was reached late is back on track, in both documents."""
    if status["state"] != "on track":
        return str(status["state"])
    word = state_word(status)
    return (f"{word}; its next milestone builds on a {status['needs']['name']} step that is late"
            if status["needs"] else word)


def state_word(status: dict[str, Any]) -> str:
    """A goal on track in a word or two, without what it counts on: "back on track after a
    late milestone" when its latest milestone was reached after its date."""
    reached = status.get("reached") or []
    return "back on track after a late milestone" if reached and reached[-1].get("late") \
        else "on track"


def plan_timing(ws: Workspace, handle: str, start: dt.date, when: dt.date) -> dict[str, Any]:
    """When the plan that started on ``start`` ends and how far off that is, for a review
    made before its end."""
    end, weekday = plan_end(ws, handle, start)
    return {"end": end.isoformat(), "midplan": when < end,
            "weeks_left": max((end - when).days // 7, 0),
            "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")[min(weekday, 4)]}


def plan_cycle(ws: Workspace, handle: str, person: Person, report: Any, when: dt.date) -> Cycle:
    """The plan as the plan and the agenda read it on ``when``: one reading for all. It reads
    every 1:1 file, so a document builds it once and hands it to what needs it. Without a
    ``report``, the PM's gaps are read as the review and the conversation read them."""
    from pmkit.documents.cycle import early_of, read_cycle, stretch_of
    from pmkit.documents.focus import focus_targets

    index = ws.index
    if report is None:
        from pmkit.model.gaps import compute_gaps

        report = compute_gaps(handle, person, index, today=when,
                              reassess_after_days=ws.settings.reassess_after_days,
                              focus_count=ws.settings.plan.focus)
    return read_cycle(ws, handle, person, focus_targets(report, index, person), index,
                      ws.settings, when, stretch=stretch_of(report), early=early_of(report, index))


def misfiled(cycle: Cycle) -> list[Misfiled]:
    """The 1:1 lines the plan counts for another goal than the heading they sit under."""
    from pmkit.documents.notes import Misfiled

    return [c for c in cycle.copies if isinstance(c, Misfiled)]
