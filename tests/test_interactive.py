"""The interactive assessment, driven through a real pseudo-terminal."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import DATA_DIR, git, invoke, run_in_pty

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


PROMPTS = (b"Rating [", b"Evidence (optional)", b"Resume it?")


def run_in_terminal(
    args: list[str], answers: list[str], cwd: Path, timeout: float = 30
) -> tuple[int, str]:
    """Run pmkit with a terminal on stdin, typing each answer when a prompt appears.

    The answer ``^C`` sends an interrupt instead, as Ctrl-C in a shell would.
    """
    pending = list(answers)

    def answer(output: bytes, type_: Callable[[str], None], interrupt: Callable[[], None]) -> None:
        prompts_shown = sum(output.count(p) for p in PROMPTS)
        if pending and prompts_shown > len(answers) - len(pending):
            given = pending.pop(0)
            if given == "^C":
                interrupt()
            else:
                type_(given + "\n")

    return run_in_pty(args, cwd, {"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}, timeout,
                      answer)


def test_interactive_assessment_shows_rubric_and_defaults_to_previous(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert invoke(["init", str(root), "--model", str(DATA_DIR / "zero-four.yaml")]).exit_code == 0
    assert invoke(["-w", str(root), "add", "sam", "--name", "Sam Okafor", "--level", "junior"]).exit_code == 0
    assert invoke(["-w", str(root), "assess", "sam", "--set", "delivery=3"]).exit_code == 0
    # customer-insight: 1 with evidence; problem-framing: skip; delivery: keep (Enter, so no
    # evidence is asked); data-fluency: 0
    answers = ["1", "Has not joined an interview yet", "-", "", "0", ""]
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


@pytest.fixture
def sam(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    assert invoke(["init", str(root), "--model", str(DATA_DIR / "zero-four.yaml")]).exit_code == 0
    assert invoke(["-w", str(root), "add", "sam", "--name", "Sam Okafor", "--level", "junior"]).exit_code == 0
    assert invoke(["-w", str(root), "assess", "sam", "--set", "delivery=3",
                   "--evidence", "delivery=Shipped the pilot"]).exit_code == 0
    return root


def test_bad_answers_are_asked_again_and_evidence_only_when_a_rating_changes(sam: Path) -> None:
    # customer-insight: 9 (off the scale), "two", then 2; evidence with an escape code, then
    # clean; problem-framing: skip; delivery: 3 again (no evidence asked); data-fluency: skip.
    answers = ["9", "two", "2", "Saw \x1b[31mred", "Ran two interviews", "-", "3", "-"]
    code, screen = run_in_terminal(["assess", "sam"], answers, cwd=sam, timeout=90)
    assert code == 0, screen
    assert "'9' is not on the scale: enter a whole number from 0-4" in screen
    assert "4 Outstanding" in screen.replace("\r\n", " ")
    assert "'two' is not on the scale" in screen
    assert "control character (U+001B)" in screen
    assert screen.count("Evidence (optional)") == 2  # the changed rating only, asked twice
    text = (sam / "team" / "sam.yaml").read_text()
    assert "evidence: Ran two interviews" in text
    assert "evidence: Shipped the pilot" in text  # unchanged rating keeps its evidence


def test_ctrl_c_keeps_a_draft_that_the_next_run_resumes(sam: Path) -> None:
    before = (sam / "team" / "sam.yaml").read_bytes()
    commits = git(sam, "rev-list", "--count", "HEAD")
    code, screen = run_in_terminal(["assess", "sam"], ["1", "Skipped the interviews", "^C"], cwd=sam,
                                   timeout=90)
    assert code == 130, screen
    assert "Traceback" not in screen and "draft" in screen
    assert (sam / "team" / "sam.yaml").read_bytes() == before
    assert git(sam, "rev-list", "--count", "HEAD") == commits
    assert git(sam, "status", "--porcelain") == ""  # the draft is in the git folder
    drafts = list((sam / ".git" / "pmkit" / "drafts").glob("*.json"))
    assert len(drafts) == 1
    # Resume: customer-insight is not asked again; then skip, keep 3, and rate 2.
    code, screen = run_in_terminal(["assess", "sam"], ["y", "-", "", "2", ""], cwd=sam, timeout=90)
    assert code == 0, screen
    assert "after 1 of 4 competencies" in screen
    data = json.loads(invoke(["-w", str(sam), "gaps", "sam", "--format", "json"]).stdout)
    ratings = {g["competency"]: g["rating"] for g in data["gaps"]}
    assert ratings == {"customer-insight": 1, "delivery": 3, "data-fluency": 2}
    assert "evidence: Skipped the interviews" in (sam / "team" / "sam.yaml").read_text()
    assert not list((sam / ".git" / "pmkit" / "drafts").glob("*.json"))
