"""Milestones read honestly against evidence, late ones reach the PM, and a closing plan counts
only the 1:1s held and says whether the two views of the focus areas came closer."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
from doc_team import ok, take_notes
from markdown_rules import check_markdown

from pmkit.actions.documents import write_agenda, write_plan
from pmkit.documents import evidence
from pmkit.documents.closing import views_moved
from pmkit.documents.cycle import Cycle, Entry, Step
from pmkit.documents.focus import step_dicts
from pmkit.documents.notes import pm_copy
from pmkit.documents.plan import build_plan
from pmkit.model.person_doc import mark_reached
from pmkit.workspace import Workspace

from helpers import git, invoke

START = dt.date(2026, 8, 31)  # a Monday, twelve weeks before the end of November
WEEKS = 12
A, B, C = dt.date(2026, 9, 14), dt.date(2026, 10, 5), dt.date(2026, 10, 26)


def _cycle(entries: list[Entry], steps: list[Step] | None = None) -> Cycle:
    steps = steps or [
        Step(A, "A customer conversation held every week, and a short snapshot posted after each.",
             order=0),
        Step(B, "Weekly customer contact kept up, and a shared assumptions list with five "
                "entries marked as checked.", order=1),
        Step(C, "A roadmap proposal brought to planning with interview evidence quoted in it.",
             order=2)]
    return Cycle(START, dt.date(2026, 11, 23), 0, False, steps={"ci": steps},
                 evidence={"ci": entries})


def test_evidence_is_offered_only_for_a_milestone_it_names_and_only_once() -> None:
    on = dt.date(2026, 9, 21)
    sketch = Entry(dt.date(2026, 9, 7), "Sketching session with the designer; four ideas drawn")
    first = step_dicts(_cycle([sketch]), "ci", on, label="Customer insight")[0]
    # Work that names nothing the milestone asks for is the goal's evidence, not this
    # milestone's: it stays open, with no "agree whether it meets it".
    assert first["status"] == "overdue" and not first["partly"] and first["logged"] is None
    named = Entry(dt.date(2026, 9, 7), "Held a customer conversation and posted a snapshot")
    first = step_dicts(_cycle([named]), "ci", on, label="Customer insight")[0]
    assert first["partly"] and first["logged"] is None
    # A note that names the milestone's words only to say they are missing is no progress.
    missing = Entry(dt.date(2026, 9, 7), "No snapshot was posted after the customer conversation.")
    first = step_dicts(_cycle([missing]), "ci", on, label="Customer insight")[0]
    assert not first["partly"] and first["logged"] is None
    # One word of the milestone: offered to agree on, for the earliest open milestone only.
    weekly = Entry(dt.date(2026, 9, 28), "Kept the customer contact going; the list is shared")
    both = step_dicts(_cycle([weekly]), "ci", dt.date(2026, 10, 27), label="Customer insight")
    offered = [m for m in both if m["partly"] or m["logged"]]
    assert len(offered) == 1 and offered[0]["date"] == B.isoformat()


def test_a_milestone_asking_for_a_count_is_not_met_by_one_piece() -> None:
    steps = [Step(A, "Your goal tried twice, with a short note on each to walk through.",
                  order=0)]
    one = Entry(dt.date(2026, 9, 7), "Tried it with the designer")
    first = step_dicts(_cycle([one], steps), "ci", dt.date(2026, 9, 21),
                       label="Customer insight")[0]
    assert first["so_far"] == {"have": "one", "need": "two"}
    two = Entry(dt.date(2026, 9, 10), "Tried it again, alone")
    first = step_dicts(_cycle([one, two], steps), "ci", dt.date(2026, 9, 21),
                       label="Customer insight")[0]
    assert first["so_far"] is None
    assert evidence.count_of("An experiment log with at least six entries") == 6
    assert evidence.count_of("A snapshot posted after each") is None


def test_a_general_note_goes_to_one_goal_only_when_it_clearly_belongs_there() -> None:
    areas = {"ci": ("Interview a claimant with the designer every week", ["Customer insight"]),
             "at": ("Test the riskiest assumption of the next claims feature", ["Testing ideas"])}
    # "claims" is in both goals: it tells them apart no more than "the" does.
    assert evidence.area_of("The VP's answer: 40 suspicious claims a month, caught by hand.",
                            areas) is None
    assert evidence.area_of("Tested the riskiest assumption with five claimants.", areas) == "at"


def test_a_line_written_again_is_offered_for_one_milestone_only() -> None:
    line = "Held a customer conversation and posted a snapshot"
    again = [Entry(dt.date(2026, 9, 7), line), Entry(dt.date(2026, 9, 28), line)]
    steps = step_dicts(_cycle(again), "ci", dt.date(2026, 10, 27), label="Customer insight")
    # The first milestone is partly there, dated by the latest time it was written (as
    # the evidence list dates it), and not "after its date" since it was first written
    # before ...
    assert steps[0]["latest"]["date"] == "2026-09-28"
    assert not steps[0]["latest"]["after"]
    # ... and the same line, written again later, does not count for the next one too.
    assert not steps[1]["partly"] and steps[1]["logged"] is None


def test_a_milestone_after_an_open_one_says_it_builds_on_it() -> None:
    late = step_dicts(_cycle([]), "ci", dt.date(2026, 9, 21))
    assert late[1]["after"] == {"date": A.isoformat(), "text": late[0]["text"], "later": "",
                               "partly": ""}
    assert late[2]["after"] is None  # the one before it is not late yet
    # The first milestone re-dated past the second: the second now comes first by date,
    # and says that the one it builds on is still open.
    moved = [Step(B, "Weekly customer contact kept up.", order=1),
             Step(dt.date(2026, 10, 12), "A customer conversation held every week.", order=0)]
    shown = step_dicts(_cycle([], moved), "ci", dt.date(2026, 9, 1))
    assert [m["date"] for m in shown] == ["2026-10-05", "2026-10-12"]
    assert shown[0]["after"] == {"date": "2026-10-12", "text": "A customer conversation held "
                                 "every week.", "later": "yes", "partly": ""}
    # Marking "the next milestone reached" takes the earliest by date.
    section = {"milestones": {"ci": [{"date": dt.date(2026, 10, 12), "text": "first"},
                                     {"date": B, "text": "second"}]}}
    assert mark_reached(section, "ci", dt.date(2026, 10, 5)) == "second"


@pytest.fixture(scope="module")
def twelve(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Nina's plan from a Monday, twelve weekly 1:1s with notes, and a fresh pair of
    assessments in its last weeks; the thirteenth 1:1, the plan's last day, is still ahead."""
    root = tmp_path_factory.mktemp("twelve") / "ws"
    ok(["init", str(root), "--manager", "Dana Lee"])
    w = ["-w", str(root)]
    ok([*w, "add", "nina", "--name", "Nina Patel", "--level", "pm"])
    ok([*w, "assess", "nina", "--date", "2026-08-28", "--set", "customer-insight=2",
        "--set", "problem-framing=1", "--set", "assumption-testing=2", "--set", "delivery=4",
        "--set", "data-fluency=3", "--set", "stakeholder-management=3"])
    ok([*w, "assess", "nina", "--self", "--date", "2026-08-26", "--set", "customer-insight=4",
        "--set", "problem-framing=3", "--set", "assumption-testing=2"])
    write_plan(Workspace(root), "nina", today=START)
    for week in range(WEEKS):
        day = START + dt.timedelta(days=7 * week)
        done = write_agenda(Workspace(root), "nina", day)
        take_notes(done.path, "A quiet week.\n\n", "You walked through one brief.\n\n", "")
        git(root, "commit", "-qam", f"notes {day}")
        if week == 9:
            ok([*w, "assess", "nina", "--self", "--date", "2026-11-06", "--set",
                "customer-insight=3", "--set", "problem-framing=2", "--set", "assumption-testing=2"])
            ok([*w, "assess", "nina", "--date", "2026-11-09", "--set", "customer-insight=3",
                "--set", "problem-framing=2", "--set", "assumption-testing=2", "--set",
                "delivery=4", "--set", "data-fluency=3", "--set", "stakeholder-management=3"])
    return root

