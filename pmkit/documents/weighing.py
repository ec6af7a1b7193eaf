"""What the record holds against reopening a rating, beside the newer work that speaks for it.

A rating is flagged for a fresh look when newer work may speak to a higher rubric line
(see ``next_focus.weighed``). Word matching finds what speaks for it; a manager weighing
the question needs what speaks against it too: a milestone of the same goal missed, or
late and still open, and the goal's own action items carried from 1:1 to 1:1. Both are
named in the manager's private part beside the quote, so the decision is a real weighing.
A milestone reached, even late, is work done, not a point against. Every entry written on
the competency since the rating counts (1:1 lines as the line-to-goal rules file them,
and logged work), not only the line quoted: with fewer than three, the record is a start,
not yet a pattern, and the rating is not marked "to agree together"; the private part
says why. Nothing here reaches the PM's copy.
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


def _milestones_against(rows: list[dict[str, Any]], since: dt.date,
                        midplan: bool) -> list[str]:
    """The goal's milestones since the rating that were missed (or are late and still open),
    in words. A milestone reached, even late, is work done: it says
    nothing against a higher rating, so it is left out."""
    out: list[str] = []
    for m in rows:
        if not m["date"] or m["date"] <= since.isoformat():
            continue
        if m["state"] == "missed":
            out.append(f"the milestone due {m['date']} (“{m['short']}”) "
                       f"{'is late' if midplan else 'was missed'}")
    return out


def against(ws: Workspace, handle: str, person: Person, cid: str, since: dt.date,
            when: dt.date, areas: Mapping[str, tuple[str, list[str]]],
            managers: list[str]) -> list[str]:
    """What speaks against a higher rating of ``cid`` on the record since ``since``, each in
    words for the manager."""
    from pmkit.documents.evidence import area_of
    from pmkit.documents.focus import _goals
    from pmkit.documents.goal_status import last_held, milestone_rows, plan_end
    from pmkit.documents.next_focus import plan_start

    if cid not in areas:
        return []
    start = plan_start(ws, handle, person, when)[0]
    rows = milestone_rows(person.plan, cid, ws.index, when,  # worded as the review words them
                          _goals(person, ws.index).get(cid, ""), last_held(ws, handle, when, start))
    out = _milestones_against(rows, since, when < plan_end(ws, handle, start)[0])
    for text, first, times in carried_items(ws, handle, when, managers):
        ask = text.partition(":")[2].strip() or text
        if times >= CARRIED_AGAINST and first > since and area_of(ask, areas) == cid:
            out.append(f"“{ask}” was carried through {in_words(times, most=12)} 1:1s "
                       f"after {first}")
    return out


def weigh(ws: Workspace, handle: str, person: Person, flagged: dict[str, dict[str, Any]],
          when: dt.date) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The ratings still flagged, each with ``against`` (what the record holds against a
    higher rating), and those held back: written work alone speaks for it, not the goal's
    own ask done as worded, and fewer than :data:`THIN` entries are written down on the
    competency since the rating, all of them counted, not only the one quoted."""
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
        reasons = against(ws, handle, person, cid, since, when, areas, managers)
        if entry["since"] not in noted:
            noted[entry["since"]] = noted_in_oneonones(ws, handle, index, since)
        written = len(work_since(person, index, cid, since, for_pm=False,
                                 noted=noted[entry["since"]]))
        # only written work speaks for it (no view reads above the rating), and that work
        # is not the goal's own ask done as worded
        alone = len(entry["views"]) == 1 and not work[0].get("goal")
        if alone and written < THIN:
            held[cid] = dict(entry, against=reasons, quote=work[0], written=max(written, 1))
        else:
            kept[cid] = dict(entry, against=reasons)
    return kept, held
