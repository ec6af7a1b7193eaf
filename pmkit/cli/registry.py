"""Extra checks that ``pmkit check`` runs beyond the YAML files (templates, schemas)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.workspace import Workspace

Check = Callable[["Workspace"], list[str]]


def check_templates(ws: Workspace) -> list[str]:
    """Every template in the workspace's templates/ compiles: ``templates/x.j2:LINE: message``.

    When they all compile and the team has a PM, the plan and the agenda are also rendered
    for the first PM (nothing is written), which catches misspelt variables too.
    """
    import datetime as dt

    from pmkit.documents.oneonone import build_agenda
    from pmkit.documents.plan import render_plan
    from pmkit.documents.render import WORKSPACE_TEMPLATES, Renderer
    from pmkit.errors import InputError

    renderer = Renderer(ws.root, None)
    problems = renderer.compile_all()
    if problems or renderer.local_dir is None or not any(renderer.local_dir.rglob("*.j2")):
        return problems
    for handle in ws.handles()[:1]:
        for render in (lambda h: render_plan(ws, h),
                       lambda h: build_agenda(ws, h, dt.date.today())):
            try:
                render(handle)
            except InputError as exc:
                if (exc.path or "").startswith(f"{WORKSPACE_TEMPLATES}/"):
                    problems.append(f"{exc} (when rendering for {handle})")
    return problems


def check_notes(ws: Workspace) -> list[str]:
    """Every 1:1 file can be read: UTF-8, not too large, no merge-conflict markers."""
    from pmkit.documents.oneonone import notes_problems

    return notes_problems(ws)


def extra_checks() -> list[Check]:
    checks: list[Check] = [check_templates, check_notes]
    return checks
