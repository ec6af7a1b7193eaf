"""Whether a piece of logged work does what a plan goal asks, by its words.

Word stems are compared, not meanings: "Hold a sketching session with the designer and
tech lead before writing any requirements" is done by work that names a sketching session,
and surely done only when the work also names the goal's conditions and the goal asks for
no count or habit. Also the stemmer other readers of goals and rubric lines share.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping, Sequence

    from pmkit.documents.cycle import Entry

_WORD = re.compile(r"[a-z]+")
_SMALL = frozenset({
    "a", "an", "the", "any", "each", "every", "all", "of", "to", "for", "with", "and", "or", "on",
    "in", "at", "by", "from", "into", "your", "my", "her", "his", "their", "our", "its", "before",
    "after", "once", "while", "when", "until", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "week", "weeks", "weekly", "month", "months", "first", "next",
    "new", "own", "this", "that", "these", "those"})
#: Words that make a goal a count or a habit: one piece of work cannot show it is met.
_HABIT = re.compile(r"\b(?:every|each|weekly|monthly|times|twice|\d+|two|three|four|five|six|"
                    r"seven|eight|nine|ten)\b", re.IGNORECASE)
#: Where a goal's action ends and its conditions begin ("before writing any requirements").
_CONDITION = re.compile(r"\b(?:before|after|without|until|so that|with the result)\b", re.I)
_COMPANY = re.compile(r"\bwith\b.*", re.IGNORECASE)
#: Work that says it did not happen, or not as planned, never matches a goal.
_UNDONE_WORK = re.compile(r"\b(?:not|no|never|skipped|cancell?ed|postponed|instead|without|"
                          r"planned|will|next)\b|n't\b", re.IGNORECASE)


#: Words a manager writes for what a rubric line says another way: an interview with a user
#: is a customer conversation, notes "wrote up" are a write-up.
_SAME_AS = {"interview": "conversation", "interviews": "conversations", "user": "customer",
            "users": "customers", "wrote": "write"}


def stems(text: str) -> set[str]:
    """Content words, cut to four letters so "writing", "written" and "writes" meet."""
    return {_SAME_AS.get(w, w)[:4] for w in _WORD.findall(text.lower())
            if w not in _SMALL and len(w) > 2}


def work_matches_goal(goal: str, logged: Iterable[tuple[dt.date | None, str]],
                      since: dt.date) -> tuple[dt.date, bool] | None:
    """The first work logged after ``since`` that does what ``goal`` asks, and how sure.

    The goal's action is its verb phrase up to its conditions: "Hold a sketching session
    (with the designer and tech lead) before writing any requirements" asks for
    "sketching session", done "before ... requirements". Work that names every word of the
    action (the verb aside) matches; it is sure (True) only when it also names every word
    of the conditions and the goal asks for no count or habit ("every week", "six").
    When unsure the reader is asked to agree whether it is met; None when nothing fits.
    """
    parts = _CONDITION.split(goal.strip().rstrip("."), maxsplit=1)
    action = _COMPANY.sub("", parts[0]).split()
    wanted = stems(" ".join(action[1:]))  # the verb itself is often said another way
    if not wanted:
        return None
    condition = stems(parts[1]) if len(parts) > 1 else set()
    for day, text in sorted(((d, t) for d, t in logged if d is not None and d > since),
                            key=lambda item: item[0]):
        said = stems(text)
        if day is not None and wanted <= said and not _UNDONE_WORK.search(text):
            return day, condition <= said and not _HABIT.search(goal)
    return None


def walked(logged: Sequence[Entry], day: dt.date) -> bool:
    """Whether a 1:1's notes on or after ``day`` speak of the work logged that day: a
    milestone asking for a walk-through in a 1:1 is not shown by the log alone."""
    done = {w for e in logged if e.date == day and e.source != "notes" for w in stems(e.text)}
    return any(e.source == "notes" and e.date >= day and len(done & stems(e.text)) > 1
               for e in logged)


def days_of(fits: Sequence[tuple[str, str]], day: str | None, due: str) -> str:
    """The days of the evidence weighed against a milestone, in words ("2026-12-03 and
    2026-12-17"): those up to its date, or the one day after it that is weighed."""
    if day is None:
        return ""
    days = sorted({d for d, _ in fits if d <= due}) if day <= due else [day]
    return " and ".join([", ".join(days[:-1]), days[-1]] if len(days) > 1 else days)


def restating(area: Mapping[str, Any], first_name: str) -> list[str]:
    """For the manager alone, before a plan is shared: proposed milestones whose words match
    the PM's current rubric line clearly more than the target's line. Such a milestone asks
    for what the PM already shows, so reaching it would prove no step up."""
    now, then = stems(area.get("rating_text") or ""), stems(area.get("target_text") or "")
    if area.get("rating") is None or not now or not then or area["target"] <= area["rating"]:
        return []
    dates = []
    for step in area.get("milestones", []):
        words = stems(step["text"])
        ours, theirs = len(words & (now - then)), len(words & (then - now))
        if ours >= 3 and ours >= 2 * theirs + 1:
            dates.append(step["date"])
    if not dates:
        return []
    which = (f"the proposed milestone of {dates[0]} reads" if len(dates) == 1 else
             f"the proposed milestones of {', '.join(dates[:-1])} and {dates[-1]} read")
    lead = " ".join(area["target_text"].split()[:5]).rstrip(",.;:")
    return [f"On {area['name']}, {which} like the line for {area['rating']}, where {first_name} "
            f"is already: reword {'it' if len(dates) == 1 else 'them'} toward the line for "
            f"{area['target']} (“{lead} …”) before you share the plan."]
