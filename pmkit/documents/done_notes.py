"""A box ticked as it was written, said as the PM's work: "interview guide reviewed with
design" is "You reviewed the interview guide with design".

Only a short thing done, then a verb that plainly names work a PM does, then where or with
whom, is turned; anything else ("release delayed to March", where the PM may not be the one
who did it) stays as written for the caller to mark as noted.
"""

from __future__ import annotations

import re

#: Past participles of work a PM does themselves, as notes abbreviate them.
_WORK = frozenset((
    "reviewed", "shared", "tested", "booked", "drafted", "sent", "posted", "presented",
    "interviewed", "scheduled", "mapped", "logged", "published", "prepared", "documented",
    "updated", "checked", "planned", "written", "run", "held", "walked", "agreed", "sketched",
    "prototyped", "analysed", "analyzed", "measured"))
#: Participles whose simple past differs: "test plan written" is "You wrote the test plan".
_PAST = {"written": "wrote", "run": "ran"}
_DETERMINERS = frozenset(("the", "a", "an", "two", "three", "four", "five", "six", "our",
                          "their", "my", "your", "his", "her", "this", "that", "these",
                          "those", "each", "every"))
_AFTER = ("with", "in", "at", "on", "to", "for", "before", "after", "during")
_PASSIVE = re.compile(r"^(?P<thing>[A-Za-z][\w'-]*(?: [\w'-]+){0,4}?) (?P<verb>[a-z]+)"
                      r"(?P<rest>(?: (?:" + "|".join(_AFTER) + r")\b.*)?)$")


def said_done(text: str) -> str | None:
    """``text`` as "You <verb> <thing> ..." when it reads as a thing the PM did; else None."""
    text = " ".join(text.split()).rstrip(".")
    first, _, rest = text.partition(" ")
    if rest and first.lower() in _WORK - _PAST.keys():  # "reviewed the guide with design"
        return f"You {first.lower()} {rest}"
    match = _PASSIVE.match(text)
    if match is None or match.group("verb") not in _WORK:
        return None
    thing = match.group("thing")
    words = thing.lower().split()
    if any(word in _WORK for word in words):  # two verbs: not one thing done
        return None
    article = "" if words[0] in _DETERMINERS or words[0].isdigit() else "the "
    verb = _PAST.get(match.group("verb"), match.group("verb"))
    return f"You {verb} {article}{thing}{match.group('rest')}"
