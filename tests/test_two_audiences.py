"""The PM's copy speaks to the PM; the plan and the 1:1s agree on dates, rhythm and wording."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from doc_team import ok, take_notes
from markdown_rules import check_markdown

from pmkit.actions.documents import write_agenda, write_plan
from pmkit.demo import build_demo
from pmkit.documents.cycle import FIRST_STEPS, first_steps
from pmkit.documents.notes import pm_copy
from pmkit.documents.oneonone import build_agenda, meeting_day, pm_copy_of
from pmkit.documents.plan import build_plan
from pmkit.documents.voice import looking_back, shared_notes, to_pm, topic
from pmkit.model.coaching import (
    first_day,
    fit_weeks,
    goal_weeks,
    last_day,
    off_holidays,
    propose_milestones,
    rhythm_clash,
    turn_dates,
)
from pmkit.workspace import Workspace

from conftest import copy_workspace, invoke

NAMES = ["Alice Chen", "Alice"]
START = dt.date(2026, 11, 23)  # a Monday: the plan starts here, 1:1s follow weekly


@pytest.mark.parametrize(("written", "shared"), [
    ("She set no success threshold beforehand, so the result was read after the fact.",
     "You set no success threshold beforehand, so the result was read after the fact."),
    ("She ran the sessions herself, with the designer taking notes.",
     "You ran the sessions yourself, with the designer taking notes."),
    ("Alice writes the brief first now; the team read her latest snapshot.",
     "You write the brief first now; the team read your latest snapshot."),
    ("Engineers bring ideas to her now.", "Engineers bring ideas to you now."),
    ("Alice's review went well. Thanks to Alice Chen.", "Your review went well. Thanks to you."),
    ("She is getting better at it.", "You are getting better at it."),
    ("Alice: send her notes to the team", "Alice: send your notes to the team"),
    ("Four of five claimants found the new upload.", "Four of five claimants found the new upload."),
])
def test_what_is_written_about_the_pm_is_turned_to_you(written: str, shared: str) -> None:
    assert to_pm(written, NAMES) == shared


@pytest.mark.parametrize("written", [
    "She's ready for more.",                       # is or has: cannot tell
    "The designer helped her prepare the review.",  # you or your: cannot tell
    "She meets or beats the level almost everywhere.",
])
def test_what_cannot_be_turned_safely_is_not_shared(written: str) -> None:
    assert to_pm(written, NAMES) is None


def test_talking_points_become_topics_for_both() -> None:
    assert topic("Ask how the roadmap review went", NAMES) == "How the roadmap review went"
    assert topic("Ask what she learned from the test herself", NAMES) == \
        "What you learned from the test yourself"
    assert topic("Celebrate: the whole team read her snapshot", NAMES) == \
        "Celebrate: the whole team read your snapshot"
    assert topic("Remind her to send the deck", NAMES) == "Reminder: send the deck"
    assert topic("Thank her for covering the review", NAMES) == "Thank you for covering the review"


def test_a_goal_and_milestones_asking_for_different_rhythms_are_found() -> None:
    assert rhythm_clash("Shadow two underwriters each month",
                        ["A customer conversation held every week for four weeks"]) == \
        ("monthly", "weekly")
    assert rhythm_clash("Interview a customer every week for six weeks",
                        ["A customer conversation held every week for four weeks"]) is None
    # "The quarterly review" names an event, not how often the goal is done.
    assert rhythm_clash("Lead the quarterly review yourself", ["Monthly one-to-ones"]) is None


GENERAL = """She set no success threshold beforehand, so the result was read after the fact.

The designer helped her prepare the review.

"""
EVIDENCE = "She ran two claimant calls herself."
ACTIONS = """- [ ] Alice: write the threshold before the next test
- [ ] Dana: introduce Alice to the support lead

"""


@pytest.fixture(scope="module")
def cycle(team_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Alice with a plan from a Monday, talking points in the third person, and four weekly 1:1s."""
    root = copy_workspace(team_template, tmp_path_factory.mktemp("cycle") / "ws")
    w = ["-w", str(root)]
    ok([*w, "note", "alice", "Ask what she learned from the pricing test"])
    ok([*w, "note", "alice", "Ask whether she's ready to lead the review"])
    write_plan(Workspace(root), "alice", today=START)
    for week in range(4):
        done = write_agenda(Workspace(root), "alice", START + dt.timedelta(days=7 * week))
        take_notes(done.path, GENERAL, EVIDENCE + "\n\n", ACTIONS)
    return root


def agendas(root: Path) -> list[str]:
    return [p.read_text(encoding="utf-8")
            for p in sorted((root / "oneonones" / "alice").glob("*.md"))]


