"""Read the one YAML layout pmkit writes, line by line, without a YAML library.

Most files pmkit reads are files it wrote itself (:mod:`pmkit.files.quick_yaml`): block
mappings indented by two, lists as ``- item`` two deeper than their key, a mapping in a
list starting on the dash's line, flow mappings and lists of plain or quoted words (on
one line or a few), plain and simply quoted text (``\\"`` and ``\\\\`` the only escapes),
folded and literal values without blank lines inside, whole-line comments and a comment
after a plain value. This reader knows that layout and nothing else. It never refuses a
file and never guesses: at the first line or character it does not know for sure (a tab,
a carriage return, an anchor, a tag, an odd indent, a blank line inside a block value, a
duplicate key, a float as a key) it gives up and the file goes to libyaml, then to the
careful reader, exactly as before. Scalars are typed by the fast reader's own rules
(passed in), so a file it reads gives the same data libyaml's path gives, with no import
of libyaml and about half the time."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# A key pmkit writes unquoted (quick_yaml writes exactly these without quotes); its type
# (text, number, date) is the scalar rule's.
KEY = "[A-Za-z0-9_][A-Za-z0-9_.-]*"
# The first character of a plain value: a letter, a digit, "(" or any non-ASCII character
# that is not a space of some kind. Every YAML indicator is left out.
_FIRST = r"(?:[A-Za-z0-9(]|[^\x00-\x7f\s])"
# A plain value in a block: a colon only when no space follows (as in "1:1s"); a "#"
# after a space starts a comment, cut off before this is matched.
_BLOCK_PLAIN = re.compile(_FIRST + r"(?:[^\x00-\x1f\x7f:]|:(?=[^ ]))*")
# A value inside a one-line flow mapping or list, then ", " or the end.
_FLOW_VALUE = (r"""(?:(?P<quoted>"(?:[^"\\]|\\["\\])*"|'(?:[^']|'')*')|(?P<plain>""" + _FIRST
               + r"[^\x00-\x1f\x7f:#{}\[\],]*))(?:, (?=.)|$)")
