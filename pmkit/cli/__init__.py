"""pmkit's command line: a thin layer over the core in :mod:`pmkit`."""

from __future__ import annotations

from pmkit.cli import community_cmds as _community_cmds  # noqa: F401
from pmkit.cli import core_cmds as _core_cmds  # noqa: F401  (registers commands)
from pmkit.cli import demo_cmd as _demo_cmd  # noqa: F401
from pmkit.cli import docs_cmds as _docs_cmds  # noqa: F401
from pmkit.cli import org_cmds as _org_cmds  # noqa: F401
from pmkit.cli import team_cmds as _team_cmds  # noqa: F401
from pmkit.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
