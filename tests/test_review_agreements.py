"""What the review, the conversation and readiness ask the PM and the manager to agree on,
read on the demo's Priya on Monday 2026-11-30, six weeks before her plan ends: every
milestone that can no longer be met as written, a goal done as worded beside milestones
that ask for more, an on-track goal that counts on another goal's missing step, every
rating newer work may have overtaken, and a colleague's form still out."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from pmkit.demo import build_demo
from pmkit.workspace import Workspace

from helpers import invoke

DAY = dt.date(2026, 11, 30)
MARK = "<!-- pmkit:private"


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The review, the conversation and readiness, once a colleague's form has gone out."""
    from pmkit.cli.views.readiness_text import readiness_markdown
    from pmkit.documents.conversation import build_conversation
    from pmkit.documents.readiness import readiness_report
    from pmkit.documents.review import build_review

    root = tmp_path_factory.mktemp("agree") / "demo"
    build_demo(root, today=DAY)
    sent = invoke(["-w", str(root), "self-review", "priya", "--from", "Ana Ruiz", "--role",
                   "operations lead", "--date", DAY.isoformat()])
    assert sent.exit_code == 0, sent.output
    ws = Workspace(root)
    form = (root / "forms" / "priya" / f"peer-ana-ruiz-{DAY.isoformat()}.md").read_text()
    return {"root": str(root), "form": form,
            "review": build_review(ws, "priya", DAY, today=DAY).text,  # written on its day
            "conversation": build_conversation(ws, "priya", DAY, today=DAY).text,
            "readiness": readiness_markdown(readiness_report(ws, "priya"))}


def _goal(text: str, name: str) -> str:
    return text.split(f"### {name}\n")[1].split("\n### ")[0].split("\n## ")[0]


def _focus_line(text: str, name: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"- **{name}** ("))


def test_every_milestone_that_cannot_be_met_as_written_is_listed_to_reword(
        docs: dict[str, str]) -> None:
    from pmkit.documents.milestone_notes import counts_on_missing

    missing = "No success threshold was set beforehand, so the result was read after the fact."
    late = "Assumptions listed, the riskiest one tested, and the pass threshold written down first."
    assert counts_on_missing("An experiment log with an entry for each test run so far, each "
                             "recording threshold and result.", missing, late)
    assert counts_on_missing("The decision each test's result led to, written on the day the "
                             "result came in.", missing, late)
    # a milestone about the future, or about something else, can still be met as written
    assert not counts_on_missing("A stakeholder update with one decision in it.", missing, late)
    assert not counts_on_missing("The next test's result compared with its threshold.", "", late)
    for doc in (docs["review"], docs["conversation"]):
        private = doc.split(MARK)[1]
        listed = private.split("Do not reword the step away")[1].split("\n\n")[1]
        # by the date first set and the day now proposed, as the PM's copy names it
        assert [line[:63] for line in listed.splitlines()] == [
            "- **Testing ideas**, due 2026-12-07, proposed for 2027-01-04: “",
            "- **Testing ideas**, due 2026-12-28, proposed for 2027-01-18: “"]
        # the later one names what really stops it: the log it writes into comes later
        assert ("stakeholder update”. It asks for an experiment log, which only the milestone due "
                "2026-12-07 sets up, so work done before then cannot have gone into it on the "
                "day; and the 1:1 notes of 2026-11-23 say: “No success threshold") in listed
        assert "An experiment log with an entry for each test run so far, each recording " \
            "assumption, method, threshold, result and the decision that followed”, while" in listed
    for shared in (_goal(docs["review"].split(MARK)[0], "Testing ideas"),
                   _focus_line(docs["conversation"].split(MARK)[0], "Testing ideas")):
        # only the part each can no longer meet: the threshold never set, the day of a
        # result that came in before the log existed
        # let go for the work already done, kept for every later test: never reworded away
        # the milestones just moved are named by their new dates
        assert ("for 2027-01-18. Agree that “threshold” in the milestone now proposed for "
                "2027-01-04 and “on the day the result came in” in the milestone now proposed "
                "for 2027-01-18 apply from your next test on: the work already done is not held "
                "to them") in shared
        assert "new wording" not in shared
    from pmkit.documents.reword_parts import stuck_part

    assert stuck_part({"raw": "A log of each test, recording method, threshold, result.",
                       "first": None}, "No threshold was set, and the result came late.") \
        == "threshold"
    # nothing single stands out: the whole milestone is named
    assert stuck_part({"raw": "The threshold and the result for each test.", "first": None},
                      "No threshold or result was written.") is None


