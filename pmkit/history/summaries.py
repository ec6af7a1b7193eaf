"""What one version of a person file says about assessments, read once and kept in the store.

A version from history is parsed with the same strict loader as the current file and
validated with the :class:`~pmkit.model.schema.Person` shape (without the rules that tie
it to today's model: old versions may use old ids). Only the small part history needs is
kept: the level and the two assessments, or the reason the version could not be read.
Summaries live in the store's pack for the PM, so a warm run reads no blob and
validates nothing.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NamedTuple

from pmkit.errors import InputError
from pmkit.files.yamldoc import parse_bytes
from pmkit.git.blobs import BlobReader
from pmkit.git.log import FileVersion
from pmkit.loading import collect_problems, parse_plain, to_error
from pmkit.model.schema import Person, rating_value

if TYPE_CHECKING:
    from pmkit.git.repo import GitRepo
    from pmkit.model.schema import Assessment
    from pmkit.store import Store

Summary = dict[str, Any]
UNREADABLE: Summary = {"x": "this version is not in this clone (a partial clone that may not fetch "
                                 "it, or a damaged repository)"}
# Versions of one file asked of git in one go, before the first of them is summarised, so
# git looks them up while Python parses; the blob reader's window (WINDOW_BYTES) caps how
# many requests are actually in flight. Not the store's write threshold: another question.
AHEAD = 64


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

    if assessment is None:
        return None
    ratings = {key: rating_value(value) for key, value in sorted(assessment.ratings.items())}
    return [assessment.date.isoformat(), json.dumps(ratings, separators=(",", ":")),
            assessment.model_version]


def summarize(raw: bytes, display: str, store: Store | None = None) -> Summary:
    """Parse and validate one version; never raises for bad content.

    A version that is also the current file was parsed when the file was loaded: the
    store hands its data back instead of a second parse.
    """
    try:
        plain, doc = parse_plain(raw, display, store, keep=False)
        result = collect_problems(Person, plain)
        if isinstance(result, list):
            error = to_error(result[0], display, doc or parse_bytes(raw, display))
            return {"x": error.message, "ln": error.line}
    except InputError as exc:
        return {"x": exc.message, "ln": exc.line}
    return {"l": result.level, "a": _pack(result.assessment), "s": _pack(result.self_assessment)}


def problem_of(summary: Summary) -> Problem | None:
    if "x" in summary:
        return Problem(str(summary["x"]), summary.get("ln"))
    return None


def is_sound(summary: Any) -> bool:
    """A summary from the store has the shape :func:`summarize` gives, or it is rebuilt."""
    if not isinstance(summary, dict):
        return False
    if "x" in summary:
        return isinstance(summary["x"], str) and isinstance(summary.get("ln"), int | None)
    for key in ("a", "s"):
        packed = summary.get(key)
        if packed is not None and not (
                isinstance(packed, list) and len(packed) == 3 and isinstance(packed[0], str)
                and isinstance(packed[1], str) and isinstance(packed[2], int | None)):
            return False
    return isinstance(summary.get("l"), str | None)


class Summaries:
    """The one way a version becomes a summary: the store, else git's blob, summarised once.

    Blobs are fetched only for the versions asked about, from one ``git cat-file``.
    ``known`` holds bytes already in hand (the current file, not committed yet).
    """

    def __init__(self, store: Store, repo: GitRepo | None, known: dict[str, bytes] | None = None):
        self.store = store
        self.known = dict(known or {})
        self.blobs = BlobReader(repo)
        self.parsed = 0

    def ahead(self, handle: str, blob: str, path: str) -> None:
        """A version that will be asked about soon: have git look its blob up now."""
        if blob not in self.known and self.store.pack(f"history-{handle}").get(blob) is None:
            self.blobs.request(blob, path)

    def all_of(self, handle: str, versions: list[FileVersion]) -> dict[str, Summary]:
        """The summaries of many versions of one file, by blob; their blobs asked for ahead."""
        out: dict[str, Summary] = {}
        for start in range(0, len(versions), AHEAD):
            chunk = [v for v in versions[start:start + AHEAD] if not v.is_symlink]
            for version in chunk:
                self.ahead(handle, version.blob, version.path)
            for version in chunk:
                out[version.blob] = self.of(handle, version)
        return out

    def of(self, handle: str, version: FileVersion) -> Summary:
        pack = self.store.pack(f"history-{handle}")
        hit = pack.get(version.blob)
        if hit is not None and is_sound(hit):
            return hit
        raw = self.known.get(version.blob)
        if raw is None:
            raw = self.blobs.read(version.blob, version.path)
        if raw is None:
            return UNREADABLE
        summary = summarize(raw, version.path, self.store)
        self.parsed += 1
        pack.put(version.blob, summary)
        return summary

    def close(self) -> None:
        """Stop git and keep what was learned."""
        try:
            self.blobs.close()
        finally:
            self.store.save()

    def __enter__(self) -> Summaries:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.blobs.__exit__(*exc)
