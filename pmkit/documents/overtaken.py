"""Open items that what is known since has overtaken: the event they prepare has happened.

"Open the business review with the outcome" still open beside a talking point asking how
the business review went, or "agree three health measures" beside "which of the three
health measures moved": the agenda would show both as current. pmkit cannot know which
one is right, so it asks the manager, in private, to close or rescope the item.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from pmkit.documents.evidence import stems
from pmkit.patterns import lazy

_EVENTS = lazy(r"\b(review|reviews|meeting|session|workshop|planning|demo|offsite)\b",
                     re.IGNORECASE)

#: Content words an item and a later fact must share to be about the same thing.
SHARED = 2
#: Words of how an item is done rather than what it is about.
_HOW = frozenset({"writ", "down", "shar", "send", "sent", "agre", "list", "prep", "read",
                  "call", "mail", "note"})
_NEXT_ONE = lazy(r"\b(before|by) (the|our) next (1:1|one-on-one|meeting)\b", re.IGNORECASE)


def _body(text: str) -> str:
    head, sep, rest = text.partition(":")
    return rest if sep and len(head.split()) <= 3 else text


def _about(text: str) -> set[str]:
    """What an item speaks of; events ("the business review") count, though they are too
    common to tie a note to a goal."""
    body = _body(text)
    return (stems(body) | {m.casefold()[:4] for m in _EVENTS.findall(body)}) - _HOW


def overtaken(items: Sequence[tuple[str, dt.date | None]], points: Sequence[str],
              done: Sequence[str], meetings_since: Sequence[dt.date]) -> list[tuple[str, str]]:
    """Each open item a later fact speaks of, with that fact, for the manager to settle.

    ``items`` are open items with the day they were first written, ``points`` the talking
    points of this 1:1, ``done`` the items ticked since, ``meetings_since`` the 1:1s held.
    """
    # "agree three health measures" is overtaken by "which of the three health measures
    # moved": the words of what an item is about, not of how it is done, are compared.
    out: list[tuple[str, str]] = []
    for text, added in items:
        words = _about(text)
        fact = next((p for p in [*points, *done]
                     if len(_about(p) & words) >= SHARED
                     and _body(p).strip().casefold() != _body(text).strip().casefold()), None)
        if fact is not None:
            out.append((text, fact))
        elif added is not None and _NEXT_ONE.search(text) and any(
                d > added for d in meetings_since):
            out.append((text, f"it was due by the 1:1 after {added.isoformat()}"))
    return out


#: An item that prepares something ("write the threshold before running it"): what it
#: comes before.
_BEFORE = lazy(r"\bbefore (?:running|testing|launching|shipping|releasing|you run|we run|"
                     r"it runs|the (?:\w+ )?(?:test|launch|release|interviews?|sessions?)\b)",
                     re.IGNORECASE)
#: The thing such an item prepares, as the item names it ("for the prototype test").
_THING = lazy(r"\b(?:the|your) ((?:[\w-]+ )?(?:test|experiment|prototype test|launch|"
                    r"release|interviews?|sessions?|review|workshop|survey))\b", re.IGNORECASE)
#: A note saying that thing has happened ("the result was read after the fact").
_HAPPENED = lazy(r"\b(ran|was run|has run|were run|tested|launched|shipped|released|"
                       r"results? (?:came|was|were)|after the fact|beforehand)\b",
                       re.IGNORECASE)


def thing_of(text: str) -> str:
    """What an item is about, in its own words ("the prototype test"), or ""."""
    match = _THING.search(_body(text))
    return f"the {match.group(1)}" if match else ""


def overtaken_by_notes(items: Sequence[tuple[str, dt.date | None]],
                       noted: Sequence[tuple[dt.date, str]]) -> list[tuple[str, dt.date]]:
    """Each open item that prepares something the notes since say has happened, with the
    day of that note: "write the threshold before running the prototype test" beside "no
    threshold was set beforehand, so the result was read after the fact".
    """
    out: list[tuple[str, dt.date]] = []
    for text, added in items:
        if added is None or not _BEFORE.search(text):
            continue
        words = _about(text)
        when = next((day for day, sentence in noted if day >= added
                     and _HAPPENED.search(sentence) and len(_about(sentence) & words) >= 1),
                    None)
        if when is not None:
            out.append((text, when))
    return out


def answered_by_notes(item: str, noted: Sequence[tuple[dt.date, str]], day: dt.date
                      ) -> str | None:
    """Advice in the notes of ``day`` (or later) that already says what becomes of an item
    overtaken ("Next test: write the threshold first"): the notes answer the question the
    mark would ask, so the mark quotes them instead."""
    from pmkit.documents.evidence import advice, shared

    about = _about(item)
    for when, sentence in noted:
        if when >= day and advice(sentence) and shared(stems(sentence), about) >= 2:
            return sentence.strip().rstrip(".")
    return None
