"""Every committed version of the team's files, read from git in a fixed number of processes.

History is read with one ``git log --raw`` (which names the blob of each version) and
the contents of the blobs still needed with one ``git cat-file --batch``, so the cost in
processes never grows with the number of commits. Renames are followed; merges count
with the content they produced. The log is read as git writes it, so a reader that has
seen enough (the team view needs only the last months) stops git early.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple, Protocol

from pmkit.errors import EnvironmentProblem
from pmkit.git.runner import explained, reason, start_git

if TYPE_CHECKING:
    from pmkit.git.repo import GitRepo

MARK = "\x1e"
# %x1e (MARK) starts each commit: id, author date, committer date, parents.
_LOG_FORMAT = "--format=%x1e%H%x09%aI%x09%cI%x09%P"
_NULL_SHA = "0" * 40
_SKIP_MODES = {"160000"}  # a submodule is never a person file
_SYMLINK_MODE = "120000"


class FileVersion(NamedTuple):
    """One version of one file: the commit that wrote it and the blob that holds it."""

    commit: str  # empty for a version that is written but not committed
    date_text: str  # the author date (when the change was made), ISO 8601
    path: str  # the file's path (relative to the repository top) in that commit
    blob: str
    mode: str
    committed_text: str = ""  # the committer date, ISO 8601 (the log's order)

    @property
    def when(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.date_text)
        except ValueError:
            return None

    @property
    def is_symlink(self) -> bool:
        return self.mode == _SYMLINK_MODE


class _RawChange(NamedTuple):
    status: str
    new_mode: str
    new_blob: str
    old_path: str | None
    path: str


class Commit(NamedTuple):
    sha: str
    author_date: str
    committer_date: str
    merge: bool
    changes: list[_RawChange]


def _log_args(*extra: str) -> list[str]:
    # -m: a merge shows what it produced against each parent (dedupe is by blob later);
    # the config keeps user settings (signatures, colour) out of the output we parse.
    # A small delta cache: the default (96 MiB) makes git itself the largest process.
    # protocol.allow=never: a partial clone may not fetch what rename detection wants.
    return ["-c", "log.showSignature=false", "-c", "core.quotePath=false", "-c", "protocol.allow=never",
            "-c", "core.deltaBaseCacheLimit=8m", "log", "-m",
            "--no-color", "--raw", "--no-abbrev", _LOG_FORMAT, *extra]


class PendingLog:
    """A ``git log`` started now and read later, so git works while Python loads the model."""

    def __init__(self, repo: GitRepo, args: list[str]):
        # stderr to a file: a pipe nobody reads while stdout streams could block git.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        self._proc = start_git(args, cwd=repo.top, stderr=self._errors)
        self._stopped = False

    def commits(self) -> Iterator[Commit]:
        """Commits as git writes them, newest first; :meth:`stop` ends the stream early."""
        assert self._proc.stdout is not None
        sha = author = committer = ""
        merge = False
        changes: list[_RawChange] = []
        for raw in self._proc.stdout:
            if raw[:1] == b"\x1e":
                if sha:
                    yield Commit(sha, author, committer, merge, changes)
                    if self._stopped:
                        return
                fields = raw[1:].decode("ascii", "replace").rstrip("\n").split("\t")
                fields += [""] * (4 - len(fields))
                sha, author, committer = fields[0], fields[1], fields[2]
                merge = len(fields[3].split()) > 1
                changes = []
            elif raw[:1] == b":" and sha:
                change = _parse_raw(raw.decode("utf-8", "surrogateescape").rstrip("\n"))
                if change is not None:
                    changes.append(change)
        if sha and not self._stopped:
            yield Commit(sha, author, committer, merge, changes)
        self._finish()

    def stop(self) -> None:
        """Enough has been read: end git now."""
        self._stopped = True

    def _finish(self) -> None:
        if self._proc.poll() is None and self._stopped:
            self._proc.kill()
        code = self._proc.wait()
        if code != 0 and not self._stopped:
            self._errors.seek(0)
            message = self._errors.read().decode("utf-8", "replace")
            if "does not have any commits" not in message and "bad default revision" not in message:
                raise EnvironmentProblem(explained(message)
                                         or f"git log failed: {reason(message, str(code))}")

    def close(self) -> None:
        """Stop git if it is still running (the command failed, or stopped reading)."""
        if self._proc.poll() is None:
            self._proc.kill()
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        self._proc.wait()
        self._errors.close()

    def __enter__(self) -> PendingLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _renames(repo: GitRepo, *flags: str) -> tuple[str, ...]:
    """Rename detection reads old contents: a partial clone that lacks them goes without."""
    from pmkit.git.setup import is_partial

    return ("--no-renames",) if is_partial(repo) else flags


def start_file_log(repo: GitRepo, rel_path: str) -> PendingLog:
    """Start reading every version of one file, following renames."""
    return PendingLog(repo, _log_args(*_renames(repo, "--follow"), "--", rel_path))


def start_folder_log(repo: GitRepo, rel_folder: str, after: str | None = None) -> PendingLog:
    """Start reading every change under a folder (renames inside it detected); with
    ``after``, only the commits made since that one.

    ``--full-history --sparse`` lists every commit instead of simplifying history to the
    folder first: the same versions, and git does the tree comparison once, not twice.
    """
    since = [f"{after}..HEAD"] if after else []
    return PendingLog(repo, _log_args(*_renames(repo, "-M"), "--full-history", "--sparse", *since, "--",
                                      rel_folder.rstrip("/") + "/"))


def _parse_raw(line: str) -> _RawChange | None:
    """A ``--raw`` line, plain (``:``) or combined (``::``): the new side is always last."""
    meta, _, paths_text = line.partition("\t")
    parents = len(meta) - len(meta.lstrip(":"))
    fields = meta[parents:].split(" ")
    if parents == 0 or len(fields) < 2 * (parents + 1) + 1:
        return None
    status = fields[2 * (parents + 1)]
    if "\t" in paths_text:
        old_path, _, path = paths_text.rpartition("\t")
    else:
        old_path, path = None, paths_text
    return _RawChange(status[:1], fields[parents], fields[2 * parents + 1], old_path, path)


def _deleted(commit: Commit) -> bool:
    """The commit removed the file (a PM who left): a history ends there, going back.

    A merge is left out: against one parent it may show a deletion the other side undid.
    """
    return not commit.merge and any(change.status == "D" for change in commit.changes)


def _keep(change: _RawChange) -> bool:
    return (change.status != "D" and change.new_blob != _NULL_SHA
            and change.new_mode not in _SKIP_MODES)


def file_versions(log: PendingLog, exists_now: bool = False) -> list[FileVersion]:
    """Every version of one file, newest first, from :func:`start_file_log`, back to the
    commit that last deleted it (``exists_now``: the file is in the work tree, so even a
    deletion in the newest commit ends its history)."""
    seen: set[tuple[str, str]] = set()
    versions: list[FileVersion] = []
    for commit in log.commits():
        if (versions or exists_now) and _deleted(commit):
            log.stop()  # the handle was reused: what came before belongs to someone else
            break
        for change in commit.changes:
            if not _keep(change) or (commit.sha, change.new_blob) in seen:
                continue
            seen.add((commit.sha, change.new_blob))
            versions.append(FileVersion(commit.sha, commit.author_date, change.path,
                                        change.new_blob, change.new_mode,
                                        commit.committer_date))
    return versions


class StopRule(Protocol):
    """Told about each version as the log is read; says when to stop reading."""

    def version(self, key: str, version: FileVersion, created: bool) -> None: ...

    def enough(self, committer_date: str) -> bool: ...

    def ended(self, key: str) -> None:
        """The file's history ends here (it was deleted in this commit, going back)."""


