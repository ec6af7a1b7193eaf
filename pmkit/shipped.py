"""Where the shipped models, templates and example team live.

In a wheel they are package data under ``pmkit/_data``; in a checkout (an editable
install) they are the repository's top-level folders.
"""

from __future__ import annotations

from pathlib import Path

from pmkit.errors import InputError
from pmkit.suggest import suggest_known

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (models, templates or examples) from the wheel or the checkout."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise InputError(f"pmkit's shipped '{name}' folder is missing; reinstall pmkit")


def shipped_models() -> dict[str, Path]:
    """Model id -> file, in a stable order."""
    return {path.stem: path for path in sorted(data_dir("models").glob("*.yaml"))}


def shipped_model(model_id: str) -> Path:

    models = shipped_models()
    if model_id not in models:
        raise InputError(
            f"unknown model '{model_id}'{suggest_known(model_id, models, 'shipped models')}; "
            "give a shipped model id or a path to a model file"
        )
    return models[model_id]
