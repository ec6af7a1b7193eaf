"""Markdown text helpers: user text made safe for a document, and whitespace tidied.

These are the filters templates use (``inline``, ``sentence``, ``cell``) and the pass
that makes every rendered document meet markdownlint's whitespace rules.
"""

from __future__ import annotations

import re
from typing import Any

_BLOCK_START = re.compile(r"^(#{1,6}(\s|$)|>|[-+*](\s|$)|[-*_](\s*[-*_]){2,}\s*$|=+\s*$|`{3}|~{3}|\[[ xX]\])")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(\s|$)")
_HTML_LIKE = re.compile(r"(?<!\\)<(?!(?:https?|mailto):[^\s<>]*>)(?=[A-Za-z/!?])")
_BARE_URL = re.compile(r"(?<![<(\[\w])(https?://[^\s<>()]+[^\s<>().,;:!?'\"])")


def inline(value: Any) -> str:
    """One line of user text made safe to drop into a paragraph, list item or heading.

    Whitespace (newlines included) collapses to single spaces, so a multi-line value
    cannot break the document's structure; a leading ``#``, ``>``, ``-``, ``1.`` or
    ``[ ]`` is escaped so it cannot start a heading, quote, list or task; HTML-looking
    ``<`` is escaped; bare links become autolinks. Emphasis and code spans still work.
    """
    text = " ".join(str(value).split())
    if not text:
        return ""
    text = _HTML_LIKE.sub(r"\\<", text)
    text = _BARE_URL.sub(r"<\1>", text)
    if _BLOCK_START.match(text):
        return "\\" + text
    return _ORDERED_START.sub(r"\1\\\2\3", text, count=1)


def sentence(value: Any) -> str:
    """Like :func:`inline`, ending with a full stop unless it already ends a sentence."""
    text = inline(value)
    # A closing quote or bracket after the sentence's own stop ends it already: 'it worked."'
    end = text.rstrip("\"'”’)*_")
    return text + "." if end and end[-1] not in ".!?…:;" else text


def cell(value: Any) -> str:
    """User text for a table cell: one line, pipes escaped."""
    return inline(value).replace("|", "\\|")


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def tidy_markdown(text: str) -> str:
    """No trailing spaces, no runs of blank lines, exactly one final newline.

    Templates are easier to write (and to customise) when whitespace need not be
    perfect; this pass makes the output pass markdownlint's whitespace rules anyway.
    Lines inside fenced code blocks are left alone.
    """
    out: list[str] = []
    fence: str | None = None
    for line in text.replace("\r\n", "\n").split("\n"):
        match = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
        line = line.rstrip()
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
