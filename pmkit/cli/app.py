"""The Typer application, its global options and its error handling.

Only ``typer`` is imported at start-up; every command imports what it needs when it
runs, so ``pmkit --help`` stays as fast as Typer itself. The command modules do without
``from __future__ import annotations``: Typer reads every command's annotations, and
real objects spare it compiling a hundred strings on each run.
"""


import importlib
import os
import sys
import traceback
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from pmkit import __version__

# The click that typer runs on (click itself, or the copy newer typer releases carry):
# its exceptions are the usage errors to show as one line.
_click = importlib.import_module(TyperGroup.__mro__[1].__module__.rpartition(".")[0] + ".exceptions")
_ABORTS = (typer.Abort, getattr(_click, "Abort", typer.Abort))

if TYPE_CHECKING:
    from pmkit.workspace import Workspace

_VALUE_OPTIONS = {"-w", "--workspace"}
_FLAG_OPTIONS = {"--no-commit", "--debug"}


def hoist_global_options(args: list[str]) -> list[str]:
    """Let global options stand after the command too: ``pmkit gaps alice -w team``."""
    front: list[str] = []
    rest: list[str] = []
    seen_command = False
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if not seen_command:
            if arg in _VALUE_OPTIONS:
                front.extend(args[i : i + 2])
                i += 2
                continue
            if not arg.startswith("-"):
                seen_command = True
            front.append(arg) if not seen_command else rest.append(arg)
            i += 1
            continue
        if arg in _VALUE_OPTIONS and i + 1 < len(args):
            front.extend(args[i : i + 2])
            i += 2
            continue
        if arg in _FLAG_OPTIONS or arg.startswith("--workspace="):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def usage_line(exc: Any) -> str:
    """``error: missing argument 'handle' (see `pmkit gaps --help`)``."""
    from pmkit.errors import one_line

    message = " ".join(str(exc.format_message()).split()).rstrip(".")
    message = message[:1].lower() + message[1:]
    ctx = getattr(exc, "ctx", None)
    where = getattr(ctx, "command_path", None) or "pmkit"
    return one_line(f"error: {message} (see `{where} --help`)")


def debug_enabled(ctx: Any) -> bool:
    params = getattr(ctx, "params", {}) or {}
    return bool(params.get("debug")) or os.environ.get("PMKIT_DEBUG", "") not in {"", "0"}


_DEFERRED: dict[str, Any] = {}  # command name -> Typer's CommandInfo, in the order registered


def defer_commands() -> None:
    """Take the commands out of Typer's eager build, so a run builds only the one it calls.

    Typer turns every registered function into a click command (reading its signature and
    making every option), and every sub-group's commands too, before it parses a single
    argument: about a millisecond a command, paid by ``pmkit --help`` and by every run.
    :class:`CommandShelf` builds them on demand.
    """
    from typer.main import get_command_name

    for info in app.registered_commands:
        _DEFERRED[info.name or get_command_name(getattr(info.callback, "__name__", ""))] = info
    for group in app.registered_groups:
        if isinstance(group.name, str):
            _DEFERRED[group.name] = group
    app.registered_commands = []
    app.registered_groups = [group for group in app.registered_groups
                             if not isinstance(group.name, str)]


def command_names() -> list[str]:
    """Every top-level command, in the order ``pmkit --help`` lists them."""
    return list(_DEFERRED)


def _given(value: Any) -> Any:
    """A value set by pmkit, not one of Typer's placeholders for 'not given'."""
    from typer.models import DefaultPlaceholder

    return None if isinstance(value, DefaultPlaceholder) else value


