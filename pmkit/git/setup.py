"""How a clone is set up, read from its files: filters, partial and shallow clones.

History reads old versions; what it can promise depends on the clone. A filter
(git-crypt, git-lfs, an eol rule) changes what a version looks like in the work tree,
a partial clone lacks some versions and may not fetch them here, and a shallow clone
stops at a boundary. Each is found without running git, except the list of objects a
partial clone has, which costs one process.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from pmkit.git.runner import SPARSE_FIX, run_git

if TYPE_CHECKING:
    from pmkit.git.repo import GitRepo

# Attributes that make a checkout differ from the stored bytes.
_CONVERTING = re.compile(rb"\b(filter|eol|text|working-tree-encoding|ident)\b")


def common_dir(repo: GitRepo) -> Path:
    """The folder that holds the config and objects (a linked work tree points to it)."""
    pointer = repo.git_dir / "commondir"
    try:
        named = pointer.read_text(encoding="utf-8").strip()
    except OSError:
        return repo.git_dir
    folder = Path(named)
    return (folder if folder.is_absolute() else repo.git_dir / folder).resolve()


def has_filters(repo: GitRepo, path: str) -> bool:
    """True when an attributes file that can apply to ``path`` (relative to the top)
    converts content on checkout."""
    candidates = [repo.git_dir / "info" / "attributes", common_dir(repo) / "info" / "attributes",
                  repo.top / ".gitattributes"]
    folder = repo.top
    for part in Path(path).parent.parts:
        folder = folder / part
        candidates.append(folder / ".gitattributes")
    for candidate in dict.fromkeys(candidates):
        try:
            if _CONVERTING.search(candidate.read_bytes()[:65536]):
                return True
        except OSError:
            continue
    return False


def _config_text(repo: GitRepo) -> str:
    """The repository's config and, where it has one, this work tree's own."""
    texts = []
    for path in (common_dir(repo) / "config", repo.git_dir / "config.worktree"):
        try:
            texts.append(path.read_text(encoding="utf-8", errors="replace").lower())
        except OSError:
            continue
    return "\n".join(texts)


def is_partial(repo: GitRepo) -> bool:
    """A partial clone (``--filter``): some objects live only on the remote."""
    text = _config_text(repo)
    return "partialclone" in text or re.search(r"promisor\s*=\s*true", text) is not None


def present_objects(repo: GitRepo) -> set[str]:
    """Every object this clone has, without fetching any."""
    listed = run_git(["-c", "protocol.allow=never", "cat-file", "--batch-all-objects",
                      "--batch-check=%(objectname)", "--unordered"], cwd=repo.top)
    return set(listed.stdout.decode("ascii", "replace").split())


def shallow_boundary(repo: GitRepo) -> bool:
    """True in a shallow clone: history stops at the commits listed in ``shallow``."""
    try:
        return (common_dir(repo) / "shallow").stat().st_size > 0
    except OSError:
        return False


SHALLOW_NOTE = ("note: this is a shallow clone, so the history stops where the clone does; "
                "run `git fetch --unshallow` to see all of it")
PARTIAL_NOTE = ("note: this partial clone lacks {count} of the versions; pmkit does not fetch "
                "them (run `git fetch --refetch`, or clone without --filter, to read them)")


def is_sparse(repo: GitRepo) -> bool:
    """A sparse checkout: some tracked files are left out of the work tree on purpose."""
    return re.search(r"sparsecheckout\s*=\s*true", _config_text(repo)) is not None


SPARSE_HINT = f"this clone has a sparse checkout, which may leave the file out: {SPARSE_FIX}"
