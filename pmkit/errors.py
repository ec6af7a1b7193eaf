"""Errors a user can act on.

Every failure pmkit expects is an :class:`InputError`: one line naming the file and,
where there is one, the line. The CLI prints it and exits 2; nothing else is shown
unless the user asks for ``--debug``.
"""

from __future__ import annotations

from pathlib import Path


class PmkitError(Exception):
    """Base class for errors that carry a message meant for the user."""

    exit_code = 2


class InputError(PmkitError):
    """Bad input: a file, a flag or an argument the user can fix."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}: {self.message}"
        if self.path:
            return f"{self.path}: {self.message}"
        return self.message


class LockTimeout(PmkitError):
    """Another pmkit process holds the workspace lock."""