class CommandShelf(MutableMapping[str, Any]):
    """The group's commands by name; a deferred one is built by Typer on first lookup."""

    def __init__(self, built: dict[str, Any], deferred: dict[str, Any]) -> None:
        self._built = dict(built)
        self._deferred = deferred
        self._order = [*deferred, *(name for name in built if name not in deferred)]

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            from typer.main import get_command_from_info, get_group_from_info
            from typer.models import TyperInfo

            info = self._deferred[name]  # KeyError: no such command
            if isinstance(info, TyperInfo):
                self._built[name] = get_group_from_info(
                    info, pretty_exceptions_short=app.pretty_exceptions_short,
                    suggest_commands=True, rich_markup_mode=None)
            else:
                self._built[name] = get_command_from_info(
                    info, pretty_exceptions_short=app.pretty_exceptions_short,
                    rich_markup_mode=None)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command
        if name not in self._order:
            self._order.append(name)

    def __delitem__(self, name: str) -> None:
        self._built.pop(name, None)
        self._order.remove(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def built(self) -> set[str]:
        """The commands built so far (the tests check that a run builds only its own)."""
        return set(self._built)

    def listing(self, name: str) -> Any:
        """What the help's command list needs (name, help, hidden), without the options."""
        if name in self._built or name not in self._deferred:
            return self[name]
        from inspect import cleandoc, getdoc

        from typer.core import TyperCommand
        from typer.models import TyperInfo

        info = self._deferred[name]
        if isinstance(info, TyperInfo):  # a sub-group: its help, as Typer would take it
            own = info.typer_instance.info if info.typer_instance is not None else None
            text = _given(info.help) or (_given(own.help) if own is not None else None)
            short = _given(info.short_help) or (_given(own.short_help) if own is not None else None)
            hidden = bool(_given(info.hidden) or (own is not None and _given(own.hidden)))
            deprecated = bool(_given(info.deprecated) or (own is not None and _given(own.deprecated)))
            return TyperCommand(name=name, help=cleandoc(text) if text else None, short_help=short,
                                hidden=hidden, deprecated=deprecated)
        text = cleandoc(info.help) if info.help is not None else getdoc(info.callback)
        return TyperCommand(name=name, help=text, short_help=info.short_help, hidden=info.hidden,
                            deprecated=info.deprecated)


class PmkitGroup(TyperGroup):
    """Turns pmkit's errors into one line on stderr and exit 2; no traceback unless --debug."""

    def __init__(self, *args: Any, commands: dict[str, Any] | None = None, **kwargs: Any) -> None:
        shelf: Any = CommandShelf(commands or {}, _DEFERRED)
        super().__init__(*args, commands=shelf, **kwargs)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of ``--help``, read from each command's help text alone."""
        shelf = self.commands
        listed = [(name, shelf.listing(name) if isinstance(shelf, CommandShelf) else shelf[name])
                  for name in self.list_commands(ctx)]
        listed = [(name, command) for name, command in listed if not command.hidden]
        if not listed:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in listed)
        with formatter.section("Commands"):
            formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in listed])

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(list(args)))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Usage errors (a missing argument, a bad ``--format``) as one line, exit 2."""
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except _ABORTS as exc:
            if isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):
                raise KeyboardInterrupt from None  # Ctrl-C while click parsed: exit 130
            sys.stderr.write("aborted; nothing was written\n")
            sys.exit(1)
        except _click.NoArgsIsHelpError as exc:  # plain `pmkit`: the help
            exc.show()
            sys.exit(exc.exit_code)
        except _click.ClickException as exc:
            sys.stderr.write(usage_line(exc) + "\n")
            sys.exit(exc.exit_code)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        from pmkit.errors import PmkitError, one_line

        try:
            return super().invoke(ctx)
        except PmkitError as exc:
            if debug_enabled(ctx):
                traceback.print_exc()
            sys.stderr.write(f"error: {one_line(str(exc))}\n")
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            sys.stderr.write("\ninterrupted; nothing was left half-written\n")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            from pmkit.cli.signals import quiet_exit_on_closed_pipe, stdout_closed

            if stdout_closed():  # the reader went away (`pmkit team | head -1`)
                quiet_exit_on_closed_pipe()
            if debug_enabled(ctx):
                raise
            sys.stderr.write("error: a git process pmkit was talking to ended unexpectedly "
                             "(run with --debug for details)\n")
            raise typer.Exit(2) from None
        except EOFError:
            sys.stderr.write("error: the input ended before the questions were answered; "
                             "nothing was written\n")
            raise typer.Exit(2) from None
        except Exception as exc:
            if type(exc).__module__.startswith("typer"):
                raise
            if debug_enabled(ctx):
                raise
            sys.stderr.write(f"error: unexpected {type(exc).__name__}: {one_line(str(exc))} "
                             "(run with --debug for details, and please report it)\n")
            raise typer.Exit(2) from None


class State:
    """What the global options said; the workspace is found only when a command asks.

    A plain class rather than a dataclass: ``dataclasses`` is one import ``--help`` can skip.
    """

    def __init__(self, workspace_option: str | None = None, no_commit: bool = False,
                 debug: bool = False) -> None:
        self.workspace_option = workspace_option
        self.no_commit = no_commit
        self.debug = debug
        self._workspace: Workspace | None = None

    def workspace(self) -> "Workspace":
        if self._workspace is None:
            from pmkit.workspace import Workspace, find_workspace

            self._workspace = Workspace(find_workspace(self.workspace_option), commit=not self.no_commit)
        return self._workspace


app = typer.Typer(
    cls=PmkitGroup,
    name="pmkit",
    help="Coach your product managers: a competency model, assessments, gaps, coaching plans "
    "and 1:1 agendas, in plain YAML and Markdown kept in git.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pmkit {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    workspace: str | None = typer.Option(
        None, "--workspace", "-w", metavar="PATH",
        help="The workspace folder [default: $PMKIT_WORKSPACE, else the nearest folder "
        "with pmkit.yaml].",
    ),
    no_commit: bool = typer.Option(False, "--no-commit", help="Write files but do not commit them."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks (also PMKIT_DEBUG=1)."),
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    ctx.obj = State(workspace_option=workspace, no_commit=no_commit, debug=debug)


GLOBAL_OPTIONS = ("Global options (before or after the command):\n"
                  "  -w, --workspace PATH  the workspace folder\n"
                  "  --no-commit           write files but do not commit them\n"
                  "  --debug               show tracebacks\n"
                  "  -V, --version         show the version")


def examples(*lines: str) -> str:
    """A command's epilog: examples to copy, and the global options it also takes."""
    shown = "\n".join(f"  {line}" for line in lines)
    return f"\b\nExamples:\n{shown}\n\n\b\n{GLOBAL_OPTIONS}"


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):  # pragma: no cover - only when a command runs alone
        obj = State()
        ctx.find_root().obj = obj
    return obj
