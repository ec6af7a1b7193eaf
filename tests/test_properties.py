"""Properties that must hold for any input, checked with hypothesis.

1. Any valid model, person or settings file survives load-save-load unchanged, comments
   included, and so does a person file after pmkit's own edits.
2. Any bytes at all, fed to a loader, give a validated object or pmkit's InputError:
   never another exception.

Examples are kept small so the whole file runs in a few seconds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmkit.errors import InputError
from pmkit.files import yamldoc as yamlio
from pmkit.files.plain import to_plain
from pmkit.loading import load_bytes, validate_plain
from pmkit.model.index import ModelIndex
from pmkit.model.rules import model_problems, person_problems
from pmkit.model.schema import CompetencyModel, Person, Settings

HERE = Path(__file__).resolve().parent
SMALL_MODEL = HERE / "hostile" / "model.yaml"
REAL_FILES = [SMALL_MODEL, HERE / "hostile" / "person.yaml"]

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- strategies for valid files ------------------------------------------------------------

#: Text a manager might type: any letters, digits, punctuation, symbols and spaces, in any
#: script, including characters that mean something to YAML (: # - ' " [ ] { } & * ! | >).
_CHARS = st.characters(whitelist_categories=("L", "N", "P", "S", "Zs"),
                       blacklist_characters="\u2028\u2029\x85\ufeff")
TEXT = st.text(_CHARS, min_size=1, max_size=24).map(lambda s: " ".join(s.split())).filter(bool)
MULTILINE = st.lists(TEXT, min_size=1, max_size=3).map("\n".join)
IDS = st.from_regex(r"[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))


@st.composite
def models(draw: st.DrawFn) -> dict[str, Any]:
    low = draw(st.sampled_from([0, 1]))
    size = draw(st.integers(2, 6))
    scale = {low + i: draw(TEXT) for i in range(size)}
    ids = draw(st.lists(IDS, min_size=4, max_size=12, unique=True))
    level_count = draw(st.integers(1, 3))
    levels = [{"id": level_id, "name": draw(TEXT)} for level_id in ids[:level_count]]
    rest = ids[level_count:]
    areas: list[dict[str, Any]] = []
    while rest and len(areas) < 3:
        area_id, rest = rest[0], rest[1:]
        count = draw(st.integers(1, max(1, min(3, len(rest)))))
        comps, rest = rest[:count], rest[count:]
        if not comps:
            break
        competencies = []
        for comp_id in comps:
            comp: dict[str, Any] = {
                "id": comp_id,
                "name": draw(TEXT),
                "description": draw(st.one_of(TEXT, MULTILINE)),
                "expected": {lvl["id"]: draw(st.integers(low, low + size - 1)) for lvl in levels},
            }
            if draw(st.booleans()):
                comp["weight"] = draw(st.sampled_from([0.5, 1, 2, 3.5]))
            if draw(st.booleans()):
                keys = draw(st.lists(st.integers(low, low + size - 1), unique=True, max_size=3))
                comp["rubric"] = {key: draw(TEXT) for key in sorted(keys)}
            if draw(st.booleans()):
                comp["questions"] = draw(st.lists(TEXT, min_size=1, max_size=2))
            if draw(st.booleans()):
                comp["resources"] = [{"title": draw(TEXT), "by": draw(TEXT), "kind": "book"}]
            competencies.append(comp)
        areas.append({"id": area_id, "name": draw(TEXT), "competencies": competencies})
    if not areas:
        areas = [{"id": "only-area", "name": "Only", "competencies": [
            {"id": "only-comp", "name": "Only", "description": "Only",
             "expected": {lvl["id"]: low for lvl in levels}}]}]
    model: dict[str, Any] = {"id": draw(IDS), "name": draw(TEXT),
                             "version": draw(st.integers(1, 99)), "scale": scale,
                             "levels": levels, "areas": areas}
    if draw(st.booleans()):
        model["source"] = draw(TEXT)
    return model


SMALL_INDEX = ModelIndex(validate_plain(CompetencyModel,
    to_plain(yamlio.parse_text(SMALL_MODEL.read_text(encoding="utf-8"), "model.yaml"))))
COMPETENCIES = ["customer-insight", "problem-framing", "framing", "delivery", "data-fluency"]


@st.composite
def ratings(draw: st.DrawFn) -> dict[str, Any]:
    chosen = draw(st.lists(st.sampled_from(["customer-insight", "problem-framing", "delivery",
                                            "data-fluency"]), unique=True, max_size=4))
    out: dict[str, Any] = {}
    for cid in chosen:
        value = draw(st.integers(1, 5))
        out[cid] = {"rating": value, "evidence": draw(TEXT)} if draw(st.booleans()) else value
    return out


@st.composite
def people(draw: st.DrawFn) -> dict[str, Any]:
    person: dict[str, Any] = {"name": draw(TEXT), "level": draw(st.sampled_from(["apm", "pm",
                                                                                 "senior"]))}
    if draw(st.booleans()):
        person["since"] = draw(DATES)
    if draw(st.booleans()):
        person["assessment"] = {"date": draw(DATES), "model_version": 1,
                                "ratings": draw(ratings())}
    if draw(st.booleans()):
        person["self_assessment"] = {"date": draw(DATES), "ratings": draw(ratings())}
    if draw(st.booleans()):
        person["plan"] = {"focus": draw(st.lists(st.sampled_from(COMPETENCIES), unique=True,
                                                 max_size=2)),
                          "goals": {"delivery": draw(TEXT)}}
    if draw(st.booleans()):
        person["talking_points"] = draw(st.lists(st.one_of(TEXT, MULTILINE), min_size=1,
                                                 max_size=3))
    return person


@st.composite
def settings_files(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["manager"] = draw(TEXT)
    if draw(st.booleans()):
        out["cadence_days"] = draw(st.integers(1, 60))
    if draw(st.booleans()):
        out["plan"] = {"focus": draw(st.integers(1, 5)), "horizon_days": draw(st.integers(7, 365))}
    if draw(st.booleans()):
        out["git"] = {"autocommit": draw(st.booleans())}
    return out or {"model": "model.yaml"}


# --- helpers ---------------------------------------------------------------------------------

HEADER = "# Written by hand: keep this comment\n"
TRAILER = "# the end\n"
MARK = "  # why this value"


def with_comments(text: str) -> str:
    """A comment at the top, at the end, and at the end of the first 'key: value' line."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.rstrip()
        if (": " in stripped and not stripped.endswith((":", "|", ">", "|-", ">-"))
                and not stripped.lstrip().startswith(("- ", "#")) and "\"" not in stripped
                and "'" not in stripped and " #" not in stripped and "{" not in stripped):
            lines[index] = stripped + MARK
            break
    return HEADER + "\n".join(lines) + TRAILER


