"""The assessment conversation: a 1:1 of its own kind, about the ratings themselves.

Disagreements come first (the PM's own view against the manager's, then colleagues'
views against the manager's), each rating's rubric line shown once with whoever holds it,
so the talk is about behaviour, not numbers. Then the evidence to bring for each contested
competency, then the proposed focus. The part before the private marker is the PM's copy:
it speaks to the PM, colleagues' ratings appear only combined over three or more of them
(never by name or role), and a note written about
the PM in the third person ("she ships...") stays in the manager's private part at the
end, to be said in the room rather than read. Wording: ``conversation.md.j2``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from statistics import median_low
from typing import TYPE_CHECKING, Any

from pmkit.documents.forms import speak_to
from pmkit.documents.next_focus import plan_start, propose_focus
from pmkit.documents.oneonone import agenda_path
from pmkit.documents.plan import _goals, focus_area, person_dict, rubric_text
from pmkit.documents.render import Renderer
from pmkit.errors import InputError
from pmkit.model.gaps import compute_gaps

if TYPE_CHECKING:
    from pmkit.model.gaps import GapReport, GapRow
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Competency, Person
    from pmkit.workspace import Workspace

TEMPLATE = "conversation.md.j2"
_COUNTS = {2: "two", 3: "three", 4: "four", 5: "five"}
MIN_COLLEAGUES = 3  # fewer colleagues than this and a figure points at a person
_ABOUT_PM = re.compile(r"\bPMs?\b|\bmanager\b")  # written for the manager: not for the PM's copy
_THIRD_PERSON = re.compile(
    r"\b(?:he|she|him|his|her|hers|himself|herself|they|them|their|theirs|themself|"
    r"themselves|this PM|the PM)\b", re.IGNORECASE)
_VERB_FIRST = re.compile(r"^\W*(?:[A-Z][a-z]+[^su\W]s|Has|Is|Was)\b")  # "Writes specs...": "she" unsaid


def reads_as_note(text: str, name: str) -> bool:
    """Whether someone else's evidence can be shown to the PM as it was written.

    A note ("Four interviews this quarter", "Ran the retro with us") can; a sentence
    about the PM in the third person ("She writes specs alone", "Explains problems well",
    "Priya brings me along") cannot: it reads as being talked about. When in doubt, no.
    """
    if _THIRD_PERSON.search(text) or _VERB_FIRST.match(text):
        return False
    words = [w for w in name.split() if len(w) > 1]
    return not any(re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE) for w in words)


def colleagues_combined(row: GapRow) -> int | None:
    """Colleagues' ratings as one value a PM may read: the middle one, from three or more.

    With fewer than three colleagues on a competency, any figure would point at a person,
    so the PM's copy shows none; the manager's private part keeps the detail.
    """
    if len(row.peers) < MIN_COLLEAGUES:
        return None
    return int(median_low(p.rating for p in row.peers))


def _views(row: GapRow, comp: Competency, index: ModelIndex, name: str) -> list[dict[str, Any]]:
    """Each rating given, lowest first, with its rubric line once and everyone who gave it."""
    holders: dict[int, list[str]] = {row.rating: ["your manager"]}
    if row.self_rating is not None:
        holders.setdefault(row.self_rating, []).append("you")
    combined = colleagues_combined(row)
    if combined is not None:
        many = _COUNTS.get(len(row.peers), str(len(row.peers)))
        holders.setdefault(combined, []).append(f"{many} colleagues taken together")
    first = (name.split() or [""])[0]
    return [{"rating": value, "label": index.label(value),
             "text": speak_to(rubric_text(comp, value), "self", first),
             "who": who[0] if len(who) == 1 else ", ".join(who[:-1]) + " and " + who[-1]}
            for value, who in sorted(holders.items())]


def _evidence(row: GapRow, name: str,
              quote_colleagues: bool) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(what the PM's copy can quote, what stays in the manager's private part).

    A colleague's words reach the PM only when at least three colleagues gave input, and
    then without a name or a role; otherwise they wait in the private part, by name.
    """
    shared: list[dict[str, str]] = []
    private: list[dict[str, str]] = []
    if row.self_evidence:
        shared.append({"who": "you wrote", "text": row.self_evidence})
    if row.evidence:
        (shared if reads_as_note(row.evidence, name) else private).append(
            {"who": "your manager noted", "text": row.evidence, "named": "your notes"})
    for peer in row.peers:
        if peer.evidence:
            role = " ".join((peer.role or "").split())
            (shared if quote_colleagues and reads_as_note(peer.evidence, name) else private).append(
                {"who": "a colleague wrote", "text": peer.evidence,
                 "named": f"{peer.reviewer} ({role})" if role else peer.reviewer})
    return shared, private


