"""What one version of a person file says about assessments, cached by git blob id.

A version from history is parsed with the same strict loader as the current file and
validated with the :class:`~pmkit.schema.Person` model (without the rules that tie it to
today's model: old versions may use old ids). Only the small part history needs is kept:
the level and the two assessments, or the reason the version could not be read.

Summaries live in ``.git/pmkit/history-<n>/<handle>.json``, apart from the parse cache:
a version's blob never changes, so a warm run reads no blob and validates nothing; the
parse cache that every command loads stays as small as the working tree; and one PM's
history reads one PM's summaries, however large the team.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pmkit.cache import ParseCache
from pmkit.errors import InputError

if TYPE_CHECKING:
    from pmkit.schema import Assessment

SUMMARY_VERSION = 2
Summary = dict[str, Any]


class SummaryCache(ParseCache):
    """Blob id -> JSON-native summary for one PM's file; beside the parse cache."""

    def __init__(self, folder: Path | None, handle: str):
        super().__init__(folder)
        self.handle = handle

    @property
    def path(self) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / f"history-{SUMMARY_VERSION}" / f"{self.handle}.json"

    def get(self, key: str) -> Summary | None:
        # Summaries hold only JSON types (dates as ISO text), so no decoding is needed.
        entry = self._load().get(key)
        return entry if isinstance(entry, dict) else None

    def put(self, key: str, plain: Any) -> None:
        if self.path is None:
            return
        self._load()[key] = plain
        self._dirty = True


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
    import json

    from pmkit.schema import rating_value

    if assessment is None:
        return None
    ratings = {key: rating_value(value) for key, value in sorted(assessment.ratings.items())}
    return [assessment.date.isoformat(), json.dumps(ratings, separators=(",", ":")),
            assessment.model_version]


def summarize(raw: bytes, display: str) -> Summary:
    """Parse and validate one version; never raises for bad content."""
    from pmkit.loading import collect_problems, parse_plain, to_error
    from pmkit.schema import Person

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
