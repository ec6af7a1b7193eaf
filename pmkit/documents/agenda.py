"""What goes into the next 1:1: one focus area, last time's recap, what is still open.

The context splits in two. Most of it is the PM's copy: their goal for the day, its
next milestone, the evidence so far, their open items. ``private_lines`` and
``manager_*`` keys are for the manager alone; the template puts them below the private
marker, which the PM's copy never includes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pmkit.documents import carried, line_goals, notes, voice
from pmkit.documents import schedule as schedule_of
from pmkit.documents.celebrated import celebrated
from pmkit.documents.closing import last_turn
from pmkit.documents.done_notes import said_rows, you_did
from pmkit.documents.evidence import TICKED, by_kind
from pmkit.documents.evidence import sentences as evidence_sentences
from pmkit.documents.evidence_rows import evidence_dicts
from pmkit.documents.focus import (
    _goals,
    focus_area,
    person_dict,
    step_dicts,
    why_today,
)
from pmkit.documents.judgement import without_judgement
from pmkit.documents.last_time import Meeting, echo_lines, last_time, recap_all
from pmkit.documents.manager_reminders import private_lines
from pmkit.documents.pasted import first_written
from pmkit.documents.practices import record_of, rotated, seen_trap
from pmkit.documents.runs import no_fresh_run, unreachable
from pmkit.documents.schedule import next_meeting
from pmkit.model.coaching import pick_turn

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.model.gaps import GapReport
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Person, Settings

EVIDENCE_SHOWN = 4
RECAP_SHOWN = 3
#: 1:1s held since a milestone's date after which the agenda asks to re-plan it.
REPLAN_AFTER = 2


def manager_names(settings: Settings) -> list[str]:
    """Owner prefixes that mark an item as the manager's: full name, first name, ``Manager``."""
    name = (settings.manager or "").strip()
    return [n for n in (name, name.split()[0] if name.split() else "", "Manager", "Me") if n]


def turns(meetings: Sequence[Meeting], index: ModelIndex, since: dt.date
          ) -> list[tuple[dt.date, str]]:
    """The focus area each 1:1 of this plan took, with its day, oldest first."""
    out: list[tuple[dt.date, str]] = []
    for when, public, _ in meetings:
        if when >= since:
            out.extend((when, cid) for cid in notes.covered(public, index)[:1])
    return out


