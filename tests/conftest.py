"""Shared fixtures: real workspaces in tmp_path, real git, the CLI driven end to end."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmkit.cli import app

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"


def isolate_git(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A known identity, no user or system git config, no pmkit variables from outside."""
    gitconfig = home / ".gitconfig"
    gitconfig.write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{var}_NAME", "Dana Lee")
        monkeypatch.setenv(f"GIT_{var}_EMAIL", "dana@example.com")
        monkeypatch.delenv(f"GIT_{var}_DATE", raising=False)
    monkeypatch.delenv("PMKIT_WORKSPACE", raising=False)
    monkeypatch.delenv("PMKIT_DEBUG", raising=False)
    monkeypatch.setenv("PMKIT_LOCK_WAIT", "10")


@pytest.fixture(scope="session", autouse=True)
def session_git(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The same isolation for fixtures shared by a module or the session: they run before
    the per-test fixture below, and a fresh machine has no git identity at all."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate_git(tmp_path_factory.mktemp("session-home"), monkeypatch)
        yield


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A known git identity and no user config, so tests behave the same everywhere."""
    isolate_git(tmp_path_factory.mktemp("home"), monkeypatch)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def invoke(args: list[str], input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run the CLI in-process through Typer's runner."""
    result = CliRunner().invoke(app, args, input=input, env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    full_env = {**os.environ, **(env or {})}
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=full_env,
                          check=True)
    return done.stdout


def commit_count(cwd: Path) -> int:
    return int(git(cwd, "rev-list", "--count", "HEAD").strip())


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root except the git folder, for 'nothing changed' assertions."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts}


@pytest.fixture
def run() -> Callable[..., Result]:
    return invoke


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Path]:
    """A fresh workspace on the pm-wheel model with one PM, alice."""
    root = tmp_path / "ws"
    assert invoke(["init", str(root), "--manager", "Dana Lee"]).exit_code == 0
    assert invoke(["-w", str(root), "add", "alice", "--name", "Alice Chen", "--level", "pm"]).exit_code == 0
    yield root


def copy_workspace(source: Path, target: Path) -> Path:
    """A private copy of a workspace built once, git history included."""
    import shutil

    shutil.copytree(source, target, symlinks=True)
    return target


@pytest.fixture(scope="module")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three-PM documents team (tests/doc_team.py), built once per test module."""
    from doc_team import make_team

    return make_team(tmp_path_factory.mktemp("team") / "ws")


@pytest.fixture
def team(team_template: Path, tmp_path: Path) -> Path:
    """Each test gets its own copy of the documents team."""
    return copy_workspace(team_template, tmp_path / "ws")
