"""The PM's copy of a 1:1 already held: each ask printed beside a long-carried item is read
back as what happened (a ticked item says it is done, an open one that no decision was
recorded, or, for a goal's own work, that it is still open), and the line on deciding
today says what follows instead."""

from __future__ import annotations

import re

from pmkit.documents import notes
from pmkit.documents.carried import DECISION, SAME_ADVICE, STILL_WORTH, WHY_DECIDE, count_words, own_stage
from pmkit.patterns import lazy

#: The ask beside an open item in a written agenda, in full or in short.
_ASK = lazy(r"^(\s*[-*+] \[ \] .*\*\(open since \d{4}-\d{2}-\d{2}, carried \w+ times): "
                  r"(?:" + re.escape(DECISION) + r"\?|" + re.escape(STILL_WORTH)
                  + r"|[^()*\n]+ decides today: " + re.escape(DECISION)
                  + r"|[^()*\n]+ says today whether this still stands"
                  + r"|not done yet, so [^()*\n]+ gives it a date today, hands it on, or drops it"
                  + r"|[^()*\n]+ does it before the next 1:1 or says today it is off"
                  + r"|[^()*\n]+ hands it on today or takes it off the list"
                  + r"|[^()*\n]+ says today whether it goes ahead"
                  + r"|not done yet; [^()*\n]+ says today when it will be"
                  + r"|part of your [^()*\n]+ goal(?:, so give it a date you will keep|; "
                  + r"[^()*\n]+\?))\)\*",
                  re.MULTILINE)
_GOAL_ASK = lazy(r"part of your ([^()*\n]+?) goal(?:, so give it a date you will keep|; "
                       r"[^()*\n]+\?)")


def goal_asked(line: str) -> str:
    """The ask on a focus goal's own work written beside an item, if any ("" when none)."""
    match = _GOAL_ASK.search(line)
    return match.group(0) if match else ""


#: The first-turn line of a goal with nothing recorded, as the agenda prints it.
_FIRST = lazy(r"^Nothing recorded on (.+?) yet: the example you bring today will be the "
              r"first\.$", re.MULTILINE)
_WHY = lazy(r"^" + re.escape(WHY_DECIDE) + r"\r?$", re.MULTILINE)  # as saved, CRLF too
NO_DECISION = "no decision recorded"
STILL_OPEN = "still open"


def notes_written(text: str) -> bool:
    """Whether the 1:1's notes hold anything yet: a copy printed after the 1:1 reads the
    asks as what happened, not as what is to come."""
    inside = False
    for line in text.splitlines():
        if line.startswith("## "):
            inside = line[3:].strip() == notes.NOTES_HEADING
        elif inside and line.strip() and not line.startswith("#"):
            return True
    return False


#: An item ticked in the 1:1's own file still beside the ask it was printed with.
_ASKED_DONE = lazy(r"^(\s*[-*+] \[[xX]\] .*)\*\((?:[^()*\n]+?['’]s item, )?open since "
                  r"(\d{4}-\d{2}-\d{2}), carried "
                         r"(\w+ times)(?:: [^()*\n]+)?\)\*", re.MULTILINE)
#: The manager's own item, shown as waiting, ticked in the 1:1's own file.
_WAITED_DONE = lazy(r"^(\s*[-*+] \[[xX]\] .*)\*\(waiting on [^()*\n]+? since "
                    r"(\d{4}-\d{2}-\d{2})\)\*", re.MULTILINE)
#: Where a last agenda before the plan's review names the review's day.
_REVIEW_NEXT = lazy(r"(?:This is the last 1:1 before the review of your plan on|With the "
                          r"review of your plan next, on|could you bring to the review on) "
                          r"(\d{4}-\d{2}-\d{2})")


#: The manager's own item's ask as printed: whose it is ("Sam says today when it will be").
_OWNER_ASK = lazy(r"^(?:not done yet[;,] (?:so )?)?([A-Z][^()*\n;,]*?)"
                  r"(?: decides| says| does it| hands it| gives it)")


def _owner_next(owner: str, stage: str, when: str) -> str:
    """What the next agenda says beside the manager's own item still open (:func:`own_stage`
    of the next ask decides both)."""
    if stage == "waiting":
        return f"{owner}'s item stays on the list at {when}, shown as waiting on {owner}."
    said = "says when it will be done" if stage == "when" else "says whether it goes ahead"
    return f"{owner}'s item comes back at {when}, where {owner} {said}."


#: A ticked checkbox the manager wrote among the notes (not an item carried over).
_NOTE_TICK = lazy(r"^([ \t]*[-*+]) \[[xX]\] +(\S.*?)[ \t]*(\r?)$", re.MULTILINE)


def plain_ticks(text: str) -> str:
    """Ticked boxes under the notes read, in the PM's copy, as plain lines of what was done:
    a raw checkbox there looks like a task list nobody asked the PM to keep."""
    found = re.search(rf"^## {re.escape(notes.NOTES_HEADING)}\r?$", text, re.MULTILINE)
    if found is None:
        return text
    head, marker, rest = text[:found.start()], found.group(0), text[found.end():]
    body, nxt, tail = rest.partition("\n## ")

    def plain(match: re.Match[str]) -> str:
        said = match.group(2)
        said = said[:1].upper() + said[1:]
        return f"{match.group(1)} {said}{'' if said[-1] in '.!?' else '.'}{match.group(3)}"

    return head + marker + _NOTE_TICK.sub(plain, body) + nxt + tail


