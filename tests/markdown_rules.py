"""Check a generated Markdown document the way markdownlint's default rules would.

The document is parsed with markdown-it-py (CommonMark plus GitHub tables); the
structure found (headings, task items, tables) is returned so tests can assert on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

_TASK = re.compile(r"^\[([ xX])\]\s+(.*)$", re.DOTALL)


@dataclass
class Structure:
    headings: list[tuple[int, str]] = field(default_factory=list)
    tasks: list[tuple[bool, str]] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)

    def section(self, title: str) -> int:
        return [text for _, text in self.headings].index(title)


def check_markdown(text: str) -> Structure:
    """Assert the whitespace and structure rules; return what the document holds."""
    assert text.endswith("\n") and not text.endswith("\n\n"), "must end with exactly one newline"
    lines = text.split("\n")[:-1]
    for number, line in enumerate(lines, 1):
        assert line == line.rstrip(), f"line {number} has trailing whitespace: {line!r}"
        assert "\t" not in line, f"line {number} has a hard tab"
        if number > 1:
            assert line or lines[number - 2], f"line {number}: multiple consecutive blank lines"

    def blank_before(start: int) -> None:
        assert start == 0 or not lines[start - 1].strip(), \
            f"line {start + 1} ({lines[start]!r}) needs a blank line before it"

    def blank_after(end: int) -> None:
        # markdown-it counts a list's trailing blank line as part of the list
        if end >= len(lines) or not lines[end - 1].strip():
            return
        assert not lines[end].strip(), f"line {end} ({lines[end - 1]!r}) needs a blank line after it"

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    out = Structure()
    assert tokens and tokens[0].type == "heading_open" and tokens[0].tag == "h1", \
        "the first line must be the top-level heading"
    previous_level = 0
    list_depth = 0
    row: list[str] | None = None
    table: list[list[str]] | None = None
    for i, token in enumerate(tokens):
        private_marker = token.type == "html_block" and token.content.startswith("<!-- pmkit:private")
        assert private_marker or token.type not in {"html_block", "html_inline"}, \
            f"raw HTML: {token.content!r}"
        if token.type == "inline":
            assert not any(child.type == "html_inline" for child in token.children or []), \
                f"raw HTML in {token.content!r}"
        if token.type == "heading_open":
            level = int(token.tag[1])
            assert level <= previous_level + 1, f"heading level skipped at {tokens[i + 1].content!r}"
            assert token.markup.startswith("#"), "headings must be ATX (#) headings"
            previous_level = level
            title = tokens[i + 1].content
            assert title not in [t for _, t in out.headings], f"duplicate heading {title!r}"
            out.headings.append((level, title))
            assert token.map is not None
            blank_before(token.map[0])
            blank_after(token.map[1])
        elif token.type in {"bullet_list_open", "ordered_list_open"}:
            if token.type == "bullet_list_open":
                assert token.markup == "-", "bullet lists use '-'"
            if list_depth == 0 and token.map is not None:
                blank_before(token.map[0])
                blank_after(token.map[1])
            list_depth += 1
        elif token.type in {"bullet_list_close", "ordered_list_close"}:
            list_depth -= 1
        elif token.type == "list_item_open":
            content = tokens[i + 2].content if tokens[i + 1].type == "paragraph_open" else ""
            match = _TASK.match(content)
            if match:
                out.tasks.append((match.group(1) != " ", " ".join(match.group(2).split())))
            else:
                out.bullets.append(" ".join(content.split()))
        elif token.type == "table_open":
            assert token.map is not None
            blank_before(token.map[0])
            blank_after(token.map[1])
            rows = [ln for ln in lines[token.map[0]:token.map[1]] if ln.strip()]
            pipes = {len(re.findall(r"(?<!\\)\|", ln)) for ln in rows}
            assert len(pipes) == 1, f"table rows with different cell counts: {rows}"
            assert all(ln.startswith("|") and ln.endswith("|") for ln in rows), "table pipe style"
            table = []
        elif token.type == "tr_open":
            row = []
        elif token.type in {"th_open", "td_open"}:
            assert row is not None
            row.append(tokens[i + 1].content)
        elif token.type == "tr_close":
            assert table is not None and row is not None
            assert not table or len(row) == len(table[0]), "table rows must have the same cells"
            table.append(row)
        elif token.type == "table_close":
            assert table is not None
            out.tables.append(table)
    assert sum(1 for level, _ in out.headings if level == 1) == 1, "exactly one top-level heading"
    return out
