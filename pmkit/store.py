"""The one cache: what pmkit learned from a file's bytes, kept in the git folder.

Everything in it is keyed by git blob id (``sha1("blob <size>\\0" + bytes)``, the id git
itself uses), so an unchanged file is parsed and validated once and a version read from
history is summarised once. Three kinds of entry, one rule:

- an *object* per blob: the plain data it parsed to and its validated records;
- a *pack* per PM: the summaries of every version of their file (one file to read for a
  PM's whole history, however many versions it has);
- a *page* per rendered document, keyed by a digest of its template files and context.

The store lives in ``.git/pmkit/store/<fingerprint>/``. The fingerprint covers pmkit's
version and the source of every module that reads or interprets a file, so a newer
pmkit never reads what an older one concluded. Nothing on disk is trusted: every entry
carries its own key and a digest of its body, and an entry that is missing, corrupt, of
the wrong shape, for another key, not a regular file or unreadable is a miss, silently
rebuilt. Entries are JSON, never unpickled or executed. Deleting the folder is always
safe; losing it costs only time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from pmkit import __version__
from pmkit.files import atomic
from pmkit.files import plain as plaindata

FORMAT = 1
MAX_ENTRY_BYTES = 64 * 1024 * 1024
MAX_PAGES = 400
_PACKAGE = Path(__file__).resolve().parent
# Every module whose rules decide what a file means: reading, parsing, shapes, checks,
# the encoding of cached data, history summaries, and this module.
_INTERPRETERS = ("files", "model", "loading.py", "store.py", "history")


def blob_id(raw: bytes) -> str:
    """The id git gives these bytes as a blob."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


_FINGERPRINT: str | None = None


def fingerprint() -> str:
    """Changes whenever what an entry means could change."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        digest = hashlib.sha1(f"{FORMAT}:{__version__}".encode(), usedforsecurity=False)
        for name in _INTERPRETERS:
            path = _PACKAGE / name
            files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
            for source in files:
                digest.update(source.relative_to(_PACKAGE).as_posix().encode() + b"\0")
                with contextlib.suppress(OSError):
                    digest.update(source.read_bytes())
        _FINGERPRINT = digest.hexdigest()[:16]
    return _FINGERPRINT


def _read_entry(path: Path, key: str) -> Any | None:
    """The body of one entry, or None for anything short of a sound entry for ``key``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    header, newline, body = data.partition(b"\n")
    if not newline:
        return None
    parts = header.split(b" ")
    if len(parts) != 3 or parts[0] != b"pmkit-store" or parts[1] != key.encode():
        return None
    if hashlib.sha1(body, usedforsecurity=False).hexdigest().encode() != parts[2]:
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _entry_bytes(key: str, value: Any) -> bytes:
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    digest = hashlib.sha1(body, usedforsecurity=False).hexdigest()
    return b"pmkit-store %s %s\n" % (key.encode(), digest.encode()) + body


WRITERS = 4  # threads that write a cold store's entries; each waits on the file system
_MANY = 64  # fewer entries than this are written one after another


