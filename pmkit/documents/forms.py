"""Review forms: a Markdown file a PM or a peer fills in without pmkit, read back safely.

Under each competency heading the form has one task-list line per scale value and room
for evidence. The heading's name says which competency it is (an id in a comment ending
it wins), and one comment line at the very end says in words what the form is, then its
details. Older forms kept the id on a line of its own under the heading; they still read.
Reading parses the file with markdown-it-py and accepts what people do in an editor (x or
X, a tick moved, CRLF, a BOM, evidence over several paragraphs, a competency left blank);
anything ambiguous is an :class:`InputError` naming the line the person's editor shows.
Wording: ``self-review.md.j2``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pmkit.documents.form_header import HEADER, parse_fields
from pmkit.documents.form_voice import speak_to
from pmkit.errors import InputError
from pmkit.model.handles import validate_handle
from pmkit.suggest import suggest_known

if TYPE_CHECKING:
    from markdown_it.token import Token

    from pmkit.documents.render import Renderer
    from pmkit.model.index import ModelIndex

TEMPLATE = "self-review.md.j2"
#: Earlier work a self-review may draw on, by the PM's background: specific, not generic.
EARLIER_WORK = {
    # none of them what the background's traps warn about (requirements workshops, specs),
    # and no trap named either: a self-rating form does not prime the manager's concern
    "business-analyst": ("a business analyst", "a process you mapped with the people who do "
                         "the work, or a disagreement between two departments you helped "
                         "settle"),
    "subject-matter-expert": ("a subject-matter expert", "the customers and cases you know "
                              "first-hand, or the colleagues who came to you for answers"),
    "project-manager": ("a project manager", "the stakeholders you kept aligned, or a "
                        "delivery you brought back on track"),
    "engineer": ("an engineer", "a design you challenged, or a problem you traced back to "
                 "the customer"),
    "designer": ("a designer", "the research you ran, or the options you explored before "
                 "choosing one"),
}
Kind = Literal["self", "peer"]
KINDS: tuple[Kind, ...] = ("self", "peer")

#: The last line: words for whoever opens the file, then "Form details:" (older: "pmkit-form:").
_MARKER = re.compile(r"<!--\s*competency:\s*(\S*?)\s*-->")  # a line of its own (older forms)
_HEADING_ID = re.compile(r"^<!--\s*(?:competency:\s*)?([a-z0-9][a-z0-9-]*)\s*-->$")
_BOX = re.compile(r"^\[[ \t]*([xX✓✔])?[ \t]*\][ \t]*(.*)$", re.DOTALL)
_NUMBER = re.compile(r"^([+-]?\d+)(?!\d)")
_MOVED = re.compile(r"^([+-]?\d+)\s*·")  # a scale line carried out of its list keeps its '·'
_PROMPT = re.compile(r"^[\s*_]*evidence\b", re.IGNORECASE)

Block = list["Token"]


@dataclass
class FormAnswers:
    """What a filled-in form says, in the model's current competency ids."""
    kind: Kind
    handle: str
    reviewer: str | None
    role: str | None
    model_id: str
    model_version: int
    ratings: dict[str, int]
    """Competency id -> the ticked scale value, in the model's order."""
    evidence: dict[str, str]
    """Competency id -> the evidence written (Markdown), for rated competencies only."""
    skipped: list[str]
    """Competency ids with no tick (any evidence written there is ignored), model order."""

# --- writing a form ----------------------------------------------------------------------


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None


