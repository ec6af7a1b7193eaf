"""Handles name files, so they are checked before they come near a path."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from pmkit.errors import InputError

HANDLE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def validate_handle(handle: str) -> str:
    """Return the handle unchanged, or refuse it with a message that says why."""
    if not HANDLE_PATTERN.fullmatch(handle) or ".." in handle:
        shown = handle if handle.isprintable() else repr(handle)
        raise InputError(
            f"invalid handle {shown!r}: use 1-64 lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter or digit (for example 'alice' or 'bob.smith')"
        )
    return handle


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
