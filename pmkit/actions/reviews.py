"""What ``conversation`` and ``review`` write: dated documents, never overwritten, committed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pmkit.documents.conversation import build_conversation
from pmkit.documents.oneonone import agenda_path
from pmkit.documents.review import build_review, review_path
from pmkit.errors import InputError
from pmkit.model.handles import validate_handle

if TYPE_CHECKING:
    from pmkit.workspace import Workspace


def _refuse_existing(ws: Workspace, path: Path, what: str) -> None:
    if path.exists() or path.is_symlink():
        raise InputError(f"already exists; pmkit never overwrites {what} (add to it by hand, "
                         "or pass another --date)", ws.rel(path))


@dataclass(frozen=True)
class ConversationWritten:
    path: Path
    contested: list[str]


def write_conversation(ws: Workspace, handle: str, when: dt.date) -> ConversationWritten:
    """The assessment conversation goes where 1:1s go: its open action items carry over."""
    validate_handle(handle)
    path = agenda_path(ws, handle, when)
    _refuse_existing(ws, path, "a 1:1 file")
    with ws.transaction(f"conversation({handle}): assessment conversation on "
                        f"{when.isoformat()}") as tx:
        done = build_conversation(ws, handle, when)
        tx.write(path, done.text.encode("utf-8"), must_be_new=True)
    ws.finish()
    return ConversationWritten(path, done.contested)


@dataclass(frozen=True)
class ReviewWritten:
    path: Path
    moved: int
    still: int


def write_review(ws: Workspace, handle: str, when: dt.date) -> ReviewWritten:
    """Write ``reviews/HANDLE/DATE.md``: the end-of-plan review."""
    validate_handle(handle)
    path = review_path(ws, handle, when)
    _refuse_existing(ws, path, "a review")
    with ws.transaction(f"review({handle}): end-of-plan review on {when.isoformat()}") as tx:
        done = build_review(ws, handle, when)
        tx.write(path, done.text.encode("utf-8"), must_be_new=True)
    ws.finish()
    return ReviewWritten(path, done.moved, done.still)