def _quote(value: str) -> str:
    """A header value: JSON-quoted on one line, with no '<' or '>' that could end the comment."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def form_context(index: ModelIndex, *, handle: str, person_name: str, kind: Kind,
                 reviewer: str | None, role: str | None, today: date,
                 due: date | None = None, manager: str = "", background: str | None = None,
                 conversation: date | None = None, review: date | None = None,
                 self_on: date | None = None) -> dict[str, Any]:
    """The plain (JSON-ready) context ``self-review.md.j2`` renders.

    ``due`` is the day to send it back by (see :mod:`form_timing` when not given): a form
    without a date tends to wait until the meeting itself. ``conversation`` is the
    assessment conversation the form feeds, when one is set; ``background`` picks the
    earlier work a self-review may draw on; ``review`` is the day the current plan ends
    with its review, named where the answers go to a later meeting; ``self_on`` the date
    of the self-assessment already on file, which a conversation held today uses.
    """
    from pmkit.documents.form_timing import before_review, return_by

    back = due or return_by(today, conversation)
    missed = None
    if conversation is not None and back >= conversation:
        missed, conversation = conversation, None  # too soon: the form feeds the next one
    if kind == "self" and due is None and conversation is None and review is not None:
        back = before_review(today, review, back)  # the answers go into the review
    validate_handle(handle)
    if kind not in KINDS:
        raise InputError(f"unknown form kind {kind!r} (expected 'self' or 'peer')")
    model = index.model
    reviewer, role = _clean(reviewer), _clean(role)
    header = f"kind={kind} pm={handle} model={model.id} version={model.version}"
    header += "".join(f" {key}={_quote(value)}" for key, value in
                      (("reviewer", reviewer), ("role", role)) if value)
    scale = sorted(model.scale.items())
    name = _clean(person_name) or handle
    first = name.split()[0]
    # the last line explains itself to whoever opens the raw file; nothing in it may end it
    # (forms sent with older wording before "Form details:" still read: only the details count)
    about = f"{name}'s self-review" if kind == "self" else f"{reviewer or 'a colleague'}'s review of {name}"
    told = _clean(manager) or ("the person who sent it to you" if kind == "peer" else "your manager")
    note = re.sub(r"[<>]|-(?=-)", "", f"Please leave this line as it is: it tells {told} that this "
                  f"is {about} ({model.name}, version {model.version}).")
    areas: list[dict[str, Any]] = []
    for placed in index.placed:
        if not areas or areas[-1]["id"] != placed.area.id:
            areas.append({"id": placed.area.id, "name": placed.area.name,
                          "description": placed.area.description, "competencies": []})
        comp = placed.competency
        areas[-1]["competencies"].append({
            "id": comp.id, "name": comp.name,
            "description": comp.description,  # defines the competency: the same for everyone
            "options": [{"value": value, "label": label,
                         "text": speak_to(text, kind, first) if (text := comp.rubric.get(value))
                         else text} for value, label in scale],
        })
    return {"kind": kind, "person": {"handle": handle, "name": name, "first_name": first},
            "reviewer": reviewer, "role": role, "today": today.isoformat(), "header": header, "note": note,
            "due": back.isoformat(),
            "due_day": back.strftime("%A"),
            "conversation": conversation.isoformat() if conversation else None,
            "missed": missed.isoformat() if missed else None,
            "missed_day": missed.strftime("%A") if missed else None,
            "self_on": self_on.isoformat() if self_on else None,
            "conversation_day": conversation.strftime("%A") if conversation else None,
            # the plan's review, when it comes after the form is back: a date to aim for
            "review": review.isoformat() if review and review > back else None,
            "review_day": review.strftime("%A") if review and review > back else None,
            "earlier": dict(zip(("role", "examples"), EARLIER_WORK[background],
                                strict=True))
            if kind == "self" and background in EARLIER_WORK else None,
            "manager": _clean(manager) or "",
            "model": {"id": model.id, "name": model.name, "version": model.version},
            "areas": areas}


def render_form(renderer: Renderer, context: dict[str, Any]) -> str:
    """The form as Markdown (the workspace may override the template, like any other)."""
    return renderer.render(TEMPLATE, context)


# --- reading a filled-in form ------------------------------------------------------------


def _blocks(tokens: list[Token]) -> list[Block]:
    """The document's top-level blocks, each with every token inside it."""
    blocks: list[Block] = []
    for token in tokens:
        if (token.level == 0 and token.nesting >= 0) or not blocks:
            blocks.append([token])
        else:
            blocks[-1].append(token)
    return blocks


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _comments(block: Block, pattern: re.Pattern[str]) -> list[tuple[re.Match[str], int]]:
    """Matches of ``pattern`` in an HTML block, each with its line."""
    first = block[0]
    if first.type != "html_block":
        return []
    return [(m, _line(first) + first.content.count("\n", 0, m.start()))
            for m in pattern.finditer(first.content)]


def _items(block: Block) -> list[tuple[int, int, str]]:
    """Every list item in a block: (first line, last line, its first paragraph's text)."""
    out = []
    for i, token in enumerate(block):
        if (token.type == "list_item_open" and token.map and i + 2 < len(block)
                and block[i + 1].type == "paragraph_open" and block[i + 2].type == "inline"):
            out.append((token.map[0] + 1, token.map[1], block[i + 2].content))
    return out


