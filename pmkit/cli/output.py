"""Terminal output: rich when it helps, plain text when piped, never colour in JSON."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.box import Box
    from rich.console import Console


def is_terminal() -> bool:
    return sys.stdout.isatty()


def no_color() -> bool:
    """``NO_COLOR`` set to anything but the empty string (https://no-color.org)."""
    return bool(os.environ.get("NO_COLOR"))


def console(stderr: bool = False) -> Console:
    """A rich console: plain text when piped (rich checks), and under NO_COLOR no escape
    codes at all, not even bold, so the output reads the same in any terminal or log."""
    from rich.console import Console

    if no_color():
        return Console(stderr=stderr, no_color=True, color_system=None, highlight=False,
                       soft_wrap=False)
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def table_box() -> Box | None:
    """Box drawing only on a real terminal; piped output stays plain text."""
    if not is_terminal():
        return None
    from rich import box

    return box.SIMPLE_HEAD


def print_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def echo(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def warn_line(text: str) -> None:
    sys.stderr.write(text + "\n")
