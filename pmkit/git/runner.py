"""The one way pmkit runs git: an argument list, a clean environment, a readable failure.

Git hooks and shells export variables that redirect git: ``GIT_DIR`` sends every command
to another repository, ``GIT_WORK_TREE`` to another folder, ``GIT_INDEX_FILE`` to another
index. pmkit works on the workspace it found, so every git process it starts drops the
``GIT_*`` variables except the few that say who commits, where git's own configuration
lives and how to reach a remote (as pre-commit does for the hooks it runs).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from pmkit.errors import EnvironmentProblem

# Variables that say who commits, where configuration lives, or how to reach a remote:
# none of them changes which repository, work tree, index or objects git uses.
_KEPT = frozenset({
    "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
    "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM",
    "GIT_EXEC_PATH", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSL_CAINFO", "GIT_SSL_NO_VERIFY",
    "GIT_ASKPASS", "GIT_HTTP_PROXY_AUTHMETHOD", "GIT_ALLOW_PROTOCOL",
})


def git_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of every git process pmkit starts."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("GIT_") or key in _KEPT}
    # GIT_NO_LAZY_FETCH: a partial clone never reaches the network behind the user's back.
    env.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_NO_LAZY_FETCH": "1"})
    if extra:
        env.update(extra)
    return env


def git_executable() -> str | None:
    return shutil.which("git")


def require_git() -> str:
    exe = git_executable()
    if exe is None:
        raise EnvironmentProblem("git is not installed; install git, then run the command again")
    return exe


def run_git(args: Sequence[str], *, cwd: Path, input: bytes | None = None,
            env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run one git command to completion and capture what it printed."""
    return subprocess.run([require_git(), *args], cwd=cwd, input=input, capture_output=True,
                          env=git_env(env), check=False)


def start_git(args: Sequence[str], *, cwd: Path, stderr: IO[bytes],
              stdin: bool = False) -> subprocess.Popen[bytes]:
    """Start a git command whose output is read as it comes (``git log`` on a long history,
    ``git cat-file --batch`` answering one request at a time)."""
    return subprocess.Popen([require_git(), *args], cwd=cwd, env=git_env(),
                            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=stderr, bufsize=1 << 16)


def reason(raw: bytes | str, fallback: str = "it gave no reason") -> str:
    """Everything git said, as one readable line: lines joined, nothing cut off."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "; ".join(line for line in lines if line) or fallback


# The remedy for a sparse checkout that leaves workspace files out, in both messages about it.
SPARSE_FIX = ("run `git sparse-checkout add team plans oneonones templates` (or `git "
              "sparse-checkout disable`) in the workspace")


def explained(raw: bytes | str) -> str | None:
    """What to do, for the refusals a user can fix in one step; None for anything else."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    if "dubious ownership" in text:
        where = re.search(r"repository at '([^']*)'", text)
        path = where.group(1) if where else "<the workspace's repository>"
        return (f"git refuses to work in {path} because another user owns it (git's "
                "safe.directory check); if you trust that folder, run `git config --global "
                f"--add safe.directory {path}`, then run the command again")
    if "promisor remote" in text:
        return ("this partial clone lacks objects that git needs here, and pmkit does not "
                "let git fetch them; run `git fetch --refetch` (or clone without --filter), "
                "then run the command again")
    if "sparse-checkout" in text or "sparse checkout" in text:
        return ("the file is outside this clone's sparse checkout, so git will not record it; "
                f"{SPARSE_FIX}, then commit the file yourself")
    return None


def failure(what: str, result: subprocess.CompletedProcess[bytes]) -> str:
    """``git <what> failed: <all it said>``, or what to do when the cause is a known one."""
    raw = result.stderr + b"\n" + result.stdout
    return explained(raw) or f"git {what} failed: {reason(raw, str(result.returncode))}"
