"""What ``plan``, ``oneonone`` and ``templates --copy`` write, each in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pmkit.actions.milestone_days import align_to_weekday
from pmkit.documents.cycle import as_of, save
from pmkit.documents.oneonone import Agenda, agenda_path, build_agenda
from pmkit.documents.plan import PlanBuild, build_plan, history_path, plan_path, wheel_path
from pmkit.documents.render import WORKSPACE_TEMPLATES, TemplateInfo, list_templates, resolve_name
from pmkit.errors import InputError
from pmkit.model.handles import validate_handle
from pmkit.model.person_doc import clear_talking_points
from pmkit.suggest import suggest_known

if TYPE_CHECKING:
    from pmkit.documents.cycle import Cycle
    from pmkit.history.entries import Entry as HistoryEntry
    from pmkit.model.gaps import GapReport
    from pmkit.workspace import Workspace


@dataclass(frozen=True)
class PlanWritten:
    path: Path
    text: str
    focus_names: list[str]
    unchanged: bool
    cycle: Cycle
    report: GapReport
    person_saved: bool
    kept_back: list[dict[str, str]]
    clashes: list[tuple[str, str, str]]
    """Focus areas whose goal and milestones name different rhythms: (name, goal's, theirs)."""
    moved: str | None = None
    """Milestones moved to the PM's 1:1 weekday, said in one sentence for the manager."""
    repeats: list[str] = field(default_factory=list)
    """Evidence noted in the same words on several dates, for the manager to weigh."""
    asides: list[str] = field(default_factory=list)
    """Other sentences for the manager alone, said on the terminal."""


def write_plan(ws: Workspace, handle: str, focus: Sequence[str] = (), *,
               allow_stale: bool = False, today: dt.date | None = None) -> PlanWritten:
    """Write ``plans/HANDLE.md``, its PM Wheel ``plans/HANDLE.svg``, its focus areas over time
    ``plans/history/HANDLE.svg`` (from the second assessment on), and the plan's dates,
    milestones and evidence, in one commit.

    The PM's file gets ``plan.started`` and milestones for focus areas that have none
    (the manager's own edits are kept), and evidence read from 1:1 notes; an unchanged
    plan is left as it is.
    """
    validate_handle(handle)
    path = plan_path(ws, handle)
    with ws.transaction(f"plan({handle}): coaching plan") as tx:
        loaded = ws.person_file(handle)
        aligned = align_to_weekday(ws, handle, loaded,
                                   as_of(ws, handle, loaded.obj, today or dt.date.today()))
        moved = aligned[0] if aligned else None
        built, files = plan_files(ws, handle, focus, allow_stale=allow_stale, today=today)
        previous = path.read_bytes() if path.is_file() else None
        for where, text in files.items():
            before = previous if where == path else (where.read_bytes() if where.is_file() else None)
            tx.write(where, text.encode("utf-8"), previous=before)
        doc = loaded.doc()
        saved = save(doc.data, built.cycle, plan_run=True) or moved is not None
        if saved:
            tx.write(loaded.path, doc.to_bytes(), previous=loaded.raw)
    ws.finish()
    names = [ws.index.by_id[cid].competency.name for cid in built.report.focus]
    return PlanWritten(path, built.text, names, previous == built.text.encode("utf-8"),
                       built.cycle, built.report, saved, built.kept_back,
                       _clashes(ws, handle, built.cycle, built.report.focus), moved,
                       built.repeats, built.asides)


def plan_files(ws: Workspace, handle: str, focus: Sequence[str] = (), *, allow_stale: bool = False,
               today: dt.date | None = None, entries: Sequence[HistoryEntry] | None = None
               ) -> tuple[PlanBuild, dict[Path, str]]:
    """The plan and its pictures as ``write_plan`` writes them, the plan first; nothing is written.

    ``entries`` are the PM's assessments over time, for a plan made from something other
    than the workspace's git history (the demo, which builds that history at the end).
    """
    path = plan_path(ws, handle)
    picture, over_time = wheel_path(ws, handle), history_path(ws, handle)
    svg, history = _plan_pictures(ws, handle, focus, today, entries)
    link = (f"{over_time.parent.name}/{over_time.name}", history[1]) if history else None
    built = build_plan(ws, handle, focus, today, allow_stale=allow_stale,
                       wheel=picture.name if svg else None, history=link)
    files = {path: built.text}
    for where, drawn in ((picture, svg), (over_time, history[0] if history else None)):
        if drawn is not None:
            files[where] = drawn
    return built, files


def _clashes(ws: Workspace, handle: str, cycle: Cycle,
             focus: Sequence[str]) -> list[tuple[str, str, str]]:
    """Goals the manager wrote whose milestones ask for another rhythm ("each month" / "every week")."""
    from pmkit.documents.focus import _goals
    from pmkit.model.coaching import rhythm_clash

    goals = _goals(ws.person(handle), ws.index)
    out = []
    for cid in focus:
        clash = rhythm_clash(goals.get(cid, ""), [s.text for s in cycle.steps.get(cid, [])])
        if clash is not None:
            out.append((ws.index.by_id[cid].competency.name, *clash))
    return out


def _plan_pictures(ws: Workspace, handle: str, focus: Sequence[str], today: dt.date | None = None,
                   known: Sequence[HistoryEntry] | None = None
                   ) -> tuple[str | None, tuple[str, str] | None]:
    """The PM Wheel for the plan, with the previous assessment from git when there is one, and
    the plan's focus areas over time (the SVG and its alt text) once there are two assessments."""
    from pmkit.documents.plan import resolve_focus
    from pmkit.documents.wheel import can_draw_wheel, history_alt, previous_ratings, trend_chart, wheel_svg
    from pmkit.model.gaps import compute_gaps

    index = ws.index
    person = ws.person(handle)
    settings = ws.settings
    report = compute_gaps(handle, person, index, today=today or dt.date.today(),
                          reassess_after_days=settings.reassess_after_days, focus_count=settings.plan.focus,
                          pinned_focus=resolve_focus(focus, index, ws.rel(ws.model_path)) if focus else None)
    entries = list(known or [])
    if known is None and ws.repo is not None and report.assessed_on is not None:
        from pmkit.history.person import read_history

        entries = read_history(ws, handle).assessments
    wheel = (wheel_svg(person, report, index, "pm", previous_ratings(entries, report.assessed_on))
             if can_draw_wheel(index) else None)
    shown = [e for e in entries if any(c in e.ratings for c in report.focus)]
    if len(shown) < 2:
        return wheel, None
    chart = trend_chart("Your focus areas over time", report.focus, shown, index, person.level)
    return wheel, (chart, history_alt(report.focus, shown, index, person.level))


@dataclass(frozen=True)
class AgendaWritten:
    path: Path
    agenda: Agenda


def write_agenda(ws: Workspace, handle: str, when: dt.date) -> AgendaWritten:
    """Write the next 1:1's agenda and clear the talking points it took, in one commit.

    An existing 1:1 file is never overwritten: it holds the manager's notes. Evidence
    written under a focus area in earlier notes is saved to the PM's file in the same commit.
    """
    validate_handle(handle)
    path = agenda_path(ws, handle, when)
    if path.exists() or path.is_symlink():
        raise InputError("already exists; pmkit never overwrites a 1:1 file (add to it by hand, "
                         "or pass another --date)", ws.rel(path))
    with ws.transaction(f"oneonone({handle}): agenda for {when.isoformat()}") as tx:
        loaded = ws.person_file(handle)
        aligned = align_to_weekday(ws, handle, loaded, when, preparing=when)
        moved, told = _dates_moved(ws, handle, aligned)
        agenda = build_agenda(ws, handle, when, private=[moved] if moved else [],
                              dates_moved=told)
        tx.write(path, agenda.text.encode("utf-8"), must_be_new=True)
        doc = loaded.doc()
        changed = bool(clear_talking_points(doc.data)) or aligned is not None
        if agenda.cycle is not None:
            changed = save(doc.data, agenda.cycle, plan_run=False) or changed
        if changed:
            tx.write(loaded.path, doc.to_bytes(), previous=loaded.raw)
    ws.finish()
    return AgendaWritten(path, agenda)


def _dates_moved(ws: Workspace, handle: str, aligned: tuple[str, str] | None) -> tuple[str | None, str]:
    """What an agenda says of milestones moved to the 1:1 weekday: the manager's private
    line (None when none moved) and the PM's sentence ("" when there is nothing to say).

    The PM holds the written plan with the old dates: when there is one, the manager
    learns how to write it again and the PM's copy says once why the dates moved.
    """
    if aligned is None:
        return None, ""
    said, day = aligned
    if not plan_path(ws, handle).is_file():
        return said, ""
    return (f"{said} The written plan shows the old dates until `pmkit plan {handle}` writes it again.",
            f"Your plan's milestone dates now fall on {day}s, the day of your 1:1s.")


def find_template(root: Path | None, name: str) -> TemplateInfo:
    """A template by name (``plan``, ``plan.md`` or ``plan.md.j2``)."""
    wanted = resolve_name(name)
    by_name = {info.name: info for info in list_templates(root)}
    html = wanted.removesuffix(".md.j2") + ".html.j2"
    if wanted not in by_name and wanted.endswith(".md.j2") and html in by_name:
        wanted = html  # `report` is the HTML report: it has no Markdown twin
    if wanted not in by_name:
        raise InputError(f"no template '{name}'{suggest_known(wanted, by_name, 'templates')}")
    return by_name[wanted]


def copy_template(ws: Workspace, name: str) -> Path:
    """Copy a shipped template into ``templates/`` to customise; never over the manager's own."""
    info = find_template(ws.root, name)
    if info.shipped is None:
        raise InputError("is your own template; pmkit ships no template of that name",
                         f"{WORKSPACE_TEMPLATES}/{info.name}")
    target = ws.root / WORKSPACE_TEMPLATES / info.name
    if target.exists() or target.is_symlink():
        raise InputError("already exists; pmkit will not overwrite your version "
                         "(delete or rename it first to start again from the shipped one)",
                         ws.rel(target))
    with ws.transaction(f"templates: copy {info.name} to customise") as tx:
        tx.write(target, info.shipped.read_bytes(), must_be_new=True)
    ws.finish()
    return target
