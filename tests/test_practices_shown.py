"""A practice or a coaching hint is shown while it still says something new: one the notes
show done leaves the plan's list, and a goal's later 1:1s bring hints not yet shown."""

from __future__ import annotations

import datetime as dt

import yaml

from pmkit.documents.practices import rotated, seen_trap, untried
from pmkit.shipped import shipped_models

THRESHOLD = ("Write down the success threshold for each test before you run it, for example "
             "\"at least 6 of 10 users finish the task without help\".")
PROTOTYPE = ("Put a clickable prototype in front of five users in every sprint that includes "
             "new design work, with the designer and one engineer watching.")
LOG = ("Keep an experiment log (assumption, test, result, decision) in the team space and "
       "walk through it in the monthly stakeholder update.")


def test_a_practice_the_notes_show_done_is_no_longer_offered() -> None:
    notes = ["Her test plan has a threshold written before the test.",
             "Nina walked through her latest work on testing ideas; she shared two examples."]
    assert untried([THRESHOLD, PROTOTYPE, LOG], notes) == [PROTOTYPE, LOG]
    # A note about a test of another kind does not strike the log or the prototype.
    assert untried([PROTOTYPE, LOG], ["You tried a fake-door test for the export button: "
                                      "40 clicks in a week."]) == [PROTOTYPE, LOG]
    assert untried([THRESHOLD], []) == [THRESHOLD]


def test_no_shipped_practice_is_struck_by_another_practice_of_its_own_competency() -> None:
    # The words of one practice never count as doing a sibling: the match is not so loose
    # that ordinary notes on the same topic strike the whole list.
    for path in shipped_models().values():
        for area in yaml.safe_load(path.read_text(encoding="utf-8"))["areas"]:
            for comp in area["competencies"]:
                practices = list(comp.get("practices", []))
                for number, practice in enumerate(practices):
                    others = practices[:number] + practices[number + 1:]
                    assert untried([practice], others) == [practice], (comp["id"], practice)


def test_each_turn_on_a_goal_brings_hints_not_shown_before_then_none() -> None:
    hints = ["one", "two", "three"]
    assert [rotated(hints, 2, turn) for turn in range(3)] == [["one", "two"], ["three"], []]
    assert [rotated(hints, 1, turn) for turn in range(4)] == [["one"], ["two"], ["three"], []]


TRAP = ("Arrives with a detailed functional specification because that used to be the "
        "deliverable, which leaves engineers nothing to design. It helps to bring the problem "
        "and constraints to the team and write detail only after an option is chosen together.")


def test_a_background_trap_is_said_only_with_the_record_behind_it() -> None:
    assessed = dt.date(2026, 10, 16)
    rating = (assessed, "assessment of 2026-10-16, Solution exploration",
              "Writes detailed requirements alone; the team receives finished specifications")
    seen = seen_trap(TRAP, [rating], None)
    assert seen["text"].startswith("Arrives with a detailed functional specification")
    assert seen["said"] == rating[2] and seen["where"] == rating[1]
    assert seen["advice"].startswith("It helps to bring the problem")
    # Nothing in the record speaks to it: nothing is said.
    unrelated = (assessed, "notes of 2026-11-30", "Booked two calls with claimants.")
    assert seen_trap(TRAP, [unrelated], None) == {}
    assert seen_trap("", [rating], None) == {}
    # Said once: a later turn on the goal brings it back only for a line written since.
    assert seen_trap(TRAP, [rating], dt.date(2026, 11, 30)) == {}
    newer = (dt.date(2026, 12, 14), "notes of 2026-12-14",
             "She brought a finished functional specification to refinement.")
    assert seen_trap(TRAP, [newer, rating], dt.date(2026, 11, 30))["where"] == newer[1]
