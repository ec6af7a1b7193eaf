"""Weeks of 1:1s that follow the plan: what the PM reads, what stays the manager's, what moves."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from doc_team import take_notes
from markdown_rules import check_markdown

from pmkit.actions.documents import write_agenda, write_plan
from pmkit.documents import notes
from pmkit.documents.carried import WHY_DECIDE, count_words, goal_ask, owner_asks
from pmkit.documents.celebrated import celebrated
from pmkit.documents.cycle import FIRST_STEPS, STRETCH_MIDDLE
from pmkit.documents.notes import pm_copy
from pmkit.documents.oneonone import build_agenda, one_state, pm_copy_of
from pmkit.documents.plan import build_plan
from pmkit.documents.voice import about_pm
from pmkit.model.coaching import FALLBACK_MILESTONES, propose_milestones, working_weeks
from pmkit.shipped import shipped_models
from pmkit.workspace import Workspace

from conftest import copy_workspace

START = dt.date(2026, 11, 23)  # a Monday
WEEKS = 8
GENERAL = ("Alice was quiet today; the release slipped a week. "
           "The snapshot milestone is met: three snapshots went out.\n\n")
ACTIONS = ("- [ ] Dana: introduce Alice to the support lead\n"
           "- [ ] Alice: send the snapshot of each call to the team\n\n")


@pytest.fixture(scope="module")
def weeks(team_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Alice's plan from a Monday and eight weekly 1:1s, each with notes and action items.

    In the third week the manager ticks Alice's snapshot item under Action items while
    the carried copy above stays unticked, as a manager writes it.
    """
    root = copy_workspace(team_template, tmp_path_factory.mktemp("weeks") / "ws")
    write_plan(Workspace(root), "alice", today=START)
    for week in range(WEEKS):
        done = write_agenda(Workspace(root), "alice", START + dt.timedelta(days=7 * week))
        actions = ACTIONS if week != 2 else ACTIONS.replace(
            "- [ ] Alice: send", "- [x] Alice: send")
        take_notes(done.path, GENERAL, "Alice walked through one brief.\n\n", actions)
    return root


def files(root: Path) -> list[Path]:
    return sorted((root / "oneonones" / "alice").glob("*.md"))


def test_the_recap_keeps_every_sentence_of_a_note(weeks: Path) -> None:
    second = pm_copy(files(weeks)[1].read_text(encoding="utf-8"))
    recap = second.split("## Last time", 1)[1].split("## Your topics", 1)[0]
    assert ("The release slipped a week. The snapshot milestone is "
            "met: three snapshots went out.") in recap
    # How the PM came across is the manager's impression: private, not recapped to the PM.
    assert "quiet" not in recap
    private = files(weeks)[1].read_text(encoding="utf-8").split("pmkit:private", 1)[1]
    assert "Alice was quiet that day" in private


def test_a_quote_under_a_note_stays_with_it(weeks: Path) -> None:
    tokens = notes.parse("## Notes\n\nThe quote to keep:\n\n> I upload it three times.\n")
    assert notes.recap(tokens, Workspace(weeks).index) == [
        'The quote to keep: "I upload it three times."']


def test_an_item_ticked_anywhere_reads_ticked_everywhere_in_the_pms_copy(weeks: Path) -> None:
    path = files(weeks)[2]
    written = path.read_text(encoding="utf-8")
    assert "- [ ] Alice: send the snapshot of each call to the team" in written  # as carried
    shared, _, _ = pm_copy_of(Workspace(weeks), "alice", path)
    assert "[ ] You: send the snapshot" not in shared
    # Ticked where it was carried, and not repeated under Action items.
    assert shared.count("- [x] You: send the snapshot of each call to the team") == 1
    # The same item in the PM's words and in the manager's is one item.
    text = "- [ ] Dana: introduce you to the lead\n\n- [x] Dana: introduce Alice to the lead\n"
    assert one_state(text, ["Alice Chen", "Alice"]).count("[x]") == 2


def test_the_managers_own_item_reads_in_the_managers_words_in_private(weeks: Path) -> None:
    text = files(weeks)[3].read_text(encoding="utf-8")
    shared, private = text.split("<!-- pmkit:private", 1)
    assert "- [ ] Dana: introduce you to the support lead" in shared
    # Carried three times: the PM's copy states it plainly, with no ask of the manager, and
    # the private part says plainly what the manager owes.
    assert ("Dana: introduce you to the support lead *(Dana's item, open since 2026-11-23, "
            "carried three times)*") in shared
    assert "Dana decides" not in shared and "Dana says" not in shared
    assert "You promised to introduce Alice to the support lead 21 days ago" in private
    assert "introduce you" not in private
    assert about_pm("Dana: send you the deck and your notes", "Alice") == \
        "Dana: send Alice the deck and Alice's notes"
    assert about_pm("Dana: check you are ready", "Alice") == "Dana: check you are ready"


def test_a_carried_item_is_asked_about_every_week_once_the_push_starts(weeks: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in files(weeks)]
    asked = [i for i, t in enumerate(texts) if re.search(
        r"support lead .*or drop it\)", pm_copy(t))]
    assert asked == []  # the manager's own item: a status in the PM's copy, never an ask
    # Every later copy shows the same plain status, the count rising, until it is waiting
    # on the manager; the push stays in the private part.
    for number, text in enumerate(texts[3:], start=3):
        status = (f"Dana: introduce you to the support lead *(Dana's item, open since "
                  f"2026-11-23, carried {count_words(number)} times)*\n")
        waiting = "Dana: introduce you to the support lead *(waiting on Dana since 2026-11-23)*"
        assert status in pm_copy(text) or waiting in pm_copy(text)
        private = text.split("<!-- pmkit:private", 1)[1]
        assert "introduce Alice to the support lead" in private
    # The PM's own item (written again after it was ticked, so first carried from
    # 2026-12-14) is the Customer insight goal's own work: from its third carry the copy
    # asks for a date, never whether to drop it.
    mine = "send the snapshot of each call to the team *("
    ask = "part of your Customer insight goal, so give it a date you will keep)*"
    assert (mine + "open since 2026-12-14, carried three times: " + ask) in pm_copy(texts[6])
    assert (mine + "open since 2026-12-14, carried four times: " + ask) in pm_copy(texts[7])
    assert "drop it" not in pm_copy(texts[7]).split("snapshot of each call", 1)[1][:120]
    private = texts[7].split("<!-- pmkit:private", 1)[1]
    assert "It is the Customer insight goal's own work" in private
    # Asked beside the item, it is not asked again in the focus section of the same page.
    on_focus = [pm_copy(t) for t in texts[6:] if "## Focus: Customer insight" in t
                and ask in pm_copy(t)]
    assert on_focus and not any("part of this goal's work: send the snapshot" in t
                                for t in on_focus)
    # The explaining line stands beside a first ask on the PM's items only: the manager's own
    # item is no ask, and an item of a goal's own work is asked for a date instead.
    weeks = [i for i, t in enumerate(texts) if "worth a decision today" in pm_copy(t)]
    assert weeks == []
    private = [t.split("<!-- pmkit:private", 1)[1] for t in texts]
    says_asks = [i for i, t in enumerate(private)
                 if re.search(r"support lead [^\n]*the decision is yours today", t)]
    assert says_asks == [3]
    # The private part follows every week, counting every earlier agenda that asked.
    for number, text in enumerate(private[4:], start=4):
        before = {4: "once before", 5: "twice before"}.get(
            number, f"{count_words(number - 3)} times before")
        assert (f"Your own item, asked {before}, with no decision ({7 * number} days open): "
                "introduce Alice to the support lead.") in text
        assert "Alice's copy lists it as your item" in text


