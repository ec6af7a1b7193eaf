"""Communities of practice and book clubs: plans kept in ``communities/<id>.yaml``.

A common gap is learnt together, and the product model needs more than product people
in the room: each topic invites the functions that work on it with PMs every day. A
community file holds the topic, an owner who could coach it (asked, not volunteered),
a cadence, its sessions (a book club reads one book a quarter, a part per session, each
with an exercise on live work), and what happened: sessions held, attendance by
function, the PMs who took part. Whether their ratings moved afterwards is read from git.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pmkit.errors import InputError
from pmkit.loading import load_file

if TYPE_CHECKING:
    from pmkit.loading import Loaded
    from pmkit.model.index import ModelIndex
    from pmkit.model.rules import Problem
    from pmkit.model.schema import Community, Competency
    from pmkit.workspace import Workspace

FOLDER = "communities"
QUARTER_DAYS = 91

#: Who to invite, chosen by topic. Each rule matches words in the competency's id, name or
#: area; every matching rule adds its functions. Kept here, in one table, so it is easy
#: to read and to argue with.
INVITE_RULES: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (("discovery", "solution", "customer", "problem", "insight", "ux", "design", "voice",
      "understand", "knowledge"),
     ("design", "engineering"),
     "discovery is done by the trio: design and engineering shape the solution from the start"),
    (("customer", "insight", "voice", "user-research"),
     ("support", "sales"),
     "support and sales hear from customers every day and know which ones are worth a conversation"),
    (("assumption", "experiment", "test", "validat", "hypothes", "optimization"),
     ("design", "engineering", "data"),
     "testing ideas needs people who build prototypes and read the results"),
    (("launch", "adoption", "evangelism", "market", "go-to-market", "positioning", "pricing"),
     ("product-marketing", "sales", "support"),
     "a launch lands through the people who position, sell and support the product"),
    (("data", "metric", "analytic", "measure", "learn-and-iterate", "outcome"),
     ("data", "engineering"),
     "analysts and engineers own the instrumentation and the numbers PMs decide with"),
    (("quality", "delivery", "execution", "specification", "development", "agile", "process"),
     ("engineering", "quality"),
     "delivery is a team sport: engineering and quality set how work flows and what done means"),
    (("strategy", "vision", "roadmap", "goals", "prioritization", "impact", "business",
      "industry", "domain"),
     ("engineering", "design", "product-marketing", "sales"),
     "a strategy only works when the people who build, design and sell it shaped it too"),
    (("stakeholder", "influenc", "managing-up", "collaboration", "people", "leadership"),
     ("engineering", "design", "sales", "support"),
     "collaboration is practised with the partners PMs work with every day"),
)
#: Testing ideas in a regulated business: risk and quality belong in the room early.
REGULATED = (("quality", "risk-compliance"),
             "in a regulated business, quality and risk and compliance help design safe "
             "tests instead of blocking them at the end")


def invite_for(comps: Sequence[Competency], area_names: Sequence[str],
               regulated: bool = False) -> tuple[list[str], str]:
    """The functions to invite for these competencies, and why, in one sentence."""
    words = " ".join([*(c.id for c in comps), *(c.name.lower() for c in comps),
                      *(a.lower() for a in area_names)])
    functions: list[str] = []
    reasons: list[str] = []
    for keys, found, why in INVITE_RULES:
        if any(key in words for key in keys):
            functions += [f for f in found if f not in functions]
            reasons.append(why)
    testing = any(key in words for key in INVITE_RULES[2][0] + INVITE_RULES[0][0])
    if regulated and testing:
        functions += [f for f in REGULATED[0] if f not in functions]
        reasons.append(REGULATED[1])
    if not functions:
        functions, reasons = ["engineering", "design"], [
            "the trio learns faster together than PMs alone"]
    text = "; ".join(reasons)
    return functions, text[:1].upper() + text[1:] + "."


def folder(ws: Workspace) -> Path:
    return ws.root / FOLDER


def community_ids(ws: Workspace) -> list[str]:
    """Every ``communities/<id>.yaml``, sorted; other names are skipped."""
    from pmkit.model.handles import HANDLE_PATTERN

    where = folder(ws)
    if not where.is_dir():
        return []
    return sorted(p.stem for p in where.glob("*.yaml")
                  if HANDLE_PATTERN.fullmatch(p.stem) and ".." not in p.stem)


def community_path(ws: Workspace, cid: str) -> Path:
    from pmkit.model.handles import validate_handle

    path = folder(ws) / f"{validate_handle(cid)}.yaml"
    ws.refuse_outside(path)
    return path


def community_rules(index: ModelIndex) -> Any:
    """The rules that tie a community file to the workspace's model."""
    from pmkit.model.handles import HANDLE_PATTERN
    from pmkit.model.rules import Problem

    def rules(community: Community) -> Iterable[Problem]:
        for n, cid in enumerate(community.competencies):
            if index.resolve(cid) is None:
                yield Problem(("competencies", n), f"unknown competency '{cid}'")
        for s, session in enumerate(community.sessions):
            for p, handle in enumerate(session.pms):
                if not HANDLE_PATTERN.fullmatch(handle) or ".." in handle:
                    yield Problem(("sessions", s, "pms", p), f"'{handle}' is not a valid handle")
            if session.attendance and not session.held:
                yield Problem(("sessions", s, "attendance"),
                              "attendance is recorded for a session not marked held: true")
    return rules


