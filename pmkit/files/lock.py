"""One writer at a time per workspace.

An advisory ``flock`` on a lock file in the git folder (or the workspace when there is
no git). The kernel drops the lock when the process dies, so a killed pmkit never
leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from pmkit.errors import InputError, LockTimeout

DEFAULT_WAIT_SECONDS = 10.0


def wait_seconds_from_env() -> float:
    """``PMKIT_LOCK_WAIT`` seconds (default 10), read when a command takes the lock."""
    try:
        return max(0.0, float(os.environ.get("PMKIT_LOCK_WAIT", DEFAULT_WAIT_SECONDS)))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


@contextlib.contextmanager
def workspace_lock(lock_path: Path, wait_seconds: float | None = None) -> Iterator[None]:
    if wait_seconds is None:
        wait_seconds = wait_seconds_from_env()
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, run unlocked
        yield
        return
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise InputError(f"cannot create the workspace lock file: {exc.strerror or exc}",
                         lock_path) from None
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        "another pmkit command is running in this workspace; "
                        "try again when it has finished"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
