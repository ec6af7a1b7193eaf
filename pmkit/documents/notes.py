"""Reading a 1:1 file back: its private part, its notes, its open items, the area it covered.

Everything is read as markdown-it-py reads it, so a list inside a code block or a quote is not
mistaken for notes or tasks. Two conventions make a 1:1 file readable by pmkit:

- the private part starts at the ``<!-- pmkit:private ... -->`` line and runs to the end
  of the file; the PM's copy is everything before it;
- under ``## Notes``, a heading that names a competency (``### Customer insight``) holds
  evidence for that goal: each paragraph or bullet under it is one entry.

Carried-over items remember when they were first written with an ``*(added DATE)*``
suffix (see item_marks, which reads the marks pmkit writes beside an item).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pmkit.documents.item_marks import DECISION as DECISION
from pmkit.documents.item_marks import added_on as added_on
from pmkit.documents.item_marks import asks_decision
from pmkit.documents.item_marks import clean as clean
from pmkit.documents.note_weekdays import dated_weekdays
from pmkit.errors import InputError

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex

PRIVATE_MARKER = ("<!-- pmkit:private: everything below this line is for the manager only; "
                  "the PM's copy stops here -->")
_PRIVATE = re.compile(r"^<!--\s*pmkit:private\b.*$", re.MULTILINE)
#: markdown-it stops reading silently past this depth; pmkit refuses instead.
MAX_NESTING = 200
NOTES_HEADING = "Notes"
FOCUS_PREFIX = "Focus: "
DECIDE_AFTER = 3
_TASK = re.compile(r"^\[([ xX])\](?:[ \t]+(.*))?$", re.DOTALL)



def pm_copy(text: str) -> str:
    """The part of a document the PM sees: everything before the private marker."""
    match = _PRIVATE.search(text)
    if match is None:
        return text
    return text[:match.start()].rstrip() + "\n"


def private_part(text: str) -> str:
    match = _PRIVATE.search(text)
    return text[match.end():] if match else ""


def parse(text: str, display: str | None = None) -> list[Any]:
    """markdown-it tokens; a file nested too deep to read whole is an input error, not a loss.

    Plain files (headings, paragraphs, bullet lists) are read without importing markdown-it
    (:mod:`pmkit.documents.plain_markdown`, which gives the same tokens).
    """
    from pmkit.documents.plain_markdown import tokens as plain_tokens

    plain = plain_tokens(text)
    if plain is not None:
        return plain
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).parse(text)
    deepest = max((t.level for t in tokens), default=0)
    if deepest >= MAX_NESTING - 1:
        line = next((t.map[0] + 1 for t in tokens if t.level >= MAX_NESTING - 2 and t.map), None)
        raise InputError(f"lists or quotes nested more than {MAX_NESTING // 2 - 1} levels deep; "
                         "pmkit cannot read this file whole (flatten the nesting)", display, line)
    return tokens


@dataclass
class Node:
    """A list item: a task (``checked`` is True or False) or a plain bullet (``checked`` None)."""

    text: str
    checked: bool | None
    line: int | None
    children: list[Node] = field(default_factory=list)


def list_tree(tokens: list[Any]) -> list[Node]:
    """Every list outside quotes as a tree of items, in document order."""
    roots: list[Node] = []
    stack: list[Node] = []
    quotes = 0
    for i, token in enumerate(tokens):
        if token.type == "blockquote_open":
            quotes += 1
        elif token.type == "blockquote_close":
            quotes -= 1
        elif quotes:
            continue
        elif token.type == "list_item_open":
            text, checked = "", None
            if (i + 2 < len(tokens) and tokens[i + 1].type == "paragraph_open"
                    and tokens[i + 2].type == "inline"):
                content = tokens[i + 2].content
                match = _TASK.match(content)
                if match:
                    text, checked = match.group(2) or "", match.group(1) != " "
                else:
                    text = content
            node = Node(" ".join(text.split()), checked, token.map[0] + 1 if token.map else None)
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
        elif token.type == "list_item_close" and stack:
            stack.pop()
    return roots


def decision_asked(roots: list[Node]) -> set[str]:
    """The open items a page already asked the keep, rescope or drop question about."""
    found: set[str] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node.checked is False and asks_decision(node.text):
            found.add(clean(node.text).casefold())
        stack.extend(node.children)
    return found


@dataclass(frozen=True)
class Carried:
    """One line of the next agenda's follow-ups."""

    text: str
    depth: int
    task: bool
    added: dt.date | None = None
    times: int = 0
    decide: bool = False
    """Carried often enough to ask for a decision (not repeated on its sub-items)."""


