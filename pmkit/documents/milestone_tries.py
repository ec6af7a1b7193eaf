"""The pieces of work a milestone asking for a number of them counts, read from the record.

A late milestone asking for two tries names each try written down by its date, as the plan
names them; and a run of weeks logged as done after its date was late when notes written by
that date show fewer than it asks for. Tries that leave a step of the goal unnamed say
so, a try raised in a 1:1 is not asked to be walked through again, and work offered as a
waiting milestone done late names what that milestone asks for.
"""

from __future__ import annotations

import re
from typing import Any

from pmkit.documents.as_yours import as_yours


def tries_counted(row: dict[str, Any], written: list[dict[str, Any]], goal: str,
                  name: str) -> list[dict[str, Any]]:
    """The pieces of work by a late milestone's date that count toward it, when it asks
    for a number of them ("tried twice") and more than one is written: each one named, as
    the plan names them, so "a short note on each" has its "each"."""
    from pmkit.documents import evidence
    from pmkit.documents.milestone_notes import SENTENCE

    if evidence.rhythm(row["raw"]) or (evidence.counted(row["raw"])[0] or 0) < 2:
        return []
    asks = f"{row['raw']} {goal}"
    found = [dict(e, text=as_yours(SENTENCE.split(e["text"])[0], e["source"])) for e in written
             if e["date"] <= row["date"] and evidence.names_any(e["text"], asks, name)]
    return found if len(found) > 1 else []


def short_by_then(row: dict[str, Any], written: list[dict[str, Any]]) -> bool:
    """Whether work written by a milestone's date states fewer than the milestone asks for
    ("two claimant interviews done" on the day "every week for three weeks" was due): a
    later log of it met it after its date, however many weeks it covers."""
    from pmkit.documents import evidence

    need = evidence.counted(row["raw"])[0] or 0
    return need > 0 and any(
        (evidence.counted(e["text"])[0] or need) < need
        for e in written if e["date"] <= row["date"])


