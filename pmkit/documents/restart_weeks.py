"""Where restarted milestones land: one milestone a week across every goal, off holidays.

A late milestone restarts on a new date, and the later milestones that build on it move
after it (see goal_status). Each goal does that on its own, so three goals restarting at
once can put two or three milestones in one week, or pile them into a holiday week. This
module lays them out together: the milestones of goals on track keep their dates (the
plan as agreed); each restart, and every later milestone of the same goal, takes the
first 1:1 day on or after the date it wants whose week holds no other milestone and that
is no holiday, always after the goal's previous step. What still lands in a week with a
holiday, or past the plan's end, is said to the manager privately.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from pmkit.documents.next_focus import as_date

#: How far past the date it wanted a milestone may be pushed before it is left there and
#: the crowded week is said instead: a quarter, the length of a plan.
MOST_WEEKS = 13


def _week(day: dt.date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def _steps(status: dict[str, Any]) -> list[tuple[str, dt.date, dict[str, Any] | None]]:
    """A behind goal's steps still to come, in order: (due, wanted day, its moved entry):
    the restart first, then each later milestone, at the day already proposed for it."""
    restart = as_date(status.get("redo_by"))
    late = status["late"][0]["date"] if status.get("late") else ""
    out: list[tuple[str, dt.date, dict[str, Any] | None]] = []
    if restart is not None:
        out.append((late, restart, None))
        # within the plan, later late ones follow the restart, each a step of its own; after
        # it, the next plan sets them out afresh
        for m in status["late"][1:] if status.get("midplan") else []:
            entry = {"date": m["date"], "to": restart.isoformat(), "short": m["short"],
                     "spread": False}
            status.setdefault("moved", []).append(entry)
            out.append((m["date"], restart, entry))
    moved = {m["date"]: m for m in status.get("moved", [])}
    for m in status.get("ahead", []):
        found = moved.get(m["date"])
        wanted = as_date(found["to"]) if found else as_date(m["date"])
        if wanted is not None:
            out.append((m["date"], wanted, found))
    return out


def _covered(status: dict[str, Any]) -> set[str]:
    """The due dates of a goal's milestones that the sessions before them already add up
    to (see milestone_counts.times_asked)."""
    return {str(c["date"]) for c in (status.get("asked") or {}).get("covered", [])}


def _free(day: dt.date, earliest: dt.date, every: int, taken: set[tuple[int, int]],
          holidays: Collection[dt.date]) -> dt.date:
    """The 1:1 day nearest ``day`` whose week is free and that is no holiday, never before
    ``earliest``; between two as near, the later (more time for the work)."""
    def ok(d: dt.date) -> bool:
        return _week(d) not in taken and d not in holidays

    for k in range(MOST_WEEKS + 1):
        later = day + dt.timedelta(days=every * k)
        if ok(later):
            return later
        sooner = day - dt.timedelta(days=every * (k + 1))
        if k < 1 and sooner >= earliest and ok(sooner):
            return sooner  # a restart may come one 1:1 sooner, never more
    return day


def _at_turn(wanted: dt.date, turn: dt.date | None, soonest: dt.date | None) -> dt.date:
    """The day a goal's restart wants: its coming 1:1 turn, the 1:1 that talks about it,
    when that leaves the working week to prepare; else the day proposed for it."""
    if turn is None or (soonest is not None and turn < soonest):
        return wanted
    return turn


def _in_the_run_up(day: dt.date, since: dt.date, holidays: Collection[dt.date]
                   ) -> list[dt.date]:
    """The holidays on working days after ``since`` (the goal's previous step, or the
    previous 1:1) and before ``day``: the days the milestone's work is done in."""
    return sorted(h for h in holidays if since < h < day and h.weekday() < 5)


