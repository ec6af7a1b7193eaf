"""Shared fixtures: real workspaces in tmp_path, real git, the CLI driven end to end."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import (  # noqa: F401  (re-exported for tests that import them from here)
    DATA_DIR,
    REPO_ROOT,
    Result,
    commit_count,
    copy_workspace,
    git,
    invoke,
    isolate_git,
    snapshot,
)


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


@pytest.fixture(scope="module")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three-PM documents team (tests/doc_team.py), built once per test module."""
    from doc_team import make_team

    return make_team(tmp_path_factory.mktemp("team") / "ws")


@pytest.fixture
def team(team_template: Path, tmp_path: Path) -> Path:
    """Each test gets its own copy of the documents team."""
    return copy_workspace(team_template, tmp_path / "ws")