_FLOW_PAIR = re.compile(rf"(?P<key>{KEY}): {_FLOW_VALUE}")
_FLOW_ITEM = re.compile(_FLOW_VALUE)
_LINE = re.compile(rf"( *)(- )?(?:({KEY}):(?: (.+))?|(.+))")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\["\\])*)"')  # only \" and \\ escaped
_ESCAPED = re.compile(r'\\(["\\])')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")  # '' inside is one quote
# What libyaml reads differently or refuses: a carriage return, tabs, other line breaks,
# a byte-order mark inside, and the two non-characters.
_UNKNOWN = re.compile("[\r\t\x85\u2028\u2029\ufeff\ufffe\uffff]")
_MAX_INDENT = 40  # far below the nesting limit
_MAX_WEIGHT = 90_000  # a bound on the values, far below the node limit


def _without_comment(value: str) -> str | None:
    """A plain value without the comment after it ("7   # days between 1:1s"); None when
    only a comment is left. Quoted and flow values keep their "#" (and then give up)."""
    if value.lstrip(" ")[:1] == "#":
        return None
    if value[0] in "\"'{[":
        return value
    cut = value.find(" #")
    return value if cut < 0 else value[:cut].rstrip(" ")


_BLOCK_STYLES = {">-": (" ", ""), ">": (" ", "\n"), "|-": ("\n", ""), "|": ("\n", "\n")}


def _block_scalar(lines: list[str], at: int, indent: int, style: str) -> tuple[str | None, int]:
    """A folded (``>``) or literal (``|``) value whose lines all start at ``indent``, with
    no blank or more-indented line inside (None otherwise), and the line after it."""
    content: list[str] = []
    while at < len(lines):
        line = lines[at]
        if not line:
            following = next((rest for rest in lines[at:] if rest), "")
            if len(following) - len(following.lstrip(" ")) >= indent:
                return None, at  # a blank line inside the value
            break
        inside = len(line) - len(line.lstrip(" "))
        if inside < indent:
            break
        if inside > indent or line[-1] == " ":
            return None, at
        content.append(line[indent:])
        at += 1
    if not content:
        return None, at
    joint, end = _BLOCK_STYLES[style]
    return joint.join(content) + end, at


_CLOSING = {"{": "}", "[": "]"}


def _unquote(quote: str, inner: str) -> str:
    """Quoted text as YAML reads it: '' is one quote in single quotes; in double quotes
    the only escapes let through are a backslash before a quote or a backslash."""
    if quote == "'":
        return inner.replace("''", "'")
    return _ESCAPED.sub(r"\1", inner) if "\\" in inner else inner


_MAX_FLOW_LINES = 20


def _flow_lines(lines: list[str], at: int, indent: int, value: str) -> tuple[str | None, int]:
    """A flow mapping or list that goes on over the next lines, as one line: in a flow,
    a line break and the next line's indent read as one space. None when a line is
    blank, a comment, not indented past ``indent`` or ends in a space."""
    parts = [value]
    while at < len(lines) and len(parts) < _MAX_FLOW_LINES:
        line = lines[at]
        rest = line.lstrip(" ")
        if not rest or rest[0] == "#" or len(line) - len(rest) <= indent or line[-1] == " ":
            return None, at
        parts.append(rest)
        at += 1
        if rest[-1] == _CLOSING[value[0]]:
            return " ".join(parts), at
    return None, at


class _GiveUp(Exception):
    pass


Scalar = Callable[[str], Any]


def read(text: str, scalar: Scalar) -> dict[str, Any] | None:
    """The mapping ``text`` holds, or None when it is not in pmkit's own layout.

    ``text`` must hold no control character (the caller checks); ``scalar`` types a plain
    scalar, and what it raises for one the fast reader does not read goes to the caller.
    """
    if _UNKNOWN.search(text):
        return None
    lines = text.split("\n")
    if 6 * len(lines) + 3 * text.count(",") > _MAX_WEIGHT:
        return None
    rows: list[tuple[int, bool, str | None, str | None, str | None]] = []
    line_match = _LINE.fullmatch
    at = 0
    while at < len(lines):
        line = lines[at]
        at += 1
        if not line or line.lstrip(" ")[:1] == "#":
            continue
        match = line_match(line)
        if match is None or line[-1] == " ":
            return None
        indent, dash, key, value, item = match.groups()
        if len(indent) > _MAX_INDENT or (dash is None and key is None):
            return None
        if key is None:
            value = item
        if value is not None and "#" in value:
            value = _without_comment(value)
            if value is None and key is None:
                return None  # a list item holding only a comment
        if value is not None and value[0] in "{[" and value[-1] != _CLOSING[value[0]]:
            value, at = _flow_lines(lines, at, len(indent), value)
            if value is None:
                return None
        block = None
        if value in _BLOCK_STYLES:
            if key is None:
                return None
            block, at = _block_scalar(lines, at, len(indent) + (4 if dash else 2), value)
            if block is None:
                return None
            value = None
        rows.append((len(indent), dash is not None, key, value, block))
    if not rows or rows[0][0] != 0 or rows[0][1]:
        return None
    memo = _MEMOS.setdefault(scalar, ({}, {}))
    if len(memo[0]) + len(memo[1]) > _MAX_MEMO:
        memo[0].clear()
        memo[1].clear()
    try:
        data, end = _Reader(rows, scalar, *memo).mapping(0, 0)
    except _GiveUp:
        return None
    return data if end == len(rows) else None


_MISS = object()
_MAX_MEMO = 20_000
# Keys and plain values seen before, with what they mean: a team's files repeat them.
_MEMOS: dict[Scalar, tuple[dict[str, Any], dict[str, Any]]] = {}


class _Reader:
    def __init__(self, rows: list[tuple[int, bool, str | None, str | None, str | None]], scalar: Scalar,
                 keys: dict[str, Any], values: dict[str, Any]) -> None:
        self.rows = rows
        self.scalar = scalar
        self.keys = keys
        self.values = values

    def key(self, text: str) -> Any:
        key = self.keys.get(text, _MISS)
        if key is _MISS:
            key = self.keys[text] = self.scalar(text)
        if isinstance(key, float):
            raise _GiveUp
        return key

    def block(self, at: int, indent: int) -> tuple[Any, int]:
        if self.rows[at][1]:
            return self.sequence(at, indent)
        return self.mapping(at, indent)

    def mapping(self, at: int, indent: int, first: str | None = None) -> tuple[dict[Any, Any], int]:
        """A block mapping at ``indent``; ``first``: its first key is on a list's dash line."""
        rows = self.rows
        out: dict[Any, Any] = {}
        while at < len(rows):
            row_indent, dash, key_text, value, block = rows[at]
            if first is not None:
                row_indent, dash, first = indent, False, None
            if row_indent < indent:
                break
            if row_indent > indent or dash:
                raise _GiveUp  # deeper than a value allows, or a list under a mapping's keys
            assert key_text is not None
            key = self.key(key_text)
            if key in out:
                raise _GiveUp
            at += 1
            following = rows[at][0] if at < len(rows) else -1
            if block is not None or value is not None:
                out[key] = self.value(value) if value is not None else block
                if following > indent:
                    raise _GiveUp  # a value continued on the next line
            elif following == indent + 2:
                out[key], at = self.block(at, indent + 2)
            elif following > indent or (following == indent and rows[at][1]):
                raise _GiveUp  # another indent, or a list level with its key
            else:
                out[key] = None
        return out, at

    def sequence(self, at: int, indent: int) -> tuple[list[Any], int]:
        rows = self.rows
        out: list[Any] = []
        while at < len(rows):
            row_indent, dash, key_text, value, _ = rows[at]
            if row_indent < indent:
                break
            if row_indent > indent or not dash:
                raise _GiveUp
            if key_text is not None:
                # A mapping in the list: its first key on the dash's line, two deeper.
                item, at = self.mapping(at, indent + 2, key_text)
                out.append(item)
                continue
            if value is None:
                raise _GiveUp
            out.append(self.value(value))
            at += 1
            if at < len(rows) and rows[at][0] > indent:
                raise _GiveUp
        return out, at

    def value(self, text: str) -> Any:
        known = self.values.get(text, _MISS)
        if known is not _MISS:
            return known
        first = text[0]
        if first == "{":
            return self.flow_mapping(text)
        if first == "[":
            return self.flow_list(text)
        if first == '"' or first == "'":
            match = (_DOUBLE if first == '"' else _SINGLE).fullmatch(text)
            if match is None:
                raise _GiveUp
            return _unquote(text[0], match.group(1))
        if _BLOCK_PLAIN.fullmatch(text) is None:
            raise _GiveUp
        value = self.values[text] = self.scalar(text)
        return value

    def flow_item(self, match: re.Match[str]) -> Any:
        """A value in a flow mapping or list: quoted text, or a plain scalar."""
        quoted, plain = match.group("quoted"), match.group("plain")
        if quoted is not None:
            return _unquote(quoted[0], quoted[1:-1])
        if plain.endswith(" "):
            raise _GiveUp
        return self.scalar(plain)

    def flow_mapping(self, text: str) -> dict[Any, Any]:
        if not text.endswith("}"):
            raise _GiveUp
        inner = text[1:-1]
        out: dict[Any, Any] = {}
        at = 0
        while at < len(inner):
            match = _FLOW_PAIR.match(inner, at)
            if match is None:
                raise _GiveUp
            key = self.key(match.group("key"))
            if key in out:
                raise _GiveUp
            out[key] = self.flow_item(match)
            at = match.end()
        return out

    def flow_list(self, text: str) -> list[Any]:
        if not text.endswith("]"):
            raise _GiveUp
        inner = text[1:-1]
        out: list[Any] = []
        at = 0
        while at < len(inner):
            match = _FLOW_ITEM.match(inner, at)
            if match is None:
                raise _GiveUp
            out.append(self.flow_item(match))
            at = match.end()
        return out
