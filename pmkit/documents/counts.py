"""Small counts in words, as the documents write them ("three 1:1s", "no colleague").

One table for every document, so a count reads the same in a plan, an agenda, the
handbook and the upward report. Each caller says how far words go before digits do.
"""

from __future__ import annotations

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen", "twenty")


def in_words(count: int, most: int = 20) -> str:
    """``count`` in words up to ``most`` (zero is "no"), in digits beyond."""
    return _WORDS[count] if 0 <= count <= min(most, len(_WORDS) - 1) else str(count)


def in_words_to_ten(n: int) -> str:
    """A count of weeks, dates or milestones in words up to ten ("seven"), digits beyond;
    zero stays "0", a figure rather than "no"."""
    return in_words(n, most=10) if n else str(n)


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth")


def ordinal(n: int) -> str:
    """``n`` as a place in words ("second") up to the tenth, "11th" beyond."""
    return _ORDINALS[n - 1] if 1 <= n <= len(_ORDINALS) else f"{n}th"
