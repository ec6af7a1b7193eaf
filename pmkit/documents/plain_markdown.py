"""Reading the plain Markdown most 1:1 files are written in, without importing markdown-it.

Importing markdown-it costs a tenth of a cold ``pmkit plan``, yet a 1:1 file usually holds
only ATX headings, paragraphs and bullet lists (tasks included). :func:`tokens` reads such a
file into the same block tokens markdown-it's CommonMark parser gives (type, tag, nesting,
level, the first line of ``map``, the inline ``content``) and returns None for anything
else: a quote, code, HTML, a numbered list, a tab, a setext heading, a thematic break, a
link definition, deep nesting. The caller then parses with markdown-it, so a file is never
misread; tests run the hostile corpus and random documents through both and require the
same tokens wherever this reader answers.
"""

from __future__ import annotations

import re

#: Deeper lists go to markdown-it, which also enforces pmkit's nesting limit.
MAX_DEPTH = 12
_BULLET = re.compile(r"([-*+])( +)(.*)")
_HEADING = re.compile(r"(#{1,6}) +(.*)")
_TASK_START = re.compile(r"\[[ xX]\](?: |$)")
_THEMATIC = re.compile(r"([-*_])(?: *\1){2,} *")
_UNDERLINE = re.compile(r"(?:=+|-+) *")
_ORDERED = re.compile(r"\d{1,9}[.)](?: |$)")
_STARTERS = (">", "<", "```", "~~~", "#")
_ITEM_START = re.compile(r"[-*+](?: |$)")
_ODD_SPACE = re.compile(r"[^\S \n]|[\x00-\x08\x0e-\x1f\x7f]")


class Token:
    """The part of a markdown-it token that pmkit's readers use."""

    __slots__ = ("content", "level", "map", "nesting", "tag", "type")

    def __init__(self, type: str, tag: str, nesting: int, level: int,
                 line: int | None = None, content: str = "") -> None:
        self.type = type
        self.tag = tag
        self.nesting = nesting
        self.level = level
        self.map = [line, line + 1] if line is not None else None
        self.content = content

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.tag!r}, level={self.level}, content={self.content!r})"


class _Decline(Exception):
    """The text holds something this reader does not read: markdown-it must."""


class _Reader:
    def __init__(self) -> None:
        self.out: list[Token] = []
        self.level = 0
        self.items: list[tuple[str, int]] = []  # open list items: (marker, content column)
        self.para: list[str] | None = None  # lines of the open paragraph
        self.para_indent = 0
        self.para_line = 0
        self.blank = False

    def emit(self, type: str, tag: str, nesting: int, line: int | None = None,
             content: str = "") -> None:
        if nesting < 0:
            self.level -= 1
        self.out.append(Token(type, tag, nesting, self.level, line, content))
        if nesting > 0:
            self.level += 1

    def close_paragraph(self) -> None:
        if self.para is not None:
            self.emit("inline", "", 0, self.para_line, "\n".join(self.para).strip())
            self.emit("paragraph_close", "p", -1)
            self.para = None

    def open_paragraph(self, line: int, text: str, indent: int) -> None:
        if text.startswith("[") and not _TASK_START.match(text):
            raise _Decline  # perhaps a link reference definition
        self.emit("paragraph_open", "p", 1, line)
        self.para, self.para_indent, self.para_line = [text], indent, line

    def close_items(self, keep: int) -> None:
        """Close every list item (and its list) deeper than ``keep``."""
        self.close_paragraph()
        while len(self.items) > keep:
            self.items.pop()
            self.emit("list_item_close", "li", -1)
            self.emit("bullet_list_close", "ul", -1)

    def line(self, number: int, raw: str) -> None:
        rest = raw.lstrip(" ")
        if not rest:
            self.close_paragraph()
            self.blank = True
            return
        indent = len(raw) - len(rest)
        if (_starts_block(rest) and not _HEADING.fullmatch(rest) and not _BULLET.fullmatch(rest)) \
                or _UNDERLINE.fullmatch(rest) or _THEMATIC.fullmatch(rest):
            raise _Decline
        inside = sum(1 for _, column in self.items if column <= indent)
        relative = indent - (self.items[inside - 1][1] if inside else 0)
        heading = _HEADING.fullmatch(rest)
        bullet = _BULLET.fullmatch(rest)
        if heading:
            title = heading.group(2).strip()
            if indent or not title or title.endswith("#"):
                raise _Decline
            self.close_items(0)
            tag = f"h{len(heading.group(1))}"
            self.emit("heading_open", tag, 1, number)
            self.emit("inline", "", 0, number, title)
            self.emit("heading_close", tag, -1)
        elif bullet:
            marker, spaces, text = bullet.groups()
            if relative >= 4 or len(spaces) > 4 or not text.strip() or _starts_block(text):
                raise _Decline
            if inside < len(self.items) and self.items[inside][0] == marker:
                self.close_items(inside + 1)
                self.items.pop()
                self.emit("list_item_close", "li", -1)
            else:
                self.close_items(inside)
                if len(self.items) >= MAX_DEPTH:
                    raise _Decline
                self.emit("bullet_list_open", "ul", 1, number)
            self.items.append((marker, indent + 1 + len(spaces)))
            self.emit("list_item_open", "li", 1, number)
            self.open_paragraph(number, text, self.items[-1][1])
        elif self.para is not None and not self.blank:
            self.para.append(raw[min(indent, self.para_indent):])  # a continuation line
        else:
            if relative >= 4:
                raise _Decline  # indented code
            self.close_items(inside)
            self.open_paragraph(number, rest, self.items[-1][1] if self.items else 0)
        self.blank = False


def _starts_block(text: str) -> bool:
    """Does ``text`` open a block other than a paragraph (or a bullet, checked apart)?"""
    return bool(text.startswith(_STARTERS) or _ITEM_START.match(text) or _ORDERED.match(text)
                or _THEMATIC.fullmatch(text))


def tokens(text: str) -> list[Token] | None:
    """markdown-it's block tokens for ``text``, or None when markdown-it must read it."""
    if _ODD_SPACE.search(text):
        return None
    reader = _Reader()
    try:
        for number, raw in enumerate(text.split("\n")):
            reader.line(number, raw)
    except _Decline:
        return None
    reader.close_items(0)
    return reader.out
