"""The record behind a rating counted in pieces of work, and rhythms kept or not."""

from __future__ import annotations

import datetime as dt

from pmkit.documents.newer_work import reads_above
from pmkit.documents.work_pieces import pieces, rhythm, shows_rhythm
from pmkit.model.schema import Competency

_TALKS = Competency(
    id="users", name="Users", description="Knows the users.", expected={},
    rubric={4: "Talks with customers on their own initiative most months.",
            5: "Holds customer conversations at least every two weeks and shares write-ups.",
            6: "Has a weekly rhythm of customer contact that includes the designer and engineers."})
_TESTS = Competency(
    id="discovery", name="Discovery", description="Tests ideas.", expected={},
    rubric={3: "Has run a first prototype test with heavy guidance; tends to test late, after "
               "the solution is already decided.",
            4: "Runs simple tests alone, such as a clickable prototype shown to a handful of "
               "users."})


def test_an_entry_counts_the_pieces_of_work_it_names() -> None:
    assert pieces("Weekly claimant interviews kept up: four so far, each with a snapshot") == 4
    assert pieces("Ran two user interviews with warehouse staff") == 2
    assert pieces("Tried a fake-door test for the export button: 40 clicks in a week") == 1
    assert pieces("Wrote up the notes the same day") == 1


def test_a_rhythm_is_kept_only_by_work_on_several_close_dates_or_said_to_be_kept() -> None:
    assert rhythm("Holds customer conversations at least every two weeks") == 14
    assert rhythm("Runs simple tests alone") is None
    batch = [(dt.date(2026, 12, 3), "ran two user interviews"),
             (dt.date(2027, 1, 22), "visited two warehouses"),
             (dt.date(2027, 1, 28), "watched 3 support calls")]
    assert not shows_rhythm(14, batch)
    steady = [(dt.date(2026, 12, 3), "a"), (dt.date(2026, 12, 15), "b"),
              (dt.date(2026, 12, 29), "c")]
    assert shows_rhythm(14, steady)
    assert shows_rhythm(14, [(dt.date(2026, 11, 23), "Weekly interviews kept up: four so far")])
    assert not shows_rhythm(7, [(dt.date(2026, 11, 23), "Interviews every two weeks, four so far")])


def test_one_batch_of_interviews_reaches_no_line_that_asks_for_a_rhythm() -> None:
    values = [4, 5, 6]
    batch = [{"date": "2026-12-03", "source": "notes",
              "text": "Ran two customer interviews, the designer joined one."}]
    assert reads_above(_TALKS, 4, values, batch) is None
    kept = [{"date": d, "source": "log", "text": "Customer conversation with the designer."}
            for d in ("2026-12-03", "2026-12-15", "2026-12-29")]
    found = reads_above(_TALKS, 4, values, kept)
    assert found is not None and found["value"] == 5  # every two weeks, not weekly
    weekly = [{"date": d, "source": "log", "text": "Customer contact with the designer and engineers."}
              for d in ("2026-12-03", "2026-12-10", "2026-12-17")]
    found = reads_above(_TALKS, 4, values, weekly)
    assert found is not None and found["value"] == 6


def test_the_work_that_best_fits_the_line_is_quoted_not_the_latest() -> None:
    written = [{"date": "2026-12-20", "source": "log",
                "text": "Ran a prototype test with five pickers before the sprint."},
               {"date": "2026-12-31", "source": "notes",
                "text": "Tried a fake-door test for the export button: 40 clicks in a week."}]
    found = reads_above(_TESTS, 3, [3, 4], written)
    assert found is not None and found["date"] == "2026-12-20" and found["value"] == 4