def carry(roots: list[Node], written: dt.date, times: Callable[[dt.date], int]) -> list[list[Carried]]:
    """The open tasks, each top-level group with its context and its plain sub-items.

    A plain bullet or a ticked task that holds an open task comes along as context (the
    call a follow-up belongs to); plain bullets under an open task come along as detail;
    ticked sub-tasks are done and stay behind. An item written twice comes back once, and
    not at all when one of its copies is ticked.
    """
    seen: set[str] = {text.casefold() for text in ticked_items(roots)}  # ticked anywhere: done

    def keep(node: Node) -> bool:
        return (node.checked is False and clean(node.text).casefold() not in seen) or any(
            keep(child) for child in node.children)

    def walk(node: Node, depth: int, under_task: bool, asked: bool = False) -> list[Carried]:
        out: list[Carried] = []
        is_open = node.checked is False
        text = clean(node.text)
        if is_open:
            key = text.casefold()
            if key in seen or not text:
                for child in node.children:
                    out.extend(walk(child, depth, under_task, asked))
                return out
            seen.add(key)
            origin = added_on(node.text) or written
            count = times(origin)
            decide = count >= DECIDE_AFTER and not asked
            asked = asked or decide
            out.append(Carried(text, depth, True, origin, count, decide))
        elif keep(node) or (under_task and node.checked is None):
            out.append(Carried(dated_weekdays(text, written) if under_task else text, depth,
                               False))
        else:
            return []
        for child in node.children:
            out.extend(walk(child, depth + 1, under_task or is_open, asked))
        return out

    groups = [walk(root, 0, False) for root in roots]
    return [group for group in groups if group and any(item.task for item in group)]


def owned_by(text: str, names: Iterable[str]) -> bool:
    """Does an item start with one of ``names`` and a colon (``Dana: send the deck``)?"""
    head = text.split(":", 1)[0].strip().casefold() if ":" in text else ""
    return bool(head) and head in {n.strip().casefold() for n in names if n.strip()}


@dataclass(frozen=True)
class Section:
    level: int
    title: str
    blocks: list[str]


def sections(tokens: list[Any]) -> list[Section]:
    """Headings with the top-level paragraphs and bullets under each: an open task is left
    out, a box ticked as written is read as the note of work done it is."""
    out: list[Section] = [Section(0, "", [])]
    depth = quoted = 0
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            out.append(Section(int(token.tag[1]), " ".join(tokens[i + 1].content.split()), []))
        elif token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            depth += 1
            quoted += token.type == "blockquote_open"
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            depth -= 1
            quoted -= token.type == "blockquote_close"
        elif (token.type == "inline" and quoted == depth == 1 and out[-1].blocks
              and out[-1].blocks[-1].endswith(":")):
            # "The quote to keep:" then a quoted line: the quote belongs to that note.
            text = " ".join(token.content.split())
            if text:
                out[-1].blocks[-1] += f" \"{text}\""
        elif token.type == "inline" and tokens[i - 1].type == "paragraph_open":
            in_item = i >= 2 and tokens[i - 2].type == "list_item_open"
            task = _TASK.match(token.content)
            if (depth == 0 or (depth == 1 and in_item)) and (not task or stated(task)):
                text = " ".join((task.group(2) or "" if task else token.content).split())
                if text:
                    out[-1].blocks.append(noted_done(text) if task else text)
    return out


#: How a box ticked as it was written reads as a note, when its words do not open with
#: what the PM did: a statement of work done, not an item ticked off.
NOTED_DONE = "Noted as done:"


#: "Nina:" or "Dana Lee:" opening an item: someone's action item, not a statement of work.
_OWNER = re.compile(r"^[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)?:\s")


def stated(task: re.Match[str]) -> bool:
    """Whether a task item is a statement of work done: ticked as it was written, with no
    owner ("Nina: ...") or carried mark that makes it someone's action item."""
    text = task.group(2) or ""
    return task.group(1) != " " and not _OWNER.match(text) and added_on(text) is None


def noted_done(text: str) -> str:
    """A ticked box in the notes as the note of work it is ("ran the test" as written,
    "guide reviewed with design" as "You reviewed the guide with design")."""
    from pmkit.documents.done_notes import said_done
    from pmkit.documents.voice import opens_with_work

    return text if opens_with_work(text) else said_done(text) or f"{NOTED_DONE} {text}"


