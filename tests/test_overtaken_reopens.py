"""A rating the PM puts well above the manager's, with the note behind it overtaken by work
written down on several days since, is not shown to the PM as settled, even when no piece
of that work keeps the rhythm the next rubric line asks for; a narrow difference, or work on
one or two days, leaves the rating as it stands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pmkit.documents.conversation import build_conversation
from pmkit.documents.review import build_review
from pmkit.workspace import Workspace

from helpers import git, invoke

MARK = "<!-- pmkit:private"
CID = "customer-knowledge"
NOTE = "Knows the trade from twenty years in it, rarely speaks to current users"
LINES = ("ran two user interviews with warehouse staff, the designer joined one",
         "shared interview notes in the team channel",
         "watched three support calls and brought two patterns to planning")


def _workspace(root: Path, own: int, days: int) -> dt.date:
    """Omar rated 4 on customer knowledge with NOTE behind it, rating himself ``own``; one
    line on it in each of ``days`` fortnightly 1:1s. Returns the review's day."""
    today = dt.date.today()
    rated = today - dt.timedelta(days=3)
    w = ["-w", str(root)]
    assert invoke(["init", str(root), "--manager", "Sam Okafor", "--model", "svpg"]).exit_code == 0
    assert invoke([*w, "add", "omar", "--name", "Omar Haddad", "--level", "pm"]).exit_code == 0
    assert invoke([*w, "assess", "omar", "--set", f"{CID}=4", "--set", "data-knowledge=5",
                   "--date", rated.isoformat(), "--evidence", f"{CID}={NOTE}"]).exit_code == 0
    assert invoke([*w, "assess", "omar", "--self", "--set", f"{CID}={own}",
                   "--set", "data-knowledge=5", "--date", rated.isoformat()]).exit_code == 0
    assert invoke([*w, "plan", "omar"]).exit_code == 0
    folder = root / "oneonones" / "omar"
    folder.mkdir(parents=True, exist_ok=True)
    held = [today + dt.timedelta(days=3 + 14 * i) for i in range(days)]
    for day, line in zip(held, LINES, strict=False):
        (folder / f"{day}.md").write_text(
            f"# 1:1 with Omar Haddad: {day}\n\n## Notes\n\n### User & customer knowledge\n\n"
            f"- {line}\n\n## Action items\n\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "1:1 notes")
    return held[-1] + dt.timedelta(days=7)


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """Review and conversation for a PM who rates himself 7 against the manager's 4."""
    root = tmp_path_factory.mktemp("wide") / "ws"
    when = _workspace(root, own=7, days=3)
    ws = Workspace(root)
    return build_review(ws, "omar", when).text, build_conversation(ws, "omar", when).text


def test_a_wide_difference_with_the_note_overtaken_is_to_agree(wide: tuple[str, str]) -> None:
    review, conversation = wide
    shared, private = review.split(MARK)
    assert "| **User & customer knowledge** (goal) | 4 (to agree together) | 7 |" in shared
    reason = ("you rate yourself three points higher; the work written down since, on "
              "three different days, may have overtaken your manager's note behind it or bear "
              "that rating out: bring examples either way")
    assert "**User & customer knowledge, rated 4: to agree together.** The rating dates" in shared
    assert reason in shared
    assert f"to agree together: {reason})" in conversation.split(MARK)[0]
    # the manager reads why the PM's copy marks it, beside the overtaken note itself
    assert ("Omar's copy marks the rating “to agree together”: Omar's own rating is three "
            "points higher, and work was written down since on three different days.") in private
    assert "Omar's copy marks the rating" in conversation.split(MARK)[1]
    # and the two rubric lines to weigh that work against, either way
    assert "The line for 4, your rating, reads: “Talks with customers" in private
    assert "it may bear out your rating as well as raise it" in private


@pytest.mark.parametrize(("own", "days"), [(5, 3), (7, 2)])
def test_a_narrow_difference_or_little_work_leaves_the_rating_standing(
        tmp_path: Path, own: int, days: int) -> None:
    root = tmp_path / "ws"
    when = _workspace(root, own=own, days=days)
    shared = build_review(Workspace(root), "omar", when).text.split(MARK)[0]
    assert "| **User & customer knowledge** (goal) | 4 |" in shared
    assert "may have overtaken your manager's note" not in shared
