"""Commands for the workspace, the model and assessments."""


import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from pmkit.cli.app import app, state
from pmkit.cli.output import echo, print_json, warn_line

if TYPE_CHECKING:
    from pmkit.model.gaps import GapReport
    from pmkit.workspace import Workspace


class Format(StrEnum):
    table = "table"
    json = "json"
    md = "md"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


class SchemaKind(StrEnum):
    model = "model"
    person = "person"
    settings = "settings"


def parse_date(value: str | None, option: str = "--date") -> dt.date:
    """A date typed on the command line: YYYY-MM-DD, within 1900-2199.

    The range keeps date arithmetic (next 1:1, plan milestones) away from the limits
    of Python's dates, and catches a typo such as 9026 for 2026.
    """
    from pmkit.errors import InputError

    if value is None:
        return dt.date.today()
    try:
        parsed = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{option} expects a date as YYYY-MM-DD, got {value!r}") from None
    if not 1900 <= parsed.year <= 2199:
        raise InputError(f"{option} {value} is out of range: give a date between 1900 and 2199")
    return parsed


def refuse_control_characters(text: str, what: str) -> None:
    """Text typed on the command line goes into files and documents: no escape codes."""
    from pmkit.errors import InputError
    from pmkit.files.reading import control_character

    found = control_character(text)
    if found:
        raise InputError(f"{what} holds a control character ({found}); remove it")


@app.command()
def init(
    ctx: typer.Context,
    directory: Path = typer.Argument(Path(), help="Folder to create the workspace in."),
    model: str | None = typer.Option(None, "--model", "-m", metavar="ID|PATH",
                                     help="A shipped model id (see `pmkit models`) or a model file. "
                                     "[default: pm-wheel]"),
    manager: str | None = typer.Option(None, "--manager", help="Your name, shown in documents."),
) -> None:
    """Create a workspace: settings, a competency model, git, and a first commit."""
    from pmkit.actions.create import create_workspace
    from pmkit.git.repo import GitRepo, find_git_dir, init_repo
    from pmkit.git.runner import git_executable

    target = directory.expanduser().resolve()
    files = create_workspace(target, model, manager)
    echo(f"Created a pmkit workspace in {target}")
    if state(ctx).no_commit:
        return
    if git_executable() is None:
        warn_line("note: git is not installed, so pmkit keeps no history for this workspace")
        return
    found = find_git_dir(target)
    repo = GitRepo(*found) if found else init_repo(target)
    if repo is None:
        return
    result = repo.commit(files, f"init: pmkit workspace with model {model or 'pm-wheel'}")
    if not result.committed and result.reason:
        warn_line(f"warning: the workspace is written but not committed: {result.reason}")
    echo("Next: pmkit add HANDLE --name NAME --level LEVEL, then pmkit assess HANDLE")


@app.command()
def models(fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f")) -> None:
    """List the shipped competency models."""
    from pmkit.loading import load_file
    from pmkit.model.schema import CompetencyModel
    from pmkit.shipped import shipped_models

    rows: list[dict[str, Any]] = []
    for model_id, path in shipped_models().items():
        model = load_file(path, path.name, CompetencyModel).obj
        rows.append({
            "id": model_id, "name": model.name, "version": model.version,
            "areas": len(model.areas),
            "competencies": sum(len(a.competencies) for a in model.areas),
            "levels": [level.id for level in model.levels],
            "scale": f"{min(model.scale)}-{max(model.scale)}", "source": model.source,
        })
    if fmt is ListFormat.json:
        print_json({"models": rows})
        return
    from rich.table import Table

    from pmkit.cli.output import console, table_box

    table = Table(box=table_box(), title="Shipped competency models")
    table.add_column("id", no_wrap=True)
    for column in ("name", "competencies", "levels", "scale"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["id"], row["name"], f"{row['competencies']} in {row['areas']} areas",
                      ", ".join(row["levels"]), row["scale"])
    out = console()
    out.print(table)
    out.print("Start a workspace with one: pmkit init --model ID")


@app.command()
def add(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="Short id for the PM, e.g. alice (used in file names)."),
    name: str = typer.Option(..., "--name", help="The PM's full name."),
    level: str = typer.Option(..., "--level", help="A level id of the model."),
    since: str | None = typer.Option(None, "--since", metavar="YYYY-MM-DD",
                                     help="In the role since."),
) -> None:
    """Add a PM to the team."""
    from pmkit.errors import InputError
    from pmkit.model.handles import validate_handle
    from pmkit.model.person_doc import new_person_text
    from pmkit.suggest import suggest_known

    validate_handle(handle)
    ws = state(ctx).workspace()
    if not name.strip():
        raise InputError("--name must not be empty")
    refuse_control_characters(name, "--name")
    index = ws.index
    if level not in index.level_ids:
        raise InputError(f"unknown level '{level}'{suggest_known(level, index.level_ids, 'levels')}",
                         ws.rel(ws.model_path))
    since_date = parse_date(since, "--since") if since else None
    with ws.transaction(f"add({handle}): {name.strip()}, {level}") as tx:
        path = ws.person_path(handle)
        if path.exists() or path.is_symlink():
            raise InputError("already exists; edit it, or pick another handle", ws.rel(path))
        tx.write(path, new_person_text(name.strip(), level, since_date).encode("utf-8"),
                 must_be_new=True)
    ws.finish()
    echo(f"Added {name.strip()} ({index.level_name(level)}) as {ws.rel(path)}")


