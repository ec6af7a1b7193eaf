"""Errors a user can act on.

Every failure pmkit expects is a :class:`PmkitError`: an :class:`InputError` (a file,
flag or argument the user can fix: one line naming the file and, where there is one, the
line) or an :class:`EnvironmentProblem` (git missing, a broken repository, a full disk:
one sentence saying what to do). The CLI prints either as one line and exits 2; nothing
else is shown unless the user asks for ``--debug``.
"""

from __future__ import annotations

from pathlib import Path

from pmkit.patterns import lazy

# Anything a terminal or a log reader would take as the end of a line (or that hides text).
_BREAKS = lazy(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """A message stays one line even when it quotes a key or value holding line breaks."""
    return _BREAKS.sub(lambda match: repr(match.group())[1:-1], text.replace("\t", " "))


class PmkitError(Exception):
    """Base class for errors that carry a message meant for the user."""

    exit_code = 2


class InputError(PmkitError):
    """Bad input: a file, a flag or an argument the user can fix."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        message = one_line(message)
        super().__init__(message)
        self.message = message
        self.path = one_line(str(path)) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}: {self.message}"
        if self.path:
            return f"{self.path}: {self.message}"
        return self.message


class EnvironmentProblem(PmkitError):
    """The machine, not the input: git missing, a broken repository, a full disk."""

    def __init__(self, message: str):
        message = one_line(message)
        super().__init__(message)
        self.message = message


class LockTimeout(PmkitError):
    """Another pmkit process holds the workspace lock."""
