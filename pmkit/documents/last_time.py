"""What the previous 1:1 hands to the next: its notes to recap, the items ticked off in it,
and the items still open, the PM's apart from the manager's and from the private ones."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pmkit.documents import carried, notes, voice
from pmkit.documents.evidence import NOTHING, sentences
from pmkit.documents.line_goals import plain
from pmkit.documents.pasted import pasted

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex

#: 1:1 files as read: date, tokens of the PM's part, tokens of the private part.
Meeting = tuple[dt.date, list[Any], list[Any]]


@dataclass
class LastTime:
    """The previous 1:1, as the next agenda reads it; empty before the first 1:1."""

    recap: list[str] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    pm_items: list[list[notes.Carried]] = field(default_factory=list)
    own_items: list[list[notes.Carried]] = field(default_factory=list)
    private_items: list[list[notes.Carried]] = field(default_factory=list)
    echoes: list[tuple[str, dt.date]] = field(default_factory=list)
    """Lines of the notes written word for word in an earlier 1:1's notes, and the first
    date: left out of the PM's recap, news to nobody, and said to the manager once."""
    echoed: set[str] = field(default_factory=set)
    """Those lines as :attr:`recap` holds them."""


def last_time(meetings: Sequence[Meeting], index: ModelIndex, manager: Sequence[str],
              *, recaps: Sequence[list[str]] | None = None) -> LastTime:
    """Read the latest of ``meetings`` (oldest first); an item owned by one of the
    ``manager`` names is the manager's own. ``recaps`` are the meetings' notes as
    ``notes.recap`` reads them, when the caller has them already."""
    out = LastTime()
    if not meetings:
        return out
    if recaps is None:
        recaps = recap_all(meetings, index)
    when, public, private = meetings[-1]
    roots = notes.list_tree(public)

    def times(origin: dt.date) -> int:
        return sum(1 for d, _, _ in meetings if d > origin) + 1

    for group in notes.carry(roots, when, times):
        (out.own_items if notes.owned_by(group[0].text, manager) else out.pm_items).append(group)
    out.private_items = carried.once(notes.carry(notes.list_tree(private), when, times))
    lines = recaps[-1]
    out.echoes = pasted(public, [(day, page) for day, page, _ in meetings[:-1]], index,
                        recaps=recaps)
    # A line saying nothing happened is not news to recap ("nothing new, you were on leave").
    out.recap = [voice.looking_back(told) for line in lines
                 if (told := without_verdict(line))
                 and not all(NOTHING.search(s) for s in sentences(told))]
    out.echoed = {voice.looking_back(told) for line, _ in out.echoes
                  if (told := without_verdict(line))}
    # Only an item open in an earlier 1:1 is ticked off, as the plan reads it: a box ticked
    # as it was written was never an open item, at most a report of work.
    opened: set[str] = set().union(*(notes.open_items(notes.list_tree(page))
                                     for _, page, _ in meetings[:-1]))
    out.done = notes.done_items(roots, opened)
    return out


#: A sentence that only grades the meeting itself ("Good session.", "Great 1:1 today!",
#: "Productive chat with Nina."): the manager's impression, not something that happened.
_VERDICT = re.compile(
    r"^(?:(?:we|i) had |had |it was |that was )?(?:an? )?(?:(?:really|very|quite|pretty|"
    r"super) )?(?:good|great|productive|useful|helpful|nice|solid|fine|positive|excellent|"
    r"constructive|ok|okay|short|quick|lovely|fun)(?:,? (?:short|quick|productive|useful|"
    r"good|great))? (?:session|1:1|1-1|1on1|one-on-one|one to one|chat|meeting|conversation|"
    r"catch-up|catch up|catchup|call|talk|discussion)(?: (?:with|w/) \S+)?(?: (?:today|"
    r"overall|as always|this week))?[.!]*$", re.IGNORECASE)


def without_verdict(line: str) -> str:
    """``line`` without its sentences that only grade the meeting: read back to the PM as
    "You had a good session.", such a sentence is a verdict that tells them nothing."""
    parts = sentences(line)
    kept = [part for part in parts if not _VERDICT.match(part)]
    return line if len(kept) == len(parts) else " ".join(kept)


def recap_all(meetings: Sequence[Meeting], index: ModelIndex) -> list[list[str]]:
    """Each meeting's shared notes as ``notes.recap`` reads them, oldest first: read once
    for an agenda, by everything that compares one 1:1's notes with another's."""
    return [notes.recap(public, index, most=50) for _, public, _ in meetings]


def asked_before(point: str, meetings: Sequence[Meeting], index: ModelIndex,
                 *, recaps: Sequence[list[str]] | None = None) -> list[dt.date]:
    """The earlier 1:1s whose agenda listed a talking point, when no notes since its first
    listing speak of it: a question brought back each time and never answered. ``recaps``
    as :func:`recap_all` reads them, when the caller has them already."""
    from pmkit.documents.goal_match import stems

    if recaps is None:
        recaps = recap_all(meetings, index)

    key = plain(point)
    days = [day for day, page, _ in meetings
            if any(plain(str(getattr(t, "content", ""))) == key for t in page)]
    words = stems(point)
    answered = any(len(words & stems(line)) > 1
                   for (day, _, _), lines in zip(meetings, recaps, strict=True)
                   if days and day >= days[0] for line in lines)
    return [] if answered else days


def echo_lines(before: LastTime, points: Sequence[str], meetings: Sequence[Meeting],
               index: ModelIndex, first_name: str,
               *, recaps: Sequence[list[str]] | None = None) -> list[str]:
    """For the manager alone: last time's notes that repeat earlier ones, and talking points
    brought back three times or more with nothing noted on them."""
    from pmkit.documents.counts import in_words, ordinal

    lines = []
    if before.echoes:
        quoted = "; ".join(f"“{line.rstrip('.')}” (first on {day.isoformat()})"
                           for line, day in before.echoes)
        lines.append(f"Left out of {first_name}'s copy of last time's notes and of today's "
                     f"recap, as the same words are in earlier notes: {quoted}. If it happened "
                     "again, note what was new.")
    for point in points:
        days = asked_before(point, meetings, index, recaps=recaps)
        if len(days) >= 2:
            lines.append(f"“{point.rstrip('.')}” is a talking point for the "
                         f"{ordinal(len(days) + 1)} time (first on {days[0].isoformat()}), and "
                         f"the notes of those {in_words(len(days))} 1:1s never say what came "
                         "of it: note what was said this time, or drop it.")
    return lines
