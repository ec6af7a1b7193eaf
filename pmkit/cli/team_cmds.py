"""Commands that look across time and across the team: ``history`` and ``team``."""


from typing import TYPE_CHECKING, Any

import typer

from pmkit.cli import completion as complete
from pmkit.cli.app import app, examples, state
from pmkit.cli.core_cmds import Format, ListFormat, parse_date
from pmkit.cli.output import echo, is_terminal, print_json, warn_line

if TYPE_CHECKING:
    from pmkit.communities import Progress


@app.command(epilog=examples(
    'pmkit history alice',
    'pmkit history alice --since 2026-01-01 --format json',
    'pmkit history alice --self',
))
def history(
    ctx: typer.Context,
    handle: str = typer.Argument(..., help="The PM's handle.", autocompletion=complete.handles),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="table or json."),
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
    if fmt is ListFormat.json:
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
                                  help="Markdown only: add each PM by name with their gaps. For "
                                  "your own use; the default report is the one to send upward."),
    ask: str | None = typer.Option(None, "--ask", metavar="TEXT",
                                   help="Markdown only: what you ask your leadership for, "
                                   "the report's fifth opening line."),
) -> None:
    """The whole team: heat map, weakest PM, movement, common gaps, communities, stale and overdue."""
    ws = state(ctx).workspace()
    if fmt is Format.md and not detailed:
        from pmkit.actions.export import publish_team_report

        published = publish_team_report(ws, ask)
        echo(published.text.rstrip("\n"))
        if published.next_step:
            ids, names = zip(*published.next_step, strict=True)
            warn_line(f"No community of practice or book club works on {' and '.join(names)} yet, "
                      "and the report names it as the next step. Plan it before the report goes "
                      f"up: pmkit community new {' '.join(ids)}")
        return
    from pmkit.team import team_view

    report, progress = team_view(ws)
    index = ws.index
    if not report.people and fmt is Format.table:
        echo("No PMs in team/ yet: add one with `pmkit add HANDLE --name NAME --level LEVEL`.")
        return
    if fmt is Format.json:
        ws.finish()
        data = report.as_json()
        data["communities"] = [community_json(p) for p in progress]
        print_json(data)
    elif fmt is Format.md:
        from pmkit.documents.upward_report import render_team_report

        text = render_team_report(ws, report, progress, ask=ask, detailed=True)
        ws.finish()
        echo(text.rstrip("\n"))
    elif is_terminal():
        from pmkit.cli.views.team_table import print_team_table

        ws.finish()
        print_team_table(report, index, progress)
    else:
        from pmkit.cli.views.team_text import team_text

        ws.finish()
        echo(team_text(report, index, progress).rstrip("\n"))


def community_json(progress: "Progress") -> dict[str, Any]:
    """A community in the manager's own JSON: who took part and how each moved."""
    community = progress.community
    return {"id": progress.cid, "kind": community.kind, "topic": community.topic,
            "competencies": progress.competencies, "sessions_held": progress.held,
            "sessions_planned": len(community.sessions),
            "next_session": progress.next_session.isoformat() if progress.next_session else None,
            "attendance": progress.attendance, "moved_afterwards": progress.moved}
