"""Evidence as a plan or an agenda lists it: each piece of work once, in the PM's voice,
dated so the list, "latest evidence" and "partly there" agree, and what a repeat means said
to the manager alone."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pmkit.documents.counts import in_words_to_ten
from pmkit.documents.evidence import TICKED

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle

__all__ = ["evidence_dicts", "listed_on"]


def evidence_dicts(cycle: Cycle | None, cid: str, names: Sequence[str]
                   ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """What the PM did against a goal: the entries for the PM's eyes, in the PM's voice,
    and the ones kept back because they speak about the PM in a way that cannot be turned.
    Private entries appear in neither."""
    from pmkit.documents import evidence, line_goals, voice

    shown: list[dict[str, str]] = []
    kept: list[dict[str, str]] = []
    dates: dict[int, list[str]] = {}
    # Where a milestone asks for a rhythm, each date is one occurrence, and the gaps
    # between them are what the reader needs to see.
    rhythm = cycle is not None and any(evidence.rhythm(step.text)
                                       for step in cycle.steps.get(cid, []))
    for entry in cycle.public_evidence(cid) if cycle is not None else []:
        turned = voice.to_pm(entry.text, names)
        if turned is not None and entry.source != "notes":
            turned = evidence.as_done(turned)
        into = shown if turned is not None else kept
        text = turned or entry.text
        if turned is not None and entry.source == "notes":
            text = voice.done_by_you(text)
        text = voice.raised(text)  # a note as written: "wrote up notes ..."
        # The same line noted again on a later day is one piece of evidence with two dates.
        # Rows are keyed by the line's plain words as written, the key pasted and copied
        # lines are matched by, so "noted again" and "pasted again" are one rule.
        key = line_goals.plain(entry.text)
        same = next((e for e in into if e["key"] == key), None)
        if same is not None:
            if entry.date.isoformat() not in dates[id(same)]:
                dates[id(same)].append(entry.date.isoformat())
            same["last"] = max(same["last"], entry.date.isoformat())
            continue
        row = {"date": entry.date.isoformat(), "text": text, "last": entry.date.isoformat(),
               "key": key,
               # Logged work was done on its dates, a note written; a ticked item may recur.
               "verb": "ticked" if text.startswith(TICKED)
               else "done" if entry.source != "notes" else "written"}
        dates[id(row)] = [entry.date.isoformat()]
        into.append(row)
    # One line noted on several days is one piece of work noted again, not several. Each is
    # dated as listed_on says, so the list, "latest evidence" and "partly there" agree.
    for row in (*shown, *kept):
        days = sorted(dates[id(row)])
        verb = row.pop("verb")
        row["also"] = row["repeat"] = ""
        row["first"] = days[0]
        row["date"] = listed_on(days, rhythm, verb == "done")
        if len(days) > 1:
            listed = ", ".join(days[:-1]) + " and " + days[-1]
            if rhythm and verb == "done":  # a habit's dates are the PM's, and its gaps matter
                row["also"] = f"done on {in_words_to_ten(len(days))} dates, {listed}: {_apart(days)}"
            elif verb == "ticked":  # added afresh and ticked again: the manager weighs it
                row["repeat"] = (f"added and ticked again on {' and '.join(days[1:])}: "
                                 "if it is the same work, it counts once")
            else:  # the same words noted again are about the notes, for the manager alone
                row["repeat"] = (f"noted in the same words on {in_words_to_ten(len(days))} dates "
                                 f"({listed}); if it is the same work, it counts toward one "
                                 "milestone at most")
    shown.sort(key=lambda row: row["date"])
    kept.sort(key=lambda row: row["date"])
    return shown, kept


def listed_on(days: Sequence[str], rhythm: bool, done: bool) -> str:
    """The one date a line written on several ``days`` (sorted) is shown at. A habit done
    again is shown at its latest, its dates listed beside it; the same words noted again
    are shown at the first, when the work was first noted: until the manager says it is
    new work, a later date would make the goal look as if it had moved since."""
    return days[-1] if rhythm and done else days[0]


def _apart(days: Sequence[str]) -> str:
    """The gaps between dated occurrences, in weeks ("four weeks apart", "gaps of 1 and 4
    weeks"), so a rhythm or its breaks can be read at a glance."""
    when = [dt.date.fromisoformat(d) for d in days]
    gaps = [max(1, round((b - a).days / 7)) for a, b in itertools.pairwise(when)]
    if len(set(gaps)) == 1:
        return "a week apart" if gaps[0] == 1 else f"{in_words_to_ten(gaps[0])} weeks apart"
    said = [str(g) for g in gaps]
    return "gaps of " + ", ".join(said[:-1]) + " and " + said[-1] + " weeks"
