"""The manager's notes laid out as markdownlint expects, in the PM's copy of a 1:1 only.

People write notes with ``*`` or ``+`` bullets, leave two blank lines between thoughts and
indent a sub-item by three spaces. The 1:1 file is the manager's and is never touched;
the PM's copy is generated, so it is tidied: every bullet a ``-`` followed by one space,
one blank line at most, and a bullet nested under bullets indented two spaces a level.
Code blocks are left exactly as written, and what sits under a numbered item keeps its
place beneath it (moved only as far as that item moved).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BULLET = re.compile(r"^( *)([-*+])( +)(\S.*)?$")
_ORDERED = re.compile(r"^( *)(\d{1,9}[.)])( +)(\S.*)?$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BREAK = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")


@dataclass(frozen=True)
class _Item:
    content: int
    """The column the item's text starts at, as written: deeper lines belong to it."""
    shift: int
    """How far the item moved left (negative) or right; lines inside it move as far."""
    bullets_only: bool
    """The item and every list around it are bullets: its sub-bullets are indented by two."""
    new_content: int
    ordered: bool = False


def tidy_lists(text: str) -> str:
    """``text`` with its bullets, blank lines and nested bullet indentation made regular."""
    out: list[str] = []
    stack: list[_Item] = []
    fence: str | None = None
    for line in text.split("\n"):
        if fence is not None:
            out.append(line)
            if line.strip().startswith(fence):
                fence = None
            continue
        if (opened := _FENCE.match(line)) is not None:
            fence = opened.group(1)[0] * 3
            out.append(line)
            continue
        if not line.strip():
            if out and not out[-1].strip():
                continue  # one blank line is enough between any two blocks
            out.append("")
            continue
        indent = len(line) - len(line.lstrip(" "))
        was = stack[0].ordered if stack else None
        while stack and indent < stack[-1].content:
            stack.pop()
        bullet = _BULLET.match(line) if not _BREAK.match(line) else None
        ordered = _ORDERED.match(line)
        # A list right under a paragraph, or a numbered list straight after a bulleted one,
        # starts a new list: markdownlint wants a blank line before it.
        starts = not stack and (bullet is not None or ordered is not None)
        if starts and out and out[-1].strip() and was != (bullet is None):
            out.append("")
        if bullet is None and ordered is None:
            if stack:  # outside any list (an indented code block too) it stays as written
                line = " " * max(0, indent + stack[-1].shift) + line.lstrip(" ")
            out.append(line)
            continue
        parent = stack[-1] if stack else None
        if bullet is not None:
            if parent is None:
                new = 0 if indent < 4 else indent
            elif parent.bullets_only:
                new = parent.new_content
            else:
                new = max(0, indent + parent.shift)
            body = bullet.group(4) or ""
            out.append((" " * new + "- " + body).rstrip())
            stack.append(_Item(indent + 1 + len(bullet.group(3)), new - indent,
                               parent is None or parent.bullets_only, new + 2))
            continue
        assert ordered is not None
        new = max(0, indent + parent.shift) if parent is not None else indent
        out.append(" " * new + line.lstrip(" "))
        width = len(ordered.group(2)) + len(ordered.group(3))
        stack.append(_Item(indent + width, new - indent, False, new + width, True))
    return "\n".join(out)


_HEADING = re.compile(r"^(#{2,6}) \S")


def without_empty(text: str, first: str) -> str:
    """A held 1:1's copy without headings from ``first`` (the notes' heading) on that have
    nothing left under them, as when every note line was pasted from an earlier 1:1: an
    empty "Notes" reads as a meeting where nothing was said."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip() == first), None)
    if start is None:
        return text
    below: int | None = None  # the level of the next heading down, None at the end
    for i in range(len(lines) - 1, start - 1, -1):
        heading = _HEADING.match(lines[i])
        if heading is None:
            if lines[i].strip():
                below = 7  # content: the heading above it is not empty
            continue
        level = len(heading.group(1))
        if below is None or below <= level:
            del lines[i]
        else:
            below = level
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return out.rstrip("\n") + "\n" if text.endswith("\n") else out.rstrip("\n")