def _parse_pairs(values: list[str], option: str, ws: "Workspace") -> dict[str, str]:
    from pmkit.errors import InputError
    from pmkit.suggest import suggest_known

    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(f"{option} expects ID=VALUE, got {item!r}")
        canonical = ws.index.resolve(key)
        if canonical is None:
            raise InputError(f"{option}: unknown competency '{key}'"
                             f"{suggest_known(key, ws.index.all_ids, 'competencies')}",
                             ws.rel(ws.model_path))
        refuse_control_characters(value, f"{option} {key}")
        if canonical in out:
            raise InputError(f"{option} gives {canonical} twice; give it once")
        out[canonical] = value.strip()
    return out


def _example_id(ctx: typer.Context) -> str:
    """A competency id of this workspace's model for an example, when one can be read."""
    from pmkit.errors import PmkitError

    try:
        return state(ctx).workspace().index.all_ids[0]
    except (PmkitError, IndexError):
        return "customer-insight"


@app.command()
def assess(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle."),
    set_: list[str] = typer.Option([], "--set", metavar="ID=N",
                                   help="Rate a competency without prompts; repeat as needed."),
    evidence: list[str] = typer.Option([], "--evidence", metavar="ID=TEXT",
                                       help="What you saw that supports the rating."),
    date: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                    help="Date of the assessment [default: today]."),
    self_: bool = typer.Option(False, "--self", help="Record the PM's self-assessment."),
) -> None:
    """Assess a PM against the model (interactive, or with --set)."""
    from pmkit.errors import InputError
    from pmkit.loading import load_bytes
    from pmkit.model.gaps import canonical_ratings
    from pmkit.model.handles import validate_handle
    from pmkit.model.person_doc import set_ratings
    from pmkit.model.rules import person_problems
    from pmkit.model.schema import Person

    validate_handle(handle)
    if not set_ and not sys.stdin.isatty():
        raise InputError("no terminal to ask the questions on; give ratings with --set ID=N "
                         f"(for example --set {_example_id(ctx)}=3)")
    ws = state(ctx).workspace()
    when = parse_date(date)
    index = ws.index
    ws.person_file(handle)  # fail early, before any prompt, on a bad file
    key = "self_assessment" if self_ else "assessment"
    notes = _parse_pairs(evidence, "--evidence", ws)
    if set_:
        ratings: dict[str, int] = {}
        for cid, value in _parse_pairs(set_, "--set", ws).items():
            try:
                number = int(value)
            except ValueError:
                raise InputError(f"--set {cid}: rating must be a whole number, got {value!r}") from None
            if not index.low <= number <= index.high:
                raise InputError(f"--set {cid}: rating {number} is outside the scale {index.scale_text}")
            ratings[cid] = number
    else:
        from pmkit.cli.prompting import ask_ratings

        ratings, asked_notes = ask_ratings(ws, handle, key)
        notes = {**asked_notes, **notes}
    previous = canonical_ratings(getattr(ws.person(handle), key), index)
    for cid in notes:
        if cid not in ratings and cid not in previous:
            raise InputError(f"--evidence {cid}: {cid} has no rating to support yet; "
                             f"rate it too with --set {cid}=N")
    who = "self-assessment" if self_ else "assessment"
    with ws.transaction(f"assess({handle}): {who}") as tx:
        loaded = ws.person_file(handle)
        doc = loaded.doc()
        changed = set_ratings(doc.data, key, ratings, notes, when, index,
                              None if self_ else ws.model.version)
        data = doc.to_bytes()
        load_bytes(data, loaded.path, loaded.display, Person, None,
                   lambda person: person_problems(person, index))
        noun = "rating" if changed == 1 else "ratings"
        tx.message = (f"assess({handle}): {'self-assessment, ' if self_ else ''}"
                      f"{changed} {noun} changed")
        tx.write(loaded.path, data, previous=loaded.raw)
    ws.finish()
    echo(f"Recorded the {who} of {handle} on {when.isoformat()}: {changed} "
         f"{'rating' if changed == 1 else 'ratings'} changed")


