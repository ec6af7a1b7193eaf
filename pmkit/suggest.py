"""Did-you-mean hints for names a user typed: the closest known one, or a short list."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ``" (did you mean 'x'?)"`` suffix, or an empty string when nothing is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def suggest_known(word: str, candidates: Iterable[str], what: str = "known") -> str:
    """Suggest the closest name, else list the valid ones (briefly)."""
    names = list(candidates)
    close = did_you_mean(word, names)
    if close:
        return close
    if not names:
        return ""
    shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
    return f" ({what}: {shown})"