def test_an_on_track_goal_says_why_and_names_the_step_another_goal_lacks(
        docs: dict[str, str]) -> None:
    review, conversation = (docs[k].split(MARK)[0] for k in ("review", "conversation"))
    reason = ("the milestone due 2026-11-09 (“a customer conversation held every week for three "
              "weeks”) is met as you logged it on 2026-11-23, after its date, "
              "and no other is due yet. "
              "Next, by 2026-12-21: weekly customer contact kept up for six weeks without a gap, "
              "and a shared assumptions list with at least five entries marked as checked. The "
              # the milestone was just quoted whole: its part is named by its place, not again
              # its checked entries need the log the other goal now proposes after its date
              "last part of that milestone rests on Testing ideas' experiment log, now proposed "
              "for 2027-01-04: agree whether that part moves after it.")
    head = ("**Back on track after a late milestone; its next milestone builds on a Testing "
            "ideas step that is late:** ")
    assert head + reason in _goal(review, "Customer insight")
    # one state in both documents, from the same function
    assert ("your goal is back on track after a late milestone; its next milestone, due "
            "2026-12-21, builds on a Testing ideas step that is late") in _focus_line(
        conversation, "Customer insight")
    # the other goal tells the same story from its side
    other = ("Customer insight's milestone due 2026-12-21 starts from this step and asks for "
             "more: a shared assumptions list with at least five entries marked as checked.")
    assert other in _goal(review, "Testing ideas")
    for text in (review, conversation):
        assert "none is late" not in text and "on track now" not in text


def test_one_piece_of_work_keeps_the_milestones_instead_of_closing_the_goal_as_worded(
        docs: dict[str, str]) -> None:
    shared = docs["review"].split(MARK)[0]
    solution = _goal(shared, "Solution exploration")
    # one session, which the milestones mean to turn into a habit: no "count it met as worded"
    assert ("The work of 2026-11-16 does what your goal says, once; the milestones stay, to "
            "make it how you work.") in solution
    assert "stay as planned" not in solution
    # proposed for the 1:1 whose turn is this goal's, after Testing ideas' on 2026-12-07
    assert ("**Proposed:** keep this goal, with the late milestone proposed for your 1:1 on "
            "2026-12-14") in solution
    for doc in (docs["review"], docs["conversation"]):
        assert "met as worded" not in doc
        assert "retire the milestones" not in doc
    assert ("carried over: you keep your current goal, starting with the milestone that was due "
            "2026-11-23, proposed for 2026-12-14, then the one due 2026-12-14, proposed for "
            "2026-12-28.") in _focus_line(
        shared.split("## Proposed next focus")[1], "Solution exploration")
    talk = _focus_line(docs["conversation"].split(MARK)[0], "Solution exploration")
    assert "The work of 2026-11-16 does what your goal says, once; the milestones stay" in talk
    # the recheck reason is the same work
    assert "your work of 2026-11-16, logged since, is the kind of work your goal asks for" in shared


