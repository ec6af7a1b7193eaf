"""The shipped models' content: what the handbook and the plan read from them is complete and consistent."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmkit.loading import load_bytes
from pmkit.model.fields import BACKGROUNDS
from pmkit.model.rules import model_problems
from pmkit.model.schema import CompetencyModel
from pmkit.shipped import shipped_model, shipped_models

MODELS = sorted(shipped_models())
#: The roads into product management the handbook describes; "other" has no traps of its own.
NAMED = [b for b in BACKGROUNDS if b != "other"]


def load(model_id: str) -> CompetencyModel:
    path = shipped_model(model_id)
    return load_bytes(path.read_bytes(), Path("model.yaml"), "model.yaml", CompetencyModel, None,
                      model_problems).obj


@pytest.mark.parametrize("model_id", MODELS)
def test_every_competency_names_the_trap_of_every_background(model_id: str) -> None:
    model = load(model_id)
    assert sorted(model.backgrounds) == sorted(NAMED)
    for area in model.areas:
        for comp in area.competencies:
            assert sorted(comp.traps) == sorted(NAMED), comp.id
            texts = list(comp.traps.values())
            assert len(set(texts)) == len(texts), comp.id  # no background shares another's words
            for background, text in comp.traps.items():
                # One or two sentences: the trap, then what helps.
                assert 1 <= text.count(". ") + 1 <= 3 and len(text) < 420, (comp.id, background)


@pytest.mark.parametrize("model_id", MODELS)
def test_targets_rise_with_the_level_and_start_above_the_bottom_rating(model_id: str) -> None:
    """A target never falls as the level rises, and no level's target is the lowest rating,
    which describes a PM not yet doing the work at all."""
    model = load(model_id)
    bottom = min(model.scale)
    levels = [level.id for level in model.levels]
    for area in model.areas:
        for comp in area.competencies:
            targets = [comp.expected[level] for level in levels]
            assert targets == sorted(targets), (comp.id, targets)
            assert targets[0] > bottom, (comp.id, targets)
