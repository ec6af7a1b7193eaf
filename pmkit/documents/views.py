"""Where the PM's own view, the manager's and colleagues' agree and differ, per competency.

Shared by the plan (a short summary) and the assessment conversation (the whole picture).
Colleagues' ratings are shown to the PM only combined over three or more of them, never
by name or role; a note about the PM in the third person is not shown to the PM as written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pmkit.documents.focus import rubric_text
from pmkit.patterns import lazy

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from pmkit.model.gaps import GapReport, GapRow
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Competency

_COUNTS = {2: "two", 3: "three", 4: "four", 5: "five"}
MIN_COLLEAGUES = 3  # fewer colleagues than this and a figure points at a person
_ABOUT_PM = lazy(r"\bPMs?\b|\bmanager\b")  # written for the manager: not for the PM's copy
_THIRD_PERSON = lazy(
    r"\b(?:he|she|him|his|her|hers|himself|herself|they|them|their|theirs|themself|"
    r"themselves|this PM|the PM)\b", re.IGNORECASE)
#: A note opening with what the PM did, subject unsaid: "Checked one assumption ...". Only
#: before a determiner or number, so an adjective ("Limited experience") is not read as one.
_DID_FIRST = lazy(r"^([A-Z][a-z]+ed)\s+(?=(?:a|an|the|one|two|three|four|five|several|some|"
                  r"each|every|\d+)\b)")
_VERB_FIRST = lazy(r"^\W*(?:[A-Z][a-z]+[^su\W]s|Has|Is|Was)\b")  # "Writes specs...": "she" unsaid


def reads_as_note(text: str, name: str) -> bool:
    """Whether someone else's evidence can be shown to the PM as it was written.

    A note ("Four interviews this quarter", "Ran the retro with us") can; a sentence
    about the PM in the third person ("She writes specs alone", "Explains problems well",
    "Priya brings me along") cannot: it reads as being talked about. When in doubt, no.
    """
    if _THIRD_PERSON.search(text) or _VERB_FIRST.match(text):
        return False
    return not _names_pm(text, name)


def _names_pm(text: str, name: str) -> bool:
    words = [w for w in name.split() if len(w) > 1]
    return any(re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE) for w in words)


def newer_views(row: GapRow, rated_on: dt.date | None,
                self_on: dt.date | None) -> list[dict[str, Any]]:
    """The views of a competency given after the manager's rating of it (``rated_on``).

    The one check behind "newer evidence since the latest rating" in readiness and behind
    "recheck the rating" in the conversation and the review: each view with who gave it
    (``self`` for the PM's own), its date, rating and evidence.
    """
    if rated_on is None:
        return []
    out: list[dict[str, Any]] = []
    if row.self_rating is not None and self_on is not None and self_on > rated_on:
        out.append({"self": True, "work": False, "who": "self-review", "role": "", "date": self_on,
                    "rating": row.self_rating, "evidence": row.self_evidence or ""})
    out += [{"self": False, "work": False, "who": p.reviewer, "role": " ".join((p.role or "").split()),
             "date": p.date, "rating": p.rating, "evidence": p.evidence or ""}
            for p in row.peers if p.date > rated_on]
    return out


def _evidence_above(row: GapRow, view: Mapping[str, Any], index: ModelIndex | None) -> bool:
    """Whether a newer view is evidence for a rating above ``row.rating``, not only a view.

    The PM's own self-review counts by its number. A colleague's higher number alone is a
    view: it counts only when the colleague's words fit a rubric line above the rating
    better than any other line, the rule logged work is held to (see newer_work). A note
    that restates what the manager already recorded stays at the manager's line.
    """
    if view.get("self") or view.get("work") or index is None:
        return bool(view["rating"] > row.rating)
    if view["rating"] <= row.rating or not view.get("evidence"):
        return False
    from pmkit.documents.newer_work import reads_above  # built on this module's readers

    comp = index.by_id[row.competency].competency
    return reads_above(comp, row.rating, index.model.scale,
                       [{"text": view["evidence"]}]) is not None


def _reads_at(row: GapRow, view: dict[str, Any], index: ModelIndex | None) -> dict[str, Any]:
    """A higher number whose words read above no rubric line, with the part of its note
    that reads like the manager's line or one below (``reads_like``), if any part does,
    and whether the manager's own note reads like that same line (``same_as_own``): then
    both saw the same behaviour and rated it differently, which is no reason to set the
    colleague's view aside."""
    if index is None or not view.get("evidence"):
        return {**view, "reads_like": None}
    from pmkit.documents.newer_work import _TURN, reads_at_or_below, rubric_line_of

    comp = index.by_id[row.competency].competency
    like = reads_at_or_below(comp, row.rating, index.model.scale, view["evidence"])
    if like and row.evidence:  # the manager's own note held to the same standard, part by part
        own = {rubric_line_of(part, comp, index.model.scale) for part in _TURN.split(row.evidence)
               if part.strip()}
        like = dict(like, same_as_own=like["value"] in own)
    if like and not like["whole"]:  # the other part is what speaks for the higher number
        rest = [p.strip().rstrip(".") for p in _TURN.split(view["evidence"])
                if p.strip() and p.strip().rstrip(".") != like["text"]]
        like = dict(like, rest="; ".join(rest))
    return {**view, "reads_like": like}


def recheck(report: GapReport,
            work: Mapping[str, Mapping[str, Any]] | None = None,
            index: ModelIndex | None = None) -> dict[str, dict[str, Any]]:
    """Competencies whose newer views all point the same way from the manager's rating.

    Keyed by competency id: ``direction`` ("higher" or "lower"), ``since`` (the rating's
    date) and the ``views`` behind it. A rating that newer views contradict is worth a
    second look before it is talked through or carried into the next plan. ``work`` is
    the work written down since the rating, by competency ({date, text, source: "log" or
    "notes", goal: it does a plan goal as worded, value: the higher rubric line it reads
    like}): the strongest newer evidence there is, so it alone flags the rating, and
    views that do not point higher are left to the manager's list of colleagues' ratings.
    Every document that asks for a recheck (conversation, review, readiness) asks here.
    With ``index``, a colleague's view counts towards a higher rating only when its words
    read above the rating (see :func:`_evidence_above`): a higher number with no such words
    goes to ``unsupported``, a view at or below the rating to ``others``.
    """
    out: dict[str, dict[str, Any]] = {}
    for row in report.rows:
        views = newer_views(row, report.assessed_on, report.self_assessed_on)
        done = (work or {}).get(row.competency)
        if done and report.assessed_on and done["date"] > report.assessed_on:
            above = [v for v in views if _evidence_above(row, v, index)]
            work_view = {"self": False, "work": True, "who": "", "role": "", "date": done["date"],
                         "rating": done.get("value") or row.rating + 1, "evidence": done["text"],
                         "value": done.get("value"),  # None: the words come near no higher line
                         "goal": bool(done.get("goal")), "source": done.get("source", "log"),
                         # the line to set the work beside: which parts it shows is for the
                         # manager to judge, not for word matching to claim
                         "line": (rubric_text(index.by_id[row.competency].competency,
                                              done["value"])
                                  if index is not None and done.get("value") else ""),
                         # and the line the manager gave: the work may bear the rating out
                         "own_line": (rubric_text(index.by_id[row.competency].competency,
                                                  row.rating)
                                      if index is not None and done.get("value") else ""),
                         # and every line between: a jump of two passes through the one between
                         "between": _lines_between(index, row.competency, row.rating,
                                                   done.get("value"))}
            aside = [v for v in views if v not in above]
            out[row.competency] = {"direction": "higher", "since": report.assessed_on.isoformat(),
                                   "by_work": len(above) < len(views),  # other views differ
                                   "views": [*above, work_view],
                                   "others": [v for v in views if v["rating"] <= row.rating],
                                   "unsupported": [_reads_at(row, v, index) for v in views
                                                   if v not in above and v["rating"] > row.rating],
                                   # views given before the work cannot speak to it, so
                                   # they are never read as weighing against it
                                   "before_work": bool(aside) and all(
                                       v["date"] < done["date"] for v in aside)}
            continue
        if not views:
            continue  # a newer view that agrees with the rating weighs against rechecking it
        higher = all(v["rating"] > row.rating for v in views)
        if higher and not any(_evidence_above(row, v, index) for v in views):
            continue  # higher numbers without words above the rating: views, not evidence
        if higher or all(v["rating"] < row.rating for v in views):
            out[row.competency] = {"direction": "higher" if higher else "lower",
                                   "since": report.assessed_on.isoformat() if report.assessed_on
                                   else "", "views": views, "others": [], "unsupported": []}
    return out


def _lines_between(index: ModelIndex | None, cid: str, low: int | None,
                   high: int | None) -> list[dict[str, Any]]:
    """The rubric lines strictly between the manager's rating and the line the work reads
    like, lowest first, so the manager weighs the work against each step, not only two."""
    if index is None or low is None or high is None:
        return []
    rubric = index.by_id[cid].competency.rubric
    return [{"value": k, "text": rubric[k]} for k in sorted(rubric) if low < k < high]


def to_agree(flagged: Mapping[str, Any] | None) -> str | None:
    """Why a rating flagged for recheck is shown to the PM as "to agree together", in the
    PM's words: never as settled, and never pointing at a colleague (their views reach the
    PM only combined over three or more, so the reason then names no source)."""
    if not flagged:
        return None
    views = flagged.get("views", [])
    work = sorted((v for v in views if v.get("work")), key=lambda v: v["date"])
    own = sorted(v["date"] for v in views if v.get("self"))
    if work:
        done = work[-1]
        # never "fits" or "shows": word matching cannot tell which parts of a line work
        # shows, so the PM hears only that it may speak to it, and the meeting decides
        on = done["date"].isoformat()
        also = [a for a in flagged.get("also") or [] if a.get("date")]
        if also:  # every piece the manager is pointed to, so the PM brings the same work
            pieces = sorted([(on, done.get("source")),
                             *((str(a["date"]), a.get("source")) for a in also)])
            said = [_piece(source, day) for day, source in pieces]
            both = "both" if len(said) == 2 else "all"
            source = f"{', '.join(said[:-1])} and {said[-1]}, {both} since then,"
        elif done.get("source") == "notes":
            source = f"your 1:1 notes of {on}, written since, describe work that"
        else:
            source = f"your work of {on}, logged since,"
            if done.get("goal", True):
                source += " is the kind of work your goal asks for, and it"
        # no number: word matching forms no expectation the manager has not formed, and
        # work the goal asks for can bear the rating out as well as raise it
        return (f"{source} may speak to a higher description than your manager's rating, "
                "or bear that rating out: bring examples either way")
    if own:
        return f"your self-assessment of {own[-1].isoformat()} came after it"
    return "there is newer evidence since then"


def _piece(source: str | None, day: str) -> str:
    """One dated piece of work as the PM reads it: "your 1:1 notes of 2026-12-31"."""
    return f"your 1:1 notes of {day}" if source == "notes" else f"your work of {day}"


def colleagues_combined(row: GapRow) -> int | None:
    """Colleagues' ratings as one value a PM may read: the middle one, from three or more.

    With fewer than three colleagues on a competency, any figure would point at a person,
    so the PM's copy shows none; the manager's private part keeps the detail.
    """
    if len(row.peers) < MIN_COLLEAGUES:
        return None
    from statistics import median_low  # a heavy import, for the few PMs with peer input

    return int(median_low(p.rating for p in row.peers))


def _views(row: GapRow, comp: Competency, index: ModelIndex, name: str) -> list[dict[str, Any]]:
    """Each rating given, lowest first, with its rubric line once and everyone who gave it."""
    from pmkit.documents.form_voice import speak_to  # the conversation's, not the plan's, need

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


def as_said_to(text: str, name: str) -> str | None:
    """Someone's note about the PM as the PM can read it: turned to "you" where that is
    safe ("Writes specs alone, as she did" -> "You write specs alone, as you did"), or as
    written when it is already a plain note; None when it can only be said in the room."""
    from pmkit.documents.voice import to_pm

    full = " ".join(name.split())
    turned = to_pm(text, [full, *full.split()[:1]], implied_subject=True) if full else text
    if turned is None:
        return None
    did = _DID_FIRST.match(turned) if turned == text else None
    if did:  # "Checked one assumption" is "You checked one assumption"
        turned = f"You {did.group(1).lower()} {turned[did.end():]}"
    if turned != text:  # now addressed to "you": only a leftover "she" or name would jar
        return None if _THIRD_PERSON.search(turned) or _names_pm(turned, name) else turned
    return turned if reads_as_note(turned, name) else None


def quotes_shared(row: GapRow) -> bool:
    """May the PM read colleagues' words on this competency? Only when at least three
    colleagues wrote something on it: counted per competency, never over the whole form,
    since a colleague who skips a competency leaves the one or two who did not exposed."""
    return sum(1 for p in row.peers if p.evidence) >= MIN_COLLEAGUES


def _evidence(row: GapRow, name: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(what the PM's copy can quote, what stays in the manager's private part).

    A colleague's words reach the PM only where at least three colleagues wrote on the
    competency (see :func:`quotes_shared`), and then without a name or a role; otherwise
    they wait in the private part, by name.
    """
    quote_colleagues = quotes_shared(row)
    shared: list[dict[str, Any]] = []
    private: list[dict[str, Any]] = []
    if row.self_evidence:
        shared.append({"who": "you wrote", "text": row.self_evidence})
    if row.evidence:
        said = as_said_to(row.evidence, name)
        if said is not None:
            shared.append({"who": "your manager noted", "text": said, "named": "your notes",
                           "turned": said.strip() != row.evidence.strip()})  # not verbatim
        else:
            private.append({"who": "your manager noted", "text": row.evidence,
                            "named": "your notes", "colleague": False})
    for peer in row.peers:
        if peer.evidence:
            role = " ".join((peer.role or "").split())
            said = as_said_to(peer.evidence, name) if quote_colleagues else None
            entry = {"who": "a colleague wrote", "text": said or peer.evidence, "colleague": True,
                     "turned": said is not None and said.strip() != peer.evidence.strip(),
                     "named": f"{peer.reviewer} ({role})" if role else peer.reviewer,
                     "few": not quote_colleagues}  # held back by the count, not the wording
            (shared if said is not None else private).append(entry)
    return shared, private


def peer_label(role: str | None) -> str:
    """How a colleague appears in a PM's document: by role, never by name."""
    role = " ".join((role or "").split())
    return f"a colleague ({role})" if role else "a colleague"


def view_rows(report: GapReport, index: ModelIndex, name: str = "") -> list[dict[str, Any]]:
    """Every assessed competency where another view exists, with each view's rubric line."""
    out: list[dict[str, Any]] = []
    for row in sorted(report.rows, key=lambda r: r.order):
        if row.agreement == "manager-only":
            continue
        comp = index.by_id[row.competency].competency
        shared, private = _evidence(row, name)
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
            "questions": [to_think(q) for q in comp.questions[:2]],
            "views": _views(row, comp, index, name),
            "colleagues": combined,
            "shown_spread": max(abs(row.self_difference or 0),
                                abs(combined - row.rating) if combined is not None else 0),
            "private_peers": [{"named": f"{p.reviewer} ({' '.join(p.role.split())})" if p.role
                               else p.reviewer, "rating": p.rating} for p in row.peers],
            "shared_evidence": shared, "private_evidence": private,
        })
    return out