def test_newer_work_that_fits_a_higher_rubric_line_marks_any_rating_to_agree(
        docs: dict[str, str]) -> None:
    review, conversation = (docs[k].split(MARK)[0] for k in ("review", "conversation"))
    # the goal's own work done marks the rating, wherever it shows; four weekly interviews
    # written on Customer insight since its rating mark it too
    assert "| **Customer insight** (goal) | 2 (to agree together) | 3 |" in review
    assert "| **Solution exploration** (goal) | 1 (to agree together) | 3 |" in review
    # the PM's copy never settles what the manager's part leaves to the meeting: word
    # matching cannot tell which parts of a line a piece of work shows, so it claims none
    assert ("your work of 2026-11-16, logged since, is the kind of work your goal asks for, "
            "and it may speak to a higher description than your manager's rating, or bear that "
            "rating out: bring examples either way. Go through that work first, and with it in "
            "front of you, agree in today's meeting, before the next focus, whether the rating "
            "moves or stays as it is") in review
    # no fresh rating is promised where the manager's part may confirm the current one:
    # both documents leave it open in the same words
    assert "agree on a fresh rating" not in review
    assert ("to agree together: your work of 2026-11-16, logged since, is the kind of work your "
            "goal asks for, and it may speak to a higher description than your manager's rating, "
            "or bear that rating out: bring examples either way)") in conversation
    # one meeting, one order, said in both documents: the ratings, then the focus after them
    order = ("The meeting goes in one order: the work first, then the ratings, each settled by "
             "that work, and last the next focus, which follows from the ratings")
    assert order in conversation and order in review
    assert "if a rating changes today, the focus may change with it" in review
    assert "rating first" not in review and "fresh one first" not in review
    assert "Before you leave the room" in conversation
    assert "**Customer insight, rated 2: to agree together.**" in review
    # the focus is proposed from the ratings on record, and the manager is told only the
    # reason that applies: no colleague view reopens a rating here
    assert "From your manager's ratings of 2026-10-16, these are where a step forward" in review
    # steps spread past the plan's end are said to fall there, in the conversation too
    for text in (review, conversation):
        assert "so the last of them falls on 2027-01-18, after this plan's end on 2027-01-11" in text
        assert "2027-01-25" not in text  # no milestone waits weeks only to keep a week free
    for key in ("review", "conversation"):
        assert ("Ratings to agree afresh in the meeting: newer work may speak to a higher line "
                "of the rubric. Priya's copy marks them “to agree together” and gives the "
                "reason.") in docs[key].split(MARK)[1], key
    # evidence asked for is typical work, good and bad, not a chosen best case
    assert "one piece that went well and one that did not" in conversation
    assert "least likely" not in conversation
    for text in (review, conversation):
        # the PM hears no target number the manager has not formed; the private part keeps it
        assert "may speak to the description for" not in text.split("pmkit:private")[0]
        assert "may fit a higher description, a 3" not in text
        assert " fits the description" not in text and "outright" not in text
        assert "fits your rubric" not in text and "it shows “" not in text
    for text in (review, conversation):
        assert "(1 · Learning, to agree together;" in _focus_line(
            text.split("## Proposed")[1], "Solution exploration")
        assert "(2 · Developing, to agree together; expected" in _focus_line(
            text.split("## Proposed")[1], "Customer insight")
        # notes that say the step did not happen fit no higher line: not marked
        assert "(2 · Developing, to agree" not in _focus_line(text.split("## Proposed")[1],
                                                             "Testing ideas")
    assert ("**1 · Learning** for your manager (rated on 2026-10-16, to agree together: your "
            "work of 2026-11-16") in conversation
    assert ("**2 · Developing** for your manager (rated on 2026-10-16, to agree together: your "
            "1:1 notes of 2026-11-09 and your work of 2026-11-23, both since then, may speak") in conversation
    private = docs["review"].split(MARK)[1]
    assert "since your rating do not all back" not in docs["readiness"]
    for text in (docs["review"], docs["conversation"], docs["readiness"]):
        assert "Not every newer view" not in text
    # the newer work is set before the manager, with the line its words come near
    # the work quoted beside its date, the rubric line named after it: the quote never
    # sits where the line would be read
    assert ("The work Priya logged on 2026-11-23 (“Weekly claimant interviews kept up") in private
    assert ("”) may speak to your rubric's line for 3, and so may the 1:1 notes of 2026-11-09 "
            "(“Two claimant interviews done, the designer joined both”). The line for 2, your "
            "rating") in private
    assert "your rubric's line for 1: a view to hear" not in private
    ready = docs["readiness"]
    assert ("newer evidence since the latest rating: 1:1 notes of 2026-11-09, work logged on "
            "2026-11-23\n") in ready
    # a note that also says what will happen is marked, so a plan is not read as work done
    assert ("from the 1:1 notes of 2026-11-16, written to Priya, with a step agreed then: "
            "“Of the four upload ideas") in ready
    assert "Customer insight**: 1 then 2; self-assessment 3, Tom Brandt 2, Mei Lin 3; newer evidence" in ready
    assert ("Work written down since your latest rating of Customer insight (2) may speak to "
            "a higher line of the rubric: agree a fresh rating in the assessment conversation, "
            "where Priya's copy marks it to agree together.") in ready
    # a note spoken to the PM is introduced as such, in a report whose "you" is the manager;
    # the quote itself stays as written, and a note without "you" is not marked
    assert ("from the 1:1 notes of 2026-11-16, written to Priya, with a step agreed then: "
            "“Of the four upload ideas, two are cheap enough to try first. You will test the two "
            "cheapest") in ready
    assert ("from the 1:1 notes of 2026-11-16: “Upload ideas: progress bar, thumbnail "
            "preview, confirmation email, save-and-resume.”") in ready
    assert "from the 1:1 notes of 2026-11-09: “Two claimant interviews done" in ready
    # the tag names every note quoted below it, with all its dates, on every competency
    # (the sketching session's ideas are solution exploration, the choice to test them is
    # testing ideas)
    assert ("newer evidence since the latest rating: 1:1 notes of 2026-11-16 and 2026-11-23"
            ) in ready.split("**Testing ideas**")[1].split("\n")[0]
    assert ("newer evidence since the latest rating: work logged on 2026-11-16, 1:1 notes of "
            "2026-11-16") in ready.split("**Solution exploration**")[1].split("\n")[0]


def test_the_rubric_line_a_sentence_of_work_fits(tmp_path: Path) -> None:
    from pmkit.documents.newer_work import reads_above, rubric_line_of

    build_demo(tmp_path / "demo", today=DAY)
    index = Workspace(tmp_path / "demo").index
    comp = next(p.competency for p in index.placed if p.competency.name == "Customer insight")
    values = sorted(index.model.scale)
    work = "Three weeks of claimant conversations with the designer, a summary shared after each."
    assert rubric_line_of(work, comp, values) == 3
    assert rubric_line_of("No customer conversations with the designer this month.", comp,
                          values) is None
    assert rubric_line_of("You will hold customer conversations with the designer.", comp,
                          values) is None
    found = reads_above(comp, 2, values, [{"date": "2026-11-23", "text": work, "source": "log"}])
    assert found is not None and found["value"] == 3
    assert reads_above(comp, 3, values, [{"date": "2026-11-23", "text": work, "source": "log"}]) is None


