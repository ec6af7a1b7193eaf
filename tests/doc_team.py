"""A small team on real git for the plan, 1:1 and template tests."""

from __future__ import annotations

from pathlib import Path

from helpers import invoke

# Names chosen so that none of them occurs anywhere in the shipped models.
PEOPLE = {
    "alice": ("Alice Chen", "pm"),
    "bart": ("Bartholomew Quist", "senior"),
    "carmen": ("Carmen Ruiz", "apm"),
}
BART_EVIDENCE = "Runs the quarterly customer council"


def ok(args: list[str]) -> str:
    result = invoke(args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def make_team(root: Path) -> Path:
    """Alice (assessed, with a self-assessment), Bart (assessed), Carmen (not yet assessed)."""
    ok(["init", str(root), "--manager", "Dana Lee"])
    w = ["-w", str(root)]
    for handle, (name, level) in PEOPLE.items():
        ok([*w, "add", handle, "--name", name, "--level", level])
    ok([*w, "assess", "alice", "--date", "2026-11-20",
        "--set", "customer-insight=2", "--set", "problem-framing=1", "--set", "delivery=5",
        "--set", "data-fluency=3", "--set", "stakeholder-management=3",
        "--evidence", "delivery=Shipped checkout v2 with the team"])
    ok([*w, "assess", "alice", "--self", "--date", "2026-11-18",
        "--set", "customer-insight=4", "--set", "problem-framing=3", "--set", "delivery=4"])
    ok([*w, "assess", "bart", "--date", "2026-10-01",
        "--set", "customer-insight=5", "--set", "goals-and-roadmap=2", "--set", "prioritization=1",
        "--set", "team-collaboration=4", "--evidence", f"customer-insight={BART_EVIDENCE}"])
    return root


def other_people_words(handle: str) -> list[str]:
    """Every name and handle of the team except ``handle``'s, for privacy checks."""
    words: list[str] = []
    for other, (name, _) in PEOPLE.items():
        if other != handle:
            words += [other, *name.split()]
    return words


def take_notes(path: Path, general: str, on_focus: str, actions: str) -> None:
    """Write a manager's notes into a prepared 1:1 file: general notes, a line under the
    day's focus area, and action items, as a manager fills the agenda in."""
    import re

    text = path.read_text(encoding="utf-8")
    text = text.replace("## Notes\n\n", "## Notes\n\n" + general, 1)
    focus = re.search(r"^## Focus: (.+)$", text, re.MULTILINE)
    assert focus is not None
    heading = f"### {focus.group(1)}\n\n"
    text = text.replace(heading, heading + on_focus, 1)
    text = text.replace("## Action items\n\n", "## Action items\n\n" + actions, 1)
    path.write_text(text, encoding="utf-8")