def notes_sections(tokens: list[Any]) -> list[Section]:
    """The ``## Notes`` section and every heading under it."""
    out: list[Section] = []
    inside = False
    for section in sections(tokens):
        if section.level == 2:
            inside = section.title.casefold() == NOTES_HEADING.casefold()
        elif section.level and section.level < 2:
            inside = False
        if inside:
            out.append(section)
    return out


def notes_text(text: str) -> str:
    """The ``## Notes`` part of a 1:1 file as written, nested lines and all (``notes_sections``
    reads only its top-level blocks): the agenda above it only recalls earlier work."""
    _, sep, rest = text.partition(f"\n## {NOTES_HEADING}\n")
    return re.split(r"^## ", rest, maxsplit=1, flags=re.MULTILINE)[0] if sep else ""


def has_notes(tokens: list[Any]) -> bool:
    """Whether anything was written under ``## Notes``: the 1:1 took place."""
    return any(section.blocks for section in notes_sections(tokens))


def competency_of(title: str, index: ModelIndex) -> str | None:
    """The competency a heading names: its name or id, with or without ``Focus:``."""
    name = title.strip()
    if name.casefold().startswith(FOCUS_PREFIX.casefold()):
        name = name[len(FOCUS_PREFIX):]
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip().casefold()
    for placed in index.placed:
        comp = placed.competency
        if name in (comp.name.casefold(), comp.id, *comp.aliases):
            return comp.id
    return None


def evidence_in(tokens: list[Any], index: ModelIndex) -> dict[str, list[str]]:
    """Competency id -> the lines written under its heading in the notes."""
    found: dict[str, list[str]] = {}
    for section in notes_sections(tokens):
        if section.level < 3:
            continue
        cid = competency_of(section.title, index)
        if cid is not None and section.blocks:
            found.setdefault(cid, []).extend(section.blocks)
    return found


@dataclass(frozen=True)
class Misfiled:
    """A line under one goal's heading counted for ``reads_as`` (see line_goals)."""

    date: dt.date
    goal: str
    line: str
    reads_as: str


def general_notes(tokens: list[Any], index: ModelIndex) -> list[str]:
    """The notes written outside any focus area's heading."""
    return [block for section in notes_sections(tokens)
            if not (section.level >= 3 and competency_of(section.title, index) is not None)
            for block in section.blocks]


def covered(tokens: list[Any], index: ModelIndex) -> list[str]:
    """The focus areas a 1:1 file's agenda took (``## Focus: Customer insight``)."""
    out: list[str] = []
    for section in sections(tokens):
        if section.level == 2 and section.title.casefold().startswith(FOCUS_PREFIX.casefold()):
            cid = competency_of(section.title, index)
            if cid is not None and cid not in out:
                out.append(cid)
    return out


def recap(tokens: list[Any], index: ModelIndex, most: int = 3) -> list[str]:
    """The notes as written, whole: general notes first, then what was written under a goal.

    Each note is kept entire (a later sentence may be the one that says a milestone was
    met); the caller turns it to the PM's voice sentence by sentence.
    """
    general: list[str] = []
    focused: list[str] = []
    for section in notes_sections(tokens):
        if section.level >= 3 and competency_of(section.title, index) is not None:
            focused.extend(section.blocks)
        else:
            general.extend(section.blocks)
    return (general + focused)[:most]


def done_items(roots: list[Node], opened: Collection[str] | None = None) -> list[str]:
    """Ticked tasks, in document order, each once; given the items ``opened`` in earlier
    1:1s (:func:`open_items`), only those ticked off: open before, or carried in with the
    date they were first written. A box ticked as it was written was never an open item:
    at most it reports work."""
    done = ticked_items(roots)
    if opened is None:
        return done
    before = {*opened, *_marked(roots)}
    return [text for text in done if text.casefold() in before]


def _marked(roots: list[Node]) -> set[str]:
    """The items a page carries with the date they were first written."""
    return {clean(n.text).casefold() for n in walk(roots) if added_on(n.text) is not None}


def walk(nodes: list[Node]) -> Iterable[Node]:
    for node in nodes:
        yield node
        yield from walk(node.children)


def open_items(roots: list[Node]) -> set[str]:
    """The open tasks of a page, as :func:`done_items` compares them."""
    return {clean(n.text).casefold() for n in walk(roots) if n.checked is False}


def ticked_items(roots: list[Node]) -> list[str]:
    """Ticked tasks, in document order, each once, whether or not they were open before."""
    out: list[str] = []

    def walk(node: Node) -> None:
        text = clean(node.text)
        if node.checked and text and text not in out:
            out.append(text)
        for child in node.children:
            walk(child)

    for root in roots:
        walk(root)
    return out
