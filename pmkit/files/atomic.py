"""Atomic file writes: a temporary file in the same folder, fsync, then rename.

A reader (or a crash) sees either the old file or the new one, never half of each.
Several files are staged first and renamed together, so a failure while staging
leaves every file as it was. A process killed while staging leaves only a temporary
``.<name>.*.tmp`` file, which the next write of that file removes.

``PMKIT_TEST_SLOW_WRITE=<seconds>`` pauses half-way through writing each temporary
file, so tests can kill a writer in the middle of a write.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path


def _stage(path: Path, data: bytes, durable: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            pause = _slow_write_seconds()
            if pause:
                handle.write(data[: len(data) // 2])
                handle.flush()
                time.sleep(pause)
                handle.write(data[len(data) // 2 :])
            else:
                handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
        tmp.chmod(mode)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _slow_write_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("PMKIT_TEST_SLOW_WRITE", "0") or 0))
    except ValueError:
        return 0.0


def remove_stale_temps(path: Path) -> None:
    """Remove what a killed writer of ``path`` left behind (call it under the workspace lock)."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def write_files(files: Iterable[tuple[Path, bytes]], durable: bool = True) -> None:
    """Write every ``(path, data)`` pair atomically; all are staged before any is replaced.

    ``durable=False`` skips the fsyncs, for caches that may be lost without harm.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            staged.append((_stage(path, data, durable), path))
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
    if durable:
        for directory in {path.parent for _, path in staged}:
            _fsync_dir(directory)


def write_file(path: Path, data: bytes, durable: bool = True) -> None:
    """Write one file atomically."""
    write_files([(path, data)], durable)


def write_cache_file(path: Path, data: bytes) -> None:
    """Write one cache entry, in as few system calls as that takes.

    A cold store writes an entry per file (a thousand for a team of 500 PMs). A cache may
    be lost without harm and its files are pmkit's own: no fsync, no mode to copy, and
    its folder made only when it is missing. A new entry is created in place (O_EXCL),
    half the directory work of a temporary file and a rename; that is safe because a
    reader checks each entry's key and digest, so a half-written one is only a miss. An
    entry that is already there is replaced atomically, through a temporary name from
    the process id.
    """
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = _create(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | nofollow)
    except FileExistsError:
        fd = -1
    if fd >= 0:
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except BaseException:
            with contextlib.suppress(OSError):
                path.unlink()
            raise
        return
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    fd = _create(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | nofollow)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _create(path: Path, flags: int) -> int:
    """Open ``path`` for writing with ``flags``, making its folder when it is missing."""
    try:
        return os.open(path, flags, 0o644)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, flags, 0o644)


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable where the platform allows it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
