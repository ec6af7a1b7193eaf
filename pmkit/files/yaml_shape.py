"""What the careful reader refuses beyond YAML syntax: alias bombs, absurd nesting, tags,
complex keys and control characters, each reported with its line.

The walk is linear in the number of distinct nodes: the expanded size of a shared node
is computed once, so a billion-laughs file is caught without expanding it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date as dt_date
from typing import Any

from pmkit.errors import InputError
from pmkit.files.reading import MAX_DEPTH, MAX_NODES, control_character


def deep_line(text: str) -> int:
    """The first line where brackets or indentation nest deeper than the limit."""
    depth = 0
    for number, source_line in enumerate(text.splitlines(), start=1):
        stripped = source_line.lstrip(" -")
        if (len(source_line) - len(stripped)) // 2 > MAX_DEPTH:
            return number
        for char in source_line:
            depth += char in "[{"
            depth -= char in "]}"
            if depth > MAX_DEPTH:
                return number
    return 1


def _first_alias_line(text: str) -> int | None:
    match = re.search(r"(^|[\s\[{,:])\*[^\s,\]}]+", text)
    return text.count("\n", 0, match.start()) + 1 if match else None


_STANDARD_TAGS = {None, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
                  "tag:yaml.org,2002:str", "tag:yaml.org,2002:omap"}


_PLAIN_KEYS = (str, int, float, bool, type(None), dt_date)


def check_shape(data: Any, display: str, text: str = "") -> None:
    """Refuse alias bombs, absurd nesting, and values pmkit's files never hold.

    The walk is linear in the number of distinct nodes: the expanded size of a shared
    node is computed once, so a billion-laughs file is caught without expanding it.
    Keys must be plain words, numbers or dates; values plain scalars, lists or mappings
    (no ``!!binary``, ``!!set``, ``!!python/...`` or other custom tags).
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: Any, depth: int, line: int | None) -> int:
        _check_value(node, display, line)
        if not isinstance(node, dict | list):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise InputError(
                "an alias refers to itself (a recursive YAML alias)",
                display,
                _first_alias_line(text),
            )
        if depth > MAX_DEPTH:
            lc = getattr(node, "lc", None)
            raise InputError(
                f"the file is nested too deeply (more than {MAX_DEPTH} levels)",
                display,
                lc.line + 1 if lc is not None and lc.line is not None else deep_line(text),
            )
        in_progress.add(key)
        total = 1
        for child, child_line in _children(node, display, line):
            total += size(child, depth + 1, child_line)
            if total > MAX_NODES:
                alias_line = _first_alias_line(text)
                raise InputError(
                    f"the file expands to more than {MAX_NODES:,} values"
                    + (" (too many YAML aliases)" if alias_line else ""),
                    display,
                    alias_line or 1,
                )
        in_progress.discard(key)
        sizes[key] = total
        return total

    size(data, 0, 1)


def _children(node: Any, display: str, line: int | None) -> Iterator[tuple[Any, int | None]]:
    """Each child with its line; keys are checked on the way."""
    lc = getattr(node, "lc", None)
    if isinstance(node, dict):
        for key, value in node.items():
            key_at = _lc_line(lc, "key", key) or line
            if not isinstance(key, _PLAIN_KEYS):
                raise InputError("a key must be a plain word or number, not a list or mapping "
                                 "(a YAML complex key)", display, key_at)
            if isinstance(key, str) and control_character(key):
                raise InputError(f"a key holds a control character ({control_character(key)}); "
                                 "remove it", display, key_at)
            yield value, _lc_line(lc, "value", key) or key_at
    else:
        for index, value in enumerate(node):
            yield value, _lc_line(lc, "item", index) or line


def _lc_line(lc: Any, kind: str, key: Any) -> int | None:
    if lc is None:
        return None
    try:
        return int(getattr(lc, kind)(key)[0]) + 1
    except (KeyError, TypeError, AttributeError, IndexError):
        return None


def _check_value(node: Any, display: str, line: int | None) -> None:
    from ruamel.yaml.comments import TaggedScalar

    tag = getattr(getattr(node, "tag", None), "value", None)
    tagged = isinstance(node, dict | list | TaggedScalar)
    if tagged and tag not in _STANDARD_TAGS:
        shown = str(tag).replace("tag:yaml.org,2002:", "!!")
        raise InputError(f"unsupported YAML tag {shown!r}; pmkit files hold plain text, numbers, "
                         "dates, lists and mappings", display, line)
    if isinstance(node, bytes | bytearray):
        raise InputError("binary data (!!binary) is not supported; write plain text", display, line)
    found = control_character(node) if isinstance(node, str) else None
    if found:
        kind = ", such as a terminal escape code" if len(found) == 6 else ""
        raise InputError(f"a text value holds a control character ({found}{kind}); remove it",
                         display, line)
    if isinstance(node, dict | list | str | int | float | type(None) | dt_date):
        return
    if isinstance(node, TaggedScalar):
        return
    raise InputError(f"unsupported YAML value ({type(node).__name__.removeprefix('Commented')}); "
                     "pmkit files hold plain text, numbers, dates, lists and mappings",
                     display, line)
