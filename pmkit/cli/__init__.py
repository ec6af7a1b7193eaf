"""pmkit's command line: a thin layer over the core in :mod:`pmkit`.

The first thing this module does, before it loads Typer and the commands, is make an
uncaught Ctrl-C end quietly with exit 130: so Ctrl-C while Python is still loading pmkit
ends as cleanly as Ctrl-C during a command (see :mod:`pmkit.cli.signals`).
"""

import sys


def _interrupted_hook(kind: type[BaseException], value: BaseException, tb: object) -> None:
    if issubclass(kind, KeyboardInterrupt):
        from pmkit.cli.signals import interrupted

        interrupted()
    _previous_hook(kind, value, tb)  # type: ignore[arg-type]


_previous_hook = sys.excepthook
sys.excepthook = _interrupted_hook

from pmkit.cli import coaching_cmds as _coaching_cmds  # noqa: E402, F401  (registers commands)
from pmkit.cli import community_cmds as _community_cmds  # noqa: E402, F401
from pmkit.cli import core_cmds as _core_cmds  # noqa: E402, F401
from pmkit.cli import demo_cmd as _demo_cmd  # noqa: E402, F401
from pmkit.cli import docs_cmds as _docs_cmds  # noqa: E402, F401
from pmkit.cli import loop_cmds as _loop_cmds  # noqa: E402, F401
from pmkit.cli import org_cmds as _org_cmds  # noqa: E402, F401
from pmkit.cli import see_cmds as _see_cmds  # noqa: E402, F401
from pmkit.cli import team_cmds as _team_cmds  # noqa: E402, F401
from pmkit.cli.app import app, defer_commands  # noqa: E402

defer_commands()

__all__ = ["app", "main"]


def main() -> None:
    """Run pmkit; Ctrl-C exits 130 and a closed output pipe ends quietly, at any moment."""
    from pmkit.cli.signals import guarded

    guarded(app)
