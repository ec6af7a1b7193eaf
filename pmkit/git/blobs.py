"""The contents of file versions, from one ``git cat-file --batch`` kept running.

A reader asks for a blob when it needs it; one that knows what it will need soon asks
ahead (:meth:`BlobReader.request`), so git looks the next versions up while Python
parses the current one, and each answer is already waiting when it is read. Requests
and answers travel in order; the requests not yet answered are kept small (a few
kilobytes), so writing one never waits on git, and git never waits on a full pipe
for long.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections import deque
from typing import IO, TYPE_CHECKING, NamedTuple

from pmkit.errors import EnvironmentProblem
from pmkit.git.runner import reason, start_git

if TYPE_CHECKING:
    from pmkit.git.repo import GitRepo

# Requests written but not yet answered, in bytes: far below the smallest pipe buffer
# (4 KiB on some systems before it grows), so a write never blocks while git, its
# answers unread, waits on a full pipe of its own.
WINDOW_BYTES = 4096
SEND_EVERY = 8  # requests asked ahead go to git in groups: one system call, not eight


class _Asked(NamedTuple):
    blob: str
    filtered: bool
    size: int  # bytes of the request, counted against the window


class BlobReader:
    """Blobs from one ``git cat-file --batch``, asked for ahead or when they are needed.

    The process starts with the first request, so a warm run (every summary in the
    store) starts none; a cold one reads only the versions it parses.

    Where the repository's attributes name a filter (git-crypt, git-lfs, an eol or an
    encoding rule), each version is read through it (``--filters``), as a checkout
    would write it. git 2.39 gives the unfiltered size in that mode, so each answer ends
    at a marker request instead of at the size. In a partial clone, only objects that
    are here are asked for: git may not fetch anything over the network.
    """

    def __init__(self, repo: GitRepo | None):
        self.repo = repo
        self._proc: subprocess.Popen[bytes] | None = None
        self._errors: IO[bytes] | None = None
        self._filters = False
        self._end = b""
        self._present: set[str] | None = None  # a partial clone: the objects it has
        self._asked: deque[_Asked] = deque()  # written, answer not read yet
        self._asked_ids: set[str] = set()
        self._unsent: set[str] = set()  # written to the buffer, not yet handed to git
        self._asked_bytes = 0
        self._ready: dict[str, bytes | None] = {}  # answered, not handed out yet
        self._broken = False
        self.fetched = 0

    def _start(self, repo: GitRepo, path: str) -> subprocess.Popen[bytes]:
        from pmkit.git.setup import has_filters, is_partial, present_objects

        self._filters = has_filters(repo, path)
        if is_partial(repo):
            self._present = present_objects(repo)
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        args = ["cat-file", "--batch", "--filters"] if self._filters else ["cat-file", "--batch"]
        self._end = f"pmkit-end-{os.urandom(8).hex()}".encode("ascii")
        return start_git(["-c", "protocol.allow=never", *args], cwd=repo.top,
                         stderr=self._errors, stdin=True)

    def request(self, blob: str, path: str = "") -> bool:
        """Ask for a blob now, to :meth:`read` it later; False when it was not asked
        (no git, not here in a partial clone, or enough is asked already)."""
        if blob in self._ready or blob in self._asked_ids:
            return True
        line = self._line(blob, path)
        if line is None or (self._asked and self._asked_bytes + len(line) > WINDOW_BYTES):
            return False
        written = self._write(blob, line)
        if len(self._unsent) >= SEND_EVERY:
            self.send()
        return written

    def send(self) -> None:
        """Hand the requests written so far to git (they wait in a buffer until then)."""
        if self._proc is not None and self._proc.stdin is not None and not self._broken:
            try:
                self._proc.stdin.flush()
            except (OSError, ValueError):
                self._broken = True
        self._unsent.clear()

    def read(self, blob: str, path: str = "") -> bytes | None:
        """The blob's bytes (through the filters for ``path``), or None when git does not
        have it here (a partial clone, a damaged repository)."""
        if blob in self._ready:
            return self._ready.pop(blob)
        if blob not in self._asked_ids:
            line = self._line(blob, path)
            if line is None:
                return None
            while self._asked and self._asked_bytes + len(line) > WINDOW_BYTES:
                self.send()
                self._answer()  # make room
            if not self._write(blob, line):
                return None
        if blob in self._unsent:
            self.send()  # requests go out in order: the ones before it went with it or earlier
        while self._asked and self._answer() != blob:
            pass
        return self._ready.pop(blob, None)

    def _line(self, blob: str, path: str) -> bytes | None:
        """The request for a blob, or None when it cannot be asked for."""
        if self.repo is None or self._broken:
            return None
        if self._proc is None:
            self._proc = self._start(self.repo, path)
        if self._present is not None and blob not in self._present:
            return None
        if self._filters and path and "\n" not in path:
            return (f"{blob} {path}\n".encode("utf-8", "surrogateescape") + self._end + b" "
                    + path.encode("utf-8", "surrogateescape") + b"\n")
        return blob.encode("ascii") + b"\n"

    def _write(self, blob: str, line: bytes) -> bool:
        assert self._proc is not None and self._proc.stdin is not None
        try:
            self._proc.stdin.write(line)
        except (OSError, ValueError):
            self._broken = True
            return False
        self._asked.append(_Asked(blob, line != blob.encode("ascii") + b"\n", len(line)))
        self._asked_ids.add(blob)
        self._unsent.add(blob)
        self._asked_bytes += len(line)
        return True

    def _answer(self) -> str:
        """Read the answer to the oldest request into the ready answers; its blob id."""
        asked = self._asked.popleft()
        self._asked_ids.discard(asked.blob)
        self._asked_bytes -= asked.size
        data: bytes | None = None
        if not self._broken:
            assert self._proc is not None and self._proc.stdout is not None
            try:
                header = self._proc.stdout.readline().split()
                data = self._until_end(header) if asked.filtered else self._sized(header)
            except (OSError, ValueError):
                self._broken = True
        self._ready[asked.blob] = data
        return asked.blob

    def _sized(self, header: list[bytes]) -> bytes | None:
        if len(header) != 3 or not header[2].isdigit():
            return None  # "<id> missing"
        assert self._proc is not None and self._proc.stdout is not None
        size = int(header[2])
        data = self._proc.stdout.read(size + 1)
        if len(data) != size + 1:
            self._broken = True  # git ended mid-answer
            return None
        self.fetched += 1
        return data[:size]

    def _until_end(self, header: list[bytes]) -> bytes | None:
        """Everything up to the marker's "missing" line; the header's size may be wrong."""
        assert self._proc is not None and self._proc.stdout is not None
        if header[:1] == [self._end]:
            return None  # the blob itself was missing: the marker answered at once
        parts: list[bytes] = []
        for line in self._proc.stdout:
            if line.split()[:1] == [self._end]:
                break
            parts.append(line)
        else:
            self._broken = True
            return None  # git ended (a filter failed)
        if len(header) != 3:
            return None
        self.fetched += 1
        data = b"".join(parts)
        return data[:-1] if data.endswith(b"\n") else data

    def close(self) -> None:
        if self._proc is not None:
            with contextlib.suppress(OSError, ValueError):
                assert self._proc.stdin is not None
                self._proc.stdin.close()
            if self._proc.stdout is not None:
                # Answers asked ahead and never read: git ends once they are taken.
                with contextlib.suppress(OSError, ValueError):
                    while self._proc.stdout.read(65536):
                        pass
            if self._proc.wait() != 0 and self._errors is not None:
                self._errors.seek(0)
                said = self._errors.read()
                self._errors.close()
                raise EnvironmentProblem(f"git cat-file failed: {reason(said)}")
            if self._proc.stdout is not None:
                self._proc.stdout.close()
        if self._errors is not None:
            self._errors.close()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        elif self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
