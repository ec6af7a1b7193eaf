"""Notes pasted again: a line of a 1:1's notes written word for word in an earlier 1:1's notes.

It is not news, so one rule finds it for every reader: the next agenda's recap leaves it
out, the PM's copy of the 1:1 leaves it out silently, and the manager is told once, privately.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pmkit.documents import notes
from pmkit.documents.line_goals import plain

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex


def pasted(page: list[Any], earlier: Iterable[tuple[dt.date, list[Any]]], index: ModelIndex,
           *, recaps: Sequence[list[str]] | None = None) -> list[tuple[str, dt.date]]:
    """The notes lines of ``page`` written word for word in the notes of an ``earlier``
    1:1 (date, tokens of its shared part), each with the date it was first written.
    ``recaps``, when the caller has read them already, are the ``notes.recap`` lines of
    each earlier page in order, then of ``page``."""
    earlier = list(earlier)
    if recaps is None:
        recaps = [notes.recap(tokens, index, most=50) for _, tokens in [*earlier, (None, page)]]
    first: dict[str, dt.date] = {}
    for (day, _), lines in sorted(zip(earlier, recaps, strict=False), key=lambda pair: pair[0][0]):
        for line in lines:
            first.setdefault(plain(line), day)
    return [(line, first[plain(line)]) for line in recaps[len(earlier)] if plain(line) in first]


def without(text: str, lines: Collection[str] | Mapping[str, dt.date]) -> str:
    """``text`` without the paragraphs and bullets of its notes that read as ``lines`` do
    (compared by their words), sub-bullets and all; the rest exactly as written.

    Nothing stands in their place: a pointer to another 1:1 reads to the PM as a tool's
    remark about the manager's notes. A sub-heading of the notes left with no lines goes too."""
    keys = {plain(line) for line in lines}
    if not keys:
        return text
    rows = text.split("\n")
    tokens = notes.parse(text)
    gone: set[int] = set()
    heads: dict[int, int] = {}  # heading line: level
    emptied: set[int] = set()  # sub-headings of the notes that lost a line
    inside = False
    depth = 0
    section = -1
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.map is not None:
            heads[token.map[0]] = int(token.tag[1])
            section = token.map[0] if inside and int(token.tag[1]) > 2 else -1
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
                if section >= 0:
                    emptied.add(section)
    for head in sorted(emptied, reverse=True):  # the deepest first: a parent sees its children
        level = heads[head]
        end = next((line for line in sorted(heads) if line > head and heads[line] <= level),
                   len(rows))
        if all(number in gone or not rows[number].strip() for number in range(head + 1, end)):
            gone.update(range(head, end))
    out: list[str] = []
    for number, row in enumerate(rows):
        if number in gone:
            continue
        if not row.strip() and out and not out[-1].strip() and number > 0 and number - 1 in gone:
            continue  # no double blank line left where lines were taken out
        out.append(row)
    return "\n".join(out)


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
