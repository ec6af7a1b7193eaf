"""``pmkit community``: turn a common gap into a community of practice or book club that runs."""


import typer

from pmkit.cli.app import app, state
from pmkit.cli.core_cmds import parse_date
from pmkit.cli.output import echo

community_app = typer.Typer(
    help="Communities of practice and book clubs: plan one from a common gap, name its owner, "
    "record sessions held and who came.", no_args_is_help=True)
app.add_typer(community_app, name="community")


def _pairs(values: list[str], option: str) -> dict[str, int]:
    from pmkit.errors import InputError

    out: dict[str, int] = {}
    for value in values:
        key, sep, number = value.partition("=")
        if not sep or not number.strip().isdigit():
            raise InputError(f"{option} expects FUNCTION=N, such as engineering=3; got {value!r}")
        out[key.strip()] = out.get(key.strip(), 0) + int(number)
    return out


@community_app.command("new")
def new(
    ctx: typer.Context,
    competencies: list[str] = typer.Argument(..., metavar="COMPETENCY...",
                                             help="The common gap(s) it works on (ids or aliases)."),
    kind: str = typer.Option("community-of-practice", "--kind",
                             help="community-of-practice or book-club."),
    cid: str | None = typer.Option(None, "--id",
                                   help="File name under communities/ [default: from the competency]."),
    topic: str | None = typer.Option(None, "--topic",
                                     help="Its title [default: from the competency or book]."),
    owner: str | None = typer.Option(None, "--owner", metavar="NAME",
                                     help="Someone strong at it who could coach it."),
    owner_function: str = typer.Option("product", "--owner-function", metavar="FUNCTION"),
    owner_status: str = typer.Option("to-ask", "--owner-status", help="to-ask, asked, agreed or declined."),
    cadence: int = typer.Option(14, "--cadence", metavar="DAYS", help="Days between sessions."),
    start: str | None = typer.Option(None, "--start", metavar="YYYY-MM-DD",
                                     help="First session [default: today]."),
    regulated: bool = typer.Option(False, "--regulated",
                                   help="A regulated business: invite quality and risk and compliance "
                                   "to sessions on testing ideas."),
) -> None:
    """Plan a community of practice or a book club from a common gap: communities/ID.yaml."""
    from pmkit.actions.community import plan_community

    ws = state(ctx).workspace()
    when = parse_date(start, "--start") if start else None
    done = plan_community(ws, competencies, kind=kind, cid=cid, topic=topic, owner=owner,
                          owner_function=owner_function, owner_status=owner_status,
                          cadence_days=cadence, start=when, regulated=regulated)
    data = done.data
    echo(f"Wrote {ws.rel(done.path)}: {data['topic']}, {len(data['sessions'])} sessions every "
         f"{data['cadence_days']} days from {data['started']}")
    echo(f"Invite: {', '.join(data['invite'])}. {data['invite_why']}")
    if not owner:
        hint = f" PMs above target who could run it: {', '.join(done.coaches)}." if done.coaches else ""
        echo("No owner yet: ask someone strong at it rather than waiting for a volunteer, then "
             f"`pmkit community owner {done.cid} --name NAME --status asked`.{hint}")


@community_app.command("owner")
def owner_cmd(
    ctx: typer.Context,
    cid: str = typer.Argument(..., metavar="ID"),
    name: str = typer.Option(..., "--name"),
    function: str = typer.Option("product", "--function", metavar="FUNCTION"),
    status: str = typer.Option("asked", "--status", help="to-ask, asked, agreed or declined."),
) -> None:
    """Name the owner, and record whether they were asked and agreed."""
    from pmkit.actions.community import set_owner

    ws = state(ctx).workspace()
    path = set_owner(ws, cid, name, function, status)
    echo(f"Updated {ws.rel(path)}: owner {name} ({status})")


@community_app.command("held")
def held(
    ctx: typer.Context,
    cid: str = typer.Argument(..., metavar="ID"),
    date: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="[default: today]"),
    attended: list[str] = typer.Option([], "--attended", metavar="FUNCTION=N",
                                       help="How many came from a function; repeat, e.g. "
                                       "--attended engineering=3 --attended design=2."),
    pm: list[str] = typer.Option([], "--pm", metavar="HANDLE",
                                 help="A PM of your team who took part; repeat."),
) -> None:
    """Record a session held: attendance by function and the team's PMs who took part."""
    from pmkit.actions.community import record_session

    when = parse_date(date)
    ws = state(ctx).workspace()
    done = record_session(ws, cid, when, _pairs(attended, "--attended"), pm)
    echo(f"Recorded {done.title} on {done.date.isoformat()} as held ({done.people} people) in "
         f"{ws.rel(done.path)}")


@community_app.command("list")
def list_cmd(ctx: typer.Context) -> None:
    """Every community: sessions held, next session, owner, and what moved afterwards."""
    from pmkit.cli.views.team_text import community_lines
    from pmkit.communities import community_progress

    ws = state(ctx).workspace()
    progress = community_progress(ws)
    ws.finish()
    if not progress:
        echo("No communities yet: plan one from a common gap with `pmkit community new COMPETENCY`.")
        return
    for line in community_lines(progress, ws.index):
        echo(line)
