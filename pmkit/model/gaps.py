"""The gap engine: where a PM stands against what their level expects.

``gap = expected - rating`` and ``priority = gap * weight``. Positive gaps are below
target, zero meets it, negative is a strength. Unrated competencies are *not assessed*,
never zero. Focus areas are the highest positive priorities (ties by model order)
unless the manager pinned them. A PM with no rating yet has no gaps; when the model
knows where they come from (``background``), their first focus areas are that
background's watch list instead, so a new PM's first plan is not empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pmkit.model.schema import rating_evidence, rating_value

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Assessment, PeerInput, Person


@dataclass(frozen=True)
class PeerView:
    """One colleague's rating of one competency, with where it came from."""

    reviewer: str
    role: str | None
    date: dt.date
    rating: int
    evidence: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"reviewer": self.reviewer, "role": self.role, "date": self.date.isoformat(),
                "rating": self.rating, "evidence": self.evidence}


@dataclass(frozen=True)
class GapRow:
    competency: str
    name: str
    area: str
    area_name: str
    order: int
    rating: int
    expected: int
    weight: float
    self_rating: int | None = None
    evidence: str | None = None
    self_evidence: str | None = None
    peers: tuple[PeerView, ...] = ()

    @property
    def peer_range(self) -> tuple[int, int] | None:
        """The lowest and highest peer rating; never blended into the manager's rating."""
        values = [p.rating for p in self.peers]
        return (min(values), max(values)) if values else None

    @property
    def peer_difference(self) -> int | None:
        """The peer rating furthest from the manager's, as peer minus manager (0: all agree)."""
        if not self.peers:
            return None
        return max((p.rating - self.rating for p in self.peers), key=lambda d: (abs(d), d))

    @property
    def agreement(self) -> str:
        """``agree``, ``self-differs``, ``peers-differ``, ``both-differ`` or ``manager-only``."""
        self_off = self.self_difference not in (None, 0)
        peers_off = self.peer_difference not in (None, 0)
        if self.self_rating is None and not self.peers:
            return "manager-only"
        if self_off and peers_off:
            return "both-differ"
        if self_off:
            return "self-differs"
        if peers_off:
            return "peers-differ"
        return "agree"

    @property
    def gap(self) -> int:
        return self.expected - self.rating

    @property
    def priority(self) -> float:
        return float(self.gap * self.weight)

    @property
    def self_difference(self) -> int | None:
        """How much higher (positive) or lower the PM rates themself than the manager does."""
        return None if self.self_rating is None else self.self_rating - self.rating

    def as_json(self) -> dict[str, Any]:
        return {
            "competency": self.competency,
            "name": self.name,
            "area": self.area,
            "rating": self.rating,
            "expected": self.expected,
            "gap": self.gap,
            "weight": float(self.weight),
            "priority": self.priority,
            "self_rating": self.self_rating,
            "self_difference": self.self_difference,
            "peer_ratings": [p.as_json() for p in self.peers],
            "peer_range": list(self.peer_range) if self.peer_range else None,
            "peer_difference": self.peer_difference,
            "agreement": self.agreement,
        }


@dataclass
class GapReport:
    handle: str
    name: str
    level: str
    assessed_on: dt.date | None
    stale: bool
    rows: list[GapRow]
    focus: list[str]
    not_assessed: list[str]
    self_assessed_on: dt.date | None = None
    self_only: dict[str, int] = field(default_factory=dict)
    pinned: bool = False
    peer_input: list[PeerInput] = field(default_factory=list)
    """The colleagues' forms behind the peer views (latest per reviewer, recent ones)."""
    target_level: str | None = None
    """Set when the gaps are measured against another level than the PM's own."""
    focus_source: str = "gaps"  # pinned | gaps | background
    background: str | None = None

    @property
    def by_id(self) -> dict[str, GapRow]:
        return {row.competency: row for row in self.rows}

    @property
    def below_target(self) -> list[GapRow]:
        return [row for row in self.rows if row.gap > 0]

    @property
    def strengths(self) -> list[GapRow]:
        """At or above target, strongest first."""
        return sorted((r for r in self.rows if r.gap < 0), key=lambda r: (r.gap, r.order))

    @property
    def total_gap(self) -> float:
        return float(sum(row.priority for row in self.rows if row.priority > 0))

    def disagreements(self, threshold: int = 1) -> list[GapRow]:
        """Competencies where the PM's view differs from the manager's by ``threshold`` or more."""
        rows = [r for r in self.rows if r.self_difference is not None
                and abs(r.self_difference) >= threshold]
        return sorted(rows, key=lambda r: (-abs(r.self_difference or 0), r.order))

    def peer_disagreements(self, threshold: int = 1) -> list[GapRow]:
        """Competencies where at least one colleague differs from the manager by ``threshold``."""
        rows = [r for r in self.rows if r.peer_difference is not None
                and abs(r.peer_difference) >= threshold]
        return sorted(rows, key=lambda r: (-abs(r.peer_difference or 0), r.order))

    def as_json(self) -> dict[str, Any]:
        return {
            "handle": self.handle,
            "name": self.name,
            "level": self.level,
            "assessed_on": self.assessed_on.isoformat() if self.assessed_on else None,
            "stale": self.stale,
            "gaps": [row.as_json() for row in self.rows],
            "focus": list(self.focus),
            "not_assessed": list(self.not_assessed),
            "focus_source": self.focus_source,
            "background": self.background,
            "strengths": [row.competency for row in self.strengths],
            "total_gap": self.total_gap,
            "below_target": len(self.below_target),
            "self_assessed_on": self.self_assessed_on.isoformat() if self.self_assessed_on else None,
            "self_differences": [
                {"competency": r.competency, "rating": r.rating, "self_rating": r.self_rating,
                 "difference": r.self_difference}
                for r in self.disagreements()
            ],
            "peer_input": [{"reviewer": p.reviewer, "role": p.role, "date": p.date.isoformat()}
                           for p in self.peer_input],
            "peer_differences": [
                {"competency": r.competency, "rating": r.rating,
                 "peer_ratings": [p.rating for p in r.peers], "difference": r.peer_difference}
                for r in self.peer_disagreements()
            ],
            "agreement": {state: [r.competency for r in sorted(self.rows, key=lambda r: r.order)
                                  if r.agreement == state]
                          for state in ("agree", "self-differs", "peers-differ", "both-differ")},
            "target_level": self.target_level or self.level,
        }


