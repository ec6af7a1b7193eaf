"""The coaching cycle: milestones kept in the PM's file, evidence, agendas that follow the plan."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
import yaml
from doc_team import ok
from markdown_rules import check_markdown

from pmkit.actions.documents import write_plan
from pmkit.documents.notes import pm_copy
from pmkit.model.coaching import meeting_weekday, pick_turn, propose_milestones
from pmkit.workspace import Workspace

from conftest import git, invoke

THURSDAYS = ("2026-11-05", "2026-11-12", "2026-11-19")


def one_on_ones(root: Path, handle: str, dates: tuple[str, ...], body: str = "") -> Path:
    folder = root / "oneonones" / handle
    folder.mkdir(parents=True, exist_ok=True)
    for date in dates:
        (folder / f"{date}.md").write_text(f"# 1:1: {date}\n\n{body}", encoding="utf-8")
    return folder


def milestones(root: Path, handle: str) -> dict[str, list[dict[str, object]]]:
    person = Workspace(root).person(handle)
    assert person.plan is not None
    return {cid: [{"date": m.date, "text": m.text, "reached": m.reached} for m in items]
            for cid, items in person.plan.milestones.items()}


def test_milestones_are_stored_on_the_meeting_weekday_and_the_managers_edits_survive(
        team: Path) -> None:
    one_on_ones(team, "alice", THURSDAYS)
    done = write_plan(Workspace(team), "alice", today=dt.date(2026, 11, 23))
    assert done.person_saved
    stored = milestones(team, "alice")
    assert set(stored) == {"problem-framing", "customer-insight"}
    end = dt.date(2026, 11, 23) + dt.timedelta(days=90)
    for items in stored.values():
        dates = [m["date"] for m in items]
        assert len(dates) == 3 and dates == sorted(dates)
        assert all(isinstance(d, dt.date) and d.weekday() == 3 and d <= end for d in dates)
    # Each goal has its own milestones, written for that competency.
    assert stored["problem-framing"][0]["text"] != stored["customer-insight"][0]["text"]
    text = (team / "plans" / "alice.md").read_text(encoding="utf-8")
    check_markdown(text)
    assert "Your 1:1s (Thursdays, every week) take one goal each" in text
    assert f"- [ ] **{stored['customer-insight'][0]['date']}** (Thursday): " in text

    # The manager rewrites a milestone; later plans keep it and show it.
    path = team / "team" / "alice.yaml"
    first = str(stored["customer-insight"][0]["text"])
    path.write_text(path.read_text(encoding="utf-8").replace(
        first, "Three claimant calls with the designer, a snapshot after each"), encoding="utf-8")
    write_plan(Workspace(team), "alice", today=dt.date(2026, 11, 30))
    again = milestones(team, "alice")
    assert again["customer-insight"][0]["text"] == "Three claimant calls with the designer, " \
                                                  "a snapshot after each"
    assert again["problem-framing"] == stored["problem-framing"]
    assert "Three claimant calls with the designer, a snapshot after each." in \
        (team / "plans" / "alice.md").read_text(encoding="utf-8")


def test_the_pm_copy_holds_nothing_for_the_manager_alone(team: Path) -> None:
    text = ok(["-w", str(team), "plan", "alice"])
    assert "team/alice.yaml" in text  # the terminal tells the manager where to edit
    plan = (team / "plans" / "alice.md").read_text(encoding="utf-8")
    for word in ("pmkit ", "team/alice.yaml", "`pmkit", "reassess", "Shipped checkout v2"):
        assert word not in plan, word
    # Alice rated herself 3 in problem framing, her manager 1: the area opens with that.
    framing = plan.split("### 1. Problem framing", 1)[1].split("### 2.", 1)[0]
    assert framing.lstrip().split("\n\n")[1].startswith("**Start with a conversation.**")
    assert ok(["-w", str(team), "plan", "alice", "--pm-copy"]) == plan


def test_log_evidence_private_entries_and_a_reached_milestone(team: Path) -> None:
    w = ["-w", str(team)]
    ok([*w, "plan", "alice"])
    today = dt.date.today().isoformat()
    out = ok([*w, "log", "alice", "customer-insight", "Posted three interview snapshots",
              "--date", today])
    assert f"Logged for Customer insight on {today}" in out
    assert git(team, "log", "-1", "--format=%s").strip() == "log(alice): evidence for customer-insight"
    ok([*w, "log", "alice", "customer-insight", "Nervous in front of the VP", "--private"])
    out = ok([*w, "log", "alice", "problem-framing", "Rewrote the onboarding brief around the problem",
              "--reached"])
    assert "Milestone reached:" in out
    assert milestones(team, "alice")["problem-framing"][0]["reached"] == dt.date.today()
    plan = ok([*w, "plan", "alice", "--stdout"])
    assert f"- {today}: You posted three interview snapshots." in plan
    assert "Nervous" not in plan
    assert re.search(r"^- \[x\] \*\*\d{4}-\d{2}-\d{2}\*\* \(\w+\): .+ \*Reached ", plan, re.MULTILINE)
    result = invoke([*w, "log", "alice", "customer-insight", "  "])
    assert result.exit_code == 2 and "empty" in result.stderr


def test_notes_under_a_focus_heading_become_evidence_and_stay_in_step(team: Path) -> None:
    w = ["-w", str(team)]
    ok([*w, "plan", "alice"])
    today = dt.date.today()
    first = today + dt.timedelta(days=1)
    ok([*w, "oneonone", "alice", "--date", first.isoformat()])
    path = team / "oneonones" / "alice" / f"{first.isoformat()}.md"
    text = path.read_text(encoding="utf-8")
    area = re.search(r"^## Focus: (.+)$", text, re.MULTILINE)
    assert area
    name = area.group(1)
    path.write_text(text.replace(f"### {name}\n", f"### {name}\n\n- Ran the first interview\n"
                                 "- [ ] Alice: book the second one\n"), encoding="utf-8")
    second = first + dt.timedelta(days=7)
    out = ok([*w, "oneonone", "alice", "--date", second.isoformat()])
    assert "focus:" in out
    person = (team / "team" / "alice.yaml").read_text(encoding="utf-8")
    assert "text: Ran the first interview\n" in person and "source: notes" in person
    assert "book the second one" not in person  # a task is an action item, not evidence
    plan = ok([*w, "plan", "alice", "--stdout"])
    # The note opens with what the PM did: the plan gives its subject back.
    assert f"- {first.isoformat()}: You ran the first interview." in plan
    # The manager corrects the notes: the saved evidence follows, nothing is duplicated.
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Ran the first interview", "Ran the first two interviews"), encoding="utf-8")
    ok([*w, "oneonone", "alice", "--date", (second + dt.timedelta(days=7)).isoformat()])
    person = (team / "team" / "alice.yaml").read_text(encoding="utf-8")
    assert "Ran the first two interviews" in person and "Ran the first interview\n" not in person


def test_each_agenda_takes_one_area_opens_every_goal_then_follows_the_late_one(
        team: Path) -> None:
    w = ["-w", str(team)]
    path = team / "team" / "alice.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "plan:\n  focus: [problem-framing, "
                    "customer-insight, data-fluency]\n", encoding="utf-8")
    ok([*w, "plan", "alice"])
    start = dt.date.today() + dt.timedelta(days=1)
    taken = []
    for week in range(6):
        date = (start + dt.timedelta(days=7 * week)).isoformat()
        text = ok([*w, "oneonone", "alice", "--date", date, "--stdout"]) if week == 5 else None
        if text is None:
            ok([*w, "oneonone", "alice", "--date", date])
            text = (team / "oneonones" / "alice" / f"{date}.md").read_text(encoding="utf-8")
        areas = re.findall(r"^## Focus: (.+)$", text, re.MULTILINE)
        assert len(areas) == 1
        taken.append(areas[0])
        check_markdown(pm_copy(text))
        assert len(re.findall(r"^- .+\?$", text.split("## Focus:", 1)[1].split("## Notes")[0],
                              re.MULTILINE)) <= 2
    # Every goal is opened in the plan's first weeks; once milestones are late (none is
    # marked reached here), a late goal takes the turn, one never asked about first, and
    # no goal waits more than four 1:1s (three goals + 1).
    assert set(taken[:3]) == {"Problem framing", "Customer insight", "Data fluency"}
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))["plan"]["milestones"]
    firsts = {cid: min(dt.date.fromisoformat(str(m["date"])) for m in steps)
              for cid, steps in plan.items()}
    names = {"problem-framing": "Problem framing", "customer-insight": "Customer insight",
             "data-fluency": "Data fluency"}
    for week, area in enumerate(taken[3:], start=3):
        on = start + dt.timedelta(days=7 * week)
        # Milestones fall on the 1:1 day: one due at today's 1:1 is looked at in it.
        late = {names[cid] for cid, first in firsts.items() if first <= on}
        assert not late or area in late, (week, taken, late)
    for name in names.values():
        weeks = [i for i, a in enumerate(taken) if a == name]
        assert all(b - a <= 4 for a, b in itertools.pairwise(weeks)), taken


def test_carried_items_keep_their_date_and_ask_for_a_decision(team: Path) -> None:
    folder = one_on_ones(team, "alice", ("2026-11-02",),
                         "## Action items\n\n- [ ] Alice: write the brief\n"
                         "  - the one for onboarding\n- [ ] Dana: send the examples\n")
    w = ["-w", str(team)]
    for date in ("2026-11-09", "2026-11-16"):
        ok([*w, "oneonone", "alice", "--date", date])
    text = ok([*w, "oneonone", "alice", "--date", "2026-11-23", "--stdout"])
    follow = text.split("## Follow-ups from 2026-11-16", 1)[1].split("## Focus", 1)[0]
    assert ("- [ ] Alice: write the brief *(open since 2026-11-02, carried three times: keep it "
            "with a date, make it smaller, or drop it?)*\n  - the one for onboarding\n") in follow
    mine = follow.split("### Open on Dana's side", 1)[1]
    # The manager's own item: a plain status in the PM's copy; the days and the decision
    # are the manager's, in private.
    assert ("- [ ] Dana: send the examples *(Dana's item, open since 2026-11-02, carried "
            "three times)*\n") in mine
    assert "days" not in pm_copy(text).split("## Follow-ups", 1)[1]
    assert "You promised to send the examples 21 days ago" in text
    assert (folder / "2026-11-16.md").is_file()


def test_deep_nesting_is_read_whole_or_refused_never_cut(team: Path) -> None:
    folder = one_on_ones(team, "alice", ())
    nested = "".join("  " * d + f"- [ ] step {d}\n" for d in range(12)) + "\n- [ ] after it\n"
    (folder / "2026-11-02.md").write_text(f"# 1:1\n\n{nested}", encoding="utf-8")
    text = ok(["-w", str(team), "oneonone", "alice", "--date", "2026-11-09", "--stdout"])
    assert "  " * 11 + "- [ ] step 11 *(added 2026-11-02)*" in text
    assert "- [ ] after it *(added 2026-11-02)*" in text
    deep = "".join("  " * d + f"- [ ] step {d}\n" for d in range(150))
    (folder / "2026-11-02.md").write_text(f"# 1:1\n\n{deep}", encoding="utf-8")
    result = invoke(["-w", str(team), "oneonone", "alice", "--date", "2026-11-09", "--stdout"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: oneonones/alice/2026-11-02.md:")
    assert "nested more than 99 levels deep" in result.stderr


def test_a_stale_assessment_is_refused_with_the_override_named(team: Path) -> None:
    settings = team / "pmkit.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "reassess_after_days: 90", "reassess_after_days: 30"), encoding="utf-8")
    result = invoke(["-w", str(team), "plan", "bart"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: team/bart.yaml: the assessment of 2026-10-01 is ")
    assert "--allow-stale" in result.stderr
    assert not (team / "plans" / "bart.md").exists()
    assert "stale assessment" in ok(["-w", str(team), "plan", "bart", "--allow-stale"])


@pytest.mark.parametrize(("dates", "expected"), [
    ((), 0),                                        # the plan starts on a Monday
    (("2026-11-05", "2026-11-12"), 3),              # Thursdays
    (("2026-11-07",), 4),                           # a Saturday becomes Friday
    (("2026-11-08",), 0),                           # a Sunday becomes Monday
])
def test_the_meeting_weekday(dates: tuple[str, ...], expected: int) -> None:
    assert meeting_weekday([dt.date.fromisoformat(d) for d in dates], dt.date(2026, 11, 23)) == expected


def test_proposals_fit_any_horizon_and_never_fall_on_a_weekend() -> None:
    start = dt.date(2026, 11, 28)  # a Saturday
    for horizon in (21, 45, 90, 180):
        end = start + dt.timedelta(days=horizon)
        got = propose_milestones({30: "a", 60: "b", 90: "c"}, start, end, 2)
        assert got and all(start < p.date <= end and p.date.weekday() == 2 for p in got)
        assert [p.date for p in got] == sorted({p.date for p in got})
    fallback = propose_milestones({}, start, start + dt.timedelta(days=90), 1, "Leads the review")
    assert "Leads the review" in fallback[-1].text


def test_the_goal_furthest_behind_its_milestones_takes_the_turn_and_none_is_crowded_out() -> None:
    order = ["a", "b", "c"]
    d = dt.date
    # Nothing late: goals not yet opened first, the soonest next milestone among them.
    assert pick_turn(order, {"a": (None, d(2027, 1, 4)), "b": (None, d(2026, 12, 21))}, []) == "b"
    assert pick_turn(order, {"a": (None, d(2027, 1, 4)), "b": (None, d(2026, 12, 21))},
                     ["b"]) == "a"
    # A late milestone beats rotation: taken last week, still first while furthest behind.
    late = {"a": (d(2026, 12, 21), d(2027, 2, 1)), "b": (None, d(2027, 1, 4)),
            "c": (d(2026, 12, 28), None)}
    assert pick_turn(order, {**late, "c": (None, d(2027, 2, 8))}, ["a", "b", "c", "a"]) == "a"
    # ... but not a second week in a row while another goal is late, or has its milestone
    # due that very day: the goal waiting for its check goes first.
    assert pick_turn(order, late, ["a", "b", "c", "a"]) == "c"
    today = {"a": (d(2026, 12, 21), d(2027, 2, 1)), "b": (None, d(2027, 1, 11)),
             "c": (None, d(2026, 12, 28))}
    assert pick_turn(order, today, ["a", "b", "c", "a"], on=d(2026, 12, 28)) == "c"
    assert pick_turn(order, today, ["a", "b", "c", "a"], on=d(2026, 12, 21)) == "a"
    # Two late goals: the one with another milestone due that day goes first.
    both = {"a": (d(2026, 12, 21), d(2027, 2, 1)), "b": (None, d(2027, 2, 8)),
            "c": (d(2026, 12, 28), d(2027, 1, 18))}
    assert pick_turn(order, both, ["a", "c", "b"], on=d(2027, 1, 18)) == "c"
    assert pick_turn(order, both, ["a", "c", "b"], on=d(2027, 1, 11)) == "a"
    # Two equally late: the one taken longest ago (rotation breaks the tie).
    tie = {"a": (d(2026, 12, 21), None), "c": (d(2026, 12, 21), None)}
    assert pick_turn(order, tie, ["c", "b", "a"]) == "c"
    # Left out of the last four 1:1s: its turn comes whatever the others' milestones say.
    assert pick_turn(order, late, ["b", "c", "a", "a", "a", "c"]) == "b"
    assert pick_turn([], {}, []) is None


def _twelve_weeks(order: list[str], steps: dict[str, list[dt.date]], turns: int = 12
                  ) -> list[str]:
    """The turns a plan of ``turns`` weekly 1:1s gives, no milestone ever reached."""
    first = dt.date(2026, 11, 30)
    taken: list[str] = []
    days: list[dt.date] = []
    for week in range(turns):
        on = first + dt.timedelta(days=7 * week)
        standing = {}
        for cid, dates in steps.items():
            late = [d for d in dates if d < on]
            due = [d for d in dates if d >= on]
            standing[cid] = (late[0] if late else None, due[0] if due else None, len(late),
                             late[-1] if late else None)
        turn = pick_turn(order, standing, taken, dates=days, left=turns - week)
        assert turn is not None
        taken.append(turn)
        days.append(on)
    return taken


def test_turns_stay_fair_over_a_twelve_week_plan_when_one_goal_runs_late_early() -> None:
    d = dt.date
    # Problem framing's first milestone falls in week four and never moves: without the
    # fairness rules it takes most 1:1s and testing ideas reaches the review unasked.
    order = ["framing", "insight", "testing"]
    steps = {"framing": [d(2026, 12, 21), d(2027, 2, 1), d(2027, 2, 22)],
             "insight": [d(2026, 12, 28), d(2027, 1, 18), d(2027, 2, 8)],
             "testing": [d(2027, 1, 4), d(2027, 1, 25), d(2027, 2, 15)]}
    taken = _twelve_weeks(order, steps)
    for cid in order:
        weeks = [i for i, c in enumerate(taken) if c == cid]
        # A turn at least every four 1:1s (three goals + 1), from the plan's first week.
        assert weeks[0] <= 3
        assert all(b - a <= 4 for a, b in itertools.pairwise(weeks))
        assert 11 - weeks[-1] < 4
        # No goal takes more than half of the plan's twelve 1:1s.
        assert len(weeks) <= 6
    # Testing ideas' milestone of 25 January is asked about before the review.
    assert any(c == "testing" and week >= 8 for week, c in enumerate(taken))


def test_two_goals_both_running_late_neither_takes_more_than_half() -> None:
    d = dt.date
    order = ["late", "calm"]
    taken = _twelve_weeks(order, {"late": [d(2026, 12, 7), d(2027, 1, 4)],
                                  "calm": [d(2026, 12, 21), d(2027, 2, 8)]})
    assert taken.count("late") <= 6 and taken.count("calm") <= 6
    calm = [i for i, c in enumerate(taken) if c == "calm"]
    assert all(b - a <= 3 for a, b in itertools.pairwise(calm))


def test_a_late_goal_never_asked_about_gets_a_turn_before_the_review() -> None:
    d = dt.date
    order = ["a", "b", "c"]
    # Two 1:1s before the review. "c" went late (25 January) after its last turn; "a" has
    # more milestones late, but each was raised already: "c" comes up before the review.
    standing = {"a": (d(2026, 12, 7), None, 3, d(2027, 1, 4)),
                "b": (d(2026, 12, 14), None, 2, d(2027, 1, 11)),
                "c": (d(2027, 1, 25), None, 1, d(2027, 1, 25))}
    taken = ["a", "b", "c", "a", "b", "c", "a", "c", "b"]
    days = [d(2026, 11, 30) + dt.timedelta(days=7 * i) for i in range(9)]
    assert pick_turn(order, standing, taken, dates=days, left=2) == "c"
    # Once asked about, it is "a"'s turn again: most late.
    assert pick_turn(order, standing, [*taken, "c"], dates=[*days, d(2027, 2, 1)],
                     left=1) == "a"


def test_a_late_goal_rests_after_two_turns_in_a_row_and_more_late_milestones_weigh_more() -> None:
    order = ["a", "b", "c"]
    d = dt.date
    # "a" is the oldest late, but took the last two 1:1s: the other late goal goes next ...
    late = {"a": (d(2026, 12, 21), None, 1), "b": (None, d(2027, 2, 1), 0),
            "c": (d(2027, 1, 4), None, 1)}
    assert pick_turn(order, late, ["c", "b", "a", "a"]) == "c"
    # ... and with no other goal late, the one waiting longest, not the soonest due.
    calm = {"a": (d(2026, 12, 21), None, 1), "b": (None, d(2027, 3, 1), 0),
            "c": (None, d(2027, 1, 18), 0)}
    assert pick_turn(order, calm, ["b", "c", "a", "a"]) == "b"
    # One turn on it is not a run: it keeps its place while no other goal waits for a check.
    assert pick_turn(order, {**late, "c": (None, d(2027, 2, 8), 0)}, ["b", "c", "a"]) == "a"
    assert pick_turn(order, late, ["b", "c", "a"]) == "c"
    # Two milestones late outrank one older late milestone.
    two = {"a": (d(2026, 12, 21), None, 1), "c": (d(2027, 1, 4), None, 2)}
    assert pick_turn(order, two, ["c", "b", "a"]) == "c"


def test_with_fortnightly_1on1s_every_milestone_falls_on_a_1on1_day() -> None:
    from pmkit.model.coaching import propose_milestones, turn_dates

    start, end = dt.date(2026, 11, 30), dt.date(2027, 2, 22)
    meetings = turn_dates(start, end, 0, 14, 0, 1)
    steps = {30: "First step.", 60: "Second step.", 90: "Third step."}
    for turn in range(3):
        own = turn_dates(start, end, 0, 14, turn, 3)
        dates = [p.date for p in propose_milestones(steps, start, end, 0, every=14,
                                                    turn=turn, turns=3)]
        # Two turns each in twelve weeks cannot hold three milestones: the others fall on
        # a 1:1 all the same, never in a week without one; the goal's own turn where it
        # is as near the wanted day, and never the first turn, which sets the goal going.
        assert len(dates) == 3 and dates == sorted(set(dates))
        assert all(d in meetings for d in dates), (turn, dates)
        assert any(d in own for d in dates) and dates[0] > own[0]


def test_a_milestone_the_manager_marks_reached_reads_reached_without_a_caveat(team: Path) -> None:
    """The manager's mark is respected in the PM's plan; the walk-through the milestone still
    asks for is said to the manager alone."""
    w = ["-w", str(team)]
    ok([*w, "plan", "alice"])
    first = str(milestones(team, "alice")["problem-framing"][0]["text"]).rstrip(".")
    path = team / "team" / "alice.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        first, "A rewritten brief, walked through in a 1:1"), encoding="utf-8")
    today = dt.date.today().isoformat()
    ok([*w, "log", "alice", "problem-framing", "Rewrote the onboarding brief", "--reached"])
    out = ok([*w, "plan", "alice"])
    plan = (team / "plans" / "alice.md").read_text(encoding="utf-8")
    assert re.search(rf"A rewritten brief, walked through in a 1:1\. \*Reached {today}\.\*$",
                     plan, re.MULTILINE)
    assert "walk-through" not in plan
    assert f"is marked reached on {today}, yet no 1:1 has walked through that work" in out


def test_a_late_1_1_does_not_move_a_fortnightly_series(team: Path) -> None:
    """Every two weeks from the first 1:1: one held a week late leaves the next on the grid."""
    settings = team / "pmkit.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"cadence_days: *\d+", "cadence_days: 14", text), encoding="utf-8")
    w = ["-w", str(team)]
    ok([*w, "plan", "alice"])
    first = dt.date.today() + dt.timedelta(days=3)
    held = (first, first + dt.timedelta(days=14))
    one_on_ones(team, "alice", tuple(d.isoformat() for d in held),
                "## Notes\n\n- Talked through the roadmap and the next interviews.\n")
    late = first + dt.timedelta(days=35)  # the one due at day 28, held a week late
    ok([*w, "oneonone", "alice", "--date", late.isoformat()])
    agenda = (team / "oneonones" / "alice" / f"{late.isoformat()}.md").read_text(encoding="utf-8")
    assert f"next around {(first + dt.timedelta(days=42)).isoformat()}" in agenda
    coming = re.search(r"^Coming up, as things stand today: (.+)$", agenda, re.MULTILINE)
    assert coming and (first + dt.timedelta(days=42)).isoformat() in coming.group(1)
    assert (first + dt.timedelta(days=49)).isoformat() not in agenda


def test_the_next_fortnightly_1_1_keeps_to_the_grid_of_the_first() -> None:
    from pmkit.documents.schedule import next_meeting

    first = dt.date(2026, 12, 3)
    late = dt.date(2027, 1, 21)  # due 2027-01-14
    assert next_meeting(late, 14, 3, (), anchor=first) == dt.date(2027, 1, 28)
    assert next_meeting(late, 14, 3, (), 2, anchor=first) == dt.date(2027, 2, 11)
    assert next_meeting(late, 7, 3, (), anchor=first) == dt.date(2027, 1, 28)
    assert next_meeting(dt.date(2027, 1, 14), 14, 3, (), anchor=first) == dt.date(2027, 1, 28)


def test_an_area_left_for_a_later_plan_is_named(team: Path) -> None:
    settings = team / "pmkit.yaml"
    settings.write_text(re.sub(r"(\n\s*focus:\s*)\d+", r"\g<1>1",
                               settings.read_text(encoding="utf-8")), encoding="utf-8")
    plan = ok(["-w", str(team), "plan", "alice", "--stdout"])
    assert ("One more area, Customer insight, is below what a Product Manager is expected to "
            "show, as the table above marks. It waits for a later plan") in plan


def test_todays_goal_back_before_another_goals_turn_says_why_or_waits() -> None:
    from types import SimpleNamespace
    from typing import Any, cast

    from pmkit.documents.schedule import coming_dicts

    names = {c: SimpleNamespace(competency=SimpleNamespace(name=c.title())) for c in "abc"}
    index = cast(Any, SimpleNamespace(by_id=names))
    day = dt.date(2026, 12, 21)
    week = dt.timedelta(days=7)
    ahead = [(day + week, "b"), (day + 2 * week, "a"), (day + 3 * week, "c")]

    def step(on: dt.date) -> SimpleNamespace:
        return SimpleNamespace(date=on, reached=None)

    def said(steps: list[SimpleNamespace]) -> list[tuple[str, str, str]]:
        cycle = cast(Any, SimpleNamespace(steps={"a": steps}))
        return [(c["name"], c["due"], c["open"]) for c in coming_dicts(ahead, "a", index,
                                                                       cycle, day)]

    # A milestone falls due by its next turn: the reason is given.
    assert said([step(day + 2 * week)])[1] == ("A", "yes", "")
    # One due today, still open then: said as a condition, as things stand today.
    assert said([step(day)])[1] == ("A", "", day.isoformat())
    # No reason: left out, rather than seeming to skip C's turn.
    assert [n for n, _, _ in said([step(day + 5 * week)])] == ["B", "C"]
    # Back after every other goal has had its turn: nothing to explain.
    natural = coming_dicts([(day + week, "b"), (day + 2 * week, "c"), (day + 3 * week, "a")],
                           "a", index, cast(Any, SimpleNamespace(steps={"a": []})), day)
    assert [c["name"] for c in natural] == ["B", "C", "A"]
