"""Every assessment of a PM over time, read from the git history of their file.

A PM file changes for many reasons (a talking point, a goal); only a new assessment
makes a new entry: the same date with the same ratings is the same assessment, in
whichever commit it appears. Versions that cannot be read are listed, never fatal.
Ratings are mapped through the model's aliases; ids the model no longer knows stay
as they were written.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from pmkit.errors import InputError
from pmkit.snapshots import Summary, SummaryCache, fingerprint, problem_of, summarize
from pmkit.git.log import FileVersion

if TYPE_CHECKING:
    from pmkit.gitio import GitRepo
    from pmkit.model.index import ModelIndex
    from pmkit.git.log import PendingLog
    from pmkit.workspace import Workspace


class Entry(NamedTuple):
    """One distinct assessment and the first commit that recorded it."""

    date: dt.date
    commit: str | None  # None: written but not committed yet
    committed: dt.datetime | None
    ratings: dict[str, int]
    level: str | None
    model_version: int | None
    changes: dict[str, int]  # vs the previous assessment, where both rate it

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "commit": self.commit,
            "ratings": dict(self.ratings),
            "committed_at": self.committed.isoformat() if self.committed else None,
            "level": self.level,
            "model_version": self.model_version,
            "changes": dict(self.changes),
        }


class Skipped(NamedTuple):
    """A version of the file that could not be read, and why."""

    commit: str | None
    committed: dt.datetime | None
    path: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"commit": self.commit,
                "date": self.committed.date().isoformat() if self.committed else None,
                "committed_at": self.committed.isoformat() if self.committed else None,
                "path": self.path, "reason": self.reason}


class History:
    """A PM's assessments (manager's and self) over time, and the versions that were skipped."""

    def __init__(self, handle: str, assessments: list[Entry], self_assessments: list[Entry],
                 skipped: list[Skipped], versions: int):
        self.handle = handle
        self.assessments = assessments
        self.self_assessments = self_assessments
        self.skipped = skipped
        self.versions = versions

    def view(self, self_view: bool) -> list[Entry]:
        return self.self_assessments if self_view else self.assessments

    def since(self, start: dt.date | None) -> History:
        """Only what happened on or after ``start`` (changes still compare with the one before)."""
        if start is None:
            return self
        return History(
            self.handle,
            [e for e in self.assessments if e.date >= start],
            [e for e in self.self_assessments if e.date >= start],
            [s for s in self.skipped if s.committed is None or s.committed.date() >= start],
            self.versions,
        )

    def as_json(self, self_view: bool = False) -> dict[str, Any]:
        return {
            "handle": self.handle,
            "view": "self" if self_view else "manager",
            "assessments": [e.as_json() for e in self.assessments],
            "self_assessments": [e.as_json() for e in self.self_assessments],
            "skipped": [s.as_json() for s in self.skipped],
            "versions": self.versions,
        }


class IdMap:
    """Today's competency ids in model order, and the aliases that lead to them."""

    def __init__(self, ordered_ids: Sequence[str], aliases: Mapping[str, str] | None = None):
        self.order = {cid: n for n, cid in enumerate(ordered_ids)}
        self.table = {**(aliases or {}), **{cid: cid for cid in ordered_ids}}

    @classmethod
    def from_index(cls, index: ModelIndex | None) -> IdMap:
        if index is None:
            return cls([])
        aliases = {alias: p.competency.id for p in index.placed for alias in p.competency.aliases}
        return cls(index.all_ids, aliases)

    @classmethod
    def from_plain(cls, model: Any) -> IdMap | None:
        """From a model file's plain data; None when it does not look like a model."""
        if not isinstance(model, dict) or not isinstance(model.get("areas"), list):
            return None
        ids: list[str] = []
        aliases: dict[str, str] = {}
        for area in model["areas"]:
            comps = area.get("competencies") if isinstance(area, dict) else None
            for comp in comps if isinstance(comps, list) else []:
                cid = comp.get("id") if isinstance(comp, dict) else None
                if not isinstance(cid, str):
                    return None
                ids.append(cid)
                more = comp.get("aliases")
                for alias in more if isinstance(more, list) else []:
                    if isinstance(alias, str):
                        aliases.setdefault(alias, cid)
        return cls(ids, aliases)

    def canonical(self, ratings: Mapping[str, int]) -> dict[str, int]:
        """Ratings under today's ids, in the model's order; ids the model lost stay as written."""
        mapped: dict[str, int] = {}
        for key, value in ratings.items():
            mapped.setdefault(self.table.get(key, key), value)
        last = len(self.order)
        return dict(sorted(mapped.items(), key=lambda kv: (self.order.get(kv[0], last), kv[0])))


