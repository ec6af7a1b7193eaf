"""What a coach reading twelve weeks of agendas relies on: the goal previewed is the goal
taken, evidence is weighed and dated the same way for every goal, a run of weeks that can
no longer fit is said so, and the private part tells the same story as the PM's copy."""

from __future__ import annotations

import datetime as dt
import re

from pmkit.documents import schedule
from pmkit.documents.cycle import Cycle, Entry, Step
from pmkit.documents.evidence_rows import evidence_dicts
from pmkit.documents.focus import step_dicts, unreachable
from pmkit.documents.runs import carried_on

START = dt.date(2026, 11, 30)  # a Monday
END = dt.date(2027, 2, 22)
D = dt.date


def _cycle(steps: dict[str, list[Step]], entries: dict[str, list[Entry]] | None = None
           ) -> Cycle:
    return Cycle(START, END, 0, False, steps=steps, evidence=entries or {})


def test_a_walk_through_alone_is_no_try_of_the_goal_but_counts_beside_one() -> None:
    step = Step(D(2026, 12, 21), "Your goal tried twice, prepared with your manager beforehand "
                "if you want, and a short note on each (what you did, what worked, what you "
                "would change) to walk through in a 1:1.", order=0)
    line = ("Nina walked through her latest work on problem framing; she shared two "
            "examples.")
    entries = [Entry(D(2026, 11, 30), line, "notes"), Entry(D(2026, 12, 28), line, "notes")]
    cycle = _cycle({"pf": [step]}, {"pf": entries})
    got = step_dicts(cycle, "pf", D(2027, 1, 4), ["Nina Patel", "Nina"], "Problem framing")[0]
    # Work shown, naming nothing of what it was, is not one of the two tries: still open.
    assert got["status"] == "overdue" and not got["partly"] and got["logged"] is None
    # Beside a line that names the work, the try is the named work.
    named = Entry(D(2026, 12, 14), "Nina wrote a one-page problem brief for the upload "
                  "complaints.", "notes")
    both = _cycle({"pf": [step]}, {"pf": [*entries[:1], named, *entries[1:]]})
    got = step_dicts(both, "pf", D(2027, 1, 4), ["Nina Patel", "Nina"], "Problem framing",
                     "Write a one-page problem brief for your next piece of work.")[0]
    assert got["partly"] and got["latest"]["text"].startswith("You wrote a one-page problem")
    assert got["still"] == "a short note on each to walk through in a 1:1"
    # One named try so far: the two walk-throughs are not the second.
    assert got["so_far"] == {"have": "one", "need": "two"}
    # The evidence list dates it the same way, and counts the distinct dates.
    shown, _ = evidence_dicts(cycle, "pf", ["Nina Patel", "Nina"])
    assert [(e["date"], e["first"]) for e in shown] == [("2026-11-30", "2026-11-30")]
    # The repeat is about the notes, not the PM: no flag in the PM's part, a word in private.
    assert not shown[0]["also"]
    assert shown[0]["repeat"].startswith("noted in the same words on two dates "
                                         "(2026-11-30 and 2026-12-28); if it is the same")
    # A milestone that does not ask for a walk-through is not shown by one.
    other = Step(D(2026, 12, 21), "Problem briefs written for the next two pieces of work, "
                 "each naming who has the problem.", order=0)
    plain = step_dicts(_cycle({"pf": [other]}, {"pf": entries}), "pf", D(2027, 1, 4),
                       ["Nina Patel", "Nina"], "Problem framing")[0]
    assert not plain["partly"]