def _with_item(twelve: Path, where: Path, item: str) -> Path:
    """A copy of the twelve weeks whose last 1:1 lists ``item`` first among its actions."""
    import shutil

    copy = where / "ws"
    shutil.copytree(twelve, copy)
    last = sorted((copy / "oneonones" / "nina").glob("*.md"))[-1]
    text = last.read_text(encoding="utf-8")
    last.write_text(text.replace("## Action items\n", "## Action items\n\n" + item, 1),
                    encoding="utf-8")
    return copy



def test_the_pms_copy_shows_every_late_milestone(twelve: Path) -> None:
    last = sorted((twelve / "oneonones" / "nina").glob("*.md"))[-1]
    shared = pm_copy(last.read_text(encoding="utf-8"))
    check_markdown(shared)
    # Today's goal: every late milestone, oldest first; the others: one line each.
    assert "on this goal, oldest first" in shared
    assert "Behind on your other goals: two milestones on" in shared
    assert "nothing shown" not in shared


def test_the_last_agenda_sends_other_late_milestones_to_the_review(twelve: Path) -> None:
    from pmkit.documents.oneonone import build_agenda

    text = build_agenda(Workspace(twelve), "nina", dt.date(2026, 11, 23)).text
    shared = pm_copy(text)
    check_markdown(shared)
    # No turn of another goal is left in the plan: its late milestones go to the review.
    assert "Your plan ends today: bring a line on where each stands.\n\n" in shared
    assert "Each comes up when its goal takes a 1:1" not in shared


