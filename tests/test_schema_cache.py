"""Kept core schemas: a validator built from one behaves as pydantic's, and nothing in the
file is trusted (a tampered, foreign or oversized file is ignored and written anew)."""

import json
import re
from pathlib import Path
from typing import Any

import pydantic_core
import pytest
from pydantic import TypeAdapter

from pmkit.model import schema, schema_cache, validator

KINDS = [schema.Person, schema.CompetencyModel, schema.Settings, schema.Community]
VERSION = pydantic_core.__version__


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PMKIT_CACHE_DIR", str(folder))
    return folder


def kept_validator(cls: type) -> Any:
    kept = schema_cache.read(cls.__name__, VERSION)
    assert kept is not None, cls.__name__
    return pydantic_core.SchemaValidator(kept)


def verdict(check: Any, data: Any) -> tuple[str, Any]:
    try:
        return "ok", check.validate_python(data)
    except pydantic_core.ValidationError as exc:
        return "refused", [(e["type"], e["loc"], e["msg"]) for e in exc.errors()]


@pytest.mark.parametrize("cls", KINDS, ids=lambda c: c.__name__)
def test_a_kept_schema_round_trips_and_names_only_pmkit_objects(cache: Path, cls: type) -> None:
    fresh = TypeAdapter(cls)
    schema_cache.write(cls.__name__, VERSION, fresh.core_schema)
    [path] = cache.glob(f"schema-{cls.__name__}-*.json")
    body = json.loads(json.loads(path.read_text())["schema"])
    references = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "$pmkit-object" in node:
                references.add(node["$pmkit-object"])
            if "$pmkit-partial" in node:
                references.add(node["$pmkit-partial"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(body)
    assert f"pmkit.model.schema:{cls.__name__}" in references
    assert all(ref.split(":")[0] in {"pmkit.model.schema", "pmkit.model.fields", "builtins"}
               for ref in references)
    assert kept_validator(cls) is not None


def test_kept_and_fresh_validators_agree_on_valid_and_broken_data(cache: Path) -> None:
    """Hand-broken data of every kind: the same object, or the same errors at the same places."""
    for cls in KINDS:
        schema_cache.write(cls.__name__, VERSION, TypeAdapter(cls).core_schema)
    person = {"name": "Alice Chen", "level": "pm", "since": "2025-01-06",
              "assessment": {"date": "2026-10-05", "model_version": 1,
                             "ratings": {"delivery": 3, "customer-insight": {"rating": 2, "evidence": "x"}}},
              "talking_points": ["Roadmap review"]}
    cases: list[tuple[type, Any]] = [
        (schema.Person, person),
        (schema.Person, {**person, "since": "2025-13-01"}),
        (schema.Person, {**person, "since": "2025-01-06T10:00:00"}),
        (schema.Person, {**person, "name": ""}),
        (schema.Person, {**person, "level": 3}),
        (schema.Person, {**person, "assessment": {"date": "2026-10-05", "ratings": {"delivery": "3"}}}),
        (schema.Person, {**person, "assessment": {"date": "2026-10-05", "ratings": {"Bad Id": 3}}}),
        (schema.Person, {**person, "surprise": True}),
        (schema.Person, [person]),
        (schema.Settings, {"manager": "Dana Lee", "model": "model.yaml", "reassess_after_days": 90}),
        (schema.Settings, {"manager": "Dana Lee", "model": "model.yaml", "reassess_after_days": 99999}),
        (schema.Settings, {"manager": "Dana Lee", "model": "../outside.yaml"}),
        (schema.Settings, {"manager": "Dana Lee", "model": "model.yaml", "plan": {"focus": 51}}),
        (schema.CompetencyModel, {"name": "x"}),
        (schema.Community, {"topic": "discovery"}),
    ]
    for cls, data in cases:
        fresh = verdict(TypeAdapter(cls).validator, data)
        kept = verdict(kept_validator(cls), data)
        assert kept == fresh, (cls.__name__, data)
    assert sum(1 for cls, data in cases if verdict(TypeAdapter(cls).validator, data)[0] == "ok") >= 2


def _kept_file(cache: Path) -> Path:
    schema_cache.write("Settings", VERSION, TypeAdapter(schema.Settings).core_schema)
    [path] = cache.glob("schema-Settings-*.json")
    return path


def _rewrite_body(path: Path, change: Any, keep_digest: bool = False) -> None:
    import hashlib

    kept = json.loads(path.read_text())
    body = change(kept["schema"])
    assert body != kept["schema"]
    kept["schema"] = body
    if not keep_digest:
        kept["digest"] = hashlib.sha256(body.encode()).hexdigest()
    path.write_text(json.dumps(kept))


@pytest.mark.parametrize("tamper", ["edited body", "foreign reference", "private reference",
                                    "not json", "oversized", "other fingerprint"])
def test_a_tampered_file_is_not_used(cache: Path, tamper: str) -> None:
    path = _kept_file(cache)
    if tamper == "edited body":  # unknown keys let through, the digest left as it was
        _rewrite_body(path, lambda b: b.replace('"forbid"', '"allow"'), keep_digest=True)
    elif tamper == "foreign reference":  # a digest that matches, naming something to run
        _rewrite_body(path, lambda b: re.sub(r"pmkit\.model\.fields:\w+", "os:system", b))
    elif tamper == "private reference":
        _rewrite_body(path, lambda b: re.sub(r"pmkit\.model\.fields:\w+",
                                             "pmkit.model.fields:__builtins__", b))
    elif tamper == "not json":
        path.write_bytes(b"\xff\xfe{")
    elif tamper == "oversized":
        path.write_text(" " * (2 << 20))
    else:
        kept = json.loads(path.read_text())
        kept["fingerprint"] = "0" * 32
        path.write_text(json.dumps(kept))
    assert schema_cache.read("Settings", VERSION) is None


def test_the_validator_rebuilds_a_bad_kept_file_and_works_without_a_cache(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _kept_file(cache)
    path.write_text("{}")
    monkeypatch.setattr(validator, "_VALIDATORS", {})
    check = validator.validator(schema.Settings)
    assert verdict(check, {"manager": "M", "model": "model.yaml", "cadence_days": 400})[0] == "refused"
    assert schema_cache.read("Settings", VERSION) is not None  # written anew

    monkeypatch.setenv("PMKIT_CACHE_DIR", "")  # turned off
    monkeypatch.setattr(validator, "_VALIDATORS", {})
    assert verdict(validator.validator(schema.Settings), {"manager": "M", "model": "model.yaml"})[0] == "ok"

    blocked = cache.parent / "a-file"  # the cache folder cannot be made (works as root too)
    blocked.write_text("")
    monkeypatch.setenv("PMKIT_CACHE_DIR", str(blocked / "pmkit"))
    monkeypatch.setattr(validator, "_VALIDATORS", {})
    assert verdict(validator.validator(schema.Settings), {"manager": "M", "model": "model.yaml"})[0] == "ok"
    assert blocked.read_text() == ""


def test_kept_json_schemas_are_the_ones_pydantic_makes(cache: Path) -> None:
    """Editor schemas from the kept copy are byte for byte the fresh ones (key order too)."""
    for cls in KINDS:
        fresh = json.dumps(validator.json_schema(cls), indent=2)
        assert list(cache.glob(f"schema-json-{cls.__name__}-*.json"))
        assert json.dumps(validator.json_schema(cls), indent=2) == fresh


ENGINE_PROBE = """
import sys
from pmkit.model import engine, validator, schema
from pmkit.loading import collect_problems
core = engine.engine()
assert "pydantic_core" not in sys.modules, "the typing layer was imported"
ok = collect_problems(schema.Settings, {"manager": "Dana Lee", "model": "pm-wheel"})
bad = collect_problems(schema.Settings, {"manager": "Dana Lee", "model": "pm-wheel", "plan": {"focus": "x"}})
import pydantic_core  # what pydantic imports when a schema must be built
engine.attach()
assert pydantic_core._pydantic_core is core
assert pydantic_core.SchemaValidator is core.SchemaValidator
assert pydantic_core.ValidationError is core.ValidationError
validator._ADAPTERS.clear()
fresh = validator.adapter(schema.Settings).validator
try:
    fresh.validate_python({"manager": "Dana Lee", "model": "pm-wheel", "plan": {"focus": "x"}})
except core.ValidationError as exc:
    print(type(ok).__name__, [p.loc for p in bad], exc.errors()[0]["loc"])
"""


def test_the_engine_alone_validates_and_is_the_one_pydantic_later_uses(cache: Path) -> None:
    """A cold process loads pydantic-core's compiled engine without its typing layer; when
    pydantic comes later it gets the same module, so its errors are caught the same way."""
    import os
    import subprocess
    import sys

    for cls in KINDS:  # keep the schemas, as a first process on the machine would
        schema_cache.write(cls.__name__, VERSION, TypeAdapter(cls).core_schema)
    done = subprocess.run([sys.executable, "-c", ENGINE_PROBE], capture_output=True, text=True,
                          env={**os.environ, "PMKIT_CACHE_DIR": str(cache)}, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["Settings", "[('plan',", "'focus')]", "('plan',", "'focus')"]
