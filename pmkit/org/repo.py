"""The director's repository of exports: where it is, what it holds, and what it held before.

It is not a pmkit workspace: any folder (normally a git repository that each manager
commits their export to) holding files written by ``pmkit export``. It is found from
the path given to ``pmkit org``, else ``--workspace``, else ``$PMKIT_ORG``, else the
current folder. The previous version of each export is read from git, with one
``git log`` and one ``git cat-file`` whatever the number of teams.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pmkit.errors import InputError
from pmkit.files.reading import read_bytes_limited
from pmkit.org.aggregate import FORMAT
from pmkit.org.exports import SUFFIXES, Export, parse_export
from pmkit.store import blob_id

ENV_ORG = "PMKIT_ORG"
MARKER = FORMAT.encode("ascii")  # near the top of every export; other files are skipped


def find_org_root(given: str | None) -> Path:
    """The folder given, else ``$PMKIT_ORG``, else the current one; it must be a folder."""
    raw = given if given is not None else os.environ.get(ENV_ORG) or "."
    root = Path(raw).expanduser()
    if not root.is_dir():
        what = "is a file" if root.exists() else "does not exist"
        raise InputError(f"{raw} {what}; give the folder that holds the teams' exports "
                         "(a git repository each manager commits `pmkit export` to)")
    return root.resolve()


@dataclass
class OrgFiles:
    """Today's exports and, where git has one, each export's previous version."""

    root: Path
    current: list[Export]
    previous: dict[str, Export] = field(default_factory=dict)
    has_history: bool = False
    skipped: list[str] = field(default_factory=list)


def _export_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(SUFFIXES) and not name.startswith("."):
                found.append(Path(folder) / name)
    return found


def read_org(root: Path, with_history: bool = True) -> OrgFiles:
    """Every export under ``root`` (other files are ignored), and their previous versions."""
    from pmkit.git.blobs import BlobReader
    from pmkit.git.log import folder_versions, start_folder_log
    from pmkit.git.repo import GitRepo, find_git_dir
    from pmkit.git.runner import git_executable

    found = find_git_dir(root) if with_history and git_executable() else None
    repo = GitRepo(*found) if found else None
    log = None
    prefix = ""  # the exports' folder inside the repository, as git names paths
    if repo is not None:
        rel_root = repo.relative(root)
        prefix = "" if rel_root == "." else rel_root + "/"
        log = start_folder_log(repo, rel_root)
    try:
        current: list[Export] = []
        blobs: dict[str, str] = {}
        for path in _export_files(root):
            display = path.relative_to(root).as_posix()
            try:
                raw = read_bytes_limited(path)
            except OSError as exc:
                raise InputError(f"cannot read: {exc.strerror}", display) from None
            if MARKER not in raw[:600]:
                continue
            data = parse_export(raw, display)
            if data is None:
                continue
            current.append(Export(display, data))
            blobs[display] = blob_id(raw)
        versions = {}
        if log is not None and current:
            versions = folder_versions(log, {prefix + e.path: e.path for e in current})
    finally:
        if log is not None:
            log.close()
    out = OrgFiles(root, sorted(current, key=lambda e: e.team.lower()), has_history=repo is not None)
    if not versions or repo is None:
        return out
    wanted: dict[str, str] = {}
    for export in current:
        for version in versions.get(export.path, []):
            if version.blob != blobs[export.path]:
                wanted[export.path] = version.blob
                break
    # The versions are read as a checkout would write them (through the repository's
    # filters), by the same reader the history uses.
    with BlobReader(repo) as reader:
        for rel, blob in wanted.items():
            reader.request(blob, prefix + rel)
        olds = {rel: reader.read(blob, prefix + rel) for rel, blob in wanted.items()}
    for rel, old in olds.items():
        if old is None:
            continue
        try:
            data = parse_export(old, rel)
        except (InputError, UnicodeDecodeError):
            out.skipped.append(rel)
            continue
        if data is not None:
            out.previous[rel] = Export(rel, data)
    return out