def test_a_form_still_out_is_read_by_its_details_line_as_the_import_reads_it(
        docs: dict[str, str], tmp_path: Path) -> None:
    import shutil

    from pmkit.documents.form_header import form_details
    from pmkit.documents.form_timing import outstanding_peer_forms

    root = tmp_path / "copy"
    shutil.copytree(docs["root"], root)
    assert form_details(docs["form"]) == {"kind": "peer", "pm": "priya", "model": "pm-wheel",
                                          "version": "2", "reviewer": "Ana Ruiz",
                                          "role": "operations lead"}
    where = root / "forms" / "priya"
    # words in someone's answer that look like a details line are not one
    (where / "peer-tom-brandt-2026-11-30.md").write_text(
        'Notes: reviewer="Tom Brandt" role="tech lead" asked for this.\n')
    # nor is a details line someone has broken, or a form with two of them
    broken = docs["form"].replace('reviewer="Ana Ruiz"', 'reviewer="Mei Lin')
    (where / "peer-mei-lin-2026-11-30.md").write_text(broken)
    twice = docs["form"].replace("Ana Ruiz", "Sam Ode") * 2
    (where / "peer-sam-ode-2026-11-30.md").write_text(twice)
    out = outstanding_peer_forms(Workspace(root), "priya", [])
    assert out == [{"reviewer": "Ana Ruiz", "role": "operations lead", "date": "2026-11-30"}]


def test_readiness_says_a_form_still_out_adds_context_but_cannot_change_the_count(
        docs: dict[str, str]) -> None:
    summary = docs["readiness"].split("\n\n")[1]
    # pmkit knows when the form was written, not when (or whether) it was sent
    assert ("Still to come: the form written for Ana Ruiz (operations lead) on 2026-11-30, not "
            "read back yet. It "
            "will add context to the case but cannot change the count or the verdict above."
            ) in summary
    # why: colleagues' ratings stand beside the manager's, said once, right after
    assert "are never averaged in" in docs["readiness"].split("\n\n")[2]
    assert summary.index("Not ready yet") < summary.index("Still to come")
    for text in (docs["readiness"], docs["conversation"]):
        assert "sent to Ana" not in text and "you sent" not in text
    assert "Not final" not in summary and "before the case goes further" not in summary


def test_the_review_and_the_conversation_give_one_warning_on_colleagues_named(
        docs: dict[str, str]) -> None:
    warning = ("Do not pass on any colleague's ratings, points or quotes yet, not even without a name: with "
               "fewer than three colleagues' views, anything you repeat points to one person.")
    for key in ("review", "conversation"):
        shared, private = docs[key].split(MARK)
        assert "Mei Lin" in private and warning in private, key
        # the rule the colleague's form promises, in the same words in both documents
        assert ("their ratings and examples reach Priya only once at least three colleagues "
                "have rated the same competency, and then in your words, without names."
                ) in private, key
        assert "Mei Lin" not in shared and "Tom Brandt" not in shared, key
    # colleagues' words are context beside the line; the rating rests on the work
    assert ("set a colleague's words beside the rubric line as context for your own reading; "
            "the fresh rating you agree with Priya rests on the work written down") in docs["review"]
    # a colleague's number with no example is asked about outside the meeting, never in it:
    # the meeting is today, so after it
    for key in ("review", "conversation"):
        private = docs[key].split(MARK)[1]
        assert ("Mei Lin (designer) gave 2 on 2026-10-23, but with no example: not evidence for a "
                "higher rating; if it matters, ask Mei Lin after today's meeting for an example"
                ) in private, key
        assert "so ask Mei Lin, after today's meeting, what made it a 3" in private, key
        assert "a view to hear" not in private, key


def test_a_colleague_form_makes_the_managers_promise_and_says_where_to_start(
        docs: dict[str, str]) -> None:
    from pmkit.documents.role_fit import likely_seen

    form = docs["form"]
    assert form.startswith("# Colleague review: Priya Raman\n")
    # one rule for ratings and examples, the same one the manager's notes keep
    assert ("Priya sees your ratings and your examples only once at least three colleagues have "
            "rated the same competency") in form
    private = docs["conversation"].split(MARK)[1]
    assert "only once at least three colleagues have rated the same competency" in private
    assert ("Where to start: as the operations lead, you most likely see Priya's work on "
            "Prioritization, Launch and adoption and Stakeholder management.") in form
    index = Workspace(Path(docs["root"])).index
    assert likely_seen(index, "designer") == ["Customer insight", "Solution exploration",
                                              "Testing ideas"]
    assert likely_seen(index, "tech lead") == ["Solution exploration", "Delivery",
                                               "Team collaboration"]
    assert likely_seen(index, "neighbour") == [] and likely_seen(index, None) == []


