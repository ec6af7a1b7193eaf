"""Commands that write the documents a manager takes into the room: plans, 1:1 agendas."""


import sys

import typer

from pmkit.cli.app import app, state
from pmkit.cli.output import echo


@app.command()
def plan(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle."),
    focus: list[str] = typer.Option([], "--focus", metavar="ID",
                                    help="Pin a focus area for this run; repeat as needed "
                                    "[default: plan.focus in the PM's file, else the biggest gaps]."),
    stdout: bool = typer.Option(False, "--stdout", help="Print the plan; write nothing."),
) -> None:
    """Write the PM's coaching plan to plans/HANDLE.md (or print it)."""
    from pmkit.documents.plan import plan_path, render_plan
    from pmkit.model.handles import validate_handle

    validate_handle(handle)
    ws = state(ctx).workspace()
    if stdout:
        text, _ = render_plan(ws, handle, focus)
        ws.finish()
        sys.stdout.write(text)
        return
    path = plan_path(ws, handle)
    with ws.transaction(f"plan({handle}): coaching plan") as tx:
        text, report = render_plan(ws, handle, focus)
        previous = path.read_bytes() if path.is_file() else None
        tx.write(path, text.encode("utf-8"), previous=previous)
    ws.finish()
    names = [ws.index.by_id[cid].competency.name for cid in report.focus]
    areas = f"{len(names)} focus area{'s' if len(names) != 1 else ''}"
    detail = f": {', '.join(names)}" if names else ""
    if previous == text.encode("utf-8"):
        echo(f"{ws.rel(path)} is already up to date ({areas}{detail})")
    else:
        echo(f"Wrote {ws.rel(path)} ({areas}{detail})")


@app.command()
def oneonone(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle."),
    date: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                    help="Date of the 1:1 [default: today]."),
    stdout: bool = typer.Option(False, "--stdout",
                                help="Print the agenda; write nothing and keep the talking points."),
) -> None:
    """Prepare the next 1:1: write oneonones/HANDLE/DATE.md (or print it)."""
    from pmkit.cli.core_cmds import parse_date
    from pmkit.documents.oneonone import agenda_path, build_agenda
    from pmkit.errors import InputError
    from pmkit.model.handles import validate_handle

    validate_handle(handle)
    when = parse_date(date)
    ws = state(ctx).workspace()
    if stdout:
        agenda = build_agenda(ws, handle, when)
        ws.finish()
        sys.stdout.write(agenda.text)
        return
    path = agenda_path(ws, handle, when)
    if path.exists() or path.is_symlink():
        raise InputError("already exists; pmkit never overwrites a 1:1 file (add to it by hand, "
                         "or pass another --date)", ws.rel(path))
    with ws.transaction(f"oneonone({handle}): agenda for {when.isoformat()}") as tx:
        agenda = build_agenda(ws, handle, when)
        tx.write(path, agenda.text.encode("utf-8"), must_be_new=True)
        if agenda.talking_points:
            from pmkit.model.person_doc import clear_talking_points

            loaded = ws.person_file(handle)
            doc = loaded.doc()
            clear_talking_points(doc.data)
            tx.write(loaded.path, doc.to_bytes(), previous=loaded.raw)
    ws.finish()
    parts = [f"{len(agenda.follow_ups)} follow-up{'s' if len(agenda.follow_ups) != 1 else ''}"]
    if agenda.talking_points:
        count = len(agenda.talking_points)
        parts.append(f"{count} talking point{'s' if count != 1 else ''} (cleared from "
                     f"team/{handle}.yaml)")
    echo(f"Wrote {ws.rel(path)}: {', '.join(parts)}")


@app.command()
def templates(
    ctx: typer.Context,
    name: str | None = typer.Argument(None, help="A template, e.g. plan or oneonone.md.j2: "
                                      "print the version pmkit uses."),
    copy: bool = typer.Option(False, "--copy", help="Copy the shipped template NAME into the "
                              "workspace's templates/ folder to customise it."),
) -> None:
    """List the templates, show one, or copy one into the workspace to customise it."""
    from pmkit.documents.render import WORKSPACE_TEMPLATES, list_templates, resolve_name
    from pmkit.errors import InputError, PmkitError
    from pmkit.suggest import suggest_known

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
    wanted = resolve_name(name)
    by_name = {info.name: info for info in found}
    if wanted not in by_name:
        raise InputError(f"no template '{name}'{suggest_known(wanted, by_name, 'templates')}")
    info = by_name[wanted]
    if not copy:
        sys.stdout.write(info.source.read_text(encoding="utf-8"))
        return
    assert ws is not None
    if info.shipped is None:
        raise InputError("is your own template; pmkit ships no template of that name",
                         f"{WORKSPACE_TEMPLATES}/{wanted}")
    target = ws.root / WORKSPACE_TEMPLATES / wanted
    if target.exists() or target.is_symlink():
        raise InputError("already exists; pmkit will not overwrite your version "
                         "(delete or rename it first to start again from the shipped one)",
                         ws.rel(target))
    with ws.transaction(f"templates: copy {wanted} to customise") as tx:
        tx.write(target, info.shipped.read_bytes(), must_be_new=True)
    ws.finish()
    echo(f"Copied {wanted} to {ws.rel(target)}: edit it there; pmkit uses it from now on")
