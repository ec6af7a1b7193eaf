"""Shell completion of the words a manager types most: handles, competency ids, levels,
model ids and template names.

Each callback reads the workspace as cheaply as it can (handles are file names; the
model comes through the store's cache) and never fails: a completion that cannot read
the workspace offers nothing rather than an error in the middle of a command line.
"""

from __future__ import annotations

from typing import Any


def _workspace(ctx: Any) -> Any:
    from pmkit.workspace import Workspace, find_workspace

    root = ctx.find_root() if ctx is not None else None
    given = (root.params or {}).get("workspace") if root is not None else None
    return Workspace(find_workspace(given), commit=False, warn=lambda _m: None)


def _matching(words: list[str], incomplete: str) -> list[str]:
    return [w for w in words if w.startswith(incomplete)]


def handles(ctx: Any, incomplete: str) -> list[str]:
    """The PMs of the workspace (from team/*.yaml, no file is parsed)."""
    try:
        return _matching(_workspace(ctx).handles(), incomplete)
    except Exception:  # completion must never break the shell
        return []


def _ids(ctx: Any) -> list[str]:
    index = _workspace(ctx).index
    aliases = [a for placed in index.placed for a in placed.competency.aliases]
    return [*index.all_ids, *aliases]


def competencies(ctx: Any, incomplete: str) -> list[str]:
    """Competency ids of the workspace's model, and their aliases."""
    try:
        return _matching(_ids(ctx), incomplete)
    except Exception:
        return []


def competency_pairs(ctx: Any, incomplete: str) -> list[str]:
    """``ID=`` for ``--set`` and ``--evidence``; after the ``=``, the scale for ``--set``."""
    try:
        if "=" in incomplete:
            key, _, value = incomplete.partition("=")
            index = _workspace(ctx).index
            return [f"{key}={n}" for n in range(index.low, index.high + 1)
                    if str(n).startswith(value)]
        return [f"{cid}=" for cid in _matching(_ids(ctx), incomplete)]
    except Exception:
        return []


def levels(ctx: Any, incomplete: str) -> list[str]:
    try:
        return _matching(list(_workspace(ctx).index.level_ids), incomplete)
    except Exception:
        return []


def model_ids(incomplete: str) -> list[str]:
    try:
        from pmkit.shipped import shipped_models

        return _matching(list(shipped_models()), incomplete)
    except Exception:
        return []


def template_names(ctx: Any, incomplete: str) -> list[str]:
    try:
        from pmkit.documents.render import list_templates

        try:
            root = _workspace(ctx).root
        except Exception:  # outside a workspace: the shipped ones
            root = None
        return _matching([t.name for t in list_templates(root)], incomplete)
    except Exception:
        return []