def round_trip(text: str, cls: type[Any], rules: Any = None, newline: str = "\n",
               bom: bool = False) -> tuple[Any, bytes]:
    """Load, save, load again; return the first object and the saved bytes."""
    raw = text.replace("\n", newline).encode("utf-8")
    raw = (b"\xef\xbb\xbf" if bom else b"") + raw
    first = load_bytes(raw, Path("f.yaml"), "f.yaml", cls, None, rules)
    saved = first.doc().to_bytes()
    second = load_bytes(saved, Path("f.yaml"), "f.yaml", cls, None, rules)
    assert second.obj == first.obj
    assert to_plain(second.doc().data) == to_plain(first.doc().data)
    return first.obj, saved


def person_rules(person: Person) -> Any:
    return person_problems(person, SMALL_INDEX)


# --- 1. round trips ----------------------------------------------------------------------------


@FAST
@given(models(), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_any_valid_model_survives_save_and_load(model: dict[str, Any], newline: str,
                                                bom: bool) -> None:
    text = with_comments(yamlio.dump_text(model))
    obj, saved = round_trip(text, CompetencyModel, model_problems, newline, bom)
    assert obj.id == model["id"]
    assert to_plain(yamlio.parse_bytes(saved, "f").data) == model
    assert saved.decode("utf-8-sig") == text.replace("\n", newline)  # byte for byte
    assert saved.startswith(b"\xef\xbb\xbf") == bom


@FAST
@given(people(), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_any_valid_person_survives_save_and_load(person: dict[str, Any], newline: str,
                                                 bom: bool) -> None:
    text = with_comments(yamlio.dump_text(person))
    _, saved = round_trip(text, Person, person_rules, newline, bom)
    assert to_plain(yamlio.parse_bytes(saved, "f").data) == person
    assert saved.decode("utf-8-sig") == text.replace("\n", newline)


@FAST
@given(settings_files())
def test_any_valid_settings_survive_save_and_load(data: dict[str, Any]) -> None:
    text = with_comments(yamlio.dump_text(data))
    _, saved = round_trip(text, Settings)
    assert saved.decode("utf-8") == text


@FAST
@given(people(), TEXT, st.sampled_from(["\n", "\r\n"]))
def test_pmkit_edits_keep_comments_and_everything_else(person: dict[str, Any], point: str,
                                                       newline: str) -> None:
    """A queued talking point and a new rating change exactly those, nothing else."""
    from pmkit.model.person_doc import add_talking_point, set_ratings

    text = with_comments(yamlio.dump_text(person)).replace("\n", newline)
    doc = yamlio.parse_bytes(text.encode("utf-8"), "team/alice.yaml")
    add_talking_point(doc.data, point)
    set_ratings(doc.data, "assessment", {"delivery": 3}, {}, dt.date(2026, 11, 24), SMALL_INDEX, 1)
    saved = doc.to_bytes()
    after = to_plain(yamlio.parse_bytes(saved, "team/alice.yaml").data)
    validate_plain(Person, after)
    assert list(person_problems(validate_plain(Person, after), SMALL_INDEX)) == []
    assert after["talking_points"][-1] == point
    assert after["talking_points"][:-1] == person.get("talking_points", [])
    rated = after["assessment"]["ratings"]["delivery"]
    assert (rated if isinstance(rated, int) else rated["rating"]) == 3
    for key in ("name", "level", "since", "self_assessment", "plan"):
        assert after.get(key) == person.get(key)
    decoded = saved.decode("utf-8")
    assert decoded.startswith(HEADER.replace("\n", newline))
    assert TRAILER.strip() in decoded
    assert (MARK in decoded) == (MARK in text)
    if newline == "\r\n":
        assert "\n" not in decoded.replace("\r\n", "")


# --- 2. arbitrary bytes ---------------------------------------------------------------------

#: Pieces of YAML syntax, so random input gets past the first character of the parser.
_PIECES = ["a", "b: ", "name", "level", "ratings", "assessment", "date", ":", " ", "  ", "\n",
           "\r\n", "\t", "- ", "-", "[", "]", "{", "}", ",", "'", '"', "#", "&x ", "*x", "!!",
           "!!str ", "!!python/object ", "!t ", "? ", "|", ">", "---", "...", "<<: ", "%YAML 1.2",
           "%YAML 1.3\n",
           "2026-11-20", "2026-02-30", "12:30:00", "9" * 30, "0x1F", ".inf", ".nan", "~", "null",
           "yes", "\x00", "\x07", "\ufeff", "\u2028", "\x85", "\\", "<<<<<<< HEAD\n",
           "=======\n", "é", "\U0001f600", "\\x", "\\u0000", "%"]
YAMLISH = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


def mutations() -> st.SearchStrategy[bytes]:
    """A real file with a few bytes changed, inserted or cut."""
    sources = [p.read_bytes() for p in REAL_FILES]

    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        data = bytearray(draw(st.sampled_from(sources)))
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(data)))
            action = draw(st.sampled_from(["insert", "replace", "cut"]))
            piece = draw(st.one_of(st.binary(min_size=1, max_size=4),
                                   st.sampled_from(_PIECES).map(str.encode)))
            if action == "insert":
                data[at:at] = piece
            elif action == "replace":
                data[at:at + len(piece)] = piece
            else:
                del data[at:at + draw(st.integers(1, 40))]
        return bytes(data)

    return mutate()


