"""What counts as evidence for a focus goal: one rule shared by the plan and the agenda.

A line written under a focus area's heading in a 1:1's notes is evidence for that goal.
A sentence in the general notes counts too when it speaks the goal's own words ("your
test plan has a threshold written before the test" beside a goal about tests and
thresholds): a manager rarely files every observation under the right heading, and a
plan that ignores what was noted reads as if nothing happened.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from pmkit.documents.notes import NOTED_DONE  # a ticked box's mark: not the work's words
from pmkit.patterns import lazy

_WORD = lazy(r"[^\W\d_]{4,}")
_SENTENCE = lazy(r"(?<=[.!?;])\s+(?=[A-Z\"'])")
#: Words too common in goals and notes to tie a sentence to one goal.
_COMMON = frozenset(
    {"about", "after", "again", "also", "been", "before", "being", "each", "every", "from",
     "have", "here", "into", "just", "last", "least", "more", "most", "much", "next", "once",
     "only", "other", "over", "same", "some", "such", "than", "that", "their", "them", "then",
     "there", "these", "they", "this", "those", "time", "today", "very", "want", "week",
     "weeks", "well", "were", "what", "when", "where", "which", "while", "will", "with",
     "work", "would", "your", "yours", "team", "goal", "month", "days", "good", "great",
     "latest", "talked", "said", "says", "thinks", "think", "felt", "feel", "went", "made",
     "make", "takes", "take", "session", "meeting", "nothing", "something", "quiet",
     "review", "reviewed", "plan", "plans", "talk", "talks", "notes"})
#: A sentence giving a view ("she thinks the brief was too vague") is not work done.
_VIEW = lazy(r"\b(thinks?|feels?|felt|said|says|seems?|believes?|wonders?|worried)\b",
                   re.IGNORECASE)
#: Advice or a plan ("next test: write the threshold first", "you will test ...") is not
#: work done yet.
_AHEAD = lazy(r"\b(will|should|shall|must|next|need to|plan to|going to|let's|try to)\b"
                    r"|^\W*(before|ask|list|write|keep|send|try|book|make|take|bring|use|run|"
                    r"check|remember|consider|do|don't|let|on the|for the)\b", re.IGNORECASE)
#: Work done shows in the past tense ("booked", "ran", "done") or a result ("has a threshold
#: written").
_DONE = lazy(r"\b(\w{3,}ed|ran|wrote|written|led|held|took|made|gave|sent|brought|spoke|"
                   r"met|built|began|chose|found|got|kept|told|did|done|drew|shown|given|"
                   r"taken|caught|won|quoted)\b", re.IGNORECASE)
_DONE_VERB = lazy(r"^([A-Z][a-z]+ed|Ran|Wrote|Led|Held|Took|Made|Gave|Sent|Brought|Spoke|"
                        r"Met|Built|Began|Chose|Found|Got|Kept|Set|Told|Did|Drew|Read|Put)\b")
#: A word in the goal itself weighs this much; one in its name or milestones counts once.
GOAL_WEIGHT = 2
#: The score a sentence needs before it counts for a goal.
THRESHOLD = 2
#: How far the best area must lead the next before a general note is filed under it.
MARGIN = 2


#: Who took part or how often, common to many goals: they do not tell goals apart.
_WHO = ("design", "engine", "sessi", "work", "three", "two", "four", "five", "six", "seven",
        "eight", "first", "second", "people", "someone", "customer", "team")


def stems(text: str) -> set[str]:
    """Content words cut to five letters ("snapshots" is "snaps"); shorter ones whole."""
    return {w.casefold()[:5] for w in _WORD.findall(text.removeprefix(NOTED_DONE))
            if w.casefold() not in _COMMON and not w.casefold().startswith(_WHO)}


def shared(one: set[str], other: set[str]) -> int:
    """How many stems of ``one`` meet one of ``other``: "book" meets "booke" (booked)."""
    return sum(1 for a in one if any(a.startswith(b) or b.startswith(a) for b in other))


def advice(sentence: str) -> bool:
    """Whether a sentence says what to do next ("next test: write the threshold first")."""
    return bool(_AHEAD.search(sentence))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def score(sentence: str, goal: str, others: Iterable[str], ignore: Iterable[str] = ()) -> int:
    """How strongly a sentence speaks a goal's words (beyond the ``ignore`` stems)."""
    words = stems(sentence) - set(ignore)
    goal_words = stems(goal)
    in_goal = shared(words, goal_words)
    if not in_goal:  # the goal's own words decide; its milestones only weigh in
        return 0
    other_words = set().union(*(stems(t) for t in others)) - goal_words
    return GOAL_WEIGHT * in_goal + shared(words - goal_words, other_words)


