"""Who a rubric line asks to be there, and whether the work written down names them.

A line such as "customer conversations with the designer and engineers present" asks for
more than the conversations: it asks for the people in the room. Work that names the
designer only shows part of it, and a manager weighing whether to reopen a rating needs to
see that gap beside the work that speaks for it. The roles and the words that stand for
each are kept here, in one small list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Each role a rubric line may ask to be present, as the line names it, with the word starts
#: that stand for it in written work ("engineers" is shown by "engineer", "developer" or
#: the "tech lead"). Kept small: only people a rubric line asks to be involved.
ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("designer", ("designer", "ux", "design lead")),
    ("engineer", ("engineer", "developer", "tech lead", "architect", "dev team")),
    ("tech lead", ("tech lead", "architect")),
    ("stakeholder", ("stakeholder", "sponsor")),
    ("analyst", ("analyst",)),
    ("user", ("user", "customer", "client")),
)
#: Where a line asks for people: "with the designer and engineers present", up to the
#: clause's end.
_WITH = re.compile(r"\bwith\s+([^,;.:]+)", re.IGNORECASE)
#: How the line says it, to say it back: "present", "involved", "in the room".
_HOW = re.compile(r"\b(present|involved|in the room|joining|listening)\b", re.IGNORECASE)


def _names(text: str, words: Iterable[str]) -> bool:
    """Whether ``text`` names one of ``words`` (as a word start: "engineers" names "engineer")."""
    return any(re.search(rf"\b{re.escape(w)}", text, re.IGNORECASE) for w in words)


def absent(line: str, value: int, work: Iterable[str]) -> str | None:
    """In words for the manager, the people the line for ``value`` asks to be there that none
    of ``work`` names ("the line for 3 asks for engineers present; none of the work since
    names one"), or None when the line asks for nobody or the work names them all."""
    work = list(work)
    asked: list[str] = []
    how = ""
    for match in _WITH.finditer(line):
        part = match.group(1)
        for role, words in ROLES:
            found = re.search(rf"\b(?:the\s+|an?\s+)?{re.escape(role)}s?\b", part, re.IGNORECASE)
            if found and not any(_names(text, words) for text in work):
                asked.append(found.group(0))
        how = how or (m.group(1) if (m := _HOW.search(part)) else "")
    asked = list(dict.fromkeys(asked))
    if not asked:
        return None
    who = " and ".join(asked)
    return (f"the line for {value} asks for {who}{' ' + how if how else ''}; none of the work "
            f"since names {'one' if len(asked) == 1 else 'any of them'}")
