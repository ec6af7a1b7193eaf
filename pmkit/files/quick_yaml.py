"""Write a simple YAML document quickly, in the layout the round-trip writer uses.

The round-trip writer keeps a manager's comments and quoting, and it is slow: most of
the time of building the demo's year of history went into it. Files that pmkit itself
creates and edits hold no comments beyond a first line, so they can be written
directly: block mappings indented by two, lists as ``  - item`` (a mapping in a list
starts on the dash's line), small mappings and lists kept in flow style where the
data says so. The result is read back with the fast
reader and compared with the data; anything it cannot write exactly returns None, and
the caller uses the round-trip writer.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from pmkit.files import fast_yaml, layout_yaml
from pmkit.files.plain import to_plain

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = set(",[]{}")
_KEY = re.compile(layout_yaml.KEY)  # what the line reader takes as a key


class _NotSimple(Exception):
    pass


def _is_flow(node: Any) -> bool:
    flow = getattr(node, "fa", None)
    return bool(flow is not None and flow.flow_style())


def _scalar(value: Any, in_flow: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value) if isinstance(value, float) else str(int(value))
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        text = str(value)
        style = getattr(value, "style", None)  # quotes the manager wrote, kept as written
        if style is None and _plain_ok(text, in_flow):
            return text
        if style != '"' and "'" not in text and "\\" not in text and text.isprintable():
            return "'" + text + "'"
        return json.dumps(text, ensure_ascii=False)
    raise _NotSimple


def _plain_ok(text: str, in_flow: bool) -> bool:
    """Could YAML read this text back as the same text without quotes?"""
    if not text or text != text.strip() or not text.isprintable() or text[0] in _INDICATORS:
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if in_flow and any(c in _FLOW_INDICATORS for c in text):
        return False
    return fast_yaml.reads_as_text(text)


def _key(key: Any) -> str:
    if isinstance(key, bool) or not isinstance(key, str | int):
        raise _NotSimple
    text = str(key)
    if isinstance(key, str) and not (_KEY.fullmatch(text) and fast_yaml.reads_as_text(text)):
        return json.dumps(text, ensure_ascii=False)
    return text


def _flow(node: Any) -> str:
    if isinstance(node, dict):
        return "{" + ", ".join(f"{_key(k)}: {_flow(v)}" for k, v in node.items()) + "}"
    if isinstance(node, list):
        return "[" + ", ".join(_flow(v) for v in node) + "]"
    return _scalar(node, in_flow=True)


def _block(node: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, dict | list) and value and not _is_flow(value):
                out.append(f"{pad}{_key(key)}:")
                _block(value, indent + 2, out)
            elif isinstance(value, dict | list):
                out.append(f"{pad}{_key(key)}: {_flow(value)}")
            else:
                out.append(f"{pad}{_key(key)}: {_scalar(value, in_flow=False)}".rstrip())
        return
    for item in node:
        if isinstance(item, dict) and item and not _is_flow(item):
            # A mapping in a list: its first key on the dash's line, the rest under it.
            inner: list[str] = []
            _block(item, indent + 2, inner)
            out.append(f"{pad}- {inner[0][indent + 2:]}")
            out.extend(inner[1:])
            continue
        if isinstance(item, dict | list) and not _is_flow(item):
            raise _NotSimple  # a nested list inside a list: leave it to the round-trip writer
        text = _flow(item) if isinstance(item, dict | list) else _scalar(item, in_flow=False)
        out.append(f"{pad}- {text}".rstrip())


def dump(data: Any, first_line: str = "", plain: Any = None, *, check: bool = True) -> str | None:
    """``first_line`` (a comment) and the mapping ``data`` as YAML text, or None.

    ``plain`` is ``to_plain(data)`` where the caller has it already. ``check=False`` skips
    reading the text back: only for data whose every version a test compares instead (the
    demo's shipped story).
    """
    if not isinstance(data, dict) or not data:
        return None
    lines: list[str] = []
    try:
        _block(data, 0, lines)
    except _NotSimple:
        return None
    text = first_line + "\n".join(lines) + "\n"
    if not check:
        return text
    try:
        if fast_yaml.load(text, layout=False) != (to_plain(data) if plain is None else plain):
            return None
    except fast_yaml.Unusual:
        return None
    return text
