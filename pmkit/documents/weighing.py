"""What the record holds against reopening a rating, beside the newer work that speaks for it.

A rating is flagged for a fresh look when newer work may speak to a higher rubric line
(see ``next_focus.weighed``). Word matching finds what speaks for it; a manager weighing
the question needs what speaks against it too: a milestone of the same goal missed, or
late and still open, the goal's own action items carried from 1:1 to 1:1, and people the
higher line asks to be there whom none of the work names (see present_roles). Both are
named in the manager's private part beside the quote, so the decision is a real weighing.
A milestone reached, even late, is work done, not a point against. Every entry written on
the competency since the rating counts (1:1 lines as the line-to-goal rules file them,
and logged work), not only the line quoted, and counts the pieces of work it names ("four
interviews so far" is four): with fewer than three, the record is a start,
not yet a pattern, and the rating is not marked "to agree together"; the private part
says why. Nothing here reaches the PM's copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pmkit.documents import notes
from pmkit.documents.counts import in_words
from pmkit.documents.goal_text import goal_of
from pmkit.documents.oneonone import folder, read_text
from pmkit.documents.present_roles import absent
from pmkit.documents.work_pieces import pieces
from pmkit.files.dated import dated_files

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.model.person import Person
    from pmkit.model.schema import Competency
    from pmkit.workspace import Workspace

#: Fewer pieces of work than this written since a rating is a thin record: a start, not yet the
#: pattern a rubric line describes, so it does not reopen the rating on its own.
THIN = 3
#: An item carried this many times or more speaks against the rating it belongs to: the
#: same count at which the agenda asks for a decision on it.
CARRIED_AGAINST = notes.DECIDE_AFTER
#: How a 1:1 prompt that later work followed is named: not a point against on its own.
FOLLOWED = "it took a prompt"


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
                        midplan: bool) -> tuple[list[str], list[str]]:
    """The goal's milestones since the rating that were missed, in words, and those late and
    still open while the plan runs: lateness says nothing about which rubric line fits, so
    those are only work not shown yet. A milestone reached, even late, is work done: it says
    nothing against a higher rating, so it is left out."""
    missed: list[dict[str, Any]] = []
    late: list[str] = []
    for m in rows:
        if m["date"] and m["date"] > since.isoformat() and m["state"] in ("missed", "waited"):
            if midplan:
                late.append(f"the milestone due {m['date']} (“{m['short']}”)")
            else:
                missed.append(m)
    if not missed or missed[0]["state"] != "missed":
        return [], late
    # the goal's later milestones build on its first: one shortfall, named once
    first, rest = missed[0], missed[1:]
    said = f"the milestone due {first['date']} (“{first['short']}”) was missed" + (
        ", though partly there" if first.get("partly") is not None else "")
    if rest:
        dates = " and ".join(m["date"] for m in rest)
        # one that only waited on it is no second miss: it is named, not counted
        one = len(rest) == 1
        said += (f"; the {'one' if one else in_words(len(rest))} after it (due {dates}) "
                 f"waited on it, so {'it is not a second miss' if one else 'they add no miss'}")
    return [said], late


def _turned_back(note: str, written: list[dict[str, str]]) -> list[str]:
    """1:1 lines since the rating that turn back to the assessment note's own words ("he
    still wrote a full spec afterwards, though" beside "writes the spec first"): the newer
    record bearing the note out speaks against reading past it."""
    from pmkit.documents.milestone_notes import SENTENCE
    from pmkit.documents.overtaken_notes import confirms

    out: list[str] = []
    for w in written:
        for said in SENTENCE.split(w["text"]):
            if w["source"] == "notes" and note and confirms(note, said):
                out.append(f"your 1:1 notes of {w['date']} bear out your assessment note: "
                           f"“{said.strip().rstrip('.')}”")
    return out


def _asked_for(noted: list[tuple[dt.date, str, str]], comp: Competency, cid: str,
               rating: int, values: list[int], areas: Mapping[str, tuple[str, list[str]]],
               when: dt.date, written: Iterable[dict[str, str]] = ()) -> list[str]:
    """1:1 instructions on ``cid`` since the rating that ask for the very behaviour a higher
    rubric line describes ("Before settling on a confirmation email, list other options"):
    while the manager still has to ask for it, it is not yet how the PM works. When later
    ``written`` work did what it asked, the prompt is named as followed instead."""
    from pmkit.documents.evidence import advice, area_of, reported, sentences
    from pmkit.documents.newer_work import rubric_line_of

    above = [v for v in values if rating < v <= rating + 2]
    written = list(written)
    out: list[str] = []
    for day, filed, line in noted:
        for said in sentences(line):
            if not (day <= when and advice(said) and not reported(said)
                    and (filed == cid or area_of(said, areas) == cid)):
                continue
            value = rubric_line_of(said, comp, above)
            if value is None:
                continue
            # work after the prompt that did what it asked: a prompt followed, not a point
            # against; said as such, with how often it has happened since
            done = {w["date"] for w in written if w["date"] > day.isoformat() and any(
                (rubric_line_of(s, comp, above) or 0) >= value for s in sentences(w["text"]))}
            if done:
                times = "once" if len(done) == 1 else f"{in_words(len(done))} times"
                out.append(f"{FOLLOWED} (your 1:1 notes of {day}: “{said.strip().rstrip('.')}”) "
                           f"and has happened {times} since")
            else:
                out.append(f"your 1:1 notes of {day} had to ask for what the line for {value} "
                           f"describes: “{said.strip().rstrip('.')}”")
    return out


def against(ws: Workspace, handle: str, person: Person, cid: str, since: dt.date,
            when: dt.date, areas: Mapping[str, tuple[str, list[str]]],
            rating: int, noted: list[tuple[dt.date, str, str]], note: str,
            written: list[dict[str, str]], cycle: Cycle | None,
            carried: list[tuple[str, dt.date, int]]) -> tuple[list[str], list[str]]:
    """What speaks against a higher rating of ``cid`` on the record since ``since``, each in
    words for the manager, and the goal's late milestones, named only as not shown yet.
    ``carried`` are the PM's open items (see :func:`carried_items`), read once by the caller."""
    from pmkit.documents.evidence import area_of
    from pmkit.documents.focus import _goals
    from pmkit.documents.goal_status import last_held, milestone_rows, plan_end
    from pmkit.documents.milestone_marks import mark_partly
    from pmkit.documents.next_focus import plan_start

    if cid not in areas:
        return [], []
    start = plan_start(ws, handle, person, when)[0]
    goal = _goals(person, ws.index).get(cid, "")
    rows = milestone_rows(person.plan, cid, ws.index, when,  # worded as the review words them
                          goal, last_held(ws, handle, when, start))
    if cycle is not None and any(m["state"] == "missed" for m in rows):  # as the review reads
        mark_partly(cycle, person, when,
                    [{"id": cid, "name": ws.index.by_id[cid].competency.name, "goal": goal,
                      "milestones": rows}])
    out, late = _milestones_against(rows, since, when < plan_end(ws, handle, start)[0])
    out += _turned_back(note, written)
    out += _asked_for(noted, ws.index.by_id[cid].competency, cid, rating,
                      list(ws.index.model.scale), areas, when, written)
    for text, first, times in carried:
        ask = text.partition(":")[2].strip() or text
        if times >= CARRIED_AGAINST and first > since and area_of(ask, areas) == cid:
            out.append(f"“{ask}” was carried through {in_words(times, most=12)} 1:1s "
                       f"after {first}")
    return out, late