def canonical_ratings(assessment: Assessment | PeerInput | None,
                      index: ModelIndex) -> dict[str, tuple[int, str | None]]:
    """Ratings keyed by canonical competency id (aliases mapped), with their evidence."""
    out: dict[str, tuple[int, str | None]] = {}
    if assessment is None:
        return out
    for key, rating in assessment.ratings.items():
        canonical = index.resolve(key)
        if canonical is not None:
            out[canonical] = (rating_value(rating), rating_evidence(rating))
    return out


def current_peers(person: Person, today: dt.date, max_age_days: int) -> list[PeerInput]:
    """Each colleague's latest form, if it is recent enough to speak about today's work."""
    latest: dict[str, PeerInput] = {}
    for peer in person.peer_input:
        key = peer.reviewer.casefold()
        if key not in latest or peer.date >= latest[key].date:
            latest[key] = peer
    return sorted((p for p in latest.values() if (today - p.date).days <= max_age_days),
                  key=lambda p: (p.date, p.reviewer.casefold()))


def is_stale(assessed_on: dt.date | None, today: dt.date, reassess_after_days: int) -> bool:
    return assessed_on is None or (today - assessed_on).days > reassess_after_days


def compute_gaps(handle: str, person: Person, index: ModelIndex, *, today: dt.date,
                 reassess_after_days: int = 90, focus_count: int = 3,
                 pinned_focus: Sequence[str] | None = None,
                 target_level: str | None = None) -> GapReport:
    """Gaps against the PM's level, or against ``target_level`` (promotion readiness)."""
    ratings = canonical_ratings(person.assessment, index)
    self_ratings = canonical_ratings(person.self_assessment, index)
    level = target_level or person.level
    peers = current_peers(person, today, reassess_after_days)
    peer_ratings = [(peer, canonical_ratings(peer, index)) for peer in peers]
    rows: list[GapRow] = []
    not_assessed: list[str] = []
    for placed in index.placed:
        comp = placed.competency
        if comp.id not in ratings:
            not_assessed.append(comp.id)
            continue
        rating, evidence = ratings[comp.id]
        self_rating, self_evidence = self_ratings.get(comp.id, (None, None))
        views = tuple(PeerView(peer.reviewer, peer.role, peer.date, *found[comp.id])
                      for peer, found in peer_ratings if comp.id in found)
        rows.append(GapRow(
            competency=comp.id, name=comp.name, area=placed.area.id, area_name=placed.area.name,
            order=placed.order, rating=rating, expected=comp.expected.get(level, rating),
            weight=comp.weight, self_rating=self_rating, evidence=evidence,
            self_evidence=self_evidence, peers=views,
        ))
    rows.sort(key=lambda r: (-r.priority, r.order))

    pins = list(pinned_focus) if pinned_focus else (person.plan.focus if person.plan else [])
    resolved_pins = [c for c in (index.resolve(p) for p in pins) if c is not None]
    source = "gaps"
    if resolved_pins:
        focus, source = list(dict.fromkeys(resolved_pins)), "pinned"
    elif not rows and person.background:
        focus = background_focus(person.background, index)[:focus_count]
        source = "background" if focus else source
    else:
        focus = [row.competency for row in rows if row.priority > 0][:focus_count]

    assessed_on = person.assessment.date if person.assessment else None
    return GapReport(
        handle=handle, name=person.name, level=person.level, assessed_on=assessed_on,
        stale=is_stale(assessed_on, today, reassess_after_days), rows=rows, focus=focus,
        not_assessed=not_assessed,
        self_assessed_on=person.self_assessment.date if person.self_assessment else None,
        self_only={cid: r for cid, (r, _) in self_ratings.items() if cid not in ratings},
        pinned=bool(resolved_pins), peer_input=peers,
        target_level=target_level if target_level and target_level != person.level else None,
        focus_source=source, background=person.background,
    )


def background_focus(background: str, index: ModelIndex) -> list[str]:
    """The competencies the model says a PM from ``background`` most often needs first."""
    guide = index.model.backgrounds.get(background)  # type: ignore[call-overload]
    if guide is None:
        return []
    return list(dict.fromkeys(c for c in (index.resolve(w) for w in guide.watch) if c is not None))
