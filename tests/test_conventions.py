"""The habits of people who live in git, editors and terminals.

- a pre-commit hook (``.pre-commit-hooks.yaml``) and a plain git hook can run ``pmkit check``;
- the files ``init`` and ``add`` write name their JSON Schema on the first line, the schemas
  are in the workspace, a real JSON Schema validator accepts real files with them, and
  ``pmkit check`` keeps them current;
- ``NO_COLOR`` and piped output: no escape codes, no box drawing; JSON never has either;
- ``--version`` and shell completion.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pmkit import __version__
from pmkit.files import yamldoc as yamlio
from pmkit.files.plain import to_plain
from pmkit.model.editor_schemas import schema_files

from helpers import REPO_ROOT, commit_count, copy_workspace, git, invoke, isolate_git, run_in_pty

HERE = Path(__file__).resolve().parent
SMALL_MODEL = HERE / "hostile" / "model.yaml"
ESCAPE = re.compile(r"\x1b")
BOX_DRAWING = re.compile(r"[\u2500-\u257f]")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace on the pm-wheel model with two assessed PMs, built once."""
    with pytest.MonkeyPatch.context() as mp:
        isolate_git(tmp_path_factory.mktemp("conventions-home"), mp)
        return _build(tmp_path_factory.mktemp("conventions") / "ws")


@pytest.fixture
def ws(built: Path, tmp_path: Path) -> Path:
    return copy_workspace(built, tmp_path / "ws")


def _build(root: Path) -> Path:
    assert invoke(["init", str(root), "--manager", "Dana Lee"]).exit_code == 0
    for handle, level in (("alice", "pm"), ("bob", "senior")):
        assert invoke(["-w", str(root), "add", handle, "--name", handle.title(),
                       "--level", level]).exit_code == 0
    for date, rating in (("2026-08-20", "2"), ("2026-11-20", "3")):
        assert invoke(["-w", str(root), "assess", "alice", "--set", f"customer-insight={rating}",
                       "--set", "delivery=4", "--evidence", "delivery=Shipped checkout v2",
                       "--date", date]).exit_code == 0
    assert invoke(["-w", str(root), "assess", "bob", "--set", "customer-insight=2",
                   "--date", "2026-11-21"]).exit_code == 0
    assert invoke(["-w", str(root), "note", "alice", "Roadmap review"]).exit_code == 0
    return root