def test_withheld_colleague_quotes_have_their_own_label(docs: dict[str, str]) -> None:
    private = docs["conversation"].split(MARK)[1]
    assert ("Colleagues' words, not to repeat yet:\n\n"
            "- Team collaboration, Tom Brandt (tech lead): “Comes to every refinement") in private
    # a colleague's words set beside a rating to recheck are quoted there, not listed again
    assert ("the words (“Quotes claimants from the calls she listens to in every design "
            "review”) read like the same rubric line") in private


def test_the_manager_sets_newer_work_beside_the_line_and_judges_it(
        docs: dict[str, str]) -> None:
    line = ("The line for 2, your rating, reads: “Talks to customers when a project calls for "
            "it, with help preparing questions; notes tend to capture feature requests more "
            "than the underlying needs and context”; the line for 3: “Keeps a steady rhythm of "
            "customer conversations with the "
            "designer and engineers present, asks about past behavior rather than opinions, and "
            "shares short summaries the team actually reads”. Set the work beside the lines for "
            "2 and 3 and decide, before you start, which it shows: it may confirm your rating "
            "as well as raise it. Open the conversation from what you find, not from the number.")
    for key in ("review", "conversation"):
        shared, private = docs[key].split(MARK)
        # four weekly interviews in one entry are four pieces of work, kept up week after
        # week: the line is set out and the rating reopened, in the PM's part too
        reopened = _private_line(private, "Customer insight")
        assert line in reopened and "not reopened" not in reopened, key
        assert "**Customer insight** (2 · Developing, to agree together" in shared, key
        # the goal's own work is set beside the line its words come near, too, and one
        # session reaches no further than the line directly above the rating
        recheck = _private_line(private, "Solution exploration")
        assert "the line for 2: “Asks the designer and engineers to comment" in recheck, key
        assert "the lines for 1 and 2" in recheck and "line for 3:" not in recheck, key
        assert "the line for 3" not in shared and "which it shows" not in shared, key
        assert "does not yet show" not in docs[key], key


def _private_line(private: str, name: str) -> str:
    return next(ln for ln in private.splitlines() if ln.startswith(f"- **{name}** (you rated"))


def test_keeping_the_milestones_says_how_many_sessions_in_all(docs: dict[str, str]) -> None:
    from pmkit.documents.milestone_counts import times_asked

    review = _goal(docs["review"].split(MARK)[0], "Solution exploration")
    # "Two sketching sessions held" by 2027-01-04 is a total the earlier sessions can fill
    # one plain sentence: each session still to come by its place in the run, with its date
    # each session in a week no other goal's milestone takes: the dates say when, not the
    # milestones' old ones
    assert ("to keep to one milestone of new work a week across your goals, the one due 2026-12-14 is "
            "proposed for 2026-12-28. The milestones "
            "ask for three sessions in all, one already "
            "held: the second by 2026-12-14 and the third by 2026-12-28.") in review
    # a milestone adding no session is not counted (it would be met weeks before its date)
    # but named, with what it still asks: it stays, as the goal's milestones stay
    conversation = _focus_line(docs["conversation"].split(MARK)[0], "Solution exploration")
    for text in (review, conversation):
        assert ("ask for three sessions in all, one already held: the second by "
                "2026-12-14 and the third by 2026-12-28. The milestone due "
                "2027-01-04 asks for two sessions, which the ones before it already add up to: "
                "it needs no session of its own, only what else it asks of those "
                "sessions.") in text
        assert "or drop it" not in text
    assert "can be any of" not in review + conversation
    # it needs no session of its own, so it keeps its date: never moved earlier than it
    assert "Due 2027-01-04, proposed to move" not in review
    rows = [{"state": "missed", "date": "2026-11-23", "raw": "Your goal tried twice."},
            {"state": "ahead", "date": "2026-12-14", "raw": "Your goal, without a count."}]
    assert times_asked(rows, "session", 1) is None  # a milestone with no count: no total
    rows[1]["raw"] = "Three sessions held with the team."
    asked = times_asked(rows, "session", 0)
    assert asked and asked["total"] == "three" and asked["steps"][1]["times"] == "once"
    assert [s["which"] for s in asked["to_come"]] == ["the first two", "the third"]
    rows[1]["raw"] = "Three more sessions held with the team."
    asked = times_asked(rows, "session", 0)
    assert asked and asked["total"] == "five" and not asked["covered"]
    assert [s["which"] for s in asked["to_come"]] == ["the first two", "the third to the fifth"]
    asked = times_asked(rows, "session", 3)  # what is held already comes off the front
    assert asked and [s["which"] for s in asked["to_come"]] == ["the fourth and fifth"]


def test_the_proposed_focus_follows_the_goals_order(docs: dict[str, str]) -> None:
    import re

    shared = docs["review"].split(MARK)[0]
    goals = re.findall(r"^### (.+)$", shared.split("## Your goals")[1].split("\n## ")[0], re.M)
    focus = re.findall(r"^- \*\*(.+?)\*\* \(", shared.split("## Proposed next focus")[1], re.M)
    assert goals == focus == ["Customer insight", "Testing ideas", "Solution exploration"]


