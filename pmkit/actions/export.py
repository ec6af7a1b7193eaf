"""``pmkit export``: the team's aggregate, written where the director's repository wants it.

Inside the workspace the file is written and committed like any other pmkit file. Outside
it (normally the manager's clone of the director's repository) it is written atomically
and left for the manager to commit and push there: that repository is not pmkit's.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.errors import InputError
from pmkit.org.aggregate import build_aggregate

if TYPE_CHECKING:
    from pmkit.workspace import Workspace


@dataclass(frozen=True)
class Exported:
    data: dict[str, Any]
    text: str
    path: Path | None
    inside: bool


def export_text(data: dict[str, Any], as_yaml: bool) -> str:
    if as_yaml:
        from pmkit.files.yamldoc import dump_text

        return dump_text(data)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def build_export(ws: Workspace, team: str | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """The aggregate of the workspace under the three-person rule: no names, no evidence, no notes."""
    from pmkit.team import team_view

    report, progress = team_view(ws, today)
    return build_aggregate(report, ws.index, progress, team=team)


def write_export(ws: Workspace, output: str | None, team: str | None = None,
                 fmt: str | None = None, today: dt.date | None = None) -> Exported:
    """Build the export; write it to ``output`` when given (YAML for .yaml/.yml, else JSON)."""
    if team is not None and (not team.strip() or any(ord(c) < 32 for c in team)):
        raise InputError("--team must be a short name without control characters")
    data = build_export(ws, team.strip() if team else None, today)
    path = Path(output).expanduser() if output else None
    as_yaml = fmt == "yaml" or (fmt is None and path is not None and path.suffix in {".yaml", ".yml"})
    text = export_text(data, as_yaml)
    if path is None:
        ws.finish()
        return Exported(data, text, None, False)
    if path.is_dir():
        raise InputError("is a folder; give the export's file name, such as exports/dana.json", str(path))
    inside = path.resolve().is_relative_to(ws.root.resolve())
    if inside:
        with ws.transaction(f"export: team aggregate for {data['generated_on']}") as tx:
            previous = path.read_bytes() if path.is_file() else None
            tx.write(path, text.encode("utf-8"), previous=previous)
    else:
        from pmkit.files.atomic import write_file

        if not path.parent.is_dir():
            raise InputError("the folder does not exist", str(path.parent))
        try:
            write_file(path, text.encode("utf-8"))
        except OSError as exc:
            raise InputError(f"cannot write the file: {exc.strerror or exc}", str(path)) from None
    ws.finish()
    return Exported(data, text, path, inside)
