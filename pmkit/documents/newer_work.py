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
    if top < _ENOUGH:
        return None
    tied = [v for v, n in sorted(scores.items()) if n == top]
    return next((v for v in tied if not _goes_against(plain, rubric_text(comp, v))), tied[-1])


#: A line's shortcoming ("tends to test late, after the solution is decided") and the words
#: of work that does the opposite ("before the sprint").
_OPPOSITES = ((re.compile(r"\b(?:late|after)\b", re.I), re.compile(r"\bbefore\b", re.I)),
              (re.compile(r"\b(?:guidance|help)\b", re.I), re.compile(r"\b(?:alone|own)\b", re.I)),
              (re.compile(r"\bone solution\b", re.I),
               re.compile(r"\b(?:options|ideas|alternatives)\b", re.I)))


def outgrows(comp: Competency, rating: int, text: str) -> bool:
    """Whether work plainly no longer fits the rating's own line: it does the opposite of
    what that line says is missing ("arrives with one solution already decided" beside
    "four ideas on the table"), or, for the scale's lowest line, of the whole line."""
    line = rubric_text(comp, rating)
    lowest = bool(comp.rubric) and rating <= min(comp.rubric)
    return any(_goes_against(said, f"; {line}" if lowest else line)
               for said in SENTENCE.split(QUOTED.sub("", text)))


def _goes_against(sentence: str, line: str) -> bool:
    """Whether work does the opposite of the shortcoming a rubric line names after it turns
    ("...; tends to test late"): on a tie the work then reads like the line above it."""
    weak = " ".join(_TURN.split(line)[1:])
    return any(bad.search(weak) and good.search(sentence) for bad, good in _OPPOSITES)


def reads_above(comp: Competency, rating: int, values: Iterable[int],
                written: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The piece of ``written`` (date, text, source: "log" or "notes") whose sentence best
    fits a rubric line above ``rating``, with that line's value; None when none does.

    Every piece is weighed, not the first or latest: the higher line wins, then work that
    does the opposite of the rating's own shortcoming ("tests late": a test "before the
    sprint"), then the one sharing more of the line's words, then the newer. One piece of
    work speaks at most to the line directly above the rating; the line after it needs
    pieces on :data:`SEVERAL` dates. A line that asks for a rhythm ("weekly", "every two
    weeks") is reached only by dated work that keeps it (see work_pieces); otherwise the
    piece speaks to the line below it.
    """
    from pmkit.documents.next_focus import as_date  # it reads this module
    from pmkit.documents.work_pieces import SEVERAL, rhythm, shows_rhythm

    written = list(written)
    values = sorted(v for v in values if v <= rating + _REACH)
    found: list[tuple[int, tuple[bool, int, str], dict[str, Any], str]] = []
    own = rubric_text(comp, rating)
    for entry in written:
        for sentence in SENTENCE.split(entry["text"]):
            value = rubric_line_of(sentence, comp, values)
            if value is not None and value > rating:
                shared = len(stems(QUOTED.sub("", sentence)) & stems(rubric_text(comp, value)))
                found.append((value, (_goes_against(sentence, own), shared,
                                      str(entry.get("date") or "")), entry, sentence))
    if not found:
        return None
    dated = [(day, s) for _, _, e, s in found if (day := as_date(e.get("date"))) is not None]
    reach = rating + (_REACH if len({d for d, _ in dated}) >= SEVERAL else 1)
    best = None
    for value, rank, entry, _ in found:
        value = max((v for v in values if rating < v <= min(value, reach)), default=rating)
        days = rhythm(rubric_text(comp, value))
        while value > rating and days is not None and dated and not shows_rhythm(days, dated):
            value = max((v for v in values if v < value), default=rating)
            days = rhythm(rubric_text(comp, value))
        if value > rating and (best is None or (value, rank) > best[0]):
            best = ((value, rank), {**entry, "value": value})
    return best[1] if best else None




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