ANY_BYTES = st.one_of(st.binary(max_size=300), YAMLISH.map(lambda s: s.encode("utf-8")),
                      mutations())

LOADERS = {
    "settings": (Settings, None),
    "model": (CompetencyModel, model_problems),
    "person": (Person, person_rules),
}


@pytest.mark.parametrize("kind", list(LOADERS))
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(raw=ANY_BYTES)
def test_any_bytes_give_an_object_or_an_input_error(kind: str, raw: bytes) -> None:
    cls, rules = LOADERS[kind]
    try:
        loaded = load_bytes(raw, Path("f.yaml"), "f.yaml", cls, None, rules)
    except InputError as exc:
        message = str(exc)
        assert message.startswith("f.yaml")
        assert "\n" not in message and "Traceback" not in message
        return
    assert isinstance(loaded.obj, cls)
    loaded.doc().to_bytes()  # a file that loads can be written back


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(raw=ANY_BYTES)
def test_any_bytes_parse_or_give_an_input_error(raw: bytes) -> None:
    try:
        doc = yamlio.parse_bytes(raw, "f.yaml")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(doc.data, dict)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(raw=ANY_BYTES)
def test_the_fast_reader_never_accepts_what_the_careful_one_reads_otherwise(raw: bytes) -> None:
    """Whatever libyaml reads as a plain mapping, the round-trip reader reads the same."""
    from pmkit.files import fast_yaml

    try:
        text = raw.decode("utf-8")
        data = fast_yaml.load(text.removeprefix("\ufeff"))
    except (UnicodeDecodeError, fast_yaml.Unusual):
        return
    if not isinstance(data, dict):
        return
    try:
        careful = to_plain(yamlio.parse_bytes(raw, "f.yaml").data)
    except InputError:
        # The careful reader's own limits (size, conflict markers) come first in every read.
        from pmkit.files.fast_yaml import read_plain

        with pytest.raises(InputError):
            read_plain(raw, "f.yaml")
        return
    assert careful == data


def test_an_anchor_on_a_key_is_read_by_the_careful_reader() -> None:
    """YAML 1.1 (libyaml) reads "&customer-insight: text" as an anchored text, YAML 1.2 as a
    key with no name: the fast reader leaves any anchor or alias to the careful one."""
    from pmkit.files import fast_yaml

    for text in ("plan:\n  goals:\n   &customer-insight: Interview a customer\n",
                 "a: &x 1\nb: *x\n", "items: [&y one]\n"):
        with pytest.raises(fast_yaml.Unusual):
            fast_yaml.load(text)
    assert fast_yaml.load("note: R&D and Q&A, a & b\n") == {"note": "R&D and Q&A, a & b"}
