"""Commands that write the documents a manager takes into the room: plans, 1:1 agendas."""


import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pmkit.cli import completion as complete
from pmkit.cli.app import app, examples, state
from pmkit.cli.output import echo, warn_line

if TYPE_CHECKING:
    from pmkit.workspace import Workspace


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
    allow_stale: bool = typer.Option(False, "--allow-stale",
                                     help="Plan from an assessment older than reassess_after_days."),
    pm_copy: bool = typer.Option(False, "--pm-copy",
                                 help="Print the PM's copy of the written plan; change nothing."),
) -> None:
    """Write the PM's coaching plan to plans/HANDLE.md (or print it)."""
    from pmkit.actions.documents import write_plan
    from pmkit.documents.plan import plan_path, render_plan
    from pmkit.model.handles import validate_handle

    validate_handle(handle)
    ws = state(ctx).workspace()
    if pm_copy:
        print_pm_copy(ws, plan_path(ws, handle), f"pmkit plan {handle}", handle)
        return
    if stdout:
        text, _ = render_plan(ws, handle, focus, allow_stale=allow_stale)
        ws.finish()
        sys.stdout.write(text)
        # The pictures are files beside the written plan; a printed plan has nowhere to put them.
        warn_line(f"Printed without its pictures (the PM Wheel and the ratings over time): "
                  f"`pmkit plan {handle}` writes them beside plans/{handle}.md, and its "
                  f"--pm-copy carries them.")
        return
    done = write_plan(ws, handle, focus, allow_stale=allow_stale)
    names = done.focus_names
    areas = f"{len(names)} focus area{'s' if len(names) != 1 else ''}"
    detail = f": {', '.join(names)}" if names else ""
    if done.unchanged:
        echo(f"{ws.rel(done.path)} is already up to date ({areas}{detail})")
    else:
        echo(f"Wrote {ws.rel(done.path)} ({areas}{detail})")
    if done.moved:
        echo(done.moved)
    cycle = done.cycle
    if cycle.new:
        echo(f"The plan runs {cycle.start.isoformat()} to {cycle.end.isoformat()}.")
    if cycle.proposed:
        echo(f"Proposed milestones for {len(cycle.proposed)} focus area"
             f"{'s' if len(cycle.proposed) != 1 else ''} in team/{handle}.yaml (plan.milestones): "
             "edit the text or dates there; pmkit keeps your edits.")
    for name, goal, steps in done.clashes:
        echo(f"{name}: the goal asks for a {goal} rhythm and its milestones for {steps}; make "
             f"them agree in team/{handle}.yaml (plan.goals or plan.milestones).")
    for kept in done.kept_back:
        echo(f"Kept out of the plan, as it speaks about the PM rather than to them: "
             f"{kept['what']}: {kept['text']}")
    for repeat in done.repeats:
        echo(f"Shown once in the plan, at its first date: {repeat}")
    for aside in done.asides:
        echo(aside)
    from pmkit.documents.line_goals import copy_said

    for copy in done.cycle.copies:
        echo(copy_said(copy, lambda cid: ws.index.by_id[cid].competency.name))
    if done.kept_back:
        echo("Reword it as \"you ...\" where it was written (the 1:1 notes, or plan.evidence "
             f"in team/{handle}.yaml) and it shows in the plan.")
    if done.report.stale and done.report.assessed_on is not None:  # never assessed is not stale
        echo(f"Built on a stale assessment ({done.report.assessed_on}), as --allow-stale asked.")


