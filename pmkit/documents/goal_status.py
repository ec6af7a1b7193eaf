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
from typing import TYPE_CHECKING, Any

from pmkit.documents import voice
from pmkit.documents.focus import _goals
from pmkit.documents.next_focus import (
    as_date,
    field_of,
    noted_in_oneonones,
    per_competency,
    plan_focus,
    plan_goals_met,
    plan_start,
    verdict,
)
from pmkit.documents.oneonone import dated_files, folder
from pmkit.model.coaching import last_day, meeting_weekday, on_weekday

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Person
    from pmkit.workspace import Workspace

#: A sentence that says a step did not happen: "No threshold was set", "we did not ...".
_MISSING = re.compile(r"^\W*(?:no|not|never|none)\b|\b(?:was|were|is|are|has|have|had|did|does|do)"
                      r"\s+not\b|n't\b|\bnever\b|\bskipped\b|\bwithout\s+(?:a|an|any|the)\b",
                      re.IGNORECASE)
#: An entry about what will happen rather than what did.
_FUTURE = re.compile(r"\b(?:will|going to|plan to|next)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
#: Someone else's words quoted in a note: they say nothing about what was done.
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
_WORD = re.compile(r"[a-z]+")
#: Milestone wording that stands for the goal itself ("Your goal tried twice").
_GOAL_WORDS = re.compile(r"^(?:your|the)\s+goal\b\s*", re.IGNORECASE)
#: Where a goal's action ends and its conditions begin.
_CONDITION = re.compile(r"\s+\b(?:before|after|without|until|so that|with the result)\b.*", re.I)
_SMALL = frozenset({"the", "and", "for", "with", "each", "every", "any", "that", "this", "was",
                    "were", "set", "read", "after", "before", "fact", "down", "written", "one",
                    "first", "your", "from", "into"})


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _WORD.findall(text.lower()) if len(w) > 3 and w not in _SMALL}


def goal_action(goal: str) -> str:
    """A goal's action, without its conditions: "Hold a sketching session with the designer"."""
    return _CONDITION.sub("", goal.strip().rstrip(".")).strip()


def milestone_text(text: str, goal: str) -> str:
    """A milestone as the PM reads it: "Your goal tried twice" names the goal's action."""
    found = _GOAL_WORDS.match(text)
    if not found or not goal:
        return text
    action = goal_action(goal)
    return f"{action[:1].upper()}{action[1:]}: {text[found.end():]}"


def milestone_clause(text: str) -> str:
    """A milestone named by its first clause, to quote inside a sentence."""
    head = re.split(r"[,;(]", text.strip().rstrip("."), maxsplit=1)[0].strip()
    return head[:1].lower() + head[1:] if head[1:2].islower() else head


def milestone_rows(plan: Any, cid: str, index: ModelIndex, today: dt.date,
                   goal: str = "") -> list[dict[str, Any]]:
    """Each milestone of a goal: met (on its date or later), late, or still ahead."""
    out = []
    for item in per_competency(getattr(plan, "milestones", None), cid, index):
        due, reached = as_date(field_of(item, "date")), as_date(field_of(item, "reached"))
        text = field_of(item, "text")
        if not text:
            continue
        shown = milestone_text(str(text), goal)
        state = "met" if reached else ("ahead" if due and due > today else "missed")
        out.append({"date": due.isoformat() if due else "", "text": shown, "state": state,
                    "short": milestone_clause(shown), "raw": str(text),
                    "reached": reached.isoformat() if reached else None,
                    "late": bool(reached and due and reached > due)})
    return sorted(out, key=lambda m: m["date"])


def plan_end(ws: Workspace, handle: str, start: dt.date) -> tuple[dt.date, int]:
    """(the plan's last 1:1 day within its horizon, the PM's 1:1 weekday)."""
    weekday = meeting_weekday([d for d, _ in dated_files(folder(ws, handle))], start)
    return last_day(start, ws.settings.plan.horizon_days, weekday), weekday