def lay_out(out: dict[str, dict[str, Any]], order: Iterable[str], every: int,
            holidays: Collection[dt.date], end: dt.date,
            soonest: dt.date | None = None,
            turns: Mapping[str, dt.date] | None = None) -> list[dict[str, Any]]:
    """Spread the restarts of ``out`` (goal statuses by competency) one a week, in place:
    ``redo_by`` and ``moved`` change where a step moves; a step moved only to keep its
    week clear is marked ``spread``. A goal's restart falls on or after its coming 1:1 turn
    (``turns``, see coming_turns), so it is due the day the talk is about that goal, not
    another's. Returns what the manager should hear: each step that still falls in a
    holiday in the working days before it (since the previous 1:1) or after the plan's
    ``end`` ({"cid", "due", "to", "holiday" or None, "past_end"})."""
    turns = turns or {}
    order = [*[c for c in order if c in out], *[c for c in out if c not in order]]
    taken: set[tuple[int, int]] = set()
    for cid in order:  # goals on track keep their dates: their weeks are taken
        status = out[cid]
        if not status.get("redo_by"):
            taken |= {_week(d) for m in status.get("ahead", []) if (d := as_date(m["date"]))}
    # every goal's restart first, then every goal's next step, and so on: no goal waits for
    # all of another's steps; within a round the earliest wanted first, then the focus order
    steps = sorted(((_at_turn(wanted, turns.get(cid), soonest) if i == 0 else wanted,
                     order.index(cid), i, cid, due, entry)
                    for cid in order if out[cid].get("redo_by")
                    for i, (due, wanted, entry) in enumerate(_steps(out[cid]))),
                   key=lambda s: (s[2], s[0], s[1]))
    previous: dict[str, dt.date] = {}
    placed: dict[tuple[str, str], dt.date] = {}
    sharing: set[tuple[str, str]] = set()
    crowded: dict[tuple[str, str], bool] = {}
    for wanted, _, _, cid, due, _ in steps:
        if cid in previous and due in _covered(out[cid]):
            # it needs no session of its own, only what else it asks of the sessions before
            # it: it keeps its date (never earlier), sharing a week if it must, and takes no
            # week from another goal's new work
            day = max(wanted, previous[cid], as_date(due) or wanted)
            while day in holidays:
                day += dt.timedelta(days=every)
            previous[cid] = day
            placed[(cid, due)] = day
            sharing.add((cid, due))
            continue
        if cid in previous:
            start = max(wanted, previous[cid] + dt.timedelta(days=every))
            day = _free(start, dt.date.max, every, taken, holidays)
            # later than holidays alone would put it: another goal's new work took the week
            crowded[(cid, due)] = day != _free(start, dt.date.max, every, set(), holidays)
        else:  # a restart may take the next 1:1 when its own week is full, never one
            # before its goal's turn
            day = _free(wanted, max(soonest or wanted, turns.get(cid, dt.date.min)), every,
                        taken, holidays)
        taken.add(_week(day))
        previous[cid] = day
        placed[(cid, due)] = day
    notes: list[dict[str, Any]] = []
    for wanted, _, i, cid, due, entry in steps:
        day = placed[(cid, due)]
        status = out[cid]
        if i == 0 and status.get("redo_by"):
            status["redo_by"] = day.isoformat()
        elif entry is not None:
            entry["to"] = day.isoformat()
            entry["shares"] = (cid, due) in sharing
            # moved past the week after the step it builds on by another goal's new work
            entry["pushed"] = crowded.get((cid, due), False)
        elif day != wanted:
            short = next((m["short"] for m in status["ahead"] if m["date"] == due), "")
            status.setdefault("moved", []).append(
                {"date": due, "to": day.isoformat(), "short": short,
                 "spread": (cid, due) not in sharing, "shares": (cid, due) in sharing})
        before = [d for (c, _), d in placed.items() if c == cid and d < day]
        # a step sharing the week of the sessions it rests on asks no working days of its own
        week_off = [] if (cid, due) in sharing else _in_the_run_up(
            day, max(before, default=day - dt.timedelta(days=every)), holidays)
        if week_off or day > end:
            notes.append({"cid": cid, "due": due, "to": day.isoformat(),
                          "holiday": week_off[0].isoformat() if week_off else None,
                          "holidays": [h.isoformat() for h in week_off],
                          "past_end": day > end})
    for status in out.values():
        status["moved"] = sorted(status.get("moved", []), key=lambda m: m["to"])
    return notes


def proposed_for(status: dict[str, Any] | None, due: str) -> str | None:
    """The day now proposed for the milestone first due ``due``, when it moved: the restart
    of the first late one, or a later step's new day; None when it keeps its date."""
    if not status:
        return None
    late = status.get("late") or []
    if late and late[0]["date"] == due and status.get("redo_by"):
        return str(status["redo_by"])
    return next((str(m["to"]) for m in status.get("moved", []) if m["date"] == due
                 and m["to"] != due), None)
