"""The shipped models and templates are found from a wheel and from a checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pmkit.shipped import data_dir

from helpers import REPO_ROOT


def test_checkout_falls_back_to_top_level_folders() -> None:
    if (Path(__import__("pmkit").__file__).parent / "_data").exists():
        pytest.skip("running from an installed wheel")
    assert data_dir("models") == REPO_ROOT / "models"
    assert data_dir("templates") == REPO_ROOT / "templates"


@pytest.mark.slow
def test_wheel_ships_models_and_templates_and_uses_them(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(out), str(REPO_ROOT)],
                   check=True, capture_output=True)
    wheel = next(out.glob("pmkit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    for model_id in ("pm-wheel", "svpg", "competency-toolkit"):
        assert f"pmkit/_data/models/{model_id}.yaml" in names
    assert any(n.startswith("pmkit/_data/templates/") for n in names)

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--target", str(target), str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import pmkit.shipped as r; "
                            "print(r.data_dir('models'))"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()) == target / "pmkit" / "_data" / "models"
    listed = subprocess.run([sys.executable, "-m", "pmkit", "models", "--format", "json"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert {m["id"] for m in json.loads(listed.stdout)["models"]} == {
        "pm-wheel", "svpg", "competency-toolkit"}
    created = subprocess.run([sys.executable, "-m", "pmkit", "--no-commit", "init", "ws",
                              "--model", "svpg"], cwd=tmp_path, env=env, capture_output=True,
                             text=True, check=False)
    assert created.returncode == 0, created.stderr
    assert "id: svpg" in (tmp_path / "ws" / "model.yaml").read_text()
