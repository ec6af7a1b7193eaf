"""The end-of-plan review read as a PM coach reads it, on the demo's Priya: every goal ends
with a decision, logged work that does what a goal asked is counted, nothing is said twice."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from pmkit.demo import build_demo
from pmkit.documents.goal_match import work_matches_goal
from pmkit.documents.review import build_review
from pmkit.workspace import Workspace

TODAY = dt.date(2026, 11, 29)
MARK = "<!-- pmkit:private"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "demo"
    build_demo(root, today=TODAY)
    return root


@pytest.fixture(scope="module")
def review(demo: Path) -> str:
    return build_review(Workspace(demo), "priya", TODAY).text


def _goal(text: str, name: str) -> str:
    return text.split(f"### {name}\n")[1].split("\n### ")[0].split("\n## ")[0]


def test_work_that_does_what_the_goal_asked_meets_it_as_worded() -> None:
    goal = "Hold a sketching session with the designer and tech lead before writing any requirements."
    rated = dt.date(2026, 10, 13)
    done = (dt.date(2026, 11, 13), "Sketching session on the upload problem with the designer "
            "and tech lead; four ideas on the table before any requirement was written.")
    assert work_matches_goal(goal, [done], rated) == (dt.date(2026, 11, 13), True)
    # before the rating it is already counted in it; other work does not match
    assert work_matches_goal(goal, [done], dt.date(2026, 11, 20)) is None
    assert work_matches_goal(goal, [(done[0], "Wrote the upload requirements alone.")], rated) is None
    skipped = "Skipped the sketching session with the designer; wrote the requirements before it."
    assert work_matches_goal(goal, [(done[0], skipped)], rated) is None
    # the action without its condition, or a goal that asks for a habit: agree on it
    assert work_matches_goal(goal, [(done[0], "Sketching session on upload.")], rated) == (done[0], False)
    weekly = "Interview a claimant with the designer every week for six weeks."
    assert work_matches_goal(weekly, [(done[0], "Two claimant interviews.")], rated) == (done[0], False)


def test_the_review_counts_the_sketching_session_beside_the_milestone_still_open(
        review: str) -> None:
    shared, private = review.split(MARK)
    solution = _goal(shared, "Solution exploration")
    # mid-plan, the session counts as done so far beside the late milestone: behind, not a verdict
    assert ("**Behind:** the milestone due 2026-11-13 (“hold a sketching session with the "
            "designer and tech lead: tried twice”) is late, and one more after it: one of the two sessions "
            "logged; the second, and a short note on each to walk through in a 1:1, are still to "
            "come. Done so far (your work logged on 2026-11-13): “Sketching session on the upload "
            "problem with the designer and tech lead") \
        in solution
    assert "**Goal met as worded" not in shared and "Goal not met yet" not in solution
    assert "still open" not in shared and "your goal tried twice" not in shared.lower()
    assert ("Late (due 2026-11-13; partly there): Hold a sketching session with the designer and tech lead: "
            "tried twice") in solution
    # the late milestone gets a new date on the 1:1 weekday (a Friday here): the next 1:1,
    # whose turn is this goal's, in a week no other goal's milestone takes; one session does
    # the goal as worded; the milestones, there to make it a habit, stay
    assert ("**Proposed:** keep this goal, with the late milestone proposed for your 1:1 on "
            "2026-12-04") in solution
    assert "met as worded" not in solution and "retire the milestones" not in solution
    assert "The work of 2026-11-13 does what your goal says, once" in solution
    # a second late milestone restarts after the first, in a week of its own, never on its
    # past date: the holiday Fridays (12-25, 2027-01-01) have no 1:1 to bring it to
    assert ("three sessions in all, one already held: the second by 2026-12-04 and the third by "
            "2027-01-08.") in solution
    assert dt.date(2026, 12, 4).weekday() == 4
    assert ("work Priya logged on 2026-11-13 (“Sketching session on the upload problem with the "
            "designer and tech lead") in private
    assert "”) is the kind of work the goal asks for" in private


def test_a_verdict_never_contradicts_the_milestones(review: str) -> None:
    shared = review.split(MARK)[0]
    for name in re.findall(r"^### (.+)$", shared, re.M):
        goal = _goal(shared, name)
        if "Late (due" in goal or "Missed (due" in goal:
            assert "**Goal met" not in goal, name


def test_every_goal_ends_with_a_decision_and_stays_in_the_next_focus(review: str) -> None:
    shared = review.split(MARK)[0]
    goals = re.findall(r"^### (.+)$", shared, re.M)
    assert goals == ["Customer insight", "Testing ideas", "Solution exploration"]
    for name in goals:
        assert _goal(shared, name).count("**Proposed:**") == 1, name
    # a late milestone gets a date; the later milestone that counts on it is to be reworded
    testing = _goal(shared, "Testing ideas")
    assert ("**Proposed:** keep this goal, with the late milestone proposed for your 1:1 on "
            "2026-12-18 in a new attempt with every part in place: assumptions listed for the "
            "current initiative, the riskiest one tested, and the pass threshold written down "
            "before the test ran; the milestone due 2026-12-04 builds on it; to keep to one "
            "milestone of new work a week across your goals, it is proposed for your 1:1 on "
            "2027-01-22, and the one due 2027-01-08 for 2027-01-29. Agree that “threshold” in the milestone "
            "now proposed for 2027-01-22 and “on "
            "the day the result came in” in the milestone now proposed for 2027-01-29 apply "
            "from your next test on: the work already done is not held to them.") in testing
    # the restart takes the first free week after the goals whose 1:1 turns come first;
    # the holiday Fridays and the other goals' steps push the later ones past the plan's end
    assert "- Due 2026-12-04, proposed to move to 2027-01-22: An experiment log" in testing
    assert ("so the last of them falls on 2027-01-29, after this plan's end on 2027-01-08: agree "
            "whether the plan runs that much longer, or whether the steps after its end go into "
            "your next plan") in shared
    # the 1:1 notes show the prototype sessions, but the threshold was not set first
    assert ("**Behind:** the milestone due 2026-11-13 (“assumptions listed for the current "
            "initiative”) is late: the work so far does not show assumptions listed for the "
            "current initiative or the pass threshold written down "
            "before the test ran. Your work on the fraud-check request is not counted toward "
            "the assumptions list for the current initiative; say in the meeting if it belongs "
            "there. Done so far (your 1:1 notes of 2026-11-20): “Four of five "
            "claimants found the thumbnail version without help; two of five with the progress "
            "bar.” The step agreed in your 1:1 of 2026-11-13 set that work: “You will test "
            "the two cheapest with a clickable prototype before anything enters a sprint.” "
            "The milestone also asks for the riskiest one tested: still to do, and the next "
            "step. Missed in that work (your 1:1 notes of "
            "2026-11-20): “No success threshold was set "
            "beforehand, so the result was read after the fact.”") in testing
    assert "choice" not in testing  # an instruction written in the 1:1 is a step agreed
    # the diagnosis and the remedy name the same parts; the cheapest is never read as approval
    # nor as proof that what was tested was not the riskiest: only the notes' silence is said
    assert "does not give" not in testing
    assert "Not done yet" not in testing
    # the step was agreed in the 1:1 held on the milestone's date, so it cannot explain the
    # delay and blames no one: the part it left out is the next step, said privately too
    assert "step you both agreed" not in testing
    private = review.split(MARK)[1]
    assert ("- **Testing ideas**, due 2026-11-13: your 1:1 notes of 2026-11-13 set the step "
            "(“You will test the two cheapest with a clickable prototype before anything enters "
            "a sprint”), and it left out this part of the milestone: the riskiest one tested. "
            "Nothing written down shows it done yet: propose it as the next step, not as "
            "something Priya fell short on.") in private
    assert ("- **Testing ideas**, due 2026-12-04, proposed for 2027-01-22: “An experiment log "
            "with an entry for each test run so far, each recording assumption, method, "
            "threshold") in review.split(MARK)[1]
    assert "- 2026-11-20, in your 1:1 notes: Four of five claimants" in _goal(shared, "Testing ideas")
    focus = re.findall(r"^- \*\*(.+?)\*\* \(", shared.split("## Proposed next focus")[1], re.M)
    assert set(goals) <= set(focus)


def test_one_assessment_shows_no_movement_and_says_each_thing_once(review: str) -> None:
    shared = review.split(MARK)[0]
    assert "| Competency | Rating | Expected |" in shared and "| same |" not in shared
    assert "## What moved and what did not" not in shared
    assert "partly met" not in shared and "**Rating:**" not in shared
    # made mid-plan, on the assessment the plan was built on: said once, at the top
    assert shared.count("This review is made on 2026-11-29, 5 weeks before the plan ends on "
                        "2027-01-08.") == 1
    assert "The plan was built on the assessment of 2026-10-13, and there has been none since" in shared
    assert ("**Behind:** the milestone due 2026-11-27 (“weekly customer contact kept up for six "
            "weeks without a gap”) is late.") in _goal(shared, "Customer insight")


def test_a_note_turns_to_you_whole_or_not_at_all() -> None:
    from pmkit.documents.voice import to_pm

    names = ["Priya Raman", "Priya"]
    note = ("Listens in on claims-line calls most weeks and quotes claimants in refinement; "
            "has not yet interviewed a claimant herself.")
    assert to_pm(note, names, implied_subject=True) == (
        "You listen in on claims-line calls most weeks and quote claimants in refinement; "
        "you have not yet interviewed a claimant yourself.")
    assert to_pm("Writes specs alone and has not asked the team.", names, implied_subject=True) is None


def test_newer_work_may_overtake_a_note(review: str) -> None:
    shared, private = review.split(MARK)
    assert "you have not yet interviewed a claimant yourself" in _goal(shared, "Customer insight")
    assert "newer work may have overtaken" in private
    assert "“Checked one assumption about the upload flow" in private
    assert "written down since: 1:1 notes of 2026-11-13 and 2026-11-20" in private
    # newer work that fits a higher rubric line makes the rating one to agree, not a note
    assert "- **Customer insight** (you rated 2 on 2026-10-13)" in private
    # the PM's copy shows the work right after the note it has moved past
    insight = _goal(shared, "Customer insight")
    note = insight.index("you have not yet interviewed a claimant yourself")
    after = insight[note:].split("\n\n")
    assert after[1] == "**Since then:**"
    assert after[2].startswith("- 2026-11-06, in your 1:1 notes: Two claimant interviews done")
    assert "\n- 2026-11-20: Weekly claimant interviews kept up: four so far" in after[2]
    assert "**Since then:**\n\n- 2026-11-13: Sketching session" in _goal(shared, "Solution exploration")


def test_the_manager_documents_agree_on_what_to_recheck(demo: Path) -> None:
    from pmkit.documents.conversation import build_conversation
    from pmkit.documents.readiness import readiness_report

    ws = Workspace(demo)
    private = build_conversation(ws, "priya", TODAY).text.split(MARK)[1]
    flagged = re.findall(r"^- \*\*(.+?)\*\* \(you rated [^)]*\): evidence", private, re.M)
    held = re.findall(r"^- \*\*(.+?)\*\* \(you rated [^)]*\): not reopened", private, re.M)
    ready = readiness_report(ws, "priya")
    # four weekly interviews in one entry are four pieces of work: Customer insight is
    # reopened too, and no rating is held back
    assert flagged == [r.name for r in ready.rows if r.newer_points] == ["Customer insight",
                                                                         "Solution exploration"]
    assert held == [r.name for r in ready.rows if r.newer_held] == []
    # the tag lists everything quoted since the rating, the same rule on every competency
    for row in ready.rows:
        for quoted in row.since_note:
            assert any(quoted["date"] in tag for tag in row.newer), (row.name, quoted)
    testing = next(r for r in ready.rows if r.name == "Testing ideas")
    assert testing.newer == ["1:1 notes of 2026-11-13 and 2026-11-20"]
    assert testing.newer_points is None
    assert "work logged on 2026-11-13" in ready.rows[[r.name for r in ready.rows].index(
        "Solution exploration")].newer


def test_the_conversation_says_each_thing_once_and_asks_for_a_third_colleague(demo: Path) -> None:
    from pmkit.documents.conversation import ask_next, build_conversation

    doc = build_conversation(Workspace(demo), "priya", TODAY).text
    shared, private = doc.split(MARK)
    assert "on all four" not in shared and shared.count("ratings date from 2026-10-13") == 1
    assert "The rating dates from" not in shared
    assert private.count("She has started asking us for options") == 1
    assert ("ask one more colleague, someone who works with Priya from outside the team and "
            "depends on its work, such as a lead in operations or in the business") in private
    assert ask_next(["designer", "operations lead"], "Priya")["count"] == 1  # type: ignore[index]
    assert "inside the team" in ask_next(["operations lead"], "Priya")["who"]  # type: ignore[index]
    assert ask_next(["designer", "tech lead", "operations lead"], "Priya") is None


def test_the_conversation_flags_a_note_newer_work_may_overtake(demo: Path) -> None:
    from pmkit.documents.conversation import build_conversation

    private = build_conversation(Workspace(demo), "priya", TODAY).text.split(MARK)[1]
    assert "newer work may have overtaken" in private
    assert "- **Testing ideas** (2026-10-13): “Checked one assumption" in private


def test_the_pm_copy_of_the_conversation_shows_work_since_each_note(demo: Path) -> None:
    from pmkit.documents.conversation import build_conversation

    shared = build_conversation(Workspace(demo), "priya", TODAY).text.split(MARK)[0]
    evidence = shared.split("## Evidence to bring")[1]
    for name, quote, work in [
            ("Customer insight", "you have not yet interviewed a claimant yourself.",
             "- Since then, your 1:1 of 2026-11-06: Two claimant interviews done"),
            ("Solution exploration", "the team receives finished specifications.",
             "- Since then, your work of 2026-11-13: Sketching session on the upload problem")]:
        section = _goal(evidence, name)
        lines = section.splitlines()
        at = next(i for i, line in enumerate(lines) if line.endswith(quote))
        assert lines[at + 1].startswith(work), name
    # all of it, logged work and the shared 1:1 notes under the competency's heading
    insight = _goal(evidence, "Customer insight")
    assert "- Since then, your work of 2026-11-20: Weekly claimant interviews" in insight
    testing = _goal(evidence, "Testing ideas")
    assert "- Since then, your 1:1 of 2026-11-20: Four of five claimants found" in testing
    # nothing written under the competency itself: work logged under another that fits its
    # rubric is offered instead of "nothing written down"
    team = _goal(evidence, "Team collaboration")
    assert "nothing written down" not in team
    # the sketching session with the designer and tech lead fits the line for the rating
    # talked about; the interviews the designer sat in on fit only the line below it
    assert ("- Since then: nothing under this competency, but your work of 2026-11-13 under "
            "Solution exploration may speak to it too: Sketching session") in team


def test_a_rating_flagged_for_recheck_reaches_the_pm_as_to_agree(demo: Path, review: str) -> None:
    from pmkit.documents.conversation import build_conversation
    from pmkit.documents.views import to_agree

    conversation = build_conversation(Workspace(demo), "priya", TODAY).text
    for doc in (review, conversation):
        shared, private = doc.split(MARK)
        assert "- **Solution exploration** (you rated 1 on 2026-10-13)" in private
        # every place the PM's copy shows that rating says it is still to agree
        lines = shared.splitlines()
        shown = [line for line in lines if "Solution exploration" in line and "1 " in line]
        shown += [line for line in lines if "1 · Learning** for your manager" in line]
        assert shown and all("to agree together" in line for line in shown), shown
        assert "your work of 2026-11-13, logged since, is the kind of work your goal asks for" in shared
        # a rating nothing newer questions is not marked
        assert not any("to agree" in line for line in lines if "**Testing ideas**" in line
                       or "| Testing ideas" in line)
    # the reason never points at a colleague
    colleague = {"views": [{"self": False, "work": False, "date": TODAY, "who": "Tom"}]}
    assert to_agree(colleague) == "there is newer evidence since then"
    assert to_agree(None) is None


def test_readiness_agrees_with_the_conversation_on_newer_work_and_views(demo: Path) -> None:
    from pmkit.cli.views.readiness_text import readiness_markdown
    from pmkit.documents.conversation import build_conversation
    from pmkit.documents.readiness import readiness_report

    ws = Workspace(demo)
    doc = build_conversation(ws, "priya", TODAY).text
    shared, private = doc.split(MARK)
    ready = readiness_report(ws, "priya")
    row = next(r for r in ready.rows if r.competency == "solution-exploration")
    # every newer view the conversation gives as a reason to recheck, and the same direction
    recheck = private.split("- **Solution exploration** (you rated")[1].split("\n")[0]
    assert "may speak to a higher rating" in recheck and row.newer_points == "higher"
    # colleagues' higher numbers without words above the rating are views, not evidence
    assert row.newer == ["work logged on 2026-11-13", "1:1 notes of 2026-11-13"]
    for who in ("Tom Brandt", "Mei Lin", "2026-11-13"):
        assert who in recheck
    # one colleague: asked by name; the part of the note that matches is named as a part
    assert ("Tom Brandt (tech lead) gave 2 on 2026-10-18: in the note, “most requirements "
            "still arrive written up” reads like the same rubric line as your own note of "
            "2026-10-13, and “She has started asking us for options” is the part that speaks "
            "for the 2, so set that part beside your rubric's line for 2") in recheck
    assert "where the rest of the" not in recheck
    assert "ask them" not in recheck and " turn:" not in recheck
    for never in ("describe nothing above", "matches a line above", "no line of your rubric"):
        assert never not in recheck
    # the work the PM's copy shows after a note is beside that note in the case too
    since = {r.name: [w["date"] for w in r.since_note] for r in ready.rows if r.since_note}
    sections = shared.split("## Evidence to bring")[1].split("\n## ")[0].split("\n### ")[1:]
    shown = {part.split("\n")[0]: re.findall(r"^- Since then, your (?:work|1:1) of (\S+):",
                                              part, re.M)
             for part in sections}
    assert since == {name: days for name, days in shown.items() if days}
    # the sketching session logged, and its ideas in the 1:1 notes of the same day
    assert since["Solution exploration"] == ["2026-11-13", "2026-11-13"]
    assert "2026-11-20" in since["Customer insight"] and "Testing ideas" in since
    case = readiness_markdown(ready)
    assert "  - Since then, work logged on 2026-11-20: “Weekly claimant interviews" in case
    # a 1:1 note speaks to the PM: the manager's report quotes it, never reads it as "you"
    assert ("  - Since then, from the 1:1 notes of 2026-11-20, written to Priya: “Four of five "
            "claimants") in case
    assert "‘I upload the same photo three times" in case
    assert re.search(r"^  - [^“\n]*\bYou\b", case, re.M) is None
    # the same recheck moment as the conversation, and no more weight than the evidence has
    assert ("Work written down since your latest rating of Solution exploration (1) may speak "
            "to a higher line of the rubric: agree a fresh rating in the assessment "
            "conversation, where Priya's copy marks it "
            "to agree together. Colleagues' views given before this work, so not about it: "
            "Tom Brandt (tech lead) "
            "gave 2 on 2026-10-18, above your rating: part of the note, “most requirements "
            "still arrive written up”, reads like the same rubric line as your own note of "
            "2026-10-13; the other part, “She has started asking us for options”, is what "
            "speaks for the 2, so set it beside your rubric's line for 2; "
            "Mei Lin (designer) gave 2 on 2026-10-20, above your rating, but with no example. "
            # one sketching session reaches the line directly above the rating, by the
            # review's own rule: the case reads it no higher
            # in the words of the review and the conversation
            "The newer work reads like the line for 2 at least, still short of the line "
            "for 4 that a Senior Product Manager is expected to show") in case
    # a prompt later work followed is said as such, not weighed against the work
    assert ("It took a prompt (your 1:1 notes of 2026-11-06: “Before settling on a "
            "confirmation email") in case
    assert "may put it at 2 or 3" not in case
    assert "before the next assessment" not in case and "may be stronger" not in case
    assert "agree a fresh rating with Priya in the meeting" in private


@pytest.fixture(scope="module")
def monday(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str]:
    """The demo on a Monday, its 1:1 day, six weeks before Priya's plan ends: the review,
    the conversation, and the review again once the conversation is written for that day."""
    from pmkit.documents.conversation import build_conversation

    root = tmp_path_factory.mktemp("monday") / "demo"
    day = dt.date(2026, 11, 30)
    build_demo(root, today=day)
    ws = Workspace(root)
    review, talk = build_review(ws, "priya", day).text, build_conversation(ws, "priya", day)
    talk.path.parent.mkdir(parents=True, exist_ok=True)
    talk.path.write_text(talk.text, encoding="utf-8")
    return review, talk.text, build_review(ws, "priya", day).text


def test_the_review_says_when_a_new_assessment_may_come_and_what_the_focus_is_for(
        monday: tuple[str, str, str]) -> None:
    before, _, after = (text.split(MARK)[0] for text in monday)
    none_since = "The plan was built on the assessment of 2026-10-16, and there has been none since"
    assert none_since + ", so the table" in before and "then the ratings, each settled by that work" in before
    assert ("not how far you have moved: that shows in today's assessment conversation, where "
            "you agree fresh ratings together. This review is what you bring to it. The meeting "
            "goes in one order: the work first, then the ratings, each settled by that work, and "
            "last the next focus, which follows from the ratings.") in after
    # made on the PM's 1:1 day with no conversation written yet, it may still be today
    assert "that shows once you are assessed again, which can be in today's meeting." in before
    # mid-plan, the proposed focus is for the rest of this plan, its goals already carried over
    for text in (before, after):
        assert ("Agree on them together for the rest of this plan, once the ratings are "
                "settled: if a rating changes today, the focus may change with it.") in text
        assert "before they go into the next plan" not in text


def test_the_review_and_the_conversation_give_every_goal_the_same_status(
        monday: tuple[str, str, str]) -> None:
    review, conversation = (text.split(MARK)[0] for text in monday[:2])
    assert "This review is made on 2026-11-30, 6 weeks before the plan ends on 2027-01-11." in review
    # milestones not yet due make a goal on track, never "partly met"; the rating plays no part
    # a milestone met after its date says how late, and the goal is on track now
    # met as logged work shows: no precise met date the evidence does not give; at risk through
    # the goal whose late step its next milestone starts from
    customer = _goal(review, "Customer insight")
    # an entry logged on 2026-11-23 for a run of weeks may cover weeks done by its date, but
    # the notes of 2026-11-09 say two interviews were done on it: it was met after its date,
    # and the goal is back on track, without a measure of how late the log cannot give
    assert ("**Back on track after a late milestone; its next milestone builds on a Testing "
            "ideas step that is late:** the "
            "milestone due "
            "2026-11-09 (“a customer conversation held every week for three weeks”) is met as "
            "you logged it on 2026-11-23, after its date, and no other "
            "is due yet. Next, by 2026-12-21: weekly customer contact kept up for six weeks "
            "without a gap, and a shared assumptions list") in customer
    assert ("- Met as you logged it on 2026-11-23, after its date (2026-11-09): A customer "
            "conversation") in customer
    assert "weeks after" not in customer and "days after" not in customer
    assert "Met on 2026-11-23" not in customer and "was met on" not in customer
    # what each goal asks is said, not that one piece of work serves both
    assert ("The last part of that milestone rests on Testing ideas' experiment log, now "
            "proposed for 2027-01-04: agree whether that part moves after it.") in customer
    assert "the same piece of work" not in customer
    assert "serves both goals" not in review + conversation
    assert ("Customer insight's milestone due 2026-12-21 starts from this step and asks for "
            "more: a shared assumptions list with at least five entries marked as checked."
            ) in _goal(review, "Testing ideas")
    # the conversation gives each goal one line, not the review's paragraph again
    assert ("your goal is back on track after a late milestone; its next milestone, due "
            "2026-12-21, builds on a Testing ideas step that is late (assumptions listed for the "
            "current initiative), and its last part rests on Testing ideas' experiment log, now "
            "proposed for 2027-01-04: agree whether that part moves after it.") in conversation
    # the review proposes the next milestone's date with the part that may move after it
    assert ("keep this goal, and bring its next milestone to your 1:1 on 2026-12-21, all but its "
            "last part if you agree to move that part after Testing ideas' experiment log "
            "(2027-01-04).") in review
    assert "at risk through" not in conversation and "on track again" not in conversation
    assert "Done so far" not in conversation and "Not done yet" not in conversation
    assert "none is late" not in review + conversation
    for text in (review, conversation):
        assert "partly met" not in text and "still open" not in text
        assert "rating still short" not in text
    focus = conversation.split("## Proposed focus")[1]
    for name in ("Customer insight", "Testing ideas", "Solution exploration"):
        line = next(x for x in focus.splitlines() if x.startswith(f"- **{name}**"))
        assert re.search(r"your goal is (?:back )?on track|your goal is behind", line), name
    # each late milestone gets a Monday: its goal's coming 1:1 turn, Testing ideas first
    assert "with the late milestone proposed for your 1:1 on 2026-12-07" in _goal(review, "Testing ideas")
    # the milestone that builds on the late one moves after it, the same way in both documents
    moved = ("the milestone due 2026-12-07 builds on it; to keep to one milestone of new work "
             "a week across your goals, it is proposed for your 1:1 on 2027-01-04, and the one due "
             "2026-12-28 for 2027-01-18. Agree that “threshold” in the milestone now "
             "proposed for 2027-01-04 and “on the "
             "day the result came in” in the milestone now proposed for 2027-01-18 apply from "
             "your next test on")
    afresh = (" in a new attempt with every part in place: assumptions listed for the current "
              "initiative, the riskiest one tested, and the pass threshold written down before "
              "the test ran; ")
    assert ("Agree a new date for it (proposed: your 1:1 on 2026-12-07)" + afresh + moved
            in focus)
    assert "for your 1:1 on 2026-12-07" + afresh + moved in _goal(review, "Testing ideas")
    # every date moved is only proposed until the meeting agrees it
    assert "Due 2026-12-07, proposed to move to 2027-01-04: " in _goal(review, "Testing ideas")
    assert ("starting with the milestone that was due 2026-11-16, proposed for 2026-12-07, then the "
            "one due 2026-12-07, proposed for 2027-01-04, then the one due 2026-12-28, proposed "
            "for 2027-01-18.") in review.split("## Proposed next focus")[1]
    for text in (review, conversation):
        assert "moving to" not in text and "now by" not in text and "moves to" not in text
    # the late sketching milestone says what is missing from its own words, not that it is done
    missing = ("is late: one of the two sessions logged; the second, and a short note on each to "
               "walk through in a 1:1, are still to come.")
    assert missing in _goal(review, "Solution exploration")
    assert ("the milestone due 2026-11-23 (“hold a sketching session with the designer and tech "
            "lead: tried twice”) is late, though partly there. Agree a new date for it "
            "(proposed: your 1:1 on "
            "2026-12-14); to keep to one milestone of new work a week across your goals, the one due "
            "2026-12-14 is proposed for 2026-12-28. "
            "The work of 2026-11-16 does what your goal says, once; the milestones "
            "stay, to make it how you work.") in focus
    for text in (review, conversation):
        assert "does what your goal asked" not in text
        assert "your work of 2026-11-16, logged since, is the kind of work your goal asks for" in text
    private = monday[0].split(MARK)[1]
    assert "Do not reword the step away" in private
    assert "before the meeting: each counts on" not in private
    # on its own goal's coming 1:1 turn, the week after Testing ideas' (the agenda's order)
    assert "late milestone proposed for your 1:1 on 2026-12-14" in _goal(review, "Solution exploration")
    assert "2026-11-23, proposed for 2026-12-14" in review.split("## Proposed next focus")[1]


def test_after_the_plan_ends_a_goal_gets_its_verdict_with_what_was_done(demo: Path) -> None:
    text = build_review(Workspace(demo), "priya", dt.date(2027, 1, 18)).text
    shared = text.split(MARK)[0]
    assert "This review is made on" not in shared and "Late (due" not in shared
    testing = _goal(shared, "Testing ideas")
    # no milestone reached, the rating unmoved: not met yet, with what was done all the same
    assert ("**Goal not met yet.** The milestone due 2026-11-13 (“assumptions listed for the "
            "current initiative”) was missed. Done (your 1:1 notes of 2026-11-20): “Four of five "
            "claimants") in testing
    assert "**Goal partly met.**" in _goal(shared, "Customer insight")  # one milestone reached
    assert "Not done (your 1:1 notes of 2026-11-20): “No success threshold was set" in testing
    solution = _goal(shared, "Solution exploration")
    assert ("(“hold a sketching session with the designer and tech lead: tried twice”) was "
            "missed") in solution
    assert "your goal tried twice" not in shared.lower() and "still open" not in shared
    for name in ("Customer insight", "Testing ideas"):
        # with more than one missed, the one to start from is named
        assert ("**Proposed:** keep this goal into the next plan, starting with the missed "
                "milestone by your 1:1 on") in _goal(shared, name) or (
            "starting with the missed milestone, due ") in _goal(shared, name)
    assert ("starting with the missed milestone, due 2026-11-27 (“weekly customer contact "
            "kept up for six weeks without a gap”), by your 1:1 on") in _goal(shared,
                                                                            "Customer insight")
    # weeks after the last 1:1, milestones the cadence had 1:1s for are missed, not "due"
    assert "after your last 1:1" not in shared
    # restarts spread one per 1:1 (weekly here), in the order of the proposed focus
    focus = shared.split("## Proposed next focus")[1]
    assert [re.findall(r"proposed for (\d{4}-\d\d-\d\d)\.", focus)] == [
        ["2027-01-29", "2027-02-05", "2027-02-12"]]
    # after the plan, only the missed milestone restarts: the others keep their dates
    assert ("Agree that “threshold” in the milestone due 2026-12-04 and “on the day the result "
            "came in” in the milestone due 2027-01-08 apply from your next test on") in testing
    # the conversation says the same of a goal not met, instead of proposing it as new
    from pmkit.documents.conversation import build_conversation

    talk = build_conversation(Workspace(demo), "priya", dt.date(2027, 1, 18)).text
    line = next(x for x in talk.split("## Proposed focus")[1].splitlines()
                if x.startswith("- **Testing ideas**"))
    assert ("your goal is not met yet: the milestone due 2026-11-13 (“assumptions listed for the "
            "current initiative”) was missed. Agree a new date for it (proposed: your 1:1 on "
            "2027-02-05)") in line
    # a goal partly met with a missed milestone: the review's own verdict and date
    line = next(x for x in talk.split("## Proposed focus")[1].splitlines()
                if x.startswith("- **Customer insight**"))
    said = re.search(r"your goal is partly met: the milestone due (\S+) \(“[^”]+”\) was missed"
                     r"(?:, though partly there)?\. (?:Still to show: [^.]+\. )?"
                     r"Agree a new date for it \(proposed: your 1:1 on (\S+)\)", line)
    assert said and "milestones reached, and" not in line, line
    assert f"due {said[1]}, proposed for {said[2]}" in focus  # the review's own date
    assert "and your self-assessment of 20" in talk and "self-review of" not in talk


def test_a_late_milestone_names_what_it_still_asks_for() -> None:
    from pmkit.documents.goal_status import moved_after
    from pmkit.documents.milestone_notes import short_of

    goal = "Hold a sketching session with the designer and tech lead before writing any requirements."
    twice = ("Your goal tried twice, prepared with your manager beforehand if you want, and a "
             "short note on each (what you did, what worked) to walk through in a 1:1.")
    one = [{"text": "Sketching session on the upload problem with the designer and tech lead."}]
    assert short_of(twice, goal, one) == ("one of the two sessions logged; the second, and a "
                                         "short note on each to walk through in a 1:1, are still "
                                         "to come")
    assert str(short_of(twice, goal, [])).startswith("no session logged yet; both, and a short note")
    planned = [{"text": "You will hold a sketching session with the designer next week."}]
    assert str(short_of(twice, goal, planned)).startswith("no session logged yet")
    both = [*one, {"text": "Second sketching session with the designer; a short note on each "
                           "shared."}]
    assert short_of(twice, goal, both) is None
    # later milestones due before the late one's new date move after it, in order, a week apart
    ahead = [{"date": "2026-12-07", "short": "a log"}, {"date": "2026-12-14", "short": "b"},
             {"date": "2027-01-04", "short": "c"}]
    assert moved_after(dt.date(2026, 12, 14), ahead) == [
        {"date": "2026-12-07", "to": "2026-12-21", "short": "a log", "spread": False},
        {"date": "2026-12-14", "to": "2026-12-28", "short": "b", "spread": False}]
    assert [m["to"] for m in moved_after(dt.date(2026, 12, 21), ahead)] == ["2026-12-28", "2027-01-04",
                                                                 "2027-01-11"]
    assert moved_after(dt.date(2026, 12, 7), ahead) == []


def test_a_review_and_a_conversation_read_the_pms_history_once(demo: Path, tmp_path: Path) -> None:
    """Several parts of one document ask for the PM's history; git reads it once."""
    from history_repo import counting_git, git_calls, run_pmkit

    env, log = counting_git(tmp_path / "bin")
    for args in (["review", "priya", "--date", "2026-12-02", "--stdout"],
                 ["conversation", "priya", "--date", "2026-12-07", "--stdout"]):
        done = run_pmkit(["-w", str(demo), *args], env)
        assert done.returncode == 0, done.stderr
        assert git_calls(log).count("log") == 1, args


