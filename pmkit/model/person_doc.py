"""Edits to a person file that keep every comment and the manager's key order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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
