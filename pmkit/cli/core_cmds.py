"""Commands for the workspace, the model and assessments."""


import contextlib
import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from pmkit.cli import completion as complete
from pmkit.cli.app import app, examples, state
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
    community = "community"


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


@app.command(epilog=examples(
    'pmkit init coaching --manager "Dana Lee"',
    'pmkit init --model svpg',
    'pmkit init team-ws --model ./our-model.yaml',
))
def init(
    ctx: typer.Context,
    directory: Path = typer.Argument(Path(), help="Folder to create the workspace in."),
    model: str | None = typer.Option(None, "--model", "-m", metavar="ID|PATH",
                                     help="A shipped model id (see `pmkit models`) or a model file. "
                                     "[default: pm-wheel]", autocompletion=complete.model_ids),
    manager: str | None = typer.Option(None, "--manager", help="Your name, shown in documents."),
) -> None:
    """Create a workspace: settings, a competency model, git, and a first commit."""
    from pmkit.actions.create import init_workspace

    target = directory.expanduser().resolve()
    result = init_workspace(target, model, manager, commit=not state(ctx).no_commit)
    echo(f"Created a pmkit workspace in {target}")
    for line in result.warnings:
        warn_line(line)
    if result.in_git:
        echo("Next: pmkit add HANDLE --name NAME --level LEVEL, then pmkit assess HANDLE")


@app.command(epilog=examples(
    'pmkit models',
    'pmkit models --format json',
))
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


@app.command(epilog=examples(
    'pmkit add alice --name "Alice Chen" --level pm',
    'pmkit add bo --name "Bo Park" --level apm --since 2026-03-01',
))
def add(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="Short id for the PM, e.g. alice (used in file names)."),
    name: str = typer.Option(..., "--name", help="The PM's full name."),
    level: str = typer.Option(..., "--level", help="A level id of the model.",
                              autocompletion=complete.levels),
    since: str | None = typer.Option(None, "--since", metavar="YYYY-MM-DD",
                                     help="In the role since."),
    background: str | None = typer.Option(
        None, "--background", metavar="KIND",
        help="Where the PM comes from: business-analyst, subject-matter-expert, project-manager, "
        "engineer, designer or other. Until the first assessment, it sets the first focus areas."),
) -> None:
    """Add a PM to the team."""
    from pmkit.actions.people import add_person
    from pmkit.model.handles import validate_handle

    validate_handle(handle)
    ws = state(ctx).workspace()
    since_date = parse_date(since, "--since") if since else None
    added = add_person(ws, handle, name, level, since_date, background)
    echo(f"Added {added.name} ({added.level_name}) as {ws.rel(added.path)}")


def _pairs(values: list[str], option: str) -> dict[str, str]:
    """``ID=VALUE`` options as a mapping (the core checks ids and values)."""
    from pmkit.errors import InputError

    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"{option} expects ID=VALUE, got {item!r}")
        if key.strip() in out:
            raise InputError(f"{option} gives {key.strip()} twice; give it once")
        out[key.strip()] = value
    return out


def _example_id(ctx: typer.Context) -> str:
    """A competency id of this workspace's model for an example, when one can be read."""
    from pmkit.errors import PmkitError

    try:
        return state(ctx).workspace().index.all_ids[0]
    except (PmkitError, IndexError):
        return "customer-insight"