def test_work_logged_under_another_competency_is_offered_before_nothing_written(
        docs: dict[str, str]) -> None:
    from pmkit.documents.newer_work import logged_elsewhere

    shared = docs["conversation"].split(MARK)[0]
    team = shared.split("### Team collaboration")[1].split("###")[0]
    assert "nothing written down" not in team
    assert "under Solution exploration may speak to it too" in team
    # the closest fit wins; nothing that fits no rubric line is offered
    from pmkit.model.schema import Competency
    comp = Competency(id="team", name="Team", description="Works with the team.", expected={},
                      rubric={1: "Decides alone.", 2: "Asks the designer and engineers to comment."})
    written = [{"date": "2026-11-02", "text": "Asked the designer and engineers to comment",
                "source": "log", "under": "Other"},
               {"date": "2026-11-09", "text": "Wrote the quarterly budget", "source": "log",
                "under": "Other"}]
    assert (logged_elsewhere(comp, [1, 2], written) or {}).get("date") == "2026-11-02"
    assert logged_elsewhere(comp, [1, 2], written[1:]) is None


def test_a_colleague_note_the_matcher_places_on_no_line_is_not_said_to_miss_one() -> None:
    from pmkit.documents.readiness import _why_not

    view = {"evidence": "She has started asking us for options", "reads_like": None}
    assert _why_not(view, "2026-10-16") == ""
    view["reads_like"] = {"text": "still alone", "value": 1, "whole": False, "same_as_own": False}
    assert _why_not(view, "2026-10-16") == (", but part of the note, “still alone”, reads like "
                                            "your rubric's line for 1")


def test_a_note_in_the_pms_copy_is_what_it_reports_not_the_instruction_beside_it(
        docs: dict[str, str]) -> None:
    for key in ("review", "conversation"):
        shared = docs[key].split(MARK)[0]
        assert ("claimants upload the same photo several times because the portal gives no "
                "sign that the upload worked.\n") in shared, key
        # instructions written beside what happened belong in action items, not in evidence
        assert "Before settling on a confirmation email" not in shared, key
        assert "Next test: write the threshold first" not in shared, key
    # the manager's own report keeps the notes as written
    assert "Next test: write the threshold first" in docs["readiness"]


def test_readiness_names_the_ratings_one_below_the_expectation_plainly(
        docs: dict[str, str]) -> None:
    ready = docs["readiness"]
    # sustained needs two assessments at the expectation: "one step" would undersell that
    assert ("- One level below the Senior Product Manager expectation: Goals and roadmap, "
            "Delivery,") in ready
    assert "hold it in two assessments in a row" in ready and "One step from it" not in ready


def test_a_late_milestone_is_not_yet_shown_and_an_instruction_since_followed_is_named_so(
        docs: dict[str, str]) -> None:
    for key in ("review", "conversation"):
        private = docs[key].split(MARK)[1]
        flagged = next(line for line in private.splitlines()
                       if line.startswith("- **Solution exploration**"))
        # the manager asked for options, and the sketching session after it did just that:
        # a prompt followed, said as such, and the work has outgrown the line for 1
        assert re.search(r"Against it: it took a prompt \(your 1:1 notes of \S+: “Before "
                         r"settling on a confirmation email, list other options[^)]*\) and has "
                         r"happened once since", flagged), flagged
        # the likely rating is a reading, the decision the meeting's; Priya's own 3 is
        # named with its line, and the late milestone's parts still to show are named
        assert ("The work no longer fits the line for 1, your rating: it reads like the line "
                "for 2 at least. Priya's self-assessment puts it at 3 (“Runs short sessions where "
                "PM, designer and tech lead sketch several options") in flagged
        assert ("one piece of work, however good, is not yet the line for 3, which describes "
                "how the work goes every time. Settle the fresh rating with Priya in the "
                "meeting, and name what the late milestone still asks for: the second session, "
                "and a short note on each to walk through in a 1:1.") in flagged
        assert "decide, before" not in flagged and "goes no further" not in flagged
        assert "confirm yours" not in flagged and "Weigh the two" not in flagged
        # lateness says nothing about which rubric line fits: named only as not shown yet
        assert "is late" not in flagged.split("Against it:")[1].split("Not shown yet")[0]
        assert "Not shown yet: the milestone due" in flagged and "late and still open" in flagged


