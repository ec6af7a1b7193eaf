"""Answers of an interactive assessment kept when it is interrupted, to resume next time.

A draft is the manager's unfinished work, not the team's record: it lives in the git
folder (``.git/pmkit/drafts``), never in the work tree and never in a commit. Outside
git it goes to ``.pmkit/drafts`` with a ``.gitignore`` that keeps it out of any later
repository. Writes are atomic; a draft that cannot be read is ignored, never fatal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.errors import InputError
from pmkit.files import atomic

if TYPE_CHECKING:
    from pmkit.workspace import Workspace

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class Draft:
    """Ratings and evidence answered so far, keyed by competency id."""

    handle: str
    key: str  # "assessment" or "self_assessment"
    ratings: dict[str, int] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    saved: str = ""

    @property
    def answered(self) -> int:
        return len(set(self.ratings) | set(self.skipped))


def draft_path(ws: Workspace, handle: str, key: str) -> Path:
    folder = ws.store.folder
    if folder is None:
        folder = ws.root / ".pmkit"
    return folder / "drafts" / f"{key}-{handle}.json"


def save_draft(ws: Workspace, draft: Draft) -> Path | None:
    """Keep the answers; None when they could not be written (the disk, permissions)."""
    path = draft_path(ws, draft.handle, draft.key)
    draft.saved = dt.datetime.now().astimezone().isoformat(timespec="minutes")
    data = {"handle": draft.handle, "key": draft.key, "ratings": draft.ratings,
            "notes": draft.notes, "skipped": draft.skipped, "saved": draft.saved}
    try:
        if ws.store.folder is None:
            ws.refuse_outside(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if ws.store.folder is None:
            ignore = path.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# unfinished assessments: never commit them\n*\n", encoding="utf-8")
        atomic.write_files([(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))])
    except (OSError, InputError):  # a draft is a courtesy: never hide why the run stopped
        return None
    return path


def load_draft(ws: Workspace, handle: str, key: str) -> Draft | None:
    """The draft for this PM and view, when there is a sound one."""
    path = draft_path(ws, handle, key)
    try:
        data: Any = json.loads(path.read_bytes()[:1_000_000].decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    ratings = data.get("ratings")
    notes = data.get("notes")
    skipped = data.get("skipped", [])
    if not (isinstance(ratings, dict) and isinstance(notes, dict) and isinstance(skipped, list)):
        return None
    draft = Draft(handle, key, saved=str(data.get("saved", "")))
    for cid, value in ratings.items():
        if isinstance(cid, str) and _ID.match(cid) and isinstance(value, int) and not isinstance(value, bool):
            draft.ratings[cid] = value
    for cid, text in notes.items():
        if isinstance(cid, str) and _ID.match(cid) and isinstance(text, str):
            draft.notes[cid] = text
    draft.skipped = [cid for cid in skipped if isinstance(cid, str) and _ID.match(cid)]
    return draft


def clear_draft(ws: Workspace, handle: str, key: str) -> None:
    with contextlib.suppress(OSError):
        draft_path(ws, handle, key).unlink()
