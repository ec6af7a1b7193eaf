"""Handles name files, so they are checked before they come near a path."""

from __future__ import annotations

import re

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




