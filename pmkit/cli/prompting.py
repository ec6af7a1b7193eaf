"""The interactive assessment: each competency with its rubric, previous rating as default."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.workspace import Workspace


def ask_ratings(ws: Workspace, handle: str, key: str) -> tuple[dict[str, int], dict[str, str]]:
    from rich.panel import Panel
    from rich.prompt import Prompt
    from rich.text import Text

    from pmkit.cli.output import console
    from pmkit.model.gaps import canonical_ratings

    out = console()
    person = ws.person(handle)
    index = ws.index
    previous = canonical_ratings(getattr(person, key), index)
    ratings: dict[str, int] = {}
    notes: dict[str, str] = {}
    who = "their own view" if key == "self_assessment" else "your view"
    out.print(f"Assessing {person.name} ({index.level_name(person.level)}): {who}. "
              f"Scale {index.scale_text}. Enter keeps the previous rating, '-' skips.")
    total = len(index.placed)
    for number, placed in enumerate(index.placed, start=1):
        comp = placed.competency
        body = Text()
        body.append(comp.description + "\n\n")
        for value, label in index.model.scale.items():
            line = comp.rubric.get(value)
            if line:
                body.append(f"{value} {label}: ", style="bold")
                body.append(line + "\n")
        expected = comp.expected.get(person.level)
        body.append(f"\nExpected at this level: {expected}", style="cyan")
        out.print(Panel(body, title=f"[{number}/{total}] {placed.area.name} / {comp.name}"))
        old = previous.get(comp.id)
        choices = [str(v) for v in index.model.scale] + ["-"]
        answer = Prompt.ask("Rating", choices=choices, default=str(old[0]) if old else "-",
                            console=out, show_choices=True)
        if answer == "-":
            continue
        ratings[comp.id] = int(answer)
        note = Prompt.ask("Evidence (optional)", default=(old[1] or "") if old else "",
                          console=out, show_default=False)
        if note.strip():
            notes[comp.id] = note.strip()
    return ratings, notes
