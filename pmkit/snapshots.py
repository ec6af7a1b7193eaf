"""What one version of a person file says about assessments, cached by git blob id.

A version from history is parsed with the same strict loader as the current file and
validated with the :class:`~pmkit.model.schema.Person` model (without the rules that tie it to
today's model: old versions may use old ids). Only the small part history needs is kept:
the level and the two assessments, or the reason the version could not be read.

Summaries live in ``.git/pmkit/history-<fingerprint>/<handle>.json``, apart from the
parse cache: a version's blob never changes, so a warm run reads no blob and validates
nothing; the parse cache stays as small as the working tree; and one PM's history reads
one PM's summaries, however large the team.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pmkit import __version__
from pmkit.files import atomic
from pmkit.errors import InputError

if TYPE_CHECKING:
    from pmkit.model.schema import Assessment

SUMMARY_VERSION = 2
Summary = dict[str, Any]


def fingerprint() -> str:
    """Changes whenever what a summary means could change: pmkit's version, its schema,
    its YAML reading and validation rules, and this module."""
    import hashlib

    digest = hashlib.sha1(f"{SUMMARY_VERSION}:{__version__}".encode(), usedforsecurity=False)
    here = Path(__file__).parent
    for name in ("schema.py", "yamlio.py", "loading.py", "validation.py", "model_index.py",
                 "snapshots.py"):
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


class SummaryCache:
    """Blob id -> JSON-native summary for one PM's file, in ``.git/pmkit/history-<fp>/``."""

    def __init__(self, folder: Path | None, handle: str, fingerprint: str | None = None):
        self.folder = folder
        self.handle = handle
        self.fingerprint = fingerprint
        self._entries: dict[str, Summary] | None = None
        self._dirty = False

    @property
    def path(self) -> Path | None:
        if self.folder is None:
            return None
        if self.fingerprint is None:
            self.fingerprint = fingerprint()
        return self.folder / f"history-{self.fingerprint}" / f"{self.handle}.json"

    def _load(self) -> dict[str, Summary]:
        if self._entries is None:
            self._entries = {}
            path = self.path
            if path is not None:
                with contextlib.suppress(OSError, ValueError):
                    stored = json.loads(path.read_bytes())
                    if isinstance(stored, dict):
                        self._entries = stored
        return self._entries

    def get(self, key: str) -> Summary | None:
        entry = self._load().get(key)
        return entry if isinstance(entry, dict) else None

    def __contains__(self, key: str) -> bool:
        return key in self._load()

    def put(self, key: str, summary: Summary) -> None:
        if self.folder is None:
            return
        self._load()[key] = summary
        self._dirty = True

    def save(self) -> None:
        """Write the file if it grew; losing it costs only time, so a failure is ignored."""
        path = self.path
        if not self._dirty or path is None or self._entries is None:
            return
        data = json.dumps(self._entries, separators=(",", ":"), ensure_ascii=False)
        if not path.parent.exists():
            _forget_older(path.parent)
        with contextlib.suppress(OSError):
            atomic.write_file(path, data.encode("utf-8"), durable=False)
        self._dirty = False


def _forget_older(current: Path) -> None:
    """Summaries made by another pmkit (another fingerprint) will never be read again."""
    import shutil

    with contextlib.suppress(OSError):
        for folder in current.parent.glob("history-*"):
            if folder != current and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)


class Problem(NamedTuple):
    """Why a version could not be read, with the line when there is one."""

    message: str
    line: int | None = None

    def describe(self, display: str) -> str:
        return f"{display}:{self.line}: {self.message}" if self.line else f"{display}: {self.message}"


def _pack(assessment: Assessment | None) -> list[Any] | None:
    """``[date, ratings as compact JSON text, model_version]``.

    The ratings stay text until someone needs them: loading thousands of summaries is
    then one string each, and two versions with the same ratings have the same text.
    """
    from pmkit.model.schema import rating_value

    if assessment is None:
        return None
    ratings = {key: rating_value(value) for key, value in sorted(assessment.ratings.items())}
    return [assessment.date.isoformat(), json.dumps(ratings, separators=(",", ":")),
            assessment.model_version]


def summarize(raw: bytes, display: str) -> Summary:
    """Parse and validate one version; never raises for bad content."""
    from pmkit.loading import collect_problems, parse_plain, to_error
    from pmkit.model.schema import Person

    try:
        plain, doc = parse_plain(raw, display, None)
        result = collect_problems(Person, plain)
        if isinstance(result, list):
            assert doc is not None  # parse_plain without a cache always parses
            error = to_error(result[0], display, doc)
            return {"x": error.message, "ln": error.line}
    except InputError as exc:
        return {"x": exc.message, "ln": exc.line}
    return {"l": result.level, "a": _pack(result.assessment), "s": _pack(result.self_assessment)}


def problem_of(summary: Summary) -> Problem | None:
    if "x" in summary:
        return Problem(str(summary["x"]), summary.get("ln"))
    return None
