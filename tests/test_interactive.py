"""The interactive assessment, driven through a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import DATA_DIR, git, invoke

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def run_in_terminal(
    args: list[str], answers: list[str], cwd: Path, timeout: float = 30
) -> tuple[int, str]:
    """Run pmkit with a terminal on stdin, typing each answer when a prompt appears."""
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "pmkit", *args], stdin=slave, stdout=slave,
                            stderr=slave, cwd=cwd, env=env, close_fds=True)
    os.close(slave)
    output = b""
    pending = list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
                prompts_shown = output.count(b"Rating [") + output.count(b"Evidence (optional)")
                if pending and prompts_shown > len(answers) - len(pending):
                    os.write(master, (pending.pop(0) + "\n").encode())
            elif proc.poll() is not None:
                break
        proc.wait(timeout=5)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return proc.returncode, output.decode("utf-8", "replace")


def test_interactive_assessment_shows_rubric_and_defaults_to_previous(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert invoke(["init", str(root), "--model", str(DATA_DIR / "zero-four.yaml")]).exit_code == 0
    assert invoke(["-w", str(root), "add", "sam", "--name", "Sam Okafor", "--level", "junior"]).exit_code == 0
    assert invoke(["-w", str(root), "assess", "sam", "--set", "delivery=3"]).exit_code == 0
    # customer-insight: 1 with evidence; problem-framing: skip; delivery: keep (Enter); data-fluency: 0
    answers = ["1", "Has not joined an interview yet", "-", "", "", "0", ""]
    code, screen = run_in_terminal(["assess", "sam"], answers, cwd=root)
    assert code == 0, screen
    assert "Never talks to customers." in screen           # the rubric is shown
    assert "Expected at this level: 2" in screen
    assert "(3)" in screen                                  # previous rating offered as default
    data = json.loads(invoke(["-w", str(root), "gaps", "sam", "--format", "json"]).stdout)
    ratings = {g["competency"]: g["rating"] for g in data["gaps"]}
    assert ratings == {"customer-insight": 1, "delivery": 3, "data-fluency": 0}
    assert data["not_assessed"] == ["problem-framing"]
    text = (root / "team" / "sam.yaml").read_text()
    assert "evidence: Has not joined an interview yet" in text
    assert git(root, "log", "-1", "--format=%s").startswith("assess(sam):")
