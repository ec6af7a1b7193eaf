"""Edits to a person file that keep every comment and the manager's key order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pmkit.files.yamldoc import dump_text, replace_value
from pmkit.model.editor_schemas import schema_comment

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex

def new_person_text(name: str, level: str, since: dt.date | None = None,
                    background: str | None = None) -> str:

    body: dict[str, Any] = {"name": name, "level": level}
    if since is not None:
        body["since"] = since
    if background is not None:
        body["background"] = background
    return schema_comment("person", depth=1) + dump_text(body)


def set_ratings(data: Any, key: str, ratings: Mapping[str, int], evidence: Mapping[str, str],
                date: dt.date, index: ModelIndex, model_version: int | None) -> int:
    """Record ratings in ``data[key]`` in place; returns how many ratings changed.

    Ratings not given keep their previous value (an assessment carries forward). A
    rating kept under an alias is updated under that alias, so the file's wording stays.
    Evidence is replaced when given; when a rating changes without new evidence, the
    old evidence (which described the old rating) is dropped.
    """
    from ruamel.yaml.comments import CommentedMap


    section = data.get(key)
    if not isinstance(section, dict):
        section = CommentedMap()
        data[key] = section
    if "date" in section:
        section["date"] = date
    else:  # new keys go first: appended, they would land after the file's closing comments
        section.insert(0, "date", date)
    if model_version is not None and ("model_version" in section or key == "assessment"):
        if "model_version" in section:
            section["model_version"] = model_version
        else:
            section.insert(list(section).index("date") + 1, "model_version", model_version)
    existing = section.get("ratings")
    if not isinstance(existing, dict):
        existing = CommentedMap()
        section["ratings"] = existing
    by_canonical = {index.resolve(str(k)): k for k in existing}
    changed = 0
    for cid in dict.fromkeys([*ratings, *evidence]):
        file_key = by_canonical.get(cid, cid)
        old = existing.get(file_key)
        old_rating = old.get("rating") if isinstance(old, dict) else old
        new_rating = ratings.get(cid, old_rating)
        if new_rating is None:
            continue
        note = evidence.get(cid)
        if note is None and isinstance(old, dict) and old_rating == new_rating:
            note = old.get("evidence")
        if note:
            value: Any = CommentedMap([("rating", new_rating), ("evidence", note)])
            value.fa.set_flow_style()
        else:
            value = new_rating
        if old != value:
            if old_rating != new_rating:
                changed += 1
            if isinstance(old, dict) and isinstance(value, dict):
                for field in ("rating", "evidence"):  # in place: the comments stay put
                    old[field] = value[field]
            else:
                replace_value(existing, file_key, value)
    return changed


def add_talking_point(data: Any, text: str) -> None:
    from ruamel.yaml.comments import CommentedSeq

    points = data.get("talking_points")
    if not isinstance(points, list):
        points = CommentedSeq()
        data["talking_points"] = points
    points.append(text)


def clear_talking_points(data: Any) -> list[str]:
    """Empty the queue and return what was in it."""
    points = data.get("talking_points")
    if not isinstance(points, list) or not points:
        return []
    taken = [str(p) for p in points]
    del points[:]
    return taken


# --- the coaching cycle: plan.started, plan.milestones, plan.evidence ------------------


def plan_section(data: Any) -> Any:
    """The person file's ``plan:`` mapping, created when missing."""
    from ruamel.yaml.comments import CommentedMap

    section = data.get("plan")
    if not isinstance(section, dict):
        section = CommentedMap()
        data["plan"] = section
    return section


def _keyed_list(section: Any, key: str, cid: str) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    by_id = section.get(key)
    if not isinstance(by_id, dict):
        by_id = CommentedMap()
        section[key] = by_id
    entries = by_id.get(cid)
    if not isinstance(entries, list):
        entries = CommentedSeq()
        by_id[cid] = entries
    return entries


def set_started(section: Any, date: dt.date) -> None:
    section["started"] = _own(date)


def set_milestones(section: Any, cid: str, milestones: Sequence[tuple[dt.date, str]]) -> None:
    """Replace one focus area's milestones (new ones proposed, or a new plan cycle)."""
    from ruamel.yaml.comments import CommentedMap

    entries = _keyed_list(section, "milestones", cid)
    del entries[:]
    for date, text in milestones:
        entries.append(CommentedMap([("date", _own(date)), ("text", text)]))


def mark_reached(section: Any, cid: str, date: dt.date) -> str | None:
    """Mark the open milestone of ``cid`` with the earliest date reached; returns its text,
    or None. A milestone re-dated past the next one is not the next one any more."""
    entries = (section.get("milestones") or {}).get(cid) or []
    open_ = [e for e in entries if isinstance(e, dict) and e.get("reached") is None]
    if not open_:
        return None
    entry = min(open_, key=_date)
    entry["reached"] = _own(date)
    return str(entry.get("text", ""))


def add_evidence(section: Any, cid: str, date: dt.date, text: str, *, source: str = "log",
                 private: bool = False) -> None:
    """Append an evidence line, kept in date order."""
    from ruamel.yaml.comments import CommentedMap

    entries = _keyed_list(section, "evidence", cid)
    entry = CommentedMap([("date", _own(date)), ("text", text)])
    if source != "log":
        entry["source"] = source
    if private:
        entry["private"] = True
    at = len(entries)
    while at > 0 and isinstance(entries[at - 1], dict) and _date(entries[at - 1]) > date:
        at -= 1
    entries.insert(at, entry)


def _own(date: dt.date) -> dt.date:
    """A fresh date object: YAML would write one object used twice as an anchor and alias."""
    return dt.date(date.year, date.month, date.day)


def _date(entry: Mapping[str, Any]) -> dt.date:
    value = entry.get("date")
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return dt.date.min


def sync_notes_evidence(section: Any, date: dt.date, found: Mapping[str, Sequence[str]]) -> bool:
    """Keep the evidence read from one 1:1 file's notes in step with what the notes say now.

    Entries with ``source: notes`` and that date are replaced; entries the manager logged
    by hand are never touched. Returns whether anything changed.
    """
    changed = False
    by_id = section.get("evidence") if isinstance(section.get("evidence"), dict) else {}
    for cid in sorted(set(by_id) | set(found)):
        listed = by_id.get(cid)
        entries: list[Any] = listed if isinstance(listed, list) else []
        old = [str(e.get("text")) for e in entries
               if isinstance(e, dict) and e.get("source") == "notes" and _date(e) == date]
        new = list(found.get(cid, []))
        if old == new:
            continue
        changed = True
        if entries:
            entries[:] = [e for e in entries if not (isinstance(e, dict)
                          and e.get("source") == "notes" and _date(e) == date)]
        for text in new:
            add_evidence(section, cid, date, text, source="notes")
        evidence = section.get("evidence")
        if isinstance(evidence, dict) and not evidence.get(cid):
            del evidence[cid]
    return changed
