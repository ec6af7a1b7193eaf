"""What the notes say about a milestone: the work done, the step that did not happen, and
what a milestone asks that the work so far does not show.

Read from the sentences of logged work and 1:1 notes, in the milestone's own words, so the
review, the conversation and the rating rechecks name the same parts. Words are compared
by their first letters ("list" meets "listed"); nothing here knows a plan or a workspace.
"""

from __future__ import annotations

import re
from typing import Any

from pmkit.documents.counts import in_words, ordinal

#: A sentence that says a step did not happen: "No threshold was set", "we did not ...".
MISSING = re.compile(r"^\W*(?:no|not|never|none)\b|\b(?:was|were|is|are|has|have|had|did|does|do)"
                      r"\s+not\b|n't\b|\bnever\b|\bskipped\b|\bwithout\s+(?:a|an|any|the)\b",
                      re.IGNORECASE)
#: An entry about what will happen rather than what did.
FUTURE = re.compile(r"\b(?:will|going to|plan to|next)\b", re.IGNORECASE)
#: Where one sentence ends and the next begins: at ".", "!" or "?" only.
SENTENCE = re.compile(r"(?<=[.!?])\s+")
#: The same, a semicolon ending a clause too: for reading what a note says part by part.
SENTENCE_OR_CLAUSE = re.compile(r"(?<=[.!?;])\s+")
#: Someone else's words quoted in a note: they say nothing about what was done.
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
_WORD = re.compile(r"[a-z]+")
#: Milestone wording that stands for the goal itself ("Your goal tried twice").
_GOAL_WORDS = re.compile(r"^(?:your|the)\s+goal\b\s*", re.IGNORECASE)
#: Where a goal's action ends and its conditions begin.
_CONDITION = re.compile(r"\s+\b(?:before|after|without|until|so that|with the result)\b.*", re.I)
_SMALL = frozenset({"the", "and", "for", "with", "each", "every", "any", "that", "this", "was",
                    "were", "set", "read", "after", "before", "fact", "down", "written", "one",
                    "first", "your", "from", "into"})


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _WORD.findall(text.lower()) if len(w) > 3 and w not in _SMALL}


def goal_action(goal: str) -> str:
    """A goal's action, without its conditions: "Hold a sketching session with the designer"."""
    return _CONDITION.sub("", goal.strip().rstrip(".")).strip()


def milestone_text(text: str, goal: str) -> str:
    """A milestone as the PM reads it: "Your goal tried twice" names the goal's action."""
    found = _GOAL_WORDS.match(text)
    if not found or not goal:
        return text
    action = goal_action(goal)
    return f"{action[:1].upper()}{action[1:]}: {text[found.end():]}"


def milestone_clause(text: str) -> str:
    """A milestone named by its first clause, to quote inside a sentence."""
    head = re.split(r"[,;(]", text.strip().rstrip("."), maxsplit=1)[0].strip()
    return head[:1].lower() + head[1:] if not head[1:2].isupper() else head


def done_and_missing(written: list[dict[str, str]], goal: str = ""
                     ) -> tuple[dict[str, str] | None, dict[str, str] | None]:
    """The latest piece of work done (its first sentence) and the latest note of a step
    that did not happen (that sentence), each with its date and where it was written.
    With ``goal``, the work done is the latest whose words do what the goal asks (see
    goal_match), when one does: a list of ideas noted the same day is not the session.
    When none does, the latest that shares the most words with the goal: a prototype test
    speaks to a goal about tests more than a later line about something else."""
    import datetime as dt

    from pmkit.documents.goal_match import work_matches_goal

    missing = fits = None
    done: dict[str, str] | None = None
    shared = -1
    wanted = _stems(goal)
    for entry in written:
        sentences = [s.strip() for s in SENTENCE.split(entry["text"]) if s.strip()]
        gaps = [s for s in sentences if MISSING.search(QUOTED.sub("", s))]
        if gaps:
            missing = dict(entry, text=gaps[0])
        elif sentences and not FUTURE.search(QUOTED.sub("", entry["text"])):
            piece = dict(entry, text=sentences[0])
            overlap = len(_stems(entry["text"]) & wanted)
            if overlap >= shared:
                done, shared = piece, overlap
            if goal and work_matches_goal(goal, [(dt.date.fromisoformat(entry["date"][:10]),
                                                  entry["text"])], dt.date.min):
                fits = piece
    return fits or done, missing


