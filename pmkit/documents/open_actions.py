"""The action items still open from the plan's 1:1s, as the review and the conversation list them.

A plan's last PM copy asks the PM to bring a date for each open item to the review; the
review is where each gets one, a smaller step, or is dropped. The items are read from the
last 1:1 held before the meeting, the way its agenda carried them (``oneonone.open_items``,
``notes.added_on`` for the day each was first written), so nothing open is lost between
the plan and the review. The PM's own items read "You: ...", the manager's name theirs.
An item that is a goal's own work (it speaks the goal's words, as the agenda reads it) is
never offered for dropping: the agendas told the PM it stays on the list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pmkit.documents import notes, voice
from pmkit.documents.oneonone import folder, open_items, read_text, task_items
from pmkit.files.dated import dated_files

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.workspace import Workspace

#: Words of any PM's working week, in every goal's neighbourhood and so the mark of none:
#: an item is part of a goal only by what else it says.
_COMMON = re.compile(r"\b(?:reviews?|open(?:s|ed|ing)?|share[sd]?|sharing|present(?:s|ed|ing)?|"
                     r"updates?|meetings?|business|features?|lists?|send|notes?)\b", re.IGNORECASE)


def open_actions(ws: Workspace, handle: str, when: dt.date, pm_name: str,
                 managers: list[str],
                 areas: Mapping[str, tuple[str, Sequence[str]]] | None = None,
                 goals: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The open items of the last 1:1 before ``when``, top level, oldest first:
    ``owner`` ("You", the manager's first name, or "" when the line names no owner),
    ``text`` (in the PM's voice), ``subs`` (its sub-items, as the agenda keeps them),
    ``since`` (ISO day first written), ``goal`` (the name,
    from ``goals``, of the plan's goal whose words it speaks, by ``areas``; else "")."""
    from pmkit.documents.evidence import area_of
    from pmkit.documents.line_goals import by_practices

    files = [(day, path) for day, path in dated_files(folder(ws, handle)) if day < when]
    if not files:
        return []
    day = files[-1][0]
    first = (pm_name.split() or [pm_name])[0]
    pm_names = {n.casefold() for n in (pm_name, first) if n}
    owners = {m.casefold(): (m.split() or [m])[0] for m in managers}
    out: list[dict[str, Any]] = []
    practices = {c: ws.index.by_id[c].competency.practices for c in areas} if areas else {}
    shared = {d: notes.pm_copy(read_text(p, ws.rel(p))) for d, p in files}
    # each 1:1's notes as the PM reads them, not the agenda's recap: read once for every item
    said = [(d, voice.to_pm(t, [pm_name, first]) or t)
            for d, t in ((d, notes.notes_text(text)) for d, text in shared.items())]
    first_days: dict[str, dt.date] | None = None  # each item's first day, read when needed
    for item in open_items(task_items(shared[day])):
        if item.depth:
            continue
        head, sep, rest = item.text.partition(":")
        owner_key = head.strip().casefold() if sep else ""
        if owner_key in pm_names:
            owner, what = "You", notes.clean(rest)
        elif owner_key in owners:
            owner, what = owners[owner_key], notes.clean(rest)
        else:
            owner, what = "", notes.clean(item.text)
        what = voice.to_pm(what, [pm_name, first]) or what
        if not what:
            continue
        since = notes.added_on(item.text)
        if since is None:
            first_days = _first_days(shared) if first_days is None else first_days
            since = first_days.get(item.text) or day
        # placed by the goal's words, then by its practices' words: never by the words any
        # PM's week is full of ("open the business review"), which speak to no goal
        own = _COMMON.sub(" ", what)
        cid = None
        if areas and owner == "You":
            cid = area_of(own, areas)
            if cid is None:  # a practice matched on common words alone does not place it
                cid = by_practices(what, practices)
                cid = cid if cid and _beyond_common(own, practices[cid]) else None
        out.append({"owner": owner, "text": what, "since": since.isoformat(),
                    # "book the next two interviews" / "one with a night-shift supervisor"
                    "subs": [voice.to_pm(sub, [pm_name, first]) or sub
                             for sub in _subs(item.text, shared[day])],
                    "goal": (goals or {}).get(cid, "") if cid else "",
                    "overtaken": overtaken(what, [(d, t) for d, t in said if d >= since])
                    if owner == "You" else None})
    return sorted(out, key=lambda row: row["since"])


