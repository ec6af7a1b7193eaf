"""A content-addressed cache of parsed YAML, kept inside the repository's git folder.

Keys are git blob ids (``sha1("blob <size>\\0" + bytes)``), the same ids git uses, so
an unchanged file and every version in history are parsed once and then read back as
JSON. It lives in ``.git/pmkit/`` and is never committed; deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from pmkit import __version__, atomic, plaindata

CACHE_FORMAT = f"1:{__version__}"
MAX_ENTRIES = 50_000


def blob_id(raw: bytes) -> str:
    """The id git gives these bytes as a blob."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


class ParseCache:
    """Blob id -> plain parsed data; loaded lazily, saved once if anything was added."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._entries: dict[str, Any] | None = None
        self._dirty = False

    @property
    def path(self) -> Path | None:
        return self.folder / "parse-cache.json" if self.folder else None

    def _load(self) -> dict[str, Any]:
        if self._entries is None:
            self._entries = {}
            if self.path is not None:
                with contextlib.suppress(OSError, ValueError):
                    stored = json.loads(self.path.read_text(encoding="utf-8"))
                    if isinstance(stored, dict) and stored.get("format") == CACHE_FORMAT:
                        self._entries = stored.get("entries", {})
        return self._entries

    def get(self, key: str) -> Any | None:
        entry = self._load().get(key)
        return None if entry is None else plaindata.decode(entry)

    def __contains__(self, key: str) -> bool:
        return key in self._load()

    def put(self, key: str, plain: Any) -> None:
        if self.path is None:
            return
        try:
            encoded = plaindata.encode(plain)
        except plaindata.NotPlain:
            return
        self._load()[key] = encoded
        self._dirty = True

    def save(self) -> None:
        """Write the cache if it grew; a failure here never fails the command."""
        if not self._dirty or self.path is None or self._entries is None:
            return
        entries = self._entries
        if len(entries) > MAX_ENTRIES:
            entries = dict(list(entries.items())[-MAX_ENTRIES:])
        data = json.dumps({"format": CACHE_FORMAT, "entries": entries}, separators=(",", ":"))
        with contextlib.suppress(OSError):
            atomic.write_file(self.path, data.encode("utf-8"))
        self._dirty = False
