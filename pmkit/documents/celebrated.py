"""A talking point that celebrates work on a goal ("Celebrate: the team read your latest
snapshot"): found so an agenda never says nothing was recorded on a goal it celebrates."""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["celebrated"]

_CELEBRATE = re.compile(r"^\W*celebrate\b\W*", re.IGNORECASE)
_CONTENT = re.compile(r"[^\W\d_]{5,}")
_COMMON = frozenset({"about", "after", "again", "being", "every", "their", "there", "these",
                     "those", "which", "while", "would", "could", "should", "other", "first",
                     "latest", "least", "whole", "share", "shared"})


def celebrated(points: Sequence[str], about: Sequence[str]) -> str | None:
    """The talking point that celebrates work on this goal, if one does ("Celebrate: the
    team read your latest snapshot" beside a goal about snapshots): the agenda must not
    say nothing was recorded on a goal whose work it celebrates."""
    def stems(text: str) -> set[str]:
        return {w.casefold()[:6] for w in _CONTENT.findall(text)} - {w[:6] for w in _COMMON}

    topic = set().union(*(stems(t) for t in about)) if about else set()
    for point in points:
        match = _CELEBRATE.match(point)
        if match and stems(point[match.end():]) & topic:
            return point[match.end():].strip()
    return None
