"""``pmkit check``: every problem in the workspace, not just the first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.documents.conversation import build_conversation
from pmkit.documents.forms import form_context, render_form
from pmkit.documents.oneonone import build_agenda, notes_problems
from pmkit.documents.plan import render_plan
from pmkit.documents.render import WORKSPACE_TEMPLATES, Renderer
from pmkit.documents.review import build_review
from pmkit.errors import InputError
from pmkit.files.plain import to_plain
from pmkit.files.reading import read_input
from pmkit.files.yamldoc import parse_bytes
from pmkit.loading import collect_problems, to_error
from pmkit.model.editor_schemas import schema_files
from pmkit.model.index import ModelIndex
from pmkit.model.rules import model_problems, person_problems
from pmkit.model.schema import CompetencyModel, Person, Settings
from pmkit.workspace import SETTINGS_FILE, Workspace

if TYPE_CHECKING:
    from pmkit.model.rules import Problem


@dataclass
class CheckReport:
    problems: list[str]
    files_checked: int
    refreshed: list[Path]


def _check_file(path: Path, display: str, cls: type[Any],
                rules: Callable[[Any], Iterable[Problem]] | None) -> tuple[list[str], Any]:
    try:
        raw = read_input(path, display)
        doc = parse_bytes(raw, display, path)
    except InputError as exc:
        return [str(exc)], None

    result = collect_problems(cls, to_plain(doc.data), rules)
    if isinstance(result, list):
        return [str(to_error(p, display, doc)) for p in result], None
    return [], result


def check_templates(ws: Workspace) -> list[str]:
    """Every template in the workspace's templates/ compiles: ``templates/x.j2:LINE: message``.

    When they all compile and the team has a PM, every document is also rendered for the
    first PM (nothing is written), which catches misspelt variables too.
    """
    renderer = Renderer(ws.root, None)
    problems = renderer.compile_all()
    if problems or renderer.local_dir is None or not any(renderer.local_dir.rglob("*.j2")):
        return problems
    today = dt.date.today()
    for handle in ws.handles()[:1]:
        for render in (lambda h: render_plan(ws, h, allow_stale=True),
                       lambda h: build_agenda(ws, h, today),
                       lambda h: _render_forms(ws, h, today),
                       lambda h: build_conversation(ws, h, today),
                       lambda h: build_review(ws, h, today),
                       lambda h: _render_views(ws, h)):
            try:
                render(handle)
            except InputError as exc:
                if (exc.path or "").startswith(f"{WORKSPACE_TEMPLATES}/"):
                    problems.append(f"{exc} (when rendering for {handle})")
    problems += _check_drawn(ws, renderer.local_dir)
    return problems


def _check_drawn(ws: Workspace, local: Path) -> list[str]:
    """The handbook and the team report, rendered only when the workspace overrides them."""
    problems: list[str] = []
    if any((local / n).is_file() for n in ("handbook.md.j2", "handbook.html.j2")):
        from pmkit.documents.handbook import render_handbook

        try:
            render_handbook(ws, "html")
        except InputError as exc:
            if (exc.path or "").startswith(f"{WORKSPACE_TEMPLATES}/"):
                problems.append(f"{exc} (when rendering the handbook)")
    if (local / "report.html.j2").is_file():
        from pmkit.documents.team_report import render_report

        try:
            render_report(ws)
        except InputError as exc:
            if (exc.path or "").startswith(f"{WORKSPACE_TEMPLATES}/"):
                problems.append(f"{exc} (when rendering the team report)")
    return problems


def _render_forms(ws: Workspace, handle: str, today: dt.date) -> None:
    """The self-review form and a peer form, rendered and dropped."""
    renderer = Renderer(ws.root, ws.store)
    for reviewer, role in ((None, None), ("Sam Example", "tech lead")):
        render_form(renderer, form_context(ws.index, handle=handle, person_name=ws.person(handle).name,
                                           kind="peer" if reviewer else "self", reviewer=reviewer,
                                           role=role, today=today))


def _render_views(ws: Workspace, handle: str) -> None:
    """The gaps and team Markdown views, rendered and thrown away (nothing is recorded)."""
    from pmkit.documents.gaps_doc import render_gaps
    from pmkit.documents.upward_report import render_team_report
    from pmkit.model.gaps import compute_gaps
    from pmkit.team import build_team_report

    render_gaps(ws, compute_gaps(handle, ws.person(handle), ws.index, today=dt.date.today()))
    report = build_team_report(ws, with_history=False)
    render_team_report(ws, report)
    render_team_report(ws, report, detailed=True)


def check_notes(ws: Workspace) -> list[str]:
    """Every 1:1 file can be read: UTF-8, not too large, no merge-conflict markers."""
    return notes_problems(ws)


def check_dates(ws: Workspace, today: dt.date | None = None) -> list[str]:
    """Assessments dated after tomorrow: a typo (2062 for 2026) that would sort first forever."""
    from pmkit.files.yamldoc import key_line

    latest = (today or dt.date.today()) + dt.timedelta(days=1)
    problems: list[str] = []
    for handle in ws.handles():
        try:
            loaded = ws.person_file(handle)
        except InputError:
            continue  # reported with the file's other problems
        for key in ("assessment", "self_assessment"):
            given = getattr(loaded.obj, key)
            if given is not None and given.date > latest:
                line = key_line(loaded.doc().data, [key, "date"])
                where = f"{loaded.display}:{line}" if line else loaded.display
                problems.append(f"{where}: the {key.replace('_', '-')} is dated "
                                f"{given.date.isoformat()}, in the future; give the date "
                                "it was made")
    return problems


def check_communities(ws: Workspace) -> list[str]:
    """Every ``communities/<id>.yaml``: its shape, and ids the model knows."""
    from pmkit.communities import community_ids, community_rules
    from pmkit.model.schema import Community

    ids = community_ids(ws)
    if not ids:
        return []
    try:
        rules = community_rules(ws.index)
    except InputError:
        rules = None  # the model's own problems are reported already
    problems: list[str] = []
    for cid in ids:
        path = ws.root / "communities" / f"{cid}.yaml"
        found, _ = _check_file(path, ws.rel(path), Community, rules)
        problems += found
    return problems


Check = Callable[[Workspace], list[str]]
#: What ``check`` looks at beyond the YAML files.
EXTRA_CHECKS: tuple[Check, ...] = (check_templates, check_notes, check_dates, check_communities)


def check_workspace(ws: Workspace, extra_checks: Iterable[Check] = EXTRA_CHECKS) -> CheckReport:

    problems, settings = _check_file(ws.root / SETTINGS_FILE, SETTINGS_FILE, Settings, None)
    checked = 1
    index = None
    default_model = ws.root / "model.yaml"
    model_path: Path | None = default_model
    try:
        if settings is not None:
            model_path = ws.model_path  # exists, is a file, stays inside the workspace
        else:
            ws.refuse_outside(default_model)
    except InputError as exc:
        problems.append(str(exc))
        model_path = None
    model = None
    if model_path is not None:
        found, model = _check_file(model_path, ws.rel(model_path), CompetencyModel,
                                   model_problems)
        problems += found
        checked += 1
    if model is not None:
        index = ModelIndex(model)
    for handle in ws.handles():
        path = ws.team_dir / f"{handle}.yaml"
        try:
            ws.person_path(handle)
        except InputError as exc:
            problems.append(str(exc))
            continue
        rules = (lambda person, ix=index: person_problems(person, ix)) if index else None
        found, _ = _check_file(path, ws.rel(path), Person, rules)
        problems += found
        checked += 1
    if ws.team_dir.is_dir():
        for path in sorted(ws.team_dir.iterdir()):
            if path.suffix in {".yaml", ".yml"} and path.stem not in ws.handles():
                problems.append(f"{ws.rel(path)}: file name is not a valid handle (or not .yaml); "
                                "rename it to <handle>.yaml, e.g. team/alice.yaml")
    for extra in extra_checks:
        problems += extra(ws)
    return CheckReport(problems, checked, [])


def stale_schemas(ws: Workspace) -> list[tuple[Path, bytes]]:
    """The editor schemas under ``.pmkit/schemas`` that are missing or out of date."""
    stale = []
    try:
        model = ws.model
    except InputError:
        model = None
    for path, data in schema_files(ws.root, model):
        try:
            current = path.read_bytes()
        except OSError:
            current = None
        if current != data:
            stale.append((path, data))
    return stale


def in_git_hook() -> bool:
    """True inside a git hook (or pre-commit), where pmkit must not write or commit."""
    import os

    return bool(os.environ.get("PRE_COMMIT") or os.environ.get("GIT_INDEX_FILE"))


def refresh_schemas(ws: Workspace, problems: Iterable[str] = ()) -> tuple[list[Path], str | None]:
    """Rewrite missing or outdated editor schemas and commit them.

    Returns the files written and, when they were left alone, why. Nothing is written
    while the workspace has problems (a check that finds problems changes nothing) or
    inside a git hook (a hook that edits files fails the user's commit).
    """
    if list(problems):
        return [], None
    stale = stale_schemas(ws)
    if not stale:
        return [], None
    names = ", ".join(ws.rel(path) for path, _ in stale)
    if in_git_hook():
        return [], (f"note: the editor schemas are out of date ({names}); run `pmkit check` "
                    "outside a commit to refresh them")
    try:
        ws.settings  # noqa: B018  (the commit decision needs valid settings)
    except InputError:
        return [], None
    with ws.transaction("check: refresh the editor schemas in .pmkit/schemas") as tx:
        for path, data in stale:
            ws.refuse_outside(path)
            previous = path.read_bytes() if path.is_file() else None
            tx.write(path, data, previous=previous)
    return [path for path, _ in stale], None
