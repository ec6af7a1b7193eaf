from __future__ import annotations

import json
from pathlib import Path

from helpers import commit_count, git, invoke


def test_init_add_assess_gaps_round_trip(workspace: Path) -> None:
    result = invoke(["-w", str(workspace), "assess", "alice", "--set", "customer-insight=2",
                     "--set", "delivery=4", "--date", "2026-11-20"])
    assert result.exit_code == 0, result.stderr
    assert commit_count(workspace) == 3
    assert "assess(alice): 2 ratings changed" in git(workspace, "log", "-1", "--format=%s")
    data = json.loads(invoke(["-w", str(workspace), "gaps", "alice", "--format", "json"]).stdout)
    assert data["gaps"][0]["competency"] == "customer-insight"
    assert data["gaps"][0]["gap"] == 1