def test_a_run_of_weeks_that_no_longer_fits_is_flagged_with_a_way_out() -> None:
    four = Step(D(2026, 12, 28), "A customer conversation held every week for four weeks.",
                order=0)
    seven = Step(D(2027, 1, 18), "Weekly customer contact kept up for seven weeks without a "
                 "gap.", order=1)
    cycle = _cycle({"ci": [four, seven]})
    # While the four-week run is still to be checked, the seven weeks may still come.
    assert unreachable(cycle, [four, seven], 1, D(2026, 12, 21)) is None
    assert unreachable(cycle, [four, seven], 0, D(2026, 12, 28)) is None  # due today, first
    # Once the four weeks lapsed, seven by 2027-01-18 cannot be met: on its day or before.
    # Counted from the plan's first week the seven weeks would still fit, so the weeks so far
    # may count: a condition ("broken"), not a verdict. A fresh run counts today's week as
    # its first: from 2027-01-04, seven weeks end with the week of 2027-02-15, before the
    # review, so a later date is still offered.
    gone = unreachable(cycle, [four, seven], 1, D(2027, 1, 4))
    assert gone == {"weeks": "seven", "left": "three", "broken": "yes", "since": "2026-12-28",
                    "before_weeks": "four", "floor": "2027-01-25",
                    "ends": "2027-02-15", "past": "", "from": "2026-12-28",
                    "redate": "2027-02-08", "nofit": "", "review": "2027-02-22", "either": "",
                    "fresh": "2027-02-15", "lapsed": "", "lapsed_weeks": ""}
    line = schedule.unreachable_lines([{"date": "2027-01-18", "text": seven.text,
                                        "unreachable": gone}], "nina")[0]
    assert "No full run fits" not in line and "move it to 2027-02-08" in line
    # With a later review, a date is offered: counted from the lapsed run's date, never on
    # the day another milestone of the goal is due; here a fresh run from today ends by it
    # too, so one date is offered, not a choice between equals.
    roadmap = Step(D(2027, 2, 8), "A roadmap proposal brought to planning.", order=2)
    longer = Cycle(START, D(2027, 3, 8), 0, False, steps={"ci": [four, seven, roadmap]},
                   held=[D(2026, 12, 28), D(2027, 1, 4), D(2027, 1, 11)])
    moved = unreachable(longer, [four, seven, roadmap], 1, D(2027, 1, 4))
    assert moved is not None and moved["redate"] == "2027-02-15"
    assert moved["fresh"] == "2027-02-15" and moved["either"] == "yes"
    either = schedule.unreachable_lines([{"date": "2027-01-18", "text": seven.text,
                                          "unreachable": moved}], "nina")[0]
    assert ("move it to 2027-02-15: a run of seven weeks starting this week ends with the "
            "week of 2027-02-15") in either
    # On 2027-02-08 the seven weeks are out of reach before this review: the roadmap
    # milestone stands alone then in every document, so it is not said to move with it now.
    assert "then" not in moved and "builds on this one" not in either
    # With a review far enough off, the roadmap milestone still waits on it on its own date:
    # a new date past it moves both, so the order the plan set stays.
    far = Cycle(START, D(2027, 4, 5), 0, False, steps={"ci": [four, seven, roadmap]},
                held=[D(2026, 12, 28), D(2027, 1, 4), D(2027, 1, 11)])
    waits = unreachable(far, far.steps["ci"], 1, D(2027, 1, 4))
    assert waits is not None and waits["redate"] == "2027-02-15"
    assert waits["then"] == "2027-02-08" and waits["then_to"] == "2027-03-08"
    assert ("the next milestone of the goal, due 2027-02-08, builds on this one, so moving it "
            "means moving that one too, to 2027-03-08") in schedule.unreachable_lines(
        [{"date": "2027-01-18", "text": seven.text, "unreachable": waits}], "nina")[0]
    # Out of reach before the review: carried into the next plan, never counted as behind.
    # Four weeks counting the week of 2027-01-25 end with the week of 2027-02-15, before the
    # review of 2027-02-22: still in reach; from 2027-02-01 the last week starts on its day.
    assert not carried_on(cycle, [four, seven], four, D(2027, 1, 18))
    assert not carried_on(cycle, [four, seven], four, D(2027, 1, 25))
    assert carried_on(cycle, [four, seven], four, D(2027, 2, 1))
    assert carried_on(cycle, [four, seven], seven, D(2027, 1, 25))
    assert not carried_on(cycle, [four, seven], seven, D(2027, 1, 11))  # not past its date
    # The same with the review of 2027-02-22: no "would have to move too" in private while
    # the agenda of 2027-02-08 shows the roadmap milestone standing alone.
    short = _cycle({"ci": [four, seven, roadmap]})
    tight = unreachable(short, short.steps["ci"], 1, D(2027, 1, 4))
    assert tight is not None and tight["redate"] and "then" not in tight
    assert short.waits_on("ci", roadmap, D(2027, 2, 8)) is None
    assert "builds on this one" not in schedule.unreachable_lines(
        [{"date": "2027-01-18", "text": seven.text, "unreachable": tight}], "nina")[0]
    # A week later a fresh run from today still ends before the review.
    later = unreachable(longer, [four, seven], 1, D(2027, 1, 11))
    assert later is not None and later["fresh"] == "2027-02-22" and not later["nofit"]
    # The week a fresh run stops fitting, the line says a week has passed since the date
    # suggested: only because the 1:1 before did suggest one.
    assert not unreachable(longer, [four, seven, roadmap], 1, D(2027, 1, 18))["nofit"]
    stop = unreachable(longer, [four, seven, roadmap], 1, D(2027, 1, 25))
    assert stop is not None and stop["nofit"] == "yes" and stop["lapsed"] == "yes"
    # With 1:1s every two weeks, two weeks have passed since that suggestion, not one.
    fortnightly = Cycle(START, D(2027, 3, 1), 0, False, steps={"ci": [four, seven, roadmap]},
                        held=[D(2026, 12, 21), D(2027, 1, 4)])
    two = unreachable(fortnightly, [four, seven, roadmap], 1, D(2027, 1, 18))
    assert two is not None and two["lapsed_weeks"] == "two"
    said = schedule.unreachable_lines([{"date": "2027-01-18", "text": seven.text,
                                        "unreachable": two}], "omar")[0]
    assert "Two weeks have passed since the last suggestion" in said
    # Once a fresh run from today would end at the review or after it, no later date is
    # offered in either part: what the weeks so far show, the rest into the next plan.
    for on in (D(2027, 1, 11), D(2027, 1, 18), D(2027, 2, 1), D(2027, 2, 8)):
        late_run = unreachable(cycle, [four, seven, roadmap], 1, on)
        assert late_run is not None and late_run["nofit"] == "yes" and not late_run["redate"]
        line = schedule.unreachable_lines([{"date": "2027-01-18", "text": seven.text,
                                            "unreachable": late_run}], "nina")[0]
        assert re.search(r"[Nn]o full run fits (now )?before the review on 2027-02-22", line)
        assert "earlier milestone asks" not in line
        assert "carry the rest into the next plan" in line and "move it" not in line
    assert unreachable(cycle, [four, seven], 1, D(2027, 1, 18)) is not None
    # Its date passed, it stays flagged: it could not be met as written, not a shortfall.
    late = unreachable(cycle, [four, seven], 1, D(2027, 2, 8))
    assert late is not None and late["past"] == "yes" and not late["redate"]
    # Reached, the run is under way: nothing to flag.
    met = Step(four.date, four.text, D(2026, 12, 28), 0)
    assert unreachable(cycle, [met, seven], 1, D(2027, 1, 4)) is None
    # The manager's line carries a concrete suggestion; the PM's copy only asks to agree.
    milestones = step_dicts(longer, "ci", D(2027, 1, 4))
    lines = schedule.unreachable_lines(milestones, "nina")
    # Worded from the facts: the run before it is open; one date fits either way.
    assert len(lines) == 1 and ("asks for seven weeks in a row. The run before it, due "
                                "2026-12-28, is still open. Suggest: move it to 2027-02-15: "
                                "a run of seven weeks starting this week ends with the week of "
                                "2027-02-15") in lines[0]
    assert "cannot be met" not in lines[0] and "three weeks" not in lines[0]
    assert "team/nina.yaml" in lines[0]


