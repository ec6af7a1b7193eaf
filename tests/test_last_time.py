"""The previous 1:1 as the next agenda reads it: only an item that was open is ticked off."""

from __future__ import annotations

import datetime as dt

from pmkit.documents import notes
from pmkit.documents.last_time import last_time
from pmkit.loading import load_file
from pmkit.model.index import ModelIndex
from pmkit.model.rules import model_problems
from pmkit.model.schema import CompetencyModel

from helpers import REPO_ROOT


def test_a_box_ticked_as_it_was_written_is_not_ticked_off() -> None:
    path = REPO_ROOT / "models" / "pm-wheel.yaml"
    index = ModelIndex(load_file(path, path.name, CompetencyModel, None, model_problems).obj)
    first = notes.parse("## Action items\n\n- [ ] Nina: send the snapshot of each call\n")
    second = notes.parse("## Action items\n\n- [x] Nina: send the snapshot of each call\n"
                         "- [x] Nina: draft interview guide\n- [ ] Dana: book the room\n")
    meetings = [(dt.date(2026, 11, 30), first, []), (dt.date(2026, 12, 7), second, [])]
    got = last_time(meetings, index, ["Dana Lee", "Dana"])
    # The guide was never an open item: at most a report of work, not a task done.
    assert got.done == ["Nina: send the snapshot of each call"]
    assert [[c.text for c in group] for group in got.own_items] == [["Dana: book the room"]]
    assert last_time([], index, ["Dana"]).done == []


def test_notes_pasted_again_and_a_talking_point_never_answered_are_told_to_the_manager() -> None:
    from pmkit.documents.last_time import asked_before, echo_lines

    path = REPO_ROOT / "models" / "pm-wheel.yaml"
    index = ModelIndex(load_file(path, path.name, CompetencyModel, None, model_problems).obj)
    slipped = "The release slipped a week. She thinks the brief was too vague."
    page = ("## Talking points\n\n- How the pricing workshop went\n\n## Notes\n\n{}\n")
    meetings = [(dt.date(2026, 12, 7), notes.parse(page.format(slipped)), []),
                (dt.date(2026, 12, 14), notes.parse(page.format("She ran two calls.")), []),
                (dt.date(2026, 12, 21), notes.parse(page.format(slipped)), [])]
    got = last_time(meetings, index, ["Dana"])
    # Still read (its mood, its evidence), but marked as said before, with its first date.
    assert got.echoes == [(slipped, dt.date(2026, 12, 7))] and len(got.echoed) == 1
    days = asked_before("How the pricing workshop went", meetings, index)
    assert days == [m[0] for m in meetings]
    said = echo_lines(got, ["How the pricing workshop went"], meetings, index, "Nina")
    assert said[0].startswith("Left out of Nina's copy of last time's notes and of today's recap")
    assert "(first on 2026-12-07)" in said[0]
    assert "a talking point for the fourth time (first on 2026-12-07)" in said[1]
    assert "note what was said this time, or drop it" in said[1]
    # A point the notes speak of was answered: not flagged.
    answered = [*meetings[:2], (dt.date(2026, 12, 21),
                                notes.parse(page.format("The pricing workshop went well.")), [])]
    assert asked_before("How the pricing workshop went", answered, index) == []
    # Nothing pasted, nothing said.
    assert last_time(meetings[:2], index, ["Dana"]).echoes == []


def test_a_line_saying_nothing_happened_is_not_recapped_as_news() -> None:
    path = REPO_ROOT / "models" / "pm-wheel.yaml"
    index = ModelIndex(load_file(path, path.name, CompetencyModel, None, model_problems).obj)
    page = notes.parse("## Notes\n\n- Talked mostly about hiring the second designer.\n"
                       "- Nothing new here, you were on leave for a week.\n")
    got = last_time([(dt.date(2027, 1, 21), page, [])], index, ["Sam"])
    assert len(got.recap) == 1 and "second designer" in got.recap[0]


def test_a_verdict_on_the_meeting_itself_is_not_recapped() -> None:
    """"Good session." read back as "You had a good session." tells the PM nothing: the
    sentence goes, the rest of its line stays."""
    path = REPO_ROOT / "models" / "pm-wheel.yaml"
    index = ModelIndex(load_file(path, path.name, CompetencyModel, None, model_problems).obj)
    page = notes.parse("## Notes\n\nGood session. Her test plan has a threshold written "
                       "before the test.\n\n- Great 1:1 today!\n- Productive chat with Nina.\n"
                       "- She ran a good session with the support team.\n")
    got = last_time([(dt.date(2026, 12, 14), page, [])], index, ["Dana"])
    assert got.recap == ["Her test plan has a threshold written before the test.",
                         "She ran a good session with the support team."]


def test_a_box_ticked_as_it_was_written_in_the_notes_is_a_note_of_work_done() -> None:
    path = REPO_ROOT / "models" / "pm-wheel.yaml"
    index = ModelIndex(load_file(path, path.name, CompetencyModel, None, model_problems).obj)
    page = notes.parse("## Notes\n\n### Customer insight\n\n"
                       "- [x] interview guide reviewed with design\n- [x] ran two calls\n"
                       "- [ ] book the next call\n\n## Action items\n\n- [x] Dana: book the room\n")
    # Under its goal's heading it is that goal's evidence, said as work done, never a task.
    assert notes.evidence_in(page, index) == {"customer-insight": [
        "You reviewed the interview guide with design", "ran two calls"]}
    got = last_time([(dt.date(2027, 1, 28), page, [])], index, ["Dana"])
    assert got.recap == ["You reviewed the interview guide with design", "ran two calls"]
    # Turned only where the words plainly say the PM did it; else marked as noted.
    assert notes.noted_done("test plan written before the test") == \
        "You wrote the test plan before the test"
    assert notes.noted_done("release delayed to March") == "Noted as done: release delayed to March"
    assert notes.noted_done("roadmap reviewed by the VP").startswith("Noted as done:")
    assert got.done == []  # never open, so never ticked off