class ModelSources(NamedTuple):
    """The settings and model files as bytes, and the model's plain data (never validated)."""

    settings: bytes
    model: bytes
    plain: Any


def model_sources(ws: Workspace) -> ModelSources | None:
    """Read pmkit.yaml and the model it names, through the parse cache; None if unusual."""
    from pmkit.loading import parse_plain, read_raw
    from pmkit.workspace import SETTINGS_FILE

    try:
        settings_raw = read_raw(ws.root / SETTINGS_FILE, SETTINGS_FILE)
        settings, _ = parse_plain(settings_raw, SETTINGS_FILE, ws.cache)
        name = settings.get("model", "model.yaml") if isinstance(settings, dict) else None
        path = ws.root / name if isinstance(name, str) else None
        if path is None or not path.resolve().is_relative_to(ws.root.resolve()):
            return None
        model_raw = read_raw(path, ws.rel(path))
        model, _ = parse_plain(model_raw, ws.rel(path), ws.cache)
    except (InputError, OSError, ValueError):  # the validated path explains what is wrong
        return None
    return ModelSources(settings_raw, model_raw, model)


def workspace_ids(ws: Workspace, sources: ModelSources | None = None) -> IdMap:
    """Ids and aliases of the workspace's model, read cheaply.

    History only needs the model to map old ids to today's, so the model's plain data
    (from the parse cache) is enough and no validation is paid for. Anything unusual
    falls back to the validated model, which reports problems with file and line.
    """
    sources = sources or model_sources(ws)
    found = IdMap.from_plain(sources.plain) if sources is not None else None
    return found if found is not None else IdMap.from_index(ws.index)


def validity_key(sources: ModelSources, person_raw: bytes) -> str:
    """Names one (settings, model, person file) triple: the same bytes validate the same way."""
    from pmkit.store import blob_id

    return "ok:" + blob_id(b"\0".join(blob_id(raw).encode()
                                       for raw in (sources.settings, sources.model, person_raw)))


# --- reading ----------------------------------------------------------------------------


def summary_caches(repo: GitRepo | None, handles: Sequence[str]) -> dict[str, SummaryCache]:
    stamp = fingerprint()
    folder = repo.git_dir / "pmkit" if repo is not None else None
    return {h: SummaryCache(folder, h, stamp) for h in handles}


def summaries_for(repo: GitRepo | None, versions_by_handle: Mapping[str, Sequence[FileVersion]],
                  known: Mapping[str, bytes] | None = None,
                  caches: Mapping[str, SummaryCache] | None = None) -> dict[str, Summary]:
    """A summary for every version (by blob id): from each PM's cache, else from one
    ``git cat-file`` for all the blobs still unknown."""
    from pmkit.git.log import read_blobs

    known = dict(known or {})
    out: dict[str, Summary] = {}
    caches = caches or summary_caches(repo, list(versions_by_handle))
    missing: list[str] = []
    for handle, versions in versions_by_handle.items():
        cache = caches[handle]
        for version in versions:
            if version.blob in out or version.is_symlink:
                continue
            hit = cache.get(version.blob)
            if hit is not None:
                out[version.blob] = hit
            elif version.blob not in known:
                missing.append(version.blob)
    if missing and repo is not None:
        known.update(read_blobs(repo, missing))
    for handle, versions in versions_by_handle.items():
        cache = caches[handle]
        for version in versions:
            if version.is_symlink:
                continue
            summary = out.get(version.blob)
            if summary is None:
                raw = known.get(version.blob)
                if raw is None:
                    out[version.blob] = {"x": "git could not read this version"}
                    continue
                summary = out[version.blob] = summarize(raw, version.path)
            if version.blob not in cache:
                cache.put(version.blob, summary)
        cache.save()
    return out


class Assessed(NamedTuple):
    """One distinct assessment as a version stored it; the ratings stay text until needed."""

    date: str
    ratings_text: str
    version: FileVersion
    level: str | None
    model_version: int | None

    def ratings(self) -> dict[str, int]:
        return dict(json.loads(self.ratings_text))


