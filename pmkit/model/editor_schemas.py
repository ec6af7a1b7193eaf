"""The JSON Schemas that let YAML-aware editors validate and complete pmkit's files."""

from __future__ import annotations

import json
from pathlib import Path

from pmkit.model.schema import KINDS
from pmkit.model.validator import json_schema

SCHEMA_DIR = ".pmkit/schemas"


def schema_comment(kind: str, depth: int = 0) -> str:
    """The first line of a file pmkit writes, naming its schema for the editor."""
    prefix = "../" * depth
    return f"# yaml-language-server: $schema={prefix}{SCHEMA_DIR}/{kind}.schema.json\n"


def schema_files(root: Path) -> list[tuple[Path, bytes]]:
    """The schema files of a workspace (kept current by ``check``)."""
    out = []
    for kind, cls in KINDS.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  **json_schema(cls)}
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        out.append((root / SCHEMA_DIR / f"{kind}.schema.json", text.encode("utf-8")))
    return out