def test_only_the_calendar_rules_a_run_out_and_the_rewording_keeps_the_bar() -> None:
    from pmkit.documents.render import Renderer
    from pmkit.documents.runs import calendar_bars

    four = Step(D(2026, 12, 28), "A customer conversation held every week for four weeks.",
                order=0)
    seven = Step(D(2027, 1, 18), "Weekly customer contact kept up for seven weeks without a "
                 "gap.", order=1)
    # Ten weeks by 2027-01-18 never fit in a plan that began 2026-11-30: certain.
    ten = Step(D(2027, 1, 18), "Weekly customer contact kept up for ten weeks without a gap.",
               order=1)
    roadmap = Step(D(2027, 2, 8), "A roadmap proposal brought to planning.", order=2)
    cycle = _cycle({"ci": [four, seven]})
    on = D(2027, 2, 8)  # both dates passed, the plan's last weeks
    maybe = unreachable(cycle, [four, seven], 1, on)
    sure = unreachable(cycle, [four, ten], 1, on)
    assert maybe is not None and maybe["broken"] == "yes"
    assert sure is not None and not sure["broken"]
    # One rule for "behind": a calendar-barred milestone is not counted, a conditional one is.
    said = schedule.unreachable_lines([{"date": "2027-01-18", "text": seven.text,
                                        "unreachable": maybe}], "nina")[0]
    assert "what the weeks so far show" in said and "could not have been met" not in said
    assert not calendar_bars(cycle, [four, seven], seven, on)
    assert calendar_bars(cycle, [four, ten], ten, on)
    # No later date fits before the plan ends: the private suggestion never asks for fewer
    # weeks than the earlier run, and the PM's copy offers no later date either.
    short = Cycle(START, D(2027, 2, 8), 0, False, steps={"ci": [four, seven, roadmap]})
    twelve = Step(D(2027, 1, 18), "Weekly customer contact kept up for twelve weeks without a "
                  "gap.", order=1)
    late = unreachable(short, [four, seven, roadmap], 1, D(2027, 1, 18))
    assert late is not None and not late["redate"] and late["floor"] == "2027-02-08"
    line = schedule.unreachable_lines([{"date": "2027-01-18", "text": seven.text,
                                        "unreachable": late}], "nina")[0]
    # Not reworded to the earlier run's four weeks: that would copy the milestone before it.
    assert "earlier milestone asks" not in line
    assert re.search(r"[Nn]o full run fits (now )?before the review on 2027-02-08", line)
    assert "reword it to one weeks" not in line and "two weeks" not in line
    note = Renderer(None).env.from_string(
        '{% import "_macros.md.j2" as m %}{{ m.run_note(g, "2027-01-18") }}').render(g=late)
    # the reason is the calendar: the run not yet complete is not why seven weeks cannot fit
    assert note == ("Seven weeks in a row "
                    "no longer fit before the review of your plan on 2027-02-08: agree together "
                    "what the weeks so far show, and carry the rest into your next plan.")
    assert "later date" not in Renderer(None).env.from_string(
        '{% import "_macros.md.j2" as m %}{{ m.run_note(g, "2027-01-18") }}').render(
            g=unreachable(short, [four, twelve], 1, D(2027, 1, 18)))