def _header(blocks: list[Block], display: str) -> tuple[dict[str, str], int]:
    found = [hit for block in blocks for hit in _comments(block, HEADER)]
    if not found:
        raise InputError("this is not a review form pmkit can read: its last line, the comment "
                         "with 'Form details:', is missing; it says whose form this is, so copy "
                         "it back from the form that was sent, or send a new form", display, 1)
    if len(found) > 1:
        raise InputError(f"a second pmkit form starts here (the first starts on line "
                         f"{found[0][1]}); keep one form per file", display, found[1][1])
    match, line = found[0]
    fields = parse_fields(match.group(1))
    if fields is None:
        raise InputError("the form's last line (its 'Form details:') was changed and cannot "
                         "be read; send a new form", display, line)
    missing = [key for key in ("kind", "pm", "model", "version") if not fields.get(key)]
    if missing or not re.fullmatch(r"[0-9]{1,9}", fields["version"]):
        raise InputError(f"the form's last line (its 'Form details:') was changed: "
                         f"{', '.join(missing) or 'version'} is missing or unreadable; "
                         "send a new form", display, line)
    return fields, line


def _check_header(fields: dict[str, str], line: int, display: str, index: ModelIndex,
                  handle: str) -> tuple[Kind, int]:
    model = index.model
    kind, version = fields["kind"], int(fields["version"])
    if kind not in KINDS:
        raise InputError(f"unknown form kind '{kind}' (expected 'self' or 'peer')", display, line)
    if fields["pm"] != handle:
        raise InputError(f"this form is for '{fields['pm']}', not '{handle}'", display, line)
    if fields["model"] != model.id:
        raise InputError(f"this form is for the competency model '{fields['model']}', but the "
                         f"workspace uses '{model.id}'", display, line)
    if version != model.version:
        raise InputError(f"this form is for version {version} of the model '{model.id}', but the "
                         f"workspace has version {model.version}; send a new form", display, line)
    return "peer" if kind == "peer" else "self", version


def _heading_competency(block: Block, index: ModelIndex, names: dict[str, str],
                        display: str) -> str | None:
    """The competency a heading opens: the id in its trailing comment, else its name
    (for a competency's level of heading only: an area may share a competency's name)."""
    inline = block[1] if len(block) > 1 else None
    if inline is None or inline.type != "inline":
        return None
    children = inline.children or []
    for child in children:
        found = _HEADING_ID.match(child.content.strip()) if child.type == "html_inline" else None
        if found:
            cid = index.resolve(found.group(1))
            if cid is None:
                raise InputError(f"unknown competency '{found.group(1)}'"
                                 f"{suggest_known(found.group(1), index.all_ids, 'competencies')}",
                                 display, _line(block[0]))
            return cid
    if block[0].tag in ("h1", "h2"):  # the title and area headings, which may share a name
        return None
    text = " ".join("".join(c.content for c in children if c.type != "html_inline").split())
    return names.get(text.casefold())


def _sections(blocks: list[Block], index: ModelIndex, display: str,
              header_line: int) -> dict[str, list[Block]]:
    """Competency id -> the blocks under its heading, up to the next heading."""
    names = {" ".join(p.competency.name.split()).casefold(): p.competency.id
             for p in index.placed}
    sections: dict[str, list[Block]] = {}
    where: dict[str, int] = {}
    current: list[Block] | None = None
    opened: str | None = None  # the competency the heading just above opened

    def start(cid: str, line: int) -> list[Block]:
        if cid in where:
            raise InputError(f"{index.by_id[cid].competency.name} appears twice in the form "
                             f"(lines {where[cid]} and {line}); keep one", display, line)
        where[cid] = line
        sections[cid] = []
        return sections[cid]

    for block in blocks:
        first = block[0]
        if first.type == "heading_open" and first.markup.startswith("#"):
            # a setext heading is text someone underlined: kept as evidence
            opened = _heading_competency(block, index, names, display)
            current = start(opened, _line(first)) if opened else None
            continue
        markers = _comments(block, _MARKER)
        for match, line in markers:
            cid = index.resolve(match.group(1))
            if cid is None:
                raise InputError(f"unknown competency '{match.group(1)}'"
                                 f"{suggest_known(match.group(1), index.all_ids, 'competencies')}",
                                 display, line)
            if cid == opened and current is not None and not current:
                continue  # an older form: the heading's own id, on a line below it
            if opened is not None and current is not None and not current:
                del sections[opened], where[opened]  # the id line overrides a renamed heading
            current = start(cid, line)
        opened = None
        if markers:
            continue
        if current is not None:
            current.append(block)
            continue
        for start_line, _end, content in _items(block):
            box = _BOX.match(content)
            if box and box.group(1) and _NUMBER.match(box.group(2)):
                raise InputError("a box is ticked here, but the heading above it does not name a "
                                 "competency of the model; put back the competency's heading as "
                                 "it was in the form", display, start_line)
    if not sections:
        raise InputError("the form has no competency headings left, so no answer can be read; "
                         "send a new form", display, header_line)
    return sections