def test_the_pms_items_escalate_in_private_by_how_long_they_are_open() -> None:
    from pmkit.documents.carried import pm_lines

    def item(times: int, decide: bool) -> list[notes.Carried]:
        return [notes.Carried("Nina: rewrite the brief", 0, True, dt.date(2026, 12, 7), times,
                              decide)]

    day = dt.date(2027, 1, 18)
    assert pm_lines([item(2, False)], day, "Nina") == []
    third = pm_lines([item(3, True)], day, "Nina")[0]
    assert "Nina's copy asks this week" in third and "first written 2026-12-07" in third
    # Asked already: pressed again every week, the asks of earlier 1:1s counted.
    fourth = pm_lines([item(4, False)], day, "Nina")[0]
    assert "asked once before, with no decision" in fourth and "asks again today" in fourth
    assert "The last 1:1 was to settle it and did not" in fourth
    fifth = pm_lines([item(5, False)], day, "Nina")[0]
    assert "asked twice before, with no decision" in fifth
    # The private part quotes the PM's copy word for word: one source for both.
    from pmkit.documents.carried import STILL_WORTH, WHY_DECIDE
    assert f"“{STILL_WORTH.capitalize()}”" in fifth and f"“{WHY_DECIDE}”" not in fifth
    assert "a milestone with a date" in fifth


def test_the_managers_own_promise_to_act_before_the_next_1_1_does_not_lapse_silently() -> None:
    from pmkit.documents.carried import own_lines

    def said(times: int) -> str:
        own = [[notes.Carried("Dana: introduce Nina to the support lead", 0, True,
                              dt.date(2026, 11, 30), times, times == 3)]]
        return own_lines(own, dt.date(2026, 11, 30) + dt.timedelta(days=7 * times), "Nina",
                         ["Dana"])[0]

    # The third carry asks for it before the next 1:1; the next agenda says it lapsed.
    assert "do it before the next 1:1" in said(3).lower()
    lapsed = "The last agenda asked you to do it before this 1:1, and it is still open"
    assert lapsed in said(4) and "give a date you will keep" in said(4).lower()
    # The week after a date was asked for, no "before this 1:1" was promised.
    assert lapsed not in said(5) and "Do it before the next 1:1" in said(5)
    # From then on every week presses, and says the last promise lapsed.
    for times in (6, 7):
        assert lapsed in said(times) and "copy lists it as your item" in said(times)
        assert f"asked {count_words(times - 3)} times before" in said(times)
    # After three weeks of the same advice it moves on: close it or hand it on, now.
    for times in (8, 10):
        assert "copy lists it as your item" not in said(times)
        assert "Stop carrying it" in said(times)
        # The PM's copy shows it as waiting: the private part says so, and keeps pressing.
        assert "Nina's copy shows it as waiting on you since 2026-11-30, with no ask of you" \
            in said(times)
    assert lapsed in said(8) and "asked you to close it or hand it on" in said(10)


def test_the_preview_of_coming_goals_matches_the_1_1s_that_follow(weeks: Path) -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in files(weeks)}
    focus = {day: re.search(r"^## Focus: (.+)$", t, re.M).group(1)  # type: ignore[union-attr]
             for day, t in texts.items()}
    checked = 0
    for text in texts.values():
        line = next((x for x in text.splitlines() if x.startswith("Coming up")), "")
        for name, day in re.findall(r"([A-Z][a-z ]+?)(?: again)? around (\d{4}-\d\d-\d\d)",
                                    line):
            if day in focus:
                assert focus[day] == name, (line, day)
                checked += 1
    assert checked >= 3


def test_a_long_overdue_milestone_is_asked_about_once_then_replanned(weeks: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in files(weeks)]
    shared = [pm_copy(t) for t in texts]
    asked = [m for t in shared for m in re.findall(r"^Milestone that was due (\S+):", t, re.M)]
    assert asked and len(asked) == len(set(asked))  # each overdue milestone asked once
    later = [t for t in shared if "Past its date since" in t or "; partly there, and" in t]
    assert later, "no agenda asks to re-plan a milestone long past its date"
    assert all("agree today on a new date for it or a smaller step" in t
               or "agree today what is left to finish it and a date" in t for t in later)
    private = texts[-1].split("<!-- pmkit:private", 1)[1]
    assert "Milestones past their date and still open, the oldest of each goal" in private
    assert "| Goal | Due | 1:1s since | Also open on this goal | Met after all |" in private
    for text in texts:
        check_markdown(text)
    # One next step per goal in the PM's copy: the oldest open milestone, never a pile of
    # past dates beside it; the rest is summed up in the manager's table.
    for text in shared:
        focus = text.split("## Focus:", 1)[1].split("## Notes", 1)[0]
        assert "Also past its date" not in focus
        if "its date since" in focus or "; partly there" in focus or "was due" in focus:
            assert len(re.findall(r"^(?:Past its date since|Due \S+; partly there|"
                                  r"Milestone that was due|Next milestone|"
                                  r"Milestone due today)", focus, re.M)) <= 2
    rows = [line for line in private.splitlines() if line.startswith("| ") and "`pmkit log" in line]
    assert rows and all(line.count("`") == 2 for line in rows)
    assert not any("assumption-testing" in line.split("`")[0] for line in rows)


def test_a_goal_with_several_late_milestones_shows_only_the_oldest(weeks: Path) -> None:
    last = pm_copy(files(weeks)[-1].read_text(encoding="utf-8"))
    focus = last.split("## Focus:", 1)[1].split("## Notes", 1)[0]
    dated = re.findall(r"^(Past its date since|Milestone that was due|Also past its date|"
                       r"Next milestone|Milestone due today)", focus, re.M)
    if dated and dated[0] in ("Past its date since", "Milestone that was due"):
        assert dated.count("Past its date since") + dated.count("Milestone that was due") == 1


def test_goals_are_a_proposal_until_a_1_1_is_held_on_the_plan(
        team: Path, weeks: Path) -> None:
    ws = Workspace(team)
    proposed = write_plan(ws, "alice", today=START).text
    assert "**Proposed goal:**" in proposed and "**Proposed milestones:**" in proposed
    assert "**Goal:**" not in proposed
    first = pm_copy(build_agenda(ws, "alice", START).text)
    assert "Your plan is still a proposal" in first and "Proposed goal" in first
    agreed = build_plan(Workspace(weeks), "alice", today=START + dt.timedelta(days=14)).text
    assert "**Goal:**" in agreed and "Proposed goal" not in agreed
    second = pm_copy(files(weeks)[1].read_text(encoding="utf-8"))
    assert "still a proposal" not in second and "Proposed" not in second


def test_goals_without_a_written_plan_show_the_milestones_the_plan_proposes(team: Path) -> None:
    path = team / "team" / "alice.yaml"
    path.write_text(path.read_text(encoding="utf-8")
                    + "plan:\n  goals:\n    customer-insight: Interview a customer every week\n",
                    encoding="utf-8")
    ws = Workspace(team)
    text = build_agenda(ws, "alice", START).text
    shared, private = text.split("<!-- pmkit:private", 1)
    assert "no milestones to check" not in private
    assert "No plan is written for Alice yet" in private
    plan = build_plan(ws, "alice", today=START).text
    shown = re.search(r"^Proposed milestone, (\S+): (.+)$", shared, re.MULTILINE)
    assert shown is not None
    assert f"**{shown.group(1)}**" in plan and shown.group(2) in plan
    assert "team/" not in shared and "pmkit" not in shared