def run(root: Path | None, *args: str, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    front = ["-w", str(root)] if root is not None else []
    return subprocess.run([sys.executable, "-m", "pmkit", *front, *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, cwd=cwd, check=False)


# --- pre-commit ------------------------------------------------------------------------------


def test_pre_commit_hook_manifest() -> None:
    manifest = to_plain(yamlio.parse_text((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(),
                                          ".pre-commit-hooks.yaml", expect_mapping=False))
    hooks = {hook["id"]: hook for hook in manifest}
    hook = hooks["pmkit-check"]
    assert hook["entry"] == "pmkit check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is True
    try:
        from pre_commit.clientlib import load_manifest
    except ImportError:
        return
    loaded = load_manifest(str(REPO_ROOT / ".pre-commit-hooks.yaml"))
    assert loaded[0]["id"] == "pmkit-check"


def test_a_git_hook_running_pmkit_check_refuses_a_broken_commit(ws: Path) -> None:
    hook = ws / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\nexec {sys.executable} -m pmkit check\n")
    hook.chmod(0o755)
    alice = ws / "team" / "alice.yaml"
    alice.write_text(alice.read_text(encoding="utf-8").replace("level: pm", "level: pmm"))
    commits = commit_count(ws)
    refused = subprocess.run(["git", "commit", "-qam", "by hand"], cwd=ws, capture_output=True,
                             text=True, check=False)
    assert refused.returncode != 0
    assert "team/alice.yaml:3: unknown level 'pmm' (did you mean 'pm'?)" in \
        refused.stdout + refused.stderr
    assert commit_count(ws) == commits
    alice.write_text(alice.read_text(encoding="utf-8").replace("level: pmm", "level: senior"))
    git(ws, "commit", "-qam", "promoted")
    assert commit_count(ws) == commits + 1
    # pmkit's own commits pass the same hook
    assert invoke(["-w", str(ws), "note", "alice", "Congratulate"]).stderr == ""
    assert commit_count(ws) == commits + 2


# --- editor schemas ---------------------------------------------------------------------------

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def _schema_of(path: Path) -> Path:
    first = path.read_text(encoding="utf-8-sig").splitlines()[0]
    match = MODELINE.match(first)
    assert match, f"{path.name} does not start with a yaml-language-server line: {first!r}"
    return (path.parent / match.group(1)).resolve()


def _as_json(path: Path) -> Any:
    """The file as an editor's YAML language server sees it: keys are text, dates are text."""
    data = to_plain(yamlio.parse_bytes(path.read_bytes(), path.name).data)
    return json.loads(json.dumps(data, default=lambda v: v.isoformat()
                                 if isinstance(v, dt.date) else str(v)))


def test_init_and_add_files_name_their_schema(ws: Path) -> None:
    expected = {"pmkit.yaml": "settings", "model.yaml": "model", "team/alice.yaml": "person",
                "team/bob.yaml": "person"}
    for rel, kind in expected.items():
        schema = _schema_of(ws / rel)
        assert schema == (ws / ".pmkit" / "schemas" / f"{kind}.schema.json").resolve()
        assert schema.is_file()
    assert "team/alice.yaml" in git(ws, "ls-files")
    assert ".pmkit/schemas/person.schema.json" in git(ws, "ls-files")


def test_schemas_validate_real_files_with_a_real_validator(ws: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    checked = 0
    for rel in ("pmkit.yaml", "model.yaml", "team/alice.yaml", "team/bob.yaml"):
        schema = json.loads(_schema_of(ws / rel).read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        validator.check_schema(schema)
        errors = list(validator.iter_errors(_as_json(ws / rel)))
        assert errors == [], f"{rel}: {errors[0].message}"
        checked += 1
    model_schema = json.loads((ws / ".pmkit/schemas/model.schema.json").read_text())
    for shipped in sorted((REPO_ROOT / "models").glob("*.yaml")):
        jsonschema.validate(_as_json(shipped), model_schema,
                            cls=jsonschema.Draft202012Validator)
        checked += 1
    assert checked >= 7


@pytest.mark.parametrize(("old", "new", "where"), [
    ("level: pm", "level: [pm]", "level"),
    ("customer-insight: 3", "customer-insight: three", "customer-insight"),
    ("assessment:", "assesment:", "assesment"),
])
def test_schemas_reject_what_pmkit_rejects(ws: Path, old: str, new: str, where: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    alice = ws / "team" / "alice.yaml"
    alice.write_text(alice.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    schema = json.loads(_schema_of(alice).read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(_as_json(alice)))
    assert errors and any(where in (e.message + str(list(e.path))) for e in errors)
    assert run(ws, "check").returncode == 1


def test_check_restores_missing_and_outdated_schemas(ws: Path) -> None:
    folder = ws / ".pmkit" / "schemas"
    (folder / "person.schema.json").unlink()
    (folder / "model.schema.json").write_text('{"old": true}\n')
    git(ws, "add", "-A", ".pmkit")
    git(ws, "commit", "-q", "-m", "schemas from an older pmkit")
    commits = commit_count(ws)
    result = run(ws, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Refreshed the editor schemas" in result.stdout
    assert result.stderr == ""
    from pmkit.workspace import Workspace

    for path, data in schema_files(ws, Workspace(ws).model):  # built from the workspace's model
        assert path.read_bytes() == data
    assert commit_count(ws) == commits + 1
    assert git(ws, "status", "--porcelain") == ""
    again = run(ws, "check")
    assert again.returncode == 0 and "Refreshed" not in again.stdout
    assert commit_count(ws) == commits + 1


def test_check_inside_a_hook_does_not_write(ws: Path) -> None:
    schema = ws / ".pmkit" / "schemas" / "person.schema.json"
    schema.unlink()
    result = run(ws, "check", env={"PRE_COMMIT": "1"})
    assert result.returncode == 0
    assert "out of date" in result.stderr and result.stderr.count("\n") == 1
    assert not schema.exists()


def test_check_with_broken_settings_lists_them_and_writes_nothing(ws: Path) -> None:
    (ws / ".pmkit" / "schemas" / "person.schema.json").unlink()
    settings = ws / "pmkit.yaml"
    settings.write_text(settings.read_text().replace("cadence_days:", "cadense_days:"))
    result = run(ws, "check")
    assert result.returncode == 1
    assert "pmkit.yaml:5: unknown key 'cadense_days' (did you mean 'cadence_days'?)" in \
        result.stdout
    assert not (ws / ".pmkit" / "schemas" / "person.schema.json").exists()


def test_check_that_finds_problems_changes_nothing(ws: Path) -> None:
    schema = ws / ".pmkit" / "schemas" / "person.schema.json"
    schema.write_text("{}\n")
    alice = ws / "team" / "alice.yaml"
    alice.write_text(alice.read_text(encoding="utf-8").replace("level: pm", "level: pmm"))
    commits = commit_count(ws)
    result = run(ws, "check")
    assert result.returncode == 1
    assert schema.read_text() == "{}\n"
    assert commit_count(ws) == commits


def test_schema_command_matches_the_workspace_files(ws: Path) -> None:
    for kind in ("model", "person", "settings"):
        printed = json.loads(run(ws, "schema", kind).stdout)  # inside: built from its model
        stored = json.loads((ws / ".pmkit" / "schemas" / f"{kind}.schema.json").read_text())
        assert printed == stored
    generic = json.loads(run(None, "schema", "person", cwd=ws.parent).stdout)
    assert "enum" not in generic["properties"]["level"]


# --- terminals, pipes and NO_COLOR -----------------------------------------------------------

READERS = [
    ["gaps", "alice"], ["gaps", "alice", "--format", "md"], ["team"], ["team", "--format", "md"],
    ["history", "alice"], ["models"], ["plan", "alice", "--stdout"],
    ["oneonone", "alice", "--stdout", "--date", "2026-11-26"], ["check"], ["templates"],
    ["schema", "person"], ["--help"], ["gaps", "--help"],
]
JSON_READERS = [["gaps", "alice", "--format", "json"], ["team", "--format", "json"],
                ["history", "alice", "--format", "json"], ["models", "--format", "json"]]


def _available(args: list[str]) -> bool:
    from pmkit.cli.app import command_names

    names = set(command_names())
    return args[0].startswith("-") or args[0] in names


def test_piped_output_is_plain_text(ws: Path) -> None:
    """Every reading command, its output going to a pipe (a file, not a terminal)."""
    ran = 0
    for args in READERS + JSON_READERS:
        if not _available(args):
            continue
        result = invoke(["-w", str(ws), *args], env={"TERM": "xterm-256color", "COLUMNS": "100"})
        assert result.exit_code == 0, (args, result.stderr)
        for stream in (result.stdout, result.stderr):
            assert not ESCAPE.search(stream), (args, stream[:200])
            assert not BOX_DRAWING.search(stream), (args, stream[:200])
        ran += 1
    assert ran >= 8
    for args in (["gaps", "alice"], ["team"]):  # and two through a real pipe
        piped = run(ws, *args, env={"TERM": "xterm-256color"})
        assert piped.returncode == 0
        assert not ESCAPE.search(piped.stdout) and not BOX_DRAWING.search(piped.stdout)


def in_terminal(root: Path, args: list[str], env: dict[str, str]) -> str:
    """Run pmkit with a pseudo-terminal as stdin, stdout and stderr; return what it showed."""
    code, shown = run_in_pty(["-w", str(root), *args],
                             env={"TERM": "xterm-256color", "COLUMNS": "120", **env})
    assert code == 0, shown[-500:]
    return shown.replace("\r\n", "\n")


def test_a_terminal_gets_colour_but_not_under_no_color(ws: Path) -> None:
    shown = in_terminal(ws, ["gaps", "alice"], {})
    assert ESCAPE.search(shown), "a real terminal should get some styling"
    for args in (["gaps", "alice"], ["team"], ["history", "alice"], ["models"]):
        if not _available(args):
            continue
        plain = in_terminal(ws, args, {"NO_COLOR": "1"})
        assert not ESCAPE.search(plain), (args, plain[:300])


@pytest.mark.parametrize("args", JSON_READERS, ids=lambda a: "-".join(a[:1]))
def test_json_is_plain_even_in_a_coloured_terminal(ws: Path, args: list[str]) -> None:
    if not _available(args):
        pytest.skip(f"pmkit {args[0]} is not in this tree")
    shown = in_terminal(ws, args, {"FORCE_COLOR": "1", "CLICOLOR_FORCE": "1"})
    assert not ESCAPE.search(shown)
    json.loads(shown)


# --- --version and completion ----------------------------------------------------------------


def test_version() -> None:
    result = run(None, "--version")
    assert result.returncode == 0
    assert result.stdout == f"pmkit {__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+([.-]?\w+)?", __version__)


def test_shell_completion_script_and_answers() -> None:
    assert "--install-completion" in run(None, "--help").stdout
    script = Path(sys.executable).parent / "pmkit"
    if not script.is_file():
        pytest.skip("the pmkit console script is not installed next to this python")
    # Typer finds the shell among the parent processes: run it from bash (`; true` keeps
    # bash from replacing itself with pmkit), whatever started the test run.
    shown = subprocess.run(["bash", "-c", '"$0" --show-completion; status=$?; true; exit $status',
                            str(script)], capture_output=True, text=True, check=False)
    assert shown.returncode == 0
    assert "complete -o default -F _pmkit_completion pmkit" in shown.stdout
    answer = subprocess.run([str(script)], capture_output=True, text=True,
                            env={**os.environ, "_PMKIT_COMPLETE": "complete_bash",
                                 "COMP_WORDS": "pmkit ga", "COMP_CWORD": "1"}, check=False)
    assert answer.stdout.split() == ["gaps"]
