"""The one way pmkit runs git: an argument list, a clean environment, a readable failure.

Git hooks and shells export variables that redirect git: ``GIT_DIR`` sends every command
to another repository, ``GIT_WORK_TREE`` to another folder, ``GIT_INDEX_FILE`` to another
index. pmkit works on the workspace it found, so every git process it starts drops the
``GIT_*`` variables except the few that say who commits, where git's own configuration
lives and how to reach a remote (as pre-commit does for the hooks it runs).
"""

from __future__ import annotations

import os
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
    env.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
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


def failure(what: str, result: subprocess.CompletedProcess[bytes]) -> str:
    """``git <what> failed: <all it said>``."""
    said = reason(result.stderr + b"\n" + result.stdout, str(result.returncode))
    return f"git {what} failed: {said}"