def test_what_the_last_weeks_say_about_time_left_matches_the_calendar(twelve: Path) -> None:
    from pmkit.documents.oneonone import build_agenda

    ws = Workspace(twelve)
    end = START + dt.timedelta(days=7 * WEEKS)
    said = {"settle": 0, "by": 0}
    for week in range(WEEKS - 5, WEEKS + 1):
        day = START + dt.timedelta(days=7 * week)
        full = build_agenda(ws, "nina", day).text
        shared = pm_copy(full)
        private = full[len(shared):]
        one_left = day + dt.timedelta(days=7) >= end  # no 1:1 between this one and the review
        # A late goal is promised only the 1:1 the turn rule gives it, the one "coming up"
        # names too, or the review.
        assert "Each comes up in the 1:1s left" not in shared
        # Another goal's milestone due today stands as its own paragraph.
        assert not re.search(r"^Also due today[^\n]*\n[^\n]", shared, re.M), day
        coming = next((x for x in shared.splitlines() if x.startswith("Coming up")), "")
        for name, when in re.findall(r"([A-Z][a-z ]+?) takes your 1:1 on (\S+?)[;.]", shared):
            assert f"{name} around {when}" in coming, (day, name, when)
        # The two halves tell one story at the last 1:1 before the review: settle, no re-date.
        # When no full run fits, the private part does not offer a new date for it.
        if re.search(r"A full run of \w+ weeks no longer fits", shared):
            assert "agree a new date or a smaller step when the goal comes up" not in private
        if one_left and "Milestones past their date" in private:
            assert "do not re-date them" in private
            assert "agree a new date or a smaller step" not in private
        # "No time to re-date" only when no 1:1 is left before the review ...
        if "rather than re-date it" in shared:
            said["settle"] += 1
            assert one_left, day
        # ... and before that, a re-date offered falls inside the plan, before its review.
        for by in re.findall(r"(?:a smaller step you can show by|no later than) "
                             r"(\d{4}-\d{2}-\d{2})", shared):
            said["by"] += 1
            assert day < dt.date.fromisoformat(by) < end and not one_left, day
        if one_left:
            assert "weeks left in your plan" not in shared
            assert "Each comes up when its goal takes a 1:1" not in shared
    assert said["settle"] and said["by"]


def test_the_closing_plan_counts_the_1_1s_held_and_the_views(twelve: Path) -> None:
    last_held = START + dt.timedelta(days=7 * (WEEKS - 1))
    text = build_plan(Workspace(twelve), "nina", today=last_held).text
    check_markdown(text)
    assert ("This plan ends on 2026-11-23: twelve 1:1s held; one more, on 2026-11-23, is the "
            "review of this plan.") in text
    # It claims only what the agendas did: the first 1:1 on an area was set to start from
    # the PM's work, not every one.
    assert "Your 1:1s on this area started from the work you brought" not in text
    # A milestone whose date has passed is never "due" in the closing plan; one dated on the
    # last 1:1, already held, has been checked there: still open, it is due today and open
    # after today's 1:1, never "past" on its own date.
    for due in re.findall(r"\*Due (\d{4}-\d{2}-\d{2}): bring|one due (\d{4}-\d{2}-\d{2})",
                          text):
        assert max(due) > last_held.isoformat()
    assert "one due today" not in text
    dated = [line for line in text.splitlines() if f"**{last_held.isoformat()}**" in line]
    assert dated and all("date has passed" not in line for line in dated)
    assert all("*Due today: bring" not in line for line in dated)
    # A plan is read later: it names the date, never "today".
    assert any(f"*Due {last_held.isoformat()}, the day of your last 1:1 before the review; still "
               "open after it: bring" in line for line in dated)
    # One rule for dependencies, late or not: an open milestone after an open one says so.
    chain = 0
    for block in text.split("**Milestones:**")[1:]:
        lines = [x for x in block.split("\n\n", 2)[1].splitlines() if x.startswith("- [")]
        for before, line in itertools.pairwise(lines):
            if before.startswith("- [ ]") and line.startswith("- [ ]"):
                chain += 1
                assert "Depends on the one before it" in line or "Builds on" in line, line
    assert chain
    assert "Your view and your manager's came closer over this plan" in text
    assert "Customer insight: 2 apart, now 0" in text
    assert "after twelve 1:1s held; one more, on 2026-11-23, is the review of this plan" in text
    # Each paragraph stands apart (markdownlint cannot see a paragraph run into the next).
    for bold in ("**How you see it", "**How your manager sees it", "**What a Product Manager"):
        assert text.count(f"\n{bold}") == text.count(f"\n\n{bold}")
    # A line noted on several days says where it was written, not several achievements.
    assert not re.search(r"^- \d{4}-\d{2}-\d{2}, \d{4}", text, re.M)
    # The repeat is the manager's to weigh: the plan shows the line once, with no flag.
    assert "written on" not in text and "the same words on" not in text
    # The opening names exactly the marks the milestones below carry.
    marks = {"reached": "*Reached ", "partly there": "*Partly there",
             "with evidence to agree on": "*Evidence logged", "still open": "*Still open",
             "still due": "*Due "}
    intro = text.split("## Where each goal stands")[0].split("each milestone below is marked ")[1]
    intro = intro.split(", going by the evidence")[0]
    said = {m for m in marks if m in intro}
    used = {m for m, mark in marks.items() if mark in text}
    assert said == used, (said, used)


