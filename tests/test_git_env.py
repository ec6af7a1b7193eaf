"""Git variables exported by hooks and shells never send pmkit to another repository.

A git hook runs with ``GIT_DIR``, ``GIT_INDEX_FILE`` and friends set; a shell may have
``GIT_WORK_TREE`` left over. pmkit works on the workspace it found, whatever they say:
the same files, the same commits and the same output as a clean run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import git, snapshot

HOOK_AND_SHELL = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                  "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
                  "GIT_CEILING_DIRECTORIES", "GIT_PREFIX", "GIT_QUARANTINE_PATH")


def pmkit(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pmkit", "-w", str(root), *args],
                          capture_output=True, text=True, env={**os.environ, **(env or {})},
                          check=False)


@pytest.fixture
def two_repos(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace with one PM, and an unrelated repository the variables point at."""
    root = tmp_path / "ws"
    assert pmkit(tmp_path, "init", str(root), "--manager", "Dana Lee").returncode == 0
    assert pmkit(root, "add", "alice", "--name", "Alice Chen", "--level", "pm").returncode == 0
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    (other / "readme.txt").write_text("not a workspace\n")
    git(other, "add", "readme.txt")
    git(other, "commit", "-q", "-m", "other")
    return root, other


def hostile_env(other: Path) -> dict[str, str]:
    return {
        "GIT_DIR": str(other / ".git"),
        "GIT_WORK_TREE": str(other),
        "GIT_INDEX_FILE": str(other / ".git" / "index"),
        "GIT_OBJECT_DIRECTORY": str(other / ".git" / "objects"),
        "GIT_COMMON_DIR": str(other / ".git"),
        "GIT_PREFIX": "sub/",
        "GIT_CONFIG_PARAMETERS": "'user.name'='Somebody Else'",
    }


def test_every_command_works_on_the_workspace_it_found(two_repos: tuple[Path, Path]) -> None:
    root, other = two_repos
    other_head = git(other, "rev-parse", "HEAD")
    other_files = snapshot(other)
    env = hostile_env(other)
    steps = [
        ("assess", "alice", "--set", "customer-insight=2", "--date", "2026-11-20"),
        ("note", "alice", "Ask about the roadmap review"),
        ("plan", "alice"),
        ("oneonone", "alice", "--date", "2026-11-23"),
    ]
    before = int(git(root, "rev-list", "--count", "HEAD"))
    for step in steps:
        done = pmkit(root, *step, env=env)
        assert done.returncode == 0, done.stderr
    assert int(git(root, "rev-list", "--count", "HEAD")) == before + len(steps)
    assert git(root, "status", "--porcelain") == ""  # nothing staged or left behind
    assert git(root, "log", "-1", "--format=%an").strip() == "Dana Lee"
    assert git(other, "rev-parse", "HEAD") == other_head
    assert snapshot(other) == other_files
    assert (root / "team" / "alice.yaml").is_file()
    for command in (("history", "alice", "--format", "json"), ("team", "--format", "json"),
                    ("gaps", "alice", "--format", "json")):
        clean, exported = pmkit(root, *command), pmkit(root, *command, env=env)
        assert exported.returncode == clean.returncode == 0, exported.stderr
        assert exported.stdout == clean.stdout


def test_an_exported_work_tree_cannot_commit_a_deletion(two_repos: tuple[Path, Path]) -> None:
    root, other = two_repos
    done = pmkit(root, "note", "alice", "Follow up", env={"GIT_WORK_TREE": str(other)})
    assert done.returncode == 0, done.stderr
    tracked = git(root, "ls-tree", "-r", "--name-only", "HEAD").split()
    assert "team/alice.yaml" in tracked and "pmkit.yaml" in tracked
    assert git(root, "status", "--porcelain") == ""


@pytest.mark.parametrize("name", HOOK_AND_SHELL)
def test_the_runner_drops_each_variable(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from pmkit.git.runner import git_env

    monkeypatch.setenv(name, "/somewhere/else")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Dana Lee")
    env = git_env()
    assert name not in env
    assert env["GIT_AUTHOR_NAME"] == "Dana Lee"  # who commits is the user's to say
    assert env["GIT_TERMINAL_PROMPT"] == "0"


def test_a_git_failure_keeps_every_line_of_its_reason(tmp_path: Path) -> None:
    from pmkit.git.runner import reason, run_git

    done = run_git(["rev-parse", "--verify", "no-such-ref-at-all"], cwd=tmp_path)
    assert done.returncode != 0
    said = reason(done.stderr)
    assert "\n" not in said and said
    assert reason(b"error: first\nhint: second line\n\nfatal: third\n") == (
        "error: first; hint: second line; fatal: third")
