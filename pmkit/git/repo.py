"""Git as pmkit's database: commit exactly the files written, and say why when not.

A missing git, an unborn branch, a detached HEAD, a merge in progress, a missing identity
or a rejecting hook never lose data: the files stay written and the reason is reported.
Every process goes through :mod:`pmkit.git.runner`.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pmkit.errors import EnvironmentProblem
from pmkit.git.runner import explained, failure, git_executable, reason, run_git


@dataclass(frozen=True)
class CommitResult:
    committed: bool
    reason: str | None = None
    sha: str | None = None


def find_git_dir(start: Path) -> tuple[Path, Path] | None:
    """(work tree top, git folder) of the repository holding ``start``, without running git."""
    for folder in (start, *start.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return folder, dot_git
        if dot_git.is_file():
            text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                named = text.partition(":")[2].strip()
                target = Path(named)
                target = (target if target.is_absolute() else (folder / target)).resolve()
                if not (target / "HEAD").is_file():
                    # pmkit keeps its cache and lock in the git folder: never create one elsewhere.
                    raise EnvironmentProblem(
                        f"{dot_git} says the repository is in {named}, but there is no git "
                        "repository there (moved or deleted?); fix the path in that .git file, "
                        "or remove the file and run `git init`")
                return folder, target
    return None


class GitRepo:
    """A work tree with a git folder; every call is one ``git`` process."""

    def __init__(self, top: Path, git_dir: Path):
        self.top = top
        self.git_dir = git_dir

    def run(self, args: Sequence[str], *, input: bytes | None = None,
            check: bool = False) -> subprocess.CompletedProcess[bytes]:
        result = run_git(args, cwd=self.top, input=input)
        if check and result.returncode != 0:
            raise EnvironmentProblem(failure(args[0], result))
        return result

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.top.resolve()).as_posix()

    def in_progress(self) -> str | None:
        """Why committing now would be wrong, or None."""
        for marker, what in (("MERGE_HEAD", "a merge"), ("rebase-merge", "a rebase"),
                             ("rebase-apply", "a rebase"), ("CHERRY_PICK_HEAD", "a cherry-pick"),
                             ("REVERT_HEAD", "a revert"), ("BISECT_LOG", "a bisect")):
            if (self.git_dir / marker).exists():
                return (f"{what} is in progress in this repository; finish it, then commit "
                        "the file yourself")
        try:
            head = (self.git_dir / "HEAD").read_text(encoding="utf-8").strip()
        except OSError:
            return None
        if not head.startswith("ref:"):
            return ("HEAD is detached (no branch is checked out); check out a branch, then "
                    "commit the file yourself")
        return None

    def commit(self, paths: Sequence[Path], message: str) -> CommitResult:
        """Commit exactly ``paths``; other staged or unstaged changes stay as they are.

        ``git commit --only`` takes the files as they are on disk, so pmkit never stages
        anything itself: new files get an intent-to-add entry, taken back if the commit
        fails or is interrupted, and the user's index is as it was whatever happens. A
        file that an ignore rule (the workspace's, or a global excludes file) hides is not
        forced in: the reason names the rule. git may not invent an
        identity (``user.useConfigOnly``): without one, the reason says how to set it.
        """
        busy = self.in_progress()
        if busy:
            return CommitResult(False, busy)
        rel = [self.relative(p) for p in paths]
        listed = self.run(["--literal-pathspecs", "ls-files", "-z", "--", *rel])
        if listed.returncode != 0:
            return CommitResult(False, failure("ls-files", listed))
        known = set(listed.stdout.decode("utf-8", "surrogateescape").split("\0"))
        new = [r for r in rel if r not in known]
        if not new and self.has_commits():
            same = self.run(["--literal-pathspecs", "diff", "--quiet", "HEAD", "--", *rel])
            if same.returncode == 0:
                return CommitResult(False, None)  # nothing new to commit
        committed = False
        try:
            if new:
                added = self.run(["--literal-pathspecs", "add", "--intent-to-add", "--", *new])
                if added.returncode != 0:
                    return CommitResult(False, self._add_failure(added, new))
            result = self.run(["--literal-pathspecs", "-c", "user.useConfigOnly=true", "commit",
                               "--quiet", "--only", "-m", message, "--", *rel])
            if result.returncode != 0:
                return CommitResult(False, _commit_failure(result.stderr + b"\n" + result.stdout))
            committed = True
        finally:
            if new and not committed:  # a failed or interrupted commit leaves the index as it was
                self.run(["--literal-pathspecs", "rm", "--cached", "--quiet", "--ignore-unmatch",
                          "--", *new])
        sha = self.run(["rev-parse", "HEAD"]).stdout.decode().strip() or None
        return CommitResult(True, None, sha)

    def head(self) -> str | None:
        """The commit HEAD names, or None before the first commit."""
        done = self.run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
        sha = done.stdout.decode("ascii", "replace").strip()
        return sha if done.returncode == 0 and len(sha) >= 40 else None

    def is_ancestor(self, older: str, newer: str) -> bool:
        """Is ``older`` in the history of ``newer`` (no rebase or reset in between)?"""
        return self.run(["merge-base", "--is-ancestor", older, newer]).returncode == 0

    def _add_failure(self, added: subprocess.CompletedProcess[bytes], new: Sequence[str]) -> str:
        """Why git would not take the new files: an ignore rule (named, with its file), or git's words."""
        said = (added.stderr + added.stdout).decode("utf-8", "replace")
        if "ignored by one of your .gitignore files" not in said:
            return failure("add", added)
        rules = self.run(["check-ignore", "--verbose", "--no-index",
                          "--", *new]).stdout.decode("utf-8", "replace").splitlines()
        first = rules[0] if rules else ""
        source, _, rest = first.partition(":")
        _line, _, rest = rest.partition(":")
        pattern, _, path = rest.partition("\t")
        where = f" (rule {pattern!r} in {source})" if pattern and source else ""
        return (f"git ignores {path or new[0]}{where}, so pmkit would not commit it; add the line "
                f"'!{path or new[0]}' (or a '!' rule for its folder) to the workspace's .gitignore, "
                "or remove the rule")

    def has_commits(self) -> bool:
        return self.head() is not None


IDENTITY_HELP = ("git does not know who you are, and pmkit will not invent a name; set one "
                 "with `git config --global user.name \"Your Name\"` and "
                 "`git config --global user.email you@example.com`, then commit the file")


def _commit_failure(raw: bytes) -> str:
    """Why ``git commit`` failed, in one line: identity, a hook's own words, or git's error."""
    text = raw.decode("utf-8", "replace")
    lowered = text.lower()
    if any(sign in lowered for sign in ("tell me who you are", "auto-detect", "empty ident",
                                        "no email was given", "no name was given")):
        return IDENTITY_HELP
    if any(line.lower().startswith(("error", "fatal")) for line in text.splitlines()):
        return explained(text) or f"git commit failed: {reason(text)}"
    return f"a git hook (pre-commit or commit-msg) rejected the commit: {reason(text)}"


def init_repo(folder: Path) -> GitRepo | None:
    """``git init`` a folder; None when git is not installed."""
    if git_executable() is None:
        return None
    result = run_git(["init", "--quiet", str(folder)], cwd=folder)
    if result.returncode != 0:
        raise EnvironmentProblem(failure("init", result))
    return GitRepo(folder, folder / ".git")