def area_of(sentence: str, areas: Mapping[str, tuple[str, Sequence[str]]]) -> str | None:
    """The focus area a general note's sentence is evidence for, if one clearly stands out.

    ``areas`` maps each focus area to its goal and its other words (its name and its
    milestones). Words two goals share ("claims" in every goal of a claims team) tell
    them apart no more than "the" does, so they do not count; a sentence whose best area
    leads the next by less than :data:`MARGIN` is left where it was written.
    """
    goal_stems = [stems(goal) for goal, _ in areas.values()]
    common = {w for i, one in enumerate(goal_stems) for w in one
              if any(w in other for other in goal_stems[i + 1:])}
    scores = sorted(((score(sentence, goal, others, common), cid)
                     for cid, (goal, others) in areas.items()), reverse=True)
    if not scores or scores[0][0] < THRESHOLD:
        return None
    if len(scores) > 1 and scores[0][0] - scores[1][0] < MARGIN:
        return None
    return scores[0][1]


def general_evidence(blocks: Sequence[str], areas: Mapping[str, tuple[str, Sequence[str]]],
                     pick: Callable[[str], str | None] | None = None) -> dict[str, list[str]]:
    """Focus area -> the sentences of the general notes that are evidence for it; ``pick``
    names a sentence's area (by default the one it clearly speaks to, :func:`area_of`)."""
    found: dict[str, list[str]] = {}
    for block in blocks:
        for sentence in sentences(block):
            if _VIEW.search(sentence) or _AHEAD.search(sentence) or not _DONE.search(sentence):
                continue
            cid = pick(sentence) if pick is not None else area_of(sentence, areas)
            if cid is not None:
                found.setdefault(cid, []).append(sentence)
    return found


#: Words that say a piece of work was talked about, not what it was: "you walked through
#: your latest work; you shared two examples" shows nothing a milestone asks for.
_NOT = lazy(r"\b(no|not|never|nor|none|didn't|wasn't|weren't|hasn't|haven't|isn't)\b",
                  re.IGNORECASE)
TALK = ("walk", "throu", "share", "examp", "piece", "broug", "showe", "discu", "looke")


#: A milestone that itself asks for work walked through or examples brought ("tried twice,
#: a short note on each, to walk through in a 1:1") is partly shown by a walk-through.
_ASKS_TALK = lazy(r"\bwalk(?:ed)? through\b|\bexamples?\b|\btried\b", re.IGNORECASE)


def asked(milestone: str, name: str = "") -> set[str]:
    """The words of a milestone that say what it asks for: beyond the goal's ``name``, and
    beyond words that only say work was shown unless showing it is what the milestone asks."""
    talk = bool(_ASKS_TALK.search(milestone))
    return {w for w in stems(milestone) - stems(name) if talk or not w.startswith(TALK)}


#: A test that ran, said by its result ("four of five claimants found it without help") or
#: its sessions ("you ran the sessions yourself"): what a milestone asking for a test run
#: ("the riskiest one tested") is partly shown by.
_RAN = lazy(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:out )?of "
                  r"(?:the )?(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b"
                  r"|\bran (?:the|a|an|two|three|four|five|\d+) [\w -]*?(?:sessions?|tests?)\b",
                  re.IGNORECASE)
TESTED = "teste"


def said_words(text: str, name: str) -> set[str]:
    """The content words of what an entry says was done (not what is missing or advised)."""
    kept = [s for s in sentences(text) if not (_NOT.search(s) or advice(s))]
    said = stems(" ".join(kept)) - stems(name)
    if any(_RAN.search(s) for s in kept):
        said.add(TESTED)
    return said


def shows_work(text: str, name: str = "") -> bool:
    """Whether an entry names anything of what the work was, beyond the goal's ``name``:
    "you walked through your latest work; you shared two examples" says only that work was
    shown. Such a line is no piece of the goal tried: beside one that names the work it
    shows the walk-through a milestone asks for (see :func:`unshown`), never a try."""
    # The person a note is about ("Nina walked through ...") names no work either.
    subjects = {w.casefold()[:5] for w in _SUBJECT.findall(text)}
    return any(not w.startswith(TALK) and w not in subjects for w in said_words(text, name))


#: A capitalized word opening a sentence before a verb in the past ("Nina walked"): who
#: did the work, not what it was.
_SUBJECT = lazy(r"(?:^|(?<=[.!?;]\s))\W*([A-Z][a-z]+)(?=\s+(?:\w+ed|ran|wrote|led|held|took|"
                r"made|gave|sent|brought|spoke|met|built|began|chose|found|got|kept|told|did|"
                r"drew|shared)\b)")


def names_any(text: str, milestone: str, name: str = "") -> bool:
    """Whether an entry names at least one thing the milestone asks for."""
    return shows_work(text, name) and shared(said_words(text, name), asked(milestone, name)) > 0


