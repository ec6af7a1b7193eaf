"""The team's recent history: one ``git log`` over ``team/``, read only as far as needed.

The team view compares each PM's latest assessment with the latest one dated on or
before the start of its window. The log is read newest first; each version is
summarised as it comes (from the store, else from its blob), and a PM is done once the
log has passed that baseline or the commit that created their file. When every PM is
done, git is stopped: a cold run reads as little of the log as a warm one.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pmkit.git.log import FileVersion, PendingLog, folder_versions, start_folder_log
from pmkit.git.setup import SHALLOW_NOTE, shallow_boundary
from pmkit.history.entries import Assessed, assessed_versions
from pmkit.history.summaries import Summaries, Summary

if TYPE_CHECKING:
    from pmkit.git.repo import GitRepo
    from pmkit.workspace import Workspace


def start_team_log(ws: Workspace) -> PendingLog | None:
    """Start the one ``git log`` that reads the whole team's history (None without git)."""
    repo = ws.repo
    if repo is None:
        return None
    return start_folder_log(repo, team_folder(ws, repo))


def team_folder(ws: Workspace, repo: GitRepo) -> str:
    return repo.relative(ws.team_dir) if ws.team_dir.is_dir() else "team"


class TeamWindow:
    """Told about each version as the log is read; keeps what each PM's window needs.

    An older commit cannot hold a later assessment (an assessment is never dated after
    the commit that records it), so once the log is older than a PM's baseline, that PM
    is done.
    """

    def __init__(self, handles: Sequence[str], cutoff: dt.date | None, source: Summaries):
        self.pending = set(handles)
        self.cutoff = cutoff.isoformat() if cutoff is not None else None
        self.source = source
        self.kept: dict[str, list[FileVersion]] = {h: [] for h in handles}
        self.summaries: dict[str, Summary] = {}
        self.best: dict[str, int] = {}  # handle -> ordinal day of its baseline
        self.heap: list[tuple[int, str]] = []
        # Files created or deleted in the commits read: their history starts there.
        self.deleted: set[str] = set()

    def version(self, key: str, version: FileVersion, created: bool) -> None:
        if key not in self.pending:
            return
        self.kept[key].append(version)
        if not version.is_symlink:
            summary = self.summaries[version.blob] = self.source.of(key, version)
            packed = summary.get("a")
            if packed and self.cutoff is not None and packed[0] <= self.cutoff:
                day = dt.date.fromisoformat(packed[0]).toordinal()
                if day > self.best.get(key, -1):
                    self.best[key] = day
                    heapq.heappush(self.heap, (-day, key))
        if created:
            self.pending.discard(key)
            self.deleted.add(key)  # created here: anything older was someone else's

    def ahead(self, key: str, blob: str, path: str) -> None:
        """A version a few commits further down the log: its blob is asked for now."""
        if key in self.pending:
            self.source.ahead(key, blob, path)

    def ended(self, key: str) -> None:
        """The file was deleted here: older versions belong to whoever had the handle before."""
        self.pending.discard(key)
        self.deleted.add(key)

    def enough(self, committer_date: str) -> bool:
        if self.heap:
            try:
                today = dt.date.fromisoformat(committer_date[:10]).toordinal()
            except ValueError:
                return False
            while self.heap and -self.heap[0][0] > today:
                day, key = heapq.heappop(self.heap)
                if self.best.get(key) == -day:
                    self.pending.discard(key)
        return not self.pending


def team_histories(ws: Workspace, handles: Sequence[str], log: PendingLog | None,
                   since: dt.date | None = None) -> dict[str, list[Assessed]]:
    """The manager's assessments of every PM, from :func:`start_team_log`: all of them,
    or back to the latest one dated on or before ``since``.

    What a window read found is kept in the store with the commit it was read at. The
    next run at the same commit reads no log at all; after new commits it reads only
    those (``OLD..HEAD``) and puts them in front. A window kept for an earlier cutoff
    holds every version a later one needs. Anything else (another team, a history that
    was rewritten, a rename in the new commits) reads the log in full.
    """
    repo = ws.repo
    if repo is None or log is None or not handles:
        return {h: [] for h in handles}
    team_rel = team_folder(ws, repo)
    prefix = "" if team_rel == "." else f"{team_rel}/"
    paths = {f"{prefix}{h}.yaml": h for h in handles}
    cutoff = since.isoformat() if since is not None else ""
    pack = ws.store.pack("team-window")
    saved = _usable(pack.get(team_rel), handles, cutoff) if since is not None else None
    head = repo.head() if since is not None else None
    with Summaries(ws.store, repo) as source:
        kept: dict[str, list[FileVersion]] | None = None
        if saved is not None and head is not None:
            if saved["head"] == head:
                log.close()
                kept = _versions(saved)
            elif repo.is_ancestor(saved["head"], head):
                kept = _with_newer(repo, team_rel, saved, paths, source)
        if kept is None:
            window = TeamWindow(handles, since, source)
            folder_versions(log, paths, window, window.ahead)
            kept = window.kept
        log.close()
        summaries = {v.blob: source.of(h, v) for h, vs in kept.items() for v in vs
                     if not v.is_symlink}
        if head is not None:
            pack.put(team_rel, {"head": head, "cutoff": cutoff, "handles": sorted(handles),
                                "kept": {h: [list(v) for v in vs] for h, vs in kept.items()}})
    if shallow_boundary(repo):
        ws.warn(SHALLOW_NOTE)
    return {h: assessed_versions(kept[h], summaries) for h in handles}


def _usable(saved: dict[str, Any] | None, handles: Sequence[str], cutoff: str) -> dict[str, Any] | None:
    """A kept window for the same PMs, read for this cutoff or an earlier one, sound in shape."""
    if not isinstance(saved, dict) or saved.get("handles") != sorted(handles):
        return None
    if not isinstance(saved.get("head"), str) or not isinstance(saved.get("cutoff"), str):
        return None
    if saved["cutoff"] > cutoff or not isinstance(saved.get("kept"), dict):
        return None
    try:
        _versions(saved)
    except (TypeError, ValueError):
        return None
    return saved


def _versions(saved: dict[str, Any]) -> dict[str, list[FileVersion]]:
    out: dict[str, list[FileVersion]] = {}
    for handle in saved["handles"]:
        rows = saved["kept"].get(handle)
        if not isinstance(rows, list):
            raise ValueError(handle)
        out[handle] = [FileVersion(*(str(field) for field in row)) for row in rows
                       if isinstance(row, list) and len(row) == 6]
    return out


def _with_newer(repo: GitRepo, team_rel: str, saved: dict[str, Any], paths: dict[str, str],
                source: Summaries) -> dict[str, list[FileVersion]] | None:
    """The kept window with the versions of the commits made since in front; None when
    those commits rename a PM's file (the full log follows it)."""
    old = _versions(saved)
    newer = TeamWindow(list(paths.values()), None, source)
    with start_folder_log(repo, team_rel, after=saved["head"]) as log:
        found = folder_versions(log, paths, newer, newer.ahead)
    if any(v.path not in paths for vs in found.values() for v in vs):
        return None
    return {h: newer.kept[h] + ([] if h in newer.deleted else
                                [v for v in old[h] if v not in newer.kept[h]]) for h in old}