def load_community(ws: Workspace, cid: str) -> Loaded[Community]:
    from pmkit.model.schema import Community
    from pmkit.suggest import suggest_known

    path = community_path(ws, cid)
    if not path.is_file():
        raise InputError(f"no community '{cid}'{suggest_known(cid, community_ids(ws), 'communities')}")
    return load_file(path, ws.rel(path), Community, ws.store, community_rules(ws.index))


def load_all(ws: Workspace) -> list[tuple[str, Community]]:
    return [(cid, load_community(ws, cid).obj) for cid in community_ids(ws)]


# --- planning sessions --------------------------------------------------------------------


def plan_sessions(kind: str, comps: Sequence[Competency], start: dt.date, cadence_days: int,
                  book_title: str | None) -> list[dict[str, Any]]:
    """A quarter of sessions: a book club reads a part per session; a community of practice
    takes one practice per session. Every session carries an exercise on live work."""
    count = max(1, QUARTER_DAYS // cadence_days)
    practices = [p for c in comps for p in c.practices] or [
        f"Bring one piece of current work where {comps[0].name.lower()} mattered"]
    questions = [q for c in comps for q in c.questions]
    sessions: list[dict[str, Any]] = []
    for n in range(count):
        when = start + dt.timedelta(days=n * cadence_days)
        practice = practices[n % len(practices)]
        practice = practice[:1].lower() + practice[1:]
        # once every practice has had its session, a session looks back rather than
        # handing out the same exercise twice
        earlier = sessions[n - len(practices)]["date"] if n >= len(practices) else None
        if kind == "book-club":
            title = f"{book_title}: part {n + 1} of {count}" if book_title else f"Part {n + 1} of {count}"
            exercise = ("Try one idea from this part on your current work, then bring what "
                        + (f"happened. For example: {practice}" if earlier is None else
                           "happened: what you changed, who noticed, and whether you will keep it."))
            session: dict[str, Any] = {
                "date": when, "title": title, "part": f"Part {n + 1} of {count} of the book",
                "exercise": exercise}
        else:
            if n < len(questions):
                title = questions[n]
            elif sessions:
                title = f"{comps[0].name}: what has changed in your work since {sessions[-1]['date']}?"
            else:
                title = f"{comps[0].name}: where it mattered in your work this month"
            exercise = (f"Before the session, on live work: {practice}" if earlier is None else
                        f"Before the session, look back at the exercise of {earlier}: bring one "
                        "result of doing it on live work since, and one thing that stopped you "
                        "doing it more often.")
            session = {"date": when, "title": title, "exercise": exercise}
        sessions.append(session)
    return sessions


# --- did the PMs who took part move? -------------------------------------------------------


class Progress(NamedTuple):
    """One community: what was held, who came by function, and what moved afterwards."""

    cid: str
    community: Community
    competencies: list[str]  # canonical ids
    held: int
    next_session: dt.date | None
    attendance: dict[str, int]  # function -> people over all held sessions
    moved: dict[str, str]  # PM handle -> up | same | down | not-reassessed | no-baseline

    def count(self, outcome: str) -> int:
        return sum(1 for v in self.moved.values() if v == outcome)


def _ratings_on(ratings: dict[str, int], comps: Sequence[str]) -> dict[str, int]:
    return {c: ratings[c] for c in comps if c in ratings}


def community_progress(ws: Workspace, today: dt.date | None = None) -> list[Progress]:
    """Every community with its held sessions and, for each PM who took part, whether
    their ratings on its competencies moved between the last assessment before their
    first session and the latest one after it (history from git, one ``git log``)."""
    from pmkit.history.team_window import start_team_log, team_histories

    today = today or dt.date.today()
    found = load_all(ws)
    if not found:
        return []
    index = ws.index
    first_seen: dict[str, dt.date] = {}
    for _, community in found:
        for session in community.sessions:
            if session.held:
                for handle in session.pms:
                    if handle not in first_seen or session.date < first_seen[handle]:
                        first_seen[handle] = session.date
    known = set(ws.handles())
    handles = sorted(h for h in first_seen if h in known)
    histories: dict[str, Any] = {}
    if handles:
        log = start_team_log(ws)
        try:
            histories = team_histories(ws, handles, log, since=min(first_seen.values()))
        finally:
            if log is not None:
                log.close()
    out: list[Progress] = []
    for cid, community in found:
        comps = [c for c in (index.resolve(x) for x in community.competencies) if c is not None]
        held = [s for s in community.sessions if s.held]
        attendance: dict[str, int] = {}
        people: dict[str, dt.date] = {}
        for session in held:
            for function, number in session.attendance.items():
                attendance[function] = attendance.get(function, 0) + number
            for handle in session.pms:
                people.setdefault(handle, session.date)
        moved = {h: _moved(histories.get(h, []), start, comps, index)
                 for h, start in sorted(people.items()) if h in known}
        upcoming = [s.date for s in community.sessions if not s.held and s.date >= today]
        out.append(Progress(cid, community, comps, len(held), min(upcoming, default=None),
                            attendance, moved))
    return out


def _moved(assessed: Sequence[Any], start: dt.date, comps: Sequence[str], index: ModelIndex) -> str:
    start_text = start.isoformat()
    before = [a for a in assessed if a.date < start_text]
    after = [a for a in assessed if a.date >= start_text]
    if not before:
        return "no-baseline"
    if not after:
        return "not-reassessed"
    old = _ratings_on(index.canonical(before[-1].ratings()), comps)
    new = _ratings_on(index.canonical(after[-1].ratings()), comps)
    shared = [c for c in comps if c in old and c in new]
    if not shared:
        return "not-reassessed"
    change = sum(new[c] - old[c] for c in shared)
    return "up" if change > 0 else "down" if change < 0 else "same"