def folder_versions(log: PendingLog, current: dict[str, str], rule: StopRule | None = None,
                    ahead: Callable[[str, str, str], None] | None = None) -> dict[str, list[FileVersion]]:
    """The versions of the files named in ``current`` (path -> key), newest first, by key,
    from :func:`start_folder_log`; all of them, or until ``rule`` has enough.

    A rename inside the folder carries the key back to the file's older name, as
    ``--follow`` would for one file. ``ahead(key, blob, path)`` hears of the versions a
    few commits before the rule does, so their contents can be asked for early.
    """
    owner = dict(current)
    seen: set[tuple[str, str, str]] = set()
    out: dict[str, list[FileVersion]] = {key: [] for key in current.values()}

    def look(commit: Commit) -> None:
        for change in commit.changes:
            key = owner.get(change.path)
            if key is not None and ahead is not None and _keep(change) and change.new_mode != _SYMLINK_MODE:
                ahead(key, change.new_blob, change.path)

    for commit in _read_ahead(log.commits(), look if ahead is not None else None):
        if rule is not None and rule.enough(commit.committer_date):
            log.stop()
            break
        renames: list[tuple[str, str]] = []
        for change in commit.changes:
            key = owner.get(change.path)
            if key is None:
                continue
            if change.status == "D" and not commit.merge and out[key]:
                # The file was deleted here (a PM who left) and the handle reused later:
                # older versions belong to the previous person.
                owner = {path: k for path, k in owner.items() if k != key}
                if rule is not None:
                    rule.ended(key)
                continue
            if not _keep(change):
                continue
            if (commit.sha, change.new_blob, change.path) not in seen:
                seen.add((commit.sha, change.new_blob, change.path))
                version = FileVersion(commit.sha, commit.author_date, change.path,
                                      change.new_blob, change.new_mode, commit.committer_date)
                out[key].append(version)
                if rule is not None:
                    rule.version(key, version, change.status == "A" and not commit.merge)
            if change.status == "R" and change.old_path and change.old_path not in current:
                renames.append((change.old_path, key))
        # Older commits name the file by its old path; apply after the whole commit.
        for old_path, key in renames:
            owner[old_path] = key
    return out


AHEAD = 24  # commits read before the one being looked at


def _read_ahead(commits: Iterator[Commit], look: Callable[[Commit], None] | None) -> Iterator[Commit]:
    """The commits in order, each shown to ``look`` :data:`AHEAD` commits early."""
    if look is None:
        yield from commits
        return
    waiting: deque[Commit] = deque()
    for commit in commits:
        look(commit)
        waiting.append(commit)
        if len(waiting) > AHEAD:
            yield waiting.popleft()
    yield from waiting

