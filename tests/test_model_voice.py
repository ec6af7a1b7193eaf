"""Model texts reach the PM: on the self-review and peer forms, and in the assessment
conversation. Written about "the PM" they would read as if about someone else, so every
shipped model's descriptions and rubric lines are phrased to read well to the manager and
to the PM alike ("Knows the customer...")."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from pmkit.documents.conversation import conversation_context
from pmkit.documents.forms import form_context, render_form
from pmkit.documents.render import Renderer
from pmkit.loading import load_file
from pmkit.model.gaps import compute_gaps
from pmkit.model.index import ModelIndex
from pmkit.model.rules import model_problems
from pmkit.model.schema import Assessment, CompetencyModel, Person

from helpers import REPO_ROOT

TODAY = dt.date(2026, 11, 20)
MODELS = sorted(p.stem for p in (REPO_ROOT / "models").glob("*.yaml"))
#: Words that speak about the PM rather than to or of the work: "the PM knows", "she",
#: or a sentence that opens with "They" or "Their".
THIRD_PERSON = re.compile(
    r"\b(?:the PM|this PM|the PM's|she|he|her|his|him|hers|herself|himself|themself)\b"
    r"|(?:^|[.!?:;]\s+)(?:They|Their|Them)\b", re.MULTILINE)


def third_person(text: str) -> list[str]:
    return [line for line in text.splitlines() if THIRD_PERSON.search(line)]


@pytest.fixture(scope="module", params=MODELS)
def index(request: pytest.FixtureRequest) -> ModelIndex:
    path = REPO_ROOT / "models" / f"{request.param}.yaml"
    return ModelIndex(load_file(path, path.name, CompetencyModel, rules=model_problems).obj)


def test_every_model_text_a_pm_reads_speaks_of_the_work(index: ModelIndex) -> None:
    found = []
    for area in index.model.areas:
        found += [f"{area.id}: {line}" for line in third_person(area.description or "")]
        for comp in area.competencies:
            found += [f"{comp.id}: {line}" for line in third_person(comp.description)]
            found += [f"{comp.id} {value}: {text}" for value, text in comp.rubric.items()
                      if THIRD_PERSON.search(text)]
    assert not found, found


def test_the_forms_and_the_conversation_never_speak_of_the_pm(tmp_path: Path,
                                                              index: ModelIndex) -> None:
    renderer = Renderer(tmp_path)
    for kind, reviewer in (("self", None), ("peer", "Sam Ortiz")):
        form = render_form(renderer, form_context(
            index, handle="priya", person_name="Priya Shah", kind=kind,  # type: ignore[arg-type]
            reviewer=reviewer, role="tech lead" if reviewer else None, today=TODAY))
        assert not third_person(form), (kind, third_person(form))
    # every competency contested, the manager at the bottom of the scale and the PM at the
    # top, so the conversation quotes the rubric's both ends for all of them
    ids = [placed.competency.id for placed in index.placed]
    level = index.model.levels[0].id
    person = Person(name="Priya Shah", level=level,
                    assessment=Assessment(date=TODAY, ratings=dict.fromkeys(ids, index.low)),
                    self_assessment=Assessment(date=TODAY, ratings=dict.fromkeys(ids, index.high)))
    report = compute_gaps("priya", person, index, today=TODAY)
    text = renderer.render("conversation.md.j2", conversation_context(
        "priya", person, report, index, "Dana Lee", TODAY))
    shared = text.split("<!-- pmkit:private")[0]
    assert len(re.findall(r"for your manager:", shared)) == len(ids)
    assert not third_person(shared), third_person(shared)
