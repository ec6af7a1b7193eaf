"""Notes written the way people write them still give the PM a copy markdownlint accepts,
and the manager's own file keeps every character as written."""

from __future__ import annotations

from pathlib import Path

from doc_team import ok
from markdown_rules import check_markdown

from pmkit.documents.copy_lists import tidy_lists

from helpers import invoke

NOTES = """## Notes

* you ran two interviews with warehouse staff
+ the designer joined one


You asked about the roadmap review.



## Action items

- [ ] Alice: book the next two interviews
   - one with a night-shift supervisor
      * and one with a day-shift lead
1. [ ] Alice: write the threshold down
   - before the next test
"""


def test_bullets_blank_lines_and_nesting_are_made_regular() -> None:
    tidy = tidy_lists(NOTES)
    assert "* " not in tidy and "+ " not in tidy and "\n\n\n" not in tidy
    assert "\n  - one with a night-shift supervisor\n    - and one with a day-shift lead\n" in tidy
    # Under a numbered item the sub-item keeps the place that makes it a child.
    assert "1. [ ] Alice: write the threshold down\n   - before the next test\n" in tidy


def test_code_blocks_and_emphasis_are_left_as_written() -> None:
    text = "**Good news:** renewed.\n\n```text\n* kept\n\n\n+ as is\n```\n\n* * *\n"
    tidy = tidy_lists(text)
    assert "```text\n* kept\n\n\n+ as is\n```" in tidy
    assert tidy.startswith("**Good news:** renewed.") and "* * *" in tidy


def test_the_pm_copy_of_notes_written_by_hand_passes_the_rules(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    ok(["init", str(root), "--manager", "Dana Lee"])
    w = ["-w", str(root)]
    ok([*w, "add", "alice", "--name", "Alice Chen", "--level", "pm"])
    ok([*w, "oneonone", "alice", "--date", "2026-12-03"])
    path = root / "oneonones" / "alice" / "2026-12-03.md"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("## Notes\n\n", 1)
    _, tail = rest.split("## Action items\n\n", 1)
    written = head + NOTES + tail
    path.write_text(written, encoding="utf-8")
    copy = invoke([*w, "oneonone", "alice", "--date", "2026-12-03", "--pm-copy"])
    assert copy.exit_code == 0, copy.stderr
    found = check_markdown(copy.stdout)
    assert "you ran two interviews with warehouse staff" in found.bullets
    assert "- [ ] You: book the next two interviews\n  - one with a night-shift" in copy.stdout
    assert path.read_text(encoding="utf-8") == written  # the manager's file is untouched
