"""Create a workspace: settings, the chosen model, editor schemas, and a first commit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pmkit.errors import InputError
from pmkit.files import atomic
from pmkit.files.reading import control_character, read_input
from pmkit.git.repo import GitRepo, find_git_dir, init_repo
from pmkit.git.runner import git_executable
from pmkit.loading import load_bytes
from pmkit.model.editor_schemas import schema_comment, schema_files
from pmkit.model.rules import model_problems
from pmkit.model.schema import CompetencyModel
from pmkit.shipped import shipped_model, shipped_models
from pmkit.workspace import SETTINGS_FILE

SETTINGS_TEMPLATE = """\
{schema}# pmkit workspace settings. Every key is optional; the values shown are the defaults.
manager: {manager}
model: model.yaml          # the competency model, relative to this folder
cadence_days: 7            # days between 1:1s
reassess_after_days: 90    # an older assessment is flagged as stale
plan:
  focus: 3                 # focus areas in a coaching plan
  horizon_days: 90         # a plan's length; milestones fall inside it
git:
  autocommit: true         # commit every file pmkit writes
# holidays: [2026-12-25, 2027-01-01]   # days with no 1:1 and no milestone: they move to the next 1:1 day
"""

WORKSPACE_README = """\
# Coaching workspace

This folder is a [pmkit](https://pypi.org/project/pmkit/) workspace: plain YAML and
Markdown, with git keeping the history. It holds personal data about the people you
manage: keep the repository private.

| path | what it holds |
|---|---|
| `pmkit.yaml` | settings |
| `model.yaml` | your competency model: edit it to make it your own |
| `team/<handle>.yaml` | one PM: level, latest assessment, plan decisions, talking points |
| `plans/<handle>.md` | coaching plans (`pmkit plan HANDLE`), safe to share with that PM |
| `oneonones/<handle>/<date>.md` | 1:1 agendas and your notes (`pmkit oneonone HANDLE`) |
| `templates/` | your own versions of pmkit's templates (`pmkit templates`) |

Run `pmkit check` to validate everything, `pmkit team` for the whole team.
"""


def model_source(model_ref: str | None) -> tuple[str, bytes]:
    """(display name, bytes) of a shipped model id or a model file path."""
    ref = model_ref or "pm-wheel"
    candidate = Path(ref).expanduser()
    if ref not in shipped_models() and (candidate.suffix in {".yaml", ".yml"} or "/" in ref
                                        or candidate.exists()):
        if not candidate.is_file():
            raise InputError("model file not found", ref)

        return str(candidate), read_input(candidate, str(candidate))
    path = shipped_model(ref)
    return path.stem, path.read_bytes()


def create_workspace(target: Path, model_ref: str | None, manager: str | None, *,
                     durable: bool = True) -> list[Path]:
    """Write a new workspace into ``target``; returns the files written.

    ``durable=False`` skips the fsyncs, for a folder that is built whole and moved into
    place (the demo), where a crash midway leaves only a hidden folder to rebuild.
    """
    if manager and control_character(manager):
        raise InputError(f"--manager holds a control character ({control_character(manager)}); "
                         "remove it")
    if (target / SETTINGS_FILE).exists():
        raise InputError("is already a pmkit workspace", target / SETTINGS_FILE)
    if target.exists() and not target.is_dir():
        raise InputError("exists and is not a folder", target)
    name, raw = model_source(model_ref)
    loaded = load_bytes(raw, Path(name), name, CompetencyModel, None, model_problems)
    text = raw.decode("utf-8-sig")
    if "yaml-language-server" not in text.split("\n", 1)[0]:
        text = schema_comment("model") + text
    manager_value = json.dumps(manager, ensure_ascii=False) if manager else '""          # your name'
    files: list[tuple[Path, bytes]] = [
        (target / SETTINGS_FILE,
         SETTINGS_TEMPLATE.format(schema=schema_comment("settings"), manager=manager_value).encode()),
        (target / "model.yaml", text.encode("utf-8")),
        (target / "team" / ".gitkeep", b""),
        *schema_files(target, loaded.obj),
    ]
    if not (target / "README.md").exists():
        files.append((target / "README.md", WORKSPACE_README.encode("utf-8")))
    target.mkdir(parents=True, exist_ok=True)
    atomic.write_files(files, durable=durable)
    _ = loaded
    return [path for path, _ in files]


@dataclass(frozen=True)
class Initialised:
    files: list[Path]
    committed: bool
    warnings: list[str]
    in_git: bool = False  # a repository holds the workspace (committed or not)


def init_workspace(target: Path, model_ref: str | None, manager: str | None, *,
                   commit: bool = True) -> Initialised:
    """Create the workspace, then ``git init`` (unless inside a repository) and commit it."""
    files = create_workspace(target, model_ref, manager)
    if not commit:
        return Initialised(files, False, [])
    if git_executable() is None:
        return Initialised(files, False, ["note: git is not installed, so pmkit keeps no history "
                                          "for this workspace"])
    found = find_git_dir(target)
    repo = GitRepo(*found) if found else init_repo(target)
    if repo is None:
        return Initialised(files, False, [])
    result = repo.commit(files, f"init: pmkit workspace with model {model_ref or 'pm-wheel'}")
    if not result.committed and result.reason:
        return Initialised(files, False, ["warning: the workspace is written but not committed: "
                                          f"{result.reason}"], in_git=True)
    return Initialised(files, result.committed, [], in_git=True)