def test_the_pms_copy_speaks_to_the_pm_and_the_rest_stays_private(cycle: Path) -> None:
    texts = agendas(cycle)
    for text in texts:
        check_markdown(text)
        shared = pm_copy(text).split("## Notes", 1)[0]  # what pmkit wrote, not the notes
        assert not re.search(r"\b(she|her|herself|Alice's)\b", shared, re.IGNORECASE), shared
    first = texts[0]
    assert "- What you learned from the pricing test" in pm_copy(first)
    assert "ready to lead" not in pm_copy(first)  # "she's" cannot be turned: the manager's alone
    assert "Talking point: Ask whether she's ready to lead the review" in \
        first.split("<!-- pmkit:private", 1)[1]
    second = texts[1]
    shared = pm_copy(second)
    assert "- You set no success threshold beforehand" in shared.split("## Notes", 1)[0]
    private = second.split("<!-- pmkit:private", 1)[1]
    assert "The designer helped her prepare the review." in private
    # The manager's own item: listed apart, no call for a decision and no day count.
    assert "- [ ] Dana: introduce you to the support lead" in shared
    assert "days" not in shared.split("### Open on Dana's side", 1)[1]


def test_evidence_is_shown_to_the_pm_as_you(cycle: Path) -> None:
    third = pm_copy(agendas(cycle)[2])  # the first area's second turn
    assert ": You ran two claimant calls yourself." in third
    done = write_plan(Workspace(cycle), "alice", today=START + dt.timedelta(days=30))
    assert "You ran two claimant calls yourself." in done.text
    assert "She ran" not in done.text


def test_weeks_of_agendas_read_as_a_pm_would(cycle: Path) -> None:
    texts = [pm_copy(t) for t in agendas(cycle)]
    openers = [t.split("## Your topics\n\n", 1)[1].split("\n", 1)[0] for t in texts]
    assert len(set(openers)) == len(openers)  # no week opens with last week's sentence
    for text in texts:
        assert "pmkit" not in text and "team/" not in text and "reassess" not in text.lower()
        assert "Nothing queued" not in text  # no heading kept only to say it is empty
        written = text.split("## Notes", 1)[0].splitlines()
        for number, line in enumerate(written):
            if line.startswith("#"):
                following = [x for x in written[number + 1:] if x.strip()]
                assert following and not following[0].startswith("#"), line
    # No coaching question comes back within the plan, and no evidence prompt repeats.
    asked = [q for t in texts for q in re.findall(r"^- (.+\?)$", t.split("## Focus: ", 1)[1]
                                                  .split("## Notes", 1)[0], re.MULTILINE)]
    assert len(asked) == len(set(asked)) == 6
    prompts = [line for t in texts for line in t.splitlines() if "recorded on" in line]
    assert len(prompts) == len(set(prompts))
    # Every focus area takes its turn, and its proposal note shows only on the first one.
    turns = [re.search(r"^## Focus: (.+)$", t, re.MULTILINE).group(1) for t in texts[:2]]
    assert len(set(turns)) == 2
    assert sum("(a proposal to agree today)" in t for t in texts) <= 2


def test_the_plan_proposes_until_it_is_agreed_and_speaks_once(cycle: Path) -> None:
    ws = Workspace(cycle)
    text = write_plan(ws, "alice", today=START + dt.timedelta(days=30)).text
    check_markdown(text)
    assert "The two areas you and your manager are working on until" in text
    assert text.count("A book-club pick reads well") <= 1
    assert "version" not in text.rsplit("---", 1)[1] and "pmkit" not in text
    assert text.rstrip().endswith("Competencies after Petra Wille's PM Wheel "
                                  "(Strong Product People, 2020).")
    assert "Your 1:1s (Mondays, every week) take one goal each" in text
    # Two goals: the late one first, and neither waits more than two 1:1s.
    assert "No goal waits more than two 1:1s for its turn" in text


def test_private_section_agrees_with_the_plan(team: Path) -> None:
    """Goals written in the PM's file but no plan run yet: not "no coaching plan"."""
    path = team / "team" / "alice.yaml"
    path.write_text(path.read_text(encoding="utf-8")
                    + "plan:\n  goals:\n    customer-insight: Interview a customer every week\n",
                    encoding="utf-8")
    text = build_agenda(Workspace(team), "alice", START).text
    private = text.split("<!-- pmkit:private", 1)[1]
    assert "No coaching plan yet" not in private
    assert "No plan is written for Alice yet" in private  # the milestone shown is a proposal


def test_milestones_fall_on_the_1_1_where_their_goal_comes_round(team: Path) -> None:
    done = write_plan(Workspace(team), "alice", today=START)
    first, second = done.report.focus
    for number, cid in enumerate((first, second)):
        for step in done.cycle.steps[cid]:
            assert step.date.weekday() == 0  # the plan started on a Monday, no 1:1s yet
            weeks = (step.date - START).days // 7
            assert weeks % 2 == number % 2, (cid, step.date)  # the first 1:1 takes the first


