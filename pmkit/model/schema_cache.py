"""pydantic's core schemas of the file shapes, kept on disk between processes.

Building a validator costs pydantic 0.1 s or more in every new process: importing its
schema generator and walking every dataclass. The result of that walk, the *core schema*,
is plain data apart from references to pmkit's own dataclasses and check functions, and
pydantic-core turns it into a validator in well under a millisecond. So the first process
on a machine writes each shape's core schema as JSON to the user's cache folder, and later
processes (a fresh clone, a new workspace, a cleared store) build the validator from it.

Nothing from that file is trusted: it is read with a size limit, must carry the
fingerprint of this pmkit, its schema source, pydantic-core and Python, and a digest of
its body; a reference may only name a class or function defined in :mod:`pmkit.model`
(or ``dict``/``list`` as a default factory), looked up by name, never imported or run from
the file. Anything off, and the validator is built by pydantic and the file written anew.
``tests/test_schema_cache.py`` runs every hostile input through both validators.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any

from pmkit import __version__

FORMAT = 1
_MAX_BYTES = 1 << 20  # the largest shape's schema is about 20 KB
_DROPPED = {"metadata", "serialization"}  # editor hints and output rules: not validation
_OBJECT = "$pmkit-object"
_PARTIAL = "$pmkit-partial"
_MODULES = ("pmkit.model.schema", "pmkit.model.fields")
_BUILTINS = {"dict": dict, "list": list}


class Unkept(Exception):
    """This schema cannot be kept or read back; build the validator the slow way."""


def cache_dir() -> Path | None:
    """``$PMKIT_CACHE_DIR``, else the platform's user cache folder; None when there is none."""
    chosen = os.environ.get("PMKIT_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None  # an empty value turns the cache off
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "pmkit" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "pmkit"
    xdg = os.environ.get("XDG_CACHE_HOME")
    try:
        return (Path(xdg) if xdg else Path.home() / ".cache") / "pmkit"
    except RuntimeError:  # no home folder
        return None


def fingerprint(pydantic_core_version: str) -> str:
    """What the kept schema depends on: pmkit, its shape code, pydantic-core and Python."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{pydantic_core_version}\0"
                            f"{sys.version_info[:2]}\0".encode())
    for name in _MODULES:
        module = sys.modules[name]
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:32]


def _path(kind: str, print_: str) -> Path | None:
    folder = cache_dir()
    return folder / f"schema-{kind}-{print_}.json" if folder is not None else None


def encode(schema: Any) -> Any:
    """The core schema as JSON-ready data; objects become named references."""
    if isinstance(schema, dict):
        return {key: encode(value) for key, value in schema.items() if key not in _DROPPED}
    if isinstance(schema, list | tuple):
        return [encode(value) for value in schema]
    if schema is None or isinstance(schema, str | bool | int | float):
        return schema
    for name, value in _BUILTINS.items():
        if schema is value:
            return {_OBJECT: f"builtins:{name}"}
    if isinstance(schema, partial) and not schema.keywords:
        return {_PARTIAL: encode(schema.func)[_OBJECT], "args": encode(list(schema.args))}
    module, qualname = getattr(schema, "__module__", None), getattr(schema, "__qualname__", "")
    if module in _MODULES and "." not in qualname and _resolve(f"{module}:{qualname}") is schema:
        return {_OBJECT: f"{module}:{qualname}"}
    raise Unkept(f"cannot keep {schema!r}")


def _resolve(reference: str) -> Any:
    module, _, name = reference.partition(":")
    if module == "builtins" and name in _BUILTINS:
        return _BUILTINS[name]
    if module not in _MODULES or not name.isidentifier():
        raise Unkept(f"not a reference pmkit makes: {reference!r}")
    found = getattr(sys.modules[module], name, None)
    if not (isinstance(found, type) or callable(found)) or found.__module__ != module:
        raise Unkept(f"not a pmkit class or function: {reference!r}")
    return found


def decode(data: Any) -> Any:
    """Back from :func:`encode`, references looked up by name in pmkit's model modules."""
    if isinstance(data, dict):
        if set(data) == {_OBJECT}:
            return _resolve(str(data[_OBJECT]))
        if set(data) == {_PARTIAL, "args"} and isinstance(data["args"], list):
            args = data["args"]
            if not all(isinstance(arg, str | int | float | bool) for arg in args):
                raise Unkept("a partial's arguments are plain values only")
            return partial(_resolve(str(data[_PARTIAL])), *args)
        return {key: decode(value) for key, value in data.items()}
    if isinstance(data, list):
        return [decode(value) for value in data]
    return data


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


def read(kind: str, pydantic_core_version: str, references: bool = True) -> Any | None:
    """The kept schema of ``kind``, or None when there is none fit to use.

    ``references=False`` for data that names no object (a JSON Schema): kept as written.
    """
    print_ = fingerprint(pydantic_core_version)
    path = _path(kind, print_)
    if path is None:
        return None
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
        if len(raw) > _MAX_BYTES:
            return None
        kept = json.loads(raw)
        body = kept["schema"]
        if (kept.get("format") != FORMAT or kept.get("kind") != kind
                or kept.get("fingerprint") != print_ or not isinstance(body, str)
                or kept.get("digest") != _digest(body)):
            return None
        return decode(json.loads(body)) if references else json.loads(body)
    except (OSError, ValueError, KeyError, TypeError, RecursionError, Unkept):
        return None


def write(kind: str, pydantic_core_version: str, schema: Any, references: bool = True) -> None:
    """Keep ``schema`` for later processes; quietly skipped when it cannot be kept."""
    print_ = fingerprint(pydantic_core_version)
    path = _path(kind, print_)
    if path is None:
        return
    try:
        body = json.dumps(encode(schema) if references else schema, separators=(",", ":"))
    except (Unkept, TypeError, ValueError):
        return
    text = json.dumps({"format": FORMAT, "kind": kind, "fingerprint": print_,
                       "digest": _digest(body), "schema": body})
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:  # a read-only home: the next process builds the validator again
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
