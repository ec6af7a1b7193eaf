"""The first plan, written before any 1:1, dates its milestones on the day it starts: it
tells the PM those dates may move once the 1:1 day is set, and says no more after."""

from __future__ import annotations

from pathlib import Path

from doc_team import ok


def test_the_first_plan_says_its_dates_may_move_to_the_1_1_day(team: Path) -> None:
    ok(["-w", str(team), "plan", "alice"])
    first = (team / "plans" / "alice.md").read_text(encoding="utf-8")
    day = "Your 1:1 day is not set yet, so the milestones fall on Mondays for now"
    assert f"{day}; they may move to your 1:1 day once it is." in first
    ok(["-w", str(team), "oneonone", "alice", "--date", "2026-11-26"])
    ok(["-w", str(team), "plan", "alice"])
    later = (team / "plans" / "alice.md").read_text(encoding="utf-8")
    assert "Your 1:1 day is not set yet" not in later and "(Thursday)" in later
