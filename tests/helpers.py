"""What tests share: running the CLI, driving git, and comparing workspaces.

Fixtures live in ``conftest.py``; plain helpers live here, so a test imports them by name.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmkit.cli import app

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"


_TERMINAL = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM_PROGRAM",
             "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "PRE_COMMIT")


def isolate_git(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A known identity, no user or system git config, no pmkit variables from outside.

    Whatever shell (or git hook) runs pytest: its ``GIT_*`` variables would send the
    tests' own git commands to another repository, and its terminal settings would
    change what the CLI prints, so none of them reach a test.
    """
    for name in list(os.environ):
        if name.startswith(("GIT_", "PMKIT_")) or name in _TERMINAL:
            monkeypatch.delenv(name, raising=False)
    gitconfig = home / ".gitconfig"
    gitconfig.write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{var}_NAME", "Dana Lee")
        monkeypatch.setenv(f"GIT_{var}_EMAIL", "dana@example.com")
        monkeypatch.delenv(f"GIT_{var}_DATE", raising=False)
    monkeypatch.delenv("PMKIT_WORKSPACE", raising=False)
    monkeypatch.delenv("PMKIT_DEBUG", raising=False)
    monkeypatch.setenv("PMKIT_LOCK_WAIT", "10")


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def invoke(args: list[str], input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run the CLI in-process through Typer's runner."""
    result = CliRunner().invoke(app, args, input=input, env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    full_env = {**os.environ, **(env or {})}
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=full_env,
                          check=True)
    return done.stdout


def commit_count(cwd: Path) -> int:
    return int(git(cwd, "rev-list", "--count", "HEAD").strip())


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root except the git folder, for 'nothing changed' assertions."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts}


def copy_workspace(source: Path, target: Path) -> Path:
    """A private copy of a workspace built once, git history included."""
    shutil.copytree(source, target, symlinks=True)
    return target


#: Told what the terminal has shown so far, with a way to type and a way to press Ctrl-C.
React = Callable[[bytes, Callable[[str], None], Callable[[], None]], None]


def run_in_pty(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
               timeout: float = 60, react: React | None = None) -> tuple[int, str]:
    """Run ``python -m pmkit`` with a pseudo-terminal as stdin, stdout and stderr, until it
    ends; its exit code and what it showed. ``react`` answers prompts as a person would.

    After Ctrl-C, the terminal is nudged as a person at a stuck prompt would: some Linux
    kernels hold a process that a signal took out of a terminal read in its exit until
    the terminal gets input, so a quiet second after pmkit has said it was interrupted,
    Enter is pressed; and a signal that lands as the process enters its read can go
    unseen, so after fifteen quiet seconds with no answer, Ctrl-C is pressed again.
    """
    import pty
    import select
    import signal

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "pmkit", *args], stdin=slave, stdout=slave,
                            stderr=slave, cwd=cwd, env={**os.environ, **(env or {})},
                            close_fds=True)
    os.close(slave)
    output = b""
    deadline = time.monotonic() + timeout
    interrupted_at: float | None = None  # when Ctrl-C was last pressed
    heard_at = time.monotonic()  # when the terminal last showed something
    output_at_interrupt = 0
    nudged = False

    def type_(text: str) -> None:
        os.write(master, text.encode())

    def interrupt() -> None:
        nonlocal interrupted_at, output_at_interrupt
        interrupted_at, output_at_interrupt = time.monotonic(), len(output)
        proc.send_signal(signal.SIGINT)

    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the other end closed: pmkit has ended
                    break
                if not chunk:
                    break
                output += chunk
                heard_at = time.monotonic()
                if react is not None:
                    react(output, type_, interrupt)
            elif proc.poll() is not None:
                break
            elif interrupted_at is not None:
                quiet = time.monotonic() - heard_at
                if b"interrupted;" in output[output_at_interrupt:] and quiet > 1 and not nudged:
                    nudged = True
                    os.write(master, b"\n")
                elif len(output) == output_at_interrupt and quiet > 15:
                    interrupt()
        proc.wait(timeout=60)  # exiting can be slow on a busy machine
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return proc.returncode, output.decode("utf-8", "replace")