def _item_text(line: str) -> str:
    """An open item's own words, as its line in the list shows them, without the owner."""
    text = re.sub(r"^\s*[-*+] \[ \] (?:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?: )?", "",
                  line.split(" *(", 1)[0])
    return text.strip().rstrip(".")


def _next_ask(asked: int) -> str:
    """What the next agenda asks on a goal's item asked ``asked`` times so far (see
    :func:`goal_ask`): a date, what stands in its way, or whether it is the right work."""
    return ("date" if asked + 1 <= SAME_ADVICE else
            "way" if asked + 1 <= 2 * SAME_ADVICE else "right")


def after_the_talk(text: str) -> str:
    """A PM copy of a 1:1 already held: an item ticked there loses its ask and says it is
    done, an item still open keeps the ask it was printed with and says no decision was
    recorded, and the line on deciding today says what follows instead."""
    text = _ASKED_DONE.sub(r"\1*(done; carried \3 since \2)*", text)
    text = _WAITED_DONE.sub(r"\1*(done; open since \2)*", text)
    if not notes_written(text):
        return text
    # The invitation to bring a first example is past once the 1:1 has been held.
    text = _FIRST.sub(r"Nothing was recorded on \1 before this 1:1.", text)
    goals: dict[str, int] = {}  # by goal: the most asks so far on one of its items
    items: dict[str, list[str]] = {}  # by goal: its open items, as the list names them
    others = 0
    owns: set[tuple[str, str]] = set()  # the manager's own items: owner, next ask's stage
    counts = {count_words(n): n for n in range(1, 13)}

    def settle(match: re.Match[str]) -> str:
        nonlocal others
        goal = _GOAL_ASK.search(match.group(0))
        said = re.search(r"carried (\w+) times", match.group(1))
        times = counts.get(said.group(1) if said else "", notes.DECIDE_AFTER)
        if goal:
            goals[goal.group(1)] = max(goals.get(goal.group(1), 0),  # as times_asked counts
                                       1 + max(times, notes.DECIDE_AFTER) - notes.DECIDE_AFTER)
            items.setdefault(goal.group(1), []).append(_item_text(match.group(1)))
            # Goal work is not a keep-or-drop decision left unmade: it is still open, and
            # the line after the list says what the next 1:1 asks of it.
            return f"{match.group(1)}: part of your {goal.group(1)} goal, {STILL_OPEN})*"
        others += 1
        # The ask stands as printed, for the next 1:1 now rather than today.
        asked = match.group(0)[len(match.group(1)) + 2:-2].replace(" today", "").rstrip("?")
        owner = _OWNER_ASK.match(asked)
        if owner:  # what the next agenda asks, by the rule that writes it
            owns.add((owner.group(1), own_stage(2 + times - notes.DECIDE_AFTER)))
        return f"{match.group(1)}: {asked}; {NO_DECISION})*"

    text = _ASK.sub(settle, text)
    review = _REVIEW_NEXT.search(text.split(f"## {notes.NOTES_HEADING}", 1)[0])
    when = f"the review on {review.group(1)}" if review else "the next 1:1"
    # Goal work is not offered for dropping: dropping it would drop the goal. What is said
    # to come back is what the next agenda asks (a date, what is in the way, or whether it
    # is still the right work), so the copy and the agenda agree.
    said = []
    for kind in ("date", "way", "right"):
        names = [name for name, asked in goals.items()
                 if (_next_ask(asked) if not review else "date") == kind]
        if not names:
            continue
        # The item itself is named: the goal as a whole may be another 1:1's turn. What
        # comes back is said, not asked: the next agenda asks it, and counts it as asked.
        named = [f"“{t}”" for name in names for t in items[name]]
        one = len(named) == 1
        which = (f"Your item {named[0]}" if one else
                 f"Your items {', '.join(named[:-1])} and {named[-1]}")
        those = (f"your {names[0]} goal" if len(names) == 1 else
                 f"your {', '.join(names[:-1])} and {names[-1]} goals")
        back = {"date": " with a date" if not review else "",
                "way": f", with what stands in {'its' if one else 'their'} way",
                "right": f", with whether {'it is' if one else 'they are'} still the right "
                         f"work for {those}"}[kind]
        said.append(f"{which} {'comes' if one else 'come'} back at {when}{back}: "
                    f"{'it is' if one else 'they are'} part of {those}, so "
                    f"{'it stays' if one else 'they stay'} on the list.")
    pm_items = others - len(owns)
    why = " ".join([
        *([f"{'Items outside your goals' if goals else 'Items'} carried three times or more "
           f"and still open are settled before {when}, as asked beside each."]
          if others and review else []),
        *([f"{'Your other items' if goals else 'Your items'} carried three "
           f"times or more and still open come back at {when}, with whether each is still "
           "worth your time."] if pm_items > 0 and not review else []),
        *(_owner_next(owner, stage, when) for owner, stage in sorted(owns) if not review),
        *said])
    if _WHY.search(text) or not why:
        text = _WHY.sub(why, text)
    else:  # the explaining line stood only beside a first ask: say it after the last list
        end = max(text.rfind(NO_DECISION + ")*"), text.rfind(f" goal, {STILL_OPEN})*"))
        cut = text.find("\n\n", end) if end >= 0 else -1
        text = text[:cut] + "\n\n" + why + text[cut:] if cut >= 0 else text
    return re.sub(r"\n{3,}", "\n\n", text)