def test_a_rhythm_clash_is_told_to_the_manager(team: Path) -> None:
    path = team / "team" / "alice.yaml"
    path.write_text(path.read_text(encoding="utf-8")
                    + "plan:\n  goals:\n    customer-insight: Visit two customers each month\n",
                    encoding="utf-8")
    out = ok(["-w", str(team), "plan", "alice"])
    assert "Customer insight: the goal asks for a monthly rhythm and its milestones for weekly" in out


@pytest.mark.parametrize("today", [dt.date(2026, 11, 28), dt.date(2026, 11, 29)])
def test_the_demo_built_at_the_weekend_meets_on_weekdays(tmp_path: Path, today: dt.date) -> None:
    root = tmp_path / "demo"
    build_demo(root, today=today, history=False)
    days = [dt.date.fromisoformat(p.stem) for p in (root / "oneonones").glob("*/*.md")]
    assert days and all(d.weekday() < 5 and d < today for d in days)
    # Prepared on the weekend, an agenda is for the PM's next 1:1 day.
    ws = Workspace(root)
    for handle in ("priya", "tomasz"):
        held = max(d for d in (dt.date.fromisoformat(p.stem)
                               for p in (root / "oneonones" / handle).glob("*.md")))
        day = meeting_day(ws, handle, today)
        assert day > today and day.weekday() == held.weekday()
    # Prepared on a weekday too, the agenda is for the PM's 1:1 day, the one the plan uses.
    ahead = meeting_day(ws, "priya", today)
    assert meeting_day(ws, "priya", ahead - dt.timedelta(days=1)) == ahead
    assert meeting_day(ws, "priya", ahead) == ahead
    result = invoke(["-w", str(root), "--no-commit", "oneonone", "priya",
                     "--date", meeting_day(ws, "priya", today).isoformat()])
    assert result.exit_code == 0, result.stderr


def test_a_stretch_area_gets_stretch_milestones(team: Path) -> None:
    """Already at the target: no milestone below where the PM stands; the last is the next rubric."""
    ws = Workspace(team)
    done = write_plan(ws, "alice", ["data-fluency"], today=START)
    comp = ws.index.by_id["data-fluency"].competency
    steps = [s.text for s in done.cycle.steps["data-fluency"]]
    assert steps[0] == " ".join(comp.milestones[max(comp.milestones)].split())
    assert comp.milestones[min(comp.milestones)] not in steps
    assert steps[-1].endswith(comp.rubric[4])
    assert "{target}" not in done.text


def test_the_plan_review_speaks_to_the_pm(cycle: Path) -> None:
    result = invoke(["-w", str(cycle), "review", "alice", "--stdout"])
    assert result.exit_code == 0, result.stderr
    assert "You ran two claimant calls yourself." in result.stdout
    assert "She ran" not in result.stdout and "herself" not in result.stdout


def test_names_in_any_script_and_links_are_handled() -> None:
    names = ["Sofía Hernández", "Sofía"]
    assert to_pm("Sofía Hernández ran the review.", names) == "You ran the review."
    assert to_pm("**She** shared [her deck](https://example.com/her-deck) and `her` notes.",
                 names) == "**You** shared [your deck](https://example.com/her-deck) and `her` notes."


def test_the_manager_is_told_what_stayed_private(team: Path) -> None:
    w = ["-w", str(team)]
    ok([*w, "note", "alice", "Ask whether she's ready to lead the review"])
    out = ok([*w, "oneonone", "alice", "--date", START.isoformat()])
    assert "1 line about the PM stayed in the private section" in out


def test_an_open_item_written_again_is_listed_once(cycle: Path) -> None:
    """Each week's notes write "introduce Alice to the support lead" again."""
    for text in agendas(cycle)[1:]:
        shared = pm_copy(text)
        assert shared.count("introduce you to the support lead") == 1
        # Its first date stays, whether it reads "added" or, from the third carry, "Dana's
        # item, open since" (the manager's own: a status, no ask).
        assert re.search(r"introduce you to the support lead \*\((added|Dana's item, open since) "
                         + START.isoformat() + r"[,)]", shared)


def test_a_plan_made_again_after_its_1_1s_says_what_is_true_now(cycle: Path) -> None:
    # The clock still reads the plan's first day; four 1:1s with notes have taken place since.
    built = build_plan(Workspace(cycle), "alice", today=START)
    text = built.text
    check_markdown(text)
    last = START + dt.timedelta(days=21)
    assert f"Plan started {START.isoformat()}, brought up to date on {last.isoformat()} " \
           "after four 1:1s." in text
    assert "a proposal to agree together" not in text and "(A proposal:" not in text
    assert "take your first 1:1 on this area" not in text
    assert "**Where you stand.** You rated yourself" in text  # problem framing, taken in a 1:1
    # Alice is rated 1 on problem framing: her milestones lead to a 2, ending where the
    # model's own first step begins, not at the level's target.
    framing = text.split("Problem framing", 2)[2].split("**Evidence so far", 1)[0]
    assert FIRST_STEPS[0] in framing and "opportunity map" not in framing


