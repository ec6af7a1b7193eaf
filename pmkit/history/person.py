"""One PM's history: git log → store → entries, in one ``git log`` and at most one ``cat-file``."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from pmkit.errors import InputError
from pmkit.git.log import FileVersion, file_versions, start_file_log
from pmkit.git.runner import git_executable
from pmkit.git.setup import SHALLOW_NOTE, shallow_boundary
from pmkit.history.entries import History, assessed_versions, build_entries, skipped_versions
from pmkit.history.summaries import Summaries
from pmkit.model.gaps import canonical_ratings
from pmkit.store import blob_id
from pmkit.suggest import suggest_known

if TYPE_CHECKING:
    from pmkit.git.repo import GitRepo
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import PeerInput
    from pmkit.workspace import Workspace


def rel_person_path(ws: Workspace, repo: GitRepo, handle: str) -> str:
    base = repo.relative(ws.root)
    return str(PurePosixPath(base) / "team" / f"{handle}.yaml") if base != "." else f"team/{handle}.yaml"


def no_history_reason(ws: Workspace) -> str:
    if git_executable() is None:
        return "git is not installed"
    return f"{ws.root} is not in a git repository"


def read_history(ws: Workspace, handle: str) -> History:
    """The whole history of one PM, read once per command (:meth:`Workspace.remembered`)."""
    history: History = ws.remembered("history", handle, lambda: _read_history(ws, handle))
    return history


def _read_history(ws: Workspace, handle: str) -> History:
    """The whole history of one PM.

    git starts first and reads history while the current file is checked and the model
    loads. A broken current file is an input error, as in every command (exit 2); a PM
    whose file is gone still has the history git keeps.
    """
    path = ws.person_path(handle)
    repo = ws.repo
    if repo is None:
        ws.warn(f"note: {no_history_reason(ws)}, so the history shows only the current file")
    rel = rel_person_path(ws, repo, handle) if repo is not None else ws.rel(path)
    log = start_file_log(repo, rel) if repo is not None else None
    peers: list[dict[str, Any]] = []
    try:
        raw = None
        if path.exists():
            loaded = ws.person_file(handle)
            raw = loaded.raw
            peers = peer_entries(loaded.obj.peer_input, ws.index)
        index = ws.index
        versions = file_versions(log, raw is not None) if log is not None else []
    finally:
        if log is not None:
            log.close()
    known: dict[str, bytes] = {}
    if raw is not None:
        current = blob_id(raw)
        if not versions or versions[0].blob != current:
            # Written but not committed (--no-commit, or edited by hand): still part of the story.
            known[current] = raw
            now = dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")
            versions.insert(0, FileVersion("", now, rel, current, "100644"))
    if not versions:
        raise InputError(f"no PM with handle '{handle}'{suggest_known(handle, ws.handles(), 'team')}"
                         " and no history of one in git")
    with Summaries(ws.store, repo, known) as source:
        summaries = source.all_of(handle, versions)
    if repo is not None and shallow_boundary(repo):
        ws.warn(SHALLOW_NOTE)
    return History(
        handle=handle,
        assessments=build_entries(assessed_versions(versions, summaries, "assessment"), index),
        self_assessments=build_entries(assessed_versions(versions, summaries, "self_assessment"),
                                       index),
        skipped=skipped_versions(versions, summaries),
        versions=len(versions),
        peer_input=peers,
    )


def peer_entries(peer_input: list[PeerInput], index: ModelIndex) -> list[dict[str, Any]]:
    """Colleagues' views as history shows them: dated, oldest first, under today's ids."""
    out = [{"date": p.date.isoformat(), "reviewer": p.reviewer, "role": p.role,
            "ratings": {cid: rating for cid, (rating, _) in canonical_ratings(p, index).items()}}
           for p in peer_input]
    return sorted(out, key=lambda e: e["date"])

