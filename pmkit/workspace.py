"""A manager's workspace: where it is, what it holds, and how pmkit writes to it.

Reads are lazy and cached per command. Writes go through :meth:`Workspace.transaction`:
under the workspace lock, every file is staged and checked first, then all are renamed
into place and committed together, so a failing command changes nothing.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.errors import InputError
from pmkit.files import atomic
from pmkit.files.lock import workspace_lock
from pmkit.files.yamldoc import key_line, parse_bytes
from pmkit.git.repo import CommitResult, GitRepo, find_git_dir
from pmkit.git.runner import git_executable
from pmkit.loading import Loaded, load_file
from pmkit.model.handles import HANDLE_PATTERN, validate_handle
from pmkit.model.index import ModelIndex
from pmkit.model.rules import model_problems, person_problems
from pmkit.model.schema import CompetencyModel, Person, Settings
from pmkit.store import Store
from pmkit.suggest import suggest_known

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex
    from pmkit.model.rules import Problem
    from pmkit.model.schema import CompetencyModel, Person, Settings

SETTINGS_FILE = "pmkit.yaml"
ENV_WORKSPACE = "PMKIT_WORKSPACE"


def find_workspace(explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Path:
    """``--workspace``, else ``$PMKIT_WORKSPACE``, else the nearest folder with pmkit.yaml."""
    given = explicit if explicit is not None else os.environ.get(ENV_WORKSPACE) or None
    if given is not None:
        root = Path(given).expanduser()
        source = "--workspace" if explicit is not None else f"${ENV_WORKSPACE}"
        settings = root / SETTINGS_FILE
        if settings.is_dir():
            raise InputError("is a folder, expected the workspace's YAML settings file",
                             SETTINGS_FILE)
        if settings.exists() and not settings.is_file():
            raise InputError("is not a regular file (a pipe or a device?)", SETTINGS_FILE)
        if not settings.is_file():
            what = "is a file, not a folder" if root.is_file() else f"holds no {SETTINGS_FILE}"
            raise InputError(f"{root} (from {source}) {what}; give the workspace folder, "
                             "or run `pmkit init` there first")
        return root.resolve()
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise InputError(f"no pmkit workspace here: no {SETTINGS_FILE} in this folder or above it; "
                     "run `pmkit init` to create one, or pass --workspace")


def default_warn(message: str) -> None:
    sys.stderr.write(f"{message}\n")


@dataclass
class Workspace:
    root: Path
    commit: bool = True
    warn: Callable[[str], None] = default_warn
    _people: dict[str, Loaded[Person]] = field(default_factory=dict, repr=False)
    _remembered: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    # --- locations -------------------------------------------------------------------

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    @property
    def team_dir(self) -> Path:
        return self.root / "team"

    def person_path(self, handle: str) -> Path:
        """The person file for a handle that has been validated; links may not leave the workspace."""
        path = self.team_dir / f"{validate_handle(handle)}.yaml"
        self.refuse_outside(path)
        return path

    def refuse_outside(self, path: Path, display: str | None = None,
                       line: int | None = None) -> None:
        """Refuse a path that a symbolic link (of the file or a folder) leads out of the workspace."""
        try:
            inside = path.resolve().is_relative_to(self.root.resolve())
        except (OSError, RuntimeError):  # a link loop
            raise InputError("is a symbolic link that loops; remove it",
                             display or self.rel(path), line) from None
        if not inside:
            what = "a symbolic link to a file" if path.is_symlink() else "a path"
            raise InputError(f"is {what} outside the workspace; pmkit will not follow it",
                             display or self.rel(path), line)

    def handles(self) -> list[str]:
        """Every PM in ``team/``, sorted; files whose names are not handles are skipped."""

        if not self.team_dir.is_dir():
            return []
        return sorted(p.stem for p in self.team_dir.glob("*.yaml")
                      if HANDLE_PATTERN.fullmatch(p.stem) and ".." not in p.stem)

    # --- git and cache -----------------------------------------------------------------

    @cached_property
    def repo(self) -> GitRepo | None:
        found = find_git_dir(self.root)
        if found is None or git_executable() is None:
            return None
        return GitRepo(*found)

    @cached_property
    def store(self) -> Store:
        """The cache in the git folder (none outside git)."""
        found = find_git_dir(self.root)
        return Store(found[1] / "pmkit" if found else None)

    def _lock_path(self) -> Path:
        found = find_git_dir(self.root)
        return (found[1] / "pmkit" / "lock") if found else (self.root / ".pmkit.lock")

    # --- reading -----------------------------------------------------------------------

    @cached_property
    def settings_file(self) -> Loaded[Settings]:

        return load_file(self.root / SETTINGS_FILE, SETTINGS_FILE, Settings, self.store)

    @property
    def settings(self) -> Settings:
        return self.settings_file.obj

    def settings_line(self, key: str) -> int | None:
        """The line of a key in pmkit.yaml, for messages about its value."""

        return key_line(self.settings_file.doc().data, [key])

    @cached_property
    def model_path(self) -> Path:
        """The model file named by pmkit.yaml; it must exist and stay inside the workspace."""
        name = self.settings.model
        path = self.root / name

        def refuse(message: str) -> InputError:
            # Point at the 'model:' line of pmkit.yaml, else (the default) at the model itself.
            line = self.settings_line("model")
            return InputError(message, SETTINGS_FILE if line else name, line)

        try:
            outside = not path.resolve().is_relative_to(self.root.resolve())
            is_dir, exists, is_file = path.is_dir(), path.exists(), path.is_file()
        except (OSError, RuntimeError, ValueError) as exc:  # a link loop, a name too long
            reason = getattr(exc, "strerror", None) or "it cannot be resolved"
            raise refuse(f"the model path {name[:80]!r} cannot be used: {reason}") from None
        if outside:
            how = "is a symbolic link" if path.is_symlink() else "points"
            raise refuse(f"the model path {name!r} {how} outside the workspace; "
                         "keep the model inside it")
        if is_dir:
            raise refuse(f"the model path {name!r} is a folder, not a YAML file")
        if exists and not is_file:
            raise refuse(f"the model path {name!r} is not a regular file (a pipe or a device?)")
        if not is_file:
            raise refuse(f"the model file {name} does not exist; restore it (for example "
                         f"with `git checkout -- {name}`) or point 'model' in {SETTINGS_FILE} "
                         "at your model")
        return path

    @cached_property
    def model_file(self) -> Loaded[CompetencyModel]:

        return load_file(self.model_path, self.rel(self.model_path), CompetencyModel,
                         self.store, model_problems)

    @property
    def model(self) -> CompetencyModel:
        return self.model_file.obj

    @cached_property
    def index(self) -> ModelIndex:

        return ModelIndex(self.model)

    def person_file(self, handle: str) -> Loaded[Person]:
        if handle not in self._people:

            path = self.person_path(handle)
            if not path.exists():
                from pmkit.git.setup import SPARSE_HINT, is_sparse

                if self.repo is not None and is_sparse(self.repo):
                    raise InputError(f"no PM with handle '{handle}' in the work tree; "
                                     f"{SPARSE_HINT}", self.rel(path))
                raise InputError(f"no PM with handle '{handle}'"
                                 f"{suggest_known(handle, self.handles(), 'team')}; "
                                 f"add one with `pmkit add {handle} --name NAME --level LEVEL`")
            self._people[handle] = load_file(path, self.rel(path), Person, self.store,
                                             self.person_rules)
        return self._people[handle]

    def remembered(self, kind: str, key: str, make: Callable[[], Any]) -> Any:
        """``make()`` once per command for ``(kind, key)``: a PM's history read from git is
        asked for by several parts of one document, and git is read once."""
        if (kind, key) not in self._remembered:
            self._remembered[kind, key] = make()
        return self._remembered[kind, key]

    def forget(self) -> None:
        """Drop what this command read: the files or their history have changed."""
        self._people.clear()
        self._remembered.clear()

    def person_rules(self, person: Person) -> list[Problem]:
        """The rules that tie a PM's file to this workspace's model."""

        return list(person_problems(person, self.index))

    def person(self, handle: str) -> Person:
        return self.person_file(handle).obj

    def autocommit(self) -> bool:
        """Commit unless ``--no-commit`` or ``git.autocommit: false``."""
        return self.commit and self.settings.git.autocommit

    def finish(self) -> None:
        """Save what this command learned (the store)."""
        self.store.save()

    # --- writing -----------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, message: str) -> Iterator[Transaction]:
        """Lock, collect writes, then write them all and commit them as one."""
        with workspace_lock(self._lock_path()):
            self.forget()
            tx = Transaction(self, message)
            yield tx
            tx.apply()


_NEW = b"\0new\0"


@dataclass
class Transaction:
    workspace: Workspace
    message: str
    writes: dict[Path, tuple[bytes, bytes | None]] = field(default_factory=dict)
    result: CommitResult | None = None

    def write(self, path: Path, data: bytes, *, previous: bytes | None = None,
              must_be_new: bool = False) -> None:
        """Queue a write; ``previous`` guards against a file edited meanwhile."""
        self.writes[path] = (data, _NEW if must_be_new else previous)

    def apply(self) -> None:
        ws = self.workspace
        for path, (_, expected) in self.writes.items():
            if expected is _NEW and path.exists():
                raise InputError("already exists; pmkit will not overwrite it", ws.rel(path))
            if expected is not None and expected is not _NEW:
                try:
                    current = path.read_bytes()
                except FileNotFoundError:
                    current = None
                if current != expected:
                    raise InputError("changed on disk while pmkit was working; nothing written, "
                                     "run the command again", ws.rel(path))
        changed = [(p, data) for p, (data, expected) in self.writes.items() if data != expected]
        if not changed:
            return
        for path, data in changed:
            ws.refuse_outside(path)
            if path.suffix in {".yaml", ".yml"}:

                parse_bytes(data, ws.rel(path), path)  # never write what pmkit cannot read
            atomic.remove_stale_temps(path)
        try:
            atomic.write_files(changed)
        except OSError as exc:
            where = ws.rel(Path(exc.filename)) if exc.filename else None
            raise InputError(f"cannot write the file: {exc.strerror or exc}", where) from None
        self.commit([p for p, _ in changed])

    def commit(self, paths: list[Path]) -> None:
        ws = self.workspace
        if not ws.autocommit():
            return
        if git_executable() is None:
            ws.warn("note: git is not installed, so pmkit wrote the files but keeps no history")
            return
        if ws.repo is None:
            ws.warn(f"note: {ws.root} is not a git repository, so pmkit keeps no history "
                    "(run `git init` there to start one)")
            return
        self.result = ws.repo.commit(paths, self.message)
        if not self.result.committed and self.result.reason:
            names = ", ".join(ws.rel(p) for p in paths)
            ws.warn(f"warning: wrote {names} but did not commit: {self.result.reason}")
