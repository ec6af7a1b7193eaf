"""The JSON Schemas that let YAML-aware editors validate and complete pmkit's files.

The schemas written into a workspace know its model: a PM's ``level`` must be one of
its level ids, a rating must be on its scale and under one of its competency ids (or an
alias), so the editor flags ``level: principal``, a 9 or a misspelt id as you type, and
offers the right values. ``pmkit check`` rewrites them when the model changes. Every
field has a description, and no schema carries pmkit's internal class names, which an
editor would otherwise show in its messages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.model.schema import KINDS
from pmkit.model.validator import json_schema

if TYPE_CHECKING:
    from pmkit.model.schema import CompetencyModel

SCHEMA_DIR = ".pmkit/schemas"

#: Descriptions for the fields whose model gives none: (definition, field) or ("", field).
DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("", "id"): "A short id: lowercase letters, digits and hyphens (for example customer-insight).",
    ("", "name"): "The name people read.",
    ("", "description"): "One or two sentences a non-product person can follow.",
    ("", "source"): "Where the model comes from, credited in documents.",
    ("", "areas"): "The groups of competencies, in the order documents show them.",
    ("Area", "competencies"): "The competencies of this area, in order.",
    ("BackgroundGuide", "name"): "The background, as you would say it (for example Business analyst).",
    ("Resource", "by"): "The author or speaker.",
    ("Resource", "kind"): "book, article, guide, website, talk, course, podcast, tool or video.",
    ("Resource", "title"): "The title as published.",
    ("Resource", "url"): "Where to find it.",
    ("Resource", "year"): "The year it was published.",
    ("Assessment", "date"): "The day of the assessment (YYYY-MM-DD); not in the future.",
    ("Assessment", "model_version"): "The model version the ratings used (pmkit writes it).",
    ("Assessment", "notes"): "Anything about the assessment as a whole.",
    ("RatingDetail", "rating"): "The rating, on the model's scale.",
    ("", "assessment"): "Your latest assessment; older ones live in git history.",
    ("", "self_assessment"): "The PM's own view, in the same shape.",
    ("", "level"): "The PM's career level: a level id of the model.",
    ("", "plan"): "Your decisions for the coaching plan; pmkit proposes when absent.",
    ("", "role"): "The PM's role or team, as you would describe it.",
    ("", "since"): "In the role since (YYYY-MM-DD).",
}


def schema_comment(kind: str, depth: int = 0) -> str:
    """The first line of a file pmkit writes, naming its schema for the editor."""
    prefix = "../" * depth
    return f"# yaml-language-server: $schema={prefix}{SCHEMA_DIR}/{kind}.schema.json\n"


def _tidy(node: Any, definition: str = "") -> Any:
    """Drop titles (class names) and give every property a description."""
    if isinstance(node, list):
        return [_tidy(item, definition) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "title" and isinstance(value, str):
            continue
        if key == "$defs" and isinstance(value, dict):
            out[key] = {name: _tidy(body, name) for name, body in value.items()}
        elif key == "properties" and isinstance(value, dict):
            props = {}
            for field, body in value.items():
                body = _tidy(body, definition)
                if isinstance(body, dict) and "description" not in body:
                    text = DESCRIPTIONS.get((definition, field)) or DESCRIPTIONS.get(("", field))
                    body["description"] = text or field.replace("_", " ").capitalize() + "."
                props[field] = body
            out[key] = props
        else:
            out[key] = _tidy(value, definition)
    return out


def _with_model(schema: dict[str, Any], model: CompetencyModel) -> dict[str, Any]:
    """A person schema that knows the workspace's levels, competencies and scale."""
    low, high = min(model.scale), max(model.scale)
    scale = ", ".join(f"{value} {label}" for value, label in sorted(model.scale.items()))
    ids: list[str] = []
    for area in model.areas:
        for comp in area.competencies:
            ids.append(comp.id)
            ids.extend(getattr(comp, "aliases", None) or [])
    rating = {"type": "integer", "minimum": low, "maximum": high,
              "description": f"A rating on the scale {low}-{high}: {scale}."}
    level = schema["properties"].get("level", {})
    level["enum"] = [lvl.id for lvl in model.levels]
    level["description"] = "The PM's career level: " + ", ".join(
        f"{lvl.id} ({lvl.name})" for lvl in model.levels) + "."
    defs = schema.get("$defs", {})
    detail = defs.get("RatingDetail", {}).get("properties", {})
    if "rating" in detail:
        detail["rating"] = {**rating, "description": rating["description"]}
    ratings = defs.get("Assessment", {}).get("properties", {}).get("ratings")
    if isinstance(ratings, dict):
        ratings["propertyNames"] = {"enum": ids, "description": "A competency id of the model."}
        ratings["additionalProperties"] = {"anyOf": [rating, {"$ref": "#/$defs/RatingDetail"}]}
    plan = defs.get("PlanDecisions", {}).get("properties", {})
    if isinstance(plan.get("focus"), dict):
        plan["focus"]["items"] = {"enum": ids, "description": "A competency id of the model."}
    if isinstance(plan.get("goals"), dict):
        plan["goals"]["propertyNames"] = {"enum": ids}
    return schema


def editor_schema(kind: str, model: CompetencyModel | None = None) -> dict[str, Any]:
    """The schema of one file kind, for editors; the person schema knows ``model``."""
    schema = _tidy(json_schema(KINDS[kind]))
    if kind == "person" and model is not None:
        schema = _with_model(schema, model)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_files(root: Path, model: CompetencyModel | None = None) -> list[tuple[Path, bytes]]:
    """The schema files of a workspace (kept current by ``check``)."""
    out = []
    for kind in KINDS:
        text = json.dumps(editor_schema(kind, model), indent=2, ensure_ascii=False) + "\n"
        out.append((root / SCHEMA_DIR / f"{kind}.schema.json", text.encode("utf-8")))
    return out