def print_pm_copy(ws: "Workspace", path: Path, make: str, handle: str | None = None) -> None:
    """Print a written document as the PM sees it: without its private section; given the
    PM's ``handle``, notes in the PM's voice, and what could not be turned is named on the
    terminal, not printed."""
    from pmkit.documents.oneonone import pm_copy_of
    from pmkit.errors import InputError

    if not path.is_file():
        raise InputError(f"not written yet; `{make}` writes it", ws.rel(path))
    if handle is None:
        from pmkit.documents.notes import pm_copy
        from pmkit.documents.render import read_text_file

        sys.stdout.write(pm_copy(read_text_file(path, ws.rel(path))))
        return
    text, left_out, repeats = pm_copy_of(ws, handle, path)
    sys.stdout.write(text)
    if repeats:
        from pmkit.documents.counts import in_words

        first_name = ws.person(handle).name.split()[0]
        days = sorted({day.isoformat() for _, day in repeats})
        count = f"{in_words(len(repeats))} line{'s' if len(repeats) != 1 else ''}"
        warn_line(f"Left out of {first_name}'s copy: {count} written word for word in the "
                  f"notes of {' and '.join(days)}. If it happened again, note what was new.")
    for sentence in left_out:
        warn_line(f"Left out of the PM's copy (it speaks about them, not to them): {sentence}")
    if left_out:
        warn_line(f"Reword it as \"you ...\" in {ws.rel(path)} and it is shared.")


@app.command(epilog=examples(
    'pmkit oneonone alice',
    'pmkit oneonone alice --date 2026-12-03',
    'pmkit oneonone alice --stdout',
))
def oneonone(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle.", autocompletion=complete.handles),
    date: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                    help="Date of the 1:1 [default: today; with --pm-copy, "
                                    "the latest 1:1]."),
    stdout: bool = typer.Option(False, "--stdout",
                                help="Print the agenda; write nothing and keep the talking points."),
    pm_copy: bool = typer.Option(False, "--pm-copy",
                                 help="Print the PM's copy of a written 1:1 file (without the "
                                 "private section); change nothing."),
) -> None:
    """Prepare the next 1:1: write oneonones/HANDLE/DATE.md (or print it)."""
    from pmkit.actions.documents import write_agenda
    from pmkit.cli.core_cmds import parse_date
    from pmkit.documents.oneonone import agenda_path, build_agenda, folder, meeting_day
    from pmkit.files.dated import dated_files
    from pmkit.model.handles import validate_handle

    validate_handle(handle)
    ws = state(ctx).workspace()
    if pm_copy:
        if date is None:
            files = dated_files(folder(ws, handle))
            path = files[-1][1] if files else agenda_path(ws, handle, parse_date(None))
        else:
            path = agenda_path(ws, handle, parse_date(date))
        print_pm_copy(ws, path, f"pmkit oneonone {handle}", handle)
        return
    today = parse_date(None)
    when = parse_date(date) if date is not None else today  # the contract's default

    def name_the_next_one() -> None:
        """At the weekend or on a holiday, the day of the next 1:1 (once all went well)."""
        upcoming = meeting_day(ws, handle, today) if date is None else today
        if upcoming > today:
            why = (f"Today is a {today:%A} or a holiday" if today.weekday() >= 5
                   or today in ws.settings.holidays else
                   f"This agenda is dated today, a {today:%A}, and the 1:1s fall on "
                   f"{upcoming:%A}s")
            (warn_line if stdout else echo)(
                f"{why}; for the next 1:1, {upcoming:%A} {upcoming.isoformat()}, run "
                f"`pmkit oneonone {handle} --date {upcoming.isoformat()}`.")

    if stdout:
        agenda = build_agenda(ws, handle, when)
        ws.finish()
        sys.stdout.write(agenda.text)
        name_the_next_one()
        return
    done = write_agenda(ws, handle, when)
    name_the_next_one()
    agenda = done.agenda
    parts = [f"{len(agenda.follow_ups)} follow-up{'s' if len(agenda.follow_ups) != 1 else ''}"]
    if agenda.talking_points:
        count = len(agenda.talking_points)
        parts.append(f"{count} talking point{'s' if count != 1 else ''} (cleared from "
                     f"team/{handle}.yaml)")
    if agenda.focus:
        parts.append(f"focus: {ws.index.by_id[agenda.focus].competency.name}")
    echo(f"Wrote {ws.rel(done.path)}: {', '.join(parts)}")
    for line in agenda.private:
        echo(f"  - {line}")
    if agenda.kept_back:
        echo(f"  - {agenda.kept_back} line{'s' if agenda.kept_back != 1 else ''} about the PM "
             "stayed in the private section: reword as \"you ...\" to share.")
    if agenda.private:
        echo("These reminders are in the file's private section too; "
             f"`pmkit oneonone {handle} --pm-copy` prints the file without it.")


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
