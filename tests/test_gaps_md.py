"""``pmkit gaps --format md``: the template gives one table row per competency, lint-clean."""

from __future__ import annotations

from pathlib import Path

from markdown_rules import check_markdown

from pmkit.workspace import Workspace

from conftest import invoke


def test_gaps_markdown_has_a_row_per_competency(team: Path) -> None:
    result = invoke(["-w", str(team), "gaps", "alice", "--format", "md"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    structure = check_markdown(text)
    [table] = structure.tables
    assert len(table) == 1 + len(Workspace(team).index.placed)
    assert table[0] == ["Area", "Competency", "Rating", "Expected", "Gap", "Self"]
    customer = next(row for row in table if row[1].startswith("Customer insight"))
    assert customer[2:] == ["2", "3", "▼ +1", "4"]
    assert "- Customer insight: the PM rates themself 2 higher (4 vs 2)" in text
    assert [h for _, h in structure.headings] == ["Gaps: Alice Chen", "Focus areas", "By competency",
                                                 "Self-assessment vs manager"]