def _peers(count: int) -> str:
    rows = []
    for n in range(count):
        rows.append(f"  - reviewer: Colleague {n}\n    role: engineer\n    date: 2026-11-19\n"
                    f"    model_version: 1\n    ratings:\n      customer-insight: {3 + n % 2}\n"
                    f"      delivery: 5\n")
    return "peer_input:\n" + "".join(rows)


@pytest.mark.parametrize("count", [2, 3])
def test_colleagues_views_per_competency_only_from_three(team: Path, count: int) -> None:
    path = team / "team" / "alice.yaml"
    path.write_text(path.read_text(encoding="utf-8") + _peers(count), encoding="utf-8")
    text = build_plan(Workspace(team), "alice", today=START).text
    check_markdown(text)
    assert "than your manager" not in text and "same as your manager" not in text
    assert "Colleague 0" not in text and "engineer)" not in text  # never by name or role
    if count < 3:
        assert "| Colleagues |" not in text and "Every view agrees" not in text
        assert "## How you and your manager see it" in text
    else:
        assert "| Customer insight | 2 | 4 | 3 to 4 |" in text


def test_a_celebrated_piece_of_work_is_not_called_nothing_recorded() -> None:
    about = ["Customer insight", "Share a one-paragraph snapshot after each interview"]
    assert celebrated(["Celebrate: the whole team read your latest snapshot"], about) == \
        "the whole team read your latest snapshot"
    assert celebrated(["Celebrate: the release went out on time"], about) is None
    assert celebrated(["How the snapshot review went"], about) is None


def test_celebration_on_todays_goal_replaces_the_nothing_recorded_line(team: Path) -> None:
    write_plan(Workspace(team), "alice", today=START)  # problem framing comes first
    path = team / "team" / "alice.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "talking_points:\n  - 'Celebrate: the "
                    "team read her latest problem brief and her customer snapshot'\n",
                    encoding="utf-8")
    text = pm_copy(build_agenda(Workspace(team), "alice", START).text)
    assert "already on the table: the team read your latest problem brief" in text
    assert "Nothing recorded" not in text


def test_weeks_of_a_habit_skip_holiday_weeks() -> None:
    monday = dt.date(2026, 12, 7)
    assert working_weeks(monday, monday + dt.timedelta(days=28), 0) == 4
    assert working_weeks(monday, monday + dt.timedelta(days=28), 0,
                         {dt.date(2026, 12, 21), dt.date(2026, 12, 28)}) == 2
    steps = {30: "A conversation every week for four weeks.", 60: "More.", 90: "Most."}
    plain = propose_milestones(steps, monday, monday + dt.timedelta(days=84), 0)
    off = propose_milestones(steps, monday, monday + dt.timedelta(days=84), 0,
                             holidays={dt.date(2026, 12, 21), dt.date(2026, 12, 28)})
    assert "for four weeks" in plain[0].text
    weeks_left = working_weeks(monday, off[0].date, 0,
                               {dt.date(2026, 12, 21), dt.date(2026, 12, 28)})
    assert weeks_left < 4 and "for four weeks" not in off[0].text


def test_the_plan_names_the_holidays_its_1_1s_skip(team: Path) -> None:
    settings = team / "pmkit.yaml"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + "holidays: [2026-12-28]\n", encoding="utf-8")
    # Before any 1:1 no weekday is known: the plan names the rhythm only.
    text = build_plan(Workspace(team), "alice", today=START).text
    assert "Your 1:1s (every week) take one goal" in text and "(Mondays" not in text
    # The milestones' weekday is said to be provisional, not the 1:1 day.
    assert "the milestones fall on Mondays for now; they may move to your 1:1 day" in text
    # Once the first agenda says the day, the plan names it and the holiday it skips.
    (team / "oneonones" / "alice").mkdir(parents=True, exist_ok=True)
    (team / "oneonones" / "alice" / f"{START.isoformat()}.md").write_text(
        f"# 1:1 with Alice Chen: {START.isoformat()}\n", encoding="utf-8")
    text = build_plan(Workspace(team), "alice", today=START).text
    assert "(Mondays, every week, except the holiday 2026-12-28)" in text


_OUTCOMES = re.compile(
    r"without help|because (?:a|the) test|\b(?:adopted|reused|used) by (?:another|other)\b|"
    r"\bunprompted\b|\b(?:decision|item|plan|priority) changed because\b|\bnow asks?\b|"
    r"\bagreeing\b|\bdropped or\b|"
    r"\bwas replaced\b|\bwere set up and led\b|\bsettled\b", re.IGNORECASE)


def test_milestones_say_what_the_pm_does_not_what_others_decide() -> None:
    texts = [*FIRST_STEPS, STRETCH_MIDDLE, *FALLBACK_MILESTONES.values()]
    for path in shipped_models().values():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for area in data["areas"]:
            for comp in area["competencies"]:
                texts.extend(comp.get("milestones", {}).values())
    assert len(texts) > 100
    for text in texts:
        assert not _OUTCOMES.search(text), text


def test_a_plan_near_its_end_looks_back_at_what_moved(weeks: Path) -> None:
    ws = Workspace(weeks)
    end = build_plan(ws, "alice", today=START + dt.timedelta(days=7 * WEEKS)).cycle.end
    early = build_plan(ws, "alice", today=START + dt.timedelta(days=7 * WEEKS)).text
    assert "## Where each goal stands" not in early and "Keep working on all" in early
    text = build_plan(ws, "alice", today=end - dt.timedelta(days=7)).text
    assert "## Where each goal stands" in text and "Keep working on all" not in text
    assert "review of this plan" in text
    moved = text.split("## Where each goal stands", 1)[1].split("## At a glance", 1)[0]
    assert re.search(r"^- \*\*[^*]+\*\*: \w+ of (the )?\w+ milestones reached", moved, re.M)
    assert "not reached yet" not in text
    # Looking back, nothing points ahead: practices, reading and questions (every plan
    # carries them) are offered for the next plan and the review, with no "next step" lines.
    assert "to try on the job" not in text and "**To read" not in text
    assert "**Practices still worth trying, for the next plan:**" in text
    assert "**Reading for the next plan:**" in text
    assert "a next step from where you are today" not in text
    assert not re.search(r"after \d+ 1:1s", text)
    check_markdown(text)


def test_a_milestone_is_partly_there_only_when_the_evidence_names_what_it_asks() -> None:
    from pmkit.documents.evidence import matching
    step = ("A customer conversation held every week for four weeks, and a short snapshot "
            "posted after each.")
    generic = [("2027-01-25", "You walked through your latest work on customer insight; "
                              "you shared two examples.")]
    assert matching(generic, step, "Customer insight") is None
    specific = [*generic, ("2027-01-13", "You posted three interview snapshots.")]
    assert matching(specific, step, "Customer insight") == specific[1]


def test_a_general_note_counts_for_the_goal_whose_words_it_speaks() -> None:
    from pmkit.documents import evidence

    areas = {
        "customer-insight": ("Book one customer conversation every week; write a snapshot "
                             "within a day.", ["Customer insight"]),
        "assumption-testing": ("List the assumptions and run at least one test on the riskiest.",
                               ["Testing ideas", "The pass threshold written down before the "
                                "test ran."]),
        "problem-framing": ("Write a one-page problem brief and review it with your designer.",
                            ["Problem framing"]),
    }
    found = evidence.general_evidence([
        "She booked two calls with claimants and ran one herself.",
        "Nina was quiet today; the release slipped a week. She thinks the brief was too vague.",
        "Good session. Her test plan has a threshold written before the test.",
        "We talked about the roadmap review. He said nothing.",
    ], areas)
    assert found == {
        "customer-insight": ["She booked two calls with claimants and ran one herself."],
        "assumption-testing": ["Her test plan has a threshold written before the test."],
    }
    assert evidence.as_done("Posted three interview snapshots") == \
        "You posted three interview snapshots"
    assert evidence.as_done("Customers liked it") == "Customers liked it"