def test_a_note_turned_to_you_is_not_quoted_and_a_habit_met_on_one_entry_is_checked_privately(
        docs: dict[str, str]) -> None:
    shared = docs["conversation"].split(MARK)[0]
    # the manager's note, turned from "she" to "you", is not shown as if verbatim
    assert "- Your manager noted: You write detailed requirements alone" in shared
    assert "“You write detailed requirements" not in shared
    # a note opening with what the PM did gets its subject back, without quotation marks
    assert "- Your manager noted: You checked one assumption about the upload flow" in shared
    assert "“Checked one assumption" not in shared
    review = _goal(docs["review"].split(MARK)[0], "Customer insight")
    # met on the PM's word for a run of weeks: not shown as proven, nor met and doubted at once
    assert "- Met as you logged it on " in review and "is met as you logged it on" in review
    assert "shown by your work" not in review and "shown met" not in review
    assert "rests on one entry" not in review and "stands for the whole run" not in review
    for key in ("review", "conversation"):  # the check is the manager's, in both
        private = docs[key].split(MARK)[1]
        assert "met on Priya's one logged entry for the whole run" in private, key
        assert ("- **Customer insight**, due 2026-11-09 (“a customer conversation held every "
                "week for three weeks”): logged as met on 2026-11-23.") in private, key


def test_a_note_of_a_rating_to_agree_afresh_is_still_listed_as_overtaken(docs: dict[str, str]) -> None:
    for key in ("review", "conversation"):
        private = docs[key].split(MARK)[1]
        listed = private.split("Notes from your assessment that newer work may have overtaken")[1]
        assert "- **Solution exploration** (" in listed, key  # the sketching session since
    assert "today's 1:1" not in docs["review"]


def test_restarted_milestones_fall_on_the_turns_the_agenda_previews(docs: dict[str, str]) -> None:
    from pmkit.documents.oneonone import build_agenda

    agenda = build_agenda(Workspace(Path(docs["root"])), "priya", DAY).text
    coming = next(line for line in agenda.splitlines() if line.startswith("Coming up"))
    turns = dict((name, day) for name, day in re.findall(r"(?:: |, )([A-Z][a-z ]+?)(?: again)? around "
                                                        r"(\d{4}-\d{2}-\d{2})", coming))
    assert list(turns) == ["Testing ideas", "Solution exploration", "Customer insight"]
    review = docs["review"].split(MARK)[0]
    for name in ("Testing ideas", "Solution exploration"):  # the goals with a late milestone
        restart = re.search(r"late milestone proposed for your 1:1 on (\d{4}-\d{2}-\d{2})",
                            _goal(review, name))
        assert restart and restart.group(1) == turns[name], name


def test_readiness_quotes_only_the_sentences_that_speak_to_the_competency(
        docs: dict[str, str]) -> None:
    readiness = docs["readiness"]
    insight = readiness.split("- **Customer insight**")[1].split("\n- **")[0]
    # the 1:1 entry under Customer insight ends with a prompt about exploring options: that
    # sentence is Solution exploration's, where the same file names it as a prompt
    assert "the portal gives no sign that the upload worked.”" in insight
    assert "list other options" not in insight
    exploring = readiness.split("Solution exploration (1) may speak")[1].split("\n- ")[0]
    assert "Before settling on a confirmation email, list other options" in exploring


def test_an_open_item_is_part_of_a_goal_only_by_its_own_distinctive_words(
        docs: dict[str, str]) -> None:
    part = docs["review"].split(MARK)[0].split("## Open action items\n")[1].split("\n## ")[0]
    # "open", "review", "feature" belong to every PM's week: they place an item under no goal
    assert ("- You: open the business review with the outcome and the claimant quote, not the "
            "feature list, open since 2026-11-23.\n") in part
    # the threshold before a test is Testing ideas' own work, in its own words
    # first written on 2026-11-16 and carried since; the test it was to come before has run
    assert ("- You: write down the success threshold for the prototype test before running it, "
            "open since 2026-11-16 (part of your Testing ideas goal). The 1:1 notes of "
            "2026-11-23 already put it on your next test: agree to reword it for that one.\n") in part
    # no note is quoted as proof unless it names the test: this one does not
    assert "You ran the sessions yourself, with the designer taking notes”): " not in part
    assert "for the one that is part of a goal, a date or a smaller step, since it stays" in part


def test_one_item_of_a_list_the_milestone_asks_for_is_said_to_be_a_start() -> None:
    from pmkit.documents.milestone_notes import one_of_several

    written = [{"date": "2026-11-23", "where": "your 1:1 notes of",
                "text": "No threshold was set. You wrote down the riskiest assumption behind "
                        "the upload flow."}]
    found = one_of_several(["the riskiest one tested", "Assumptions listed for the upload flow"],
                           written)
    assert found == {"thing": "assumption", "date": "2026-11-23", "where": "your 1:1 notes of",
                     "text": "You wrote down the riskiest assumption behind the upload flow"}
    # a list for one thing: another request's assumption is no start on it
    other = [dict(written[0], text="You wrote down the riskiest assumption behind the "
                                   "fraud-check request.")]
    # ... and is named once as not counted there, by what it is about, so nobody has to guess
    aside = one_of_several(["Assumptions listed for the current initiative"], other)
    assert aside is not None and aside["elsewhere"] == "the fraud-check request"
    assert aside["list"] == "assumptions list for the current initiative"
    assert one_of_several(["Assumptions listed"], other) is not None  # a list of any
    # a sentence naming many of them, or one that did not happen, is no single item
    assert one_of_several(["Assumptions listed"], [dict(written[0], text=(
        "The assumptions were shared. No assumption was written down."))]) is None
    assert one_of_several(["the pass threshold written down"], written) is None


