"""Hand-written PM files committed on chosen days, for the history and team tests.

The files are written directly (not through ``pmkit assess``) so a test controls every
byte of every version: aliases, broken YAML, commits that change only a talking point.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from helpers import git, invoke

DATA = Path(__file__).parent / "data"
TODAY = dt.date.today()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def new_workspace(root: Path, model: str = "tiny") -> Path:
    """A committed workspace on the hand-made 0-4 model (weights, an alias) or a shipped one."""
    source = str(DATA / "zero-four.yaml") if model == "tiny" else model
    result = invoke(["init", str(root), "--model", source, "--manager", "Dana Lee"])
    assert result.exit_code == 0, result.stderr
    return root


def person_yaml(name: str, level: str, *, date: dt.date | None = None,
                ratings: Mapping[str, int] | None = None, self_date: dt.date | None = None,
                self_ratings: Mapping[str, int] | None = None,
                points: Sequence[str] = ()) -> str:
    lines = [f"name: {name}", f"level: {level}"]
    if date is not None:
        lines += ["assessment:", f"  date: {date.isoformat()}", "  ratings:"]
        lines += [f"    {cid}: {value}" for cid, value in (ratings or {}).items()]
    if self_date is not None:
        lines += ["self_assessment:", f"  date: {self_date.isoformat()}", "  ratings:"]
        lines += [f"    {cid}: {value}" for cid, value in (self_ratings or {}).items()]
    if points:
        lines += ["talking_points:", *(f"  - {p}" for p in points)]
    return "\n".join(lines) + "\n"


def commit_on(root: Path, day: dt.date, files: Mapping[str, str], message: str = "edit") -> str:
    """Write ``files`` (path -> text), commit them dated ``day``, return the commit id."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        git(root, "add", "--", rel)
    stamp = f"{day.isoformat()}T10:00:00+00:00"
    git(root, "commit", "--quiet", "-m", message,
        env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
    return git(root, "rev-parse", "HEAD").strip()


def counting_git(folder: Path) -> tuple[dict[str, str], Path]:
    """An environment whose ``git`` is a real git that logs each call to a file first."""
    real = shutil.which("git")
    assert real is not None
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "calls.log"
    wrapper = folder / "git"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PMKIT_WORKSPACE", None)
    return env, log


def run_pmkit(args: Sequence[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """pmkit as its own process (so every git it starts goes through ``env``'s PATH)."""
    import sys

    return subprocess.run([sys.executable, "-m", "pmkit", *args], env=dict(env),
                          capture_output=True, text=True, check=False)


def git_calls(log: Path) -> list[str]:
    """The git subcommands logged so far (``-c key=value`` options skipped); forgets them."""
    if not log.exists():
        return []
    names = []
    for line in log.read_text().split("\n"):
        words = line.split()
        if not words:
            continue
        i = 0
        while i < len(words) and words[i] == "-c":
            i += 2
        names.append(words[i] if i < len(words) else "")
    log.unlink()
    return names