def test_a_sub_note_keeps_the_day_it_meant_when_carried() -> None:
    monday = dt.date(2026, 11, 30)
    assert notes.dated_weekdays("the call with the broker on Tuesday", monday) == \
        "the call with the broker on Tuesday 2026-12-01"
    # Carried again a week later, the date it already has stays.
    assert notes.dated_weekdays("the call on Tuesday 2026-12-01", monday + dt.timedelta(days=7)) \
        == "the call on Tuesday 2026-12-01"
    roots = notes.list_tree(notes.parse("- [ ] Nina: send the snapshot\n  - the call on Monday\n"))
    group = notes.carry(roots, monday, lambda _: 1)[0]
    assert group[1].text == "the call on Monday 2026-12-07"


def test_done_items_speak_to_the_pm_without_an_owner_label(weeks: Path) -> None:
    fourth = pm_copy(files(weeks)[3].read_text(encoding="utf-8"))
    # Ticked in the previous 1:1's notes, which may be at that 1:1: not claimed as "since".
    assert "Done since then" not in fourth
    said = re.search(r"^Ticked off (?:as done in the same notes|in the notes of "
                     r"\d{4}-\d{2}-\d{2}):$", fourth, re.MULTILINE)
    assert said and "those notes" not in fourth
    done = fourth.split(said.group(0), 1)[1].split("##", 1)[0]
    assert "- You sent the snapshot of each call to the team.\n" in done
    assert "Alice:" not in done


def test_the_first_milestone_falls_after_the_areas_first_turn() -> None:
    from pmkit.model.coaching import turn_dates

    friday = dt.date(2026, 12, 4)
    holidays = {dt.date(2026, 12, 25), dt.date(2027, 1, 1)}
    end = dt.date(2027, 2, 26)
    steps = {30: "Two sketching sessions held.", 60: "Three options compared in each.",
             90: "Options compared in every planning."}
    for turn in range(3):
        first_turn = turn_dates(friday, end, 4, 7, turn, 3, holidays)[0]
        dates = [p.date for p in propose_milestones(steps, friday, end, 4, "the level", turn=turn,
                                                    turns=3, holidays=holidays)]
        # The area's first 1:1 sets the goal going; its first milestone is at least a
        # fortnight later, and every milestone is on the PM's Friday, never a holiday.
        assert dates[0] >= first_turn + dt.timedelta(days=14)
        assert all(d.weekday() == 4 and d not in holidays for d in dates)


def test_the_next_1_1_is_on_the_pms_day_whatever_day_the_agenda_is_for() -> None:
    from pmkit.documents.agenda import next_meeting

    monday = dt.date(2026, 11, 30)
    assert next_meeting(monday, 7, 4, ()) == dt.date(2026, 12, 4)
    assert next_meeting(dt.date(2026, 12, 4), 7, 4, ()) == dt.date(2026, 12, 11)
    assert next_meeting(dt.date(2026, 12, 4), 14, 4, ()) == dt.date(2026, 12, 18)


def test_a_self_rating_at_the_level_is_said_in_one_line(weeks: Path) -> None:
    text = build_plan(Workspace(weeks), "alice", today=START + dt.timedelta(days=7)).text
    area = next(part for part in text.split("\n### ") if part.startswith(tuple("0123456789"))
                and "Problem framing" in part.split("\n", 1)[0])
    assert "**How you see it (3 · your view):** right where a Product Manager is expected to be" \
        in area
    expected_line = next(line for line in area.splitlines() if line.startswith("**What a Product"))
    assert expected_line.split(":** ", 1)[1] not in area.split("**How you see it", 1)[1].split(
        "\n", 1)[0]


def test_notes_since_the_assessment_count_before_the_plan_starts(team: Path) -> None:
    folder = team / "oneonones" / "alice"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2026-11-20.md").write_text(
        "# 1:1\n\n## Notes\n\nAlice booked a customer call and wrote a snapshot the same day.\n"
        "Next time: write the snapshot first.\n", encoding="utf-8")
    text = build_plan(Workspace(team), "alice", today=START).text
    insight = text.split("Customer insight\n", 2)[-1].split("\n### ", 1)[0]
    assert "- 2026-11-20: You booked a customer call and wrote a snapshot the same day." in insight
    assert "write the snapshot first" not in text  # advice, not work done
    agenda = build_agenda(Workspace(team), "alice", START).text
    assert "Nothing recorded on Customer insight yet" not in agenda


def test_a_printed_plan_says_where_its_pictures_are(team: Path) -> None:
    from helpers import invoke

    result = invoke(["-w", str(team), "plan", "alice", "--stdout"])
    assert result.exit_code == 0
    assert "![" not in result.stdout
    assert "without its pictures" in result.stderr and "--pm-copy" in result.stderr


def test_an_item_overtaken_by_a_talking_point_is_for_the_manager_to_settle() -> None:
    from pmkit.documents.overtaken import overtaken

    written = dt.date(2026, 11, 20)
    items = [("Priya: open the business review with the outcome, not the feature list", written),
             ("Marcus: agree three health measures for the workbench with the analyst", written),
             ("Priya: write down the success threshold for the prototype test", written),
             ("Priya: shadow two underwriters before the next 1:1", written)]
    points = ["How the quarterly business review with the claims VP went",
              "Which of the three health measures moved after the release"]
    done = ["Write down the riskiest assumption behind the fraud-check request"]
    found = dict(overtaken(items, points, done, [written, dt.date(2026, 11, 27)]))
    assert found[items[0][0]] == points[0] and found[items[1][0]] == points[1]
    assert items[2][0] not in found  # "write down" is how, not what: a different item
    assert found[items[3][0]] == "it was due by the 1:1 after 2026-11-20"
    assert not overtaken(items[3:], [], [], [written])  # no 1:1 since: still in time


def test_proposed_milestones_follow_the_goals_own_terms() -> None:
    from pmkit.model.coaching import fit_goal

    every = "Interview a claimant with the designer every week for six weeks"
    assert fit_goal("A conversation held every week, at least half with the designer or an "
                    "engineer listening.", every) == \
        "A conversation held every week, each with the designer listening."
    one = "Test the riskiest assumption of the next claims feature with a clickable prototype"
    assert fit_goal("An experiment log with at least six entries, each with its result.", one) \
        == "An experiment log with an entry for each test run so far, each with its result."
    # A goal that asks for as many, or recurs, keeps the model's number.
    assert "at least six entries" in fit_goal("An experiment log with at least six entries.",
                                              "Run six tests this quarter")
    assert "(the invite" not in " ".join(FIRST_STEPS)


def test_a_plans_questions_are_for_the_pm_to_reflect_on_alone() -> None:
    from pmkit.documents.voice import reflective

    assert reflective("Tell me about an idea your testing stopped or changed; what did that "
                      "save us?") == ("Think of an idea your testing stopped or changed; what "
                                      "did that save your team?")
    assert reflective("What gets in the way?") == "What gets in the way?"


def test_the_last_1_1_settles_a_late_milestone_instead_of_re_dating_it(weeks: Path) -> None:
    ws = Workspace(weeks)
    end = build_plan(ws, "alice", today=START + dt.timedelta(days=7 * WEEKS)).cycle.end
    text = pm_copy(build_agenda(ws, "alice", end).text)
    focus = text.split("## Focus:", 1)[1].split("## Notes", 1)[0]
    assert "Past its date since" in focus
    assert "so rather than re-date it, settle today where it stands" in focus
    assert "agree today on a new date" not in focus


