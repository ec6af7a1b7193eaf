"""How a plan reads the evidence: tries stated as a count, practices already done, open
items that belong to a goal by its practices, lines set aside as copies, and a milestone
reached by logged work that asks for a walk-through in a 1:1."""

from __future__ import annotations

import datetime as dt

from pmkit.documents import evidence, line_goals
from pmkit.documents.cycle import Entry
from pmkit.documents.goal_match import walked
from pmkit.documents.practices import untried

TWICE = ("Your goal tried twice, and a short note on each to walk through in a 1:1. "
         "Book a customer conversation every week")
CALLS = ("Spend two hours this month listening to support calls or reading recent support "
         "tickets, and list the five problems that come up most often.")
VISIT = ("Visit or shadow one customer in their own setting this quarter and watch them do "
         "the real job your product supports.")
HABIT = ("Run a prototype test with five real users at least every two weeks this quarter, "
         "with the designer and an engineer watching live.")
THRESHOLD = "Write down the success threshold for each test before you run it."


def test_a_line_stating_two_interviews_is_two_tries() -> None:
    two = ("2026-12-03", "he ran two user interviews with warehouse staff")
    assert evidence.tries(two[1]) == 2
    assert evidence.tally([two], TWICE) == 2
    # A result or a count of options is not a count of tries.
    assert evidence.tries("Tried a fake-door test: 40 clicks in a week") is None
    assert evidence.tries("Sketched three options for the pick-list screen") is None


def test_practices_done_by_the_work_leave_the_list_and_a_habit_done_once_stays() -> None:
    done = ["You watched 3 support calls and brought two patterns to planning.",
            "You visited two warehouses and shadowed a shift.",
            "You ran a prototype test with five pickers before the sprint.",
            "No success threshold was set beforehand.",
            "Ticked off as done: write down the riskiest assumption."]
    assert untried([CALLS, VISIT, HABIT, THRESHOLD], done) == [HABIT, THRESHOLD]


def test_an_open_item_goes_to_the_goal_whose_practice_it_names() -> None:
    practices = {
        "discovery": ["Keep a simple discovery log (idea, risk tested, test, result, decision) "
                      "and review it with your manager once a month."],
        "data": ["Pick one surprising number each month, dig until you can explain it, and "
                 "present what you found in five minutes at a team meeting."],
        "customers": [CALLS, VISIT]}
    line = "Present the experiment log at the monthly review"
    assert line_goals.by_practices(line, practices) == "discovery"
    assert line_goals.by_practices("Ask finance for the churn numbers", practices) is None


def test_copies_set_aside_from_a_goal_are_found_for_it() -> None:
    rows = [(dt.date(2026, 12, 3), "customers", "he ran two user interviews"),
            (dt.date(2027, 2, 11), "data", "he ran two user interviews")]
    found = line_goals.copies(rows)
    assert [c.first_goal for c in line_goals.copied_onto(found, "data")] == ["customers"]
    assert line_goals.copied_onto(found, "customers") == []


def test_logged_work_no_later_note_speaks_of_is_not_walked_through() -> None:
    day = dt.date(2027, 1, 22)
    logged = [Entry(day, "Visited two warehouses and shadowed a shift"),
              Entry(dt.date(2027, 1, 28), "watched 3 support calls", "notes")]
    assert not walked(logged, day)
    logged.append(Entry(dt.date(2027, 2, 11), "walked through the warehouses he visited and "
                                              "the shift he shadowed", "notes"))
    assert walked(logged, day)


def test_the_evidence_weighed_against_a_milestone_names_every_day_that_counts() -> None:
    from pmkit.documents.goal_match import days_of

    fits = [("2026-12-03", "ran two interviews"), ("2026-12-03", "wrote up notes"),
            ("2026-12-17", "shared the notes"), ("2027-01-07", "ran a third")]
    assert days_of(fits, "2026-12-17", "2026-12-31") == "2026-12-03 and 2026-12-17"
    assert days_of(fits, "2027-01-07", "2026-12-31") == "2027-01-07"
    assert days_of(fits, None, "2026-12-31") == ""