@app.command()
def gaps(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
) -> None:
    """Gaps, focus areas, strengths and self-vs-manager differences for one PM."""
    ws = state(ctx).workspace()
    report = gap_report(ws, handle)
    ws.finish()
    if fmt is Format.json:
        print_json(report.as_json())
    elif fmt is Format.md:
        from pmkit.cli.views.gaps_md import gaps_markdown

        echo(gaps_markdown(report, ws.index).rstrip("\n"))
    else:
        from pmkit.cli.views.gap_table import print_gap_table

        print_gap_table(report, ws.index)


def gap_report(ws: "Workspace", handle: str, focus: list[str] | None = None) -> "GapReport":
    from pmkit.model.gaps import compute_gaps

    person = ws.person(handle)
    settings = ws.settings
    return compute_gaps(handle, person, ws.index, today=dt.date.today(),
                        reassess_after_days=settings.reassess_after_days,
                        focus_count=settings.plan.focus, pinned_focus=focus)


@app.command("note")
def queue_note(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle."),
    text: str = typer.Argument(..., help="The talking point."),
) -> None:
    """Queue a talking point for the next 1:1."""
    from pmkit.errors import InputError
    from pmkit.model.handles import validate_handle
    from pmkit.model.person_doc import add_talking_point

    validate_handle(handle)
    if not text.strip():
        raise InputError("the talking point is empty")
    refuse_control_characters(text, "the talking point")
    ws = state(ctx).workspace()
    with ws.transaction(f"note({handle}): queue a talking point") as tx:
        loaded = ws.person_file(handle)
        doc = loaded.doc()
        add_talking_point(doc.data, text.strip())
        tx.write(loaded.path, doc.to_bytes(), previous=loaded.raw)
    ws.finish()
    queued = len(doc.data.get("talking_points") or [])
    echo(f"Queued for the next 1:1 with {handle} ({queued} queued)")


@app.command()
def check(ctx: typer.Context) -> None:
    """Validate the workspace: settings, model, every PM file and templates."""
    from pmkit.checking import check_workspace, refresh_schemas
    from pmkit.cli.registry import extra_checks

    ws = state(ctx).workspace()
    report = check_workspace(ws, extra_checks())
    refreshed, why_not = refresh_schemas(ws, report.problems)
    if why_not:
        warn_line(why_not)
    if refreshed:
        echo(f"Refreshed the editor schemas: {', '.join(ws.rel(p) for p in refreshed)}")
    for problem in report.problems:
        echo(problem)
    if report.problems:
        count = len(report.problems)
        echo(f"{count} problem{'s' if count != 1 else ''} found in {report.files_checked} files")
        raise typer.Exit(1)
    echo(f"All good: {report.files_checked} files checked")


@app.command()
def schema(kind: SchemaKind = typer.Argument(..., help="model, person or settings.")) -> None:
    """Print the JSON Schema of a file kind, for editors and validators."""
    from pmkit.model.schema import KINDS, json_schema

    print_json({"$schema": "https://json-schema.org/draft/2020-12/schema",
                **json_schema(KINDS[kind.value])})