def test_a_done_item_shows_once_in_the_pms_copy() -> None:
    from pmkit.documents.copy_lists import without_empty
    from pmkit.documents.oneonone import once_done

    text = ("## Follow-ups\n\n- [x] Nina: send the snapshot *(added 2026-12-28)*\n\n"
            "## Action items\n\n- [x] Nina: send the snapshot\n- [ ] Nina: book a call\n")
    # The repeat goes, with its sub-items; a section left with nothing goes in the copy.
    assert once_done(text) == (
        "## Follow-ups\n\n- [x] Nina: send the snapshot *(added 2026-12-28)*\n\n"
        "## Action items\n\n- [ ] Nina: book a call\n")
    alone = ("## Notes\n\n- [x] Nina: send it\n\n## Action items\n\n- [x] Nina: send it\n"
             "  - to the broker\n\n## Next\n")
    assert once_done(alone) == ("## Notes\n\n- [x] Nina: send it\n\n## Action items\n\n"
                                "## Next\n")
    assert without_empty(once_done(alone), "## Notes") == "## Notes\n\n- [x] Nina: send it\n"
    # An open follow-up written again under Action items: the follow-up, with its status, is
    # the one kept; an open item written twice elsewhere is the manager's to tidy.
    still = ("## Follow-ups from 2027-01-21\n\n- [ ] You: book the next two interviews "
             "*(open since 2026-12-17, carried three times)*\n  - one with a night-shift "
             "supervisor\n\n## Notes\n\n- [ ] You: book the next two interviews\n\n"
             "## Action items\n\n- [ ] You: book the next two interviews\n"
             "- [ ] You: write the threshold\n")
    assert once_done(still) == still.replace(
        "## Action items\n\n- [ ] You: book the next two interviews\n", "## Action items\n\n")


def test_advice_an_open_item_repeats_is_said_once_and_quotes_end_once() -> None:
    from pmkit.documents.agenda import _unrepeated
    from pmkit.documents.markdown_text import sentence
    from pmkit.documents.notes import Carried

    item = Carried("write down the success threshold for the prototype test before running it",
                   0, True, dt.date(2026, 11, 23), 1, False)
    line = ("No success threshold was set beforehand, so the result was read after the fact. "
            "Next test: write the threshold first.")
    assert _unrepeated(line, [[item]]) == (
        "No success threshold was set beforehand, so the result was read after the fact.")
    assert sentence('The quote: "I never know if it worked."').endswith('worked."')
    assert sentence("a step").endswith("step.")


def test_another_goals_milestone_due_on_the_day_is_named(weeks: Path) -> None:
    ws = Workspace(weeks)
    cycle = build_plan(ws, "alice", today=START).cycle
    dates = sorted({s.date for steps in cycle.steps.values() for s in steps})
    seen = 0
    for day in dates:
        text = build_agenda(ws, "alice", day).text
        focus = re.search(r"^## Focus: (.+)$", text, re.M)
        assert focus is not None
        for name in re.findall(r"^Also due today, on ([^:]+):", text, re.M):
            assert name != focus.group(1)
            seen += 1
    assert seen >= 1


def test_the_pms_copy_of_a_1_1_leaves_out_how_the_pm_came_across(weeks: Path) -> None:
    path = files(weeks)[0]
    text, kept, _ = pm_copy_of(Workspace(weeks), "alice", path)
    assert "quiet" not in text
    assert any("quiet" in k for k in kept)
    assert "the release slipped a week" in text.lower()


def test_the_pms_own_items_read_you_in_the_pms_copy(weeks: Path) -> None:
    text, _, _ = pm_copy_of(Workspace(weeks), "alice", files(weeks)[4])
    assert "- [ ] You: send the snapshot of each call to the team" in text
    assert "Alice:" not in text


def test_the_pms_items_in_a_numbered_list_read_you_in_the_pms_copy(weeks: Path) -> None:
    first = files(weeks)[0]
    scratch = first.with_name("numbered.md")  # not a dated 1:1: no other test reads it
    scratch.write_text(first.read_text(encoding="utf-8").replace(
        "## Action items\n", "## Action items\n\n1. [ ] Alice: share the interview notes\n"
        "2. [ ] Dana: ask finance for the churn numbers\n", 1), encoding="utf-8")
    try:
        text, _, _ = pm_copy_of(Workspace(weeks), "alice", scratch)
    finally:
        scratch.unlink()
    assert "1. [ ] You: share the interview notes" in text
    assert "Alice: share" not in text


def test_a_plan_looking_back_names_the_pms_open_items_under_their_goal(
        weeks: Path, tmp_path: Path) -> None:
    root = copy_workspace(weeks, tmp_path / "ws")
    last = files(root)[-1]
    last.write_text(last.read_text(encoding="utf-8").replace(
        "## Action items\n\n", "## Action items\n\n- [ ] Alice: post a snapshot of the "
        "next customer interview\n- [ ] Alice: renew the parking permit\n", 1),
        encoding="utf-8")
    ws = Workspace(root)
    end = build_plan(ws, "alice", today=START).cycle.end
    text = build_plan(ws, "alice", today=end - dt.timedelta(days=7)).text
    assert "**Still open from your 1:1s:**" in text
    assert "- Post a snapshot of the next customer interview. Open since " in text
    # An item that serves no goal is not lost: it is listed once, apart from the goals.
    assert text.count("Renew the parking permit") == 1
    assert "Also open from your 1:1s, outside the goals above" in text.split(
        "Renew the parking permit", 1)[0].rsplit("\n\n", 2)[-2]
    check_markdown(text)


def test_a_skipped_1_1_does_not_skip_the_decision_question() -> None:
    from pmkit.documents import carried, notes

    # Carried a fourth time without ever being asked (the third 1:1 was skipped): ask now.
    item = notes.Carried("Priya: write the brief", 0, True, dt.date(2026, 11, 2), 4, True)
    assert carried.dicts([[item]])[0]["decide"]
    # Once a page has asked, later pages mark it quietly instead of asking again.
    page = notes.parse("- [ ] Priya: write the brief *(added 2026-11-02)* **Carried three "
                       "times: keep, rescope or drop?**\n", "x.md")
    asked = notes.decision_asked(notes.list_tree(page))
    again = carried.dicts(carried.unasked([[item]], asked))[0]
    assert not again["decide"] and again["open_since"]
    # The quiet mark keeps the origin date readable for the next carry.
    assert notes.added_on("write the brief *(open since 2026-11-02)*") == dt.date(2026, 11, 2)
    assert notes.added_on("write the brief *(open since 2026-11-02, carried five times)*") == \
        dt.date(2026, 11, 2)
    assert notes.clean("write the brief *(open since 2026-11-02, carried five times)*") == \
        "write the brief"
    for mark in ("still worth your time?", "does Dana still owe you this?"):
        written = f"write the brief *(open since 2026-11-02, carried five times: {mark})*"
        assert notes.added_on(written) == dt.date(2026, 11, 2)
        assert notes.clean(written) == "write the brief"


