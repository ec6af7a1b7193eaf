"""``pmkit demo``: the shipped example team, replayed as a year of real git history.

The example lives in ``examples/demo`` as data: a manager, and for each PM a profile and
a timeline of dated events (assessments, self-assessments, plan decisions, talking
points), plus past 1:1 notes. Dates are stored as days before today, so the demo always
looks current. Each event becomes one commit with its own date, and the files are
written with pmkit's own editing functions, so they look exactly as pmkit writes them
and every command, ``history`` included, has something real to show at once.

The commits go into the repository with one ``git fast-import``: building a year of
history takes a fraction of a second and needs no git identity on the machine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pmkit import demo_story
from pmkit.actions.create import create_workspace, model_source
from pmkit.demo_replay import Commit, commit_time, replay, weekday_shifts
from pmkit.demo_story import Story, read_story
from pmkit.errors import EnvironmentProblem, InputError
from pmkit.files import atomic
from pmkit.git.repo import init_repo
from pmkit.git.runner import failure, git_executable, run_git

__all__ = ["DemoResult", "build_demo", "weekday_shifts"]


@dataclass
class DemoResult:
    root: Path
    manager: str
    people: list[str]
    commits: int
    history: bool
    notes: list[str] = field(default_factory=list)


# --- writing the workspace ----------------------------------------------------------------


def _undo(staging: Path | None, moved: list[Path], target: Path | None,
          created: list[Path]) -> None:
    """Remove what a stopped build made; folders that were there before stay."""
    for path in [*moved, *([staging] if staging else []), *([target] if target else [])]:
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
    for folder in created:  # innermost first
        with contextlib.suppress(OSError):
            folder.rmdir()


def _ensure_empty(target: Path, shown: str) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise InputError("exists and is not a folder; give a new or empty folder for the demo",
                         shown)
    if target.is_dir() and any(target.iterdir()):
        raise InputError("is not empty; pmkit demo builds into a new or empty folder", shown)


def _fast_import_stream(ref: str, author: str, commits: list[Commit]) -> bytes:
    out = bytearray()
    for number, commit in enumerate(commits, start=1):
        offset = commit.when.strftime("%z") or "+0000"
        stamp = f"{author} {int(commit.when.timestamp())} {offset}"
        message = commit.message.encode("utf-8") + b"\n"
        out += f"commit {ref}\nmark :{number}\nauthor {stamp}\ncommitter {stamp}\n".encode()
        out += b"data %d\n%s" % (len(message), message)
        for path, data in sorted(commit.files.items()):
            out += f"M 100644 inline {path}\n".encode()
            out += b"data %d\n%s\n" % (len(data), data)
        out += b"\n"
    out += b"done\n"
    return bytes(out)


def _git(root: Path, args: list[str], data: bytes | None = None) -> bytes:
    done = run_git(args, cwd=root, input=data)
    if done.returncode != 0:
        raise EnvironmentProblem(f"{failure(args[0], done)} (while building the demo)")
    return done.stdout


def _write_history(root: Path, story: Story, commits: list[Commit]) -> None:
    """All commits in one ``git fast-import`` into the new repository, then its index."""
    ref = _git(root, ["symbolic-ref", "HEAD"]).decode().strip() or "refs/heads/main"
    author = f"{story.author_name} <{story.author_email}>"
    _git(root, ["fast-import", "--quiet", "--done"],
         _fast_import_stream(ref, author, commits))
    _git(root, ["reset", "--quiet"])


def build_demo(target: Path, *, shown: str | None = None, history: bool = True,
               today: dt.date | None = None) -> DemoResult:
    """Build the demo workspace in ``target`` (new or empty), with its history in git.

    Everything is built in a hidden folder next to ``target`` and moved into place at the
    end, so a failure leaves nothing half-built behind.
    """

    display = shown or str(target)
    _ensure_empty(target, display)
    today = today or dt.date.today()
    story = read_story()
    _, model_bytes = model_source(story.model)
    notes: list[str] = []
    if history and git_executable() is None:
        history = False
        notes.append("note: git is not installed, so the demo has its files but no history")

    # Everything this run creates is undone if it stops (Ctrl-C included): the parent
    # folders it made, the staging folder, whatever was already moved into the target.
    created = [folder for folder in (target.parent, *target.parent.parents) if not folder.exists()]
    moved: list[Path] = []
    staging: Path | None = None
    renamed = False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".pmkit-demo-", dir=target.parent))
        written = create_workspace(staging, story.model, story.manager, durable=False)
        settings_file = staging / "pmkit.yaml"
        settings_file.write_text(demo_story.settings_with_holidays(
            settings_file.read_text(encoding="utf-8"), demo_story.holiday_dates(story, today)),
            encoding="utf-8")
        first = Commit(commit_time(today - dt.timedelta(days=story.started_days_ago), 0),
                       f"init: pmkit workspace with model {story.model}",
                       {path.relative_to(staging).as_posix(): path.read_bytes()
                        for path in written})
        # The repository comes first, so the plans made while replaying read and cache in
        # this workspace's own git folder, never in one around it.
        if history and init_repo(staging) is None:
            raise EnvironmentProblem("git is not installed; the demo is a year of git history")
        commits = replay(story, model_bytes, today, staging)
        final: dict[str, bytes] = {}
        for commit in commits:
            final.update(commit.files)
        # The staging folder is moved into place whole: no need to sync each file.
        atomic.write_files([(staging / rel, data) for rel, data in final.items()], durable=False)
        if history:
            _write_history(staging, story, [first, *commits])
        _ensure_empty(target, display)
        if target.is_dir():
            # Move the contents, not the folder: the folder may be someone's current one.
            for entry in list(staging.iterdir()):
                entry.rename(target / entry.name)
                moved.append(target / entry.name)
            staging.rmdir()
        else:
            staging.rename(target)
            renamed = True
    except BaseException:
        _undo(staging, moved, target if renamed else None, created)
        raise
    return DemoResult(root=target, manager=story.manager, people=story.people,
                      commits=1 + len(commits) if history else 0, history=history, notes=notes)
