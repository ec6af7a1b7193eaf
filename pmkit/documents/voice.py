"""Turning what a manager wrote about a PM into words addressed to that PM.

A manager's notes, evidence and talking points speak about the PM ("she set no
threshold", "ask how the review went"). A plan or an agenda speaks to the PM, so before
such a line reaches the PM's copy it is turned into the second person ("you set no
threshold", "how the review went"). Only changes that cannot go wrong are made: a
sentence whose grammar would be guessed (an ambiguous "her", an unknown verb after
"she") is not rewritten but kept for the manager's eyes, where it is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

# A note line opening with what the PM did is read here, for every caller of this module.
from pmkit.documents.judgement import without_judgement
from pmkit.documents.verbs import done_by_you as done_by_you
from pmkit.documents.verbs import opens_with_work as opens_with_work
from pmkit.patterns import lazy

if TYPE_CHECKING:
    from pmkit.model.schema import Person


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = lazy(r"[^\W\d_][\w']*|.", re.DOTALL)  # words in any script, then single characters
#: Code spans and links are quoted as written, never turned.
_VERBATIM = lazy(r"`[^`]*`|<[^>\s]+>|\]\([^)\s]*\)|https?://\S+")
_SUBJECTS = {"she", "he"}
_OBJECTS = {"him"}
_POSSESSIVES = {"his"}
_REFLEXIVES = {"herself", "himself"}
_UNSURE = {"she's", "he's"}  # "is" or "has": the verb cannot be told
_CONTRACTED = {"she'd": "you'd", "he'd": "you'd", "she'll": "you'll", "he'll": "you'll"}
#: After "she" or "he", verbs that change with "you"; anything in the past or after a
#: modal stays as it is.
_AGREE = {"is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't",
          "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't", "goes": "go"}
_MODALS = {"can", "could", "will", "would", "should", "might", "may", "must", "did", "didn't",
           "had", "hadn't", "can't", "couldn't", "won't", "wouldn't", "shouldn't"}
_IRREGULAR_PAST = _words(
    "set ran took wrote led made got gave found held kept met saw sent spoke told brought thought "
    "chose began came went read put cut let sat stood won lost left felt heard knew paid said "
    "built drew grew drove fell hit hung taught caught bought sought spent dealt rode rose shook "
    "slept sold struck threw understood woke wore became forgot overcame undertook withdrew "
    "ran shared")
_ADVERBS = _words(
    "also always never still already just now often then finally really rarely usually sometimes "
    "mostly clearly quickly only even once again seldom barely actually proactively "
    "increasingly consistently regularly")
#: After "her", words that show it is an object ("gave her the deck", "thank her for").
_AFTER_OBJECT = _words(
    "the a an to that this these those about for with on in at from into how what why when "
    "whether if and or but by through up down out back off over again once twice too as "
    "before after during know some any directly today yesterday tomorrow here there later well "
    "personally privately") | _ADVERBS
#: Before "her", verbs that may take an object and a bare verb ("helped her prepare"): the
#: next word cannot tell "you" from "your", so the sentence is not rewritten.
_CAUSATIVE = _words(
    "let lets help helps helped make makes made have has had see sees saw watch watches watched "
    "hear hears heard")
#: Questions put the verb first ("Is she ready?"): the verb turns with the pronoun.
_ASKED = {"is": "are", "was": "were", "does": "do", "has": "have", "did": "did", "can": "can",
          "will": "will", "would": "would", "should": "should", "could": "could"}
_INVERTED = lazy(rf"(^|[.?!;:]\s+)({'|'.join(_ASKED)})\s+(?:she|he)\b", re.IGNORECASE)
_TALK_OPENERS = lazy(
    r"^(?:ask|check)\s+(?:(?:her|him)\s+)?(?:about\s+)?(?=\S)", re.IGNORECASE)
_REMIND = lazy(r"^remind\s+(?:her|him)\s+(?:to|about)\s+(?=\S)", re.IGNORECASE)
_TITLE_FIRST = lazy(r"^(\W*)(\w)")
#: Verbs an evidence note may open with, its subject (the PM) left unsaid: "Writes specs
#: alone" is "You write specs alone". Only verbs that are rarely a noun at the start of a
#: sentence ("Tests", "Plans", "Reviews" and "Leads" are left out: they often are).
_IMPLIED_VERBS = _words(
    "writes asks brings explains joins comes gives sends keeps takes makes prepares relies "
    "arrives involves spends speaks avoids struggles handles frames drives waits tends seems "
    "knows says thinks listens invites treats turns runs holds shares works talks ships "
    "owns facilitates presents jumps pushes hands involves chooses decides quotes checks "
    "reviews reads meets answers builds needs sees finds manages learns covers")
#: Past-tense openers: "Built a dashboard and checks it weekly" turns whole ("You built ... and
#: check it"), so a present verb after "and" is not left agreeing with an unsaid "she".
_PAST = lazy(r"^(?:[a-z]+ed|built|ran|wrote|led|held|took|gave|brought|sent|kept|spent|"
                   r"made|met|found|set|began|chose|drew|grew|got|put|read|sat|saw|spoke|"
                   r"taught|thought|told|won)$")
_AND_VERB = lazy(r"(\b(?:and|or)\s+)([a-z]+)\b")  # "Writes specs and asks...": both turn
#: A clause of its own whose subject is left unsaid too: "...; has not yet interviewed".
_CLAUSE_VERB = lazy(r"([;:]\s+|,\s+but\s+)([a-z]+)\b")
#: After a comma, an adverb and a verb of the same unsaid subject: "Knows the trade, rarely
#: speaks to users" is "You know the trade, rarely speak to users".
_COMMA_VERB = lazy(r"(,\s+(?:(?:" + "|".join(sorted(_ADVERBS)) + r")\s+)?)([a-z]+)\b")
#: Verbs that only agree with "she": left after "and" they show a verb not turned.
_STILL_THIRD = lazy(r"\b(?:and|or)\s+(?:has|is|was|does)\b")
_IMPLIED = lazy(r"^(\W*)([A-Z][a-z]+)\b(?!['\u2019])")


def _verb_for_you(word: str) -> str | None:
    """The form of a verb after "you", when it can be told for sure; None otherwise."""
    low = word.lower()
    if low in _AGREE:
        return _AGREE[low]
    if low.endswith("uses") and low not in ("uses",) and not low.endswith(("auses", "fuses")):
        return word[:-2]  # focuses -> focus
    if low in _MODALS or low in _IRREGULAR_PAST or low.endswith("ed"):
        return word
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if re.search(r"(ch|sh|ss|x|zz|o)es$", low):
        return word[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return word[:-1]
    return None


def _case(source: str, target: str) -> str:
    return target[:1].upper() + target[1:] if source[:1].isupper() else target


def _is_word(part: str) -> bool:
    return bool(part) and part[0].isalpha()


def to_pm(text: str, names: Iterable[str], implied_subject: bool = False) -> str | None:
    """``text`` addressed to the PM, or None when it speaks about them and cannot be turned.

    ``names`` are the ways the PM is named (first name, full name). An owner label at the
    start (``Priya: send the deck``) is the list's convention and stays as written. With
    ``implied_subject``, a note about the PM that opens with a common verb ("Writes specs
    alone") gets its unsaid subject back ("You write specs alone"): right for evidence
    written about one PM, not for a shared to-do list.
    """
    label = ""
    name_set = {n.strip() for n in names if n.strip()}
    head, sep, rest = text.partition(":")
    if sep and head.strip() in name_set:
        label, text = head + sep, rest
    single = sorted((n for n in name_set if " " not in n), key=len)
    for full in sorted((n for n in name_set if " " in n), key=len, reverse=True):
        if single:  # "Fatima Al-Sayed" is read as "Fatima"
            text = re.sub(rf"(?<!\w){re.escape(full)}(?!\w)", single[0], text)
    kept: list[str] = []

    def hide(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = _VERBATIM.sub(hide, text)
    opener = _IMPLIED.match(text) if implied_subject else None
    if opener and opener.group(2).lower() in _IMPLIED_VERBS:
        verb = _verb_for_you(opener.group(2).lower()) or opener.group(2).lower()
        rest = _AND_VERB.sub(lambda m: m.group(1) + (_verb_for_you(m.group(2)) or m.group(2))
                             if m.group(2) in _IMPLIED_VERBS else m.group(0), text[opener.end():])
        rest = _CLAUSE_VERB.sub(lambda m: m.group(1) + "you " + (_verb_for_you(m.group(2)) or "")
                                if m.group(2) in _IMPLIED_VERBS or m.group(2) in _AGREE
                                else m.group(0), rest)
        rest = _COMMA_VERB.sub(lambda m: m.group(1) + (_verb_for_you(m.group(2)) or m.group(2))
                               if m.group(2) in _IMPLIED_VERBS else m.group(0), rest)
        if _STILL_THIRD.search(rest):
            return None  # half a sentence turned to "you" reads worse than none
        text = f"{opener.group(1)}You {verb}{rest}"
    elif opener and _PAST.match(opener.group(2).lower()) and any(
            m.group(2) in _IMPLIED_VERBS for m in _AND_VERB.finditer(text[opener.end():])):
        rest = _AND_VERB.sub(lambda m: m.group(1) + (_verb_for_you(m.group(2)) or m.group(2))
                             if m.group(2) in _IMPLIED_VERBS else m.group(0), text[opener.end():])
        if _STILL_THIRD.search(rest):
            return None
        text = f"{opener.group(1)}You {opener.group(2).lower()}{rest}"
    else:
        opener = None
    text = _INVERTED.sub(
        lambda m: m.group(1) + _case(m.group(2), _ASKED[m.group(2).lower()]) + " you", text)
    parts = _WORD.findall(text)
    words = [i for i, p in enumerate(parts) if _is_word(p)]
    changed = opener is not None
    for pos, i in enumerate(words):
        word = parts[i]
        low = word.lower()
        nxt = parts[words[pos + 1]] if pos + 1 < len(words) else ""
        gap_after = "".join(parts[i + 1:words[pos + 1]]) if pos + 1 < len(words) else ""
        prev = parts[words[pos - 1]].lower() if pos > 0 else ""
        bare_name = word in name_set or (word.endswith("'s") and word[:-2] in name_set)
        if low in _UNSURE:
            return None
        if low in _CONTRACTED:
            parts[i] = _case(word, _CONTRACTED[low])
        elif low in _SUBJECTS or (bare_name and not word.endswith("'s") and _starts_clause(parts, i)):
            if not _subject(parts, words, pos):
                return None
        elif bare_name and word.endswith("'s"):
            parts[i] = "Your" if _starts_sentence(parts, i) else "your"
        elif bare_name:
            parts[i] = "You" if _starts_sentence(parts, i) else "you"
        elif low in _OBJECTS:
            parts[i] = _case(word, "you")
        elif low in _POSSESSIVES:
            parts[i] = _case(word, "your")
        elif low in _REFLEXIVES:
            parts[i] = _case(word, "yourself")
        elif low == "hers":
            parts[i] = _case(word, "yours")
        elif low == "her":
            ends = not nxt or any(c in gap_after for c in ".,;:!?)")
            if ends or nxt.lower() in _AFTER_OBJECT:
                parts[i] = _case(word, "you")
            elif prev in _CAUSATIVE:
                return None
            else:
                parts[i] = _case(word, "your")
        else:
            continue
        changed = True
    out = "".join(parts) if changed else text
    return label + re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], out)


def _starts_clause(parts: list[str], i: int) -> bool:
    """Is the word at ``i`` the subject of a clause (text start, or after . ; : , and)?"""
    before = "".join(parts[:i]).rstrip()
    return not before or before.endswith((".", ";", ":", "!", "?", ",", " and", " but", " so"))


def _starts_sentence(parts: list[str], i: int) -> bool:
    before = "".join(parts[:i]).rstrip(" \t*_~")
    return not before or before.endswith((".", "!", "?", ":"))


def _subject(parts: list[str], words: list[int], pos: int) -> bool:
    """Turn "she" (or the PM's name) at ``words[pos]`` and its verb into "you"; False if unsure."""
    i = words[pos]
    parts[i] = "You" if _starts_sentence(parts, i) else "you"
    nxt = pos + 1
    while nxt < len(words) and parts[words[nxt]].lower() in _ADVERBS:
        nxt += 1
    if nxt >= len(words):
        return False
    verb = _verb_for_you(parts[words[nxt]])
    if verb is None:
        return False
    # "she meets or beats": a second verb would need turning too, and it cannot be told
    # from a plural noun ("meets customers and partners"), so such a sentence stays as written.
    after = [parts[w].lower() for w in words[nxt + 1:nxt + 3]]
    if verb != parts[words[nxt]] and len(after) == 2 and after[0] in ("and", "or") \
            and after[1].endswith("s"):
        return False
    parts[words[nxt]] = verb
    return True


def topic(text: str, names: Iterable[str]) -> str | None:
    """A talking point the manager queued, as a topic for both ("Ask how X went" -> "How X went")."""
    stripped = text.strip()
    remind = _REMIND.match(stripped)
    if remind:
        stripped = "Reminder: " + stripped[remind.end():]
    else:
        opener = _TALK_OPENERS.match(stripped)
        if opener and stripped[opener.end():]:
            stripped = _TITLE_FIRST.sub(lambda m: m.group(1) + m.group(2).upper(),
                                        stripped[opener.end():], count=1)
    return to_pm(stripped, names)


_ITEM = lazy(r"^(\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?)(.*)$")
_HEADING = lazy(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SENTENCES = lazy(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(*_])")


def sentences(text: str, names: Iterable[str]) -> tuple[str, list[str]]:
    """A note turned to "you" sentence by sentence: the sentences that could be turned,
    joined, and the ones that could not, as written (for the manager's eyes)."""
    names = list(names)
    turned: list[str] = []
    kept: list[str] = []
    for sentence in _SENTENCES.split(text.strip()):
        shown = to_pm(sentence, names)
        (turned if shown is not None else kept).append(shown if shown is not None else sentence)
    return " ".join(turned), kept


def shared_notes(text: str, names: Iterable[str], start: str = "Notes") -> tuple[str, list[str]]:
    """A 1:1 file's shared part as the PM reads it: what was written from ``## Notes`` on,
    turned to "you" sentence by sentence; sentences that cannot be turned are left out.

    Returns the text and the sentences left out (for the manager's terminal). What pmkit
    prepared above the notes already speaks to the PM and is left as it is.
    """
    names = list(names)
    out: list[str] = []
    kept: list[str] = []
    inside = fence = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
        heading = _HEADING.match(line)
        if heading and not fence and len(heading.group(1)) == 2:
            inside = inside or heading.group(2).strip().casefold() == start.casefold()
        if not inside or fence or heading or not stripped or stripped.startswith("<!--"):
            out.append(line)
            continue
        item = _ITEM.match(line)
        prefix, body = (item.group(1), item.group(2)) if item else (
            line[:len(line) - len(line.lstrip())], line.strip())
        # The same rule as the recap: how the PM came across stays with the manager.
        body, judged = without_judgement(body)
        kept.extend(judged)
        shown, left = sentences(body, names) if body else ("", [])
        kept.extend(left)
        if shown:  # a note as written ("wrote up notes"), its subject given back as the recap does
            out.append(prefix + (shown if "[" in prefix else done_by_you(shown)))
    return "\n".join(out), kept


_SAME_DAY = {"today": "that day", "tonight": "that evening", "this morning": "that morning",
             "this afternoon": "that afternoon", "this evening": "that evening"}
_SAME_DAY_RE = lazy(r"\b(" + "|".join(_SAME_DAY) + r")\b", re.IGNORECASE)


def looking_back(text: str) -> str:
    """A line from an earlier 1:1 read a week later: its "today" was that day, not this one."""
    return _SAME_DAY_RE.sub(lambda m: _case(m.group(1), _SAME_DAY[m.group(1).lower()]), text)


_YOU = lazy(r"\b(yourself|yours|your|you)\b(?!['\u2019])(\s+\w+)?", re.IGNORECASE)
_YOU_SUBJECT = _words("are were have had can could will would should do did don't didn't "
                      "aren't weren't haven't need")


def about_pm(text: str, first_name: str) -> str:
    """A line pmkit turned to "you" read back by the manager: "introduce you to the lead"
    is "introduce Nina to the lead" again. Where "you" is a subject ("you are", "you
    can") the PM's name would need the verb changed too, so the line stays as it is."""
    if not first_name:
        return text
    for match in _YOU.finditer(text):
        after = (match.group(2) or "").strip().lower()
        if match.group(1).lower() == "you" and after in _YOU_SUBJECT:
            return text
        if match.start() == 0 or text[:match.start()].rstrip().endswith((".", "!", "?", ":")):
            return text

    def back(match: re.Match[str]) -> str:
        word = match.group(1).lower()
        name = first_name if word in ("you", "yourself") else f"{first_name}'s"
        return name + (match.group(2) or "")

    return _YOU.sub(back, text)


_TELL_ME = lazy(r"^tell me about\s+", re.IGNORECASE)
_US = lazy(r"\b(save|cost|give|tell|show|bring)(s?) us\b", re.IGNORECASE)


def reflective(question: str) -> str:
    """A coaching question as the PM reads it alone in their plan, not asked across a table:
    "Tell me about an idea ...; what did that save us?" -> "Think of an idea ...; what did
    that save your team?"."""
    text = _TELL_ME.sub("Think of ", question.strip())
    return _US.sub(lambda m: f"{m.group(1)}{m.group(2)} your team", text)


def names_pm(text: str, names: Sequence[str]) -> bool:
    """Whether a remark names the PM, by first or full name, rather than "he" or "she"."""
    return any(re.search(rf"\b{re.escape(name)}\b", text) for name in names)


def raised(text: str) -> str:
    """A note as written ("wrote up notes ...") with its first letter raised, to read as the
    sentences around it do; a word that opens in capitals ("iOS", "PMs") stays as written."""
    return text[:1].upper() + text[1:] if text[1:2].islower() or text[1:2] == " " else text


def pm_names(person: Person) -> list[str]:
    """How notes name the PM: full name and first name."""
    name = " ".join(person.name.split())
    return [n for n in (name, name.split()[0] if name else "") if n]
