"""What ``self-review`` writes and reads back: review forms in, ratings kept beside the manager's.

A form goes out as a Markdown file under ``forms/HANDLE/`` (committed, so the manager can
see what was sent and when). A filled-in form comes back through :func:`import_form`: the
PM's own form replaces their ``self_assessment``; a colleague's form is added to
``peer_input`` with its source and date. Neither ever touches the manager's ratings.
Everything is checked before anything is written, and the PM file and the filled-in
form are committed together.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.actions.people import refuse_control_characters
from pmkit.documents.form_timing import scheduled_conversation
from pmkit.documents.forms import FormAnswers, Kind, form_context, read_form, render_form
from pmkit.documents.render import Renderer, read_text_file
from pmkit.documents.role_fit import likely_seen
from pmkit.errors import InputError
from pmkit.files.yamldoc import replace_value
from pmkit.loading import load_bytes
from pmkit.model.handles import validate_handle

if TYPE_CHECKING:
    from pmkit.model.schema import Person
    from pmkit.workspace import Workspace

FOLDER = "forms"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def slug(name: str) -> str:
    """A file-name part for a reviewer: ``Sam O'Neil`` -> ``sam-o-neil``."""
    text = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    return text[:40].strip("-") or "peer"


def form_path(ws: Workspace, handle: str, kind: Kind, reviewer: str | None, when: dt.date) -> Path:
    """``forms/HANDLE/self-review-DATE.md`` or ``forms/HANDLE/peer-REVIEWER-DATE.md``."""
    name = "self-review" if kind == "self" else f"peer-{slug(reviewer or '')}"
    return ws.root / FOLDER / validate_handle(handle) / f"{name}-{when.isoformat()}.md"


def check_reviewer(reviewer: str | None, role: str | None) -> None:
    """A colleague's name and role, as typed: not empty, no control characters."""
    for value, option in ((reviewer, "--from"), (role, "--role")):
        if value is not None:
            if not value.strip():
                raise InputError(f"{option} must not be empty")
            refuse_control_characters(value, option)
    if role and not reviewer:
        raise InputError("--role describes the colleague giving feedback; give their name with "
                         "--from NAME too")


def build_form(ws: Workspace, handle: str, *, reviewer: str | None, role: str | None,
               when: dt.date, due: dt.date | None = None) -> str:
    """The form's Markdown: a self-review, or a peer form when ``reviewer`` is given."""
    validate_handle(handle)
    check_reviewer(reviewer, role)
    person = ws.person(handle)
    kind: Kind = "peer" if reviewer else "self"
    context = form_context(ws.index, handle=handle, person_name=person.name, kind=kind,
                           reviewer=reviewer, role=role, today=when, due=due,
                           manager=(ws.settings.manager or "").strip(),
                           background=person.background,
                           conversation=scheduled_conversation(ws, handle, when),
                           review=plan_review(ws, handle, person),
                           self_on=person.self_assessment.date if person.self_assessment
                           else None)
    context["likely"] = likely_seen(ws.index, role) if kind == "peer" else []
    return render_form(Renderer(ws.root, ws.store), context)


def plan_review(ws: Workspace, handle: str, person: Person) -> dt.date | None:
    """The day set for the review of the PM's current plan, when the plan has a start; none
    when the plan has steps dated after that day (restarted or run longer), since its review
    then moves with them and the form should not name a day that no longer holds."""
    from pmkit.documents.goal_status import plan_end  # only for a PM with a dated plan

    if person.plan is None or not person.plan.started:
        return None
    started = person.plan.started
    end = plan_end(ws, handle, started)[0]
    later = any(m.date > end for steps in person.plan.milestones.values() for m in steps)
    return None if later else end


@dataclass(frozen=True)
class FormWritten:
    path: Path
    kind: Kind
    recipient: str  # who fills it in: the colleague, or the PM by name


def write_form(ws: Workspace, handle: str, *, reviewer: str | None, role: str | None,
               when: dt.date, due: dt.date | None = None) -> FormWritten:
    """Write a new form and commit it; a form already there (perhaps filled in) is kept."""
    check_reviewer(reviewer, role)
    kind: Kind = "peer" if reviewer else "self"
    ws.person_file(handle)  # an unknown PM is named before any path
    path = form_path(ws, handle, kind, reviewer, when)
    if path.exists() or path.is_symlink():
        raise InputError("already exists and may hold answers; pmkit never overwrites a form "
                         "(import it, or pass another --date)", ws.rel(path))
    who = f"peer form for {reviewer.strip()}" if reviewer else "self-review form"
    with ws.transaction(f"self-review({handle}): {who}") as tx:
        text = build_form(ws, handle, reviewer=reviewer, role=role, when=when, due=due)
        tx.write(path, text.encode("utf-8"), must_be_new=True)
    ws.finish()
    recipient = reviewer.strip() if reviewer else (ws.person(handle).name.strip() or handle)
    return FormWritten(path, kind, recipient)


@dataclass(frozen=True)
class Imported:
    answers: FormAnswers
    reviewer: str | None
    stored: Path | None  # where the filled-in form is kept in the workspace