_COUNTS = {"twice": 2, "two times": 2, "three times": 3, "four times": 4}
#: A milestone's count of repeats: "tried twice", "three times".
COUNT = re.compile(r"\b(twice|(?:two|three|four) times)\b", re.IGNORECASE)
#: A part of a milestone left to the PM's choice: it is never missing.
_OPTIONAL = re.compile(r"\bif you (?:want|wish|like)\b", re.IGNORECASE)
#: The thing a goal's action makes: "Hold a sketching session with ..." -> "session".
OBJECT = re.compile(r"\b(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?([a-z]+)(?=\s+(?:with|for|on|to|about)\b|$)",
                     re.IGNORECASE)


def planned_before(written: list[dict[str, str]], done: dict[str, str] | None) -> dict[str, str] | None:
    """The latest sentence of intent ("You will test the two cheapest ...") written before
    the work done: it says what that work was aimed at, which a late milestone may not be."""
    if done is None:
        return None
    found = None
    for entry in written:
        if entry["date"] >= done["date"]:
            break
        for sentence in SENTENCE.split(entry["text"]):
            if FUTURE.search(QUOTED.sub("", sentence)) and not MISSING.search(sentence):
                found = dict(entry, text=sentence.strip())
    return found


def done_sentences(written: list[dict[str, str]]) -> list[str]:
    """Every sentence that says something was done (not planned, not missing)."""
    out = []
    for entry in written:
        for sentence in SENTENCE.split(entry["text"]):
            plain = QUOTED.sub("", sentence)
            if sentence.strip() and not MISSING.search(plain) and not FUTURE.search(plain):
                out.append(plain)
    return out


def unseen_parts(parts: list[str], done: list[str]) -> list[str]:
    """The parts of a milestone no sentence of work done names (a part left to the PM's
    choice is never missing)."""
    return [p for p in parts if not _OPTIONAL.search(p)
            and not any(_stems(p) & _stems(s) for s in done)]


def listing(parts: list[str], last: str = "and") -> str:
    """Parts of a milestone in one sentence, so diagnosis and remedy name the same list."""
    named = [p[:1].lower() + p[1:] if not p[1:2].isupper() else p for p in parts]
    if len(named) <= 2:  # "a or b": the list comma only before the last of three or more
        return f" {last} ".join(named)
    return ", ".join(named[:-1]) + f", {last} {named[-1]}"


def milestone_parts(raw: str) -> list[str]:
    """A milestone's parts, as it lists them: "a log, and a shared list" -> two parts."""
    body = re.sub(r"\s*\([^)]*\)", "", _GOAL_WORDS.sub("", raw.strip().rstrip(".")))
    return [re.sub(r"^and\s+", "", p.strip()) for p in re.split(r"[,;]", body) if p.strip()]


def held(action: str, done: list[str]) -> int:
    """How many sentences of work done name the goal's action: the times it was done."""
    return sum(1 for s in done if _stems(action) & _stems(s))


