"""Rules that pydantic cannot see alone, and pydantic's errors in a manager's words.

Each rule yields a :class:`Problem` with the key path it is about; the caller turns the
path into a line number with the round-trip document, so every message can say
``team/alice.yaml:7: ...``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pmkit.handles import suggest_known

if TYPE_CHECKING:
    from pydantic import ValidationError

    from pmkit.model_index import ModelIndex
    from pmkit.schema import Assessment, CompetencyModel, Person

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    loc: Loc
    message: str
    key_line: bool = False  # point at the key rather than its value


def dotted(loc: Sequence[str | int]) -> str:
    return ".".join(str(p) for p in loc)


def _describe_input(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def pydantic_problems(exc: ValidationError, known_keys: Sequence[str]) -> list[Problem]:
    """Translate pydantic's errors; union branches of one value collapse to one message."""
    problems: list[Problem] = []
    seen: set[Loc] = set()
    for error in exc.errors(include_url=False):
        raw_loc = tuple(error["loc"])
        loc = tuple(p for p in raw_loc if not (isinstance(p, str) and _is_branch(p)))
        kind = error["type"]
        value = error.get("input")
        in_ratings = "ratings" in loc and len(loc) > loc.index("ratings") + 1
        if in_ratings:
            loc = loc[: loc.index("ratings") + 2]
        if loc in seen:
            continue
        seen.add(loc)
        where = dotted(loc)
        if kind == "extra_forbidden":
            key = str(loc[-1])
            hint = _close(key, known_keys)
            problems.append(Problem(loc, f"unknown key '{key}'{hint}", key_line=True))
        elif kind == "missing":
            problems.append(Problem(loc[:-1], f"missing required key '{loc[-1]}'"))
        elif in_ratings:
            cid = loc[-1]
            problems.append(Problem(loc, _rating_message(str(cid), value)))
        elif kind in {"int_type", "int_parsing", "int_from_float"}:
            problems.append(Problem(loc, f"{where}: expected a whole number, got {_describe_input(value)}"))
        elif kind in {"dict_type", "model_type", "model_attributes_type"}:
            got = _describe_input(value)
            problems.append(Problem(loc, f"{where}: expected a mapping of keys, got {got}"))
        elif kind == "list_type":
            problems.append(Problem(loc, f"{where}: expected a list, got {_describe_input(value)}"))
        elif kind == "string_type":
            problems.append(Problem(loc, f"{where}: expected text, got {_describe_input(value)}"))
        elif kind == "string_pattern_mismatch":
            problems.append(Problem(loc, f"{where}: {value!r} is not a valid id "
                                    "(lowercase letters, digits and '-', starting with a letter or digit)"))
        else:
            message = str(error["msg"])
            message = message.removeprefix("Value error, ")
            message = message[:1].lower() + message[1:]
            problems.append(Problem(loc, f"{where}: {message}"))
    return problems


def _is_branch(part: str) -> bool:
    return part in {"int", "RatingDetail", "constrained-int", "function-before[_iso_date(), date]"} or (
        part.startswith("function-") or part.startswith("json-or-python")
    )


def _close(word: str, candidates: Sequence[str]) -> str:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def _rating_message(cid: str, value: Any) -> str:
    if isinstance(value, dict):
        if "rating" not in value:
            return f"rating for {cid} is missing its 'rating' key"
        value = value.get("rating")
    if isinstance(value, bool) or not isinstance(value, int):
        return f"rating for {cid} must be a whole number, got {_describe_input(value)}"
    return f"rating for {cid} is not valid"