def test_a_partly_there_milestone_names_the_part_its_notes_say_is_missing() -> None:
    step = Step(D(2026, 12, 21), "Assumptions listed for the current initiative, the riskiest "
                "one tested, and the pass threshold written down before the test ran.", order=0)
    ran = ("Four of five claimants found the thumbnail version without help. You ran the "
           "sessions yourself.")
    lack = ("No success threshold was set beforehand, so the result was read after the fact. "
            "Next test: write the threshold first.")
    entries = [Entry(D(2026, 12, 14), ran, "notes"), Entry(D(2026, 12, 14), lack, "notes")]
    shown = step_dicts(_cycle({"ti": [step]}, {"ti": entries}), "ti", D(2027, 1, 4),
                       ["Priya Sharma", "Priya"], "Testing ideas")[0]
    assert shown["partly"] and "Four of five" in shown["latest"]["text"]
    assert shown["missing"] == ("No success threshold was set beforehand, so the result was "
                                "read after the fact.")
    # Notes that say nothing is missing add nothing.
    whole = step_dicts(_cycle({"ti": [step]}, {"ti": entries[:1]}), "ti", D(2027, 1, 4),
                       ["Priya Sharma", "Priya"], "Testing ideas")[0]
    assert whole["partly"] and not whole["missing"]


