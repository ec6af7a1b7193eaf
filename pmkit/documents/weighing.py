"""What the record holds against reopening a rating, beside the newer work that speaks for it.

A rating is flagged for a fresh look when newer work may speak to a higher rubric line
(see ``next_focus.weighed``). Word matching finds what speaks for it; a manager weighing
the question needs what speaks against it too: a milestone of the same goal missed or met
late, and the goal's own action items carried from 1:1 to 1:1. Both are named in the
manager's private part beside the quote, so the decision is a real weighing. When the only
thing for it is one line of notes while a milestone of that goal was missed, one line does
not outweigh the miss; and when fewer than three entries are written down since the
rating at all, the record is a start, not yet a pattern. Either way the rating is not
marked "to agree together", and the private part says why. Nothing here reaches the PM's
copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pmkit.documents import notes
from pmkit.documents.counts import in_words
from pmkit.documents.oneonone import dated_files, folder, read_text

if TYPE_CHECKING:
    from pmkit.model.person import Person
    from pmkit.workspace import Workspace

#: Fewer entries than this written since a rating is a thin record: a start, not yet the
#: pattern a rubric line describes, so it does not reopen the rating on its own.
THIN = 3
#: An item carried this many times or more speaks against the rating it belongs to: the
#: same count at which the agenda asks for a decision on it.
CARRIED_AGAINST = notes.DECIDE_AFTER


def carried_items(ws: Workspace, handle: str, when: dt.date,
                  managers: list[str]) -> list[tuple[str, dt.date, int]]:
    """The PM's open action items in the 1:1s before ``when``: (text, first day, times carried
    after it). An item ticked in any later 1:1 is done and left out; the manager's own
    items are not the PM's record."""
    seen: dict[str, tuple[str, dt.date, int]] = {}
    done: set[str] = set()
    for day, path in dated_files(folder(ws, handle)):
        if day >= when:
            break
        roots = notes.list_tree(notes.parse(notes.pm_copy(read_text(path, ws.rel(path)))))
        stack, here = list(roots), set()  # written twice in one 1:1 counts once
        while stack:
            node = stack.pop()
            stack.extend(node.children)
            text = notes.clean(node.text)
            key = text.casefold()
            if node.checked is True:
                done.add(key)
            elif (node.checked is False and text and key not in here
                  and not notes.owned_by(text, managers)):
                here.add(key)
                first = seen.get(key)
                seen[key] = (text, first[1], first[2] + 1) if first else (text, day, 0)
    return [item for key, item in seen.items() if key not in done]


def _milestones_against(rows: list[dict[str, Any]], since: dt.date, shown_on: dt.date,
                        midplan: bool) -> tuple[list[str], bool]:
    """The goal's milestones since the rating that were missed or met late, in words, and
    whether one is missed outright. A milestone reached late by the very work that speaks
    for the rating is that work, not a point against it."""
    out: list[str] = []
    missed = False
    for m in rows:
        if not m["date"] or m["date"] <= since.isoformat():
            continue
        if m["state"] == "missed":
            missed = True
            out.append(f"the milestone due {m['date']} (“{m['short']}”) "
                       f"{'is late' if midplan else 'was missed'}")
        elif m["state"] == "met" and m.get("late") and m["reached"] != shown_on.isoformat():
            out.append(f"the milestone due {m['date']} was reached only {m['late_by']} late")
    return out, missed


def against(ws: Workspace, handle: str, person: Person, cid: str, since: dt.date,
            when: dt.date, areas: Mapping[str, tuple[str, list[str]]],
            managers: list[str], shown_on: dt.date) -> tuple[list[str], bool]:
    """What speaks against a higher rating of ``cid`` on the record since ``since``, each in
    words for the manager, and whether a milestone of its goal was missed outright;
    ``shown_on`` is the day of the work that speaks for it."""
    from pmkit.documents.evidence import area_of
    from pmkit.documents.focus import _goals
    from pmkit.documents.goal_status import last_held, milestone_rows, plan_end
    from pmkit.documents.next_focus import plan_start

    if cid not in areas:
        return [], False
    start = plan_start(ws, handle, person, when)[0]
    rows = milestone_rows(person.plan, cid, ws.index, when,  # worded as the review words them
                          _goals(person, ws.index).get(cid, ""), last_held(ws, handle, when, start))
    out, missed = _milestones_against(rows, since, shown_on,
                                      when < plan_end(ws, handle, start)[0])
    for text, first, times in carried_items(ws, handle, when, managers):
        ask = text.partition(":")[2].strip() or text
        if times >= CARRIED_AGAINST and first > since and area_of(ask, areas) == cid:
            out.append(f"“{ask}” was carried through {in_words(times, most=12)} 1:1s "
                       f"after {first}")
    return out, missed


def weigh(ws: Workspace, handle: str, person: Person, flagged: dict[str, dict[str, Any]],
          when: dt.date) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The ratings still flagged, each with ``against`` (what the record holds against a
    higher rating), and those held back: written work alone speaks for it, not the goal's
    own ask done as worded, and either it is one line of 1:1 notes beside a missed milestone
    (logged work is written down on purpose, and weighed instead) or fewer than
    :data:`THIN` entries are written down since the rating at all."""
    from pmkit.documents.agenda import manager_names
    from pmkit.documents.focus import _goals
    from pmkit.documents.next_focus import (
        field_of,
        noted_in_oneonones,
        per_competency,
        plan_focus,
        plan_start,
        work_since,
    )

    index = ws.index
    milestones = getattr(person.plan, "milestones", None)
    first = plan_start(ws, handle, person, when)[1]
    goals = _goals(person, index)
    # each goal of the plan with its other words, as a 1:1 note's sentence is placed under a
    # goal; with none written, the competency's first practice was the goal
    areas = {cid: (goals.get(cid) or next(iter(index.by_id[cid].competency.practices), ""),
                   [index.by_id[cid].competency.name,
                    *(str(field_of(m, "text") or "") for m in per_competency(milestones, cid, index))])
             for cid in plan_focus(person, index, dict(first.ratings) if first else {})}
    managers = manager_names(ws.settings)
    kept: dict[str, dict[str, Any]] = {}
    held: dict[str, dict[str, Any]] = {}
    noted: dict[str, list[tuple[dt.date, str, str]]] = {}
    for cid, entry in flagged.items():
        work = [v for v in entry.get("views", []) if v.get("work")]
        if entry.get("direction") != "higher" or not work or not entry.get("since"):
            kept[cid] = dict(entry, against=[])
            continue
        since = dt.date.fromisoformat(entry["since"])
        reasons, missed = against(ws, handle, person, cid, since, when, areas, managers,
                                  work[-1]["date"])
        if entry["since"] not in noted:
            noted[entry["since"]] = noted_in_oneonones(ws, handle, index, since)
        written = len(work_since(person, index, cid, since, for_pm=False,
                                 noted=noted[entry["since"]]))
        # only written work speaks for it (no view reads above the rating), and that work
        # is not the goal's own ask done as worded
        alone = len(entry["views"]) == 1 and not work[0].get("goal")
        outweighed = bool(reasons and missed and work[0].get("source") == "notes")
        if alone and (outweighed or written < THIN):
            held[cid] = dict(entry, against=reasons, quote=work[0],
                             written=0 if outweighed else written)
        else:
            kept[cid] = dict(entry, against=reasons)
    return kept, held