def model_problems(model: CompetencyModel) -> Iterator[Problem]:
    """Cross-field rules of a competency model."""
    scale = list(model.scale)
    if scale != sorted(scale) or len(set(scale)) != len(scale):
        yield Problem(("scale",), "scale: ratings must be listed in ascending order")
    elif scale != list(range(scale[0], scale[-1] + 1)):
        yield Problem(("scale",), "scale: ratings must be consecutive whole numbers")
    low, high = min(scale), max(scale)
    level_ids = [level.id for level in model.levels]
    seen: dict[str, Loc] = {}

    def claim(identifier: str, loc: Loc) -> Iterator[Problem]:
        if identifier in seen:
            yield Problem(loc, f"duplicate id '{identifier}' (already used at {dotted(seen[identifier])})")
        else:
            seen[identifier] = loc

    for index, level in enumerate(model.levels):
        if level.id in level_ids[:index]:
            yield Problem(("levels", index, "id"), f"duplicate level id '{level.id}'")
    for a_index, area in enumerate(model.areas):
        yield from claim(area.id, ("areas", a_index, "id"))
        for c_index, comp in enumerate(area.competencies):
            base: Loc = ("areas", a_index, "competencies", c_index)
            yield from claim(comp.id, (*base, "id"))
            for al_index, alias in enumerate(comp.aliases):
                yield from claim(alias, (*base, "aliases", al_index))
            missing = [lvl for lvl in level_ids if lvl not in comp.expected]
            if missing:
                yield Problem((*base, "expected"),
                              f"competency {comp.id}: expected has no target for level "
                              f"{', '.join(missing)}")
            for level_id, target in comp.expected.items():
                if level_id not in level_ids:
                    yield Problem((*base, "expected", level_id),
                                  f"competency {comp.id}: unknown level '{level_id}'"
                                  f"{suggest_known(level_id, level_ids, 'levels')}", key_line=True)
                elif not low <= target <= high:
                    yield Problem((*base, "expected", level_id),
                                  f"competency {comp.id}: expected {target} for {level_id} is "
                                  f"outside the scale {low}-{high}")
            for key in comp.rubric:
                if key not in model.scale:
                    yield Problem((*base, "rubric", key),
                                  f"competency {comp.id}: rubric key {key} is outside the scale "
                                  f"{low}-{high}", key_line=True)


def person_problems(person: Person, index: ModelIndex) -> Iterator[Problem]:
    """Rules that tie a person file to the model: level, ids, ratings on the scale."""
    if person.level not in index.level_ids:
        yield Problem(("level",), f"unknown level '{person.level}'"
                      f"{suggest_known(person.level, index.level_ids, 'levels')}")
    for key in ("assessment", "self_assessment"):
        assessment: Assessment | None = getattr(person, key)
        if assessment is not None:
            yield from _assessment_problems(assessment, key, index)
    if person.plan is not None:
        for f_index, cid in enumerate(person.plan.focus):
            if index.resolve(cid) is None:
                yield Problem(("plan", "focus", f_index), f"plan.focus: unknown competency '{cid}'"
                              f"{suggest_known(cid, index.all_ids, 'competencies')}")
        for cid in person.plan.goals:
            if index.resolve(cid) is None:
                yield Problem(("plan", "goals", cid), f"plan.goals: unknown competency '{cid}'"
                              f"{suggest_known(cid, index.all_ids, 'competencies')}", key_line=True)


def _assessment_problems(assessment: Assessment, key: str, index: ModelIndex) -> Iterator[Problem]:
    from pmkit.schema import rating_value

    canonical_seen: dict[str, str] = {}
    for cid, rating in assessment.ratings.items():
        loc: Loc = (key, "ratings", cid)
        canonical = index.resolve(cid)
        if canonical is None:
            yield Problem(loc, f"unknown competency '{cid}'"
                          f"{suggest_known(cid, index.all_ids, 'competencies')}", key_line=True)
            continue
        if canonical in canonical_seen:
            yield Problem(loc, f"{cid} and {canonical_seen[canonical]} are the same competency "
                          f"({canonical}); rate it once", key_line=True)
        canonical_seen[canonical] = cid
        value = rating_value(rating)
        if not index.low <= value <= index.high:
            yield Problem(loc, f"rating {value} for {cid} is outside the scale {index.low}-{index.high}")