def test_the_closing_plan_lists_the_managers_open_items_as_theirs(twelve: Path,
                                                                   tmp_path: Path) -> None:
    copy = _with_item(twelve, tmp_path, "- [ ] Dana: introduce Nina to the support lead "
                      "*(added 2026-09-07)*\n")
    plan = build_plan(Workspace(copy), "nina",
                      today=START + dt.timedelta(days=7 * (WEEKS - 1))).text
    check_markdown(plan)
    # Counted in 1:1s; the PM is told where to ask, and promised nothing the record belies.
    assert ("- Dana: introduce you to the support lead. Open since 2026-09-07, carried "
            "through ten 1:1s." in plan)
    # Said as the last agenda says it: the review takes it, the PM carries nothing.
    assert ("One of Dana's items from your 1:1s is still open; it goes to the review as an "
            "open point on Dana's side, with nothing for you to carry:") in plan
    assert "ask at the review" not in plan


def test_views_narrowing_compares_the_plans_first_assessments_with_the_newest(twelve: Path
                                                                          ) -> None:
    from pmkit.history.entries import Entry as Assessed

    def entry(day: dt.date, **ratings: int) -> Assessed:
        return Assessed(day, None, None, {k.replace("_", "-"): v for k, v in ratings.items()},
                        "pm", None, {})

    index = Workspace(twelve).index
    focus = ["customer-insight", "problem-framing"]
    manager = [entry(dt.date(2026, 8, 28), customer_insight=2, problem_framing=1),
               entry(dt.date(2026, 11, 6), customer_insight=3, problem_framing=2)]
    own = [entry(dt.date(2026, 8, 26), customer_insight=4, problem_framing=3)]
    assert views_moved(manager, own, focus, START, index) is None  # no newer self-view
    own.append(entry(dt.date(2026, 11, 5), customer_insight=3, problem_framing=3))
    moved = views_moved(manager, own, focus, START, index)
    assert moved is not None
    assert (moved["before"], moved["now"], moved["way"]) == (4, 1, "closer")
    assert moved["areas"][0] == {"name": "Customer insight", "before": 2, "now": 0}