def _ticks(cid: str, blocks: list[Block], index: ModelIndex,
           display: str) -> tuple[int | None, int | None, set[int]]:
    """(rating, index of the first block after the scale list, lines of ticked scale items)."""
    name = index.by_id[cid].competency.name
    ticks: list[tuple[int, int]] = []
    taken: set[int] = set()
    after: int | None = None
    for number, block in enumerate(blocks):
        items = _items(block)
        in_scale = after in (None, number) and any(  # a changed bullet splits a list in two
            (box := _BOX.match(content)) and _NUMBER.match(box.group(2)) for _, _, content in items)
        if not in_scale and after is not None and sum(
                1 for _, _, content in items
                if (box := _BOX.match(content)) and _NUMBER.match(box.group(2))) > 1:
            raise InputError(f"a second list of ratings under {name}: the heading of the "
                             "competency it belongs to seems to be missing; put it back as it "
                             "was in the form", display, items[0][0])
        for start, end, content in items:
            box = _BOX.match(content)
            if not box or not box.group(1):
                continue
            value = (_NUMBER if in_scale else _MOVED).match(box.group(2))
            if value is None:
                if in_scale:
                    raise InputError(f"the ticked line under {name} does not start with a rating "
                                     f"of the scale {index.scale_text}", display, start)
                continue
            rating = int(value.group(1))
            if rating not in index.model.scale:
                raise InputError(f"{rating} is not on the scale {index.scale_text} "
                                 f"(ticked under {name})", display, start)
            ticks.append((start, rating))
            taken.update(range(start, end + 1))
        if in_scale:
            after = number + 1
    if len(ticks) > 1:
        lines = [str(line) for line, _ in ticks]
        shown = ", ".join(lines[:-1]) + " and " + lines[-1]
        raise InputError(f"{len(ticks)} boxes are ticked under {name} (lines {shown}); "
                         "tick one, or none to skip it", display, ticks[1][0])
    return (ticks[0][1] if ticks else None), after, taken


def _evidence(blocks: list[Block], lines: list[str], taken: set[int]) -> str:
    """What the person wrote after the scale lines, minus the 'Evidence' prompt."""
    out: list[str] = []
    for number, block in enumerate(blocks):
        first = block[0]
        if first.map is None:
            continue
        chunk = [lines[n].rstrip() for n in range(*first.map) if n + 1 not in taken]
        if number == 0 and first.type == "paragraph_open" and chunk and _PROMPT.match(chunk[0]):
            prompt, _, rest = chunk[0].partition(":")
            rest = rest.strip()
            if prompt.count("**") % 2 and rest.startswith("**"):
                rest = rest[2:].lstrip()
            chunk[0] = rest
        out.extend([*chunk, ""])
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def read_form(text: str, display: str, index: ModelIndex, *, handle: str) -> FormAnswers:
    """The answers in a filled-in form, or an InputError naming the form's line."""
    from markdown_it import MarkdownIt

    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    lines = text.split("\n")
    blocks = _blocks(MarkdownIt("commonmark").parse(text))
    fields, header_line = _header(blocks, display)
    kind, version = _check_header(fields, header_line, display, index, handle)
    sections = _sections(blocks, index, display, header_line)
    ratings: dict[str, int] = {}
    evidence: dict[str, str] = {}
    for cid in (cid for cid in index.all_ids if cid in sections):
        rating, after, taken = _ticks(cid, sections[cid], index, display)
        if rating is not None:  # evidence without a tick is not an answer: skipped
            ratings[cid] = rating
            written = _evidence(sections[cid][after:], lines, taken) if after is not None else ""
            if written:
                evidence[cid] = written
    return FormAnswers(kind=kind, handle=handle, reviewer=_clean(fields.get("reviewer")),
                       role=_clean(fields.get("role")), model_id=index.model.id,
                       model_version=version, ratings=ratings, evidence=evidence,
                       skipped=[cid for cid in index.all_ids if cid not in ratings])
