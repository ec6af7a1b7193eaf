"""Commands that look across time and across the team: ``history`` and ``team``."""


from enum import StrEnum

import typer

from pmkit.cli import completion as complete
from pmkit.cli.app import app, examples, state
from pmkit.cli.core_cmds import Format, parse_date
from pmkit.cli.output import echo, is_terminal, print_json


class HistoryFormat(StrEnum):
    table = "table"
    json = "json"


@app.command(epilog=examples(
    'pmkit history alice',
    'pmkit history alice --since 2026-01-01 --format json',
    'pmkit history alice --self',
))
def history(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle.", autocompletion=complete.handles),
    fmt: HistoryFormat = typer.Option(HistoryFormat.table, "--format", "-f", help="table or json."),
    since: str | None = typer.Option(None, "--since", metavar="YYYY-MM-DD",
                                     help="Only assessments dated on or after this day."),
    self_: bool = typer.Option(False, "--self", help="Show the PM's self-assessments instead."),
) -> None:
    """Every assessment of a PM over time, read from git: changes and a trend per competency."""
    from pmkit.errors import InputError
    from pmkit.history.person import read_history
    from pmkit.model.handles import validate_handle

    validate_handle(handle)
    start = parse_date(since, "--since") if since else None
    ws = state(ctx).workspace()
    found = read_history(ws, handle).since(start)  # a broken current file: exit 2
    if fmt is HistoryFormat.json:
        ws.finish()
        print_json(found.as_json(self_view=self_))
        return
    index = ws.index
    name = handle
    try:
        person = ws.person(handle)
        name = f"{person.name} ({index.level_name(person.level)})"
    except InputError:
        pass
    ws.finish()
    if is_terminal():
        from pmkit.cli.views.history_table import print_history_table

        print_history_table(found, index, name, self_view=self_, since=start)
    else:
        from pmkit.cli.views.history_rows import history_text

        echo(history_text(found, index, name, self_view=self_, since=start).rstrip("\n"))


@app.command(epilog=examples(
    'pmkit team',
    'pmkit team --format md > team-report.md',
    'pmkit team | head -20',
))
def team(
    ctx: typer.Context,
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or md."),
    detailed: bool = typer.Option(False, "--detailed",
                                  help="In the Markdown report, name each PM and their ratings."),
) -> None:
    """The whole team: heat map, weakest PM, movement, common gaps, stale and overdue."""
    from pmkit.team import build_team_report

    ws = state(ctx).workspace()
    report = build_team_report(ws)
    index = ws.index
    ws.finish()
    if not report.people and fmt is Format.table:
        echo("No PMs in team/ yet: add one with `pmkit add HANDLE --name NAME --level LEVEL`.")
        return
    if fmt is Format.json:
        print_json(report.as_json())
    elif fmt is Format.md:
        from pmkit.cli.views.team_text import team_markdown

        echo(team_markdown(report, index, detailed=detailed).rstrip("\n"))
    elif is_terminal():
        from pmkit.cli.views.team_table import print_team_table

        print_team_table(report, index)
    else:
        from pmkit.cli.views.team_text import team_text

        echo(team_text(report, index).rstrip("\n"))
