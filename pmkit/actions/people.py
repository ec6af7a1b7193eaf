"""What ``add``, ``assess`` and ``note`` change in a PM's file, and the rules they keep.

Each function checks everything first, then writes one file and commits it in one
transaction: a refused change writes nothing. Comments and key order in the file
survive (round-trip YAML).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pmkit.errors import InputError
from pmkit.files.reading import control_character
from pmkit.loading import load_bytes
from pmkit.model.gaps import canonical_ratings
from pmkit.model.handles import validate_handle
from pmkit.model.person_doc import add_talking_point, new_person_text, set_ratings
from pmkit.suggest import suggest_known

if TYPE_CHECKING:
    from pmkit.model.schema import Assessment
    from pmkit.workspace import Workspace


def refuse_control_characters(text: str, what: str) -> None:
    """Text typed for a file goes into documents and terminals: no escape codes."""
    found = control_character(text)
    if found:
        raise InputError(f"{what} holds a control character ({found}); remove it")


def resolve_competency(ws: Workspace, key: str, what: str) -> str:
    """Today's id for an id or alias the user typed, or a clear error with a suggestion."""
    canonical = ws.index.resolve(key.strip())
    if canonical is None:
        raise InputError(f"{what}: unknown competency '{key.strip()}'"
                         f"{suggest_known(key.strip(), ws.index.all_ids, 'competencies')}",
                         ws.rel(ws.model_path))
    return canonical


@dataclass(frozen=True)
class Added:
    name: str
    level_name: str
    path: Path


def add_person(ws: Workspace, handle: str, name: str, level: str,
               since: dt.date | None = None, background: str | None = None) -> Added:
    """Create ``team/HANDLE.yaml``; an existing file is never overwritten."""
    from pmkit.model.schema import BACKGROUNDS

    validate_handle(handle)
    if background is not None and background not in BACKGROUNDS:
        raise InputError(f"--background: unknown background '{background}'"
                         f"{suggest_known(background, BACKGROUNDS, 'backgrounds')}")
    name = name.strip()
    if not name:
        raise InputError("--name must not be empty")
    refuse_control_characters(name, "--name")
    index = ws.index
    if level not in index.level_ids:
        raise InputError(f"unknown level '{level}'{suggest_known(level, index.level_ids, 'levels')}",
                         ws.rel(ws.model_path))
    with ws.transaction(f"add({handle}): {name}, {level}") as tx:
        path = ws.person_path(handle)
        if path.exists() or path.is_symlink():
            raise InputError("already exists; edit it, or pick another handle", ws.rel(path))
        tx.write(path, new_person_text(name, level, since, background).encode("utf-8"), must_be_new=True)
    ws.finish()
    return Added(name, index.level_name(level), path)


@dataclass(frozen=True)
class Recorded:
    who: str  # "assessment" or "self-assessment"
    date: dt.date
    changed: int


def check_ratings(ws: Workspace, ratings: Mapping[str, str | int], option: str = "--set") -> dict[str, int]:
    """Ratings under today's ids, each a whole number on the model's scale."""
    index = ws.index
    out: dict[str, int] = {}
    for key, value in ratings.items():
        cid = resolve_competency(ws, key, option)
        if cid in out:
            raise InputError(f"{option} gives {cid} twice; give it once")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise InputError(f"{option} {cid}: rating must be a whole number on the scale "
                             f"{index.scale_text}, got {value!r}") from None
        if not index.low <= number <= index.high:
            raise InputError(f"{option} {cid}: rating {number} is outside the scale {index.scale_text}")
        out[cid] = number
    return out


def check_evidence(ws: Workspace, evidence: Mapping[str, str], option: str = "--evidence") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, text in evidence.items():
        cid = resolve_competency(ws, key, option)
        if cid in out:
            raise InputError(f"{option} gives {cid} twice; give it once")
        refuse_control_characters(text, f"{option} {cid}")
        out[cid] = text.strip()
    return out


def check_assessment_date(when: dt.date, current: Assessment | None, self_view: bool) -> None:
    """An assessment records what was seen: never dated ahead, never older than the one
    it would replace (the file holds the latest; older ones live in git history)."""
    latest = dt.date.today() + dt.timedelta(days=1)  # tomorrow: another time zone's today
    if when > latest:
        raise InputError(f"--date {when.isoformat()} is in the future; an assessment records what "
                         "you have already seen, so date it today or earlier")
    if current is not None and when < current.date:
        what = "self-assessment" if self_view else "assessment"
        raise InputError(
            f"--date {when.isoformat()} is older than the current {what} "
            f"({current.date.isoformat()}); the file keeps only the latest one, so recording "
            "this would replace newer ratings with older ones. Record it with today's date, "
            f"or with --date {current.date.isoformat()} or later")


def record_assessment(ws: Workspace, handle: str, ratings: Mapping[str, int],
                      evidence: Mapping[str, str], when: dt.date, *, self_view: bool = False) -> Recorded:
    """Write the manager's assessment (or the PM's own view) into the PM's file.

    Ratings not given keep their previous value; evidence needs a rating to support.
    ``ratings`` and ``evidence`` are keyed by today's ids (see :func:`check_ratings`).
    """
    index = ws.index
    key = "self_assessment" if self_view else "assessment"
    check_assessment_date(when, getattr(ws.person(handle), key), self_view)
    previous = canonical_ratings(getattr(ws.person(handle), key), index)
    for cid in evidence:
        if cid not in ratings and cid not in previous:
            raise InputError(f"--evidence {cid}: {cid} has no rating to support yet; "
                             f"rate it too with --set {cid}=N")
    who = "self-assessment" if self_view else "assessment"
    with ws.transaction(f"assess({handle}): {who}") as tx:
        loaded = ws.person_file(handle)
        doc = loaded.doc()
        changed = set_ratings(doc.data, key, ratings, evidence, when, index,
                              None if self_view else ws.model.version)
        data = doc.to_bytes()
        load_bytes(data, loaded.path, loaded.display, type(loaded.obj), None,
                   lambda person: ws.person_rules(person))
        noun = "rating" if changed == 1 else "ratings"
        tx.message = (f"assess({handle}): {'self-assessment, ' if self_view else ''}"
                      f"{changed} {noun} changed")
        tx.write(loaded.path, data, previous=loaded.raw)
    ws.finish()
    return Recorded(who, when, changed)


def queue_note(ws: Workspace, handle: str, text: str) -> int:
    """Queue a talking point for the next 1:1; returns how many are queued."""
    validate_handle(handle)
    if not text.strip():
        raise InputError("the talking point is empty")
    refuse_control_characters(text, "the talking point")
    with ws.transaction(f"note({handle}): queue a talking point") as tx:
        loaded = ws.person_file(handle)
        doc = loaded.doc()
        add_talking_point(doc.data, text.strip())
        tx.write(loaded.path, doc.to_bytes(), previous=loaded.raw)
    ws.finish()
    return len(doc.data.get("talking_points") or [])
