"""The shipped models' content: what the handbook and the plan read from them is complete and consistent."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from pmkit.errors import InputError
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


@pytest.mark.parametrize("model_id", MODELS)
def test_a_target_apart_from_the_rest_of_its_level_says_why(model_id: str) -> None:
    """The top level's usual target holds unless the model gives a reason: a Lead at
    5 · Role model on some competencies and at Senior's 4 on others follows a rule the
    handbook can name, one competency at a time."""
    model = load(model_id)
    top = model.levels[-1].id
    comps = [comp for area in model.areas for comp in area.competencies]
    counts = Counter(comp.expected[top] for comp in comps)
    (usual, most), *rest = counts.most_common()
    for comp in comps:
        assert set(comp.expected_why) <= {top}, comp.id  # the shipped models explain the top level only
        if rest and most > rest[0][1]:  # a clear usual target: every other one has its reason
            assert (comp.expected[top] != usual) == (top in comp.expected_why), comp.id
        for reason in comp.expected_why.values():
            assert 60 < len(reason) < 260, comp.id  # one sentence, a reason rather than a label


def test_focus_is_rated_on_what_can_be_seen_not_on_feelings() -> None:
    """A rating that travels upward must not score how someone feels."""
    comp = next(c for area in load("pm-wheel").areas for c in area.competencies
                if c.id == "focus-and-resilience")
    feelings = re.compile(r"\b(?:feels?|feelings?|overwhelm\w*|stress\w*|calm\w*|recover\w*|"
                          r"energy|burn\w* out|healthy)\b", re.IGNORECASE)
    assert [text for text in comp.rubric.values() if feelings.search(text)] == []
    assert "feelings never are" in comp.description


@pytest.mark.parametrize("model_id", MODELS)
def test_each_piece_of_evidence_belongs_to_one_competency(model_id: str) -> None:
    """No run of six words appears under two competencies: the same behaviour rated twice
    counts one habit double, and the same advice twice reads as filler."""
    model = load(model_id)
    seen: dict[str, str] = {}
    for area in model.areas:
        for comp in area.competencies:
            texts = [*(t for t in comp.rubric.values() if not t.startswith("Beyond their own mastery")),
                     *comp.look_for, *comp.coach_in_moment, *comp.traps.values()]
            for text in texts:
                words = re.findall(r"[a-z0-9']+", text.lower())
                for i in range(len(words) - 5):
                    run = " ".join(words[i:i + 6])
                    assert seen.setdefault(run, comp.id) == comp.id, (run, seen[run], comp.id)


def test_a_reason_for_a_level_the_model_does_not_have_is_refused() -> None:
    raw = shipped_model("pm-wheel").read_text(encoding="utf-8")
    key = "        expected_why:\n          lead: >-"
    broken = raw.replace(key, key.replace("lead:", "leed:"), 1)
    with pytest.raises(InputError) as caught:
        load_bytes(broken.encode(), Path("model.yaml"), "model.yaml", CompetencyModel, None, model_problems)
    assert "expected_why names unknown level 'leed'" in caught.value.message
    assert "lead" in caught.value.message  # the level meant is suggested
    assert raw.split("\n")[caught.value.line - 1].strip() == "lead: >-"  # the key's own line


@pytest.mark.parametrize("model_id", MODELS)
def test_one_book_club_pick_per_competency_at_most(model_id: str) -> None:
    """The pick is the title a manager reads first; marking most of a list marks nothing."""
    for area in load(model_id).areas:
        for comp in area.competencies:
            assert sum(r.book_club for r in comp.resources) <= 1, comp.id


def test_the_wheel_shows_where_engineers_and_designers_take_over_the_solution() -> None:
    """Engineer-PMs design the solution themselves, designer-PMs take the design work: watch it first."""
    model = load("pm-wheel")
    for road in ("engineer", "designer"):
        assert "solution-exploration" in model.backgrounds[road].watch, road


def test_the_top_rung_of_owning_your_growth_is_more_of_the_same_skill() -> None:
    """Developing others is rated elsewhere; the top of this one is still the PM's own growth."""
    comp = next(c for a in load("pm-wheel").areas for c in a.competencies if c.id == "self-development")
    top = (comp.rubric[5] + " " + " ".join(comp.expected_why.values())).lower()
    assert not re.search(r"mentor|community of practice|other pms", top)


