"""The plain reader of 1:1 files gives markdown-it's tokens, or declines and lets markdown-it read.

pmkit reads 1:1 notes without importing markdown-it when a file holds only headings,
paragraphs and bullet lists. Wherever that reader answers, its tokens must be markdown-it's
(everything pmkit's readers use of them); where it cannot be sure, it must decline.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from pmkit.documents import notes
from pmkit.documents.plain_markdown import tokens
from pmkit.errors import InputError
from tests.conftest import invoke

Shape = list[tuple[str, str, int, int, int | None, str]]


def shape(found: list[Any]) -> Shape:
    """What pmkit's readers use of a token: kind, tag, nesting, level, first line, text."""
    return [(t.type, t.tag, t.nesting, t.level, t.map[0] if t.map else None,
             t.content if t.type == "inline" else "") for t in found]


def markdown_it(text: str) -> Shape:
    return shape(MarkdownIt("commonmark", {"maxNesting": notes.MAX_NESTING}).parse(text))


def same_or_declined(text: str) -> bool:
    """True when the plain reader answered (and then gave markdown-it's tokens)."""
    mine = tokens(text)
    if mine is None:
        return False
    assert shape(mine) == markdown_it(text), text
    return True


AS_WRITTEN = """\
# 1:1 with Priya Shah: 2026-12-04

## Your topics

- The onboarding brief is done; who should see it first?

## Follow-ups from 2026-11-27

- [ ] Priya: share a snapshot of each call *(added 2026-11-13)* **Carried three times: keep,
  rescope or drop?**
  - the call with the Leeds depot on Tuesday 2026-11-18
  - [x] Priya: send the notes to Tom
- [x] Dana: book the sketching session

## Focus: Customer insight

Questions for today:

- What did the last claimant say that surprised you?
- Which of those calls changed what the team builds?

## Notes

Walked through two calls. She had the quotes ready,
and the team used one in refinement.
   A line indented by hand.

### Customer insight

- Listened in on three calls;
wrote one snapshot.
- [ ] Priya: write the next snapshot before Friday

* A bullet with another marker starts a new list.
+ And another.

- Loose list item

  with a second paragraph.

## Action items

- [ ] Priya: book two claimant calls
-   [ ] Dana: ask ops for the call schedule
"""


def test_a_file_as_pmkit_and_a_manager_write_it_is_read_without_markdown_it() -> None:
    assert same_or_declined(AS_WRITTEN)


@pytest.mark.parametrize("text", [
    "> a quote\n", "```\ncode\n```\n", "    indented code\n", "<!-- a comment -->\n",
    "1. first\n2. second\n", "Title\n=====\n", "Title\n---\n", "***\n", "- - -\n",
    "[ref]: https://example.com\n", "-\n", "- \n", "a\ttab\n", "#\n", "## closed ##\n",
    "  # indented heading\n", "- # heading in an item\n", "- > quote in an item\n",
    "- - nested on one line\n", "-      five spaces\n", "a\u00a0non-breaking space\n",
    "- a\n\n      indented code in an item\n",
])
def test_what_it_does_not_read_goes_to_markdown_it(text: str) -> None:
    assert tokens(text) is None
    assert notes.parse(text) is not None  # markdown-it reads it


HOSTILE = {
    "deep": "".join("  " * i + "- level\n" for i in range(120)),
    "wide": "- [ ] item\n" * 5000,
    "fenced tasks": "## Action items\n\n```\n- [ ] not a task\n```\n",
    "commented tasks": "<!--\n- [ ] not a task\n-->\n",
    "quoted list": "> - [ ] quoted\n> - [x] quoted too\n",
    "crlf": "# 1:1\r\n\r\n- [ ] Priya: a task\r\n",
    "nul": "- [ ] a\x00task\n",
    "bom": "\ufeff# 1:1\n\n- [ ] a task\n",
    "line separator": "- [ ] a\u2028task\n",
    "long line": "- [ ] " + "word " * 20000 + "\n",
    "lazy everywhere": "- a\n  - b\n    - c\nlazy\n# H\nafter\n",
    "empty": "",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_notes_read_as_markdown_it_reads_them(name: str) -> None:
    """Read plainly and the same, or declined and read by markdown-it (or refused whole)."""
    text = HOSTILE[name]
    if not same_or_declined(text):
        try:
            assert shape(notes.parse(text)) == markdown_it(text)
        except InputError as exc:
            assert name == "deep" and "nested more than" in str(exc)


_PLAIN = st.sampled_from(["Talked it through", "[ ] Priya: book calls", "[x] Dana: send it",
                          "**bold** start", "*emph*", "[link](x)", "a: b", "Ünïcode ✓",
                          "trailing  ", "y z", "+1", "#tag"])
_ODD = st.sampled_from(["[x]", "-not a bullet", "\\- escaped", "1) numbered", "* * *", "=",
                        "--", "<b>", "> q", "`code`", "```", "[a]: /url", "- -", "-", "***"])
_TEXTS = st.one_of(_PLAIN, _PLAIN, _PLAIN, _ODD)
_LINES = st.one_of(
    st.just(""), st.just("   "),
    st.builds(lambda n, t: " " * n + t, st.sampled_from([0, 0, 1, 2, 3, 4, 5]), _TEXTS),
    st.builds(lambda n, m, s, t: " " * n + m + " " * s + t, st.sampled_from([0, 0, 1, 2, 4, 6]),
              st.sampled_from("-*+"), st.sampled_from([1, 1, 2, 3, 5]), _TEXTS),
    st.builds(lambda h, t: "#" * h + " " + t, st.integers(1, 7), _TEXTS),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, max_size=12))
def test_random_documents_read_as_markdown_it_reads_them(lines: list[str]) -> None:
    same_or_declined("\n".join(lines) + "\n")


def test_agendas_pmkit_writes_are_read_without_markdown_it(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert invoke(["init", str(root), "--manager", "Dana Lee"]).exit_code == 0
    assert invoke(["-w", str(root), "add", "priya", "--name", "Priya Shah",
                   "--level", "pm"]).exit_code == 0
    made = invoke(["-w", str(root), "oneonone", "priya"])
    assert made.exit_code == 0, made.stderr
    (written,) = (root / "oneonones" / "priya").glob("*.md")
    text = written.read_text(encoding="utf-8")
    assert same_or_declined(notes.pm_copy(text)) and same_or_declined(AS_WRITTEN)
    probe = ("import sys\nfrom pmkit.documents import notes\n"
             f"notes.parse(notes.pm_copy(open({str(written)!r}, encoding='utf-8').read()))\n"
             "print('markdown_it' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, env={**os.environ})
    assert done.stdout.strip() == "False"