def peer_label(role: str | None) -> str:
    """How a colleague appears in a PM's document: by role, never by name."""
    role = " ".join((role or "").split())
    return f"a colleague ({role})" if role else "a colleague"


def view_rows(report: GapReport, index: ModelIndex, name: str = "") -> list[dict[str, Any]]:
    """Every assessed competency where another view exists, with each view's rubric line."""
    out: list[dict[str, Any]] = []
    quote = len(report.peer_input) >= MIN_COLLEAGUES
    for row in sorted(report.rows, key=lambda r: r.order):
        if row.agreement == "manager-only":
            continue
        comp = index.by_id[row.competency].competency
        shared, private = _evidence(row, name, quote)
        combined = colleagues_combined(row)
        out.append({
            "id": row.competency, "name": row.name, "area": row.area_name,
            "description": comp.description, "agreement": row.agreement,
            "rating": row.rating, "rating_label": index.label(row.rating),
            "rating_text": rubric_text(comp, row.rating), "evidence": row.evidence or "",
            "expected": row.expected,
            "self_rating": row.self_rating,
            "self_label": index.label(row.self_rating) if row.self_rating is not None else "",
            "self_text": rubric_text(comp, row.self_rating),
            "self_evidence": row.self_evidence or "",
            "self_difference": row.self_difference,
            "peers": [{"who": peer_label(p.role), "rating": p.rating,
                       "label": index.label(p.rating), "text": rubric_text(comp, p.rating),
                       "evidence": p.evidence or "", "difference": p.rating - row.rating}
                      for p in row.peers],
            "peer_range": list(row.peer_range) if row.peer_range else None,
            "spread": max([abs(row.self_difference or 0)]
                          + [abs(p.rating - row.rating) for p in row.peers]),
            "look_for": [item for item in comp.look_for if not _ABOUT_PM.search(item)][:2],
            "questions": list(comp.questions[:2]),
            "views": _views(row, comp, index, name),
            "colleagues": combined,
            "shown_spread": max(abs(row.self_difference or 0),
                                abs(combined - row.rating) if combined is not None else 0),
            "private_peers": [{"named": f"{p.reviewer} ({' '.join(p.role.split())})" if p.role
                               else p.reviewer, "rating": p.rating} for p in row.peers],
            "shared_evidence": shared, "private_evidence": private,
        })
    return out


#: Colleagues' figures are shown to the PM only where at least this many rated.
PEER_FIGURES = 3


def _peer_words(row: dict[str, Any]) -> str:
    """Colleagues' view beside the manager's, without a figure."""
    peers = [p["rating"] for p in row["peers"]]
    lean = sum(peers) / len(peers) - row["rating"]
    if lean >= 0.5:
        return "higher than your manager"
    if lean <= -0.5:
        return "lower than your manager"
    return "about the same as your manager"


def views_summary(report: GapReport, index: ModelIndex) -> dict[str, Any]:
    """For the plan: where your view, your manager's and colleagues' agree and differ.

    Colleagues appear as a count and a range, never by name; nothing is averaged. Where
    fewer than ``PEER_FIGURES`` colleagues rated a competency, a range would tell the PM
    what each of them gave, so it is said in words instead (``peer_words``).
    """
    rows = view_rows(report, index)
    differ = sorted((r for r in rows if r["agreement"] != "agree"), key=lambda r: -r["spread"])
    return {"peer_count": len(report.peer_input),
            "self_assessed": report.self_assessed_on is not None,
            "differ": [{"name": r["name"], "rating": r["rating"], "self_rating": r["self_rating"],
                        "peer_range": r["peer_range"] if len(r["peers"]) >= PEER_FIGURES else None,
                        "peer_words": _peer_words(r) if 0 < len(r["peers"]) < PEER_FIGURES
                        else "", "spread": r["spread"]} for r in differ],
            "agree": [{"name": r["name"]} for r in rows if r["agreement"] == "agree"]}