def test_every_long_open_item_is_asked_about_at_the_last_1_1_before_the_review() -> None:
    from pmkit.documents.carried import dicts, own_lines, pm_lines

    def item(text: str, times: int) -> list[notes.Carried]:
        return [notes.Carried(text, 0, True, dt.date(2026, 12, 7), times, False)]

    # Ten and eleven carries: asked every week already; the last 1:1 before the review asks
    # in both parts with the review in view.
    mine, owed = item("Nina: rewrite the brief", 10), item("Dana: introduce Nina to Sam", 11)
    day = dt.date(2027, 2, 15)
    assert all(d["ask_again"] for d in dicts([mine, owed]))
    assert "review" not in pm_lines([mine], day, "Nina")[0]
    assert all(d["ask_again"] for d in dicts([mine, owed], closing=True))
    assert not any(d["ask_again"] for d in dicts([item("Nina: new", 2)], closing=True))
    line = pm_lines([mine], day, "Nina", closing=True)[0]
    assert "asked seven times before, with no decision" in line and "review" in line
    own = own_lines([owed], day, "Nina", ["Dana"], closing=True)[0]
    assert "asked eight times before, with no decision" in own and "review" in own


def test_a_rating_gap_opens_from_the_work_as_the_plan_promises(weeks: Path) -> None:
    # Alice rated herself higher than Dana did on one area: its first 1:1 starts from the
    # work she brings, as her plan says, with the two numbers as background only.
    shared = [pm_copy(p.read_text(encoding="utf-8")) for p in files(weeks)]
    opening = [t for t in shared if "you rated yourself" in t]
    assert opening, "no 1:1 took the area with the rating gap"
    text = opening[0]
    assert "Today starts from the work you bring, not from the ratings." in text
    assert "start with that" not in text
    assert text.index("Today starts from the work") < text.index("you rated yourself")


def _agenda_on(weeks: Path, day: dt.date) -> tuple[Workspace, dict[str, object]]:
    """Alice's agenda context as the agenda builds it on ``day``, with the workspace."""
    from pmkit.documents.agenda import agenda_context
    from pmkit.documents.cycle import read_cycle
    from pmkit.documents.focus import focus_targets
    from pmkit.model.gaps import compute_gaps

    ws = Workspace(weeks)
    person, index, settings = ws.person("alice"), ws.index, ws.settings
    report = compute_gaps("alice", person, index, today=day,
                          reassess_after_days=settings.reassess_after_days,
                          focus_count=settings.plan.focus)
    cycle = read_cycle(ws, "alice", person, focus_targets(report, index, person), index,
                       settings, day, before=day)
    return ws, agenda_context("alice", person, report, index, settings, day, [], cycle, True)


def test_a_milestone_named_ahead_of_its_turn_says_when_its_date_has_passed(weeks: Path) -> None:
    from pmkit.documents.render import Renderer

    day = START + dt.timedelta(days=7 * WEEKS)
    ws, context = _agenda_on(weeks, day)
    # A milestone the calendar ruled out is not counted as behind, so it can come up as the
    # goal's next one after its date: the agenda says its date has passed.
    context["focus"]["due"] = {"status": "later", "date": "2026-12-07", "text": "Ten weeks of "
                               "weekly customer calls.", "after": None, "unreachable": None}
    context["agreed"] = True
    text = Renderer(ws.root, ws.store).render("oneonone.md.j2", context)
    assert "Next milestone, past its date (2026-12-07): Ten weeks of weekly" in text
    context["focus"]["due"] = dict(context["focus"]["due"], date=(day + dt.timedelta(days=7))
                                   .isoformat())
    text = Renderer(ws.root, ws.store).render("oneonone.md.j2", context)
    assert "past its date" not in text.split("## Notes", 1)[0].split("## Focus", 1)[1]


def test_a_copy_printed_after_the_1_1_says_no_decision_was_recorded() -> None:
    from pmkit.documents.held import after_the_talk

    agenda = ("# 1:1 with Nina Patel: 2027-01-11\n\n## Follow-ups from 2027-01-04\n\n"
              "- [ ] Nina: rewrite the brief *(open since 2026-12-07, carried five times: "
              "still worth your time?)*\n"
              "- [x] You: send the snapshots *(open since 2026-12-14, carried three times: "
              "keep it with a date, make it smaller, or drop it?)*\n\n"
              "### Open on Dana's side\n\n"
              "- [ ] Dana: introduce you to Sam *(open since 2026-11-30, carried six times: "
              "Dana says today whether this still stands)*\n\n"
              "An item carried three times or more is worth a decision today, whoever owns "
              "it, rather than another week on this list.\n\n"
              "## Notes\n\n### Testing ideas\n\n")
    # A ticked item was settled: it keeps its dates, and no ask is left beside it.
    settled_line = "- [x] You: send the snapshots *(done; carried three times since 2026-12-14)*\n"
    # Before the 1:1 (no notes yet) the copy asks for today.
    assert after_the_talk(agenda) == re.sub(r"- \[x\] .*\n", settled_line, agenda)
    held = after_the_talk(agenda + "You ran the test.\n\n## Action items\n")
    assert "today" not in held.split("## Notes")[0]
    assert held.count("no decision recorded)*") == 2
    assert settled_line in held and "or drop it?" not in held
    # What comes back is what the next agenda asks, the PM's items apart from Dana's own.
    assert ("Your items carried three times or more and still open come back at the next "
            "1:1, with whether each is still worth your time.") in held
    assert "Dana's item comes back at the next 1:1, where Dana says whether it goes ahead." in held
    assert "same ask" not in held
    # The ask printed beside the item stays beside it, as asked, not softened.
    assert ("carried six times: Dana says whether this still stands; no decision "
            "recorded)*") in held
    check_markdown(held)
    # A file saved with Windows line endings reads the same.
    crlf = after_the_talk((agenda + "You ran the test.\n").replace("\n", "\r\n"))
    assert "worth a decision today" not in crlf and "come back at the next 1:1" in crlf
    # Every open ask settled: no line about deciding.
    settled = after_the_talk(agenda.replace("- [ ]", "- [x]") + "Done.\n")
    assert "decision" not in settled.split("## Notes")[0]


def test_goal_work_still_open_after_the_1_1_is_not_offered_for_dropping() -> None:
    from pmkit.documents.held import after_the_talk

    agenda = ("# 1:1 with Nina Patel: 2027-01-11\n\n## Follow-ups from 2027-01-04\n\n"
              "- [ ] Nina: rewrite the brief *(open since 2026-12-07, carried five times: "
              "part of your Problem framing goal, so give it a date you will keep)*\n\n"
              "An item carried three times or more is worth a decision today, whoever owns "
              "it, rather than another week on this list.\n\n"
              "## Notes\n\nYou ran the test.\n")
    held = after_the_talk(agenda)
    assert "drop" not in held
    # Asked three times for a date already: the next agenda asks what stands in the way,
    # and the copy says that, not another date.
    # The item itself is named: the goal as a whole may be another 1:1's turn.
    assert ("Your item “rewrite the brief” comes back at the next 1:1, "
            "with what stands in its way: it is part of your Problem framing goal, so it stays "
            "on the list.") in held
    assert "what would help" not in held.split("## Notes")[0]  # asked by the next agenda
    # The explaining line stands beside a first ask only: without it, the copy still says
    # what comes back, after the list.
    bare = after_the_talk(agenda.replace(
        "An item carried three times or more is worth a decision today, whoever owns "
        "it, rather than another week on this list.\n\n", ""))
    assert re.search(r"goal, still open\)\*\n\nYour item “rewrite the brief” comes back at "
                     r"the next 1:1, with what stands in its way", bare)
    check_markdown(bare)
    sooner = after_the_talk(agenda.replace("carried five times", "carried three times"))
    assert "brief” comes back at the next 1:1 with a date: it is part of your Problem" in sooner
    check_markdown(held)
    # Beside another long-carried item, the line on deciding speaks of the others only.
    mixed = after_the_talk(agenda.replace(
        "\n\nAn item carried", "\n- [ ] Dana: introduce you to Sam *(open since 2026-11-30, "
        "carried six times: Dana says today whether this still stands)*\n\nAn item carried"))
    assert "Dana's item comes back at the next 1:1, where Dana says whether it goes ahead" in mixed
    assert "Your other items" not in mixed  # the PM has none outside the goal
    # Before the plan's review, the next 1:1 is the review: said once for every goal.
    last = after_the_talk(agenda.replace(
        "## Notes", "This is the last 1:1 before the review of your plan on 2027-02-22, so "
        "settle it today.\n\n## Notes").replace(
        "\n\nAn item carried", "\n- [ ] You: map the journey *(open since 2026-12-07, carried "
        "four times: part of your Customer insight goal, so give it a date you will keep)*"
        "\n\nAn item carried"))
    assert ("Your items “rewrite the brief” and “map the journey” come back at the review on "
            "2027-02-22: they are part of your Problem framing and Customer insight goals, so "
            "they stay on the list") in last
    assert last.count("come back at the review") == 1