_NUMBERS = {"twice": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}
_COUNT = lazy(r"\b(twice|two|three|four|five|six|seven|eight|nine|ten|\d+)\b",
                    re.IGNORECASE)


def count_of(text: str) -> int | None:
    """The first count a text names ("tried twice", "six entries"), if it names one above one."""
    return counted(text)[0]


def counted(text: str) -> tuple[int | None, str]:
    """The first count a text names above one, and the stem of the word it counts ("six
    entries" -> (6, "entri"); "tried twice" -> (2, ""))."""
    match = _COUNT.search(text)
    if match is None:
        return None, ""
    word = match.group(1).casefold()
    number = _NUMBERS.get(word) or (int(word) if word.isdigit() else 0)
    after = re.match(r"\s+(?:more\s+|distinct\s+)?([^\W\d_]{3,})", text[match.end():])
    noun = after.group(1).casefold()[:5] if after and word != "twice" else ""
    return (number if number > 1 else None), noun


def covers(entry: str, milestone: str) -> bool:
    """Whether one entry alone names the count a milestone asks for ("six entries in the
    log" for "a log with six entries"); "four ideas" does not count sessions."""
    need, noun = counted(milestone)
    have, what = counted(entry)
    return bool(need and have and noun and what == noun and have >= need)


def weigh(text: str, milestone: str, name: str = "") -> int:
    """How many of the things a milestone asks for an entry says were done."""
    if not shows_work(text, name):
        return 0
    return shared(said_words(text, name), asked(milestone, name))


def matching(entries: Sequence[tuple[str, str]], milestone: str,
             name: str = "") -> tuple[str, str] | None:
    """The (date, text) entry that speaks most of a milestone's words, the latest of equals.

    An entry counts only when it names something the milestone itself asks for: a word of
    the milestone beyond the goal's ``name`` and beyond words that only say work was shown.
    """
    words = asked(milestone, name)
    if not entries or not words:
        return None

    def weight(entry: tuple[str, str]) -> int:
        # "No threshold was set beforehand" names the threshold only to say it is missing,
        # and "next test: write the threshold first" only to ask for it; "you walked through
        # your latest work" names no work at all.
        if not shows_work(entry[1], name):
            return 0
        return shared(said_words(entry[1], name), words)

    # The entry sharing most of the milestone's words; the later one of equals. A milestone
    # asking for several things is not partly met by one shared word ("threshold" in a
    # test plan does not make an experiment log).
    best = max(reversed(entries), key=weight)
    # A test that ran is the heart of a milestone asking for one: partly there on its own.
    ran = TESTED in words and TESTED in said_words(best[1], name)
    return best if weight(best) >= (2 if len(words) >= 4 and not ran else 1) else None


#: Counts of time ("four weeks", "seven weeks") are read from how many dated pieces there are.
_SPANS = ("week", "month", "days", "sessi", "time")


#: What one try of a goal is, by the first letters of its noun, so "ran two user
#: interviews" is two tries of a goal asked for "twice"; "three options" or "40 clicks" are
#: not tries.
TRY_NOUNS = ("inter", "call", "conve", "sessi", "test", "exper", "visit", "works", "demo",
             "proto")
#: Words a piece counts its own tries in ("you shared two examples"): counted toward the
#: times a milestone asks for, but not read as tries by :func:`tries`.
TRY_COUNTS = ("examp", "sessi", "tries", "times", "attem")


def tries(text: str) -> int | None:
    """The number of tries a piece of work states ("ran two user interviews" -> 2)."""
    number, _ = counted(text)
    match = _COUNT.search(text)
    return number if match and any(
        w.startswith(TRY_NOUNS) for w in stems(text[match.end():match.end() + 20])) else None


def tally(fits: Sequence[tuple[str, str]], milestone: str, name: str = "") -> int | None:
    """How many of what a milestone counts the evidence shows, or None when that cannot be
    read reliably.

    A piece that states its own number of something the milestone asks for ("three
    interview snapshots" beside "a snapshot posted after each") counts that number; any
    other piece counts once. A count of things ("six entries" in a log) needs evidence that
    names what is counted: a test plan is not one entry of a log nobody mentioned.
    """
    need, noun = counted(milestone)
    if need is None or not fits:
        return None
    wanted = asked(milestone, name)
    have, named = 0, not noun or noun.startswith(_SPANS)
    for _, text in fits:
        number, _ = counted(text)
        match = _COUNT.search(text)
        after = set(stems(text[match.end():match.end() + 40])) if match else set()
        if number and (shared(after, wanted) or (not noun and tries(text))):
            have, named = have + number, True
        else:
            have += 1
        if noun and any(w.startswith(noun) for w in stems(text)):
            named = True
    return have if named else None


