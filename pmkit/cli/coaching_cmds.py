"""``pmkit log``: what a PM did against a goal, recorded as it happens."""

import typer

from pmkit.cli.app import app, state
from pmkit.cli.output import echo


@app.command()
def log(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle."),
    competency: str = typer.Argument(..., help="The goal's competency id (or alias)."),
    text: str = typer.Argument(..., help="What they did, in a line."),
    date: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                    help="When it happened [default: today]."),
    reached: bool = typer.Option(False, "--reached",
                                 help="It also reaches the goal's next open milestone."),
    private: bool = typer.Option(False, "--private",
                                 help="For your eyes only: never shown in the PM's copy."),
) -> None:
    """Log evidence against a PM's goal; plans and 1:1 agendas show it."""
    from pmkit.actions.coaching import log_evidence
    from pmkit.cli.core_cmds import parse_date

    when = parse_date(date)
    ws = state(ctx).workspace()
    done = log_evidence(ws, handle, competency, text, when, reached=reached, private=private)
    lines = f"{done.count} line{'s' if done.count != 1 else ''} logged"
    echo(f"Logged for {done.name} on {done.date.isoformat()} ({lines})"
         f"{'; private' if private else ''}")
    if done.reached:
        echo(f"Milestone reached: {done.reached}")
    if not done.in_focus:
        echo(f"Note: {done.name} is not in {handle}'s plan; the evidence is kept for when it is.")
