"""What a milestone still asks for that the evidence does not show: each part of it (split
at commas and "and") checked against the work, so a partly-there line names only what is
left to do."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pmkit.documents.evidence import TALK, asked, count_of, rhythm, said_words, shared, stems
from pmkit.patterns import lazy

__all__ = ["unshown"]

_WORD = lazy(r"[^\W\d_]{4,}")

#: How a partly-there line names a rhythm still to show.
_RHYTHM_SAID = {"every week": "the weekly rhythm", "every month": "the monthly rhythm",
                "every two weeks": "the rhythm of every two weeks"}
#: Where a milestone splits into the parts it asks for; what is in brackets only explains.
_PARTS = lazy(r",\s*(?:and\s+)?|;\s*|\s+and\s+(?=(?:a|an|the|at|each|one|two|its|"
                    r"your)\b)", re.IGNORECASE)
_OPTIONAL = lazy(r"\bif you (?:want|like|wish)\b|\bif needed\b", re.IGNORECASE)
#: A milestone's opening that names the occasion, not a thing to show: "For one upcoming idea".
_OCCASION = lazy(r"^for\s+(?:one|an?|the|your|each|every|this|that)\b", re.IGNORECASE)


def unshown(milestone: str, texts: Sequence[str], name: str = "", noted: str = "") -> str:
    """Every part of a milestone (split at commas and "and") that none of ``texts`` shows,
    joined into one phrase ("the weekly rhythm, and at least half with the designer or an
    engineer listening"), or "" when each part shows. A rhythm is never shown by a count;
    a part already quoted as missing from the notes (``noted``) is not said twice."""
    beat = rhythm(milestone)
    said = set().union(*(said_words(t, name) for t in texts)) if texts else set()
    talked = any(w.startswith(TALK) for w in said) or any(
        count_of(t) for t in texts)
    plain = re.sub(r"\s*\([^)]*\)", "", milestone).strip().rstrip(".")
    left: list[str] = []
    for number, part in enumerate(p.strip() for p in _PARTS.split(plain)):
        if not part or _OPTIONAL.search(part) or (number == 0 and _OCCASION.match(part)):
            continue
        if beat and rhythm(part):
            left.append(_RHYTHM_SAID.get(beat, f"the rhythm of {beat}"))
            continue
        words = asked(part, name)
        # "Tried twice, to walk through in a 1:1" is shown by work walked through; a part
        # asking for a thing as well ("a short note on each") needs that thing named.
        core = {w for w in words if not w.startswith((*TALK, "tried", "twice"))}
        if not words or (_done(said, core, part) if core else talked or shared(said, words)):
            continue
        if noted and shared(stems(noted), words):
            continue
        left.append(part[:1].lower() + part[1:] if part[1:2].islower() else part)
    if len(left) < 2:
        return "".join(left)
    return ", ".join(left[:-1]) + ", and " + left[-1]


def _done(said: set[str], words: set[str], part: str) -> bool:
    """Whether what was said shows a part: a word the part puts as done ("the riskiest one
    tested") is shown only by the same word done ("tested", or a test that ran), never by
    the noun ("a test plan"), so a plan is not taken for the work it plans."""
    finished = {w.casefold()[:5] for w in _WORD.findall(part) if w.casefold().endswith("ed")}
    return any(w in said if w in finished else shared(said, {w}) for w in words)