#: A rhythm a milestone asks for, and how the documents say it: a count of pieces does not
#: show a rhythm (three snapshots posted in one week are not "every week for four weeks").
_RHYTHM = (
    (lazy(r"\b(?:every|each) sprint\b", re.IGNORECASE), "every sprint"),
    (lazy(r"\b(?:every|each) (?:1:1|one-on-one)\b", re.IGNORECASE), "every 1:1"),
    (lazy(r"\bfortnightly\b|\bevery (?:two|2|other) weeks\b", re.IGNORECASE),
     "every two weeks"),
    (lazy(r"\bweekly\b|\b(?:every|each|per) week\b|\b(?:once|twice|\w+ times) a "
                r"week\b|\bweeks? without a gap\b", re.IGNORECASE), "every week"),
    (lazy(r"\bmonthly\b|\b(?:every|each|per) month\b", re.IGNORECASE), "every month"),
)


def rhythm(milestone: str) -> str:
    """The rhythm a milestone asks for ("every week"), or "" when it asks for none."""
    for pattern, said in _RHYTHM:
        if pattern.search(milestone):
            return said
    return ""


def as_done(text: str) -> str:
    """A logged line without a subject ("Posted three snapshots") as the PM's own: "You posted"."""
    match = _DONE_VERB.match(text)
    if match is None:
        return text
    return "You " + match.group(1).lower() + text[match.end():]



def missing(texts: Sequence[str], milestone: str, name: str = "") -> str | None:
    """The first sentence of the same notes saying that a part the milestone asks for is
    missing ("No success threshold was set beforehand"): a partly-there line names it, so
    it never reads as if only the good half happened."""
    wanted = asked(milestone, name)
    for text in texts:
        for sentence in sentences(text):
            if (_NOT.search(sentence) and not advice(sentence)
                    and shared(stems(sentence) - stems(name), wanted)):
                return sentence
    return None


#: How a ticked action item reads as evidence: a chore done, weaker than work reported.
TICKED = "Ticked off as done:"


def latest(rows: Sequence[Mapping[str, str]]) -> Mapping[str, str] | None:
    """The latest evidence line worth naming: the latest line of the list as the PM reads
    it (a line noted on several dates counts at the date it is listed at), not a ticked action item
    ("send the snapshot to the team" is a chore) unless nothing else exists."""
    plain = [r for r in rows if not r["text"].startswith(TICKED)]
    pool = list(plain or rows)
    return max(reversed(pool), key=lambda r: r["date"]) if pool else None


def by_kind(rows: Sequence[Mapping[str, str]], name: str = "", most: int = 4
            ) -> list[Mapping[str, str]]:
    """The latest line of each kind of work, at most ``most`` kinds, in date order, so a cut
    list never drops the one line that speaks to a milestone for newer repeats of another.

    Lines sharing a content word are one kind (three snapshots posted, a snapshot sent); a
    kind is shown by its latest reported line, a ticked action item only when it has no
    other. Ticked items join the kind they speak of rather than start one of their own."""
    own = stems(name)
    kinds: list[list[Mapping[str, str]]] = []
    ordered = sorted(rows, key=lambda r: r["date"], reverse=True)
    ordered.sort(key=lambda r: r["text"].startswith(TICKED))  # reported work first
    for row in ordered:
        words = stems(row["text"].removeprefix(TICKED)) - own
        home = next((k for k in kinds if shared(words, stems(k[0]["text"]) - own)), None)
        if home is None:
            kinds.append([row])
        else:
            home.append(row)
    picked = [p for p in (latest(k) for k in kinds) if p is not None]
    picked = sorted(picked, key=lambda r: r["date"])[-most:]
    # Room left is filled with the latest other lines, reported work before ticked items.
    rest = [r for r in ordered if not any(r is p for p in picked)]
    picked += rest[:max(0, most - len(picked))]
    return sorted(picked, key=lambda r: r["date"])


#: A note line saying nothing happened ("nothing new here, you were on leave"): no news for
#: the next 1:1's recap, and never evidence of work on a goal.
NOTHING = lazy(r"\bnothing (?:new|to report|to show|happened)\b|\bno (?:progress|update|news)\b"
                r"|^\W*n/?a\W*$|\bon (?:leave|holiday|vacation|sick leave)\b|\bskipped\b",
                re.IGNORECASE)


def reported(text: str) -> str:
    """What a note line reports as done, without the instructions written beside it ("Before
    settling on an email, list other options", "Next test: write the threshold first"):
    those belong in action items, and are not evidence of work; nor is a line saying nothing
    happened ("no progress", "on leave"). "" when nothing is left."""
    return " ".join(s for s in sentences(text)
                    if (not advice(s) or _DONE.search(s)) and not NOTHING.search(s))
