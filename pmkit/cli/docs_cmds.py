"""Commands that write the documents a manager takes into the room: plans, 1:1 agendas."""


import sys

import typer

from pmkit.cli import completion as complete
from pmkit.cli.app import app, examples, state
from pmkit.cli.output import echo


@app.command(epilog=examples(
    'pmkit plan alice',
    'pmkit plan alice --focus customer-insight --focus delivery',
    'pmkit plan alice --stdout',
))
def plan(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle.", autocompletion=complete.handles),
    focus: list[str] = typer.Option([], "--focus", metavar="ID",
                                    help="Pin a focus area for this run; repeat as needed "
                                    "[default: plan.focus in the PM's file, else the biggest gaps].",
                                    autocompletion=complete.competencies),
    stdout: bool = typer.Option(False, "--stdout", help="Print the plan; write nothing."),
) -> None:
    """Write the PM's coaching plan to plans/HANDLE.md (or print it)."""
    from pmkit.actions.documents import write_plan
    from pmkit.documents.plan import render_plan
    from pmkit.model.handles import validate_handle

    validate_handle(handle)
    ws = state(ctx).workspace()
    if stdout:
        text, _ = render_plan(ws, handle, focus)
        ws.finish()
        sys.stdout.write(text)
        return
    done = write_plan(ws, handle, focus)
    names = done.focus_names
    areas = f"{len(names)} focus area{'s' if len(names) != 1 else ''}"
    detail = f": {', '.join(names)}" if names else ""
    if done.unchanged:
        echo(f"{ws.rel(done.path)} is already up to date ({areas}{detail})")
    else:
        echo(f"Wrote {ws.rel(done.path)} ({areas}{detail})")


@app.command(epilog=examples(
    'pmkit oneonone alice',
    'pmkit oneonone alice --date 2026-12-03',
    'pmkit oneonone alice --stdout',
))
def oneonone(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle.", autocompletion=complete.handles),
    date: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                    help="Date of the 1:1 [default: today]."),
    stdout: bool = typer.Option(False, "--stdout",
                                help="Print the agenda; write nothing and keep the talking points."),
) -> None:
    """Prepare the next 1:1: write oneonones/HANDLE/DATE.md (or print it)."""
    from pmkit.actions.documents import write_agenda
    from pmkit.cli.core_cmds import parse_date
    from pmkit.documents.oneonone import build_agenda
    from pmkit.model.handles import validate_handle

    validate_handle(handle)
    when = parse_date(date)
    ws = state(ctx).workspace()
    if stdout:
        agenda = build_agenda(ws, handle, when)
        ws.finish()
        sys.stdout.write(agenda.text)
        return
    done = write_agenda(ws, handle, when)
    agenda = done.agenda
    parts = [f"{len(agenda.follow_ups)} follow-up{'s' if len(agenda.follow_ups) != 1 else ''}"]
    if agenda.talking_points:
        count = len(agenda.talking_points)
        parts.append(f"{count} talking point{'s' if count != 1 else ''} (cleared from "
                     f"team/{handle}.yaml)")
    echo(f"Wrote {ws.rel(done.path)}: {', '.join(parts)}")


@app.command(epilog=examples(
    'pmkit templates',
    'pmkit templates plan',
    'pmkit templates plan --copy',
))
def templates(
    ctx: typer.Context,
    name: str | None = typer.Argument(None, help="A template, e.g. plan or oneonone.md.j2: "
                                      "print the version pmkit uses.",
                                      autocompletion=complete.template_names),
    copy: bool = typer.Option(False, "--copy", help="Copy the shipped template NAME into the "
                              "workspace's templates/ folder to customise it."),
) -> None:
    """List the templates, show one, or copy one into the workspace to customise it."""
    from pmkit.actions.documents import copy_template, find_template
    from pmkit.documents.render import WORKSPACE_TEMPLATES, list_templates
    from pmkit.errors import InputError, PmkitError

    try:
        ws = state(ctx).workspace()
    except PmkitError:
        if copy:
            raise
        ws = None
    root = ws.root if ws is not None else None
    found = list_templates(root)
    if name is None:
        if copy:
            raise InputError("--copy needs a template name, e.g. `pmkit templates plan --copy`")
        width = max(len(t.name) for t in found) if found else 0
        for info in found:
            if info.workspace and info.shipped:
                where = f"customised in {WORKSPACE_TEMPLATES}/{info.name}"
            elif info.workspace:
                where = f"your own, in {WORKSPACE_TEMPLATES}/{info.name}"
            else:
                where = "shipped"
            echo(f"{info.name.ljust(width)}  {where}")
        echo("Show one with `pmkit templates NAME`; customise it with `pmkit templates NAME --copy`.")
        return
    if not copy:
        sys.stdout.write(find_template(root, name).source.read_text(encoding="utf-8"))
        return
    assert ws is not None
    target = copy_template(ws, name)
    name = target.relative_to(ws.root / WORKSPACE_TEMPLATES).as_posix()
    echo(f"Copied {name} to {ws.rel(target)}: edit it there; pmkit uses it from now on")
