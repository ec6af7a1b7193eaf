"""Notes pasted again: a line of a 1:1's notes written word for word in an earlier 1:1's notes.

It is not news, so one rule finds it for every reader: the next agenda's recap leaves it
out, the PM's copy of the 1:1 leaves it out, and the manager is told once, privately.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pmkit.documents import notes
from pmkit.documents.line_goals import plain

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex


def pasted(page: list[Any], earlier: Iterable[tuple[dt.date, list[Any]]], index: ModelIndex
           ) -> list[tuple[str, dt.date]]:
    """The notes lines of ``page`` written word for word in the notes of an ``earlier``
    1:1 (date, tokens of its shared part), each with the date it was first written."""
    first: dict[str, dt.date] = {}
    for day, tokens in sorted(earlier, key=lambda pair: pair[0]):
        for line in notes.recap(tokens, index, most=50):
            first.setdefault(plain(line), day)
    return [(line, first[plain(line)]) for line in notes.recap(page, index, most=50)
            if plain(line) in first]


def without(text: str, lines: Collection[str] | Mapping[str, dt.date]) -> str:
    """``text`` without the paragraphs and bullets of its notes that read as ``lines`` do
    (compared by their words), sub-bullets and all; the rest exactly as written.

    Given the date each line was first written, a section that lost lines says so in one
    neutral line where the first of them stood, so the reader knows something was left out
    and where it was said before."""
    keys = {plain(line) for line in lines}
    if not keys:
        return text
    dates = {plain(line): day for line, day in lines.items()} if isinstance(lines, Mapping) else {}
    rows = text.split("\n")
    tokens = notes.parse(text)
    gone: set[int] = set()
    said: dict[int, tuple[int, set[dt.date]]] = {}  # section's heading line: first gone, dates
    inside = False
    depth = 0
    section = -1
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.map is not None:
            section = token.map[0]
        if token.type == "heading_open" and int(token.tag[1]) <= 2:
            inside = (int(token.tag[1]) == 2 and tokens[i + 1].content.strip().casefold()
                      == notes.NOTES_HEADING.casefold())
        elif token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            depth -= 1
        elif (inside and token.type == "inline" and tokens[i - 1].type == "paragraph_open"
              and plain(" ".join(token.content.split())) in keys):
            in_item = i >= 2 and tokens[i - 2].type == "list_item_open"
            start = (tokens[i - 2] if in_item else tokens[i - 1]).map
            if start is not None and (depth == 0 or (depth == 1 and in_item)):
                gone.update(_block(rows, start[0], in_item))
                day = dates.get(plain(" ".join(token.content.split())))
                if day is not None:
                    said.setdefault(section, (start[0], set()))[1].add(day)
    put = {first: _same_as(days) for first, days in said.values()}
    out: list[str] = []
    for number, row in enumerate(rows):
        if number in put:
            if out and out[-1].strip():
                out.append("")
            out.append(put[number])
        if number not in gone:
            out.append(row)
    return "\n".join(out)


def _same_as(days: set[dt.date]) -> str:
    """The one line standing for a section's notes left out: where they were first written."""
    named = [day.isoformat() for day in sorted(days)]
    when = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return f"- The same notes as on {when}."


def _block(rows: list[str], first: int, item: bool) -> range:
    """The lines of the paragraph or list item starting at line ``first`` (0-based): up to
    a blank line, or, for an item, up to the next line no deeper than its bullet."""
    indent = len(rows[first]) - len(rows[first].lstrip())
    end = first + 1
    while end < len(rows) and rows[end].strip():
        deeper = len(rows[end]) - len(rows[end].lstrip()) > indent
        if item and not deeper:
            break
        if not item and rows[end].lstrip().startswith(("#", "- ", "* ", "+ ")):
            break
        end += 1
    return range(first, end)


def first_written(pages: Sequence[list[str]]) -> list[list[str]]:
    """Each page's notes lines (as ``notes.recap`` reads them, oldest page first) less those
    written word for word on an earlier page: a line pasted again counts once, where it was
    first written, for whatever reads a pattern across 1:1s."""
    seen: set[str] = set()
    out: list[list[str]] = []
    for lines in pages:
        out.append([line for line in lines if plain(line) not in seen])
        seen.update(plain(line) for line in lines)
    return out