def test_the_review_counts_no_other_requests_assumption_toward_the_list(
        docs: dict[str, str]) -> None:
    testing = _goal(docs["review"].split(MARK)[0], "Testing ideas")
    # it is not weighed silently either: the reader is told once, where the gap is named
    assert ("does not show assumptions listed for the current initiative or the pass threshold "
            "written down before the test ran. Your work on the fraud-check request is not "
            "counted toward the assumptions list for the current initiative; say in the "
            "meeting if it belongs there. Done so far") in testing
    assert testing.count("fraud-check request is not counted") == 1
    assert "a start on the list" not in testing and "on record so far" not in testing


def test_the_form_names_the_plans_review_only_while_no_step_runs_past_it(
        docs: dict[str, str]) -> None:
    import copy

    from pmkit.actions.forms import plan_review
    from pmkit.model.schema import Milestone

    ws = Workspace(Path(docs["root"]))
    person = copy.deepcopy(ws.person("priya"))
    assert plan_review(ws, "priya", person) == dt.date(2027, 1, 11)
    assert person.plan is not None
    steps = next(iter(person.plan.milestones.values()))
    steps.append(Milestone(date=dt.date(2027, 1, 25), text="A step restarted past the end"))
    assert plan_review(ws, "priya", person) is None  # the review moves with the later step


def test_an_item_for_before_something_the_notes_show_done_is_asked_about() -> None:
    from pmkit.documents.open_actions import overtaken

    item = "write down the success threshold for the prototype test before running it"
    written, later = dt.date(2026, 11, 16), dt.date(2026, 11, 23)
    ran = "No success threshold was set beforehand, so the result was read after the fact."
    assert overtaken(item, [(written, "Two ideas are cheap."), (later, ran)]) == {
        "date": "2026-11-23", "thing": "the prototype test", "head": "test", "done": "run",
        "answered": ""}
    # notes since that already put it on the next test answer the question
    told = "Next test: write the threshold first."
    assert overtaken(item, [(written, "Two ideas are cheap."), (later, f"{ran} {told}")]) == {
        "date": "2026-11-23", "thing": "the prototype test", "head": "test", "done": "run",
        "answered": "2026-11-23"}
    # said on the day the item was written, or only as a plan: still work ahead
    assert overtaken(item, [(written, ran)]) is None
    assert overtaken(item, [(written, "Two ideas."),
                            (later, "You will run the prototype test next week.")]) is None
    assert overtaken("write the guide", [(written, "x"), (later, ran)]) is None


def test_the_rubrics_interview_openers_read_as_prompts_to_the_pm() -> None:
    from pmkit.documents.views import to_think

    assert to_think("Tell me about the last customer you spoke with. What surprised you?") \
        == "Think of the last customer you spoke with. What surprised you?"
    assert to_think("Walk me through the metric you watch most closely.") \
        == "Think through the metric you watch most closely."
    assert to_think("What would you change?") == "What would you change?"


def test_an_open_items_detail_goes_with_it() -> None:
    from pmkit.documents.notes import notes_text
    from pmkit.documents.open_actions import _subs

    body = ("## Follow-ups\n\n- [ ] Omar: book the next two interviews *(added 2026-12-17)*\n"
            "  - one with a night-shift supervisor\n  - [x] one already booked\n"
            "- [ ] Omar: write the threshold\n\n## Notes\n\nYou ran the test.\n\n## Next\n\nx\n")
    assert _subs("Omar: book the next two interviews", body) == [
        "one with a night-shift supervisor"]
    assert _subs("Omar: write the threshold", body) == []
    # what the 1:1 wrote down, not the agenda's recall of earlier work above it
    assert notes_text(body).strip() == "You ran the test."



def test_a_clause_rests_on_another_goals_milestone_only_when_moved_past_it() -> None:
    from pmkit.documents.goal_status import _rests_on

    other = {"rows": [{"date": "2026-12-07", "raw": "An experiment log with an entry for each "
                       "test run so far, each recording assumption, method and result."}],
             "moved": [{"date": "2026-12-07", "to": "2027-01-04",
                        "short": "an experiment log with an entry for each test run so far"}]}
    clause = "a shared assumptions list with at least five entries marked as checked"
    assert _rests_on(clause, "2026-12-21", other) == {"to": "2027-01-04",
                                                      "head": "experiment log"}
    # proposed before the milestone's date, or about other work: nothing to move
    assert _rests_on(clause, "2027-01-11", other) is None
    assert _rests_on("a one-paragraph snapshot after each interview", "2026-12-21", other) is None
