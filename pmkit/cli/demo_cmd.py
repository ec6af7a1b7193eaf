"""``pmkit demo``: a ready workspace to explore, built from the shipped example team."""


from pathlib import Path

import typer

from pmkit.cli.app import app, examples, state
from pmkit.cli.output import echo, warn_line


@app.command(epilog=examples(
    'pmkit demo',
    'pmkit demo /tmp/try-pmkit',
))
def demo(
    ctx: typer.Context,
    directory: Path = typer.Argument(Path("pmkit-demo"), help="A new or empty folder to build it in."),
) -> None:
    """Build a demo workspace: a manager, six PMs and a year of history in git."""
    from pmkit.demo import build_demo

    shown = str(directory)
    result = build_demo(directory.expanduser().resolve(), shown=shown,
                        history=not state(ctx).no_commit)
    for note in result.notes:
        warn_line(note)
    history = (f", {result.commits} commits over the past year" if result.history
               else ", without git history")
    echo(f"Built the demo workspace in {shown}: {result.manager} and "
         f"{len(result.people)} PMs ({', '.join(result.people)}){history}.")
    echo("")
    echo("Next:")
    steps = ["pmkit team", "pmkit gaps priya", "pmkit plan priya", "pmkit oneonone priya",
             "pmkit history priya"]
    if result.root != Path.cwd().resolve():
        import shlex

        steps.insert(0, f"cd {shlex.quote(shown)}")
    for line in steps:
        echo(f"  {line}")