def short_of(raw: str, goal: str, written: list[dict[str, str]],
             skip: list[str] | None = None) -> str | None:
    """What a late milestone asks that the notes do not show, from its own words: "one of
    the two sessions logged; the second, and a short note on each, are still to come".
    Parts in `skip` (left out by the step agreed together) are said elsewhere."""
    body = re.sub(r"\s*\([^)]*\)", "", _GOAL_WORDS.sub("", raw.strip().rstrip(".")))
    done = done_sentences(written)
    parts = milestone_parts(raw)
    counted = None
    found = COUNT.search(body)
    action = goal_action(goal)
    if found and action:
        wanted = _COUNTS[found.group(1).lower()]
        logged = held(action, done)
        noun = OBJECT.search(action)
        if logged < wanted and noun:
            thing = noun.group(1).lower()
            if logged == 0:
                counted = (f"no {thing} logged yet", "both" if wanted == 2
                           else f"all {in_words(wanted, most=6)}")
            else:
                rest = (f"the {ordinal(logged + 1)}" if wanted - logged == 1
                        else f"the other {in_words(wanted - logged, most=6)}")
                have, need = in_words(logged, most=6), in_words(wanted, most=6)
                counted = (f"{have} of the {need} {thing}s logged", rest)
        parts = [p for p in parts if not COUNT.search(p)]
    unseen = [p for p in unseen_parts(parts, done) if p not in (skip or [])]
    if counted:
        tail = f", and {', '.join(unseen)}," if unseen else ""
        verb = "are" if unseen else "is"
        return f"{counted[0]}; {counted[1]}{tail} {verb} still to come"
    if unseen:
        listed = listing(unseen, "or")
        # work was done, but not what the milestone names: say so, not "nothing shows"
        return (f"the work so far does not show {listed}" if done
                else f"the notes do not yet show {listed}")
    return None


def still_parts(short: str | None) -> str | None:
    """Only the parts still to show, from :func:`short_of`'s own phrase: "the second, and a
    short note on each" from "one of the two sessions logged; the second, and a short note
    on each, are still to come"; what the work does not show yet, otherwise."""
    if not short:
        return None
    counted = re.fullmatch(r"([^;]+); (.+?),? (?:is|are) still to come", short)
    if counted:  # "the second" names its thing: "the second session"
        thing = re.search(r"(\w+?)s? logged(?: yet)?$", counted.group(1))
        rest = counted.group(2)
        if thing and re.match(r"(?:both|all \w+)\b", rest):
            head, sep, tail = rest.partition(",")
            rest = f"{head} {thing.group(1)}s{sep}{tail}"
        elif thing and rest.startswith("the "):
            head, sep, tail = rest.partition(",")
            plural = "" if re.fullmatch(r"the \w+", head) else "s"
            rest = f"{head} {thing.group(1)}{plural}{sep}{tail}"
        return rest
    unseen = re.fullmatch(r"the (?:work so far|notes) do(?:es)? not (?:yet )?show (.+)", short)
    return unseen.group(1) if unseen else None


#: A milestone that asks something of every instance so far, past ones too.
_EVERY = re.compile(r"\b(?:each|every|all|so far|without a gap)\b", re.IGNORECASE)


def counts_on_missing(raw: str, missing: str, late_raw: str = "") -> bool:
    """Whether a milestone still ahead can no longer be met as written: it names the step
    the notes say did not happen ("no threshold was set") and asks it of work already done
    ("each test run so far") or of the late milestone that step belongs to. Every milestone
    of every goal is checked with this one rule."""
    named = _stems(raw) & _stems(missing)
    return bool(named) and bool(_EVERY.search(raw) or named & _stems(late_raw))


#: Where a milestone's thing ends and what is said about it begins: "an experiment log with ...".
_HEAD_END = re.compile(r"\s+(?:with|for|that|which|in|on|of|to|by|and)\b.*", re.IGNORECASE)


