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

from pmkit.model.schema import field_types, is_record, rating_value
from pmkit.suggest import suggest_known

if TYPE_CHECKING:
    from pydantic import ValidationError

    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Assessment, CompetencyModel, PeerInput, Person

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


# pydantic names some errors differently for dataclasses than for models
_ERROR_KINDS = {
    "unexpected_keyword_argument": "extra_forbidden",
    "dataclass_type": "model_type",
    "dataclass_exact_type": "model_type",
    "dataclass_args_type": "model_type",
    "missing_argument": "missing",
}


def pydantic_problems(exc: ValidationError, known_keys: Sequence[str],
                      cls: type[Any] | None = None) -> list[Problem]:
    """Translate pydantic's errors; union branches of one value collapse to one message.

    An unknown key is suggested the closest key valid at that place (from ``cls`` when
    given, else from ``known_keys``), and is listed before the problems it causes, so a
    misspelt ``levles:`` is reported as such rather than as a missing ``levels``.
    """
    problems: list[Problem] = []
    seen: set[Loc] = set()
    errors = exc.errors(include_url=False)
    rating_extras = {_rating_loc(_strip(e["loc"])) for e in errors
                     if _ERROR_KINDS.get(e["type"], e["type"]) == "extra_forbidden"
                     and _rating_loc(_strip(e["loc"]))}
    for error in errors:
        loc = _strip(error["loc"])
        kind = _ERROR_KINDS.get(error["type"], error["type"])
        value = error.get("input")
        rating_loc = _rating_loc(loc)
        if rating_loc in rating_extras and kind != "extra_forbidden":
            continue  # the misspelt key inside {rating: ..., evidance: ...} says it all
        if rating_loc is not None and kind != "extra_forbidden":
            loc = rating_loc
        if loc in seen:
            continue
        seen.add(loc)
        where = dotted(loc)
        if kind == "extra_forbidden":
            key = str(loc[-1])
            problems.append(Problem(loc, f"unknown key '{key}'"
                                    f"{_unknown_key_hint(key, loc[:-1], cls, known_keys)}",
                                    key_line=True))
        elif kind == "missing":
            problems.append(Problem(loc[:-1], f"missing required key '{loc[-1]}'",
                                    key_line=True))
        elif rating_loc is not None:
            problems.append(Problem(loc, _rating_message(str(loc[-1]), value)))
        elif kind in {"int_type", "int_parsing", "int_from_float"}:
            problems.append(Problem(loc, f"{where}: expected a whole number, got {_describe_input(value)}"))
        elif kind in {"dict_type", "model_type", "model_attributes_type"}:
            problems.append(Problem(loc, f"{where}: expected a mapping of keys, "
                                    f"got {_describe_input(value)}"))
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
    problems.sort(key=lambda p: not p.message.startswith("unknown key"))
    return problems


def _strip(raw_loc: Sequence[str | int]) -> Loc:
    return tuple(p for p in raw_loc if not (isinstance(p, str) and _is_branch(p)))


def _rating_loc(loc: Loc) -> Loc | None:
    """``(..., 'ratings', cid)`` when ``loc`` is inside one rating, else None."""
    if "ratings" in loc and len(loc) > loc.index("ratings") + 1:
        return loc[: loc.index("ratings") + 2]
    return None


def _unknown_key_hint(key: str, parent: Loc, cls: type[Any] | None,
                      known_keys: Sequence[str]) -> str:
    """' (did you mean ...?)' from the keys valid here; else from the whole file kind,
    saying where that key belongs (a top-level ``ratins:`` belongs under ``assessment``)."""
    if cls is None:
        return _close(key, known_keys)
    local = _close(key, fields_at(cls, parent))
    if local:
        return local
    places = key_places(cls)
    matches = difflib.get_close_matches(key, list(places), n=1, cutoff=0.6)
    if not matches:
        return ""
    where = " or ".join(f"'{p}'" if p else "the top level" for p in places[matches[0]][:2])
    if matches[0] == key:
        return f"; it belongs under {where}"
    return f" (did you mean '{matches[0]}'?); it belongs under {where}"


