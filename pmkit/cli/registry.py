"""Extra checks that ``pmkit check`` runs beyond the YAML files (templates, schemas)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.workspace import Workspace

Check = Callable[["Workspace"], list[str]]


def extra_checks() -> list[Check]:
    checks: list[Check] = []
    return checks
