"""Round-trip YAML data to plain Python, and plain Python to lossless JSON.

The parse cache stores what a YAML file parsed to, so that reading an unchanged file
costs a JSON load instead of a YAML parse. The encoding keeps dates, integer keys and
key order exactly, so validation sees the same input either way.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any


class NotPlain(ValueError):
    """The data holds something JSON cannot carry faithfully; do not cache it."""


def to_plain(node: Any) -> Any:
    """Strip ruamel's round-trip wrappers, keeping only built-in types."""
    if isinstance(node, dict):
        return {to_plain(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [to_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.datetime):
        return node
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    value = getattr(node, "value", None)  # ruamel's TaggedScalar: ``!!str 5``, the one tag allowed
    if isinstance(value, str):
        return value
    return node


def _encode(node: Any) -> Any:
    if isinstance(node, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in node):
            return {k: _encode(v) for k, v in node.items()}
        pairs = []
        for key, value in node.items():
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise NotPlain(type(key).__name__)
            pairs.append([key, _encode(value)])
        return {"$map": pairs}
    if isinstance(node, list):
        return [_encode(v) for v in node]
    if isinstance(node, dt.datetime):
        raise NotPlain("datetime")
    if isinstance(node, dt.date):
        return {"$date": node.isoformat()}
    if node is None or isinstance(node, str | int | float | bool):
        return node
    raise NotPlain(type(node).__name__)


def _decode_hook(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        if "$date" in obj:
            return dt.date.fromisoformat(obj["$date"])
        if "$map" in obj:
            return {key: value for key, value in obj["$map"]}
    return obj


def dumps(node: Any) -> str:
    return json.dumps(_encode(node), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Any:
    return json.loads(text, object_hook=_decode_hook)


def encode(node: Any) -> Any:
    """JSON-ready form of ``node`` (raises :class:`NotPlain` when that would lose data)."""
    return _encode(node)


def decode(obj: Any) -> Any:
    """Inverse of :func:`encode` for an already-parsed JSON value."""
    return loads(json.dumps(obj))
