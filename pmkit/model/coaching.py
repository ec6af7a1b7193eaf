"""The coaching cycle's arithmetic: milestone dates, how far behind a goal is, whose turn it is.

Pure functions over dates and plain values, so a plan, an agenda and ``pmkit log`` agree
on what "due", "overdue" and "furthest behind" mean.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

SATURDAY, SUNDAY = 5, 6
#: When a competency carries no milestones of its own (a hand-made model), these steps
#: still say something observable, tied to the goal; ``{target}`` is the rubric text aimed for.
FALLBACK_MILESTONES: dict[int, str] = {
    30: "Your goal tried three times, with a short note on each (what you did, what worked, what "
        "you would change) brought to your 1:1s.",
    60: "The goal done twice more without a prompt from your manager, and both pieces of work "
        "walked through in a 1:1.",
    90: "Two or three pieces of work from this plan, walked through in 1:1s, that show: {target}",
}


@dataclass(frozen=True)
class Proposed:
    date: dt.date
    text: str


def weekday_name(weekday: int) -> str:
    return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[weekday]


def meeting_weekday(meetings: Sequence[dt.date], start: dt.date) -> int:
    """The PM's 1:1 weekday: the most common one of the latest four 1:1s, else the start's.

    A tie goes to the most recent 1:1. A weekend day (a one-off Saturday catch-up) is moved
    to the nearest working day, so no milestone ever falls on a weekend.
    """
    recent = sorted(meetings)[-4:]
    if recent:
        counts = Counter(d.weekday() for d in recent)
        best = max(counts.values())
        day = next(d.weekday() for d in reversed(recent) if counts[d.weekday()] == best)
    else:
        day = start.weekday()
    if day == SATURDAY:
        return 4
    if day == SUNDAY:
        return 0
    return day


def on_weekday(target: dt.date, weekday: int, after: dt.date, until: dt.date) -> dt.date:
    """The ``weekday`` nearest before ``target``, kept after ``after`` and by ``until``."""
    day = target - dt.timedelta(days=(target.weekday() - weekday) % 7)
    while day <= after:
        day += dt.timedelta(days=7)
    while day > until and day - dt.timedelta(days=7) > after:
        day -= dt.timedelta(days=7)
    return day


def off_holidays(day: dt.date, holidays: Collection[dt.date], until: dt.date | None = None,
                 every: int = 7) -> dt.date:
    """``day``, or the next 1:1 day (``every`` days on) that is not a holiday.

    When that would pass ``until`` (a plan's end), the 1:1 day before is taken instead.
    """
    step = dt.timedelta(days=max(1, every))
    moved = day
    while moved in holidays:
        moved += step
    if until is not None and moved > until:
        moved = day
        while moved in holidays:
            moved -= step
    return moved


def first_day(today: dt.date, weekday: int, holidays: Collection[dt.date] = ()) -> dt.date:
    """The first 1:1 day on or after ``today``: where a plan starts."""
    day = today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    return off_holidays(day, holidays)


def last_day(start: dt.date, horizon_days: int, weekday: int,
             holidays: Collection[dt.date] = ()) -> dt.date:
    """The last 1:1 day within ``horizon_days`` of ``start``: where a plan ends."""
    end = start + dt.timedelta(days=horizon_days)
    day = end - dt.timedelta(days=(end.weekday() - weekday) % 7)
    while day in holidays and day > start:
        day -= dt.timedelta(days=7)
    return max(day, start)


def turn_dates(start: dt.date, end: dt.date, weekday: int, every: int, turn: int,
               turns: int, holidays: Collection[dt.date] = ()) -> list[dt.date]:
    """The 1:1s where focus area number ``turn`` of ``turns`` comes round, in plan order.

    1:1s fall every ``every`` days on ``weekday`` from the first one on or after ``start``
    (a plan starts on a 1:1 day, and that day's 1:1 takes the first area); each takes one
    area, in turn.
    """
    first = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    step = dt.timedelta(days=max(1, every))
    held: list[dt.date] = []
    day = first
    while day <= end:
        if day not in holidays:  # no 1:1 on a holiday: the turns move on by one
            held.append(day)
        day += step
    return held[turn::max(1, turns)]


_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_WEEKS = re.compile(r"\bfor (?:the next )?(\w+) weeks\b", re.IGNORECASE)
_MONTH = re.compile(r"\bfor (?:the next |a )month\b", re.IGNORECASE)


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBERS.get(word.casefold())


def goal_weeks(goal: str) -> int | None:
    """How many weeks a goal says it runs ("every week for six weeks" -> 6), if it says."""
    match = _WEEKS.search(goal)
    if match:
        return _count(match.group(1))
    return 4 if _MONTH.search(goal) else None


def fit_weeks(text: str, weeks: int, most: int | None = None) -> str:
    """A milestone's "for eight weeks" cut to the weeks it has (and to what the goal asks).

    A milestone due seven weeks into a plan cannot ask for eight weeks of anything, and one
    asking for more weeks than the goal itself runs contradicts the goal.
    """
    words = {v: k for k, v in _NUMBERS.items()}

    def cut(match: re.Match[str]) -> str:
        asked = _count(match.group(1))
        if asked is None:
            return match.group(0)
        room = min(weeks, most) if most else weeks
        fitted = max(2, min(asked, room))
        if fitted == asked:
            return match.group(0)
        return match.group(0).replace(match.group(1), words.get(fitted, str(fitted)))

    return _WEEKS.sub(cut, text)


_HALF_WITH = re.compile(r"\bat least half with ((?:the|your) [\w\s]+?)(?= listening\b|,|$)",
                        re.IGNORECASE)
_WITH = re.compile(r"\bwith ((?:the|your) (?:designer|engineers?|tech lead|analyst|team)"
                   r"(?: and (?:the|your) (?:designer|engineers?|tech lead|analyst))?)\b",
                   re.IGNORECASE)
_AT_LEAST = re.compile(r"\b(experiment|test|decision) log with at least (\w+) entries\b",
                       re.IGNORECASE)
_RECURRING = re.compile(r"\b(every|each|weekly|monthly|any|all)\b", re.IGNORECASE)


def fit_goal(text: str, goal: str) -> str:
    """A model milestone in a goal's own terms, so the two never disagree on who or how many.

    A goal that brings the designer to every interview is not met by "at least half with
    the designer or an engineer"; a goal of one test is not measured by a log of six.
    """
    if not goal.strip():
        return text
    who = _WITH.search(goal)
    if who and _RECURRING.search(goal):
        text = _HALF_WITH.sub(lambda m: f"each with {who.group(1)}", text)
    asked = _AT_LEAST.search(text)
    if asked and not _RECURRING.search(goal):
        wanted = _count(asked.group(2))
        said = [n for n in (_count(w) for w in re.findall(r"\b\w+\b", goal)) if n]
        if wanted and not any(n >= wanted for n in said):
            text = (text[:asked.start()] + f"{asked.group(1)} log with an entry for each test "
                    "run so far" + text[asked.end():])
    return text


def working_weeks(start: dt.date, until: dt.date, weekday: int,
                  holidays: Collection[dt.date] = ()) -> int:
    """Weeks from ``start`` to ``until`` that count: a week whose 1:1 day is a holiday
    (Christmas on a Friday 1:1) is not one to ask a weekly habit of."""
    weeks = (until - start).days // 7
    day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    off = 0
    while day < start + dt.timedelta(days=7 * weeks):
        off += day in holidays
        day += dt.timedelta(days=7)
    return weeks - off


def propose_milestones(steps: Mapping[int, str], start: dt.date, end: dt.date, weekday: int,
                       target_text: str = "", *, every: int = 7, turn: int = 0,
                       turns: int = 1, holidays: Collection[dt.date] = (), goal: str = "",
                       begins: dt.date | None = None) -> list[Proposed]:
    """Dated milestones from a competency's ``{days: text}``, fitted into ``start``-``end``.

    The model's days assume a 90-day plan; a shorter or longer horizon stretches them in
    proportion. Each milestone falls on a 1:1 where this area's turn comes (one area per
    1:1, ``turn`` of ``turns``), so the conversation that checks it is about this goal;
    when the turns are too few, on the PM's 1:1 weekday nearest before the wanted day.
    A milestone's weeks of something are fitted to the weeks since ``begins`` (the plan's
    start) and to how long ``goal`` runs.
    """
    texts = dict(steps) or {k: v.replace("{target}", target_text.strip() or "the level you are "
                                         "aiming for") for k, v in FALLBACK_MILESTONES.items()}
    span = max(1, (end - start).days)
    longest = max(max(texts), 1)
    out: list[Proposed] = []
    mine = turn_dates(start, end, weekday, every, turn, turns, holidays)
    # 1:1s further apart than a week: a milestone that cannot have a turn of its own still
    # falls on a 1:1 day, never in a week without one.
    meetings = turn_dates(start, end, weekday, every, 0, 1, holidays) if every > 7 else []
    # The area's first 1:1 sets its goal going (or opens with a conversation about where the
    # PM stands): its first milestone falls at a later turn, never on that day.
    previous = max(start, mine[0]) if mine else start
    for day in sorted(texts):
        wanted = start + dt.timedelta(days=max(1, round(span * day / longest)))
        fits = [d for d in mine if d > previous]
        later = len([k for k in texts if k > day])
        any_day = [d for d in meetings if d > previous]
        if len(fits) > later:
            date = min(fits[:len(fits) - later], key=lambda d: (abs((d - wanted).days), d))
        elif len(any_day) > later:  # the 1:1 nearest the wanted day, the goal's own first
            date = min(any_day[:len(any_day) - later],
                       key=lambda d: (abs((d - wanted).days), d not in mine, d))
        else:
            date = off_holidays(on_weekday(min(wanted, end), weekday, previous, end), holidays,
                                end)
        if date > end and out:
            continue
        text = fit_weeks(fit_goal(" ".join(texts[day].split()), goal),
                         working_weeks(begins or start, date, weekday, holidays), goal_weeks(goal))
        out.append(Proposed(date, text))
        previous = date
    return out


def overdue(dates_reached: Sequence[tuple[dt.date, dt.date | None]], on: dt.date) -> int:
    """How many milestones were due before ``on`` and are not reached."""
    return sum(1 for date, reached in dates_reached if reached is None and date < on)


#: Where a goal stands against its milestones on the day of a 1:1: the date of its oldest
#: open milestone already past (None when none is), the date of the next one still due,
#: optionally how many are past their date (one, when left out and one is late), and
#: optionally the date of the latest one past (the oldest, when left out).
Standing = (tuple["dt.date | None", "dt.date | None"]
            | tuple["dt.date | None", "dt.date | None", int]
            | tuple["dt.date | None", "dt.date | None", int, "dt.date | None"])

#: Turns in a row a late goal takes before another goal gets the next 1:1.
LATE_RUN = 2


def _deadlines(order: Sequence[str], recent: Sequence[str]) -> dict[str, int]:
    """For each goal, the 1:1 (counted from the plan's first) by which its next turn is due.

    Every goal gets a turn at least every ``len(order) + 1`` 1:1s: one spare 1:1 in each
    round lets the goal furthest behind take two turns, never more.
    """
    every = len(order) + 1
    last = {cid: max((i for i, c in enumerate(recent) if c == cid), default=-1) for cid in order}
    return {cid: last[cid] + every for cid in order}


def fair_choices(order: Sequence[str], recent: Sequence[str]) -> list[str]:
    """The goals this 1:1 may take without leaving any goal waiting too long.

    A goal whose turn is due now must go; otherwise a goal may go when the others can
    still each have their turn in time afterwards (earliest deadline first).
    """
    if len(order) < 2:
        return list(order)
    now = len(recent)
    due = _deadlines(order, recent)
    urgent = [cid for cid in order if due[cid] <= now]
    if urgent:
        return urgent
    fits = []
    for cid in order:
        rest = sorted(due[c] for c in order if c != cid)
        if all(deadline >= now + 1 + k for k, deadline in enumerate(rest)):
            fits.append(cid)
    return fits or list(order)


def pick_turn(order: Sequence[str], standing: Mapping[str, Standing],
              recent: Sequence[str], *, dates: Sequence[dt.date] = (),
              left: int | None = None, on: dt.date | None = None) -> str | None:
    """The focus area this 1:1 takes: the goal furthest behind its milestones, fairly.

    A goal with milestones past their date comes first: the most of them late, then the
    longest overdue; then a goal not yet taken in this plan; then the goal whose next
    milestone is due soonest. Rotation only breaks ties (the area taken longest ago
    first). Three rules keep that fair over a plan:

    - every goal gets a turn at least every ``len(order) + 1`` 1:1s (:func:`fair_choices`),
      unless it is on track ``on`` this day and another goal is behind: it waits, at the
      latest until its next milestone's day;
    - a late goal not talked about since its latest late milestone's date gets a turn
      before the plan's last 1:1, the review, so none reaches it unsettled and unasked;
    - no goal takes more than half the plan's 1:1s while another goal is late.

    A late goal that took the last two 1:1s rests for one: asking twice in a row for a new
    date is enough. And the goal that took the last 1:1 gives way to a goal whose milestone
    is due ``on`` this day or already late: a goal waiting for its check goes before a
    second week in a row on another. ``recent`` lists this plan's 1:1s' areas, oldest first; ``dates``, when
    given, their days; ``left`` counts the 1:1s from this one up to the review, not
    counting the review itself (None when the plan's end is not known).
    """
    if not order:
        return None
    far = dt.date.max

    def last_taken(cid: str) -> int:
        return max((i for i, c in enumerate(recent) if c == cid), default=-1)

    def behind(cid: str) -> tuple[dt.date | None, dt.date | None, int, dt.date | None]:
        got = standing.get(cid, (None, None))
        late, due = got[0], got[1]
        count = got[2] if len(got) > 2 else int(late is not None)
        latest = got[3] if len(got) > 3 else late
        return late, due, count, latest

    def unasked(cid: str) -> bool:
        latest = behind(cid)[3]
        if latest is None or len(dates) != len(recent):
            return False
        return not any(c == cid and d >= latest for c, d in zip(recent, dates, strict=True))

    pool = fair_choices(order, recent)
    if on is not None and len(pool) < len(order):
        # A goal on track (nothing late, nothing due today) can wait a turn while another
        # goal is behind: its own milestone's day brings it back in any case.
        on_track = all(behind(c)[0] is None and behind(c)[1] != on for c in pool)
        waiting = [c for c in order if c not in pool
                   and (behind(c)[0] is not None or behind(c)[1] == on)]
        if on_track and waiting:
            pool = [*pool, *waiting]
    if left is not None and left > 0:
        # The review must not be the first time a late milestone comes up.
        waiting = [cid for cid in pool if unasked(cid)]
        if waiting and len([cid for cid in order if unasked(cid)]) >= left:
            pool = waiting
    # While another goal is late, no goal takes more than half the 1:1s held so far (this
    # one counted), so none ends the plan with more than half of them.
    half = (len(recent) + 2) // 2
    capped = [cid for cid in pool if not (
        recent.count(cid) + 1 > half
        and any(behind(o)[0] is not None for o in order if o != cid))]
    pool = capped or pool

    tail = list(recent)[-LATE_RUN:]
    resting = (tail[0] if len(tail) == LATE_RUN and len(set(tail)) == 1
               and behind(tail[0])[0] is not None and len(order) > 1 else None)
    if resting is not None and len(pool) > 1:
        pool = [cid for cid in pool if cid != resting]
    if recent and recent[-1] in pool and len(pool) > 1:
        waiting_check = [cid for cid in pool if cid != recent[-1] and (
            behind(cid)[0] is not None or (on is not None and behind(cid)[1] == on))]
        if waiting_check:
            pool = [cid for cid in pool if cid != recent[-1]]

    def key(cid: str) -> tuple[int, int, int, dt.date, int, int]:
        late, due, count, _ = behind(cid)
        if late is not None:
            # A late milestone nobody has asked about yet goes before one already raised;
            # a milestone due this very day weighs as one more to check.
            count += int(on is not None and due == on)
            return (0, int(not unasked(cid)), -count, late, last_taken(cid), order.index(cid))
        if resting is not None:  # after a run on one goal: the one waiting longest
            return (1, 0, 0, far, last_taken(cid), order.index(cid))
        # With nothing late, a goal not yet taken in this plan is opened before one already
        # talked about, so every goal is set going in the plan's first weeks.
        return (1 if cid not in recent else 2, 0, 0, due or far, last_taken(cid),
                order.index(cid))

    return min(pool, key=key)


#: How often something is to happen, said as an adverb ("every week", "twice a month");
#: adjectives ("the quarterly review") name an event, not a rhythm, and are left out.
_COUNT = r"\b(?:once|twice|one|two|three|four|five|\d+)\b[^.;,]{0,40}?\ba "
_RHYTHMS = {
    "weekly": rf"\b(?:every|each|per) week\b|{_COUNT}week\b",
    "fortnightly": r"\bevery (?:two|2|other) weeks\b|\bfortnightly\b",
    "monthly": rf"\b(?:every|each|per) month\b|{_COUNT}month\b",
    "quarterly": rf"\b(?:every|each|per) quarter\b|{_COUNT}quarter\b",
}


def rhythms(text: str) -> set[str]:
    """The rhythms a goal or milestone names ("every week" -> weekly), for a consistency check."""
    low = text.casefold()
    return {name for name, pattern in _RHYTHMS.items() if re.search(pattern, low)}


def rhythm_clash(goal: str, milestones: Sequence[str]) -> tuple[str, str] | None:
    """A goal and its milestones asking for different rhythms: (goal's, milestones'), or None.

    "Shadow an underwriter each month" beside "a customer conversation every week" asks
    for two rhythms at once; the manager should make them one.
    """
    wanted = rhythms(goal)
    named = set().union(*(rhythms(m) for m in milestones)) if milestones else set()
    if len(wanted) == 1 and named and not wanted & named:
        order = list(_RHYTHMS)
        return next(iter(wanted)), ", ".join(sorted(named, key=order.index))
    return None
