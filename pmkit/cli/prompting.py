"""The interactive assessment: each competency with its rubric, previous rating as default.

Every answer is checked as it is typed, so a mistake costs one question, not the whole
assessment. Evidence is asked for only when a rating changes (an unchanged rating keeps
its evidence). Ctrl-C or the end of input keeps the answers given so far as a draft,
which the next ``pmkit assess`` of the same PM offers to resume.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from pmkit.actions.drafts import Draft
    from pmkit.model.index import ModelIndex
    from pmkit.workspace import Workspace

SKIP = "-"


def scale_help(index: ModelIndex, old: int | None) -> str:
    labels = ", ".join(f"{value} {label}" for value, label in index.model.scale.items())
    keep = f", Enter to keep {old}" if old is not None else ", Enter to skip"
    return f"a whole number from {index.scale_text} ({labels}){keep}, or '{SKIP}' to skip"


def ask_rating(out: Console, index: ModelIndex, old: int | None) -> int | None:
    """A rating on the scale, the previous one (Enter), or None (skip); asks until valid."""
    default = str(old) if old is not None else SKIP
    while True:
        answer = out.input(f"Rating [{index.scale_text}, {SKIP} skips] ({default}): ").strip()
        if not answer:
            answer = default
        if answer == SKIP:
            return None
        try:
            number = int(answer)
        except ValueError:
            number = None
        if number is not None and index.low <= number <= index.high:
            return number
        out.print(f"'{answer}' is not on the scale: enter {scale_help(index, old)}.")


def ask_evidence(out: Console, old_note: str | None) -> str:
    """What the manager saw; checked as typed (no control or hidden characters)."""
    from pmkit.files.reading import control_character

    while True:
        shown = f" ({old_note[:40]})" if old_note else ""
        note = out.input(f"Evidence (optional){shown}: ").strip()
        if not note and old_note:
            return old_note
        found = control_character(note)
        if not found:
            return note
        out.print(f"That text holds a control character ({found}); type it again without it.")


def ask_resume(out: Console, draft: Draft, total: int) -> bool:
    while True:
        answer = out.input(f"You stopped an assessment on {draft.saved or 'an earlier run'} "
                           f"after {draft.answered} of {total} competencies. Resume it? "
                           "[Y/n]: ").strip().lower()
        if answer in {"", "y", "yes"}:
            return True
        if answer in {"n", "no"}:
            return False
        out.print("Answer y to resume the draft, or n to start again (the draft is dropped).")


def ask_ratings(ws: Workspace, handle: str, key: str) -> tuple[dict[str, int], dict[str, str]]:
    """Ask each competency in the model's order; returns (ratings, evidence) by id."""
    from rich.panel import Panel
    from rich.text import Text

    from pmkit.actions.drafts import Draft, clear_draft, load_draft, save_draft
    from pmkit.cli.output import console
    from pmkit.model.gaps import canonical_ratings

    out = console()
    person = ws.person(handle)
    index = ws.index
    previous = canonical_ratings(getattr(person, key), index)
    total = len(index.placed)
    draft = load_draft(ws, handle, key)
    if draft is not None and draft.answered and ask_resume(out, draft, total):
        current = draft
    else:
        if draft is not None:
            clear_draft(ws, handle, key)
        current = Draft(handle, key)
    who = "their own view" if key == "self_assessment" else "your view"
    out.print(f"Assessing {person.name} ({index.level_name(person.level)}): {who}. "
              f"Scale {index.scale_text}. Enter keeps the previous rating, '{SKIP}' skips; "
              "Ctrl-C keeps your answers as a draft.")
    try:
        for number, placed in enumerate(index.placed, start=1):
            comp = placed.competency
            if comp.id in current.ratings or comp.id in current.skipped:
                continue
            body = Text()
            body.append(comp.description + "\n\n")
            for value, label in index.model.scale.items():
                line = comp.rubric.get(value)
                if line:
                    body.append(f"{value} {label}: ", style="bold")
                    body.append(line + "\n")
            body.append(f"\nExpected at this level: {comp.expected.get(person.level)}", style="cyan")
            out.print(Panel(body, title=f"[{number}/{total}] {placed.area.name} / {comp.name}"))
            old = previous.get(comp.id)
            rating = ask_rating(out, index, old[0] if old else None)
            if rating is None:
                current.skipped.append(comp.id)
                continue
            current.ratings[comp.id] = rating
            if old is None or old[0] != rating:
                note = ask_evidence(out, None)
                if note:
                    current.notes[comp.id] = note
    except (KeyboardInterrupt, EOFError):
        if current.answered:
            kept = save_draft(ws, current)
            if kept is not None:
                out.print(f"\nKept {current.answered} answers as a draft; run `pmkit assess "
                          f"{handle}` to resume.")
        raise
    return current.ratings, current.notes