def goal_areas(ws: Workspace, person: Any, cycle: Cycle
               ) -> tuple[dict[str, tuple[str, list[str]]], dict[str, str]]:
    """Each goal's words as the plan reads them (``cycle``, see goal_status.plan_cycle), and
    each goal's name: what tells an open item that is a goal's own work, as the agenda tells it."""
    if person.plan is None:
        return {}, {}
    areas = cycle.areas
    return areas, {cid: ws.index.by_id[cid].competency.name for cid in areas}


def _beyond_common(own: str, practices: Sequence[str]) -> bool:
    """Does a line, less the common words, still share two words with one of the practices
    ("the experiment log at the monthly" and "a discovery log ... once a month")?"""
    def heads(text: str) -> set[str]:
        return {w[:4] for w in re.findall(r"[a-z]{3,}", text.casefold())} - _SMALL
    return any(len(heads(own) & heads(p)) >= 2 for p in practices)


#: Words that join a sentence and speak of nothing.
_SMALL = frozenset({"the", "and", "you", "your", "with", "for", "from", "into", "that", "this",
                    "each", "ever", "once", "what", "them", "thei", "afte", "befo"})


def _subs(text: str, body: str) -> list[str]:
    """The lines nested under an item, as written (plain or ticked boxes left open): the
    detail the agenda carries with it."""
    lines = body.splitlines()
    at = next((i for i, line in enumerate(lines) if text in line and not line[:1].isspace()),
              None)
    out: list[str] = []
    for line in lines[at + 1:] if at is not None else []:
        if not line.strip() or not line[:1].isspace():
            break
        bullet = re.match(r"\s+(?:[-*+]|\d+\.)\s+(\[([ xX])\]\s+)?(.*)", line)
        if bullet and bullet.group(2) not in ("x", "X"):
            out.append(notes.clean(bullet.group(3)))
    return [sub for sub in out if sub]


def _first_days(shared: Mapping[dt.date, str]) -> dict[str, dt.date]:
    """Each item's words -> the first 1:1 whose notes hold it: the day it was first written,
    when a carried copy bears no mark of it. Every file is read once for all the items."""
    out: dict[str, dt.date] = {}
    for day, body in sorted(shared.items()):
        for item in task_items(body):
            out.setdefault(item.text, day)
    return out


#: Things that run, as a test does; anything else an item prepares has happened.
_RUNS = frozenset({"test", "experiment", "session", "sessions", "interview", "interviews",
                   "workshop", "survey", "pilot"})


def overtaken(what: str, record: Sequence[tuple[dt.date, str]]) -> dict[str, str] | None:
    """Where an open item is a step to take before something ("write down the threshold for
    the prototype test before running it") and the 1:1 notes since say that something has
    happened: its day and what it was, so the item is asked about (is it now for the next
    one?) rather than listed as work ahead. The agenda's own reading
    (``overtaken.overtaken_by_notes``) decides; no note is quoted, since the one that tells
    may not name the thing it speaks of."""
    from pmkit.documents.evidence import sentences
    from pmkit.documents.overtaken import answered_by_notes, overtaken_by_notes, thing_of

    noted = [(day, sentence) for day, body in sorted(record)
             for sentence in sentences(" ".join(
                 line for line in body.splitlines()
                 if not re.match(r"\s*(?:[-*+]|\d+\.)\s+\[", line)
                 and not line.startswith("#")))]
    # notes of the day the item was written speak of what came before it, not after
    first = min((d for d, _ in record), default=None)
    found = overtaken_by_notes([(what, first)], [(d, s) for d, s in noted if d != first])
    thing = thing_of(what)
    if not found or not thing:
        return None
    head = thing.split()[-1].lower()
    # notes since that already put it on the next one ("Next test: write the threshold
    # first") answer what the mark would ask: the review says so instead of asking
    told = next((d for d, s in noted
                 if d >= found[0][1] and answered_by_notes(what, [(d, s)], d)), None)
    return {"date": found[0][1].isoformat(), "thing": thing.lower(), "head": head,
            "done": "run" if head in _RUNS else "happened",
            "answered": told.isoformat() if told else ""}