def key_places(cls: type[Any]) -> dict[str, list[str]]:
    """Every key of a file kind -> the dotted places where it is valid (``ID`` for any id)."""
    from typing import get_args, get_origin


    places: dict[str, list[str]] = {}
    stack: list[tuple[Any, str, int]] = [(cls, "", 0)]
    while stack:
        kind, where, depth = stack.pop(0)
        if depth > 6:
            continue
        origin = get_origin(kind)
        args = get_args(kind)
        if is_record(kind):
            for name, annotation in field_types(kind).items():
                places.setdefault(name, []).append(where)
                stack.append((annotation, f"{where}.{name}".lstrip("."), depth + 1))
        elif origin is dict and len(args) == 2:
            stack.append((args[1], f"{where}.ID", depth + 1))
        elif origin is list and args:
            stack.append((args[0], where, depth + 1))
        elif args:
            stack.extend((arg, where, depth + 1) for arg in args)
    return places


def fields_at(cls: type[Any], loc: Sequence[str | int]) -> list[str]:
    """The field names valid in the mapping at ``loc`` of a file shape ``cls``."""
    from typing import get_args, get_origin


    def unwrap(annotation: Any) -> list[Any]:
        args = get_args(annotation)
        origin = get_origin(annotation)
        if origin is not None and origin not in (dict, list) and args:
            return [t for arg in args for t in unwrap(arg)]  # Union, Optional, Annotated
        return [annotation]

    current = [cls]
    for part in loc:
        following: list[Any] = []
        for kind in current:
            origin = get_origin(kind)
            if is_record(kind):
                annotation = field_types(kind).get(str(part))
                if annotation is not None:
                    following += unwrap(annotation)
            elif origin is dict and len(get_args(kind)) == 2:
                following += unwrap(get_args(kind)[1])
            elif origin is list and get_args(kind):
                following += unwrap(get_args(kind)[0])
        current = following
    return [name for kind in current if is_record(kind) for name in field_types(kind)]


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
        yield Problem(("scale",), "scale: ratings must be listed in ascending order", key_line=True)
    elif scale != list(range(scale[0], scale[-1] + 1)):
        yield Problem(("scale",), "scale: ratings must be consecutive whole numbers",
                      key_line=True)
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
            for level_id in comp.expected_why:
                if level_id not in level_ids:
                    yield Problem((*base, "expected_why", level_id),
                                  f"competency {comp.id}: expected_why names unknown level "
                                  f"'{level_id}'{suggest_known(level_id, level_ids, 'levels')}",
                                  key_line=True)
            for key in comp.rubric:
                if key not in model.scale:
                    yield Problem((*base, "rubric", key),
                                  f"competency {comp.id}: rubric key {key} is outside the scale "
                                  f"{low}-{high}", key_line=True)
    known = {comp.id for area in model.areas for comp in area.competencies}
    for background, guide in model.backgrounds.items():
        for w_index, cid in enumerate(guide.watch):
            if cid not in known:
                yield Problem(("backgrounds", background, "watch", w_index),
                              f"backgrounds.{background}.watch: unknown competency '{cid}'"
                              f"{suggest_known(cid, sorted(known), 'competencies')}")


def person_problems(person: Person, index: ModelIndex) -> Iterator[Problem]:
    """Rules that tie a person file to the model: level, ids, ratings on the scale."""
    if person.level not in index.level_ids:
        yield Problem(("level",), f"unknown level '{person.level}'"
                      f"{suggest_known(person.level, index.level_ids, 'levels')}")
    for key in ("assessment", "self_assessment"):
        assessment: Assessment | None = getattr(person, key)
        if assessment is not None:
            yield from _assessment_problems(assessment, key, index)
    for number, peer in enumerate(person.peer_input):
        yield from _assessment_problems(peer, ("peer_input", number), index)
    if person.plan is not None:
        for f_index, cid in enumerate(person.plan.focus):
            if index.resolve(cid) is None:
                yield Problem(("plan", "focus", f_index), f"plan.focus: unknown competency '{cid}'"
                              f"{suggest_known(cid, index.all_ids, 'competencies')}")
        for key in ("goals", "milestones", "evidence"):
            for cid in getattr(person.plan, key):
                if index.resolve(cid) is None:
                    yield Problem(("plan", key, cid), f"plan.{key}: unknown competency '{cid}'"
                                  f"{suggest_known(cid, index.all_ids, 'competencies')}",
                                  key_line=True)


def _assessment_problems(assessment: Assessment | PeerInput, key: str | Loc,
                         index: ModelIndex) -> Iterator[Problem]:

    canonical_seen: dict[str, str] = {}
    for cid, rating in assessment.ratings.items():
        loc: Loc = (*((key,) if isinstance(key, str) else key), "ratings", cid)
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
