"""pydantic-core's compiled validator engine, loaded without its Python typing layer.

``import pydantic_core`` first imports ``core_schema``: some two hundred TypedDicts and
``typing_extensions``, a fifth of a cold run, there only to describe schemas to type
checkers. A validator built from a kept core schema (:mod:`pmkit.model.schema_cache`)
needs none of it: ``SchemaValidator`` and ``ValidationError`` live in the compiled
``pydantic_core._pydantic_core``. This module loads that extension under its own name
and registers it in ``sys.modules``, so a later ``import pydantic_core`` (pydantic, when
a schema must be built) finds and reuses the very same module: one engine per process.

Anything unexpected (pydantic-core already imported, another layout, a loader error)
falls back to the ordinary import.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

_NAME = "pydantic_core._pydantic_core"
_ENGINE: ModuleType | None = None


def engine() -> Any:
    """The module holding ``SchemaValidator``, ``ValidationError`` and ``__version__``."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = sys.modules.get(_NAME) or _load_alone() or _import_package()
    return _ENGINE


def version() -> str:
    """pydantic-core's version: part of the kept schemas' fingerprint."""
    return str(engine().__version__)


def attach() -> None:
    """Make ``pydantic_core._pydantic_core`` an attribute of the package once the package
    is imported: the import system sets it only when it loads the submodule itself."""
    package = sys.modules.get("pydantic_core")
    loaded = sys.modules.get(_NAME)
    if package is not None and loaded is not None and not hasattr(package, "_pydantic_core"):
        package._pydantic_core = loaded  # type: ignore[attr-defined]


def _load_alone() -> ModuleType | None:
    if "pydantic_core" in sys.modules:
        return None
    try:
        import importlib.machinery
        import importlib.util
        from pathlib import Path

        package = importlib.util.find_spec("pydantic_core")
        if package is None or not package.submodule_search_locations:
            return None
        suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
        for folder in package.submodule_search_locations:
            for entry in sorted(Path(folder).iterdir()):
                if entry.name.startswith("_pydantic_core.") and entry.name.endswith(suffixes):
                    path = str(entry)
                    loader = importlib.machinery.ExtensionFileLoader(_NAME, path)
                    spec = importlib.util.spec_from_file_location(_NAME, path, loader=loader)
                    if spec is None:
                        return None
                    module = importlib.util.module_from_spec(spec)
                    sys.modules[_NAME] = module
                    try:
                        loader.exec_module(module)
                    except BaseException:
                        sys.modules.pop(_NAME, None)
                        raise
                    return module
    except (ImportError, OSError, ValueError):
        return None
    return None


def _import_package() -> ModuleType:
    import pydantic_core

    return pydantic_core
