"""Commands across teams: ``export`` (one manager's aggregate) and ``org`` (a director's roll-up)."""


from enum import StrEnum

import typer

from pmkit.cli.app import app, state
from pmkit.cli.core_cmds import ListFormat
from pmkit.cli.output import echo, is_terminal, print_json


class ExportFormat(StrEnum):
    json = "json"
    yaml = "yaml"


@app.command()
def export(
    ctx: typer.Context,
    output: str | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                      help="Write the export here (for example your clone of "
                                      "the director's repository) [default: print it]."),
    fmt: ExportFormat | None = typer.Option(None, "--format", "-f",
                                            help="json or yaml [default: from the file name, "
                                            "else json]."),
    team: str | None = typer.Option(None, "--team", metavar="NAME",
                                    help="The team's name in the roll-up [default: the manager's team]."),
) -> None:
    """The team's figures for the director: no names, no evidence, no notes, and no figure
    that describes fewer than three people."""
    from pmkit.actions.export import write_export

    ws = state(ctx).workspace()
    done = write_export(ws, output, team, fmt.value if fmt else None)
    if done.path is None:
        typer.echo(done.text, nl=False)
        return
    shown = ws.rel(done.path) if done.inside else str(done.path)
    note = "" if done.data["reportable"] else (
        " (fewer than three PMs assessed: it carries no rating figures)")
    echo(f"Wrote {shown}{note}")
    if not done.inside:
        echo("Commit and push it in that repository so the roll-up sees it.")


@app.command()
def org(
    ctx: typer.Context,
    path: str | None = typer.Argument(None, metavar="[PATH]",
                                      help="The folder of the teams' exports [default: "
                                      "--workspace, else $PMKIT_ORG, else the current folder]."),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="table or json."),
) -> None:
    """The organisation from its teams' exports: health, common gaps, coverage, trends, calibration."""
    from pmkit.org.repo import find_org_root, read_org
    from pmkit.org.rollup import build_org

    root = find_org_root(path if path is not None else state(ctx).workspace_option)
    view = build_org(read_org(root))
    if fmt is ListFormat.json:
        print_json(view)
        return
    from pmkit.cli.views.org_text import org_text

    echo(org_text(view, wide=is_terminal()).rstrip("\n"))
