"""How many times a goal's milestones ask for its action in all, counting what is done.

A goal done once as worded beside milestones that ask for it again and again leaves a
choice: keep the milestones or keep the goal. Keeping the milestones is only a fair choice
when both sides see what it asks: "three in all, one already held: the second by
2026-12-07, the third by 2026-12-14". A milestone's count is read from its
own words ("twice", "once more", "two sketching sessions"). Only a milestone that says
"more", "another" or "again" adds to the count; any other count is a total that sessions
already asked for can fill ("two sessions held" after "twice" and "once more" adds none).
When one milestone names no count, the total is not guessed and nothing is said.
"""

from __future__ import annotations

import re
from typing import Any

from pmkit.documents.counts import in_words, ordinal

_TIMES = {"once": 1, "twice": 2, "two times": 2, "three times": 3, "four times": 4}
_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_ADDS = re.compile(r"\b(more|another|again)\b", re.IGNORECASE)
_SAID = re.compile(r"\b(once|twice|(?:two|three|four) times)\b", re.IGNORECASE)


def _count(raw: str, thing: str) -> int | None:
    """The times a milestone asks for the goal's action, from its own words."""
    found = _SAID.search(raw)
    if found:
        return _TIMES[found.group(1).lower()]
    number = re.search(rf"\b({'|'.join(_NUMBER)})\s+(?:[\w-]+\s+){{0,2}}?{re.escape(thing)}s?\b",
                       raw, re.IGNORECASE)
    return _NUMBER[number.group(1).lower()] if number else None


def times_asked(rows: list[dict[str, Any]], thing: str, held: int) -> dict[str, Any] | None:
    """The milestones not met yet, each with the times it asks for ``thing`` ("session"), and
    the total with the ``held`` ones done: None when a milestone names no count."""
    open_rows = [m for m in rows if m["state"] != "met"]
    counts = [_count(m["raw"], thing) for m in open_rows]
    if not open_rows or not thing or any(c is None for c in counts):
        return None
    steps, covered, to_come, total = [], [], [], 0
    for m, n in zip(open_rows, counts, strict=True):
        adds = (n or 0) if _ADDS.search(m["raw"]) else max(0, (n or 0) - total)
        if not adds:
            covered.append({"date": m["date"], "count": in_words(n or 0, most=10)})
            continue
        first = max(total, held) + 1  # the ones already held count first
        total += adds
        said = {1: "once", 2: "twice"}.get(adds, f"{in_words(adds, most=6)} times")
        steps.append({"date": m["date"], "times": said})
        if first <= total:
            to_come.append({"date": m["date"], "which": _which(first, total)})
    if total <= held:
        return None
    return {"steps": steps, "covered": covered, "total": in_words(total, most=10), "thing": thing,
            "held": in_words(held, most=10) if held else None,
            "left": in_words(total - held, most=10), "to_come": to_come}


def _which(first: int, last: int) -> str:
    """The sessions a milestone still asks for, by their place in the whole run: "the
    second", "the first two", "the third and fourth", "the third to the sixth"."""
    if first == last:
        return f"the {ordinal(first)}"
    if first == 1:
        return f"the first {in_words(last, most=10)}"
    joined = " and " if last == first + 1 else " to the "
    return f"the {ordinal(first)}{joined}{ordinal(last)}"
