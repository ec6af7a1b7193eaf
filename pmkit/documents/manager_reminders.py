"""The manager's own reminders at the foot of a 1:1 agenda, below the private marker.

They name pmkit commands and count days (an old assessment, no plan yet, a long gap since
the last 1:1, private evidence, the manager's own carried items): things only the manager
acts on, so the PM's copy never holds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pmkit.documents import carried, notes

if TYPE_CHECKING:
    import datetime as dt

    from pmkit.documents.cycle import Cycle
    from pmkit.documents.last_time import Meeting
    from pmkit.model.gaps import GapReport
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Settings


def private_lines(handle: str, report: GapReport, settings: Settings, date: dt.date,
                   meetings: Sequence[Meeting], cycle: Cycle, planned: bool, has_plan: bool,
                   own: Sequence[Sequence[notes.Carried]], turn: str | None,
                   index: ModelIndex, goals_set: bool, first_name: str,
                   own_names: Sequence[str] = (), closing: bool = False) -> list[str]:
    """Reminders for the manager alone: they name commands and count days."""
    lines: list[str] = []
    if report.assessed_on is None:
        lines.append(f"No assessment yet: `pmkit assess {handle}` gives the 1:1s a focus.")
    elif report.stale:
        age = (date - report.assessed_on).days
        lines.append(f"The assessment of {report.assessed_on.isoformat()} is {age} days old "
                     f"(reassess after {settings.reassess_after_days}): ask for a self-assessment, "
                     f"then `pmkit assess {handle}`.")
    if not has_plan and goals_set:
        lines.append(f"No plan is written for {first_name} yet: today's goal comes from "
                     f"team/{handle}.yaml and its milestone is the one `pmkit plan {handle}` "
                     f"proposes. Agree them today, then write the plan so later 1:1s can check "
                     f"progress against it.")
    elif not has_plan and report.focus:
        lines.append(f"No coaching plan yet, so today's goal is pmkit's proposal: agree one "
                     f"together, then `pmkit plan {handle}` writes the plan and its milestones.")
    elif date > cycle.end:
        lines.append(f"The plan ran until {cycle.end.isoformat()}: reassess, then "
                     f"`pmkit plan {handle}` starts the next one.")
    if meetings:
        gap = (date - meetings[-1][0]).days
        if gap > 2 * settings.cadence_days:
            lines.append(f"{gap} days since the previous 1:1 (cadence {settings.cadence_days}): "
                         "ask how things have been before the plan.")
    if planned and turn is not None:
        hidden = [e for e in cycle.evidence.get(turn, []) if e.private]
        for entry in hidden:
            lines.append(f"Private evidence, {entry.date.isoformat()}: {entry.text}")
    lines.extend(carried.own_lines(own, date, first_name, own_names, closing))
    return lines
