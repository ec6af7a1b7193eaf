"""The competencies a colleague most likely sees, guessed from the words of their role.

A colleague asked for feedback sees only part of a PM's work: a designer sees discovery
and teamwork, a tech lead sees delivery, a lead outside the team sees how the PM works
with the business. A peer form names where such a colleague may start, so a short answer
lands where their view is strongest. The guess matches a few plain role words against
each competency's own description, so it works with any model; a role it cannot read
names nothing, and the form then says nothing about it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex

#: Role words, and the words in a competency's description that such a colleague sees.
_SEES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"designer", "design", "ux", "researcher", "research"}),
     frozenset({"designer", "customers", "users", "prototype", "options", "solution"})),
    (frozenset({"engineer", "engineering", "developer", "tech", "architect", "qa", "tester"}),
     frozenset({"engineers", "engineer", "software", "backlog", "scope", "trade"})),
    (frozenset({"operations", "sales", "support", "marketing", "legal", "business",
                "stakeholder", "vp", "director", "head", "executive", "finance"}),
     frozenset({"stakeholder", "leaders", "outside", "depend", "business", "rollout",
                "operations", "sales", "support", "marketing", "declined"})),
)
_WORD = re.compile(r"[a-z]+")
#: At most this many, so the hint stays a place to start, not a second form.
MOST = 3


def likely_seen(index: ModelIndex, role: str | None) -> list[str]:
    """The names of up to three competencies, in the model's order, whose descriptions name
    most of what a colleague in ``role`` works with; empty for a role it cannot read."""
    said = set(_WORD.findall((role or "").lower()))
    seen: set[str] = set()
    for words, sees in _SEES:
        if said & words:
            seen |= sees | (said & words)
    if not seen:
        return []
    scored = []
    for order, placed in enumerate(index.placed):
        comp = placed.competency
        hits = len(seen & set(_WORD.findall((comp.description or "").lower())))
        if hits:
            scored.append((-hits, order, comp.name))
    best = sorted(scored)[:MOST]
    return [name for _, _, name in sorted(best, key=lambda s: s[1])]
