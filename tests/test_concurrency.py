"""Several real pmkit processes at once, and pmkit killed in the middle of a write.

No mocks: every writer is a separate ``python -m pmkit`` process on a real workspace in a
real git repository. Waiting is by polling for a state with a generous limit, never by
timing an operation.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmkit.files import yamldoc as yamlio
from pmkit.files.lock import workspace_lock
from pmkit.files.plain import to_plain
from pmkit.loading import validate_plain
from pmkit.model.schema import Person

from helpers import git, invoke

HERE = Path(__file__).resolve().parent
SMALL_MODEL = HERE / "hostile" / "model.yaml"
ALICE = Path("team") / "alice.yaml"


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "ws"
    assert invoke(["init", str(root), "--model", str(SMALL_MODEL)]).exit_code == 0
    assert invoke(["-w", str(root), "add", "alice", "--name", "Alice Chen",
                   "--level", "pm"]).exit_code == 0
    assert invoke(["-w", str(root), "add", "bob", "--name", "Bob Okafor",
                   "--level", "pm"]).exit_code == 0
    yield root


def pmkit(root: Path, *args: str, wait: float = 60, **env: str) -> subprocess.Popen[str]:
    """Start ``pmkit -w root ARGS`` as its own process (and process group)."""
    full_env = {**os.environ, "PMKIT_LOCK_WAIT": str(wait), **env}
    return subprocess.Popen([sys.executable, "-m", "pmkit", "-w", str(root), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=full_env, start_new_session=True)


def points(root: Path, handle: str = "alice") -> list[str]:
    """The talking points of a person file, which must parse and validate."""
    doc = yamlio.parse_bytes((root / "team" / f"{handle}.yaml").read_bytes(), "f.yaml")
    person = validate_plain(Person, to_plain(doc.data))
    return list(person.talking_points)


def committed_points(root: Path, handle: str = "alice") -> list[str]:
    text = git(root, "show", f"HEAD:team/{handle}.yaml")
    doc = yamlio.parse_text(text, "f.yaml")
    return list(validate_plain(Person, to_plain(doc)).talking_points)


def wait_for(condition: object, what: str, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


def temp_files(root: Path) -> list[Path]:
    return sorted((root / "team").glob(".*.tmp"))


# --- many writers at once ----------------------------------------------------------------------


def test_parallel_writers_never_lose_an_update(ws: Path) -> None:
    """Twelve processes queue notes for two PMs and assess one, all at the same time."""
    writers = [pmkit(ws, "note", "alice", f"alice point {i}") for i in range(6)]
    writers += [pmkit(ws, "note", "bob", f"bob point {i}") for i in range(4)]
    writers += [pmkit(ws, "assess", "alice", "--set", "delivery=4", "--date", "2026-11-20"),
                pmkit(ws, "assess", "bob", "--set", "customer-insight=2", "--date", "2026-11-21")]
    results = [(w.wait(timeout=120), *w.communicate()) for w in writers]
    for code, out, err in results:
        assert code == 0, out + err
        assert err == ""  # committed, no warning
    alice = points(ws, "alice")
    bob = points(ws, "bob")
    assert sorted(alice) == sorted(f"alice point {i}" for i in range(6))
    assert sorted(bob) == sorted(f"bob point {i}" for i in range(4))
    text = (ws / ALICE).read_text(encoding="utf-8")
    assert "delivery: 4" in text
    assert "customer-insight: 2" in (ws / "team" / "bob.yaml").read_text(encoding="utf-8")
    # one commit per command, nothing left uncommitted, no temporary files
    assert int(git(ws, "rev-list", "--count", "HEAD")) == 3 + len(writers)
    assert git(ws, "status", "--porcelain") == ""
    assert temp_files(ws) == []
    assert committed_points(ws, "alice") == alice


def test_a_held_lock_gives_a_clear_message_after_the_wait(ws: Path) -> None:
    before = (ws / ALICE).read_bytes()
    head = git(ws, "rev-parse", "HEAD")
    with workspace_lock(ws / ".git" / "pmkit" / "lock", wait_seconds=1):
        busy = pmkit(ws, "note", "alice", "blocked", wait=0.3)
        code = busy.wait(timeout=60)
        out, err = busy.communicate()
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "another pmkit command is running" in err
    assert out == ""
    assert (ws / ALICE).read_bytes() == before
    assert git(ws, "rev-parse", "HEAD") == head
    # and once the lock is free, the same command goes through
    done = pmkit(ws, "note", "alice", "unblocked", wait=5)
    assert done.wait(timeout=60) == 0
    assert points(ws) == ["unblocked"]


def test_readers_run_while_a_writer_holds_the_lock(ws: Path) -> None:
    """Reading commands do not take the lock: gaps answers while a write is in progress."""
    with workspace_lock(ws / ".git" / "pmkit" / "lock", wait_seconds=1):
        reader = pmkit(ws, "gaps", "alice", "--format", "json", wait=0.2)
        assert reader.wait(timeout=60) == 0, reader.communicate()


# --- killed in the middle of a write --------------------------------------------------------


def test_killed_in_the_middle_of_a_write_leaves_the_previous_file(ws: Path) -> None:
    assert invoke(["-w", str(ws), "note", "alice", "first"]).exit_code == 0
    before = (ws / ALICE).read_bytes()
    head = git(ws, "rev-parse", "HEAD")
    writer = pmkit(ws, "note", "alice", "second", PMKIT_TEST_SLOW_WRITE="60")
    wait_for(lambda: temp_files(ws) and temp_files(ws)[0].stat().st_size > 0,
             "the writer to be half-way through its temporary file")
    os.killpg(writer.pid, signal.SIGKILL)
    writer.wait(timeout=60)
    writer.communicate()
    assert writer.returncode == -signal.SIGKILL
    # the file is exactly as it was, the half-written copy is beside it, nothing committed
    assert (ws / ALICE).read_bytes() == before
    assert points(ws) == ["first"]
    assert len(temp_files(ws)) == 1 and temp_files(ws)[0].read_bytes() != before
    assert git(ws, "rev-parse", "HEAD") == head
    # the kernel dropped the lock: the next command runs at once and tidies up
    after = pmkit(ws, "note", "alice", "third", wait=5)
    assert after.wait(timeout=60) == 0, after.communicate()
    assert points(ws) == ["first", "third"]
    assert temp_files(ws) == []
    assert git(ws, "status", "--porcelain") == ""
    assert invoke(["-w", str(ws), "check"]).exit_code == 0


def _clear_git_locks(root: Path) -> list[str]:
    """What git asks a user to do after a crash: remove the lock files it left."""
    removed = []
    for lock in [root / ".git" / "index.lock", *(root / ".git").glob("refs/**/*.lock"),
                 root / ".git" / "HEAD.lock"]:
        if lock.exists():
            lock.unlink()
            removed.append(lock.name)
    return removed


def test_killed_at_random_moments_the_file_always_parses(ws: Path) -> None:
    """Kill whole pmkit commands (git included) at random moments, again and again."""
    rng = random.Random(20261125)
    tried: list[str] = []
    for i in range(8):
        text = f"point {i}"
        tried.append(text)
        writer = pmkit(ws, "note", "alice", text, wait=10)
        time.sleep(rng.uniform(0.0, 0.5))
        with_signal = writer.poll() is None
        if with_signal:
            os.killpg(writer.pid, signal.SIGKILL)
        writer.wait(timeout=60)
        writer.communicate()
        _clear_git_locks(ws)
        current = points(ws)  # always parses and validates
        assert len(current) == len(set(current))
        assert set(current) <= set(tried)
        assert [p for p in tried if p in current] == current  # in the order they were queued
        committed = committed_points(ws)
        assert set(committed) <= set(current)
        if not with_signal:
            assert writer.returncode == 0 and text in current
    final = pmkit(ws, "note", "alice", "after the storm", wait=10)
    _, err = final.communicate(timeout=60)
    assert final.returncode == 0, err
    assert points(ws)[-1] == "after the storm"
    assert committed_points(ws) == points(ws)
    assert git(ws, "status", "--porcelain") == ""
    assert temp_files(ws) == []
    fsck = subprocess.run(["git", "fsck", "--no-dangling", "--no-progress"], cwd=ws,
                          capture_output=True, text=True, check=False)
    assert fsck.returncode == 0, fsck.stdout + fsck.stderr