def test_the_pm_copy_of_a_long_carried_item_firms_up_with_the_private_part() -> None:
    from pmkit.documents.held import after_the_talk

    # Goal work: a date for three asks, then what stands in the way, then whether it is
    # still the right work; never again a date once a date has not come.
    asks = [goal_ask("Problem framing", asked) for asked in range(1, 10)]
    assert len(set(asks[:3])) == 1 and "give it a date" in asks[0]
    assert all("stands in the way" in a for a in asks[3:6])
    assert all("right piece of work" in a and "date" not in a for a in asks[6:])
    # The manager's own: a neutral status in the PM's copy, the count beside it saying how
    # long; the firmer words are the private part's.
    own = [owner_asks("Dana", asked) for asked in range(2, 9)]
    assert own[0] == "not done yet; Dana says today when it will be"
    assert all(o == "Dana says today whether it goes ahead" for o in own[1:4])
    # Once that has stood at three 1:1s, the copy stops asking and shows it as waiting.
    assert all(o == "waiting on Dana" for o in own[4:])
    assert not any(re.search(r"\bask\b|off the list|before the next 1:1", o) for o in own)
    # Whatever the step, a copy printed after the 1:1 still reads each ask as unanswered.
    lines = "".join(
        f"- [ ] You: item {n} *(open since 2026-12-07, carried six times: {text})*\n"
        for n, text in enumerate([*asks[3:4], *asks[6:7], *own[:2]]))
    held = after_the_talk("# 1:1\n\n## Follow-ups\n\n" + lines + "\n" + WHY_DECIDE
                          + "\n\n## Notes\n\nDone.\n")
    # The goal's own work is still open, not a keep-or-drop decision left unmade.
    assert held.count("no decision recorded)*") == 2
    assert held.count("part of your Problem framing goal, still open)*") == 2
    assert "Your items “item 0” and “item 1” come back at the next 1:1, with what stands in " \
        "their way" in held and "at the next 1:1 with a date" not in held
    check_markdown(held)


def test_remarks_on_mood_stay_private_and_a_pattern_is_asked_about_in_person(weeks: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in files(weeks)]
    second = texts[1].split("pmkit:private", 1)[1]
    assert "- From the notes of 2026-11-23: Alice was quiet that day" in second
    # Not offered for rewriting into the PM's record, and no pattern yet after one 1:1.
    block = second.split("Alice was quiet that day", 1)[0].rsplit("\n\n", 2)[-2]
    assert "came across" in block and "rewrite" not in block and "in person" not in block
    # Pasted into every 1:1 in the same words: one remark, said once as a line written
    # again, neither kept back a second time nor counted as a pattern.
    later = texts[4].split("pmkit:private", 1)[1]
    assert "remarks naming Alice" not in later and "in person" not in later
    assert "- From the notes of" not in later and later.count("Alice was quiet") == 1


def test_last_time_bullets_read_as_sentences(weeks: Path) -> None:
    read = 0
    for path in files(weeks)[1:]:
        # A week whose notes only repeat earlier ones in the same words has no recap.
        recap = pm_copy(path.read_text(encoding="utf-8")).split("## Last time", 1)[1:]
        for line in "".join(recap).split("\n## ", 1)[0].splitlines():
            if line.startswith("- "):
                read += 1
                assert line[2].isupper() and line.rstrip("*)”\"")[-1] in ".!?:", line
    assert read


def test_every_quote_of_the_pms_copy_in_private_is_in_the_pms_copy(weeks: Path) -> None:
    quoted = 0
    for path in files(weeks):
        text = path.read_text(encoding="utf-8")
        public, private = pm_copy(text), text.split("<!-- pmkit:private", 1)[1]
        for line in private.splitlines():
            if "copy asks" not in line:
                continue
            for words in re.findall(r"“([^”]+)”", line):
                quoted += 1
                # The copy writes the ask after a comma; the quote raises its first letter.
                assert words[:1].lower() + words[1:] in public or words in public, words
    assert quoted >= 2  # the PM's items; the manager's own is a status, not an ask


def test_a_remark_that_does_not_name_the_pm_is_kept_private_but_makes_no_pattern(
        team: Path) -> None:
    write_plan(Workspace(team), "alice", today=START)
    for week in range(4):
        done = write_agenda(Workspace(team), "alice", START + dt.timedelta(days=7 * week))
        take_notes(done.path, f"We talked about review {week} of the roadmap. He said nothing.\n\n",
                   "Alice walked through one brief.\n\n", "")
    fifth = write_agenda(Workspace(team), "alice", START + dt.timedelta(days=28))
    text = fifth.path.read_text(encoding="utf-8")
    private = text.split("pmkit:private", 1)[1]
    assert "He said nothing" in private and "He said nothing" not in pm_copy(text)
    assert "remarks naming" not in private
    # Not filed as a remark on how Alice came across: it does not say who it is about.
    assert "a remark that does not say who it is about" in private
    assert "Alice came across" not in private
    # Remarks naming Alice, each written afresh in three 1:1s: asked about in person.
    for week in range(4, 7):
        done = fifth if week == 4 else write_agenda(Workspace(team), "alice",
                                                    START + dt.timedelta(days=7 * week))
        take_notes(done.path, f"Alice seemed tired after planning day {week}.\n\n",
                   f"Alice walked through brief {week}.\n\n", "")
    later = write_agenda(Workspace(team), "alice", START + dt.timedelta(days=49))
    private = later.path.read_text(encoding="utf-8").split("pmkit:private", 1)[1]
    assert "Your notes of three 1:1s now hold remarks naming Alice" in private
    assert "ask Alice in person" in private


def test_a_note_written_again_shows_once_to_the_pm_and_the_repeat_is_said_in_private(
        weeks: Path) -> None:
    said = 0
    paths = files(weeks)
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert "written on" not in pm_copy(text) and "the same words on" not in pm_copy(text)
        private = text.split("pmkit:private", 1)[1]
        repeats = [line for line in private.splitlines() if "the same words on" in line]
        said += len(repeats)
        assert len(repeats) == len(set(repeats))
        # Last time's line pasted again is said once, as pasted, not again as evidence.
        pasted = next((line for line in private.splitlines()
                       if line.startswith("- Left out of Alice's copy of last time's notes")), "")
        last = paths[paths.index(path) - 1].stem if paths.index(path) else ""
        for line in repeats:
            quoted = re.search(r"“(?:You )?([^”]+)”", line)
            assert not (quoted and f"{last})" in line
                        and quoted.group(1).lower() in pasted.lower()), line
        said += bool(pasted)
    assert said


