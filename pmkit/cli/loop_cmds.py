"""Commands that bring the PM and colleagues into the loop: forms, the assessment
conversation, the day-90 review and promotion readiness."""


import sys
from pathlib import Path

import typer

from pmkit.cli.app import app, state
from pmkit.cli.core_cmds import Format, parse_date
from pmkit.cli.output import echo, print_json


@app.command("self-review")
def self_review(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle."),
    from_: str | None = typer.Option(None, "--from", metavar="NAME",
                                     help="Make a peer form for this colleague instead."),
    role: str | None = typer.Option(None, "--role", metavar="ROLE",
                                    help="How the colleague works with the PM, e.g. 'tech lead'."),
    import_: Path | None = typer.Option(None, "--import", metavar="FILE",
                                        help="Read a filled-in form back (self or peer)."),
    date: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                    help="Date of the form or of the import [default: today]."),
    stdout: bool = typer.Option(False, "--stdout", help="Print the form; write nothing."),
    due: str | None = typer.Option(None, "--due", metavar="YYYY-MM-DD",
                                   help="Date to send the form back by [default: in two weeks, "
                                   "on a working day, before a conversation already "
                                   "written for a later day; a self-review without one, "
                                   "a week before the plan's review]."),
) -> None:
    """Write a self-review form for the PM (or a peer form with --from), or import one."""
    from pmkit.actions.forms import build_form, import_form, write_form
    from pmkit.errors import InputError
    from pmkit.model.handles import validate_handle

    validate_handle(handle)
    when = parse_date(date)
    back_by = parse_date(due, "--due") if due is not None else None
    ws = state(ctx).workspace()
    if import_ is not None:
        if stdout or role:
            raise InputError("--import reads a form back; --stdout and --role are for writing one")
        done = import_form(ws, handle, import_, when, from_)
        answers = done.answers
        count = len(answers.ratings)
        who = "self-assessment" if answers.kind == "self" else f"peer input from {done.reviewer}"
        skipped = f", {len(answers.skipped)} skipped" if answers.skipped else ""
        echo(f"Imported the {who} for {handle} on {when.isoformat()}: {count} "
             f"{'rating' if count == 1 else 'ratings'}{skipped}")
        if done.stored is not None:
            echo(f"Kept the filled-in form as {ws.rel(done.stored)}")
        return
    if stdout:
        text = build_form(ws, handle, reviewer=from_, role=role, when=when, due=back_by)
        ws.finish()
        sys.stdout.write(text)
        return
    written = write_form(ws, handle, reviewer=from_, role=role, when=when, due=back_by)
    echo(f"Wrote {ws.rel(written.path)}: send it to {written.recipient}, then read it back "
         f"with `pmkit self-review {handle} --import FILE`")


@app.command()
def conversation(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle."),
    date: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                    help="Date of the meeting [default: today, or the "
                                    "PM's next 1:1 day on a weekend]."),
    stdout: bool = typer.Option(False, "--stdout", help="Print the agenda; write nothing."),
    pm_copy: bool = typer.Option(False, "--pm-copy",
                                 help="Print the PM's copy of the written agenda (without your "
                                 "private notes); change nothing."),
) -> None:
    """Prepare the assessment conversation: where the views differ, the evidence, the focus."""
    from pmkit.actions.reviews import write_conversation
    from pmkit.cli.docs_cmds import print_pm_copy
    from pmkit.documents.conversation import build_conversation
    from pmkit.documents.oneonone import agenda_path, meeting_day
    from pmkit.model.handles import validate_handle

    validate_handle(handle)
    ws = state(ctx).workspace()
    when = parse_date(date) if date is not None else meeting_day(ws, handle, parse_date(None))
    if pm_copy:
        print_pm_copy(ws, agenda_path(ws, handle, when), f"pmkit conversation {handle}")
        return
    if stdout:
        text = build_conversation(ws, handle, when).text
        ws.finish()
        sys.stdout.write(text)
        return
    done = write_conversation(ws, handle, when)
    count = len(done.contested)
    echo(f"Wrote {ws.rel(done.path)}: {count} competenc{'y' if count == 1 else 'ies'} where "
         f"the views differ. Share the part above the private notes "
         f"(`pmkit conversation {handle} --pm-copy` prints it).")


@app.command()
def review(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle."),
    date: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                    help="Date of the review [default: today]."),
    stdout: bool = typer.Option(False, "--stdout", help="Print the review; write nothing."),
    pm_copy: bool = typer.Option(False, "--pm-copy",
                                 help="Print the PM's copy of the written review (without your "
                                 "private notes); change nothing."),
) -> None:
    """The end-of-plan review: where the PM started, where they are, milestones, next focus."""
    from pmkit.actions.reviews import write_review
    from pmkit.cli.docs_cmds import print_pm_copy
    from pmkit.documents.review import build_review, review_path
    from pmkit.model.handles import validate_handle

    validate_handle(handle)
    when = parse_date(date)
    ws = state(ctx).workspace()
    if pm_copy:
        print_pm_copy(ws, review_path(ws, handle, when), f"pmkit review {handle}")
        return
    if stdout:
        text = build_review(ws, handle, when).text
        ws.finish()
        sys.stdout.write(text)
        return
    done = write_review(ws, handle, when)
    echo(f"Wrote {ws.rel(done.path)}: {done.moved} moved, {done.still} still below target")


@app.command()
def readiness(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle."),
    level: str | None = typer.Option(None, "--level", metavar="LEVEL",
                                     help="The level to measure against [default: the next one]."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
) -> None:
    """Promotion readiness: where the PM sustains the next level's expectation, with evidence."""
    from pmkit.documents.readiness import readiness_report

    ws = state(ctx).workspace()
    report = readiness_report(ws, handle, level)
    ws.finish()
    if fmt is Format.json:
        print_json(report.as_json())
        return
    from pmkit.cli.views.readiness_text import readiness_markdown, readiness_text

    echo((readiness_markdown(report) if fmt is Format.md else readiness_text(report)).rstrip("\n"))
