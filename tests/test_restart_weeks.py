"""Restarted milestones are laid out one a week across all goals, never on a holiday, and
what still has a holiday in the days before it or falls after the plan's end is said."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pmkit.documents.restart_weeks import lay_out

MON = dt.date(2026, 11, 30)  # a Monday: the 1:1 day


def _day(weeks: int) -> str:
    return (MON + dt.timedelta(weeks=weeks)).isoformat()


def _status(redo: int | None, ahead: list[int], late: list[int] | None = None) -> dict[str, Any]:
    return {"redo_by": _day(redo) if redo is not None else None, "midplan": True,
            "late": [{"date": _day(w), "short": f"late {w}"} for w in late or []],
            "ahead": [{"date": _day(w), "short": f"step {w}"} for w in ahead], "moved": []}


def test_restarts_take_a_week_each_around_the_plan_as_agreed() -> None:
    out = {"on-track": _status(None, [3]),
           "first": _status(2, [3], late=[-2]),
           "second": _status(2, [4], late=[-1, 0])}
    holidays = {MON + dt.timedelta(weeks=4)}  # no 1:1 that Monday
    notes = lay_out(out, ["on-track", "first", "second"], 7, holidays, MON + dt.timedelta(weeks=6),
                    MON + dt.timedelta(days=5))
    days = [out["first"]["redo_by"], out["second"]["redo_by"], _day(3),
            *(m["to"] for s in ("first", "second") for m in out[s]["moved"])]
    assert len(days) == len(set(days)) == 6  # one milestone a week, all six of them
    assert out["first"]["redo_by"] == _day(2)
    assert out["second"]["redo_by"] == _day(1)  # its own week was taken: the 1:1 before
    assert _day(4) not in days  # the holiday
    # the second goal's later late milestone follows its restart, as a step built on it,
    # and further on than that alone asks: the weeks after it hold other goals' new work
    assert out["second"]["moved"][0] == {"date": _day(0), "to": _day(5), "short": "late 0",
                                         "spread": False, "shares": False, "pushed": True}
    # a later milestone moved only to keep its week clear says so
    spread = [m for s in ("first", "second") for m in out[s]["moved"] if m["spread"]]
    assert spread and all(m["to"] > m["date"] for m in spread)
    assert any(n["past_end"] for n in notes)
    assert all(n["to"] > _day(6) for n in notes if n["past_end"])


def test_a_holiday_in_the_days_before_a_milestone_is_used_but_said() -> None:
    # the work for a milestone due on a Monday happens in the days before it: a holiday on
    # the Friday before is said; one on the Friday after, in the week it is due, is not
    before, after = MON + dt.timedelta(days=4), MON + dt.timedelta(weeks=1, days=4)
    for holiday, said in ((before, True), (after, False)):
        out = {"goal": _status(1, [], late=[-1])}
        notes = lay_out(out, ["goal"], 7, {holiday}, MON + dt.timedelta(weeks=6))
        assert out["goal"]["redo_by"] == _day(1)
        assert notes == ([{"cid": "goal", "due": _day(-1), "to": _day(1),
                           "holiday": holiday.isoformat(), "holidays": [holiday.isoformat()],
                           "past_end": False}] if said else [])


def test_every_holiday_since_the_goals_previous_step_is_said() -> None:
    # the step after the restart is worked on from the restart's day, not only in the week
    # before it: both holidays in between are named
    first, second = MON + dt.timedelta(weeks=2, days=4), MON + dt.timedelta(weeks=3, days=4)
    out = {"goal": _status(1, [4], late=[-1])}
    out["goal"]["ahead"][0]["date"] = _day(4)
    notes = lay_out(out, ["goal"], 7, {first, second}, MON + dt.timedelta(weeks=8))
    assert [n["holidays"] for n in notes if n["due"] == _day(4)] == [
        [first.isoformat(), second.isoformat()]]


def test_a_step_the_sessions_before_it_add_up_to_keeps_its_own_date() -> None:
    # "two sessions held" after "twice" and "once more" needs no session of its own: it is
    # not pushed weeks on to keep a week free, nor pulled earlier than its date; it may
    # share its week with another goal's step, and sets no later end for the plan
    out = {"other": _status(None, [3]), "goal": _status(1, [2, 3], late=[-1])}
    out["goal"]["asked"] = {"covered": [{"date": _day(3), "count": "two"}]}
    notes = lay_out(out, ["other", "goal"], 7, set(), MON + dt.timedelta(weeks=3))
    assert not [m for m in out["goal"].get("moved", []) if m["date"] == _day(3)]
    assert not any(n["past_end"] for n in notes)
    # moved on only as far as the session it rests on, never before its own date
    out = {"goal": _status(1, [3, 2], late=[-1])}
    out["goal"]["asked"] = {"covered": [{"date": _day(3), "count": "two"}]}
    lay_out(out, ["goal"], 7, set(), MON + dt.timedelta(weeks=8))
    assert all(m["to"] >= m["date"] for m in out["goal"]["moved"])


def test_restarts_follow_the_coming_1_1_turns_so_each_falls_due_on_its_own_goals_day() -> None:
    # as Priya's plan stood: the agenda's coming turns are testing, then exploring, then
    # insight, while the restarts alone would have put exploring first
    out = {"insight": _status(None, [3]),
           "testing": _status(2, [4], late=[-2]),
           "exploring": _status(1, [5], late=[-1])}
    turns = {"testing": MON + dt.timedelta(weeks=1), "exploring": MON + dt.timedelta(weeks=2),
             "insight": MON + dt.timedelta(weeks=3)}
    lay_out(out, ["insight", "testing", "exploring"], 7, set(), MON + dt.timedelta(weeks=8),
            MON + dt.timedelta(days=5), turns)
    assert out["testing"]["redo_by"] == _day(1)
    assert out["exploring"]["redo_by"] == _day(2)
    # each goal's first restarted milestone on or after its coming turn, one a week still
    assert all(out[cid]["redo_by"] >= turns[cid].isoformat() for cid in ("testing", "exploring"))
    days = [out["testing"]["redo_by"], out["exploring"]["redo_by"], _day(3),
            *(m["to"] for s in ("testing", "exploring") for m in out[s]["moved"])]
    assert len(days) == len(set(days))
    # a turn too close to prepare for keeps the date proposed before
    near = {"goal": _status(2, [], late=[-1])}
    lay_out(near, ["goal"], 7, set(), MON + dt.timedelta(weeks=8), MON + dt.timedelta(days=5),
            {"goal": MON + dt.timedelta(days=2)})
    assert near["goal"]["redo_by"] == _day(2)


def test_the_managers_notes_name_a_moved_milestone_by_both_its_dates() -> None:
    from pmkit.documents.restart_weeks import proposed_for

    out = {"goal": _status(2, [3], late=[-2, -1])}
    out["goal"]["midplan"] = True
    lay_out(out, ["goal"], 7, set(), MON + dt.timedelta(weeks=8))
    status = out["goal"]
    assert proposed_for(status, _day(-2)) == status["redo_by"] == _day(2)
    assert proposed_for(status, _day(-1)) == next(m["to"] for m in status["moved"]
                                                 if m["date"] == _day(-1)) > _day(2)
    assert proposed_for(status, _day(9)) is None and proposed_for(None, _day(-2)) is None


def test_only_the_parts_a_late_milestone_still_asks_for_are_named() -> None:
    from pmkit.documents.milestone_notes import still_parts

    assert still_parts("one of the two sessions logged; the second, and a short note on each, "
                       "are still to come") == "the second session, and a short note on each"
    assert still_parts("one of the three tests logged; the other two is still to come") == (
        "the other two tests")
    assert still_parts("the work so far does not show a note on each") == "a note on each"
    assert still_parts(None) is None


def test_a_step_built_on_a_restart_moved_only_by_a_holiday_is_not_said_to_be_spaced() -> None:
    out = {"only": _status(1, [2], late=[-1, 0])}
    holidays = {MON + dt.timedelta(weeks=2)}  # the week after the restart has no 1:1
    lay_out(out, ["only"], 7, holidays, MON + dt.timedelta(weeks=8), MON + dt.timedelta(days=5))
    moved = out["only"]["moved"][0]
    assert moved["to"] == _day(3) and moved["pushed"] is False