def _written(ws: Workspace, handle: str, person: Person, cid: str, start: dt.date,
             names: list[str]) -> list[dict[str, str]]:
    """What was written down on a goal since the plan started, in the PM's voice, oldest first."""
    index = ws.index
    out = []
    for item in per_competency(getattr(person.plan, "evidence", None), cid, index):
        day, text = as_date(field_of(item, "date")), field_of(item, "text")
        said = voice.to_pm(str(text), names) if text and not field_of(item, "private") else None
        if said and day and day >= start:
            out.append({"date": day.isoformat(), "text": said, "where": "your work logged on",
                        "noted": "the work logged on"})
    for day, key, line in noted_in_oneonones(ws, handle, index, start):
        said = voice.to_pm(line, names) if key == cid else None
        if said:
            out.append({"date": day.isoformat(), "text": said, "where": "your 1:1 notes of",
                        "noted": "the 1:1 notes of"})
    return sorted(out, key=lambda e: e["date"])


def _done_and_missing(written: list[dict[str, str]]) -> tuple[dict[str, str] | None,
                                                             dict[str, str] | None]:
    """The latest piece of work done (its first sentence) and the latest note of a step
    that did not happen (that sentence), each with its date and where it was written."""
    done = missing = None
    for entry in written:
        sentences = [s.strip() for s in _SENTENCE.split(entry["text"]) if s.strip()]
        gaps = [s for s in sentences if _MISSING.search(_QUOTED.sub("", s))]
        if gaps:
            missing = dict(entry, text=gaps[0])
        elif sentences and not _FUTURE.search(_QUOTED.sub("", entry["text"])):
            done = dict(entry, text=sentences[0])
    return done, missing


def goal_statuses(ws: Workspace, handle: str, person: Person,
                  when: dt.date) -> dict[str, dict[str, Any]]:
    """For every goal of the plan, where it stands on ``when`` (see the module's notes)."""
    index = ws.index
    start, first, last = plan_start(ws, handle, person, when)
    before_all = dict(first.ratings) if first else {}
    now_all = dict(last.ratings) if last else {}
    end, weekday = plan_end(ws, handle, start)
    midplan = when < end
    horizon = dt.timedelta(days=ws.settings.plan.horizon_days)
    met = plan_goals_met(ws, handle, person, when)
    goals = _goals(person, index)
    full = " ".join(person.name.split())
    names = [full, *full.split()[:1]]
    out: dict[str, dict[str, Any]] = {}
    for cid in plan_focus(person, index, before_all):
        comp = index.by_id[cid].competency
        expected = comp.expected.get(person.level, index.high)
        rows = milestone_rows(person.plan, cid, index, when, goals.get(cid, ""))
        reached = [m for m in rows if m["state"] == "met"]
        late = [m for m in rows if m["state"] == "missed"]
        ahead = [m for m in rows if m["state"] == "ahead"]
        done, missing = _done_and_missing(_written(ws, handle, person, cid, start, names))
        state = verdict(before_all.get(cid), now_all.get(cid), expected, met.get(cid),
                        bool(reached))
        if state not in ("met", "open"):
            if midplan:
                state = "behind" if late else "on track"
            elif state == "not met" and done is not None:
                state = "partly"
        redo = None
        if late and state in ("behind", "partly", "not met"):
            # two weeks out, or the 1:1 before the next milestone when that leaves a week
            target = when + dt.timedelta(days=14)
            follows = as_date(ahead[0]["date"]) if ahead else None
            if follows and follows - dt.timedelta(days=7) >= when + dt.timedelta(days=7):
                target = min(target, follows - dt.timedelta(days=7))
            redo = on_weekday(target, weekday, when, end if target <= end else when + horizon)
        gap = _stems(late[0]["raw"]) & _stems(missing["text"]) if late and missing else set()
        reword = [m for m in ahead if gap & _stems(m["raw"])] if state == "behind" else []
        out[cid] = {"state": state, "midplan": midplan, "late": late, "reached": reached,
                    "ahead": ahead, "total": len(rows), "next": ahead[0] if ahead else None,
                    "done": done if state in ("behind", "partly", "not met") else None,
                    "missing": missing if state in ("behind", "partly", "not met") else None,
                    "redo_by": redo.isoformat() if redo else None, "reword": reword,
                    "met_by": met[cid].by if cid in met else None}
    return out


def plan_timing(ws: Workspace, handle: str, person: Person, when: dt.date) -> dict[str, Any]:
    """When the plan ends and how far off that is, for a review made before its end."""
    start, _, _ = plan_start(ws, handle, person, when)
    end, weekday = plan_end(ws, handle, start)
    return {"end": end.isoformat(), "midplan": when < end,
            "weeks_left": max((end - when).days // 7, 0),
            "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")[min(weekday, 4)]}