def test_the_latest_evidence_is_the_latest_line_the_pm_sees_in_the_list() -> None:
    from pmkit.documents.evidence import latest

    # A line noted on two dates is listed at its latest date: the summary names the same.
    rows = [{"date": "2026-12-07", "text": "You posted three snapshots.", "repeat": ""},
            {"date": "2026-12-21", "text": "You walked through a brief.",
             "repeat": "the same words on two dates"},
            {"date": "2026-12-28", "text": "Ticked off as done: send the notes."}]
    assert latest(rows) == rows[1]
    assert latest(rows[2:]) == rows[2]


def test_an_open_item_of_the_days_goal_is_named_beside_its_milestone(weeks: Path) -> None:
    named = [p.name for p in files(weeks) if "Still open from your 1:1s, and part of this "
             "goal's work: send the snapshot of each call to the team." in pm_copy(
                 p.read_text(encoding="utf-8"))]
    assert named
    for name in named:
        text = pm_copy((weeks / "oneonones" / "alice" / name).read_text(encoding="utf-8"))
        assert "## Focus: Customer insight" in text


def test_a_goals_later_turns_bring_hints_not_shown_before(weeks: Path) -> None:
    shown: dict[str, list[str]] = {}
    for text in (p.read_text(encoding="utf-8") for p in files(weeks)):
        private = text.split("<!-- pmkit:private", 1)[1]
        for line in re.findall(r"^- (?:Look for|In the moment): .*$", private, re.MULTILINE):
            shown.setdefault(line, []).append(text[:40])
    assert shown and all(len(where) == 1 for where in shown.values())


def test_the_managers_own_item_waits_calmly_in_the_pms_copy_once_asking_has_not_moved_it(
        weeks: Path, tmp_path: Path) -> None:
    root = copy_workspace(weeks, tmp_path / "ws")
    ninth = START + dt.timedelta(days=7 * WEEKS)
    done = write_agenda(Workspace(root), "alice", ninth)
    shared, private = done.path.read_text(encoding="utf-8").split("<!-- pmkit:private", 1)
    # "Whether it goes ahead" stood at three 1:1s: the copy stops asking and counting.
    assert "- [ ] Dana: introduce you to the support lead *(waiting on Dana since 2026-11-23)*\n" \
        in shared
    assert "says today" not in shared and "open point" not in shared  # not the last 1:1 yet
    assert "Alice's copy shows it as waiting on you since 2026-11-23" in private
    assert "Stop carrying it" in private
    # Read back from the file it was written in: still first written on 2026-11-23.
    take_notes(done.path, GENERAL, "Alice walked through one brief.\n\n", ACTIONS)
    cycle = build_agenda(Workspace(root), "alice", ninth).cycle
    assert cycle is not None
    last = cycle.end - dt.timedelta(days=7)
    closing = write_agenda(Workspace(root), "alice", last).path.read_text(encoding="utf-8")
    shared, private = closing.split("<!-- pmkit:private", 1)
    assert "(waiting on Dana since 2026-11-23)*" in shared
    assert ("If still open after today, the item waiting on Dana goes to the review of your "
            f"plan on {cycle.end.isoformat()} "
            "as an open point on Dana's side: nothing for you to carry.") in shared
    assert "if still open after today, it goes there as an open point on your side" in private
    assert "than leave it to the review" in private
    check_markdown(notes.pm_copy(closing))


def test_the_managers_own_item_read_back_after_the_1_1_stays_a_plain_status() -> None:
    from pmkit.documents.held import after_the_talk

    agenda = ("# 1:1 with Nina Patel: 2027-01-11\n\n## Follow-ups from 2027-01-04\n\n"
              "Nothing of yours left open from last time.\n\n### Open on Dana's side\n\n"
              "- [ ] Dana: introduce you to Sam *(Dana's item, open since 2026-11-30, carried "
              "four times)*\n- [x] Dana: book the room *(Dana's item, open since 2026-12-07, "
              "carried three times)*\n\n## Notes\n\nYou ran the test.\n")
    held = after_the_talk(agenda)
    # Nothing is said to the PM about what the manager owes, and the ticked one is done.
    assert "*(Dana's item, open since 2026-11-30, carried four times)*" in held
    assert "- [x] Dana: book the room *(done; carried three times since 2026-12-07)*" in held
    assert "comes back" not in held and "no decision" not in held and "decides" not in held
    check_markdown(held)
    # Carried on, the item keeps its first date and its words, the status left behind.
    line = "Dana: introduce you to Sam *(Dana's item, open since 2026-11-30, carried four times)*"
    assert notes.added_on(line) == dt.date(2026, 11, 30)
    assert notes.clean(line) == "Dana: introduce you to Sam"


def test_a_rating_gap_on_the_first_1_1_of_a_plan_still_a_proposal_is_put_on_the_table(
        weeks: Path) -> None:
    from pmkit.documents.render import Renderer

    day = START
    ws, context = _agenda_on(weeks, day)
    # The plan promised the area's first 1:1 would start from the work: even while the plan
    # itself is still to agree, that 1:1 says so, in one line.
    context["agreed"] = False
    context["focus"].update(talk_first=True, first_time=True, self_rating=7, rating=4)
    text = Renderer(ws.root, ws.store).render("oneonone.md.j2", context)
    name = context["focus"]["name"]
    assert (f"Your view (7) and your manager's (4) differ on {name}: walk through two recent "
            "pieces of your work together and agree where you stand.") in text
    assert "Today starts from the work you bring" not in text
    check_markdown(pm_copy(text))


def test_a_copy_printed_after_the_1on1_drops_the_invitation_to_bring_a_first_example() -> None:
    from pmkit.documents.held import after_the_talk

    line = "Nothing recorded on Data knowledge yet: the example you bring today will be the first."
    before = f"## Focus: Data knowledge\n\n{line}\n\n## Notes\n\n"
    assert after_the_talk(before) == before  # printed before the 1:1: the invitation stands
    held = after_the_talk(before + "Talked about hiring.\n")
    assert "Nothing was recorded on Data knowledge before this 1:1.\n" in held
    assert "bring today" not in held


def test_the_private_counts_on_goal_work_count_each_kind_of_ask() -> None:
    """A date asked three times, what stands in the way three times, then whether it is still
    the right work: each count says how often that very question was asked."""
    from pmkit.documents.carried import _goal_line
    from pmkit.documents.notes import Carried

    def line(times: int) -> str:
        item = Carried("Nina: rewrite the brief", 0, True, dt.date(2026, 12, 7), times)
        return _goal_line(item, "Nina", "Problem framing", False)

    assert "what stands in the way was asked" not in line(6)  # its first ask is today
    assert "what stands in the way was asked once before" in line(7)
    assert "moved it in the six 1:1s that asked for them: stop" in line(9)  # first right-work ask
    assert ("moved it in the six 1:1s that asked for them, and whether it is still the right "
            "work was asked once before with no answer recorded") in line(10)


def test_a_box_ticked_among_the_notes_reads_as_a_plain_line_in_the_pms_copy() -> None:
    from pmkit.documents.held import plain_ticks

    held = plain_ticks("# 1:1\n\n## Follow-ups\n\n- [x] You: send the deck\n\n## Notes\n\n"
                          "### Discovery\n\n- [x] interview guide reviewed with design\n"
                          "- You watched 3 support calls\n\n## Action items\n\n"
                          "- [x] You: book two interviews\n")
    assert "- Interview guide reviewed with design.\n- You watched 3 support calls" in held
    assert "- [x] You: send the deck" in held and "- [x] You: book two interviews" in held
    check_markdown(held)