def test_the_demo_agenda_takes_the_goal_furthest_behind_and_the_plan_agrees(
        tmp_path: Path) -> None:
    from pmkit.demo import build_demo

    root = tmp_path / "demo"
    build_demo(root, history=False)
    agenda = invoke(["-w", str(root), "oneonone", "priya", "--stdout"]).stdout
    plan = invoke(["-w", str(root), "plan", "priya", "--stdout"]).stdout
    # A goal with work already noted is never sent to its "first 1:1". A ticked follow-up
    # on another request that speaks the goal's words (its riskiest assumption) is
    # evidence of the skill; the milestone still reads from what the notes say.
    for section in plan.split("\n### ")[1:]:
        if "**Evidence so far:**\n\n- 20" in section:
            assert "first 1:1" not in section
    testing = plan.split("### 2. Testing ideas", 1)[1].split("\n### ", 1)[0]
    # The areas below the level left out of this plan are said to wait, once, by count.
    assert ("Seven more areas are below what a Product Manager is expected to show, as the "
            "table above marks. They wait for a later plan: one plan takes three at a time"
            ) in plan
    # The 1:1's instructions written beside what happened are not evidence of work done.
    insight = plan.split("### 1. Customer insight", 1)[1].split("\n### ", 1)[0]
    evidence_part = insight.split("**Evidence so far:**", 1)[1].split("\n**", 1)[0]
    assert "claimants upload the same photo several times" in evidence_part
    assert "Before settling on a confirmation email" not in evidence_part
    # The sketching session's ideas are solution exploration, not a test.
    exploring = plan.split("### 3. Solution exploration", 1)[1].split("\n### ", 1)[0]
    assert "- 2026-11-16: Upload ideas: progress bar" in exploring
    assert "Upload ideas" not in testing
    assert "You will test the two cheapest" not in exploring.split("**Practices", 1)[0]
    assert "Next test: write the threshold first" not in testing.split("**Practices", 1)[0]
    # A ticked item reads as the PM's work, not as a log line.
    assert ("- 2026-11-23: You wrote down the riskiest assumption behind the "
            "fraud-check request.") in testing
    assert "*Partly there, as of 2026-11-23, after its date: Four of five claimants" in testing
    # A milestone partly there whose date has passed says both, as the agenda does.
    assert re.search(r"\*\*2026-11-23\*\* \(Monday\): [^\n]*\*Partly there, as of "
                     r"2026-11-16, and its date has passed:", plan)
    # One ask per milestone: a run that no longer fits says what to do, alone.
    for line in plan.splitlines():
        assert not ("bring what shows where it stands" in line
                    and "carry the rest into your next plan" in line), line
    # Two colleagues answered: their views stay with the manager until a third does.
    assert ("With two, their views stay with your manager until a third answers, so that no "
            "single colleague's rating can be told apart in what you see") in plan
    assert "no one's rating" not in plan
    assert "none has that many yet" not in plan
    check_markdown(plan.split("\nPrinted without its pictures", 1)[0])
    # The threshold to write "before running" the prototype test, which the notes say has
    # run: still carried (every open item is), marked in the PM's copy in the PM's words;
    # the same notes (the 1:1's, not "yours") say it is for the next test, so the mark says
    # so and ends on the same open choice the private part gives the manager.
    shared, private = agenda.split("<!-- pmkit:private", 1)
    assert ("the prototype test before running it *(added 2026-11-23)* *(the prototype test "
            "has already run, and the notes of 2026-11-23 say, next test, write the threshold "
            "first: keep it for the next one, with a date, or close it?)*") in shared
    assert "your notes of" not in shared and "drop this, or keep it" not in shared
    assert ("the prototype test has run, and the notes of 2026-11-23 carry it to the next one "
            "(“Next test: write the threshold first”). Priya's copy asks the same: rescope it "
            "to the next one with a date, or close it.") in private
    # The plan says the turn rule as it runs, and counts the 1:1s held since it began
    # beside the day it began; the agenda's preview follows the rule: the late goal with
    # a milestone due that day before a goal on track.
    assert "The first weeks open each goal in turn" not in plan
    assert ("take one goal each: the one furthest behind its milestones, a late milestone "
            "first. No goal waits more than three 1:1s for its turn") in plan
    # The first 1:1 is dated, without a word on how late in the plan it came.
    assert "after three 1:1s held since it began, the first on 2026-11-09" in plan
    assert "weeks in, on" not in plan
    # A milestone reached after its date says so, as a late partial one does.
    assert "*Reached 2026-11-23, after its date.*" in plan
    assert "Coming up, as things stand today: Testing ideas around 2026-12-07" in shared
    # The test that ran weighs against the milestone asking for it: partly there.
    assert "Assumptions listed" in testing and "*Partly there" in testing
    assert "today's talking point asks how the quarterly business review" in shared
    assert "**2026-11-16** (Monday): Assumptions listed" in testing
    day = re.search(r"^# 1:1 with .+: (\d{4}-\d{2}-\d{2})$", agenda, re.M)
    focus = re.search(r"^## Focus: (.+)$", agenda, re.M)
    assert day and focus
    # Late milestones as the plan marks them: unticked and dated before the 1:1.
    late: dict[str, str] = {}
    for section in plan.split("\n### ")[1:]:
        name = section.split("\n", 1)[0].split(". ", 1)[1]
        dates = [d for d in re.findall(r"^- \[ \] \*\*(\d{4}-\d{2}-\d{2})\*\*", section, re.M)
                 if d < day.group(1)]
        if dates:
            late[name] = min(dates)
    behind = re.search(r"^Behind on your other goals: (.+)$", agenda, re.M)
    named = set(re.findall(r"milestones? on ([^(;]+?) \(", behind.group(1))) if behind else set()
    assert late, "the demo has a goal behind its milestones"
    # The agenda and the plan agree on which goals are late ...
    assert named | ({focus.group(1)} & set(late)) == set(late)
    # ... and the 1:1 takes a late goal: one no 1:1 has taken since its milestone's date
    # before one already raised (Solution exploration in the demo, never taken yet, before
    # Testing ideas, taken in the last two 1:1s).
    held = {p.stem: m.group(1) for p in sorted((root / "oneonones" / "priya").glob("*.md"))
            if p.stem < day.group(1)
            and (m := re.search(r"^## Focus: (.+)$", p.read_text(encoding="utf-8"), re.M))}
    unasked = {n for n, d in late.items() if not any(a == n and w >= d for w, a in held.items())}
    assert focus.group(1) in (unasked or late)
    # Next comes a goal left out of the last three 1:1s (three goals: a turn at least every
    # four), else the next goal behind.
    coming = re.search(r"^Coming up: ([^,.]+?) around", agenda, re.M)
    taken = [*held.values(), focus.group(1)]
    owed = [n for n in dict.fromkeys(taken) if n not in taken[-3:]]
    others = sorted((d, n) for n, d in late.items() if n != focus.group(1))
    if coming and (owed or others):
        assert coming.group(1) == (owed[0] if owed else others[0][1])


def test_a_milestone_count_takes_the_number_the_evidence_states() -> None:
    from pmkit.documents.evidence import tally

    asks = ("A customer conversation held every week for four weeks, and a short snapshot "
            "posted after each.")
    assert tally([("2027-01-13", "Posted three interview snapshots.")], asks) == 3
    # A count of things needs evidence that names what is counted.
    log = "An experiment log with at least six entries, each recording the result."
    assert tally([("2026-12-14", "Her test plan has a threshold written before the test.")],
                 log) is None
    assert tally([("2026-12-14", "Added two entries to the experiment log.")], log) == 2


