"""A focus goal as the PM reads it: the manager's wording, or else the model's first
practice for the competency, which the plan proposes in its place.

Matching work to a goal must use the words the PM was given, so every reader that
weighs a note against a goal asks here rather than reading the stored goals alone
(which are empty for a goal the manager never reworded).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex


def goal_of(cid: str, written: Mapping[str, str], index: ModelIndex) -> str:
    """The goal for ``cid``: the manager's text in ``written``, or the first practice."""
    if written.get(cid):
        return written[cid]
    practices = index.by_id[cid].competency.practices
    return practices[0] if practices else ""
