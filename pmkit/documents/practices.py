"""Which practices and coaching hints a document shows: none the PM has already done, and
none a 1:1 of the same plan has already shown, so a list read again says something new."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pmkit.patterns import lazy

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex

__all__ = ["record_of", "rotated", "seen_trap", "untried"]

#: A practice's first clause names what to do; the rest ("for example ...", the who and
#: when) would tie it to notes about other work.
_CLAUSE = lazy(r"[,;:(]| for example\b")
#: The content words a note must share with that clause before it counts as the practice,
#: and at least half of the clause's: a note on the same topic is not the practice itself.
_SHARED = 3
#: Words of many practices' actions ("write down", "keep a list"): no pair of them shows one.
_GENERIC = frozenset({"write", "down", "keep", "share", "bring", "spend", "hours", "list",
                      "book", "hold", "produ", "team", "custo", "user", "users"})
_WHO = lazy(r"\b(?:with|before|after|until|so that|together)\b", re.IGNORECASE)
#: A line saying the work did not happen.
_NOT_DONE = lazy(r"\b(?:not|no|never|skipped|cancell?ed|postponed|will|next)\b|n't\b",
                       re.IGNORECASE)


def _words(text: str) -> set[str]:
    """Content words cut to four letters, so "write" meets "written"."""
    from pmkit.documents import evidence

    return {stem[:4] for stem in evidence.stems(text)}


def untried(practices: Sequence[str], done: Iterable[str]) -> list[str]:
    """The practices no line of evidence (``done``, work the notes say happened) already
    shows: one already done is not "still worth trying"."""
    from pmkit.documents import evidence

    lines = list(done)
    said = [_words(line) for line in lines]
    # Whole stems for the pairs ("listening" is not "list"); work not done shows nothing.
    full = [evidence.stems(line) for line in lines if not _NOT_DONE.search(line)]
    out = []
    for practice in practices:
        head = _CLAUSE.split(practice, maxsplit=1)[0]
        clause = _words(head)
        pairs = [] if evidence.rhythm(practice) else _pairs(head)  # a habit is not done once
        if not any(len(clause & line) >= max(_SHARED, (len(clause) + 1) // 2)
                   for line in said) and not any(pair <= line for pair in pairs for line in full):
            out.append(practice)
    return out


def _pairs(clause: str) -> list[set[str]]:
    """Each two content words side by side in a practice's action ("visit or shadow",
    "support calls"): a line of work naming both did the practice, whatever else it says."""
    from pmkit.documents import evidence

    action = _WHO.split(clause, maxsplit=1)[0]  # "with your designer" is who, not what
    order = [w for word in re.findall(r"[A-Za-z]+", action) for w in evidence.stems(word)]
    return [{a, b} for a, b in itertools.pairwise(order)
            if a != b and not {a, b} & _GENERIC]


def rotated(items: Sequence[str], per_turn: int, turns_before: int) -> list[str]:
    """The next ``per_turn`` hints for a goal's turn, after the ones its earlier turns in
    this plan showed; once all have been shown, none rather than the same ones again."""
    start = per_turn * turns_before
    return list(items[start:start + per_turn])


#: The words a line of the record must share with a trap before it is said to show it.
_TRAP_SHARED = 2
_FIRST = lazy(r"(?<=[.!?])\s+")


def seen_trap(trap: str, record: Sequence[tuple[dt.date, str, str]],
              since: dt.date | None) -> dict[str, str]:
    """A background's common trap, only when a line of the record speaks to it: ``record``
    holds (date, where, text), the newest first (the rating's evidence, the notes of the
    1:1s). Said once: on the goal's first turn, or later only for a line written since the
    goal's last turn (``since``). Empty when nothing in the record is behind it."""
    if not trap:
        return {}
    head = _FIRST.split(trap.strip(), maxsplit=1)[0]
    rest = trap.strip()[len(head):].strip()
    words = _words(head)
    for when, where, text in record:
        if since is not None and when <= since:
            continue
        if len(words & _words(text)) >= _TRAP_SHARED:
            return {"text": head, "advice": rest, "said": text.strip().rstrip("."),
                    "where": where}
    return {}


def record_of(meetings: Sequence[tuple[dt.date, list[Any], list[Any]]], index: ModelIndex,
              evidence: str, assessed_on: dt.date | None, goal: str
              ) -> list[tuple[dt.date, str, str]]:
    """What the record says that a trap can be checked against, the newest first: the
    notes of each 1:1 as written (not the private part), then the rating's evidence."""
    from pmkit.documents import notes

    lines = [(when, f"notes of {when.isoformat()}", line)
             for when, public, _ in reversed(meetings)
             for line in notes.recap(public, index, most=50)]
    if evidence and assessed_on is not None:
        lines.append((assessed_on, f"assessment of {assessed_on.isoformat()}, {goal}", evidence))
    return lines
