"""The marks pmkit writes beside a carried 1:1 item, and reading them back.

An item carried to the next agenda keeps the day it was first written, and after enough
carries the question put about it; an item the notes may have overtaken gets a note of
why. These marks are pmkit's, not the writer's: the item's own words are what is left
once they are taken off.
"""

from __future__ import annotations

import datetime as dt
import re

#: The origin date pmkit writes beside a carried item: "added" at first, "open since" once
#: the item has been carried three times and its decision was asked (every third carry
#: after that, with the question in a few words: "still worth your time?", or, on the
#: manager's own, "Dana says today whether this still stands"), and "waiting on Dana since"
#: once the manager's own item has been asked about long enough; the manager's own item
#: carried three times reads "Dana's item, open since".
ADDED_MARK = re.compile(r"\s*\*\((?:added|(?:[^()*\n]+?['’]s item, )?open since"
                    r"|waiting on [^()*\n]+? since) (\d{4}-\d{2}-\d{2})"
                    r"(?:, carried \w+ times(?:: [^()*]*)?)?\)\*")
#: The options an agenda offers for an item carried three times or more.
DECISION = "keep it with a date, make it smaller, or drop it"
#: The question asked beside such an item: in the origin mark, or in bold after it (older files).
DECIDE_MARK = re.compile(r"\s*\*\*Carried (?:\d+|[a-z]+) times: keep, rescope or drop\?\*\*"
                     r"|\s*\*\(open since \d{4}-\d{2}-\d{2}, carried \w+ times: "
                     + r"(?:[^()*\n]+ decides today: )?" + re.escape(DECISION) + r"\??\)\*"
                     # The manager's own item: its status stands for the decision put to them.
                     r"|\s*\*\([^()*\n]+?['’]s item, open since \d{4}-\d{2}-\d{2}, carried "
                     r"\w+ times\)\*")
#: The note pmkit adds beside an item the notes or talking points may have overtaken.
OVERTAKEN_MARK = re.compile(r"\s*\*\((?:the notes of \d{4}-\d{2}-\d{2} say|today's talking point|"
                        r"it was due by|“)[^\n]*?\?\)\*"
                        r"|\s*\*\([^()*\n]*? your notes of \d{4}-\d{2}-\d{2} say, [^\n]*?"
                        r"for your next one\)\*"
                        r"|\s*\*\([^()*\n]*? has already run, and the notes of "
                        r"\d{4}-\d{2}-\d{2} say, [^\n]*?\?\)\*")


def clean(text: str) -> str:
    """Item text without the markers pmkit adds when it carries an item over."""
    return " ".join(OVERTAKEN_MARK.sub("", DECIDE_MARK.sub("", ADDED_MARK.sub("", text))).split())


def added_on(text: str) -> dt.date | None:
    """The day an item was first written, as its mark says; None without a readable one."""
    match = ADDED_MARK.search(text)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def asks_decision(text: str) -> bool:
    """Does an item already carry the keep, rescope or drop question?"""
    return DECIDE_MARK.search(text) is not None