#: Words that say a PM develops other PMs: the rubrics keep them for the top ratings.
#: Coaching received ("with coaching on the harder calls") is not coaching given.
TEACHING = re.compile(r"\b(?:coach(?:es|ed)?|(?<!with )coaching|mentors?|teach(?:es|ing)?|learn from"
                      r"|raises? (?:the bar|the practice|others)|helps? other PMs"
                      r"|develop(?:s|ing)? (?:other|the people|PMs))\b", re.IGNORECASE)


@pytest.mark.parametrize("model_id", MODELS)
def test_a_level_description_promises_what_its_targets_rate(model_id: str) -> None:
    """A level said to coach other PMs has targets whose rubric lines say so, and the other way
    round: the description, the table of targets and the rubric tell the manager one story."""
    model = load(model_id)
    comps = [comp for area in model.areas for comp in area.competencies]
    for level in model.levels:
        at_target = [comp.rubric.get(comp.expected[level.id], "") for comp in comps]
        teaching = [text for text in at_target if TEACHING.search(text)]
        said = TEACHING.search(level.description or "")
        assert bool(said) == bool(teaching), (level.id, said and said.group(0), teaching[:1])
    for comp in comps:
        for level_id, reason in comp.expected_why.items():
            rubric = comp.rubric.get(comp.expected[level_id], "")
            assert bool(TEACHING.search(reason)) == bool(TEACHING.search(rubric)), (comp.id, level_id)


#: Words too common to show that two sentences say the same thing.
_COMMON = {"a", "an", "and", "the", "of", "to", "in", "on", "for", "with", "as", "at", "by", "or", "their",
           "other", "is", "are", "that", "from", "across"}


def _runs(text: str) -> set[tuple[str, ...]]:
    """Three-word runs that carry meaning: the phrase a reader would recognize in both places."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)
            if not set(words[i:i + 3]) <= _COMMON}


@pytest.mark.parametrize("model_id", MODELS)
def test_a_level_description_names_each_target_above_the_level_s_usual(model_id: str) -> None:
    """Where a level asks more of some competencies than of the rest (a Lead at 5 on six, at 4
    elsewhere), its description says what each of those asks, in the rubric's own words."""
    model = load(model_id)
    comps = [comp for area in model.areas for comp in area.competencies]
    missing = []
    for level in model.levels:
        counts = Counter(comp.expected[level.id] for comp in comps)
        (usual, most), *rest = counts.most_common()
        if not rest or most == rest[0][1]:
            continue  # no usual target to stand out from
        said = _runs(level.description or "")
        missing += [(level.id, comp.id) for comp in comps if comp.expected[level.id] > usual
                    and not said & _runs(comp.rubric.get(comp.expected[level.id], ""))]
    assert not missing, missing


def test_the_wheel_s_picks_are_books_a_new_pm_can_start_with() -> None:
    """A pick is where a new PM starts: the agile pick is the manifesto, not a method book that
    promises output; no pick for a book about something else or beyond a new PM's reach."""
    picks = {comp.id: [r.title for r in comp.resources if r.book_club]
             for area in load("pm-wheel").areas for comp in area.competencies}
    assert picks["agile-mindset"] == ["Manifesto for Agile Software Development and its twelve principles"]
    everything = [title for titles in picks.values() for title in titles]
    for title in ("The Lean Product Playbook", "Sense & Respond"):
        assert title not in everything, title
    assert not any(title.startswith("Scrum:") for title in everything)


@pytest.mark.parametrize("model_id", MODELS)
def test_no_word_is_broken_across_a_folded_line(model_id: str) -> None:
    """A folded YAML line ending in a hyphen reads as "well- ordered" once the lines are joined."""
    raw = shipped_model(model_id).read_text(encoding="utf-8").splitlines()
    assert [n for n, line in enumerate(raw, 1) if re.search(r"[a-z]-$", line)] == []