def test_the_plans_last_1_1_is_its_review_in_the_plan_and_the_agenda(twelve: Path) -> None:
    before_last = sorted((twelve / "oneonones" / "nina").glob("*.md"))[-1]
    shared = pm_copy(before_last.read_text(encoding="utf-8"))
    # The 1:1 on the plan's last day is the review, as the plan says: no goal's turn there.
    assert "Coming up" not in shared
    assert "Your plan ends on 2026-11-23, and that 1:1 is the review of the whole plan" in shared


def test_the_milestone_after_a_partly_met_one_does_not_call_it_still_open() -> None:
    on = dt.date(2026, 10, 6)
    named = Entry(dt.date(2026, 9, 7), "Held a customer conversation and posted a snapshot")
    steps = step_dicts(_cycle([named]), "ci", on, label="Customer insight")
    assert steps[0]["partly"]
    assert steps[1]["after"] is not None and steps[1]["after"]["partly"] == "yes"
    assert steps[2]["after"] is not None and steps[2]["after"]["partly"] == ""


def test_a_rhythm_is_not_a_count_and_late_evidence_is_said_to_be_late() -> None:
    from pmkit.documents.evidence import rhythm

    d = dt.date
    asks = ("A customer conversation held every week for four weeks, at least half with the "
            "designer or an engineer listening, and a short snapshot posted after each.")
    cycle = Cycle(d(2026, 11, 30), d(2027, 2, 22), 0, False,
                  steps={"ci": [Step(d(2026, 12, 28), asks)]},
                  evidence={"ci": [Entry(d(2027, 1, 13), "Posted three interview snapshots",
                                         "log")]})
    step = step_dicts(cycle, "ci", d(2027, 1, 25), ["Nina Patel", "Nina"], "Customer insight")[0]
    # Three snapshots posted after the date are not "three of the four" on time, and a
    # weekly rhythm is not shown by a count: no count is stated, the rhythm is named.
    assert step["status"] == "overdue" and step["so_far"] is None
    assert step["latest"]["after"] and step["still"].startswith("the weekly rhythm")
    assert rhythm("A prototype in front of five users each sprint") == "every sprint"
    assert rhythm("Customer contact kept up for seven weeks without a gap") == "every week"
    assert rhythm("An experiment log with at least six entries") == ""
    assert rhythm("Snapshot posted within a week of each call") == ""
    # The same milestone without a rhythm, with evidence by its date, keeps its count.
    counted = ("Three customer conversations held, at least half with the designer "
               "listening, and a short snapshot posted after each.")
    cycle.steps["ci"] = [Step(d(2027, 1, 18), counted)]
    step = step_dicts(cycle, "ci", d(2027, 1, 25), ["Nina Patel", "Nina"], "Customer insight")[0]
    assert not step["latest"]["after"] and "rhythm" not in step["still"]


def test_a_ticked_item_counts_only_under_its_goal_and_naming_what_the_milestone_asks(
        tmp_path: Path) -> None:
    root = tmp_path / "ws"
    ok(["init", str(root), "--manager", "Dana Lee"])
    w = ["-w", str(root)]
    ok([*w, "add", "nina", "--name", "Nina Patel", "--level", "pm"])
    ok([*w, "assess", "nina", "--date", "2026-11-20", "--set", "assumption-testing=2",
        "--set", "customer-insight=2", "--set", "problem-framing=2"])
    write_plan(Workspace(root), "nina", today=dt.date(2026, 11, 30))
    folder = root / "oneonones" / "nina"
    folder.mkdir(parents=True, exist_ok=True)
    # The items were open action items a week before: ticked now, they are ticked off.
    (folder / "2026-11-30.md").write_text(
        "# 1:1\n\n## Action items\n\n"
        "- [ ] Nina: list the assumptions behind the fraud-check request\n"
        "- [ ] Nina: write the pass threshold for the upload prototype before the test\n"
        "- [ ] Nina: share the snapshot with the team\n", encoding="utf-8")
    (folder / "2026-12-07.md").write_text(
        "# 1:1\n\n## Follow-ups\n\n"
        "- [x] Nina: list the assumptions behind the fraud-check request\n\n"
        "## Notes\n\n### Testing ideas\n\n"
        "- [x] Nina: write the pass threshold for the upload prototype before the test\n\n"
        "## Action items\n\n- [x] Nina: share the snapshot with the team\n"
        "- [x] Nina: post a snapshot of the broker call to the team\n",
        encoding="utf-8")
    plan = build_plan(Workspace(root), "nina", today=dt.date(2026, 12, 8)).text
    testing = plan.split("Testing ideas\n", 1)[1].split("\n### ", 1)[0]
    # Under the goal's heading and naming what its milestone asks for: evidence.
    assert "pass threshold for the upload prototype" in testing
    # A follow-up on another request that speaks the goal's words (its assumptions): the
    # goal is the skill, not one project, so it counts too, under that goal only.
    assert "assumptions behind the fraud-check request" in testing
    assert plan.split("## Focus areas", 1)[1].count("fraud-check") == 1
    # Speaking its goal's own words (a snapshot), as a general note would: evidence for it,
    # dated the 1:1 it was ticked in.
    insight = plan.split("Customer insight\n", 1)[1].split("\n### ", 1)[0]
    assert "2026-12-07: You shared the snapshot with the team." in insight
    # A box ticked as it was written was never an open item: nothing was ticked off.
    assert "broker call" not in plan
    # Added again with another call under it and ticked: other work, its own dated line;
    # then the same call again: the same work, one line with a word to the manager only.
    snap = "- [{}] Nina: share the snapshot with the team\n  - the call with the {} broker\n"
    for day, mark, who in (("2026-12-14", " ", "Leeds"), ("2026-12-21", "x", "Leeds"),
                           ("2026-12-28", " ", "York"), ("2027-01-04", "x", "York"),
                           ("2027-01-11", " ", "York"), ("2027-01-18", "x", "York")):
        (folder / f"{day}.md").write_text("# 1:1\n\n## Action items\n\n" + snap.format(mark, who),
                                         encoding="utf-8")
    later = build_plan(Workspace(root), "nina", today=dt.date(2027, 1, 19))
    insight = later.text.split("Customer insight\n", 1)[1].split("\n### ", 1)[0]
    assert ("- 2026-12-21: You shared the snapshot with the team (the call with the Leeds "
            "broker).") in insight
    assert ("- 2027-01-04: You shared the snapshot with the team (the call with the York "
            "broker).") in insight
    assert "2027-01-18" not in insight  # the York call again: counted once
    assert any("York broker" in r and "ticked again on 2027-01-18" in r for r in later.repeats)
    assert not any("Leeds" in r for r in later.repeats)


