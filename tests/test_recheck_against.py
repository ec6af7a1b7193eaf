"""What the record holds against reopening a rating: each shortfall named once, fairly."""

from __future__ import annotations

import datetime as dt

from pmkit.documents.weighing import _milestones_against, _turned_back


def test_a_missed_milestone_and_the_ones_waiting_on_it_are_one_shortfall() -> None:
    rows = [{"date": "2026-12-31", "state": "missed", "short": "your goal tried twice",
             "partly": {}},
            {"date": "2027-01-28", "state": "missed", "short": "the goal done once more"},
            {"date": "2027-02-25", "state": "due", "short": "one test before engineering"}]
    said, late = _milestones_against(rows, dt.date(2026, 11, 25), midplan=False)
    assert said == ["the milestone due 2026-12-31 (“your goal tried twice”) was missed, though "
                    "partly there; the one after it (due 2027-01-28) waited on it, so it is not "
                    "a second miss"] and late == []
    said, late = _milestones_against(rows, dt.date(2026, 11, 25), midplan=True)
    assert said == [] and len(late) == 2


def test_a_1on1_line_that_bears_out_the_assessment_note_counts_against() -> None:
    written = [{"date": "2026-12-17", "source": "notes",
                "text": "Sketched three options with the tech lead. He still wrote a full spec "
                        "afterwards though."},
               {"date": "2026-12-20", "source": "log", "text": "Still wrote the spec."}]
    assert _turned_back("Writes the spec first and asks the team to estimate it", written) == [
        "your 1:1 notes of 2026-12-17 bear out your assessment note: “He still wrote a full "
        "spec afterwards though”"]


def test_a_1on1_prompt_counts_against_only_until_later_work_does_what_it_asked() -> None:
    from pmkit.documents.weighing import _asked_for
    from pmkit.model.schema import Competency

    comp = Competency(
        id="explore", name="Exploration", description="Explores solutions.", expected={},
        rubric={1: "Arrives with one solution already decided.",
                2: "Asks the designer and engineers to comment on a solution.",
                3: "Runs short sessions where PM, designer and tech lead sketch several options."})
    noted = [(dt.date(2026, 11, 9), "explore",
              "Before settling on a confirmation email, list other options with the designer "
              "and tech lead.")]
    areas = {"explore": ("Hold a sketching session", ["Exploration"])}
    asked = _asked_for(noted, comp, "explore", 1, [1, 2, 3], areas, dt.date(2026, 11, 30))
    assert asked and asked[0].startswith("your 1:1 notes of 2026-11-09 had to ask for what")
    later = [{"date": "2026-11-16", "source": "log",
              "text": "Sketching session with the designer and tech lead: several options."}]
    followed = _asked_for(noted, comp, "explore", 1, [1, 2, 3], areas, dt.date(2026, 11, 30),
                          later)
    assert followed == ["it took a prompt (your 1:1 notes of 2026-11-09: “Before settling on a "
                        "confirmation email, list other options with the designer and tech "
                        "lead”) and has happened once since"]


def test_a_note_opening_with_what_the_pm_did_is_turned_to_you() -> None:
    from pmkit.documents.views import as_said_to

    note = "Checked one assumption with the contact-centre team; no idea tested yet"
    assert as_said_to(note, "Priya Raman") == ("You checked one assumption with the "
                                               "contact-centre team; no idea tested yet")
    assert as_said_to("Limited experience with data", "Priya Raman") == (
        "Limited experience with data")


def test_a_milestone_whose_date_passed_while_the_one_before_was_open_waited_on_it() -> None:
    from pmkit.documents.goal_status import _waited

    def row(date: str, state: str, reached: str | None = None) -> dict[str, object]:
        return {"date": date, "state": state, "reached": reached}

    # the one before still missed: the next waited on it, and so did the one after that
    rows = _waited([row("2026-12-31", "missed"), row("2027-01-28", "missed"),
                    row("2027-02-11", "missed")])
    assert [r["state"] for r in rows] == ["missed", "waited", "waited"]
    # the one before reached only after this one's date: it waited too, it is no miss
    rows = _waited([row("2026-12-31", "met", "2027-01-22"), row("2027-01-14", "missed")])
    assert rows[1]["state"] == "waited" and rows[1]["after"] == "2026-12-31"
    # the one before reached in time: a miss of its own
    rows = _waited([row("2026-12-31", "met", "2026-12-31"), row("2027-01-14", "missed")])
    assert rows[1]["state"] == "missed"
    # a first milestone that waited is not named as the goal's shortfall
    said, _ = _milestones_against([rows[0], dict(rows[1], state="waited", short="x")],
                                  dt.date(2026, 11, 25), midplan=False)
    assert said == []


def test_a_late_milestone_asking_for_two_tries_names_each_try_counted() -> None:
    from pmkit.documents.milestone_tries import tries_counted as _tries

    row = {"date": "2026-12-31", "raw": "Your goal tried twice, and a short note on each."}
    goal = "Choose the cheapest test for each risk before any engineering work starts."
    written = [{"date": "2026-12-20", "source": "log", "where": "your work logged on",
                "text": "Ran a prototype test with five pickers before the sprint."},
               {"date": "2026-12-31", "source": "notes", "where": "your 1:1 notes of",
                "text": "Tried a fake-door test for the export button. Next: a threshold."},
               {"date": "2027-01-28", "source": "notes", "where": "your 1:1 notes of",
                "text": "Ran another test with drivers."}]
    found = _tries(row, written, goal, "Product discovery techniques")
    assert [(t["date"], t["text"]) for t in found] == [
        ("2026-12-20", "You ran a prototype test with five pickers before the sprint."),
        ("2026-12-31", "You tried a fake-door test for the export button.")]
    # a milestone asking for one piece names the one the review already quotes
    assert _tries(dict(row, raw="A test run before the sprint."), written, goal, "") == []


def test_a_run_of_weeks_the_notes_show_short_on_its_date_was_met_after_it() -> None:
    from pmkit.documents.milestone_tries import short_by_then

    row = {"date": "2026-11-09", "raw": "A customer conversation held every week for three "
                                       "weeks, and a short snapshot posted after each."}
    notes = {"date": "2026-11-09", "text": "Two claimant interviews done, the designer joined."}
    log = {"date": "2026-11-23", "text": "Weekly claimant interviews kept up: four so far."}
    assert short_by_then(row, [notes, log])
    # only the later log: it may cover weeks done by the date, so nothing says it was late
    assert not short_by_then(row, [log])


def test_every_piece_since_the_rating_reading_a_step_up_is_weighed_with_the_one_quoted(
) -> None:
    from pmkit.documents.weighing import _also
    from pmkit.model.schema import Competency

    comp = Competency(id="discovery", name="Product discovery techniques", description="x",
                      rubric={3: "Has run a first prototype test with heavy guidance; tends to "
                                 "test late, after the solution is already decided",
                              4: "Runs simple tests alone, such as a clickable prototype shown "
                                 "to a handful of users"},
                      expected={})
    quoted = {"date": dt.date(2026, 12, 20), "source": "log"}
    entries = [{"date": "2026-12-20", "source": "log", "text": "Ran a prototype test alone."},
               {"date": "2026-12-31", "source": "notes",
                "text": "Ran a fake-door test alone with a handful of users. Next: a threshold."},
               {"date": "2027-01-28", "source": "notes", "text": "Talked about hiring."}]
    assert _also(comp, 3, quoted, entries) == [
        {"date": "2026-12-31", "source": "notes",
         "text": "Ran a fake-door test alone with a handful of users"}]
