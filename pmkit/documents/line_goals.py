"""Which focus goal a 1:1 note line is evidence for, whatever heading it sits under.

A manager files most lines under the right goal's heading, but not all: support calls
noted under the discovery goal are customer work, a fake-door test noted under the data
goal is a discovery test. Each goal's words are its competency's name, its goal, its
milestones and its rubric lines; a line under one goal's heading that shares none of them
and clearly speaks another goal's words is counted for that other goal. When in doubt
the heading stands. The plan, the agenda and the review all decide here, so they agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmkit.documents import evidence
from pmkit.documents.notes import Misfiled

if TYPE_CHECKING:
    import datetime as dt

    from pmkit.model.index import ModelIndex

#: A word of a goal's name or its goal text weighs this much; a milestone's or a rubric
#: line's counts once.
STRONG = 2
#: What another goal's words must add up to before a line is counted there, and by how
#: much that goal must lead the next one.
ENOUGH = 2
MARGIN = 2


@dataclass(frozen=True)
class Words:
    """One focus goal's words: ``strong`` from its name and goal, ``weak`` from its
    milestones and rubric lines."""

    strong: frozenset[str]
    weak: frozenset[str]

    @property
    def every(self) -> frozenset[str]:
        return self.strong | self.weak


def _template_words() -> frozenset[str]:
    """Words of the milestones pmkit writes for any goal ("your goal tried twice ... walk
    through in a 1:1"): they say nothing about which goal a line belongs to."""
    from pmkit.documents.cycle import FIRST_STEPS, STRETCH_MIDDLE
    from pmkit.model.coaching import FALLBACK_MILESTONES

    texts = [*FIRST_STEPS, STRETCH_MIDDLE, *FALLBACK_MILESTONES.values()]
    return frozenset().union(*(evidence.stems(t) for t in texts))


def goal_words(index: ModelIndex, goals: Mapping[str, tuple[str, Sequence[str]]]
               ) -> dict[str, Words]:
    """Each goal's words, from ``goals`` (goal id -> its goal text and its milestones)."""
    generic = _template_words()
    out: dict[str, Words] = {}
    for cid, (goal, milestones) in goals.items():
        comp = index.by_id[cid].competency
        strong = (evidence.stems(comp.name) | evidence.stems(goal)) - generic
        weak = set().union(*(evidence.stems(t) for t in [*milestones, *map(str, comp.rubric.values())]))
        out[cid] = Words(frozenset(strong), frozenset(weak - generic - strong))
    return out


def _said(line: str) -> set[str]:
    """The words of a line that can tie it to a goal: not the ones saying work was shown."""
    return {w for w in evidence.stems(line) if not w.startswith(evidence.TALK)}


def speaks(line: str, words: Words) -> bool:
    """Whether a line shares any word with a goal's words."""
    return evidence.shared(_said(line), set(words.every)) > 0


def _score(said: set[str], words: Words, common: set[str]) -> int:
    strong = set(words.strong) - common
    weak = set(words.weak) - common
    in_strong = {w for w in said if evidence.shared({w}, strong)}
    return STRONG * len(in_strong) + evidence.shared(said - in_strong, weak)


def clearly(line: str, words: Mapping[str, Words], among: Iterable[str]) -> str | None:
    """The goal of ``among`` whose words a line clearly speaks: enough of them, and
    well ahead of every other goal's; words two goals share tell them apart no more than
    "the" does. None when no goal stands out."""
    said = _said(line)
    sets = list(words.values())
    common = {w for i, one in enumerate(sets) for w in one.every
              if any(w in other.every for other in sets[i + 1:])}
    scores = sorted(((_score(said, words[cid], common), cid) for cid in words), reverse=True)
    if not scores or scores[0][0] < ENOUGH or scores[0][1] not in set(among):
        return None
    if len(scores) > 1 and scores[0][0] - scores[1][0] < MARGIN:
        return None
    return scores[0][1]


def heading_goal(line: str, heading: str, words: Mapping[str, Words]) -> str:
    """The goal a line written under ``heading``'s goal is evidence for: ``heading`` unless
    the line shares no word with it and clearly speaks another focus goal's words."""
    if heading not in words or speaks(line, words[heading]):
        return heading
    other = clearly(line, words, [cid for cid in words if cid != heading])
    return other or heading


def refile(rows: Iterable[tuple[dt.date, str, str]], words: Mapping[str, Words]
           ) -> tuple[list[tuple[dt.date, str, str]], list[Misfiled]]:
    """The (date, goal, line) rows with each line under the goal it is evidence for, and
    the lines moved, for the manager to hear about once."""
    out: list[tuple[dt.date, str, str]] = []
    moved: list[Misfiled] = []
    for date, cid, line in rows:
        goal = heading_goal(line, cid, words) if evidence.reported(line) else cid
        if goal != cid:
            moved.append(Misfiled(date, cid, line, goal))
        out.append((date, goal, line))
    return out, moved


def general_goal(sentence: str, focus: str | None, words: Mapping[str, Words],
                 areas: Mapping[str, tuple[str, Sequence[str]]]) -> str | None:
    """The goal a sentence of a 1:1's general notes is evidence for: the 1:1's ``focus``
    when it speaks a word of that goal or its name that no other goal's shares, else the
    goal it clearly speaks to (:func:`evidence.area_of`), else none. A milestone's or a
    rubric line's word alone ("roadmap" in "we talked about the roadmap review") is not
    enough."""
    if focus is not None and focus in words:
        # Words another goal's name or goal shares ("claims" in every goal of a claims
        # team) do not tie a sentence to this one.
        others = set().union(*(w.strong for cid, w in words.items() if cid != focus))
        own = {w for w in words[focus].strong if not evidence.shared({w}, others)}
        if evidence.shared(_said(sentence), own):
            return focus
    return evidence.area_of(sentence, areas)


def plain(line: str) -> str:
    """A note line reduced to its words, so a line pasted again matches its first writing."""
    return " ".join(re.sub(r"[^\w\s]", " ", line.casefold()).split())


@dataclass(frozen=True)
class Copy:
    """A note line written under one goal that repeats, word for word, a line noted earlier
    under another goal: the old work pasted again, not new evidence for this goal."""

    date: dt.date
    goal: str
    line: str
    first_date: dt.date
    first_goal: str


def copies(rows: Iterable[tuple[dt.date, str, str]]) -> list[Copy]:
    """The (date, goal, line) rows that copy a line first noted on an earlier date under
    another goal; the same line again under the same goal is a repeat, said elsewhere."""
    first: dict[str, tuple[dt.date, str]] = {}
    out: list[Copy] = []
    for date, goal, line in sorted(rows, key=lambda r: r[0]):
        key = plain(line)
        if not key:
            continue
        seen = first.get(key)
        if seen is not None and seen[0] < date and seen[1] != goal:
            out.append(Copy(date, goal, line, *seen))
        else:
            first.setdefault(key, (date, goal))
    return out


def without_copies(rows: Iterable[tuple[dt.date, str, str]]) -> list[tuple[dt.date, str, str]]:
    """The rows that are evidence for their own goal: copies of another goal's lines left out
    (see :func:`copies`)."""
    rows = list(rows)
    dropped = {(c.date, c.goal, c.line) for c in copies(rows)}
    return [row for row in rows if row not in dropped]


def copied_onto(found: Iterable[object], goal: str) -> list[Copy]:
    """The copies (see :func:`copies`) set aside from one goal's evidence, so a goal with
    nothing left is not said to have had nothing written under it."""
    return [c for c in found if isinstance(c, Copy) and c.goal == goal]


#: Words too common in practices to tie a line to one ("your", "with", "team").
_PLAIN = frozenset({"the", "and", "your", "with", "for", "from", "into", "each", "every",
                    "one", "two", "three", "that", "this", "what", "them", "their", "team",
                    "write", "share", "ask", "make", "take", "bring", "next", "before", "after"})


def _prefixes(text: str) -> set[str]:
    return {w[:4] for w in re.findall(r"[a-z]{3,}", text.casefold()) if w not in _PLAIN}


def by_practices(line: str, practices: Mapping[str, Sequence[str]]) -> str | None:
    """The goal whose practices a line clearly speaks of ("present the experiment log at
    the monthly review" and "keep a simple discovery log ... review it once a month"), for
    a line no goal's own words claim: three shared words, more than any other goal's."""
    said = _prefixes(line)
    scores = sorted(((max((len(said & _prefixes(p)) for p in ps), default=0), cid)
                     for cid, ps in practices.items()), reverse=True)
    if not scores or scores[0][0] < 3 or (len(scores) > 1 and scores[1][0] >= scores[0][0]):
        return None
    return scores[0][1]


def copy_said(copy: Copy | Misfiled, name_of: Callable[[str], str]) -> str:
    """What the manager is told, once, about a line pasted under another goal or counted
    for another goal than its heading's."""
    if isinstance(copy, Misfiled):
        heading, other = name_of(copy.goal), name_of(copy.reads_as)
        return (f"Under {heading} on {copy.date.isoformat()}, “{copy.line.rstrip('.')}” "
                f"reads as {other} work: nothing in it speaks to the goal, milestones or "
                f"rubric of {heading}, so it counts for {other}. If it was {heading} work, "
                "say in the line what tied it to that goal and it counts there again.")
    return (f"Under {name_of(copy.goal)} on {copy.date.isoformat()}, “{copy.line.rstrip('.')}” "
            f"repeats word for word what you noted under {name_of(copy.first_goal)} on "
            f"{copy.first_date.isoformat()}: it is left out of {name_of(copy.goal)}'s evidence, "
            "since one piece of work counts for one goal. If there was new work, note what it was.")


def set_aside(found: Iterable[object], cid: str, index: ModelIndex, names: Sequence[str],
              since: dt.date | None = None) -> dict[str, list[dict[str, str]]]:
    """The lines written under one goal that its evidence leaves out: ``copied`` (pasted
    from another goal's notes) and ``moved_away`` (counted for another goal, written on or
    after ``since``), so a goal shown with nothing recorded says where its lines went."""
    found = list(found)
    return {"copied": [{"date": c.date.isoformat(), "first_date": c.first_date.isoformat(),
                        "first_goal": index.by_id[c.first_goal].competency.name}
                       for c in copied_onto(found, cid)],
            "moved_away": lines_moved_away(found, cid, index, names, since)}


def lines_moved_away(found: Iterable[object], cid: str, index: ModelIndex, names: Sequence[str],
                     since: dt.date | None = None) -> list[dict[str, str]]:
    """The ``moved_away`` part of :func:`set_aside` alone, for an agenda that shows no
    copied line."""
    from pmkit.documents.moved_lines import moved_away

    return moved_away([m for m in found if isinstance(m, Misfiled)
                       and (since is None or m.date >= since)], cid, index, names)
