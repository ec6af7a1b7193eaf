"""The verbs of a PM's own work in their past forms, kept in one table, so a ticked item
("book the room"), a note's opening word ("Booked the room") and a box ticked as written
("room booked") all turn into the same "You booked the room"."""

from __future__ import annotations

__all__ = ["PAST", "SIMPLE_PAST_OF", "done_by_you", "opens_with_work", "participles", "past_forms"]

#: Work a PM does, base form to simple past.
PAST: dict[str, str] = {
    "share": "shared", "send": "sent", "write": "wrote", "rewrite": "rewrote",
    "draft": "drafted", "book": "booked", "post": "posted", "run": "ran",
    "review": "reviewed", "test": "tested", "schedule": "scheduled", "map": "mapped",
    "prepare": "prepared", "update": "updated", "check": "checked", "plan": "planned",
    "hold": "held", "sketch": "sketched", "interview": "interviewed", "present": "presented",
    "publish": "published", "document": "documented", "log": "logged", "agree": "agreed",
    "set": "set", "ask": "asked", "call": "called", "list": "listed", "invite": "invited",
    "read": "read", "pick": "picked", "bring": "brought", "make": "made", "build": "built",
    "take": "took", "give": "gave", "join": "joined", "shadow": "shadowed",
    "visit": "visited", "add": "added", "compare": "compared", "collect": "collected",
    "define": "defined", "lead": "led", "facilitate": "facilitated", "meet": "met",
    "email": "emailed", "summarise": "summarised", "summarize": "summarized",
    "record": "recorded", "pair": "paired", "set up": "set up", "try": "tried",
    "walk": "walked", "watch": "watched", "draw": "drew", "spend": "spent", "speak": "spoke",
    "tell": "told", "measure": "measured", "prototype": "prototyped", "analyse": "analysed",
    "analyze": "analyzed",
}
#: Past participles that differ from the simple past: "test plan written" is "You wrote".
_PARTICIPLE = {"write": "written", "run": "run"}
#: The participle of such a verb to its simple past ("written" to "wrote").
SIMPLE_PAST_OF: dict[str, str] = {p: PAST[base] for base, p in _PARTICIPLE.items()}


def past_forms(bases: str) -> frozenset[str]:
    """The simple past of each base form in ``bases`` (space-separated)."""
    return frozenset(PAST[base] for base in bases.split())


def participles(bases: str) -> frozenset[str]:
    """The past participle of each base form in ``bases`` (space-separated)."""
    return frozenset(_PARTICIPLE.get(base, PAST[base]) for base in bases.split())


#: Past-tense verbs a note's bullet may open with, its subject (the PM) unsaid: "Watched
#: three support calls" is "You watched three support calls". Only verbs that are rarely an
#: adjective at the start of a line ("Limited", "Planned" and "Shared" are left out).
_DONE_OPENERS = past_forms(
    "watch try sketch interview visit shadow present book draft post walk call test facilitate "
    "write run build lead hold take give bring send spend make meet draw speak tell")


def opens_with_work(text: str) -> bool:
    """Whether a note line opens with what the PM did ("ran two interviews ...")."""
    first, _, rest = text.partition(" ")
    return bool(rest) and first.lower() in _DONE_OPENERS


def done_by_you(text: str) -> str:
    """A note line that opens with what the PM did, its subject given back ("You ran ...");
    any other line as it is."""
    if opens_with_work(text):
        first, _, rest = text.partition(" ")
        return f"You {first.lower()} {rest}"
    return text
