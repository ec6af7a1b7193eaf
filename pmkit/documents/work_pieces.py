"""How many pieces of work an entry describes, and whether dated work shows a rhythm.

A log entry is not one piece of work by definition: "weekly claimant interviews kept up:
four so far" is four interviews, and the record behind a rating is counted in interviews,
sessions and weeks, not in entries. A rubric line that asks for a rhythm or habit
("weekly", "every two weeks", "most months", "a steady rhythm") is not shown by one
afternoon's work, however good: only by pieces on several dates close enough together,
or by an entry that itself says the rhythm was kept up for weeks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from itertools import pairwise

from pmkit.model.coaching import _NUMBERS as _MODEL_NUMBERS

#: Numbers in words, as the model counts them; "one" is no count of pieces here.
_NUMBERS = {word: n for word, n in _MODEL_NUMBERS.items() if n > 1}
_NUMBER = r"(\d{1,2}|" + "|".join(_NUMBERS) + r")"
#: A number of pieces of work: "two user interviews", "four weeks", "four so far".
_PIECES = re.compile(
    _NUMBER + r"\s+(?:[a-z-]+\s+){0,2}?(?:interviews?|sessions?|conversations?|calls?|visits?|"
    r"weeks?|workshops?|tests?|rounds?|check-ins?|meetings?|so far)\b", re.IGNORECASE)
#: Rubric wording that asks for a rhythm, with the longest gap (days) that still keeps it.
_RHYTHMS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(?:weekly|every week|each week)\b", re.I), 7),
    (re.compile(r"\b(?:every two weeks|fortnightly|biweekly)\b", re.I), 14),
    (re.compile(r"\b(?:monthly|every month|most months)\b", re.I), 31),
    (re.compile(r"\b(?:rhythm|regular(?:ly)?|habit|routinely|most weeks)\b", re.I), 14),
)
#: Work said to run over weeks ("three weeks of claimant conversations"): weekly.
_WEEKS = re.compile(_NUMBER + r"\s+weeks\b", re.IGNORECASE)
#: Pieces on fewer dates than this show no rhythm, however close together.
SEVERAL = 3
#: Slack on a rhythm's gap: a holiday or a moved meeting does not break it.
_SLACK = 1.5


def pieces(text: str) -> int:
    """How many pieces of work ``text`` names (the largest count it gives), at least one."""
    counts = [int(n) if n.isdigit() else _NUMBERS[n.lower()] for n in _PIECES.findall(text)]
    return max([1, *counts])


def rhythm(line: str) -> int | None:
    """The longest gap in days a rubric line's rhythm allows, or None when it asks for none."""
    return next((days for pattern, days in _RHYTHMS if pattern.search(line)), None)


def shows_rhythm(days: int, work: Iterable[tuple[dt.date, str]]) -> bool:
    """Whether dated work (day, text) keeps a rhythm of ``days``: pieces on :data:`SEVERAL`
    dates or more with no gap wider than the rhythm allows, or one entry that says the
    rhythm itself ("weekly", "every two weeks", "three weeks of") with that many pieces."""
    work = list(work)
    if any((rhythm(text) or (7 if _WEEKS.search(text) else None) or days + 1) <= days
           and pieces(text) >= SEVERAL for _, text in work):
        return True
    dates = sorted({day for day, _ in work})
    gaps = [(b - a).days for a, b in pairwise(dates)]
    return len(dates) >= SEVERAL and max(gaps) <= days * _SLACK
