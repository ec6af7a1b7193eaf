"""The areas below the expectation that the plan left for its review to choose.

A closing plan names each area below the level's expectation that it did not take on, and
says the review of the plan is where to choose whether it comes next (``plan.md.j2``, from
the same reading: below the expectation and not in the gap report's focus). The review and
the conversation that end the plan put that choice beside the proposed focus, so an area
the plan deferred to them is not silently dropped.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmkit.model.gaps import GapReport


def left_areas(report: GapReport, proposed: Collection[str]) -> list[dict[str, Any]]:
    """The areas the plan left for later, as it read them, that the proposed focus does not
    take: ``name``, ``rating``, ``expected``, in the gap report's order."""
    return [{"id": r.competency, "name": r.name, "rating": r.rating, "expected": r.expected}
            for r in report.below_target
            if r.competency not in report.focus and r.competency not in proposed]