def _clean_evidence(text: str) -> str:
    return _CONTROL.sub("", text).strip()


def _ratings_map(answers: FormAnswers) -> Any:
    """``{id: rating}`` or ``{id: {rating, evidence}}``; evidence over lines stays readable."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import LiteralScalarString

    out = CommentedMap()
    for cid, rating in answers.ratings.items():
        evidence = _clean_evidence(answers.evidence.get(cid, ""))
        if not evidence:
            out[cid] = rating
            continue
        multi = "\n" in evidence
        detail = CommentedMap([("rating", rating),
                               ("evidence", LiteralScalarString(evidence) if multi else evidence)])
        if not multi:
            detail.fa.set_flow_style()
        out[cid] = detail
    return out


def _add_key(data: Any, key: str, value: Any) -> None:
    """A new top-level key beside the assessments: appended, it would land after the file's
    closing comments."""
    keys = list(data)
    anchors = [k for k in ("peer_input", "self_assessment", "assessment") if k in keys]
    position = keys.index(anchors[0]) + 1 if anchors else min(len(keys), 2)
    data.insert(position, key, value)


def _set_self(data: Any, answers: FormAnswers, when: dt.date) -> None:
    """The form is the PM's whole view today: competencies they skipped are not carried over."""
    from ruamel.yaml.comments import CommentedMap


    section = CommentedMap([("date", when), ("model_version", answers.model_version),
                            ("ratings", _ratings_map(answers))])
    if "self_assessment" in data:
        replace_value(data, "self_assessment", section)
    else:
        _add_key(data, "self_assessment", section)


def _add_peer(data: Any, answers: FormAnswers, reviewer: str, when: dt.date) -> None:
    """Append the colleague's view; the same colleague's form on the same day replaces it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq


    entry = CommentedMap([("reviewer", reviewer)])
    if answers.role:
        entry["role"] = answers.role
    entry["date"] = when
    entry["model_version"] = answers.model_version
    entry["ratings"] = _ratings_map(answers)
    peers = data.get("peer_input")
    if not isinstance(peers, list):
        peers = CommentedSeq()
        if "peer_input" in data:
            replace_value(data, "peer_input", peers)
        else:
            _add_key(data, "peer_input", peers)
    for number, old in enumerate(peers):
        if (isinstance(old, dict) and str(old.get("reviewer", "")).casefold() == reviewer.casefold()
                and str(old.get("date")) == when.isoformat()):
            peers[number] = entry
            return
    peers.append(entry)


def import_form(ws: Workspace, handle: str, source: Path, when: dt.date,
                reviewer: str | None = None) -> Imported:
    """Read a filled-in form and record it; a form that cannot be read changes nothing."""
    validate_handle(handle)
    if reviewer is not None:
        check_reviewer(reviewer, None)
    display = ws.rel(source) if source.is_absolute() else source.as_posix()
    if not source.exists():
        raise InputError("no such file", display)
    text = read_text_file(source, display)
    ws.person_file(handle)  # a broken PM file is reported before the form
    answers = read_form(text, display, ws.index, handle=handle)
    if not answers.ratings:
        raise InputError("no box is ticked anywhere in this form, so there is nothing to import; "
                         "tick one line per competency the person can judge", display, 1)
    name = answers.reviewer or (reviewer.strip() if reviewer else None)
    if answers.kind == "peer" and not name:
        raise InputError("this peer form does not say who filled it in; give their name with "
                         "--from NAME", display, 1)
    if answers.kind == "self" and reviewer:
        raise InputError(f"this is {handle}'s own self-review, not a colleague's form; "
                         "import it without --from", display, 1)
    if answers.kind == "peer" and reviewer and answers.reviewer and \
            reviewer.strip().casefold() != answers.reviewer.casefold():
        raise InputError(f"this form was sent to {answers.reviewer}, not {reviewer.strip()}",
                         display, 1)
    stored = form_path(ws, handle, answers.kind, name, when)
    count = len(answers.ratings)
    noun = "rating" if count == 1 else "ratings"
    message = (f"self-review({handle}): self-assessment from the PM's form, {count} {noun}"
               if answers.kind == "self" else
               f"self-review({handle}): peer input from {name}, {count} {noun}")
    with ws.transaction(message) as tx:
        loaded = ws.person_file(handle)
        doc = loaded.doc()
        if answers.kind == "self":
            _set_self(doc.data, answers, when)
        else:
            assert name is not None
            _add_peer(doc.data, answers, name, when)
        data = doc.to_bytes()
        load_bytes(data, loaded.path, loaded.display, type(loaded.obj), None,
                   lambda person: ws.person_rules(person))
        tx.write(loaded.path, data, previous=loaded.raw)
        inside = source.resolve().is_relative_to(ws.root.resolve())
        if not inside:  # keep what the person sent, beside the forms that went out
            previous = stored.read_bytes() if stored.is_file() else None
            kept = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
            tx.write(stored, kept.encode("utf-8"), previous=previous)
    ws.finish()
    return Imported(answers, name, None if inside else stored)