def test_readiness_leaves_the_reach_of_unmatched_work_to_the_conversation() -> None:
    from pmkit.cli.views.readiness_text import _recheck_line
    from pmkit.documents.readiness import ReadinessRow, _reach

    work = {"work": True, "goal": True, "rating": 2, "value": None}
    matched = dict(work, rating=3, value=3)
    # goal work whose words come near no higher line: no number, however many steps it could be
    assert _reach({"direction": "higher", "views": [work]}) is None
    assert _reach({"direction": "higher", "views": [matched]}) == 3
    row = ReadinessRow("explore", "Solution exploration", "Discovery", 4, [1, 1], "below",
                       newer_points="higher", newer_work=True)
    line = _recheck_line(row, "Senior Product Manager", "Priya")
    assert line.endswith("How far it reaches is for the assessment conversation to agree.")
    assert "At most" not in line


def test_the_ratings_to_recheck_are_read_once_per_document(
        demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pmkit.documents import conversation, next_focus, review

    calls: list[str] = []
    original = next_focus.weighed

    def counted(*args: object, **kwargs: object) -> object:
        calls.append("rechecks")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    for module, name in ((next_focus, "weighed"), (review, "weighed"),
                         (conversation, "weighed")):
        monkeypatch.setattr(module, name, counted)
    ws = Workspace(demo)
    text = review.build_review(ws, "priya", TODAY).text
    assert calls == ["rechecks"] and "to agree together" in text
    calls.clear()
    text = conversation.build_conversation(ws, "priya", TODAY).text
    assert calls == ["rechecks"] and "to agree together" in text


def test_the_plan_is_read_once_per_document(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the plan reads every 1:1 file: the review and the conversation read it once
    and hand it to each part that judges a goal."""
    from pmkit.documents import conversation, cycle, review

    reads: list[dt.date] = []
    original = cycle.read_cycle

    def counted(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("before") is None:  # the agenda's reading of the 1:1s held before a day
            reads.append(args[6])
        return original(*args, **kwargs)

    monkeypatch.setattr(cycle, "read_cycle", counted)
    ws = Workspace(demo)
    assert "## " in review.build_review(ws, "priya", TODAY).text
    assert reads == [TODAY]
    reads.clear()
    assert "## " in conversation.build_conversation(ws, "priya", TODAY).text
    assert reads == [TODAY]


def test_goal_statuses_agree_when_given_what_the_review_already_read(demo: Path) -> None:
    from pmkit.documents.focus import _goals
    from pmkit.documents.goal_status import (
        PlanReading,
        goal_statuses,
        milestone_rows,
        plan_cycle,
    )
    from pmkit.documents.milestone_marks import mark_partly
    from pmkit.documents.next_focus import (
        noted_in_oneonones,
        plan_focus,
        plan_goals_met,
        plan_start,
        work_short,
    )
    from pmkit.documents.ticked_work import ticked_work
    from pmkit.model.gaps import compute_gaps

    ws = Workspace(demo)
    person = ws.person("priya")
    start, first, last = plan_start(ws, "priya", person, TODAY)
    goals = _goals(person, ws.index)
    rows = {cid: milestone_rows(person.plan, cid, ws.index, TODAY, goals.get(cid, ""))
            for cid in plan_focus(person, ws.index, dict(first.ratings) if first else {})}
    # read as the review reads: the items the plan counts, the milestones partly there
    report = compute_gaps("priya", person, ws.index, today=TODAY)
    cycle = plan_cycle(ws, "priya", person, report, TODAY)
    noted = [*noted_in_oneonones(ws, "priya", ws.index, start),
             *ticked_work(person, cycle, start)]
    mark_partly(cycle, person, TODAY, [
        {"id": cid, "name": ws.index.by_id[cid].competency.name, "goal": goals.get(cid, ""),
         "milestones": r} for cid, r in rows.items()])
    known = PlanReading((start, first, last), plan_goals_met(ws, "priya", person, TODAY),
                        work_short(ws, "priya", person, TODAY), rows, noted)
    given = goal_statuses(ws, "priya", person, TODAY, cycle, known)
    assert given == goal_statuses(ws, "priya", person, TODAY, cycle)
    # the goal's own written work, the 1:1 notes among it, is read as the review reads it
    assert given["assumption-testing"]["missing"]["where"] == "your 1:1 notes of"


def test_a_milestone_due_after_the_last_1on1_is_brought_to_the_review_not_missed(
        demo: Path) -> None:
    from pmkit.documents.goal_status import goal_statuses, plan_cycle

    ws = Workspace(demo)
    day = dt.date(2027, 1, 8)  # the plan's last 1:1 day: the review takes its place
    shared = build_review(ws, "priya", day).text.split(MARK)[0]
    testing = _goal(shared, "Testing ideas")
    # due the review's own day: brought to it, with no "after your last 1:1" to explain
    assert ("- Due today (bring what shows it; nothing on record yet shows one such decision with "
            "its estimated effort saved or spent shown in a stakeholder update): The decision each "
            "test's result led to") in testing
    assert "so not missed" not in testing
    assert "Missed (due 2027-01-08)" not in shared
    # the one due 2026-12-04 builds on the missed one before it: it waited, it is no miss
    assert "- Waited on the one before (due 2026-12-04" in testing
    assert "- Missed (due 2026-12-04)" not in testing
    # it is not held against the goal: only the milestones past a 1:1 count as missed
    person = ws.person("priya")
    status = goal_statuses(ws, "priya", person, day,
                           plan_cycle(ws, "priya", person, None, day))["assumption-testing"]
    assert [m["date"] for m in status["late"]] == ["2026-11-13"]
    assert [m["state"] for m in status["rows"]] == ["missed", "waited", "due"]


def test_a_late_milestone_none_of_whose_parts_is_shown_is_not_called_partly_there(
        review: str) -> None:
    shared = review.split(MARK)[0]
    testing = _goal(shared, "Testing ideas")
    # the text below says the work shows none of its parts: the status line must agree
    assert "the work so far does not show assumptions listed" in testing
    assert "- Late (due 2026-11-13): Assumptions listed" in testing
    assert "partly there" not in testing
    assert "- Due 2026-12-04, proposed to move to 2027-01-22: An experiment log" in testing


def test_newer_words_that_turn_back_to_the_note_confirm_it() -> None:
    from pmkit.documents.overtaken_notes import confirms

    note = "Writes the spec first and asks the team to estimate it"
    assert confirms(note, "Sketched three options with the tech lead before writing anything. "
                          "You still wrote a full spec afterwards though.")
    # work that moves past the note, or a turn about something else, does not confirm it
    assert not confirms(note, "Ran a prototype test with five pickers before the sprint.")
    assert not confirms(note, "Watched three support calls, but missed the planning meeting.")


def test_a_note_saying_nothing_happened_is_no_newer_evidence_in_readiness(
        tmp_path: Path) -> None:
    from pmkit.documents.readiness import readiness_report

    root = tmp_path / "demo"
    build_demo(root, today=TODAY)
    notes = next(p for p in sorted((root / "oneonones" / "priya").glob("*.md"))
                 if "### Solution exploration\n" in p.read_text())
    text = notes.read_text()
    notes.write_text(text.replace("### Solution exploration\n", "### Customer insight\n\n"
                                  "Nothing new here, she was on leave for a week.\n\n"
                                  "### Solution exploration\n", 1))
    row = next(r for r in readiness_report(Workspace(root), "priya").rows
               if r.competency == "customer-insight")
    assert row.newer and not any(notes.stem in tag for tag in row.newer)
    assert all("on leave" not in w["text"] for w in row.since_note)


def test_a_review_prepared_ahead_is_prepared_before_the_meeting(demo: Path) -> None:
    ahead = build_review(Workspace(demo), "priya", TODAY, today=TODAY - dt.timedelta(days=3))
    private = ahead.text.split(MARK)[1]
    assert "decide, before the meeting, which it shows" in private
    assert "before you start" not in private and "after the meeting and never" not in private
    held = build_review(Workspace(demo), "priya", TODAY, today=TODAY).text.split(MARK)[1]
    assert "decide, before you start, which it shows" in held


def test_a_goal_never_written_down_is_named_from_the_plan_it_came_from(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    build_demo(root, today=TODAY)
    path = root / "team" / "priya.yaml"
    path.write_text("".join(line for line in path.read_text().splitlines(keepends=True)
                            if not line.startswith("    solution-exploration: Hold a sketching")))
    ws = Workspace(root)
    first = ws.index.by_id["solution-exploration"].competency.practices[0]
    solution = _goal(build_review(ws, "priya", TODAY).text.split(MARK)[0], "Solution exploration")
    # its milestones speak of "your goal": the PM reads which goal that is
    assert f"**Goal:** {first.rstrip('.')}." in solution


def test_one_piece_of_work_is_set_beside_the_line_directly_above_the_rating_only(
        review: str) -> None:
    private = review.split(MARK)[1]
    exploring = next(line for line in private.splitlines()
                     if line.startswith("- **Solution exploration** (you rated 1"))
    # one session, however good, shows the next step: not a jump from 1 to 3
    assert "the line for 2: “Asks the designer and engineers to comment on a solution" in exploring
    assert "Set the work beside the lines for 1 and 2 before the meeting, and open" in exploring
    assert "the line for 3:" not in exploring