def test_praise_of_the_meeting_reaches_the_pm_and_a_remark_about_the_pm_does_not() -> None:
    from pmkit.documents.judgement import without_judgement

    assert without_judgement("Good session. Her test plan has a threshold.") == (
        "You had a good session. Her test plan has a threshold.", [])
    assert without_judgement("We talked about the roadmap review. He said nothing.") == (
        "We talked about the roadmap review.", ["He said nothing."])


def test_a_rhythm_goal_shows_the_dates_the_work_happened_and_the_gaps() -> None:
    four = Step(D(2026, 12, 28), "A customer conversation held every week for four weeks.",
                order=0)
    line = "Held a customer call with the designer"
    entries = [Entry(D(2026, 12, 1), line, "log"), Entry(D(2026, 12, 29), line, "log")]
    shown, _ = evidence_dicts(_cycle({"ci": [four]}, {"ci": entries}), "ci",
                              ["Nina Patel", "Nina"])
    # Two calls, four weeks apart: the reader sees the rhythm is not weekly yet.
    assert shown[0]["also"] == ("done on two dates, 2026-12-01 and 2026-12-29: "
                                "four weeks apart")
    uneven = [*entries, Entry(D(2027, 1, 5), line, "log")]
    shown, _ = evidence_dicts(_cycle({"ci": [four]}, {"ci": uneven}), "ci", ["Nina"])
    assert shown[0]["also"].endswith("gaps of 4 and 1 weeks")
    # An item added afresh and ticked on several dates may be one piece of work pasted
    # again: no habit in the PM's part, shown at its first date, a word to the manager.
    ticked = "Ticked off as done: send the snapshot of each call to the team."
    again = [Entry(D(2026, 12, 14), ticked, "notes"), Entry(D(2027, 1, 11), ticked, "notes"),
             Entry(D(2027, 2, 8), ticked, "notes")]
    shown, _ = evidence_dicts(_cycle({"ci": [four]}, {"ci": again}), "ci", ["Nina"])
    assert not shown[0]["also"] and shown[0]["date"] == "2026-12-14"
    assert shown[0]["repeat"] == ("added and ticked again on 2027-01-11 and 2027-02-08: if it "
                                  "is the same work, it counts once")


def test_a_partly_there_milestone_names_every_part_the_evidence_does_not_show() -> None:
    calls = Step(D(2026, 12, 28), "A customer conversation held every week for four weeks, at "
                 "least half with the designer or an engineer listening, and a short snapshot "
                 "posted after each.", order=0)
    posted = [Entry(D(2026, 12, 23), "Posted three interview snapshots", "log")]
    got = step_dicts(_cycle({"ci": [calls]}, {"ci": posted}), "ci", D(2027, 1, 4),
                     ["Nina Patel", "Nina"], "Customer insight")[0]
    assert got["partly"]
    # Both parts the snapshots do not show, in one phrase; the snapshots are not named.
    assert got["still"] == ("the weekly rhythm, and at least half with the designer or an "
                            "engineer listening")
    tried = Step(D(2026, 12, 21), "Your goal tried twice, prepared with your manager "
                 "beforehand if you want, and a short note on each (what you did, what worked, "
                 "what you would change) to walk through in a 1:1.", order=0)
    walked = [Entry(D(2026, 12, 14), "Nina walked through her latest work on problem framing; "
                    "she shared two examples.", "notes")]
    framed = step_dicts(_cycle({"pf": [tried]}, {"pf": walked}), "pf", D(2027, 1, 4),
                        ["Nina Patel", "Nina"], "Problem framing")[0]
    # A walk-through naming no work is no try: the milestone is still open, not partly there.
    assert not framed["partly"] and not framed["still"]