#: Where a goal's steps split: "write the four risks on one page and choose the cheapest test".
_STEPS = re.compile(r"\s*[,;]\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)
#: Where the thing a step makes ends and where or how it is made begins.
_WHERE = re.compile(r"\s+(?=(?:on|in|with|for|to|at|by|after|before|into|about|from)\b)",
                    re.IGNORECASE)
#: A milestone that asks for the goal itself: "Your goal tried twice", "The goal done once more".
_THE_GOAL = re.compile(r"^(?:your|the)\s+goal\b", re.IGNORECASE)


def goal_unshown(goal: str, texts: list[str], name: str = "") -> list[str]:
    """The steps of a goal's action that none of ``texts`` (the pieces counted as tries of
    it) names, each put as a thing done ("the four risks written on one page"): a prototype
    test is a try of a goal about tests only in part when the goal asks for a page of risks
    first, and what is still to show must say so. A step made of a pronoun ("post it") is
    left out: it cannot be named on its own."""
    from pmkit.documents.milestone_notes import goal_action
    from pmkit.documents.unshown import unshown
    from pmkit.documents.verbs import PAST, participles

    out = []
    for step in _STEPS.split(goal_action(goal)):
        verb, _, rest = step.strip().partition(" ")
        verb = verb.casefold()
        if verb not in PAST or not rest or rest.split()[0].casefold() in ("it", "them", "this"):
            continue
        if not unshown(step, texts, name):
            continue
        thing = _WHERE.split(rest, maxsplit=1)
        out.append(" ".join([thing[0], next(iter(participles(verb))), *thing[1:]]))
    return out


def walked_through(still: str, tries: list[dict[str, Any]]) -> str:
    """What a late milestone still asks, where it asks for "a short note on each" to walk
    through in a 1:1 and some tries are in 1:1 notes already: those were raised in a 1:1,
    so the note is asked only of the others, named ("a short note on the prototype test")."""
    from pmkit.documents.milestone_notes import OBJECT

    said = [t for t in tries if t["source"] == "notes"]
    if not said or " on each" not in still or "1:1" not in still:
        return still
    rest = [t for t in tries if t["source"] != "notes"]
    if not rest:  # each was raised in a 1:1: what the notes hold is the walk-through
        return re.sub(r",?\s*(?:and\s+)?an?\s+[^,]*?\bon each\b[^,]*?1:1", "", still).strip(", ")
    named = []
    for t in rest:
        found = OBJECT.search(t["text"])
        named.append(f"the {found.group(0).split(' ', 1)[1]}" if found
                     else f"the work logged on {t['date']}")
    return still.replace(" on each", " on " + " and ".join(named), 1)


def done_late(row: dict[str, Any], written: list[dict[str, Any]], goal: str,
              beside: set[str]) -> dict[str, Any] | None:
    """The first piece of work after a waiting milestone's date that may be it, done late:
    when the milestone asks for the goal again ("the goal done once more"), only one that
    names the goal's own thing (a customer conversation, not a support call); else any,
    for the two of you to agree on. The day's log a manager's mark sits beside belongs to
    that milestone. None when nothing on record fits."""
    import datetime as dt

    from pmkit.documents.goal_match import work_matches_goal

    def fits(text: str, day: str) -> bool:
        if _THE_GOAL.match(row["raw"]):
            return bool(goal) and work_matches_goal(
                goal, [(dt.date.fromisoformat(day[:10]), text)], dt.date.min) is not None
        return True

    return next((dict(e, text=as_yours(e["text"], e["source"])) for e in written
                 if e["date"] > row["date"] and not (e["date"] in beside and e["source"] == "log")
                 and fits(e["text"], e["date"])), None)


def late_tries(late: list[dict[str, Any]], written: list[dict[str, Any]], goal: str,
               name: str) -> list[dict[str, Any]]:
    """The tries counted toward a goal's first late milestone (see tries_counted), its
    "still" then led by the steps of the goal no try names, and its walk-through asked only
    of the tries no 1:1 has heard of."""
    tries = tries_counted(late[0], written, goal, name) if late else []
    if tries and not late[0].get("tried"):
        from pmkit.documents.milestone_notes import listing

        still = walked_through(late[0].get("still") or "", tries)
        late[0]["still"] = listing([*goal_unshown(goal, [t["text"] for t in tries], name),
                                    *([still] if still else [])])
        late[0]["tried"] = True  # read once, however often the goals are read
    return tries


def read_waiting(rows: list[dict[str, Any]], written: list[dict[str, Any]],
                 everything: list[dict[str, Any]], goal: str, name: str) -> None:
    """Each milestone row read against the work after the one before it: ``maybe``, the
    work that may be a waiting one done late (see done_late); ``marked_before``, the day
    the one before was marked reached when work by its own date may have met it, so this
    one need not have waited; ``none_yet``, nothing on record shows a waiting one whose
    predecessor is met; ``unshown``, the parts of one due at this meeting that nothing in
    ``everything`` (ticked items too) shows, when the record shows some of it."""
    from pmkit.documents import evidence
    from pmkit.documents.goal_match import stems
    from pmkit.documents.unshown import unshown

    # the day's work a manager's mark sits beside counts for that milestone, not the next
    beside = {m["reached"] for m in rows if m["marked"]}
    texts = [e["text"] for e in everything]
    before: dict[str, Any] | None = None
    for m in rows:
        waited = m["state"] == "waited"
        m["maybe"] = done_late(m, written, goal, beside) if waited else None
        m["marked_before"] = before["reached"] if waited and before and before["marked"] \
            and before["early"] else None
        m["none_yet"] = bool(waited and before and before["state"] == "met" and not m["maybe"])
        left = unshown(m["raw"], texts, name) if m["state"] == "due" else ""
        m["unshown"] = left if left and any(  # some of it on record, in its words or close
            evidence.names_any(t, m["raw"], name) or len(stems(t) & stems(m["raw"])) > 1
            for t in texts) else ""
        before = m