def conversation_context(handle: str, person: Person, report: GapReport, index: ModelIndex,
                         manager: str, when: dt.date, reassess_after_days: int = 90,
                         proposed: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The plain context ``conversation.md.j2`` renders.

    ``proposed`` is the next focus as ``propose_focus`` chose it, so the conversation and
    the end-of-plan review agree; without it, the report's focus stands.
    """
    rows = view_rows(report, index, person.name)
    contested = sorted((r for r in rows if r["shown_spread"]),
                       key=lambda r: -r["shown_spread"])  # stable: model order within a spread
    self_contested = [r for r in contested if r["self_difference"]]
    peer_contested = [r for r in contested
                      if r["colleagues"] is not None and r["colleagues"] != r["rating"]]
    shown = {r["id"] for r in contested}
    age = (when - report.assessed_on).days if report.assessed_on else None
    goals = _goals(person, index)
    ordered = sorted(report.rows, key=lambda r: r.order)
    return {
        "person": person_dict(handle, person, index),
        "manager": manager,
        "date": when.isoformat(),
        "weekday": when.strftime("%A"),
        "assessed_on": report.assessed_on.isoformat() if report.assessed_on else None,
        "self_assessed_on": report.self_assessed_on.isoformat() if report.self_assessed_on else None,
        "peer_count": len(report.peer_input),
        "colleagues_combined": len(report.peer_input) >= MIN_COLLEAGUES,
        "assessment_age_days": age,
        "stale": age is not None and age > reassess_after_days,
        "contested": contested,
        "self_contested": self_contested,
        "self_higher": sum(1 for r in self_contested if r["self_difference"] > 0),
        "self_lower": sum(1 for r in self_contested if r["self_difference"] < 0),
        "peer_contested": peer_contested,
        "peer_only": [r for r in peer_contested if r not in self_contested],
        "agreed": [{"name": r.name} for r in ordered
                   if r.competency not in shown and r.self_rating is not None],
        "manager_only": [{"name": r.name} for r in ordered
                         if r.competency not in shown and r.self_rating is None],
        "colleague_detail": [{"name": r["name"], "rating": r["rating"],
                              "peers": r["private_peers"]} for r in rows if r["private_peers"]],
        "not_assessed": [{"name": index.by_id[c].competency.name} for c in report.not_assessed
                         if c not in report.self_only],
        "self_only": [index.by_id[c].competency.name for c in report.self_only],
        "held_back": [dict(e, competency=r["name"]) for r in rows for e in r["private_evidence"]
                      if r["id"] in shown or e["named"] != "your notes"],
        "focus_areas": [dict(focus_area(f["id"], report, index, person, goals), **f)
                        for f in (proposed if proposed is not None else
                                  [{"id": cid} for cid in report.focus])],
        "scale": [{"value": v, "label": label} for v, label in sorted(index.model.scale.items())],
    }


@dataclass
class Conversation:
    path: Path
    text: str
    contested: list[str]


def build_conversation(ws: Workspace, handle: str, when: dt.date) -> Conversation:
    """The agenda of the assessment conversation, rendered; nothing is written here."""
    person = ws.person(handle)
    if person.assessment is None:
        raise InputError(f"{handle} has no assessment yet, so there is nothing to talk through; "
                         f"assess first with `pmkit assess {handle}`", ws.rel(ws.person_path(handle)))
    settings = ws.settings
    report = compute_gaps(handle, person, ws.index, today=when,
                          reassess_after_days=settings.reassess_after_days,
                          focus_count=settings.plan.focus)
    _, first, _ = plan_start(ws, handle, person, when)
    proposed = propose_focus(report, person, ws.index, dict(first.ratings) if first else {},
                             settings.plan.focus)
    context = conversation_context(handle, person, report, ws.index,
                                   (settings.manager or "").strip(), when,
                                   settings.reassess_after_days, proposed)
    text = Renderer(ws.root, ws.store).render(TEMPLATE, context)
    return Conversation(agenda_path(ws, handle, when), text,
                        [row["id"] for row in context["contested"]])
