"""The part of a milestone still ahead that work already done can no longer meet.

A milestone that counts on a step the notes say did not happen is to be reworded, but
rarely all of it: an experiment log "recording assumption, method, threshold, result"
fails only on the threshold never set, and a decision "written in the log on the day the
result came in" fails only on the day, for a test run before the log existed. Naming
that part keeps the rest of the milestone standing, so the talk rewords one phrase, not
the whole step.
"""

from __future__ import annotations

import re
from typing import Any

from pmkit.documents.goal_match import stems

#: When a part asks a thing to happen: "on the day the result came in", "before the test ran".
_WHEN = re.compile(r"\b(?:on the day|before|after|within|as soon as)\b[^,;.]*", re.IGNORECASE)
#: The parts a milestone lists, its asides in brackets left out.
_LISTED = re.compile(r"[,;]\s*(?:and\s+)?")


def stuck_part(milestone: dict[str, Any], missing: str) -> str | None:
    """The words of ``milestone`` (raw, first: an earlier milestone it needs, or None) that
    cannot be met: the timing of the part that needs the earlier milestone's thing, or the
    parts that name what the first clause of ``missing`` says did not happen. None when no
    single part stands out, so the whole milestone is named as before."""
    body = re.sub(r"\s*\([^)]*\)", "", str(milestone.get("raw", "")).strip().rstrip("."))
    parts = [p.strip() for p in _LISTED.split(body) if p.strip()]
    first = milestone.get("first")
    if first:
        needs = stems(str(first.get("thing", "")))
        for part in parts:
            when = _WHEN.search(part)
            if when and needs & stems(part):
                return when.group(0).strip()
        return None
    lacking = stems(re.split(r"[,;]", missing, maxsplit=1)[0]) if missing else set()
    named = [p for p in parts if lacking & stems(p)]
    return named[0][:1].lower() + named[0][1:] if len(named) == 1 and len(named) < len(parts) \
        else None