def views_summary(report: GapReport, index: ModelIndex) -> dict[str, Any]:
    """For the plan: where your view, your manager's and colleagues' agree and differ.

    Colleagues count on a competency only where at least ``MIN_COLLEAGUES`` rated it, and
    then as a range; with fewer, any word on their view ("higher than your manager",
    "every view agrees") would tell the PM what one or two of them gave, so there the
    plan compares only your view with your manager's. Nothing is averaged.
    """
    differ: list[dict[str, Any]] = []
    agree: list[dict[str, Any]] = []
    for r in view_rows(report, index):
        peer_range = r["peer_range"] if len(r["peers"]) >= MIN_COLLEAGUES else None
        shown = [r["rating"], *([r["self_rating"]] if r["self_rating"] is not None else []),
                 *(peer_range or [])]
        if len(shown) < 2:
            continue  # only the manager's view can be shown
        spread = max(shown) - min(shown)
        entry = {"name": r["name"], "rating": r["rating"], "self_rating": r["self_rating"],
                 "peer_range": peer_range, "spread": spread}
        (differ if spread else agree).append(entry)
    differ.sort(key=lambda d: -d["spread"])
    return {"peer_count": len(report.peer_input),
            "self_assessed": report.self_assessed_on is not None,
            "differ": differ, "agree": agree,
            "with_colleagues": any(d["peer_range"] for d in [*differ, *agree]),
            "min_colleagues": MIN_COLLEAGUES}


#: The rubric's interview openers, asked by the manager ("Tell me about ..."), and how the
#: PM's own copy puts the same prompt to the PM, to think over before the talk.
_OPENERS = (("tell me about ", "Think of "), ("walk me through ", "Think through "))


def to_think(question: str) -> str:
    """A question from the manager's side as a prompt to the PM: "Tell me about the last
    customer you spoke with" reads "Think of the last customer you spoke with"."""
    for said, prompt in _OPENERS:
        if question.casefold().startswith(said):
            return prompt + question[len(said):]
    return question