def test_evidence_names_reported_work_before_a_ticked_chore_and_cuts_by_kind() -> None:
    from pmkit.documents.evidence import by_kind, latest, reported

    rows = [{"date": "2027-01-13", "text": "You posted three interview snapshots."},
            {"date": "2027-01-25", "text": "You booked two calls with claimants and ran one "
             "yourself."},
            {"date": "2027-02-01", "text": "You drafted the interview guide for brokers."},
            {"date": "2027-02-08", "text": "You walked through your latest work on customer "
             "insight; you shared two examples."},
            {"date": "2027-02-08", "text": "Ticked off as done: send the snapshot of each call "
             "to the team."}]
    # The latest line worth naming is work reported, not the chore ticked the same day.
    assert latest(rows) == rows[3]
    assert latest(rows[4:]) == rows[4]
    # Cut to three, the calls line survives newer lines of other kinds; the ticked chore
    # goes first: a kind of work is shown by what was reported of it.
    kept = by_kind(rows, "Customer insight", 3)
    assert rows[1] in kept and rows[4] not in kept and len(kept) == 3
    assert [r["date"] for r in kept] == sorted(r["date"] for r in kept)
    # An instruction beside what happened is not evidence; a line of instructions only is none.
    assert reported("Two claimant interviews done. Before settling on a confirmation email, "
                    "list other options with the designer.") == "Two claimant interviews done."
    assert reported("Next: book two calls with brokers.") == ""
    assert reported("For the claims flow, you ran three tests.") == (
        "For the claims flow, you ran three tests.")


def test_a_goal_never_the_focus_yet_is_said_so_even_with_evidence_from_a_1_1() -> None:
    from pmkit.documents.focus import why_today

    step = Step(D(2027, 1, 18), "A one-page brief reviewed before any sketch.", order=0)
    said = why_today(_cycle({"pf": [step]}), "pf", ["pf", "ci"], D(2026, 12, 14),
                     [(D(2026, 11, 30), "ci"), (D(2026, 12, 7), "ci")])
    # Evidence may be dated a 1:1 day; what no 1:1 has done is make it the focus.
    assert said == "Why this goal today: no 1:1 of your plan has had it as its focus yet."


def test_a_note_that_opens_with_what_the_pm_did_reads_to_the_pm() -> None:
    line = "watched 3 support calls and brought two patterns to planning"
    entries = [Entry(D(2027, 1, 28), line, "notes"),
               Entry(D(2027, 1, 29), "Limited data so far on the export button.", "notes")]
    shown, _ = evidence_dicts(_cycle({"pf": []}, {"pf": entries}), "pf", ["Omar"])
    assert [e["text"] for e in shown] == [
        "You watched 3 support calls and brought two patterns to planning",
        "Limited data so far on the export button."]


def test_a_line_pasted_under_another_goal_later_is_a_copy_not_evidence() -> None:
    import datetime as dt

    from pmkit.documents.line_goals import copies, copy_said, without_copies

    first, later = dt.date(2026, 12, 3), dt.date(2027, 2, 11)
    rows = [(first, "customer", "You wrote up notes the same day."),
            (first, "customer", "You ran two interviews."),
            (later, "data", "you wrote up notes the same day"),
            (later, "data", "You built the funnel query."),
            (later, "customer", "You ran two interviews.")]  # same goal: a repeat, kept
    found = copies(rows)
    assert [(c.goal, c.first_goal, c.first_date) for c in found] == [("data", "customer", first)]
    assert without_copies(rows) == [rows[0], rows[1], rows[3], rows[4]]
    said = copy_said(found[0], str.capitalize)
    assert "left out of Data's evidence" in said and "under Customer on 2026-12-03" in said


