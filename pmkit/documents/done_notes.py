"""A box ticked as it was written, said as the PM's work: "interview guide reviewed with
design" is "You reviewed the interview guide with design".

Only a short thing done, then a verb that plainly names work a PM does, then where or with
whom, is turned; anything else ("release delayed to March", where the PM may not be the one
who did it) stays as written for the caller to mark as noted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pmkit.documents import verbs

#: Past participles of work a PM does themselves, as notes abbreviate them.
_WORK = verbs.participles(
    "review share test book draft send post present interview schedule map log publish "
    "prepare document update check plan write run hold walk agree sketch prototype analyse "
    "analyze measure")
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
    if rest and first.lower() in _WORK - verbs.SIMPLE_PAST_OF.keys():  # "reviewed the guide with design"
        return f"You {first.lower()} {rest}"
    match = _PASSIVE.match(text)
    if match is None or match.group("verb") not in _WORK:
        return None
    thing = match.group("thing")
    words = thing.lower().split()
    if any(word in _WORK for word in words):  # two verbs: not one thing done
        return None
    article = "" if words[0] in _DETERMINERS or words[0].isdigit() else "the "
    # "test plan written" is "You wrote the test plan": the simple past where it differs
    verb = verbs.SIMPLE_PAST_OF.get(match.group("verb"), match.group("verb"))
    return f"You {verb} {article}{thing}{match.group('rest')}"


#: Verbs an action item opens with, as the PM did them: "share the notes" ticked off is
#: "You shared the notes". A few verbs of the table are not (yet) read on an item.
_DID = {base: past for base, past in verbs.PAST.items() if base not in {
    "walk", "watch", "draw", "spend", "speak", "tell", "measure", "prototype", "analyse",
    "analyze"}}


def ticked_said(text: str) -> str:
    """An evidence line as the PM reads it: a ticked action item that opens with a verb
    ("Ticked off as done: share interview notes in the team channel.") is "You shared
    interview notes in the team channel."; any other line as it is. Only the words shown
    change: the marker stays on the evidence rows, where the chore is weighed apart."""
    from pmkit.documents.evidence import TICKED

    if not text.startswith(TICKED):
        return text
    return you_did(text[len(TICKED):].strip()) or text


def you_did(what: str) -> str | None:
    """An action item that opens with a verb, as the PM did it ("share the notes" is "You
    shared the notes"); None when it does not open with one pmkit knows."""
    first, _, rest = what.strip().partition(" ")
    did = _DID.get(first.lower())
    return f"You {did} {rest}" if did and rest else None


def said_rows(rows: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    """Evidence rows as the PM reads them (:func:`ticked_said`), for a document's page."""
    return [{**row, "text": ticked_said(row["text"])} for row in rows]