def assessed_versions(versions_newest_first: Sequence[FileVersion], summaries: Mapping[str, Summary],
                      key: str = "assessment") -> list[Assessed]:
    """Each distinct (date, ratings) once, at the first version that has it; oldest date first."""
    short = "a" if key == "assessment" else "s"
    seen: set[tuple[str, str]] = set()
    out: list[Assessed] = []
    for version in reversed(versions_newest_first):
        summary = summaries.get(version.blob)
        if not summary:
            continue
        packed = summary.get(short)
        if not packed:
            continue
        identity = (packed[0], packed[1])
        if identity in seen:
            continue
        seen.add(identity)
        out.append(Assessed(packed[0], packed[1], version, summary.get("l"), packed[2]))
    out.sort(key=lambda a: a.date)  # stable: same-day assessments keep commit order
    return out


def build_entries(assessed: Sequence[Assessed], ids: IdMap) -> list[Entry]:
    """Entries under today's ids (aliases can make two stored ones the same); with changes."""
    seen: set[tuple[str, frozenset[tuple[str, int]]]] = set()
    out: list[Entry] = []
    previous: Entry | None = None
    for item in assessed:
        ratings = ids.canonical(item.ratings())
        identity = (item.date, frozenset(ratings.items()))
        if identity in seen:
            continue
        seen.add(identity)
        changes = ({} if previous is None else
                   {cid: r - previous.ratings[cid] for cid, r in ratings.items()
                    if cid in previous.ratings and r != previous.ratings[cid]})
        committed = item.version.when if item.version.commit else None
        entry = Entry(dt.date.fromisoformat(item.date), item.version.commit or None,
                      committed, ratings, item.level, item.model_version, changes)
        out.append(entry)
        previous = entry
    return out


def skipped_versions(versions_newest_first: Sequence[FileVersion],
                     summaries: Mapping[str, Summary]) -> list[Skipped]:
    out: list[Skipped] = []
    for version in reversed(versions_newest_first):
        when = version.when if version.commit else None
        if version.is_symlink:
            out.append(Skipped(version.commit or None, when, version.path,
                               f"{version.path}: is a symbolic link, not a file"))
            continue
        problem = problem_of(summaries.get(version.blob, {"x": "not read"}))
        if problem is not None:
            out.append(Skipped(version.commit or None, when, version.path,
                               problem.describe(version.path)))
    return out


def rel_person_path(ws: Workspace, repo: GitRepo, handle: str) -> str:
    base = repo.relative(ws.root)
    return str(PurePosixPath(base) / "team" / f"{handle}.yaml") if base != "." else f"team/{handle}.yaml"


def read_history(ws: Workspace, handle: str, index: ModelIndex | None = None) -> History:
    """The whole history of one PM: one ``git log`` and at most one ``git cat-file``.

    git starts first and reads history while the current file is checked and the model
    loads (for a PM whose file is gone, only the model's ids are read, unvalidated).
    """
    from pmkit.store import blob_id
    from pmkit.loading import read_raw
    from pmkit.git.log import file_versions, start_file_log

    path = ws.person_path(handle)
    repo = ws.repo
    if repo is None:
        ws.warn(f"note: {no_history_reason(ws)}, so the history shows only the current file")
    rel = rel_person_path(ws, repo, handle) if repo is not None else ws.rel(path)
    log = start_file_log(repo, rel) if repo is not None else None
    caches = summary_caches(repo, [handle])
    raw = read_raw(path, ws.rel(path)) if path.exists() else None
    try:
        sources = model_sources(ws)
        if raw is not None:
            # A broken current file is an input error, as in every command (exit 2). The
            # same bytes against the same model and settings were found valid before: the
            # check is remembered, so a warm run needs no validation at all.
            key = validity_key(sources, raw) if sources is not None else None
            if key is None or key not in caches[handle]:
                ws.person_file(handle)
                index = index if index is not None else ws.index
                if key is not None:
                    caches[handle].put(key, {"ok": True})
        ids = IdMap.from_index(index) if index is not None else workspace_ids(ws, sources)
        versions = file_versions(log) if log is not None else []
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
        from pmkit.handles import suggest_known

        raise InputError(f"no PM with handle '{handle}'{suggest_known(handle, ws.handles(), 'team')}"
                         " and no history of one in git")
    summaries = summaries_for(repo, {handle: versions}, known, caches)
    return History(
        handle=handle,
        assessments=build_entries(assessed_versions(versions, summaries, "assessment"), ids),
        self_assessments=build_entries(assessed_versions(versions, summaries, "self_assessment"),
                                       ids),
        skipped=skipped_versions(versions, summaries),
        versions=len(versions),
    )


