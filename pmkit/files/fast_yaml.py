"""Read YAML fast: pmkit's own layout line by line, else libyaml and a small strict builder.

Reading a file is the common case and writing it the rare one, so reading does not pay
for the round-trip parser (comments, quotes and line marks cost ten to twenty times as
much). libyaml (PyYAML's C parser, maintained with the YAML reference implementations)
composes the node tree; the builder below turns it into plain Python. It accepts only
what pmkit's files hold: mappings, lists, text, whole numbers, decimals such as 1.5,
true and false, null and ``YYYY-MM-DD`` dates. Anything else (an explicit tag, an anchor
or alias, a duplicate key, a number in another notation, a control character, a date that is not a date, a
nesting or size beyond the limits, a parse error) is *unusual*: the careful round-trip
reader in :mod:`pmkit.files.yamldoc` then reads the file and gives its verdict, so both
readers refuse exactly the same files with exactly the same message and line.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pmkit.files import layout_yaml
from pmkit.files.plain import to_plain
from pmkit.files.reading import (
    MAX_DEPTH,
    MAX_NODES,
    check_conflict_markers,
    check_size,
    control_character,
    decode,
)
from pmkit.files.yamldoc import YamlDocument, parse_bytes

_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Plain scalars that some YAML version reads as something other than text: numbers in
# other notations, timestamps, 1.1 booleans, special floats, merge and value keys.
_SPECIAL = re.compile(
    r"[-+]?(?:[0-9][0-9_:.]*(?:[eE][-+]?[0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|\.(?:inf|Inf|INF|nan|NaN|NAN)|0[box][0-9a-fA-F_]+)"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?"
    r"|<<|=|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF")
# Characters the two parsers read differently (tabs inside scalars, Unicode line breaks, a
# byte-order mark past the start): a file holding any of them is read carefully.
_DIFFERENT = re.compile("[\t\x85\u2028\u2029\ufeff]")
# An anchor or alias where a node may start ("&name", "*name"): libyaml keeps no trace
# of either on the node it composes, and YAML 1.1 and 1.2 end an anchor's name at
# different characters ("&key: value"), so such a file is read carefully. Text that only
# looks like one ("a &b" in a sentence) is read carefully too: slower, never different.
_NODE_PROPERTY = re.compile(r"(?:^|[\s,\[{])[&*](?=\S)", re.MULTILINE)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_PLAIN, _QUOTED, _SEQ, _MAP = "pmkit:plain", "pmkit:quoted", "pmkit:seq", "pmkit:map"


class Unusual(Exception):
    """The document needs the careful reader: to refuse it with a line, or to read it exactly."""


_LOADER: Any = None


def _loader() -> Any:
    """libyaml's parser with a resolver that only says how a node was written."""
    global _LOADER
    if _LOADER is None:
        import yaml
        from yaml.cyaml import CParser

        class Resolver(yaml.resolver.BaseResolver):
            def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
                if kind is yaml.ScalarNode:
                    return _PLAIN if implicit[0] else _QUOTED
                return _SEQ if kind is yaml.SequenceNode else _MAP

        class Loader(CParser, yaml.constructor.BaseConstructor, Resolver):
            def __init__(self, stream: str) -> None:
                CParser.__init__(self, stream)
                yaml.constructor.BaseConstructor.__init__(self)
                Resolver.__init__(self)

        _LOADER = (yaml, Loader)
    return _LOADER


def available() -> bool:
    """libyaml is there (PyYAML built with it); without it every file outside pmkit's own
    layout is read carefully."""
    try:
        _loader()
    except (ImportError, AttributeError):
        return False
    return True


def load(text: str, *, layout: bool = True) -> Any:
    """The plain data of a YAML document, or :class:`Unusual`.

    A file in pmkit's own layout is read without libyaml (:mod:`pmkit.files.layout_yaml`),
    to the same data; any other goes through libyaml. ``layout=False`` always asks
    libyaml: the writer checks its own layout against a reader that does not share it.
    """
    if _DIFFERENT.search(text):
        raise Unusual
    controls = control_character(text) is not None
    if layout and not controls:
        try:
            data = layout_yaml.read(text, plain_value)
        except Unusual:
            data = None  # libyaml reads it and gives the verdict
        if data is not None:
            return data
    if not available() or _NODE_PROPERTY.search(text):
        raise Unusual
    yaml, loader_class = _loader()
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise Unusual from exc
    finally:
        loader.dispose()
    if node is None:
        raise Unusual
    # Plain scalars are slices of the text: when it holds no control character, neither
    # do they, and only quoted ones (where an escape can make one) need the check.
    builder = _Builder(check_plain=controls)
    return builder.build(node, 0)


def reads_as_text(text: str) -> bool:
    """Does this plain scalar read as text (not a number, date, boolean or null)?"""
    return not (text in _NULLS or text in _BOOLS or _INT.fullmatch(text) or _DECIMAL.fullmatch(text)
                or _DATE.fullmatch(text) or _SPECIAL.fullmatch(text))


#: Plain scalars starting with a letter that read as something other than text.
_WORDS = frozenset(_NULLS | set(_BOOLS) | {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
                                          "on", "On", "ON", "off", "Off", "OFF"})


class _Builder:
    def __init__(self, check_plain: bool = True) -> None:
        self.seen: set[int] = set()
        self.count = 0
        self.check_plain = check_plain

    def build(self, node: Any, depth: int) -> Any:
        if id(node) in self.seen:
            raise Unusual  # an alias
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise Unusual
        tag = node.tag
        if tag == _MAP:
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag not in (_PLAIN, _QUOTED):
                    raise Unusual  # a complex or tagged key
                key = self.scalar(key_node)
                if key in out or isinstance(key, float):
                    raise Unusual  # a duplicate key
                out[key] = self.build(value_node, depth + 1)
            return out
        if tag == _SEQ:
            return [self.build(item, depth + 1) for item in node.value]
        if tag in (_PLAIN, _QUOTED):
            return self.scalar(node)
        raise Unusual  # an explicit tag

    def scalar(self, node: Any) -> Any:
        self.count += 1
        text: str = node.value
        if node.tag == _QUOTED:
            if control_character(text):
                raise Unusual
            return text
        if self.check_plain and control_character(text):
            raise Unusual
        return plain_value(text)


def plain_value(text: str) -> Any:
    """What a plain (unquoted) scalar means: text, a whole number, a decimal such as 1.5,
    true or false, null or a date; :class:`Unusual` for anything else."""
    if text[:1].isalpha() and text[:1].isascii() and text not in _WORDS:
        return text  # a word: no number, date, null or boolean starts with a letter
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return float(text)
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise Unusual from None
    if _SPECIAL.fullmatch(text):
        raise Unusual
    return text


def read_plain(raw: bytes, display: str, path: Path | None = None) -> tuple[Any, YamlDocument | None]:
    """The plain data of a YAML file that must hold a mapping, read fast where it can be.

    Returns the round-trip document too when the careful reader was needed (its lines
    name the place of a later validation error); a refused file raises its InputError.
    """
    text, _ = decode(raw, display)
    check_conflict_markers(text, display)
    check_size(text, display)
    try:
        data = load(text)
    except Unusual:
        pass
    else:
        if isinstance(data, dict):
            return data, None
    doc = parse_bytes(raw, display, path)
    return to_plain(doc.data), doc
