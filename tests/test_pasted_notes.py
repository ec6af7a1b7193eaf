"""Notes pasted again word for word are no news to the PM: the PM's copy leaves them out by
the rule the recap follows, the manager is told on the terminal, and the file is untouched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from doc_team import ok
from markdown_rules import check_markdown

from pmkit.documents.pasted import first_written, without

from helpers import invoke


def test_only_the_pasted_notes_go_with_their_sub_bullets() -> None:
    text = ("## Notes\n\nSame words as before.\n\n### Delivery\n\n"
            "* he ran two user interviews\n  * the designer joined one\n* a new line\n\n"
            "## Action items\n\n- [ ] he ran two user interviews\n")
    got = without(text, ["He ran two user interviews!", "Same words as before"])
    assert got == ("## Notes\n\n### Delivery\n\n* a new line\n\n"
                   "## Action items\n\n- [ ] he ran two user interviews\n")
    assert without(text, []) == text
    # Left out silently: nothing points the PM to another 1:1, dates given or not, and a
    # sub-heading whose lines all went goes with them.
    dated = without(text, {"He ran two user interviews!": dt.date(2026, 12, 3),
                           "Same words as before": dt.date(2026, 11, 19), "A new line": dt.date(2026, 12, 3)})
    assert dated == "## Notes\n\n## Action items\n\n- [ ] he ran two user interviews\n"


def test_a_line_pasted_again_counts_once_for_a_pattern() -> None:
    pages = [["Nina was quiet today."], ["A new line.", "Nina was quiet today."],
             ["Nina was quiet today!", "Nina seemed tired."]]
    assert first_written(pages) == [["Nina was quiet today."], ["A new line."],
                                     ["Nina seemed tired."]]


def test_the_pm_copy_leaves_out_notes_written_in_an_earlier_1on1(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    ok(["init", str(root), "--manager", "Dana Lee"])
    w = ["-w", str(root)]
    ok([*w, "add", "alice", "--name", "Alice Chen", "--level", "pm"])
    folder = root / "oneonones" / "alice"
    pasted = "* you ran two interviews with warehouse staff\n* wrote up notes the same day\n"
    for day, notes in (("2026-12-03", pasted), ("2026-12-17", pasted + "* you shared a readout\n")):
        ok([*w, "oneonone", "alice", "--date", day])
        path = folder / f"{day}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("## Notes\n\n", f"## Notes\n\n{notes}\n", 1), encoding="utf-8")
    written = (folder / "2026-12-17.md").read_text(encoding="utf-8")
    copy = invoke([*w, "oneonone", "alice", "--date", "2026-12-17", "--pm-copy"])
    assert copy.exit_code == 0, copy.stderr
    check_markdown(copy.stdout)
    shared = copy.stdout.split("## Notes", 1)[1]  # the recap above quotes the first writing
    assert "warehouse staff" not in shared and "same day" not in shared
    assert "- you shared a readout" in shared.casefold()
    assert "same notes" not in shared.casefold() and "2026-12-03" not in shared  # left out silently
    assert "word for word" not in copy.stdout  # nothing said to the PM about it
    assert ("Left out of Alice's copy: two lines written word for word in the notes of "
            "2026-12-03.") in copy.stderr
    assert (folder / "2026-12-17.md").read_text(encoding="utf-8") == written
    # The first writing is news: its copy keeps it, and nothing is said.
    first = invoke([*w, "oneonone", "alice", "--date", "2026-12-03", "--pm-copy"])
    # A note as written ("wrote up notes") reads to the PM as the recap says it.
    assert "- You wrote up notes the same day" in first.stdout.split("## Notes", 1)[1]
    assert "warehouse staff" in first.stdout.split("## Notes", 1)[1] and "word for word" not in first.stderr
    # The next agenda's private part says it once, with the first date.
    ok([*w, "oneonone", "alice", "--date", "2026-12-31"])
    agenda = (folder / "2026-12-31.md").read_text(encoding="utf-8")
    private = agenda.split("pmkit:private", 1)[1]
    assert "Left out of Alice's copy of last time's notes and of today's recap" in private
    assert "(first on 2026-12-03)" in private
    assert "warehouse staff" not in agenda.split("pmkit:private", 1)[0]
    # Notes that are all pasted again: the copy still reads as a 1:1 held, so the ask beside
    # a long-carried item is settled as unanswered rather than asked again.
    asked = ("- [ ] Alice: book the calls *(open since 2026-12-03, carried four times: "
             "still worth your time?)*\n\n")
    (folder / "2026-12-31.md").write_text(agenda.replace(
        "## Notes\n\n", "## Notes\n\n" + pasted + "\n", 1).replace(
        "## Action items\n\n", "## Action items\n\n" + asked, 1), encoding="utf-8")
    held = invoke([*w, "oneonone", "alice", "--date", "2026-12-31", "--pm-copy"])
    assert "book the calls *(open since 2026-12-03, carried four times: still worth your " \
        "time; no decision recorded)*" in held.stdout
    # Nothing left under the notes' heading once the pasted lines are out: no empty heading.
    assert "\n## Notes\n" not in held.stdout and "\n## Action items\n" in held.stdout
    assert "warehouse staff" not in held.stdout.split("## Action items", 1)[1]