def test_the_pms_copy_turns_the_shared_notes_and_leaves_out_the_rest(cycle: Path) -> None:
    ws = Workspace(cycle)
    path = cycle / "oneonones" / "alice" / f"{START.isoformat()}.md"
    text, left_out, _ = pm_copy_of(ws, "alice", path)
    notes = text.split("## Notes", 1)[1]
    assert "You set no success threshold beforehand" in notes
    assert "You ran two claimant calls yourself." in notes
    assert "helped her" not in notes and "She " not in notes and "<!-- pmkit:private" not in text
    assert left_out == ["The designer helped her prepare the review."]
    assert "- [ ] You: write the threshold before the next test" in notes


def test_a_recap_reads_today_as_that_day() -> None:
    assert looking_back("You were quiet today; the release slipped.") == \
        "You were quiet that day; the release slipped."
    assert looking_back("Today the demo went well. This morning was calm.") == \
        "That day the demo went well. That morning was calm."


def test_shared_notes_keep_what_pmkit_prepared_and_turn_what_follows() -> None:
    text = ("# 1:1 with Alice Chen\n\nShe prepared this agenda line.\n\n## Notes\n\n"
            "Alice was quiet today. She's ready for more.\n\n- [ ] Dana: call Alice\n")
    shared, left_out = shared_notes(text, NAMES)
    assert "She prepared this agenda line." in shared  # above the notes: left as it is
    # How the PM came across stays with the manager, in the copy as in the recap.
    assert "quiet" not in shared and "- [ ] Dana: call you" in shared
    assert left_out == ["Alice was quiet today.", "She's ready for more."]


def test_plan_dates_fall_on_1_1_days_and_skip_holidays() -> None:
    sunday, monday = dt.date(2026, 11, 29), dt.date(2026, 11, 30)
    assert first_day(sunday, 0) == monday
    assert first_day(dt.date(2026, 12, 25), 4, {dt.date(2026, 12, 25)}) == dt.date(2027, 1, 1)
    end = last_day(monday, 90, 0)
    assert end.weekday() == 0 and end <= monday + dt.timedelta(days=90)
    christmas, new_year = dt.date(2026, 12, 25), dt.date(2027, 1, 1)
    friday = dt.date(2026, 12, 4)
    turns = turn_dates(friday, friday + dt.timedelta(days=90), 4, 7, 0, 1, {christmas, new_year})
    assert christmas not in turns and new_year not in turns and turns
    steps = {30: "A", 60: "B", 90: "C"}
    for p in propose_milestones(steps, friday, last_day(friday, 90, 4), 4,
                                holidays={christmas, new_year}):
        assert p.date.weekday() == 4 and p.date not in (christmas, new_year)
    assert off_holidays(christmas, {christmas, new_year}) == dt.date(2027, 1, 8)
    assert off_holidays(christmas, {christmas}, until=dt.date(2026, 12, 28)) == christmas \
        - dt.timedelta(days=7)


def test_milestone_weeks_fit_the_plan_and_the_goal() -> None:
    text = "Weekly customer contact kept up for eight weeks without a gap."
    assert fit_weeks(text, 7) == "Weekly customer contact kept up for seven weeks without a gap."
    assert goal_weeks("Interview a claimant every week for six weeks") == 6
    assert fit_weeks(text, 9, goal_weeks("every week for six weeks")) == \
        "Weekly customer contact kept up for six weeks without a gap."
    assert fit_weeks(text, 12) == text
    assert first_steps({30: "a", 60: "b", 90: "c"})[90] == "a"


def test_holidays_are_settings_a_manager_adds(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    ok(["init", str(root), "--manager", "Dana Lee"])
    settings = root / "pmkit.yaml"
    assert Workspace(root).settings.holidays == []
    settings.write_text(settings.read_text(encoding="utf-8") + "holidays: [2026-12-25, 2027-01-01]\n",
                        encoding="utf-8")
    assert Workspace(root).settings.holidays == [dt.date(2026, 12, 25), dt.date(2027, 1, 1)]
    settings.write_text(settings.read_text(encoding="utf-8").replace("2027-01-01", "2027-13-01"),
                        encoding="utf-8")
    result = invoke(["-w", str(root), "check"])
    assert result.exit_code == 1 and "pmkit.yaml" in result.stdout + result.stderr
