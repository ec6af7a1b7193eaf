"""A content-addressed cache of parsed and validated YAML, kept in the git folder.

Keys are git blob ids (``sha1("blob <size>\\0" + bytes)``), the same ids git uses, so an
unchanged file is parsed and validated once; later commands read one small JSON file
instead of parsing YAML and building validators. Entries live one per file under
``.git/pmkit/parsed/`` (like git's own objects), are never committed, and deleting the
folder is always safe. The format carries a fingerprint of pmkit's schema code, so a
changed schema never reads entries validated by the old one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from pmkit import __version__
from pmkit.files import atomic, plain as plaindata

_SCHEMA_SOURCES = ("schema.py", "plaindata.py")


def blob_id(raw: bytes) -> str:
    """The id git gives these bytes as a blob."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


def _fingerprint() -> str:
    digest = hashlib.sha1(__version__.encode(), usedforsecurity=False)
    here = Path(__file__).parent
    for name in _SCHEMA_SOURCES:
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


class ParseCache:
    """Blob id -> plain parsed data, plus the validated form per schema class."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._entries: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()
        self._format: str | None = None

    @property
    def path(self) -> Path | None:
        """The folder holding the entries (None when there is no git folder)."""
        if self.folder is None:
            return None
        if self._format is None:
            self._format = _fingerprint()
        return self.folder / "parsed" / self._format

    def _entry(self, key: str) -> dict[str, Any] | None:
        if key in self._entries:
            return self._entries[key]
        root = self.path
        if root is None:
            return None
        try:
            stored = json.loads((root / key[:2] / key[2:]).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(stored, dict) or "plain" not in stored:
            return None
        self._entries[key] = stored
        return stored

    def get(self, key: str) -> Any | None:
        """The plain data these bytes parsed to, or None."""
        entry = self._entry(key)
        return None if entry is None else plaindata.decode(entry["plain"])

    def get_valid(self, key: str, kind: str) -> Any | None:
        """The validated dump of these bytes as ``kind``, or None."""
        entry = self._entry(key)
        if entry is None or kind not in entry.get("valid", {}):
            return None
        return plaindata.decode(entry["valid"][kind])

    def __contains__(self, key: str) -> bool:
        return self._entry(key) is not None

    def put(self, key: str, plain: Any) -> None:
        if self.path is None:
            return
        try:
            encoded = plaindata.encode(plain)
        except plaindata.NotPlain:
            return
        entry = self._entries.setdefault(key, {"plain": encoded, "valid": {}})
        entry["plain"] = encoded
        self._dirty.add(key)

    def put_valid(self, key: str, kind: str, dump: Any) -> None:
        entry = self._entries.get(key)
        if entry is None or self.path is None:
            return
        try:
            entry.setdefault("valid", {})[kind] = plaindata.encode(dump)
        except plaindata.NotPlain:
            return
        self._dirty.add(key)

    def save(self) -> None:
        """Write new entries; a failure here never fails the command."""
        root = self.path
        if root is None or not self._dirty:
            return
        for key in sorted(self._dirty):
            data = json.dumps(self._entries[key], ensure_ascii=False, separators=(",", ":"))
            with contextlib.suppress(OSError):
                atomic.write_file(root / key[:2] / key[2:], data.encode("utf-8"), durable=False)
        self._dirty.clear()