def test_an_item_the_notes_overtake_is_marked_and_the_mark_reads_back_clean() -> None:
    from pmkit.documents import notes
    from pmkit.documents.overtaken import overtaken_by_notes, thing_of

    d = dt.date
    item = "Priya: write down the success threshold for the prototype test before running it"
    noted = [(d(2026, 11, 16), "You will test the two cheapest with a clickable prototype."),
             (d(2026, 11, 23), "No success threshold was set beforehand, so the result was "
                               "read after the fact.")]
    assert overtaken_by_notes([(item, d(2026, 11, 16))], noted) == [(item, d(2026, 11, 23))]
    assert thing_of(item) == "the prototype test"
    # Advice about a test not yet run overtakes nothing; nor does an item without "before".
    assert not overtaken_by_notes([(item, d(2026, 11, 16))], noted[:1])
    assert not overtaken_by_notes([("Priya: book two calls", d(2026, 11, 16))], noted)
    carried = (f"{item} *(added 2026-11-23)* *(the notes of 2026-11-23 say the prototype test "
               "has already run: drop this, or keep it for your next one?)*")
    assert notes.clean(carried) == item
    assert notes.added_on(carried) == d(2026, 11, 23)


def test_each_agenda_says_in_one_line_why_its_goal_is_todays(twelve: Path) -> None:
    from pmkit.documents.oneonone import build_agenda

    ws = Workspace(twelve)
    for week in (1, 6, WEEKS - 1):
        day = START + dt.timedelta(days=7 * week)
        shared = pm_copy(build_agenda(ws, "nina", day).text)
        check_markdown(shared)
        focus = shared.split("## Focus: ", 1)[1]
        why = re.findall(r"^Why this goal today: (.+)$", focus, re.M)
        assert len(why) == 1, (day, focus[:400])
        # Every date it gives is already past: a milestone past its date, or the last turn.
        assert all(d < day.isoformat() for d in re.findall(r"\d{4}-\d{2}-\d{2}", why[0]))
        assert "pmkit" not in why[0] and "Nina" not in why[0]


def test_a_plan_for_a_test_does_not_show_the_test_and_a_count_needs_its_pieces() -> None:
    from pmkit.documents.focus import _times_left
    from pmkit.documents.unshown import unshown

    milestone = ("Assumptions listed for the current initiative, the riskiest one tested, and "
                 "the pass threshold written down before the test ran.")
    # A test plan is not a test that ran: "test" in it does not show "tested".
    still = unshown(milestone, ["Your test plan has a threshold written before the test."],
                    "Testing ideas")
    assert "the riskiest one tested" in still and "assumptions listed" in still
    assert "riskiest" not in unshown(milestone, ["You tested the riskiest one."], "Testing ideas")
    # "Tried twice" is shown by two dated pieces, not by one.
    twice = "Your goal tried twice, and a short note on each."
    one = [("2026-11-16", "Sketching session on the upload problem.")]
    assert _times_left(twice, one, "a short note on each") == \
        "the second time, and a short note on each"
    two = [*one, ("2026-11-23", "A second sketching session.")]
    assert _times_left(twice, two, "a short note on each") == "a short note on each"
    assert _times_left("A log with six entries.", one, "") == ""  # counted things: not times


