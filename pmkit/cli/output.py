"""Terminal output: rich when it helps, plain text when piped, never colour in JSON."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.box import Box
    from rich.console import Console


def is_terminal() -> bool:
    return sys.stdout.isatty()


def console(stderr: bool = False) -> Console:
    """A rich console; no colour under NO_COLOR or when piped (rich checks both)."""
    from rich.console import Console

    return Console(stderr=stderr, no_color="NO_COLOR" in os.environ or None,
                   highlight=False, soft_wrap=False)


def table_box() -> Box | None:
    """Box drawing only on a real terminal; piped output stays plain text."""
    if not is_terminal():
        return None
    from rich import box

    return box.SIMPLE_HEAD


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def echo(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def warn_line(text: str) -> None:
    sys.stderr.write(text + "\n")
