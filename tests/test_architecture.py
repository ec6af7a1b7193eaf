"""The house keeps its shape: layers import only downwards, no module grows too large."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from helpers import REPO_ROOT

PACKAGE = REPO_ROOT / "pmkit"
HEAVY = {"pydantic", "pydantic_core", "ruamel", "yaml", "jinja2", "rich", "markdown_it", "typer"}


def test_the_layers_contract_holds() -> None:
    """import-linter's layers and the CLI-only contract, as `lint-imports` checks them."""
    script = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(script)], cwd=REPO_ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_every_module_is_in_a_layer() -> None:
    import tomllib

    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = config["tool"]["importlinter"]["contracts"][0]["layers"]
    named = {part.strip() for layer in layers for part in layer.replace(":", "|").split("|")}
    tops = {f"pmkit.{p.stem}" for p in PACKAGE.iterdir()
            if (p.suffix == ".py" and not p.name.startswith("__"))
            or (p.is_dir() and (p / "__init__.py").exists() and p.name != "_data")}
    assert tops <= named, f"add these to the layers in pyproject.toml: {sorted(tops - named)}"


def test_no_module_is_over_about_400_lines() -> None:
    sizes = {p.relative_to(REPO_ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in PACKAGE.rglob("*.py")}
    large = {name: n for name, n in sizes.items() if n > 440}
    assert not large, f"split these modules: {large}"


def test_the_core_imports_heavy_libraries_only_where_needed() -> None:
    """Outside the CLI, pydantic, ruamel, jinja2 and the like are imported inside functions."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in HEAVY]
    assert not offenders
