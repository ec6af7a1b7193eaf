"""The frictions of daily use: completion, editor schemas, help, a narrow terminal,
the version flag and the licence."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import REPO_ROOT, invoke, run_in_pty

SMALL_MODEL = Path(__file__).resolve().parent / "hostile" / "model.yaml"
COMMANDS = ["init", "models", "add", "assess", "gaps", "note", "check", "schema", "demo",
            "plan", "oneonone", "templates", "history", "team"]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("daily") / "ws"
    assert invoke(["init", str(root), "--model", str(SMALL_MODEL)]).exit_code == 0
    for handle, level in (("alice", "pm"), ("albert", "apm"), ("bo", "senior")):
        assert invoke(["-w", str(root), "add", handle, "--name", handle.title(),
                       "--level", level]).exit_code == 0
    assert invoke(["-w", str(root), "assess", "alice", "--set", "customer-insight=2"]).exit_code == 0
    return root


def complete(ws: Path, words: str) -> list[str]:
    from pmkit.cli import app

    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    result = CliRunner().invoke(app, [], prog_name="pmkit", env={
        "_PMKIT_COMPLETE": "complete_bash", "COMP_WORDS": f"pmkit -w {ws} {words}",
        "COMP_CWORD": str(cword + 3), "PMKIT_WORKSPACE": str(ws)})
    return result.stdout.split()


def test_completion_offers_the_workspace_words(ws: Path) -> None:
    assert complete(ws, "assess al") == ["albert", "alice"]
    assert complete(ws, "history ") == ["albert", "alice", "bo"]
    assert complete(ws, "add cy --name Cy --level ") == ["apm", "pm", "senior"]
    assert "customer-insight=" in complete(ws, "assess alice --set cu")
    assert complete(ws, "plan alice --focus deliv") == ["delivery"]
    assert "framing" in complete(ws, "plan alice --focus fr")  # an alias of the model
    assert complete(ws, "init --model s") == ["svpg"]
    assert "plan.md.j2" in complete(ws, "templates p")


def test_editor_schemas_know_the_model_and_speak_plainly(ws: Path) -> None:
    import jsonschema

    schema = json.loads((ws / ".pmkit" / "schemas" / "person.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    good = {"name": "Alice", "level": "pm",
            "assessment": {"date": "2026-11-20", "ratings": {"customer-insight": 2,
                                                             "delivery": {"rating": 4}}}}
    assert list(validator.iter_errors(good)) == []
    for bad in ({**good, "level": "principal"},
                {**good, "assessment": {"date": "2026-11-20", "ratings": {"delivery": 9}}},
                {**good, "assessment": {"date": "2026-11-20", "ratings": {"custmer-insight": 2}}}):
        assert list(validator.iter_errors(bad)), bad

    def walk(node: object) -> None:
        if isinstance(node, dict):
            assert "title" not in node or not isinstance(node["title"], str), node
            for body in (node.get("properties") or {}).values():
                assert body.get("description"), body
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for kind in ("model", "person", "settings"):
        walk(json.loads((ws / ".pmkit" / "schemas" / f"{kind}.schema.json").read_text()))


def test_check_keeps_the_schemas_in_step_with_the_model(ws: Path, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(ws, root)
    model = root / "model.yaml"
    model.write_text(model.read_text().replace("  - id: senior", "  - id: principal\n"
                                                "    name: Principal PM\n  - id: senior"))
    text = model.read_text()
    text = text.replace("senior: ", "principal: 4, senior: ")
    model.write_text(text)
    checked = invoke(["-w", str(root), "check"])
    assert "Refreshed the editor schemas" in checked.stdout, checked.stdout + checked.stderr
    schema = json.loads((root / ".pmkit" / "schemas" / "person.schema.json").read_text())
    assert "principal" in schema["properties"]["level"]["enum"]


def test_every_command_has_an_example_and_shows_the_global_options() -> None:
    for command in COMMANDS:
        shown = invoke([command, "--help"])
        assert shown.exit_code == 0
        assert "Examples:" in shown.stdout and f"pmkit {command}" in shown.stdout, command
        assert "--workspace" in shown.stdout and "--no-commit" in shown.stdout, command


def test_version_flag_and_licence() -> None:
    for flag in ("-V", "--version"):
        assert invoke([flag]).stdout.startswith("pmkit ")
    assert "MIT License" in (REPO_ROOT / "LICENSE").read_text()
    assert "pmkit developers" in (REPO_ROOT / "LICENSE").read_text()
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    assert "LICENSE" in config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert config["project"]["license-files"] == ["LICENSE"]


def test_the_readme_pre_commit_example_names_no_missing_tag() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    section = readme[readme.index("## pre-commit hook"):]
    section = section[:section.index("\n## ", 5)]
    assert "rev: main" in section and "v0.1.0" not in section


def in_terminal(args: list[str], cwd: Path, columns: int) -> str:
    env = {"COLUMNS": str(columns), "LINES": "200", "TERM": "dumb", "NO_COLOR": "1"}
    return run_in_pty(args, cwd, env)[1].replace("\r\n", "\n")


def test_team_reads_at_sixty_columns_and_says_what_it_left_out(tmp_path: Path) -> None:
    root = tmp_path / "wheel"
    assert invoke(["init", str(root)]).exit_code == 0  # pm-wheel: eight areas
    handles = ("priyanka-s", "marcus", "fatima-al")
    for handle in handles:
        assert invoke(["-w", str(root), "add", handle, "--name", handle.title(),
                       "--level", "pm"]).exit_code == 0
    assert invoke(["-w", str(root), "assess", "marcus", "--set", "customer-insight=1",
                   "--set", "delivery=4"]).exit_code == 0
    shown = in_terminal(["team"], root, 60)
    lines = shown.splitlines()
    assert all(len(line) <= 60 for line in lines), [line for line in lines if len(line) > 60]
    assert "Left out to fit 60 columns" in shown
    assert "\u2026" not in shown  # no handle or number cut short
    for handle in handles:
        assert any(line.split()[:1] == [handle] for line in lines), (handle, shown)