def test_the_advice_on_the_pms_goal_item_moves_on_after_three_weeks() -> None:
    from pmkit.documents.carried import pm_lines
    from pmkit.documents.notes import Carried

    text = "You: rewrite the onboarding brief as a problem statement"
    said = []
    for times in range(3, 9):
        item = Carried(text, 0, True, D(2026, 12, 7), times)
        said.append(pm_lines([[item]], D(2027, 1, 25), "Nina",
                             goals={text: "Problem framing"})[0])
    # The same advice for three weeks, then a different step, tied to the goal's milestone.
    assert all("agree the smallest piece" in line for line in said[:3])
    assert all("agree the smallest piece" not in line for line in said[3:])
    assert "A date did not come in the three 1:1s that asked for one, so listen" in said[3]
    # Each ask is counted as the kind it was: three for a date, then the obstacle.
    assert ("the three 1:1s that asked for one, and what stands in the way was asked once "
            "before with no answer recorded") in said[4]
    assert "evidence for the Problem framing milestone" in said[3]
    # The private part quotes what the PM's copy now asks: no longer a date.
    assert "no longer asks for a date but what stands in the way: “Part of your" in said[3]
    # Three more weeks of that, and it is taken to the review rather than carried on.
    more = pm_lines([[Carried(text, 0, True, D(2026, 12, 7), 9)]], D(2027, 2, 15), "Nina",
                    goals={text: "Problem framing"})[0]
    assert "take it to the review" in more and "tying it to the goal" in more
    assert "still the right piece of work" in more


def test_a_note_written_again_is_dated_at_its_first_date_and_read_to_the_pm() -> None:
    step = Step(D(2026, 12, 21), "The riskiest assumption tested with a fake-door test or a "
                "prototype, and the pass threshold written down before the test ran.", order=0)
    line = "Tried a fake-door test for the export button: 40 clicks in a week."
    entries = [Entry(D(2026, 12, 14), line, "notes"), Entry(D(2027, 1, 11), line, "notes")]
    cycle = _cycle({"t": [step]}, {"t": entries})
    names = ["Omar Haddad", "Omar"]
    got = step_dicts(cycle, "t", D(2027, 1, 18), names, "Testing ideas")[0]
    # Until the manager says it is new work, the goal must not look as if it moved since.
    assert got["latest"] == {"date": "2026-12-14", "after": "",
                             "text": "You tried a fake-door test for the export button: "
                                     "40 clicks in a week."}
    shown, _ = evidence_dicts(cycle, "t", names)
    assert [(e["date"], e["text"]) for e in shown] == [("2026-12-14", got["latest"]["text"])]
    assert "(2026-12-14 and 2027-01-11)" in shown[0]["repeat"]


def test_the_private_table_sets_apart_milestones_the_pm_copy_calls_out_of_reach() -> None:
    """The PM's copy calls a run that no longer fits out of reach, to go into the next plan:
    the private part does not ask the manager to agree a new date for it."""
    from types import SimpleNamespace

    four = Step(D(2026, 12, 28), "A customer conversation held every week for four weeks.",
                order=0)
    seven = Step(D(2027, 1, 18), "Weekly customer contact kept up for seven weeks without a "
                 "gap.", order=1)
    roadmap = Step(D(2027, 2, 8), "A roadmap proposal brought to planning.", order=2)
    cycle = _cycle({"ci": [four, seven, roadmap]})
    index = SimpleNamespace(by_id={"ci": SimpleNamespace(
        competency=SimpleNamespace(name="Customer insight"))})
    report = SimpleNamespace(focus=["ci"])
    # A week before the four weeks stop fitting: the oldest is still to re-date, the seven
    # weeks after it are not.
    row = schedule.late_milestones(report, index, cycle, D(2027, 1, 25), None)[0]  # type: ignore[arg-type]
    assert not row["carried"]
    assert row["others"] == ("one more out of reach before the review (2027-01-18); "
                             "next due 2027-02-08")
    row = schedule.late_milestones(report, index, cycle, D(2027, 2, 15), None)[0]  # type: ignore[arg-type]
    assert row["carried"]
    assert row["others"] == ("one more past (2027-02-08); "
                             "one more out of reach before the review (2027-01-18)")
