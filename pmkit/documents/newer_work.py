"""Work written down since a rating that reads like a higher line of the rubric.

One rule for every competency, behind every "to agree together" the PM reads (review,
conversation) and every "newer evidence" the manager reads (readiness): a sentence of
logged work, or of a 1:1's notes under the competency's heading, dated after the rating,
whose words fit a rubric line above the rating better than any other line. Sentences
about what did not happen or what will happen never count.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pmkit.documents.focus import rubric_text
from pmkit.documents.goal_match import stems
from pmkit.documents.milestone_notes import FUTURE, MISSING, QUOTED, SENTENCE

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pmkit.model.schema import Competency

#: Fewer shared words than this and a sentence says nothing about a rubric line.
_ENOUGH = 2
#: How many rubric lines above a rating one piece of work can speak to.
_REACH = 2
#: Where a note turns: "started asking for options, though most requirements still ...".
_TURN = re.compile(r"[;,]?\s*\b(?:though|although|but|yet|while|whereas)\b\s*|;\s*", re.I)


def rubric_line_of(sentence: str, comp: Competency, values: Iterable[int]) -> int | None:
    """The rubric value whose line a sentence of work fits best (the lower on a tie), or
    None when no line shares enough of its words."""
    plain = QUOTED.sub("", sentence)
    if not plain.strip() or MISSING.search(plain) or FUTURE.search(plain):
        return None
    said = stems(plain)
    scores = {v: len(said & stems(rubric_text(comp, v))) for v in values}
    top = max(scores.values(), default=0)
    return min(v for v, n in scores.items() if n == top) if top >= _ENOUGH else None


def reads_above(comp: Competency, rating: int, values: Iterable[int],
                written: Iterable[dict[str, str]]) -> dict[str, Any] | None:
    """The newest piece of ``written`` (date, text, source: "log" or "notes") with a sentence
    that fits a rubric line above ``rating``, with that line's value; None when none does.
    Lines more than two above the rating are not candidates: one piece of work shows the
    next step or the one after, and on a ten-point scale a shared word or two would
    otherwise put a first sketching session beside "shapes discovery across teams"."""
    found = None
    values = [v for v in values if v <= rating + _REACH]
    for entry in written:
        for sentence in SENTENCE.split(entry["text"]):
            value = rubric_line_of(sentence, comp, values)
            if value is not None and value > rating:
                found = {**entry, "value": value}
                break
    return found


def reads_at_or_below(comp: Competency, rating: int, values: Iterable[int],
                      text: str) -> dict[str, Any] | None:
    """The part of a colleague's note (split where it turns: "though", "but") that fits a
    rubric line at or below ``rating``, with that line's value; None when no part does.
    Said beside a higher number whose words read above no line, so a mixed note ("started
    asking for options, though most requirements still arrive written up") reads as mixed,
    not as saying nothing above the rating."""
    values = list(values)
    for part in _TURN.split(text):
        value = rubric_line_of(part, comp, values) if part.strip() else None
        if value is not None and value <= rating:
            said = part.strip().rstrip(".")
            return {"text": said, "value": value, "whole": said == text.strip().rstrip(".")}
    return None


def logged_elsewhere(comp: Competency, values: Iterable[int],
                     written: Iterable[dict[str, str]],
                     rating: int | None = None) -> dict[str, str] | None:
    """The piece of ``written`` (date, text, source, under: the competency it was logged
    under) whose sentence fits a line of ``comp``'s rubric most closely, by the rule of
    :func:`rubric_line_of`: a sketching session "with the designer and tech lead" speaks to
    team collaboration too, so the PM is not told nothing is written down when something
    is. On a tie, work that fits a line at or above ``rating`` (the one under discussion)
    comes first, then the newest: interviews the designer sat in on fit the line below."""
    values = list(values)
    best: tuple[int, bool, str] = (0, False, "")
    found = None
    for entry in written:
        for sentence in SENTENCE.split(entry["text"]):
            value = rubric_line_of(sentence, comp, values)
            if value is None:
                continue
            score = (len(stems(QUOTED.sub("", sentence)) & stems(rubric_text(comp, value))),
                     rating is None or value >= rating, entry["date"])
            if score > best:
                best, found = score, entry
    return found