def _write_all(entries: list[tuple[Path, bytes]]) -> None:
    """Write entries, a failure never failing the command. Many new entries (a cold store
    holds one per file and one per PM) are written from a few threads: creating a file is
    the file system's work, done outside Python's lock, so they overlap."""
    def write(part: list[tuple[Path, bytes]]) -> None:
        for path, data in part:
            with contextlib.suppress(OSError, ValueError):
                atomic.write_cache_file(path, data)

    if len(entries) < _MANY:
        write(entries)
        return
    import threading

    threads = [threading.Thread(target=write, args=(entries[n::WRITERS],), daemon=True)
               for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _safe_name(name: str) -> bool:
    return bool(name) and all(c.isalnum() or c in "._-" for c in name) and ".." not in name


class Pack:
    """Summaries of the versions of one file, blob id -> JSON-native dict."""

    def __init__(self, root: Path | None, name: str):
        self.name = name
        # None: no cache (outside git, or a name unfit for a file): puts are dropped.
        self.path = (None if root is None or not _safe_name(name)
                     else root / "packs" / f"{name}.json")
        self._entries: dict[str, dict[str, Any]] | None = None
        self._dirty = False

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._entries is None:
            path = self.path
            stored = _read_entry(path, self.name) if path is not None else None
            self._entries = ({k: v for k, v in stored.items() if isinstance(v, dict)}
                             if isinstance(stored, dict) else {})
        return self._entries

    def get(self, key: str) -> dict[str, Any] | None:
        return self._load().get(key)

    def __contains__(self, key: str) -> bool:
        return key in self._load()

    def put(self, key: str, summary: dict[str, Any]) -> None:
        if self.path is None:
            return
        self._load()[key] = summary
        self._dirty = True

    def take(self) -> tuple[Path, bytes] | None:
        """The entry to write when the pack changed (it then counts as saved), else None."""
        path = self.path
        if self._dirty and path is not None and self._entries is not None:
            self._dirty = False
            return path, _entry_bytes(self.name, self._entries)
        return None


class Store:
    """The cache of one workspace; ``folder`` is ``.git/pmkit`` (None outside git: no cache)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._objects: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()
        self._packs: dict[str, Pack] = {}
        self._root: Path | None = None

    @property
    def root(self) -> Path | None:
        if self._root is None and self.folder is not None:
            self._root = self.folder / "store" / fingerprint()
        return self._root

    # --- objects: parsed and validated files ----------------------------------------------

    def _object(self, key: str) -> dict[str, Any] | None:
        if key in self._objects:
            return self._objects[key]
        root = self.root
        if root is None:
            return None
        stored = _read_entry(root / "objects" / key[:2] / key[2:], key)
        if not isinstance(stored, dict) or "plain" not in stored or not isinstance(
                stored.get("valid", {}), dict):
            return None
        self._objects[key] = stored
        return stored

    def get(self, key: str, held_only: bool = False) -> Any | None:
        """The plain data these bytes parsed to, or None.

        ``held_only``: only what this process already read or parsed, without a lookup
        on disk (for thousands of history versions that are rarely current files).
        """
        entry = self._objects.get(key) if held_only else self._object(key)
        if entry is None:
            return None
        try:
            return plaindata.decode(entry["plain"])
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def get_valid(self, key: str, kind: str) -> Any | None:
        """The validated dump of these bytes as ``kind``, or None."""
        entry = self._object(key)
        valid = entry.get("valid", {}) if entry is not None else {}
        if kind not in valid:
            return None
        try:
            return plaindata.decode(valid[kind])
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def __contains__(self, key: str) -> bool:
        return self._object(key) is not None

    def put(self, key: str, plain: Any) -> None:
        if self.root is None:
            return
        try:
            encoded = plaindata.encode(plain)
        except plaindata.NotPlain:
            return
        entry = self._objects.setdefault(key, {"plain": encoded, "valid": {}})
        entry["plain"] = encoded
        self._dirty.add(key)

    def put_valid(self, key: str, kind: str, dump: Any) -> None:
        entry = self._objects.get(key)
        if entry is None or self.root is None:
            return
        try:
            entry.setdefault("valid", {})[kind] = plaindata.encode(dump)
        except plaindata.NotPlain:
            return
        self._dirty.add(key)

    # --- packs: history summaries ----------------------------------------------------------

    def pack(self, name: str) -> Pack:
        if name not in self._packs:
            self._packs[name] = Pack(self.root, name)
        return self._packs[name]

    # --- pages: rendered documents ---------------------------------------------------------

    def page(self, key: str) -> str | None:
        root = self.root
        text = _read_entry(root / "pages" / key, key) if root is not None and _safe_name(key) else None
        return text if isinstance(text, str) else None

    def put_page(self, key: str, text: str) -> None:
        """Keep a rendered document; the oldest go once there are more than :data:`MAX_PAGES`."""
        root = self.root
        if root is None or not _safe_name(key):
            return
        _write_all([(root / "pages" / key, _entry_bytes(key, text))])
        with contextlib.suppress(OSError):
            pages = list((root / "pages").iterdir())
            if len(pages) > MAX_PAGES:
                pages.sort(key=lambda p: p.stat().st_mtime_ns)
                for old in pages[: len(pages) - MAX_PAGES]:
                    old.unlink()

    # --- saving -------------------------------------------------------------------------

    def save(self) -> None:
        """Write what this command learned; stores of other pmkit versions are dropped."""
        root = self.root
        if root is None:
            return
        if (self._dirty or any(p._dirty for p in self._packs.values())) and not root.is_dir():
            _forget_others(root)
        entries = [(root / "objects" / key[:2] / key[2:], _entry_bytes(key, self._objects[key]))
                   for key in sorted(self._dirty)]
        self._dirty.clear()
        for pack in self._packs.values():
            entry = pack.take()
            if entry is not None:
                entries.append(entry)
        _write_all(entries)


def _forget_others(current: Path) -> None:
    """Stores made by another pmkit (another fingerprint) will never be read again."""
    import shutil

    with contextlib.suppress(OSError):
        for folder in current.parent.iterdir():
            if folder != current and folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder, ignore_errors=True)
