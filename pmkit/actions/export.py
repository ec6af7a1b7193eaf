"""``pmkit export`` and the upward report: the team's aggregate, as it leaves the team.

Both remember what they published in ``.pmkit/published.json`` (committed with the rest),
so a figure whose PMs changed for only one or two people since the last publication is
held back (see :func:`pmkit.org.aggregate.hold_back`). Inside the workspace the export is
written and committed like any other pmkit file. Outside it (normally the manager's clone
of the director's repository) it is written atomically and left for the manager to
commit and push there: that repository is not pmkit's.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.errors import InputError
from pmkit.org.aggregate import build_aggregate, close_residuals
from pmkit.org.published import contributors, hold_back

if TYPE_CHECKING:
    from pmkit.workspace import Transaction, Workspace

PUBLISHED = ".pmkit/published.json"


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


def _read_published(ws: Workspace) -> tuple[dict[str, Any] | None, bytes | None]:
    path = ws.root / PUBLISHED
    try:
        raw = path.read_bytes()
    except OSError:
        return None, None
    try:
        data = json.loads(raw)
    except ValueError:
        raise InputError("is not valid JSON; restore it from git (it remembers what left the "
                         "team, so figures are not given away by comparing reports)", PUBLISHED) from None
    return (data if isinstance(data, dict) else None), raw


def _remember(ws: Workspace, tx: Transaction, state: dict[str, Any], raw: bytes | None) -> None:
    text = json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    tx.write(ws.root / PUBLISHED, text.encode("utf-8"), previous=raw)


def published_aggregate(ws: Workspace, team: str | None = None, today: dt.date | None = None,
                        tx: Transaction | None = None) -> tuple[dict[str, Any], Any]:
    """The aggregate as it may leave the team now; remembers it in ``tx`` when given."""
    from pmkit.team import team_view

    report, progress = team_view(ws, today)
    agg = build_aggregate(report, ws.index, progress, team=team)
    previous, raw = _read_published(ws)
    agg, state, held = hold_back(agg, contributors(report, ws.index, progress), previous)
    if held and agg["reportable"]:  # a held-back figure must not come back by subtraction
        close_residuals(agg, ws.index, [p for p in report.people if p.assessed])
    if tx is not None and state != previous:
        _remember(ws, tx, state, raw)
    return agg, (report, progress)


@dataclass(frozen=True)
class Published:
    text: str
    next_step: list[tuple[str, str]]  # (id, name) of the top gaps no community covers yet


def publish_team_report(ws: Workspace, ask: str | None = None) -> Published:
    """The upward Markdown report; what it published is remembered and committed."""
    from pmkit.documents.upward_report import render_with_context

    with ws.transaction("team: record what the upward report published") as tx:
        agg, (report, progress) = published_aggregate(ws, tx=tx)
        text, context = render_with_context(ws, report, progress, ask=ask, agg=agg)
    ws.finish()
    return Published(text, [(g["id"], g["name"]) for g in context.get("next_step") or []])


def write_export(ws: Workspace, output: str | None, team: str | None = None,
                 fmt: str | None = None, today: dt.date | None = None) -> Exported:
    """Build the export and write it to ``output`` when given (YAML for .yaml/.yml, else JSON)."""
    if team is not None and (not team.strip() or any(ord(c) < 32 for c in team)):
        raise InputError("--team must be a short name without control characters")
    path = Path(output).expanduser() if output else None
    if path is not None and path.is_dir():
        raise InputError("is a folder; give the export's file name, such as exports/dana.json", str(path))
    if path is not None and not path.parent.is_dir():
        raise InputError("the folder does not exist", str(path.parent))
    as_yaml = fmt == "yaml" or (fmt is None and path is not None and path.suffix in {".yaml", ".yml"})
    inside = path is not None and path.resolve().is_relative_to(ws.root.resolve())
    with ws.transaction("export: the team's aggregate") as tx:
        data, _ = published_aggregate(ws, team.strip() if team else None, today, tx)
        text = export_text(data, as_yaml)
        if path is not None and inside:
            previous = path.read_bytes() if path.is_file() else None
            tx.write(path, text.encode("utf-8"), previous=previous)
        tx.message = f"export: team aggregate of {data['generated_on']}"
    if path is not None and not inside:
        from pmkit.files.atomic import write_file

        try:
            write_file(path, text.encode("utf-8"))
        except OSError as exc:
            raise InputError(f"cannot write the file: {exc.strerror or exc}", str(path)) from None
    ws.finish()
    return Exported(data, text, path, inside)
