"""The next 1:1's agenda: their topics, your talking points, what is still open, the plan.

Open action items are read from the latest earlier 1:1 file with a real Markdown parser
(markdown-it-py), so a ``- [ ]`` inside a code block or a quote is not mistaken for a
task. Coaching questions rotate by the number of earlier 1:1s, so none repeats until
every question of a focus area has been asked. Like the plan, the context holds only
the one PM it is about; the wording lives in ``oneonone.md.j2``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.documents import notes
from pmkit.documents.focus import focus_targets
from pmkit.documents.plan import plan_path
from pmkit.documents.render import Renderer, read_text_file, refuse_link_out
from pmkit.errors import InputError
from pmkit.files.dated import dated_files
from pmkit.model.gaps import compute_gaps
from pmkit.model.handles import HANDLE_PATTERN, validate_handle

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.documents.last_time import Meeting
    from pmkit.workspace import Workspace

TEMPLATE = "oneonone.md.j2"
FOLDER = "oneonones"
QUESTIONS_PER_AREA = 2


@dataclass(frozen=True)
class TaskItem:
    """One task list item: its text as written, whether it is checked, how deep it sits."""
    text: str
    checked: bool
    depth: int = 0
    line: int | None = None


def folder(ws: Workspace, handle: str) -> Path:

    return ws.root / FOLDER / validate_handle(handle)


def agenda_path(ws: Workspace, handle: str, date: dt.date) -> Path:
    return folder(ws, handle) / f"{date.isoformat()}.md"


def meeting_day(ws: Workspace, handle: str, today: dt.date) -> dt.date:
    """The date of the next 1:1 when none is given: the PM's 1:1 day, today or the next one.

    The PM's day is the weekday their recent 1:1s fell on, the same one their plan dates
    its milestones by, so an agenda prepared on a Monday for a Friday 1:1 is dated that
    Friday and agrees with the plan. With no 1:1 on file yet it is today (after a weekend
    or a holiday of ``pmkit.yaml``, the next working day).
    """
    from pmkit.model.coaching import SATURDAY, first_day, meeting_weekday

    holidays = set(ws.settings.holidays)
    held = [d for d, _ in dated_files(folder(ws, handle)) if d < today]
    if not held:
        if today.weekday() < SATURDAY and today not in holidays:
            return today
        return first_day(today, 0, holidays)
    return first_day(today, meeting_weekday(held, today), holidays)


def read_text(path: Path, display: str) -> str:
    """A 1:1 file's text, read with the limits every hand-edited file gets.

    The file sits at ``oneonones/<handle>/<date>.md``: a symbolic link that leads out of
    the workspace is refused, as a YAML file's would be.
    """
    refuse_link_out(path, path.parents[2], display)
    return read_text_file(path, display)


def task_items(text: str) -> list[TaskItem]:
    """Every GitHub task list item in a Markdown text, outside code blocks and quotes.

    A flat view of :func:`pmkit.documents.notes.list_tree`, the one reader of 1:1 lists:
    a task nested under another task gets a depth one greater than its nearest task
    ancestor; plain bullets in between add no depth.
    """
    items: list[TaskItem] = []

    def walk(nodes: Sequence[notes.Node], depth: int) -> None:
        for node in nodes:
            if node.checked is not None and node.text:
                items.append(TaskItem(node.text, node.checked, depth, node.line))
                walk(node.children, depth + 1)
            else:
                walk(node.children, depth)

    walk(notes.list_tree(notes.parse(text)), 0)
    return items


def open_items(items: Sequence[TaskItem]) -> list[TaskItem]:
    """The unchecked items, nested under their nearest unchecked task ancestor.

    An item written twice (say, carried into Follow-ups and copied into Action items)
    comes back once.
    """
    out: list[TaskItem] = []
    seen: set[str] = set()
    carried: list[tuple[int, int]] = []  # (depth in the source, depth in the output)
    for item in items:
        while carried and carried[-1][0] >= item.depth:
            carried.pop()
        key = item.text.casefold()
        if item.checked or key in seen:
            continue
        seen.add(key)
        depth = carried[-1][1] + 1 if carried else 0
        out.append(TaskItem(item.text, False, depth, item.line))
        carried.append((item.depth, depth))
    return out


def rotate(questions: Sequence[str], turn: int, per: int = QUESTIONS_PER_AREA) -> list[str]:
    """``per`` questions for this turn, walking the list so none repeats before all are asked."""
    count = len(questions)
    if count <= per:
        return list(questions)
    return [questions[(turn * per + j) % count] for j in range(per)]


@dataclass
class Agenda:
    path: Path
    text: str
    talking_points: list[str]
    follow_ups: list[TaskItem]
    previous: Path | None
    focus: str | None = None
    private: list[str] = field(default_factory=list)
    """What the terminal tells the manager alone (the file's private section holds it too)."""
    cycle: Cycle | None = None
    kept_back: int = 0
    """Lines about the PM kept to the private section: they could not be turned to "you"."""


def build_agenda(ws: Workspace, handle: str, date: dt.date,
                 private: Sequence[str] = (), dates_moved: str = "") -> Agenda:
    """Everything the next 1:1 needs, rendered; nothing is written here.

    ``private`` are lines for the manager alone that the command writing the agenda adds
    (milestones it moved, say): they open the private section's list.
    """
    from pmkit.documents.agenda import agenda_context  # it reads this module's helpers
    from pmkit.documents.cycle import early_of, read_cycle, stretch_of

    person = ws.person(handle)
    index = ws.index
    settings = ws.settings
    report = compute_gaps(handle, person, index, today=date,
                          reassess_after_days=settings.reassess_after_days,
                          focus_count=settings.plan.focus)
    earlier = [(d, p) for d, p in dated_files(folder(ws, handle)) if d < date]
    pages: Parsed = {}  # each 1:1 file parsed once, for the cycle and the agenda alike
    cycle = read_cycle(ws, handle, person, focus_targets(report, index, person), index, settings,
                       date, before=date, stretch=stretch_of(report),
                       early=early_of(report, index), pages=pages)
    files = meetings(ws, earlier, pages)
    context = agenda_context(handle, person, report, index, settings, date, files, cycle,
                             plan_path(ws, handle).is_file())
    context["private_lines"] = [*private, *context["private_lines"]]
    context["dates_moved"] = dates_moved  # one line for the PM, whose plan shows old dates
    text = Renderer(ws.root, ws.store).render(TEMPLATE, context)
    follow_ups = [TaskItem(c["text"], False, c["depth"]) for c in
                  [*context["follow_ups"], *context["manager_items"]] if c["task"]]
    return Agenda(agenda_path(ws, handle, date), text, list(person.talking_points), follow_ups,
                  earlier[-1][1] if earlier else None, context["focus"]["id"] if context["focus"]
                  else None, list(context["private_lines"]), cycle, len(context["kept_back"]))


#: The 1:1 files one command has read, by path: the tokens of the shared and the private
#: part. Made per call and passed down, so each file is parsed once per command.
Parsed = dict[Path, tuple[list[Any], list[Any]]]


def parsed(ws: Workspace, path: Path, pages: Parsed | None = None) -> tuple[list[Any], list[Any]]:
    """A 1:1 file's shared and private part as tokens, from ``pages`` when read already."""
    if pages is not None and path in pages:
        return pages[path]
    text = read_text(path, ws.rel(path))
    got = (notes.parse(notes.pm_copy(text), ws.rel(path)),
           notes.parse(notes.private_part(text), ws.rel(path)))
    if pages is not None:
        pages[path] = got
    return got


def meetings(ws: Workspace, files: Sequence[tuple[dt.date, Path]],
             pages: Parsed | None = None) -> list[Meeting]:
    """Each dated 1:1 file read: its date, the tokens of its shared and its private part."""
    return [(when, *parsed(ws, path, pages)) for when, path in files]


def notes_problems(ws: Workspace) -> list[str]:
    """Every 1:1 file that cannot be read (for ``pmkit check``), one line each."""
    base = ws.root / FOLDER
    if not base.is_dir():
        return []
    problems: list[str] = []
    for person_dir in sorted(base.iterdir()):
        if not person_dir.is_dir() or not HANDLE_PATTERN.fullmatch(person_dir.name):
            continue
        for _, path in dated_files(person_dir):
            try:
                read_text(path, ws.rel(path))
            except InputError as exc:
                problems.append(str(exc))
    return problems


def pm_copy_of(ws: Workspace, handle: str, path: Path
               ) -> tuple[str, list[str], list[tuple[str, dt.date]]]:
    """A written plan or 1:1 file as the PM gets it, the sentences left out of it, and the
    notes lines left out as written word for word in an earlier 1:1's notes (with the date
    first written).

    The private section goes, and the notes the manager wrote in the shared part are
    turned to "you"; a sentence that speaks about the PM in a way that cannot be turned
    is left out, for the manager to reword. A line pasted again from earlier notes is not
    news to the PM: it is left out by the rule the next agenda's recap follows.
    """
    from pmkit.documents.copy_lists import tidy_lists, without_empty
    from pmkit.documents.held import after_the_talk, notes_written, plain_ticks
    from pmkit.documents.pasted import pasted, without
    from pmkit.documents.voice import pm_names, shared_notes

    text = notes.pm_copy(read_text(path, ws.rel(path)))
    names = pm_names(ws.person(handle))
    # Read as held (notes written) before any pasted line is taken out of the notes.
    text = after_the_talk(once_done(one_state(text, names)))
    held = notes_written(text)
    files = dated_files(folder(ws, handle))
    day = next((d for d, p in files if p.resolve() == path.resolve()), None)
    repeats: list[tuple[str, dt.date]] = []
    if day is not None:  # a 1:1 file, not the plan
        earlier = [(d, p) for d, p in files if d < day]
        repeats = pasted(notes.parse(text, ws.rel(path)),
                         [(d, public) for d, public, _ in meetings(ws, earlier)], ws.index)
        text = without(text, dict(repeats))
    shown, kept = shared_notes(text, names, notes.NOTES_HEADING)
    # The PM's own items, read by the PM: "You: send the snapshot", not their own name.
    # Numbered lists ("1. [ ] Omar: ...") as people write them too.
    own = re.compile(r"^(\s*(?:[-*+]|\d+[.)]) (?:\[[ xX]\] )?)(?:" + "|".join(re.escape(n) for n in names)
                     + r"):", re.MULTILINE)
    # Notes as people write them (``*`` bullets, extra blank lines) laid out for markdownlint.
    shown = tidy_lists(own.sub(r"\1You:", shown))
    if held:
        shown = without_empty(plain_ticks(shown), f"## {notes.NOTES_HEADING}")
    return shown, kept, repeats


_TICKED = re.compile(r"^\s*[-*+] \[[xX]\]\s+(.*)$")
_OPEN = re.compile(r"^\s*[-*+] \[ \]\s+(.*)$")


def once_done(text: str) -> str:
    """An item shown once: ticked under Follow-ups and written again, ticked, under Action
    items, the PM's copy keeps the first; so too an open follow-up the manager wrote again,
    in the same words, under Action items: the follow-up stays, with its status (a section
    left empty goes, see copy_lists.without_empty)."""
    seen: set[str] = set()
    open_seen: set[str] = set()
    out: list[str] = []
    dropped = False
    actions = False
    for line in text.split("\n"):
        if dropped and ((line.startswith((" ", "\t")) and line.strip())
                        or (not line.strip() and (not out or not out[-1].strip()))):
            continue  # its sub-items, and no double blank left behind
        dropped = False
        if line.startswith("## "):
            actions = line[3:].strip().casefold() == "action items"
        match = _TICKED.match(line)
        if match and not line.startswith(" "):
            key = notes.clean(match.group(1)).casefold()
            if key in seen:
                dropped = True
                continue
            seen.add(key)
        elif (box := _OPEN.match(line)) and not line.startswith(" "):
            key = notes.clean(box.group(1)).casefold()
            if actions and key in open_seen:
                dropped = True
                continue
            open_seen.add(key)
        out.append(line)
    return "\n".join(out)


def one_state(text: str, names: Sequence[str] = ()) -> str:
    """The document with every copy of a ticked item ticked too.

    A follow-up carried in as ``- [ ]`` and ticked where the manager wrote the action
    items is done: the PM's copy must not show it open in one place and done in another.
    Items are the same when their words are, once pmkit's markers are taken off and the
    PM's name is turned to "you" ("introduce Nina to ..." is "introduce you to ...").
    """
    from pmkit.documents.voice import to_pm

    def key(item: str) -> str:
        plain = notes.clean(item)
        return " ".join((to_pm(plain, names) or plain).casefold().split())

    tree = notes.list_tree(notes.parse(text))
    done: set[str] = set()
    still: list[tuple[int, str]] = []

    def walk(nodes: Sequence[notes.Node]) -> None:
        for node in nodes:
            if node.checked is True and node.text:
                done.add(key(node.text))
            elif node.checked is False and node.text and node.line is not None:
                still.append((node.line, key(node.text)))
            walk(node.children)

    walk(tree)
    lines = text.split("\n")
    for line, item in still:
        if item in done and 0 < line <= len(lines):
            lines[line - 1] = lines[line - 1].replace("[ ]", "[x]", 1)
    return "\n".join(lines)
