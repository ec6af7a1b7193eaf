"""What ``pmkit community`` writes: a new community plan, its owner, the sessions held."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.actions.people import refuse_control_characters, resolve_competency
from pmkit.communities import community_path, community_rules, invite_for, load_community, plan_sessions
from pmkit.errors import InputError
from pmkit.loading import load_bytes
from pmkit.model.handles import validate_handle
from pmkit.model.schema import FUNCTIONS

if TYPE_CHECKING:
    from pmkit.workspace import Workspace

KINDS = ("community-of-practice", "book-club")
OWNER_STATUSES = ("to-ask", "asked", "agreed", "declined")


@dataclass(frozen=True)
class Planned:
    cid: str
    path: Path
    data: dict[str, Any]
    coaches: list[str]  # PMs at least one point above target: could own or co-run it


def check_function(value: str, option: str) -> str:
    value = value.strip().lower()
    if value not in FUNCTIONS:
        raise InputError(f"{option}: unknown function '{value}'; use one of {', '.join(FUNCTIONS)}")
    return value


def _book(ws: Workspace, comp_ids: Sequence[str]) -> dict[str, Any] | None:
    """The first book marked ``book_club: true`` on the competencies, else the first book."""
    comps = [ws.index.by_id[c].competency for c in comp_ids]
    books = [r for c in comps for r in c.resources if r.kind == "book"]
    pick = next((r for r in books if r.book_club), books[0] if books else None)
    if pick is None:
        return None
    out: dict[str, Any] = {"title": pick.title, "kind": "book"}
    if pick.by:
        out["by"] = pick.by
    if pick.year:
        out["year"] = pick.year
    return out


def _write_checked(ws: Workspace, path: Path, data: bytes) -> None:
    load_bytes(data, path, ws.rel(path), _community_cls(), None, community_rules(ws.index))


def _community_cls() -> type:
    from pmkit.model.schema import Community

    return Community


def plan_community(ws: Workspace, competencies: Sequence[str], *, kind: str = "community-of-practice",
                   cid: str | None = None, topic: str | None = None, owner: str | None = None,
                   owner_function: str = "product", owner_status: str = "to-ask",
                   cadence_days: int = 14, start: dt.date | None = None,
                   regulated: bool = False) -> Planned:
    """Write ``communities/<id>.yaml``: topic, owner, cadence, a quarter of sessions, invitees."""
    from pmkit.files.yamldoc import dump_text
    from pmkit.model.editor_schemas import schema_comment
    from pmkit.team import build_team_report

    if kind not in KINDS:
        raise InputError(f"--kind must be one of {', '.join(KINDS)}, got '{kind}'")
    if owner_status not in OWNER_STATUSES:
        raise InputError(f"--owner-status must be one of {', '.join(OWNER_STATUSES)}")
    if not 1 <= cadence_days <= 365:
        raise InputError("--cadence must be between 1 and 365 days")
    ids = list(dict.fromkeys(resolve_competency(ws, c, "community") for c in competencies))
    if not ids:
        raise InputError("name at least one competency, for example: pmkit community new customer-insight")
    comps = [ws.index.by_id[c].competency for c in ids]
    areas = [ws.index.by_id[c].area.name for c in ids]
    cid = validate_handle(cid or (ids[0] + ("-book-club" if kind == "book-club" else "")))
    for text, what in ((topic, "--topic"), (owner, "--owner")):
        if text:
            refuse_control_characters(text, what)
    book = _book(ws, ids) if kind == "book-club" else None
    if kind == "book-club" and book is None:
        raise InputError(f"the model lists no book for {comps[0].name}; plan a community of "
                         "practice instead (--kind community-of-practice)")
    start = start or dt.date.today()
    invite, why = invite_for(comps, areas, regulated)
    names = " and ".join(c.name for c in comps)
    data: dict[str, Any] = {
        "kind": kind,
        "topic": topic or (f"Book club: {book['title']}" if book else f"{names} community of practice"),
        "competencies": ids, "started": start, "cadence_days": cadence_days,
    }
    if owner:
        data["owner"] = {"name": owner.strip(),
                         "function": check_function(owner_function, "--owner-function"),
                         "status": owner_status}
    if book:
        data["book"] = book
    data["invite"] = invite
    data["invite_why"] = why
    data["sessions"] = plan_sessions(kind, comps, start, cadence_days, book["title"] if book else None)
    report = build_team_report(ws, with_history=False)
    coaches = sorted({h for p in report.people for c in ids
                      if (row := p.report.by_id.get(c)) is not None and row.gap <= -1
                      for h in [p.handle]})
    with ws.transaction(f"community({cid}): plan {kind} on {names}") as tx:
        path = community_path(ws, cid)
        if path.exists() or path.is_symlink():
            raise InputError("already exists; pick another --id, or edit the file", ws.rel(path))
        body = (schema_comment("community", depth=1) + dump_text(data)).encode("utf-8")
        _write_checked(ws, path, body)
        tx.write(path, body, must_be_new=True)
    ws.finish()
    return Planned(cid, path, data, coaches)


def set_owner(ws: Workspace, cid: str, name: str, function: str, status: str) -> Path:
    """Name (or update) the owner and whether they were asked or agreed."""
    if status not in OWNER_STATUSES:
        raise InputError(f"--status must be one of {', '.join(OWNER_STATUSES)}")
    refuse_control_characters(name, "--name")
    if not name.strip():
        raise InputError("--name must not be empty")
    with ws.transaction(f"community({cid}): owner {status}") as tx:
        loaded = load_community(ws, cid)
        doc = loaded.doc()
        doc.data["owner"] = {"name": name.strip(), "function": check_function(function, "--function"),
                             "status": status}
        data = doc.to_bytes()
        _write_checked(ws, loaded.path, data)
        tx.write(loaded.path, data, previous=loaded.raw)
    ws.finish()
    return loaded.path


@dataclass(frozen=True)
class Held:
    path: Path
    date: dt.date
    title: str
    people: int


def record_session(ws: Workspace, cid: str, when: dt.date, attendance: Mapping[str, int],
                   pms: Sequence[str]) -> Held:
    """Mark the session on ``when`` held (or add one), with attendance by function and the
    team's PMs who took part."""
    counts: dict[str, int] = {}
    for function, number in attendance.items():
        key = check_function(function, "--attended")
        if number < 1:
            raise InputError(f"--attended {key}: give a number of people of 1 or more")
        counts[key] = counts.get(key, 0) + number
    known = set(ws.handles())
    handles = []
    for handle in pms:
        validate_handle(handle)
        if handle not in known:
            raise InputError(f"--pm: no PM with handle '{handle}' in team/")
        if handle not in handles:
            handles.append(handle)
    if handles and counts.get("product", 0) < len(handles):
        counts["product"] = len(handles)
    with ws.transaction(f"community({cid}): session held on {when.isoformat()}") as tx:
        loaded = load_community(ws, cid)
        doc = loaded.doc()
        sessions = doc.data.setdefault("sessions", [])
        target = None
        for session in sessions:
            if str(session.get("date")) == when.isoformat():
                target = session
                break
        if target is None:
            pending = [s for s in sessions if not s.get("held")]
            target = pending[0] if pending else None
            if target is None:
                target = {"title": f"{loaded.obj.topic}: extra session"}
                sessions.append(target)
            target["date"] = when
        target["held"] = True
        if counts:
            target["attendance"] = counts
        if handles:
            target["pms"] = handles
        data = doc.to_bytes()
        _write_checked(ws, loaded.path, data)
        tx.write(loaded.path, data, previous=loaded.raw)
    ws.finish()
    return Held(loaded.path, when, str(target.get("title", "")), sum(counts.values()))
