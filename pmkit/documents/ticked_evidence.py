"""The PM's ticked action items as evidence for a goal: only an item that belongs to a goal
and names what one of its milestones asks for counts, dated the 1:1 it was ticked in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pmkit.documents import evidence, notes

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Person

__all__ = ["ticked"]


#: Words a ticked item shares with many milestones without naming what any asks for.
_TICK_COMMON = ("write", "wrote", "writt", "share", "team", "send", "sent", "post")


def ticked(person: Person, cycle: Cycle, index: ModelIndex,
           areas: Mapping[str, tuple[str, Sequence[str]]] | None = None
           ) -> list[tuple[dt.date, str, str]]:
    """The PM's ticked action items that belong to a goal and name what its milestone asks
    for, each as evidence for that goal, dated the 1:1 it was ticked in.

    An item belongs to a goal when it sits under the goal's heading in the notes or names
    the goal's competency by name ("test the idea with five users" for testing ideas) or
    clearly speaks its goal's words (``areas``, as for general notes: "send the snapshot
    of each call" beside a goal of a snapshot after each call), and it counts
    only when it shares with a milestone the words that say what the milestone asks for.
    "Write down the riskiest assumption behind the fraud-check request", ticked in the
    follow-ups, counts for testing ideas: another request, the same skill.
    """
    from pmkit.documents.voice import pm_names

    names = pm_names(person)
    seen: set[str] = set()
    out: list[tuple[dt.date, str, str]] = []
    for date, (under, done) in cycle.ticked_in.items():  # the 1:1s read by read_cycle
        for item in done:
            what = item.split(":", 1)[1].strip() if notes.owned_by(item, names) else ""
            # The same item ticked again in a later 1:1 (a snapshot after each call) is the
            # work done again: one line, dated each time.
            if not what or f"{date}:{what.casefold()}" in seen:
                continue
            line = f"Ticked off as done: {what}."
            # Ticked again with other sub-items (another call's snapshot): other work, its
            # own line; with the same ones, the same line, counted once.
            sub = cycle.ticked_under.get((date, notes.clean(item).casefold()), "")
            shown = f"Ticked off as done: {what} ({sub})." if sub else line
            # Already noted in other words ("sketching session on the upload problem"):
            # the ticked item adds nothing, and two lines would read as two pieces of work.
            words = evidence.stems(what)
            if any(evidence.shared(words, evidence.stems(e.text)) >= 3
                   for entries in cycle.evidence.values() for e in entries):
                continue
            asks = {w for w in words if not w.startswith(_TICK_COMMON)}
            fits: list[tuple[int, str]] = []
            # An item on another named piece of work ("the assumptions behind the
            # fraud-check request") still shows the skill when it speaks the goal's words:
            # the goal is the skill, not one project.
            speaks = evidence.area_of(what, areas) if areas else None
            for cid, steps in cycle.steps.items():
                own = evidence.stems(index.by_id[cid].competency.name)
                placed = speaks == cid or any(what.casefold() in block.casefold()
                                              for block in under.get(cid, []))
                if not placed and not evidence.shared(words, own):
                    continue
                # The goal whose milestone it names most; none when no milestone counts it.
                fits.extend((evidence.weigh(line, s.text), cid) for s in steps
                            if evidence.shared(asks, evidence.asked(s.text))
                            and (placed or evidence.matching([(date.isoformat(), line)],
                                                             s.text)))
            if fits:
                seen.add(f"{date}:{what.casefold()}")
                out.append((date, max(fits)[1], shown))
    return out
