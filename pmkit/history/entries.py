"""A PM's assessments over time, as entries: what history shows and JSON carries.

A PM file changes for many reasons (a talking point, a goal); only a new assessment
makes a new entry: the same date with the same ratings is the same assessment, in
whichever commit it appears. Versions that cannot be read are listed, never fatal.
Ratings are mapped through the model's aliases; ids the model no longer knows stay
as they were written.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from pmkit.git.log import FileVersion
from pmkit.history.summaries import Summary, problem_of

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex


class Entry(NamedTuple):
    """One distinct assessment and the first commit that recorded it."""

    date: dt.date
    commit: str | None  # None: written but not committed yet
    committed: dt.datetime | None
    ratings: dict[str, int]
    level: str | None
    model_version: int | None
    changes: dict[str, int]  # vs the previous assessment, where both rate it

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "commit": self.commit,
            "ratings": dict(self.ratings),
            "committed_at": self.committed.isoformat() if self.committed else None,
            "level": self.level,
            "model_version": self.model_version,
            "changes": dict(self.changes),
        }


class Skipped(NamedTuple):
    """A version of the file that could not be read, and why."""

    commit: str | None
    committed: dt.datetime | None
    path: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"commit": self.commit,
                "date": self.committed.date().isoformat() if self.committed else None,
                "committed_at": self.committed.isoformat() if self.committed else None,
                "path": self.path, "reason": self.reason}


class History:
    """A PM's assessments (manager's and self) over time, and the versions that were skipped."""

    def __init__(self, handle: str, assessments: list[Entry], self_assessments: list[Entry],
                 skipped: list[Skipped], versions: int,
                 peer_input: list[dict[str, Any]] | None = None):
        self.handle = handle
        self.peer_input = peer_input or []
        """Colleagues' views from the current file (each is dated; the file keeps them all)."""
        self.assessments = assessments
        self.self_assessments = self_assessments
        self.skipped = skipped
        self.versions = versions

    def view(self, self_view: bool) -> list[Entry]:
        return self.self_assessments if self_view else self.assessments

    def since(self, start: dt.date | None) -> History:
        """Only what happened on or after ``start`` (changes still compare with the one before)."""
        if start is None:
            return self
        return History(
            self.handle,
            [e for e in self.assessments if e.date >= start],
            [e for e in self.self_assessments if e.date >= start],
            [s for s in self.skipped if s.committed is None or s.committed.date() >= start],
            self.versions,
            [p for p in self.peer_input if p["date"] >= start.isoformat()],
        )

    def as_json(self, self_view: bool = False) -> dict[str, Any]:
        return {
            "handle": self.handle,
            "view": "self" if self_view else "manager",
            "assessments": [e.as_json() for e in self.assessments],
            "self_assessments": [e.as_json() for e in self.self_assessments],
            "skipped": [s.as_json() for s in self.skipped],
            "versions": self.versions,
            "peer_input": list(self.peer_input),
        }


class Assessed(NamedTuple):
    """One distinct assessment as a version stored it; the ratings stay text until needed."""

    date: str
    ratings_text: str
    version: FileVersion
    level: str | None
    model_version: int | None

    def ratings(self) -> dict[str, int]:
        return dict(json.loads(self.ratings_text))


def assessed_versions(versions_newest_first: Sequence[FileVersion], summaries: Mapping[str, Summary],
                      key: str = "assessment") -> list[Assessed]:
    """Each distinct (date, ratings) once, at the first version that has it; oldest date first."""
    short = "a" if key == "assessment" else "s"
    seen: set[tuple[str, str]] = set()
    out: list[Assessed] = []
    for version in reversed(versions_newest_first):
        summary = summaries.get(version.blob)
        if not summary:
            continue
        packed = summary.get(short)
        if not packed:
            continue
        identity = (packed[0], packed[1])
        if identity in seen:
            continue
        seen.add(identity)
        out.append(Assessed(packed[0], packed[1], version, summary.get("l"), packed[2]))
    out.sort(key=lambda a: a.date)  # stable: same-day assessments keep commit order
    return out


def build_entries(assessed: Sequence[Assessed], index: ModelIndex) -> list[Entry]:
    """Entries under today's ids (aliases can make two stored ones the same); with changes."""
    seen: set[tuple[str, frozenset[tuple[str, int]]]] = set()
    out: list[Entry] = []
    previous: Entry | None = None
    for item in assessed:
        ratings = index.canonical(item.ratings())
        identity = (item.date, frozenset(ratings.items()))
        if identity in seen:
            continue
        seen.add(identity)
        changes = ({} if previous is None else
                   {cid: r - previous.ratings[cid] for cid, r in ratings.items()
                    if cid in previous.ratings and r != previous.ratings[cid]})
        committed = item.version.when if item.version.commit else None
        entry = Entry(dt.date.fromisoformat(item.date), item.version.commit or None,
                      committed, ratings, item.level, item.model_version, changes)
        out.append(entry)
        previous = entry
    return out


def skipped_versions(versions_newest_first: Sequence[FileVersion],
                     summaries: Mapping[str, Summary]) -> list[Skipped]:
    out: list[Skipped] = []
    for version in reversed(versions_newest_first):
        when = version.when if version.commit else None
        if version.is_symlink:
            out.append(Skipped(version.commit or None, when, version.path,
                               f"{version.path}: is a symbolic link, not a file"))
            continue
        problem = problem_of(summaries.get(version.blob, {"x": "not read"}))
        if problem is not None:
            out.append(Skipped(version.commit or None, when, version.path,
                               problem.describe(version.path)))
    return out