def needs_first(milestone: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, str] | None:
    """An earlier milestone, not reached, that makes the thing this one asks of every piece
    of work so far ("written in the experiment log on the day", while the log is only due
    later): work done before it cannot have gone into it. The real reason to reword."""
    if not _EVERY.search(milestone["raw"]):
        return None
    def words(text: str) -> set[str]:  # short nouns count here: "log", "map"
        return {w[:5] for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _SMALL}

    wanted = words(milestone["raw"])
    for earlier in rows:
        if earlier["date"] >= milestone["date"] or earlier["state"] == "met":
            continue
        head = _HEAD_END.sub("", earlier["short"])
        named = words(head)
        if len(named) >= 2 and named <= wanted:
            return {"date": earlier["date"], "thing": head}
    return None


def close_words(text: str) -> set[str]:
    """Content words cut to four letters, so "list" and "listed" meet."""
    return {w[:4] for w in _WORD.findall(text.lower()) if len(w) > 3 and w not in _SMALL}


#: How the review names where a sentence of work was written, by its source.
WHERE = {"log": "your work logged on", "notes": "your 1:1 notes of"}

#: A part asking for several of one thing: "assumptions listed", "interviews held".
_SEVERAL = re.compile(r"^(?:an? |the )?(\w+?)s (?:listed|held|run|logged|written|checked)\b",
                      re.IGNORECASE)


def one_of_several(parts: list[str], written: list[dict[str, str]]) -> dict[str, str] | None:
    """The first part still unseen that asks for several of a thing ("assumptions listed")
    while a sentence of work done names one such thing ("the riskiest assumption behind the
    fraud-check request"): so the reader is told how far that one goes, not left to guess
    whether it counts. ``thing``, ``text`` (the sentence), ``date`` and ``where``. When the
    only such sentence names another thing's one ("behind the fraud-check request"), it is
    returned with ``elsewhere`` (what it names) and ``list`` (the list it is not counted in),
    so the reader is told once why the work listed above is not weighed there."""
    aside: dict[str, str] | None = None
    for part in parts:
        asked = _SEVERAL.match(part.strip())
        if not asked:
            continue
        one = re.compile(rf"\b{re.escape(asked.group(1))}\b(?!s)", re.IGNORECASE)
        # the list is for one thing ("for the current initiative"): an item counts toward
        # it only when it names that thing too, not another request's assumption
        whose = _heads(part[asked.end():])
        for entry in written:
            for sentence in SENTENCE.split(entry["text"]):
                plain = QUOTED.sub("", sentence).strip()
                if not plain or not one.search(plain) or MISSING.search(plain) \
                        or FUTURE.search(plain):
                    continue
                found = {"thing": asked.group(1).lower(), "text": plain.rstrip("."),
                         "date": entry["date"], "where": entry["where"]}
                if not whose or whose & _heads(plain):
                    return found
                about = re.search(rf"\b{re.escape(asked.group(1))}\s+(?:behind|for|about|of|on|in)"
                                  r"\s+(.+)$", plain.rstrip("."), re.IGNORECASE)
                if aside is None and about:
                    aside = dict(found, elsewhere=about.group(1),
                                 list=f"{asked.group(1).lower()}s list{part[asked.end():]}"
                                 .rstrip(". "))
    return aside



#: Words of any list's own making, which say nothing of what it is for.
_LIST_WORDS = frozenset({"for", "the", "and", "with", "each", "every", "this", "that", "your",
                         "current", "next", "from", "into", "about"})


def _heads(text: str) -> set[str]:
    """Content words of a phrase cut to five letters: what the phrase is about."""
    return {w[:5] for w in re.findall(r"[a-z][a-z-]{2,}", text.casefold())} - _LIST_WORDS


#: Goals whose action is itself a thing done again and again ("Test the riskiest
#: assumption ...", "Interview a claimant ..."): the next one is named by it.
_REPEATED = frozenset({"test", "interview", "survey", "pilot"})


def next_one(goal: str) -> str:
    """What a goal's next try is called: "test" for "Test the riskiest assumption ...",
    else "attempt"; a step agreed to count from now on counts "from your next test on"."""
    first = (goal_action(goal).split() or [""])[0].casefold()
    return first if first in _REPEATED else "attempt"
