"""A 1:1 recap line without the manager's remarks on how the PM came across.

"She was quiet" or "he said nothing" is the manager's impression, not something agreed
or done: the PM's copy of the recap leaves it out and the manager's part keeps it. A
word of praise for the meeting itself ("Good session.") was said to both, so it stays.
"""

from __future__ import annotations

import re

from pmkit.patterns import lazy

#: A verbless word of praise for the meeting itself ("Good session.") belongs to both.
_PRAISE = lazy(r"^((?:a )?(?:good|great|useful|productive|strong) (?:session|1:1|"
               r"conversation|meeting|discussion))[.!]?$", re.IGNORECASE)

#: A remark on how the PM came across ("she was quiet", "he said nothing", "good session"):
#: the manager's impression, not a commitment or an outcome, so it stays out of the recap.
_JUDGEMENT = lazy(
    r"\b(?:was|were|is|are|seemed|seems|looked|looks|sounded|came across as|felt)\s+(?:very\s+|a bit\s+|"
    r"quite\s+|rather\s+)?(?:quiet|silent|defensive|distracted|tired|passive|unprepared|"
    r"disengaged|nervous|upset|frustrated|withdrawn|vague|low|off|flat|checked out)\b"
    r"|\bsaid (?:nothing|little|very little)\b|\bdid not (?:say|speak)\b"
    r"|^\W*(?:good|great|tough|hard|difficult|odd|short) (?:session|1:1|one)\W*$",
    re.IGNORECASE)
_CLAUSES = lazy(r"(?<=[.!?])\s+|;\s*")


def without_judgement(text: str) -> tuple[str, list[str]]:
    """A recap line without its remarks on how the PM came across, and those remarks."""
    parts = [p.strip() for p in _CLAUSES.split(text.strip()) if p.strip()]
    judged = [p for p in parts if _JUDGEMENT.search(p)]
    if not judged:
        return text, []
    kept = []
    for part in parts:
        praise = _PRAISE.match(part)
        if praise:  # "Good session." was said to both: the PM may read it
            judged.remove(part)
            said = praise.group(1).lower()
            kept.append(f"You had {said if said.startswith('a ') else 'a ' + said}.")
            continue
        if part in judged:
            continue
        part = part[:1].upper() + part[1:]
        kept.append(part if part[-1] in ".!?" else part + ".")
    return " ".join(kept), judged