def agenda_context(handle: str, person: Person, report: GapReport, index: ModelIndex,
                   settings: Settings, date: dt.date, meetings: Sequence[Meeting], cycle: Cycle,
                   has_plan: bool) -> dict[str, Any]:
    """The plain context ``oneonone.md.j2`` renders."""
    from pmkit.documents.oneonone import rotate  # oneonone calls this module

    previous = meetings[-1] if meetings else None
    # Each 1:1's notes read once, for everything here that compares one 1:1 with another.
    recaps = recap_all(meetings, index)
    before = last_time(meetings, index, manager_names(settings), recaps=recaps)
    recap, done = before.recap, before.done
    pm_items, own_items, private_items = before.pm_items, before.own_items, before.private_items
    names = voice.pm_names(person)
    # Each note whole, sentence by sentence: a later sentence ("the milestone is met") is
    # often the one that matters; only a sentence that cannot be turned to "you" stays back.
    kept_recap: list[str] = []
    kept_mood: list[str] = []  # how the PM came across: never for the copy, nor to rewrite
    shared_recap: list[str] = []
    for line in recap:
        echoed = line in before.echoed  # written before in the same words: not news
        line, judged = without_judgement(line)
        if echoed:  # the manager is told once, as a line pasted again, not as a remark
            continue
        kept_mood.extend(judged)
        if not line:
            continue
        said, left = voice.sentences(line, names)
        kept_recap.extend(left)
        if said:
            shared_recap.append(voice.done_by_you(said))  # as the evidence list reads it
    # The PM's own items as work the PM did ("You shared ..."), as the evidence lists say it.
    done = [(you_did(line) if notes.owned_by(d, names) else None) or line[:1].upper() + line[1:]
            for d, line in ((d, carried.done_line(voice.to_pm(d, names) or d, names,
                                                  manager_names(settings))) for d in done)]
    # Compared once turned: "introduce Nina to ..." written again under an item carried as
    # "introduce you to ..." is the same item.
    pm_items = carried.once([[carried.turned(c, names) for c in group] for group in pm_items])
    own_items = carried.once([[carried.turned(c, names) for c in group] for group in own_items])
    # The keep, rescope or drop question is asked once: not again on an item an earlier
    # 1:1's page already asked about.
    put: set[str] = set().union(*(notes.decision_asked(notes.list_tree(public))
                                  for _, public, _ in meetings)) if meetings else set()
    pm_items = carried.unasked(pm_items, put)
    own_items = carried.unasked(own_items, put)
    # Advice in last time's notes that an open item already asks for is said once, there.
    shared_recap = [kept for kept in (_unrepeated(line, pm_items) for line in shared_recap)
                    if kept]
    # Notes as written ("wrote up notes the same day") read as the sentences around them.
    recap = [voice.raised(line) for line in shared_recap[:RECAP_SHOWN]]
    recap_more = len(shared_recap) - len(recap)
    points: list[str] = []
    kept_points: list[str] = []
    for point in person.talking_points:
        turned = voice.topic(point, names)
        (points if turned is not None else kept_points).append(turned or point)

    planned = has_plan and not cycle.new
    goals_set = bool(person.plan and (person.plan.goals or person.plan.focus))
    # Agreed once a 1:1 was held on the written plan: until then goals and milestones are
    # a proposal, and the agenda says so.
    agreed = planned and any(cycle.start <= held < date for held in cycle.held)
    took = turns(meetings, index, cycle.start if planned else dt.date.min)
    history = [cid for _, cid in took]
    days = [when for when, _ in took]
    # One rule picks today's goal and previews the next ones: the goal furthest behind
    # its milestones, fair over the plan (``Cycle.turn``).
    turn = cycle.turn(report.focus, date, history, days) if planned else pick_turn(
        report.focus, {}, history)
    holidays = set(settings.holidays)
    schedule, ends = schedule_of.ahead(report.focus, cycle, date, turn, history, days,
                                       settings.cadence_days, holidays, planned)

    focus: dict[str, Any] | None = None
    if turn is not None:
        focus = focus_area(turn, report, index, person, _goals(person, index))
        asked = history.count(turn)
        focus["first_time"] = asked == 0
        focus["why"] = why_today(cycle, turn, report.focus, date, took) if planned else ""
        # Two questions open a goal's first turn; later turns, which also check a milestone,
        # ask one more each, so a goal's questions last a whole plan without repeating.
        questions = focus["questions"]
        focus["questions"] = [voice.reflective(q) for q in (
            rotate(questions, 0) if asked == 0 or len(questions) <= 2
            else [questions[(asked + 1) % len(questions)]])]
        # Without a written plan the milestones shown are the ones a plan would propose
        # today, so the agenda and `pmkit plan --stdout` say the same thing.
        focus["milestones"] = (step_dicts(cycle, turn, date, names, focus["name"],
                                          focus["goal"])
                               if planned or goals_set else [])
        focus["due"] = next((m for m in focus["milestones"] if m["status"] in ("overdue", "next")),
                            None)
        # An overdue milestone is asked about, and the one due next is shown beside it, so a
        # late step does not hide what the goal asks for next.
        late = [m for m in focus["milestones"] if m["status"] == "overdue"]
        # An overdue milestone is asked about once; the next turn on the goal after that
        # asks for a new date or a smaller step instead of the same question again.
        focus["asked_before"] = bool(late) and any(
            when > dt.date.fromisoformat(late[0]["date"])
            and notes.covered(public, index)[:1] == [turn] for when, public, _ in meetings)
        focus["also_late"] = late[1:]
        focus["no_run_fits"] = bool(planned and late) and no_fresh_run(late[0]["text"], date,
                                                                      cycle.end)
        focus["then"] = next((m for m in focus["milestones"] if m["status"] in ("next", "later")),
                             None) if late else None
        # the last 1:1 before this one that took the same goal (the meetings are all earlier)
        last_taken = max((when for when, cid in took if cid == turn), default=None)
        comp = index.by_id[turn].competency  # hints for the manager, each shown once a plan
        focus["look_for"] = rotated(comp.look_for, 2, asked)
        focus["coach_in_moment"] = rotated(comp.coach_in_moment, 1, asked)
        focus["trap"] = seen_trap(
            comp.traps.get(person.background, "") if person.background else "", record_of(
                meetings, index, focus["evidence"], report.assessed_on, focus["name"]),
            last_taken)
        focus["celebrated"] = celebrated(points, [focus["name"], focus["goal"],
                                                  *(m["text"] for m in focus["milestones"])])
        shown, kept_evidence = evidence_dicts(cycle, turn, names)
        # Lines under this goal counted for another, told once: at its first turn after them.
        focus["moved_away"] = line_goals.lines_moved_away(cycle.copies, turn, index, names,
                                                          last_taken)
        # Cut to the latest line of each kind of work, saying how many are left out.
        focus["evidence_log"] = (shown if len(shown) <= EVIDENCE_SHOWN
                                 else by_kind(shown, focus["name"], EVIDENCE_SHOWN))
        focus["evidence_earlier"] = len(shown) - len(focus["evidence_log"])
    else:
        kept_evidence = []

    # The last 1:1 before the plan's review (or the review itself): every item carried
    # three times or more is asked about, in both parts, so none reaches the review unasked.
    closing = planned and last_turn(cycle, settings, date)
    private = private_lines(handle, report, settings, date, meetings, cycle, planned, has_plan,
                             own_items, turn, index,
                             goals_set, names[-1], manager_names(settings), closing)
    # An open item that is a focus goal's own work is asked when, never whether.
    goal_of = carried.goal_work(
        pm_items, {c: w for c, w in cycle.areas.items() if c in report.focus},
        {c: index.by_id[c].competency.name for c in report.focus}) if planned else {}
    private.extend(carried.pm_lines(pm_items, date, names[-1], closing, goal_of))
    if focus:
        # Said once: an item already asked about beside it, under Follow-ups, is not again.
        put_beside = {c.text for g in pm_items for c in g[:1]
                      if carried.asked_now(c) or carried.asks_today(c, closing)}
        focus["carried_work"] = [text.partition(":")[2].strip() or text
                                 for text, goal in goal_of.items()
                                 if goal == focus["name"] and text not in put_beside]
        # A note written again on later dates shows once in the PM's part, at its first
        # date; what the repeat means is said here, once: not again beside last time's
        # notes pasted again, which the manager is told of below.
        pasted_again = " | ".join(f" {line_goals.plain(line)} " for line, _ in before.echoes)
        prev_day = previous[0].isoformat() if previous else ""
        private.extend(f"On {focus['name']}, “{e['text'].removeprefix(TICKED).strip().rstrip('.')}” was "
                       f"{e['repeat']}." for e in focus.get("evidence_log", []) if e.get("repeat")
                       and not (prev_day == e["last"] and f" {e['key']} " in pasted_again))
        focus["evidence_log"] = said_rows(focus.get("evidence_log", []))  # "You shared ..."
    private.extend(line_goals.copy_said(c, lambda cid: index.by_id[cid].competency.name)  # once
                   for c in cycle.copies if previous is not None and c.date == previous[0])
    due_today = [{"name": index.by_id[cid].competency.name, "text": step.text,
                  "date": step.date.isoformat(),
                  "unreachable": unreachable(cycle, cycle.steps[cid], number, date)}
                 for cid in report.focus if planned and cid != turn
                 for number, step in enumerate(cycle.steps.get(cid, []))
                 if step.date == date and step.reached is None]
    # A run of weeks that can no longer fit is flagged from the first 1:1 that knows it,
    # whichever goal has the turn: today's goal with its late ones, the others until due.
    shown = (focus or {}).get("milestones", [])
    runs = [{"date": step.date.isoformat(), "text": step.text, "unreachable": gone}
            for cid in (report.focus if planned else []) if cid != turn
            for number, step in enumerate(cycle.steps.get(cid, []))
            if (gone := unreachable(cycle, cycle.steps[cid], number, date))
            and not gone["past"]]
    private.extend(echo_lines(before, points, meetings, index, names[-1], recaps=recaps))
    private.extend(schedule_of.unreachable_lines(schedule_of.unsaid(
        [*shown, *runs], [p for _, _, p in meetings]), handle))
    from pmkit.documents.overtaken import (
        answered_by_notes,
        overtaken,
        overtaken_by_notes,
        thing_of,
    )

    held_dates = [d for d, _, _ in meetings]
    open_items = [(g[0].text, g[0].added) for g in pm_items if g[0].task]
    # Something an open item prepares may have happened since: the PM's copy keeps the item
    # (every open item is carried) and asks, in the PM's words, whether it is still needed;
    # the private part says the same to the manager, so the two tell one story.
    marks: dict[str, str] = {}
    noted = [(when, sentence) for (when, _, _), blocks in zip(meetings, recaps, strict=True)
             for block in blocks for sentence in evidence_sentences(block)]
    for text, day in overtaken_by_notes(open_items, noted):
        thing = thing_of(text) or "what it was to come before"
        answer = answered_by_notes(text, noted, day)
        if answer is not None:  # the notes already say what becomes of it
            said = (voice.to_pm(answer, names) or answer).replace(": ", ", ", 1)
            # The notes are the 1:1's shared notes, not the PM's; both parts end on the
            # same open choice.
            marks[text] = (f"{thing} has already run, and the notes of {day.isoformat()} "
                           f"say, {said[:1].lower()}{said[1:]}: keep it for the next one, "
                           "with a date, or close it?")
            private.append(f"Still open: “{voice.about_pm(text, names[-1])}”; {thing} has "
                           f"run, and the notes of {day.isoformat()} carry it to the next one "
                           f"(“{answer}”). {names[-1]}'s copy asks the same: rescope it to the "
                           "next one with a date, or close it.")
            continue
        marks[text] = (f"the notes of {day.isoformat()} say {thing} has already run: "
                       "drop this, or keep it for your next one?")
        private.append(f"Still open: “{voice.about_pm(text, names[-1])}”, but the notes of "
                       f"{day.isoformat()} say {thing} has already run. {names[-1]}'s copy "
                       "asks whether it is still needed: close it, or rescope it for the next "
                       "one.")
    for text, fact in overtaken([t for t in open_items if t[0] not in marks], points, done,
                                held_dates):
        if fact.startswith("it was due"):
            said, mark = fact, f"{fact}: still needed?"
        elif fact in points:
            said = f"the talking point “{fact}” suggests it has happened or moved on"
            mark = (f"today's talking point asks {fact[0].lower()}{fact[1:]}, so it may have "
                    "happened: still needed?" if fact.startswith(("How ", "What ", "Which ", "Whether "))
                    else f"today's talking point “{fact}” suggests it has happened: "
                    "still needed?")
        else:
            said = f"“{fact}”, done since, suggests it has been overtaken"
            mark = f"“{fact}”, done since, may have overtaken it: still needed?"
        marks[text] = mark
        private.append(f"Still open: “{voice.about_pm(text, names[-1])}”, but {said}. "
                       f"{names[-1]}'s copy asks whether it is still needed: close it or rescope "
                       "it together rather than carry both as current.")
    age = (date - report.assessed_on).days if report.assessed_on else None
    prev_date = previous[0] if previous else None
    late_rows = (schedule_of.behind(report, index, cycle, date, turn, schedule, took)
                 if planned else [])
    return {
        "person": person_dict(handle, person, index),
        "manager": (settings.manager or "").strip(),
        "manager_first_name": manager_names(settings)[0].split()[0],
        "date": date.isoformat(),
        "weekday": date.strftime("%A"),
        "meeting_number": len(meetings) + 1,
        "previous_date": prev_date.isoformat() if prev_date else None,
        "days_since_previous": (date - prev_date).days if prev_date else None,
        "cadence_days": settings.cadence_days,
        "next_date": next_meeting(date, settings.cadence_days, cycle.weekday, holidays,
                                  anchor=schedule_of.grid(cycle, date)).isoformat(),
        "talking_points": points,
        "kept_back": [*({"what": "Talking point", "text": t} for t in kept_points),
                      *({"what": f"From the notes of {prev_date.isoformat()}" if prev_date
                         else "From the notes", "text": t} for t in kept_recap),
                      *({"what": f"Evidence, {e['date']}", "text": e["text"]}
                        for e in kept_evidence)],
        "mood_back": [{"what": f"From the notes of {prev_date.isoformat()}", "text": t,
                       "names": voice.names_pm(t, names)}
                      for t in kept_mood] if prev_date else [],
        # In how many 1:1s such remarks named the PM: a pattern is asked about in person. A
        # bare "He said nothing." stays private but is no evidence of a pattern about the PM.
        # A line pasted again counts once, on the day it was first written.
        "mood_count": carried.count_words(sum(1 for lines in first_written(recaps) if any(
                voice.names_pm(remark, names) for line in lines
                for remark in without_judgement(line)[1])))
        if any(voice.names_pm(remark, names) for remark in kept_mood) and len(meetings) >= 3
        else "",
        "recap": recap,
        "recap_more": recap_more,
        "done": done,
        "follow_ups": carried.dicts(pm_items, marks, closing, goal_of),
        # The manager's own items are asked about like the PM's: a promise carried for
        # weeks is as much the 1:1's business as the PM's (the days stay in private).
        "manager_items": carried.dicts(own_items, closing=closing,
                                       owner=manager_names(settings)[0].split()[0]),
        "decide_after": notes.DECIDE_AFTER,
        "still_worth": carried.STILL_WORTH, "decision": carried.DECISION,
        # One source for the words the private part quotes from the PM's copy.
        "why_decide": carried.WHY_DECIDE,
        "owner_ask": carried.owner_asks(manager_names(settings)[0].split()[0]),
        "private_items": carried.dicts(private_items),
        "focus": focus,
        "coming_up": schedule_of.coming_dicts(schedule, turn, index, cycle, date),
        # Other goals' late milestones reach the PM as one line each, so none is hidden.
        "behind": [b for b in late_rows if b["count"]],
        "carried_over": [b for b in late_rows if b["carried"]],
        # A milestone of another goal falling on this very day is named, not left unsaid.
        "due_today": due_today,
        "plan_end": cycle.end.isoformat() if planned else None,
        "plan_ends": ends and date <= cycle.end,
        # No 1:1 left between this one and the plan's last (its review), or this is the
        # review: only then is there no time to re-date a late milestone.
        "last_turn": closing,
        "redate_by": schedule_of.last_before(date, cycle, settings.cadence_days, holidays)
        if planned else None,
        "focus_count": len(report.focus),
        "assessed_on": report.assessed_on.isoformat() if report.assessed_on else None,
        "assessment_age_days": age,
        "reassess_after_days": settings.reassess_after_days,
        "stale": report.stale,
        "has_plan": has_plan,
        "agreed": agreed,
        "goals_set": goals_set,
        "private_lines": private,
        "dates_moved": "",  # set by the run that moves the plan's milestone dates
        "late_milestones": schedule_of.late_milestones(report, index, cycle, date, turn)
        if planned else [],
    }


def _unrepeated(line: str, groups: Sequence[Sequence[notes.Carried]]) -> str:
    """A recap line without the advice an open item repeats in its own key words."""
    from pmkit.documents import evidence

    asks = [evidence.stems(g[0].text) for g in groups if g[0].task]
    kept = [s for s in evidence.sentences(line) if not (
        evidence.advice(s) and any(evidence.shared(evidence.stems(s), a) >= 2 for a in asks))]
    return " ".join(kept)