def no_history_reason(ws: Workspace) -> str:
    from pmkit.gitio import git_executable

    if git_executable() is None:
        return "git is not installed"
    return f"{ws.root} is not in a git repository"


def start_team_log(ws: Workspace) -> PendingLog | None:
    """Start the one ``git log`` that reads the whole team's history (None without git)."""
    from pmkit.git.log import start_folder_log

    repo = ws.repo
    if repo is None:
        return None
    return start_folder_log(repo, team_folder(ws, repo))


def team_folder(ws: Workspace, repo: GitRepo) -> str:
    return repo.relative(ws.team_dir) if ws.team_dir.is_dir() else "team"


class RecentEnough:
    """Stops reading the team's log once every PM's history reaches past the window.

    For a PM that is when the log has passed the latest assessment dated on or before
    ``cutoff`` (an older commit cannot hold a later one: an assessment is never dated
    after the commit that records it), or the commit that created their file. Versions
    not summarised yet tell nothing, so a cold cache reads on.
    """

    def __init__(self, handles: Sequence[str], cutoff: dt.date,
                 caches: Mapping[str, SummaryCache]):
        self.pending = set(handles)
        self.cutoff = cutoff.isoformat()
        self.caches = caches
        self.best: dict[str, int] = {}  # handle -> ordinal day of its baseline
        self.heap: list[tuple[int, str]] = []

    def version(self, key: str, version: FileVersion, created: bool) -> None:
        import heapq

        if key not in self.pending:
            return
        if created:
            self.pending.discard(key)
            return
        summary = self.caches[key].get(version.blob)
        packed = summary.get("a") if summary else None
        if not packed or packed[0] > self.cutoff:
            return
        day = dt.date.fromisoformat(packed[0]).toordinal()
        if day > self.best.get(key, -1):
            self.best[key] = day
            heapq.heappush(self.heap, (-day, key))

    def enough(self, committer_date: str) -> bool:
        import heapq

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
    """The manager's assessments of every PM, from :func:`start_team_log`: all of them, or
    (with ``since``) enough to compare today's with the latest one dated on or before it."""
    from pmkit.git.log import folder_versions

    repo = ws.repo
    if repo is None or log is None or not handles:
        return {h: [] for h in handles}
    team_rel = team_folder(ws, repo)
    prefix = "" if team_rel == "." else f"{team_rel}/"
    caches = summary_caches(repo, handles)
    rule = RecentEnough(handles, since, caches) if since is not None else None
    by_handle = folder_versions(log, {f"{prefix}{h}.yaml": h for h in handles}, rule)
    if since is None:
        summaries = summaries_for(repo, by_handle, caches=caches)
    else:
        by_handle = recent_summaries(repo, by_handle, caches, since)
        summaries = {v.blob: caches[h].get(v.blob) or {} for h, vs in by_handle.items()
                     for v in vs}
    return {h: assessed_versions(by_handle.get(h, []), summaries) for h in handles}


def recent_summaries(repo: GitRepo, by_handle: Mapping[str, Sequence[FileVersion]],
                     caches: Mapping[str, SummaryCache],
                     since: dt.date) -> dict[str, list[FileVersion]]:
    """Each PM's versions back to the latest assessment dated on or before ``since``,
    summarised; older versions are left alone (unread, unparsed).

    When the cache is cold the log could not stop early, so this is where the work is
    saved: the blobs come from one ``cat-file``, but only the versions the window needs
    are parsed, newest first, by the same rule that stops the log.
    """
    from pmkit.git.log import read_blobs

    missing = [v.blob for h, vs in by_handle.items() for v in vs
               if not v.is_symlink and v.blob not in caches[h]]
    blobs = read_blobs(repo, missing) if missing else {}
    cutoff = since.isoformat()
    out: dict[str, list[FileVersion]] = {}
    for handle, versions in by_handle.items():
        cache = caches[handle]
        best = ""
        kept: list[FileVersion] = []
        for version in versions:
            if best and version.committed_text and version.committed_text[:10] < best:
                break  # older commits cannot hold a later assessment
            kept.append(version)
            if version.is_symlink:
                continue
            summary = cache.get(version.blob)
            if summary is None:
                raw = blobs.get(version.blob)
                summary = summarize(raw, version.path) if raw is not None else {
                    "x": "git could not read this version"}
                if raw is not None:
                    cache.put(version.blob, summary)
            packed = summary.get("a")
            if packed and best < packed[0] <= cutoff:
                best = packed[0]
        out[handle] = kept
        cache.save()
    return out
