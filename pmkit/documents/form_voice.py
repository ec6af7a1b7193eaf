"""A rubric line addressed to whoever fills in a review form.

Rubrics speak of "the PM" ("the PM often feels overwhelmed"); a self-review form puts the
same line to the PM as "you" with the verb agreeing ("you often feel overwhelmed"), and a
peer form names the PM. The conversation quotes rubric lines to the PM the same way.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.documents.forms import Kind

#: "The PM", "this PM's", "the PM often writes": the words turned to the reader of a form.
_PM = re.compile(r"\b([Tt]he|[Tt]his) PM(?:('s)\b|(?:(\s+(?:(?:often|always|never|still|rarely|"
                 r"usually|also|now)\s+)?)([a-z]+))?\b)")


def _base_form(verb: str) -> str:
    """'works' -> 'work', 'is' -> 'are': the verb after "you" instead of after "the PM"."""
    irregular = {"is": "are", "has": "have", "does": "do", "was": "were", "goes": "go"}
    if verb in irregular:
        return irregular[verb]
    if len(verb) <= 3:  # "as", "its": not a verb that agrees with its subject
        return verb
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if verb.endswith(("shes", "ches", "xes", "sses", "zes")):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb


def speak_to(text: str, kind: Kind, first_name: str) -> str:
    """A rubric line that says "the PM" or "this PM", addressed to whoever fills in the form.

    A self-review says "you" ("decisions are made by you alone", "you often feel
    overwhelmed"); a peer form names the PM. Lines without those words are unchanged:
    a rubric's "Runs interviews..." reads the same for both.
    """
    def swap(match: re.Match[str]) -> str:
        article, possessive, gap, verb = match.groups()
        capital = article[0] == "T" and (match.start() == 0 or text[:match.start()].rstrip()[-1:]
                                          in ".;:!?")
        if possessive:
            return first_name + "'s" if kind == "peer" else ("Your" if capital else "your")
        if kind == "peer":
            return first_name + (gap or "") + (verb or "")
        return ("You" if capital else "you") + (gap or "") + (_base_form(verb) if verb else "")

    return _PM.sub(swap, text)
