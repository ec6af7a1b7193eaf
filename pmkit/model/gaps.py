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
    from pmkit.model.schema import Assessment, Person


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
        }


def canonical_ratings(assessment: Assessment | None, index: ModelIndex) -> dict[str, tuple[int, str | None]]:
    """Ratings keyed by canonical competency id (aliases mapped), with their evidence."""
    out: dict[str, tuple[int, str | None]] = {}
    if assessment is None:
        return out
    for key, rating in assessment.ratings.items():
        canonical = index.resolve(key)
        if canonical is not None:
            out[canonical] = (rating_value(rating), rating_evidence(rating))
    return out


def is_stale(assessed_on: dt.date | None, today: dt.date, reassess_after_days: int) -> bool:
    return assessed_on is None or (today - assessed_on).days > reassess_after_days


def compute_gaps(handle: str, person: Person, index: ModelIndex, *, today: dt.date,
                 reassess_after_days: int = 90, focus_count: int = 3,
                 pinned_focus: Sequence[str] | None = None) -> GapReport:
    ratings = canonical_ratings(person.assessment, index)
    self_ratings = canonical_ratings(person.self_assessment, index)
    rows: list[GapRow] = []
    not_assessed: list[str] = []
    for placed in index.placed:
        comp = placed.competency
        if comp.id not in ratings:
            not_assessed.append(comp.id)
            continue
        rating, evidence = ratings[comp.id]
        self_rating = self_ratings.get(comp.id, (None, None))[0]
        rows.append(GapRow(
            competency=comp.id, name=comp.name, area=placed.area.id, area_name=placed.area.name,
            order=placed.order, rating=rating, expected=comp.expected.get(person.level, rating),
            weight=comp.weight, self_rating=self_rating, evidence=evidence,
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
        pinned=bool(resolved_pins), focus_source=source, background=person.background,
    )


def background_focus(background: str, index: ModelIndex) -> list[str]:
    """The competencies the model says a PM from ``background`` most often needs first."""
    guide = index.model.backgrounds.get(background)  # type: ignore[call-overload]
    if guide is None:
        return []
    return list(dict.fromkeys(c for c in (index.resolve(w) for w in guide.watch) if c is not None))
