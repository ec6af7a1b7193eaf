"""Items carried from one 1:1 to the next: how the PM's copy lists them, how the manager is pressed.

The PM's copy lists every open item with the day it was first written, and asks, the first
week it has been carried three times or more, whether to keep, rescope or drop it; after
that the item is marked "open since" its first day and the short question comes back every
week until the item is settled: once the push starts it does not stop. The manager's private
part follows every one of those weeks, harder each time the decision was asked and not
taken (settle it; then, if it still matters, make it a milestone of the plan), and counts
the asks of both parts with one counter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from pmkit.documents import notes, voice
from pmkit.documents.counts import in_words

#: The PM's copy asks this beside an item carried on after its decision was asked, and the
#: manager's part quotes it word for word.
STILL_WORTH = "still worth your time?"
#: The options the PM's copy offers for an item carried three times or more.
DECISION = notes.DECISION
#: The line below the list whenever the PM's copy asks about an item, in full or in short.
WHY_DECIDE = ("An item carried three times or more is worth a decision today, whoever owns "
              "it, rather than another week on this list.")


#: The asks after which the advice on the manager's own item stops repeating itself, and
#: the PM's copy stops asking about it.
_MOVE_ON = 5


def own_stage(asked: int) -> str:
    """Where the manager's own long-carried item stands, ``asked`` the asks so far (today's
    in), decided here once for both parts: "when" (a date is asked), "whether" (whether it
    goes ahead), then "waiting" once the whether has stood at three 1:1s with no answer:
    the PM's copy stops asking and counting and shows it calmly as waiting on the manager,
    while the private part keeps pressing."""
    if asked > _MOVE_ON:
        return "waiting"
    return "whether" if asked > 2 else "when"


def owner_asks(owner: str, asked: int = 2) -> str:
    """The manager's own item's stage in words (``asked``: the asks so far, today's in): the
    PM's copy shows only "waiting on Dana" once it is waiting, and otherwise a plain status
    ("Dana's item, open since"); every ask to the manager stays in the private part."""
    stage = own_stage(asked)
    if stage == "waiting":
        return f"waiting on {owner}"
    if stage == "whether":
        return f"{owner} says today whether it goes ahead"
    return f"not done yet; {owner} says today when it will be"


def goal_ask(goal: str, asked: int = 1) -> str:
    """The ask beside a long-carried item that is a focus goal's own work: dropping it would
    drop the goal, so the question is when; once asking for a date has not brought one, what
    stands in the way; later, whether it is still the right work for the goal."""
    if asked > 2 * SAME_ADVICE:
        return (f"part of your {goal} goal; is it still the right piece of work for that "
                "goal, or would another show it better?")
    if asked > SAME_ADVICE:
        return (f"part of your {goal} goal; what stands in the way of finishing it, and "
                "what would help?")
    return f"part of your {goal} goal, so give it a date you will keep"


def _quoted(text: str) -> str:
    """A line of the PM's copy quoted in the private part, its first letter raised."""
    return f"“{text[:1].upper()}{text[1:]}”"

def goal_work(groups: Sequence[Sequence[notes.Carried]],
              areas: Mapping[str, tuple[str, Sequence[str]]],
              names: Mapping[str, str]) -> dict[str, str]:
    """The open items, by text, that speak one focus goal's words (``areas``), and that
    goal's name: the same reading that places a note's sentence under a goal."""
    from pmkit.documents.evidence import area_of

    out: dict[str, str] = {}
    for group in groups:
        item = group[0]
        if item.task and areas:
            cid = area_of(item.text.partition(":")[2] or item.text, areas)
            if cid is not None:
                out[item.text] = names[cid]
    return out


def times_asked(item: notes.Carried) -> int:
    """How many agendas have asked for a decision on an item so far, this week counted: every
    one from the third carry on, whichever part (the PM's or the private one) asked."""
    if item.times < notes.DECIDE_AFTER:
        return 0
    return 1 + item.times - notes.DECIDE_AFTER


def asks_again(item: notes.Carried) -> bool:
    """Whether this week's PM copy repeats the short question on an item already asked about:
    every week after the first ask, until the item is settled."""
    return item.task and item.times > notes.DECIDE_AFTER


def count_words(number: int) -> str:
    """A small count in words, as the documents say it ("three 1:1s")."""
    return in_words(number, most=12) if number else str(number)


def before(asked: int) -> str:
    """The asks made in earlier 1:1s, today's left out ("once before", "twice before")."""
    earlier = asked - 1
    if earlier == 1:
        return "once before"
    if earlier == 2:
        return "twice before"
    return f"{count_words(earlier)} times before"


def asked_now(item: notes.Carried) -> bool:
    """Whether the PM's copy asks for a decision on this item today: once, the first week it
    is carried three times or more (a skipped 1:1 does not skip the question)."""
    return item.decide and item.times >= notes.DECIDE_AFTER


def unasked(groups: list[list[notes.Carried]], asked: set[str]) -> list[list[notes.Carried]]:
    """The groups with the decision left off the items an earlier page already asked about."""
    return [[dataclasses.replace(c, decide=False)
             if c.decide and " ".join(c.text.casefold().split()) in asked else c for c in group]
            for group in groups]


def asks_today(item: notes.Carried, closing: bool = False) -> bool:
    """Whether today's PM copy asks again about an item already asked about: every week
    after the first ask (``closing``, the last 1:1 before the plan's review, asks the same)."""
    if asked_now(item) or not item.task:
        return False
    return asks_again(item) or (closing and item.times >= notes.DECIDE_AFTER)


def dicts(groups: Sequence[Sequence[notes.Carried]],
          marks: Mapping[str, str] | None = None, closing: bool = False,
          goals: Mapping[str, str] | None = None, owner: str = "") -> list[dict[str, Any]]:
    """Items for the PM's page, each with its origin date; the decision is asked there once,
    and an item carried on after that is marked, quietly, as open since its first day.
    ``marks`` holds, by item text, a note that the item may be overtaken; ``goals``, by item
    text, the focus goal whose work it is (asked when, never whether); ``owner``, the
    manager's first name when the items are the manager's own."""
    return [{"text": c.text, "depth": c.depth, "task": c.task,
             "goal_ask": goal_ask(goals[c.text], times_asked(c)) if goals and c.depth == 0
             and c.text in goals else "",
             "owner_ask": owner_asks(owner, times_asked(c)) if owner else "",
             "waiting": bool(owner) and c.task and c.depth == 0
             and own_stage(times_asked(c)) == "waiting",
             "overtaken": (marks or {}).get(c.text, "") if c.task and c.depth == 0 else "",
             "added": c.added.isoformat() if c.added else None, "times": c.times,
             "decide": asked_now(c), "times_words": count_words(c.times),
             "open_since": c.task and c.times >= notes.DECIDE_AFTER and not asked_now(c),
             "ask_again": asks_today(c, closing)}
            for group in groups for c in group]


def once(groups: list[list[notes.Carried]]) -> list[list[notes.Carried]]:
    """Each open item once: the same line written again in a later 1:1 stays at its first date."""
    seen: dict[str, int] = {}
    out: list[list[notes.Carried]] = []
    for group in groups:
        key = " ".join(group[0].text.casefold().split())
        if key in seen:
            first = out[seen[key]]
            if group[0].added and (first[0].added is None or group[0].added < first[0].added):
                out[seen[key]] = group
            continue
        seen[key] = len(out)
        out.append(group)
    return out


def turned(item: notes.Carried, names: Sequence[str]) -> notes.Carried:
    """A carried item in the PM's voice where that is safe; as written otherwise."""
    text = voice.to_pm(item.text, names)
    return item if text is None or text == item.text else dataclasses.replace(item, text=text)


def done_line(text: str, names: Sequence[str], managers: Sequence[str] = ()) -> str:
    """A ticked item without its owner label: the copy speaks to the PM already, and the
    manager's own is named after it ("Approve the course (Dana)")."""
    owner = ""
    if notes.owned_by(text, managers):
        owner = f" ({text.split(':', 1)[0].strip()})"
    elif not notes.owned_by(text, names):
        return text
    text = text.split(":", 1)[1].strip()
    return text[:1].upper() + text[1:] + owner


def pm_lines(groups: Sequence[Sequence[notes.Carried]], date: dt.date,
             first_name: str, closing: bool = False,
             goals: Mapping[str, str] | None = None) -> list[str]:
    """The PM's items carried three times or more, pressed harder the longer they stay open;
    at the last 1:1 before the review (``closing``), every one of them. An item that is a
    focus goal's work (``goals``, by item text) is asked for a date, not whether to keep it."""
    lines = []
    for group in groups:
        item = group[0]
        if not item.task or item.added is None or item.times < notes.DECIDE_AFTER:
            continue
        goal = (goals or {}).get(item.text)
        if goal:
            lines.append(_goal_line(item, first_name, goal, closing))
            continue
        head, sep, rest = item.text.partition(":")
        whose, what = (f"{head.strip()}'s item", rest.strip()) if sep and len(
            head.split()) <= 2 else (f"{first_name}'s item", item.text)
        since = f"first written {item.added.isoformat()}"
        asked = times_asked(item)
        if asked_now(item):
            lines.append(f"{whose}, carried through {count_words(item.times)} 1:1s ({since}): "
                         f"{what}. {first_name}'s copy asks this week, beside the item: "
                         f"{_quoted(DECISION + '?')} Settle it before the 1:1 ends.")
        elif closing:
            lines.append(f"{whose}, asked {before(asked)}, with no decision ({since}): "
                         f"{what}. The review of the plan comes next and {first_name}'s copy "
                         f"asks again today, beside the item: {_quoted(STILL_WORTH)} Settle "
                         "it now: keep it with a date for the next plan, or drop it.")
        else:
            press = ("The last 1:1 was to settle it and did not: settle it first today." if asked == 2 else
                     "If it still matters, it may belong in the plan as a milestone with a "
                     "date.")
            lines.append(f"{whose}, asked {before(asked)}, with no decision ({since}): "
                         f"{what}. {first_name}'s copy asks again today, beside the item: "
                         f"{_quoted(STILL_WORTH)} {press}")
    return lines


def _right_before(asked: int) -> str:
    """Whether the goal item is still the right work, as asked in the 1:1s before this one."""
    right = asked - 2 * SAME_ADVICE - 1
    return (f", and whether it is still the right work was asked {before(right + 1)} with no "
            "answer recorded" if right > 0 else "")


def _goal_line(item: notes.Carried, first_name: str, goal: str, closing: bool) -> str:
    """A long-carried item that is a focus goal's own work: the private part asks for a date
    and a smaller first step, never whether to drop it."""
    since = f"first written {item.added.isoformat()}" if item.added else "carried"
    what = item.text.partition(":")[2].strip() or item.text
    when = ("before the review of the plan" if closing
            else "that fits before the goal's next milestone")
    asked = times_asked(item)
    ask = _quoted(goal_ask(goal, asked))
    ask += "" if ask.endswith("?”") else "."
    lead = (f"{first_name}'s item, carried through {count_words(item.times)} 1:1s ({since}): "
            f"{what}. It is the {goal} goal's own work, so {first_name}'s copy")
    if asked > 2 * SAME_ADVICE:  # the new step did not move it either
        return (f"{lead} now asks whether it is still the right work for the goal: {ask} "
                f"Neither a date nor tying it to the goal has moved it in the "
                f"{count_words(2 * SAME_ADVICE)} 1:1s that asked for them{_right_before(asked)}"
                f": stop carrying it from one 1:1 to the next, hear {first_name}'s answer, and "
                "take it to the review of the plan.")
    if asked > SAME_ADVICE:  # three 1:1s of the same advice changed nothing
        # Count the asks of each kind: a date was asked for only in the first ones.
        obstacle = asked - SAME_ADVICE
        also = (f", and what stands in the way was asked {before(obstacle)} with no answer "
                "recorded" if obstacle > 1 else "")
        return (f"{lead} no longer asks for a date but what stands in the way: {ask} A date "
                f"did not come in the {count_words(SAME_ADVICE)} 1:1s that asked for one"
                f"{also}, so listen for the obstacle before anything else. Then tie it to the "
                f"goal: done, it would itself be evidence for the {goal} milestone still "
                f"open, so agree which part of that milestone it shows and the day {first_name} brings it.")
    head = f"{lead} asks for a date rather than whether to keep it: {ask}"
    return (f"{head} If a date will not come, agree the smallest piece of it {first_name} can "
            f"show {when}.")


#: The 1:1s the private advice on the PM's goal item stays the same before it moves on.
SAME_ADVICE = 3


def _pressed_last_time(asked: int) -> bool:
    """Whether the previous agenda told the manager to do this own item before this 1:1 (its
    first ask, and every ask from the third on): a promise that lapsed is said plainly."""
    return asked - 1 == 1 or asked - 1 >= 3


def own_lines(groups: Sequence[Sequence[notes.Carried]], date: dt.date, first_name: str,
              own_names: Sequence[str] = (), closing: bool = False) -> list[str]:
    """The manager's own open items, pressed every week once carried three times, harder the
    longer they stay open."""
    lines = []
    for group in groups:
        item = group[0]
        if not item.task or item.added is None:
            continue
        # The PM's copy says "introduce you to ..."; this section speaks to the manager.
        text = voice.about_pm(item.text, first_name)
        _head, sep, rest = text.partition(":")
        what = rest.strip() if sep and notes.owned_by(text, own_names) else text
        days = (date - item.added).days
        asked = times_asked(item)
        listed = f"{first_name}'s copy lists it as your item, carried {count_words(item.times)} times"
        if not asked:
            lines.append(f"Your own item, open {days} days: {what}")
            continue
        if asked_now(item):
            lines.append(f"You promised to {what} {days} days ago and have carried it through "
                         f"{count_words(item.times)} 1:1s. {listed}, with no ask of you: the "
                         "decision is yours today. Do it before the next 1:1, hand it to "
                         "someone who will, or say it is off.")
            continue
        head = (f"Your own item, asked {before(asked)}, with no decision ({days} days open): "
                f"{what}.")
        if asked > _MOVE_ON + 1:
            head += " The last agenda asked you to close it or hand it on, and it is still open."
        elif _pressed_last_time(asked):
            head += " The last agenda asked you to do it before this 1:1, and it is still open."
        waiting = own_stage(asked) == "waiting"
        if waiting:  # the PM's copy no longer asks: it shows the item as waiting on you
            head += (f" {first_name}'s copy shows it as waiting on you since "
                     f"{item.added.isoformat()}, with no ask of you.")
        if closing and waiting:
            press = (f"The review of the plan comes next, and {first_name}'s copy says that, "
                     "if still open after today, it goes there as an open point on your side. "
                     "Better to hand it on today or say it is off than leave it to the review.")
        elif closing:
            press = (f"The review of the plan comes next; {listed}. Do it before then, hand "
                     "it on, or say today it is off.")
        elif asked == 2:
            press = (f"{listed}. Give a date you will keep, hand it on, or say it is off.")
        elif asked <= _MOVE_ON:
            press = (f"{listed}. Do it before the next 1:1 or tell {first_name} today it is "
                     "off; a promise carried this long costs more trust than dropping it.")
        else:  # the same advice a fourth week would be noise: it moves on
            press = ("Stop carrying it: hand it today to someone who will do it this week, or "
                     f"tell {first_name} it is off and strike it from the list.")
        lines.append(f"{head} {press}")
    return lines