def test_a_line_saying_nothing_happened_is_not_evidence() -> None:
    from pmkit.documents.evidence import reported

    for line in ("nothing new here, you were on leave for a week", "No progress this week.",
                 "Nothing to report.", "n/a", "Skipped: the team offsite took the day."):
        assert reported(line) == "", line
    # A line reporting work keeps it; a sentence beside it saying nothing else moved goes.
    assert reported("You ran two interviews. No progress on the survey.") == \
        "You ran two interviews."


def test_every_verb_of_a_subjectless_note_turns_to_you() -> None:
    from pmkit.documents.voice import to_pm

    assert to_pm("Knows the trade from twenty years in it, rarely speaks to current users",
                 ["Omar"], implied_subject=True) == \
        "You know the trade from twenty years in it, rarely speak to current users"
    # A plural noun after a comma is not a verb: left as written.
    assert to_pm("Writes specs for teams, users and partners", ["Omar"], implied_subject=True) \
        == "You write specs for teams, users and partners"


def test_the_closing_plan_follows_the_last_ask_on_long_carried_goal_work(twelve: Path,
                                                                         tmp_path: Path) -> None:
    from pmkit.documents.carried import goal_ask

    item = ("- [ ] Nina: rewrite the onboarding brief as a problem statement *(open since "
            "2026-09-14, carried nine times: {})*\n")
    for asked, said in ((1, "; it belongs to this goal, so bring a date for it to the review."),
                        (7, " and carried through nine 1:1s: bring to the review what stands in its way, and "
                            "whether it is still the right work for your Problem framing goal.")):
        copy = _with_item(twelve, tmp_path / str(asked), item.format(goal_ask("Problem framing",
                                                                              asked)))
        plan = build_plan(Workspace(copy), "nina",
                          today=START + dt.timedelta(days=7 * (WEEKS - 1))).text
        check_markdown(plan)
        assert ("- Rewrite the onboarding brief as a problem statement. Open since 2026-09-14"
                + said + "\n") in plan


def test_a_milestone_after_one_the_calendar_rules_out_is_workable_now() -> None:
    """Seven weeks in a row cannot fit before the review any more: the milestone after it does
    not wait on it."""
    steps = [Step(A, "A customer conversation held every week, and a snapshot after each.",
                  order=0),
             Step(B, "Weekly customer contact kept up for seven weeks without a gap.", order=1),
             Step(C, "A roadmap proposal brought to planning with interview evidence.", order=2)]
    shown = step_dicts(_cycle([], steps), "ci", dt.date(2026, 10, 26))
    assert shown[2]["after"] is None
    # A late milestone asking for no run of weeks still comes first.
    plain = [*steps[:1], Step(B, "A shared assumptions list with five entries.", order=1),
             steps[2]]
    assert step_dicts(_cycle([], plain), "ci", dt.date(2026, 10, 26))[2]["after"]


def test_once_a_carry_was_proposed_later_agendas_refer_back_to_it() -> None:
    """A goal whose runs no longer fit took a 1:1 that proposed carrying them: another goal's
    agenda after it says so, rather than asking afresh."""
    from types import SimpleNamespace

    from pmkit.documents.schedule import behind

    steps = [Step(dt.date(2026, 10, 5), "A customer conversation held every week for four "
                  "weeks.", order=0),
             Step(dt.date(2026, 10, 26), "Weekly customer contact kept up for seven weeks "
                  "without a gap.", order=1)]
    cycle = _cycle([], steps)
    index = SimpleNamespace(by_id={"ci": SimpleNamespace(
        competency=SimpleNamespace(name="Customer insight"))})
    report = SimpleNamespace(focus=["ci", "pf"])
    took = [(dt.date(2026, 10, 12), "ci"), (dt.date(2026, 11, 9), "ci")]
    on = dt.date(2026, 11, 16)
    rows = behind(report, index, cycle, on, "pf", (), took)  # type: ignore[arg-type]
    assert rows[0]["carried"] == "two" and rows[0]["proposed"] == "2026-11-09"
    # Dated like a late one, so beside a late milestone of the same goal it reads as another.
    assert rows[0]["carried_since"] == "2026-10-05"
    # Taken only while a fresh run still fitted: nothing was proposed yet.
    rows = behind(report, index, cycle, on, "pf", (), took[:1])  # type: ignore[arg-type]
    assert rows[0]["carried"] == "two" and rows[0]["proposed"] == ""


def test_moving_a_run_that_pushes_the_next_milestone_past_the_review_names_the_choice() -> None:
    from pmkit.documents.schedule import _fix

    gone = {"redate": "2027-02-15", "either": "yes", "weeks": "seven", "fresh": "2027-02-15",
            "since": "2026-12-28", "then": "2027-02-08", "then_to": "2027-03-08",
            "review": "2027-02-22", "from": "2026-12-28"}
    said = _fix(gone)
    assert ("the next milestone of the goal, due 2027-02-08, builds on this one and would have "
            "to move too: kept three weeks after it, on 2027-03-08, it falls after the review on "
            "2027-02-22. Agree whether that one goes into the next plan or moves to the review's "
            "own day, one week after this one") in said
    assert "which of the two" not in said
