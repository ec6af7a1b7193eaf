"""Commands that draw: ``report`` (the team as an HTML page or PDF) and ``handbook``."""


import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path

import typer

from pmkit.cli.app import app, state
from pmkit.cli.output import echo, is_terminal


class HandbookFormat(StrEnum):
    md = "md"
    html = "html"


def _deliver(text: str, output: str | None, default: str) -> None:
    """Write to OUTPUT; without one, to standard output, or to DEFAULT when that is a terminal."""
    from pmkit.actions.printouts import write_printout

    if output == "-" or (output is None and not is_terminal()):
        sys.stdout.write(text)
        return
    written = write_printout(Path(output or default), text.encode("utf-8"))
    echo(f"Wrote {written}")


@app.command()
def report(
    ctx: typer.Context,
    output: str | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                      help="Where to write it; - for standard output [default: "
                                      "team-report-DATE.html, or .pdf, here; piped: standard output]."),
    pdf: bool = typer.Option(False, "--pdf", help="Print the report to PDF with a headless Chromium."),
) -> None:
    """The team in one HTML page for you: heat map, each PM's wheel and trend, what needs attention."""
    from pmkit.documents.team_report import render_report

    ws = state(ctx).workspace()
    html = render_report(ws)
    ws.finish()
    stem = f"team-report-{dt.date.today().isoformat()}"
    if pdf:
        from pmkit.actions.printouts import write_pdf

        if output == "-":
            from pmkit.errors import InputError

            raise InputError("--pdf writes a file: give --output FILE.pdf, not -")
        echo(f"Wrote {write_pdf(html, Path(output or stem + '.pdf'))}")
        return
    _deliver(html, output, stem + ".html")


@app.command()
def handbook(
    ctx: typer.Context,
    fmt: HandbookFormat = typer.Option(HandbookFormat.md, "--format", "-f", help="md or html."),
    output: str | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                      help="Write it to FILE [default: standard output]."),
) -> None:
    """Your competency model as a primer: what good looks like, what to look for, how to coach it."""
    from pmkit.documents.handbook import render_handbook

    ws = state(ctx).workspace()
    text = render_handbook(ws, fmt.value)
    ws.finish()
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    _deliver(text, output, output)