@app.command(epilog=examples(
    'pmkit assess alice',
    'pmkit assess alice --set customer-insight=3 --evidence "customer-insight=Ran five interviews"',
    'pmkit assess alice --self --set delivery=4 --date 2026-11-18',
))
def assess(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle.", autocompletion=complete.handles),
    set_: list[str] = typer.Option([], "--set", metavar="ID=N",
                                   help="Rate a competency without prompts; repeat as needed.",
                                   autocompletion=complete.competency_pairs),
    evidence: list[str] = typer.Option([], "--evidence", metavar="ID=TEXT",
                                       help="What you saw that supports the rating.",
                                       autocompletion=complete.competency_pairs),
    date: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                    help="Date of the assessment [default: today]."),
    self_: bool = typer.Option(False, "--self", help="Record the PM's self-assessment."),
) -> None:
    """Assess a PM against the model (interactive, or with --set)."""
    from pmkit.actions.people import (
        check_assessment_date,
        check_evidence,
        check_ratings,
        record_assessment,
    )
    from pmkit.errors import InputError
    from pmkit.model.handles import validate_handle

    validate_handle(handle)
    if not set_ and not sys.stdin.isatty():
        raise InputError("no terminal to ask the questions on; give ratings with --set ID=N "
                         f"(for example --set {_example_id(ctx)}=3)")
    ws = state(ctx).workspace()
    when = parse_date(date)
    key = "self_assessment" if self_ else "assessment"
    # Fail early, before any prompt: a bad file, a bad date, bad evidence.
    check_assessment_date(when, getattr(ws.person(handle), key), self_)
    notes = check_evidence(ws, _pairs(evidence, "--evidence"))
    if set_:
        ratings = check_ratings(ws, _pairs(set_, "--set"))
    else:
        from pmkit.cli.prompting import ask_ratings

        ratings, asked_notes = ask_ratings(ws, handle, key)
        notes = {**asked_notes, **notes}
    done = record_assessment(ws, handle, ratings, notes, when, self_view=self_)
    if not set_:
        from pmkit.actions.drafts import clear_draft

        clear_draft(ws, handle, key)
    echo(f"Recorded the {done.who} of {handle} on {done.date.isoformat()}: {done.changed} "
         f"{'rating' if done.changed == 1 else 'ratings'} changed")


@app.command(epilog=examples(
    'pmkit gaps alice',
    'pmkit gaps alice --format md > alice-gaps.md',
))
def gaps(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle.", autocompletion=complete.handles),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
    level: str | None = typer.Option(None, "--level", metavar="LEVEL",
                                     help="Measure against another level, e.g. the next one "
                                     "[default: the PM's own]."),
) -> None:
    """Gaps, focus areas, strengths, and where self, peers and manager agree and differ."""
    ws = state(ctx).workspace()
    report = gap_report(ws, handle, level=level)
    if fmt is Format.md:
        from pmkit.documents.gaps_doc import render_gaps

        text = render_gaps(ws, report)
        ws.finish()
        echo(text.rstrip("\n"))
        return
    ws.finish()
    if fmt is Format.json:
        print_json(report.as_json())
    else:
        from pmkit.cli.views.gap_table import print_gap_table

        print_gap_table(report, ws.index)


def gap_report(ws: "Workspace", handle: str, focus: list[str] | None = None,
               level: str | None = None) -> "GapReport":
    from pmkit.model.gaps import compute_gaps

    person = ws.person(handle)
    settings = ws.settings
    if level is not None:
        from pmkit.documents.readiness import target_level

        level = target_level(ws, person.level, level)
    return compute_gaps(handle, person, ws.index, today=dt.date.today(),
                        reassess_after_days=settings.reassess_after_days,
                        focus_count=settings.plan.focus, pinned_focus=focus, target_level=level)


@app.command("note", epilog=examples(
    'pmkit note alice "Ask how the roadmap review went"',
))
def queue_note(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle.", autocompletion=complete.handles),
    text: str = typer.Argument(..., help="The talking point."),
) -> None:
    """Queue a talking point for the next 1:1."""
    from pmkit.actions.people import queue_note

    ws = state(ctx).workspace()
    queued = queue_note(ws, handle, text)
    echo(f"Queued for the next 1:1 with {handle} ({queued} queued)")


@app.command(epilog=examples(
    'pmkit check',
    'pmkit -w ~/coaching check',
))
def check(ctx: typer.Context) -> None:
    """Validate the workspace: settings, model, every PM file and templates."""
    from pmkit.checking import check_workspace, refresh_schemas

    ws = state(ctx).workspace()
    report = check_workspace(ws)
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


@app.command(epilog=examples(
    'pmkit schema person > person.schema.json',
))
def schema(ctx: typer.Context,
           kind: SchemaKind = typer.Argument(..., help="model, person, settings or community.")) -> None:
    """Print the JSON Schema of a file kind, for editors and validators."""
    from pmkit.errors import PmkitError
    from pmkit.model.editor_schemas import editor_schema

    model = None
    with contextlib.suppress(PmkitError):  # inside a workspace, the person schema knows its model
        model = state(ctx).workspace().model
    print_json(editor_schema(kind.value, model))