def weigh(ws: Workspace, handle: str, person: Person, flagged: dict[str, dict[str, Any]],
          when: dt.date, rows: Iterable[Any] = (), report: Any = None,
          noted_since: list[tuple[dt.date, str, str]] | None = None,
          cycle: Cycle | None = None
          ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The ratings still flagged, each with ``against`` (what the record holds against a
    higher rating), ``unshown`` (late milestones) and ``absent`` (people the higher line asks
    to be there that no work since names), and those held back: written work
    alone speaks for it, not the goal's own ask done as worded, and fewer than :data:`THIN`
    entries are written down on the competency since the rating, all of them counted, not
    only the one quoted. ``rows`` are the report's rows, for each competency's rating and
    note; with the plan's ``cycle`` (see goal_status.plan_cycle), a missed milestone is read as
    partly there as the review reads it.
    ``noted_since`` are the 1:1 lines since the report's assessment, when already read: the
    1:1 files are read once for every flagged rating."""
    from pmkit.documents.agenda import manager_names
    from pmkit.documents.evidence import reported
    from pmkit.documents.next_focus import noted_in_oneonones, work_since

    index = ws.index
    areas = plan_areas(ws, handle, person, when)
    managers = manager_names(ws.settings)
    rows = list(rows)
    ratings = {row.competency: row.rating for row in rows}
    notes_of = {row.competency: str(getattr(row, "evidence", "") or "") for row in rows}
    kept: dict[str, dict[str, Any]] = {}
    held: dict[str, dict[str, Any]] = {}
    noted: dict[str, list[tuple[dt.date, str, str]]] = {}
    assessed = getattr(report, "assessed_on", None)
    if noted_since is not None and assessed is not None:
        noted[assessed.isoformat()] = noted_since
    carried: list[tuple[str, dt.date, int]] | None = None  # read on the first rating weighed
    for cid, entry in flagged.items():
        work = [v for v in entry.get("views", []) if v.get("work")]
        if entry.get("direction") != "higher" or not work or not entry.get("since"):
            kept[cid] = dict(entry, against=[], unshown=[], absent=[])
            continue
        since = dt.date.fromisoformat(entry["since"])
        if entry["since"] not in noted:
            noted[entry["since"]] = noted_in_oneonones(ws, handle, index, since)
        entries = work_since(person, index, cid, since, for_pm=False,
                             noted=noted[entry["since"]])
        if carried is None:
            carried = carried_items(ws, handle, when, managers)
        reasons, late = against(ws, handle, person, cid, since, when, areas,
                                ratings.get(cid) or 0, noted[entry["since"]],
                                notes_of.get(cid, ""), entries, cycle, carried)
        written = sum(pieces(w["text"]) for w in entries)  # counted in pieces of work
        # people the line the work may speak to asks to be there, named by none of it
        # (what a 1:1 note reports: an instruction beside it names who should be there next)
        missing = absent(str(work[0].get("line") or ""), work[0].get("rating") or 0,
                         [reported(w["text"]) if w["source"] == "notes" else w["text"]
                          for w in entries])
        away = [missing] if missing else []
        # only written work speaks for it (no view reads above the rating), and that work
        # is not the goal's own ask done as worded
        alone = len(entry["views"]) == 1 and not work[0].get("goal")
        entry = dict(entry, also=_also(index.by_id[cid].competency, ratings.get(cid) or 0,
                                       work[0], entries))
        if alone and written < THIN:
            held[cid] = dict(entry, against=reasons, unshown=late, quote=work[0],
                             written=max(written, 1), absent=away)
        else:
            comp = index.by_id[cid].competency
            likely = _outgrown(comp, ratings.get(cid) or 0, work[0],
                               [x for x in reasons if not x.startswith(FOLLOWED)] + away)
            kept[cid] = dict(entry, against=reasons, unshown=late, absent=away,
                             outgrown=likely, claimed=_claimed(comp, likely, rows, cid))
    return kept, held


def plan_areas(ws: Workspace, handle: str, person: Person, when: dt.date
               ) -> dict[str, tuple[str, list[str]]]:
    """Each goal of the plan with its other words, as a 1:1 note's sentence is placed under
    a goal (``evidence.area_of``); with none written, the competency's first practice was
    the goal."""
    from pmkit.documents.focus import _goals
    from pmkit.documents.next_focus import field_of, per_competency, plan_focus, plan_start

    index = ws.index
    milestones = getattr(person.plan, "milestones", None)
    first = plan_start(ws, handle, person, when)[1]
    goals = _goals(person, index)
    return {cid: (goal_of(cid, goals, index),
                  [index.by_id[cid].competency.name,
                   *(str(field_of(m, "text") or "") for m in per_competency(milestones, cid, index))])
            for cid in plan_focus(person, index, dict(first.ratings) if first else {})}


def own_sentences(text: str, cid: str, areas: Mapping[str, tuple[str, list[str]]]) -> str:
    """Only the sentences of a 1:1 entry filed under ``cid`` that stay there: one that
    clearly speaks another goal (a prompt about exploring options under Customer insight)
    is that goal's, as the weighing reads it, and is not quoted here."""
    from pmkit.documents.evidence import area_of, sentences

    kept = [s for s in sentences(text) if area_of(s, areas) in (None, cid)]
    return " ".join(kept)


def _outgrown(comp: Competency, rating: int, work: Mapping[str, Any],
              against: list[str]) -> int | None:
    """The next line up when the quoted work plainly no longer fits the rating's own line
    (see newer_work.outgrows) and nothing on the record speaks against it but a prompt
    since followed: then the fresh rating is likely that line, not "confirm yours"."""
    from pmkit.documents.newer_work import outgrows

    above = sorted(v for v in comp.rubric if v > rating)
    if against or not above or not outgrows(comp, rating, str(work.get("evidence") or "")):
        return None
    return above[0]


def _claimed(comp: Competency, likely: int | None, rows: list[Any], cid: str
             ) -> dict[str, Any] | None:
    """The PM's own rating and its rubric line, when it sits above the line the newer work
    likely reaches: the manager names it, so the PM hears why one piece is not yet it."""
    own = next((getattr(row, "self_rating", None) for row in rows if row.competency == cid), None)
    if likely is None or own is None or own <= likely or own not in comp.rubric:
        return None
    return {"rating": own, "line": comp.rubric[own]}


def _also(comp: Competency, rating: int, quoted: dict[str, Any],
          entries: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The other pieces written since the rating that read like the same step up (the line
    above it, or the next): weighed with the one quoted, so one piece does not stand for
    the record. Each is {"date", "source", "text"} with the sentence that reads so."""
    from pmkit.documents.milestone_notes import SENTENCE
    from pmkit.documents.newer_work import rubric_line_of

    out: list[dict[str, Any]] = []
    values = list(comp.rubric)
    for e in entries:
        if str(e["date"]) == str(quoted.get("date")) and e["source"] == quoted.get("source"):
            continue
        said = next((s.strip().rstrip(".") for s in SENTENCE.split(e["text"])
                     if rating < (rubric_line_of(s, comp, values) or 0) <= rating + 2), "")
        if said:
            out.append({"date": str(e["date"]), "source": e["source"], "text": said})
    return out

