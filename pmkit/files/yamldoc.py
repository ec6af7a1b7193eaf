"""Read and write the manager's YAML files without losing a word of them.

Reading is strict and safe: size and nesting limits, no alias bombs, no duplicate keys,
UTF-8 only, merge-conflict markers caught, and every problem reported as an
:class:`~pmkit.errors.InputError` naming the file and line. Writing is round-trip
(comments, key order and quoting survive) and atomic. A byte-order mark and CRLF line
endings are accepted and kept as they were.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.errors import InputError
from pmkit.files.reading import (
    BOM,
    MAX_DEPTH,
    check_conflict_markers,
    check_size,
    decode,
    line_at,
    read_input,
)
from pmkit.files.yaml_shape import check_shape, deep_line
from pmkit.patterns import lazy

if TYPE_CHECKING:
    from ruamel.yaml import YAML



@dataclass
class YamlDocument:
    """A parsed YAML file: its round-trip data plus what is needed to write it back as it was."""

    path: Path
    display: str
    data: Any
    newline: str = "\n"
    bom: bool = False

    def dumps(self) -> str:
        return dump_text(self.data, newline=self.newline, bom=self.bom)

    def to_bytes(self) -> bytes:
        return self.dumps().encode("utf-8")


def _yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml






def parse_text(text: str, display: str, *, expect_mapping: bool = True) -> Any:
    """Parse YAML text round-trip, turning every problem into an InputError."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    check_conflict_markers(text, display)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        if expect_mapping:
            raise InputError("the file is empty; expected a mapping of keys", display, 1)
        return None
    check_size(text, display)
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if (exc.context_mark is not None and mark is not None and "flow" in str(exc.context)
                and mark.line > exc.context_mark.line):
            mark = exc.context_mark  # an unclosed [ or { : point at where it was opened
        line = mark.line + 1 if mark is not None else None
        raise InputError(_describe_yaml_error(exc, text, line), display, line) from None
    except RecursionError:
        raise InputError(
            f"the file is nested too deeply (more than {MAX_DEPTH} levels)",
            display,
            deep_line(text),
        ) from None
    except ReaderError as exc:
        raise InputError(_describe_reader_error(exc), display,
                         line_at(text, exc.position)) from None
    except YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}".splitlines()[0], display) from None
    except (ValueError, OverflowError, TypeError) as exc:
        # A value YAML recognises but Python cannot build, such as 2026-02-30.
        raise _value_error(exc, text, display) from None
    except Exception as exc:  # the parser's own asserts (``%YAML 1.3``) and the like
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"invalid YAML: {reason}", display) from None
    check_shape(data, display, text)
    if expect_mapping and not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise InputError(f"expected a mapping of keys at the top level, found {kind}", display, 1)
    return data


def _describe_yaml_error(exc: Any, text: str, line: int | None) -> str:
    problem = " ".join((exc.problem or exc.context or "invalid YAML").split())
    from ruamel.yaml.constructor import DuplicateKeyError

    if "duplicate key" in problem or isinstance(exc, DuplicateKeyError):
        key = re.search(r'"([^"]*)"', problem) or re.search(r"'([^']*)'", problem)
        return f"duplicate key {key.group(1)!r}" if key else "duplicate key"
    if "another document" in problem or "single document" in (exc.context or ""):
        return ("the file holds more than one YAML document (a second '---'); "
                "keep one document per file")
    lines = text.splitlines()
    if line is not None and 0 < line <= len(lines):
        source_line = lines[line - 1]
        indent = source_line[: len(source_line) - len(source_line.lstrip())]
        if "\t" in indent:
            return "a tab character is used for indentation; YAML needs spaces"
        if "'\\t'" in problem:
            return "a tab character where YAML needs spaces; replace it with spaces"
    return f"invalid YAML: {problem}"




def _describe_reader_error(exc: Any) -> str:
    code = exc.character if isinstance(exc.character, int) else None
    shown = f"U+{code:04X}" if code is not None else "a special character"
    return (f"the file contains a control character ({shown}) that YAML does not allow; "
            "remove it")


_DATE_TOKEN = lazy(
    r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?)?")


def _value_error(exc: Exception, text: str, display: str) -> InputError:
    """Name the line of an impossible date or time; otherwise describe the value."""
    import datetime as dt

    for match in _DATE_TOKEN.finditer(text):
        year, month, day, hour, minute, second = match.groups()
        try:
            dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                        int(second or 0))
        except ValueError:
            return InputError(f"{match.group(0).strip()!r} is not a real date "
                              f"({str(exc) or 'out of range'})", display,
                              line_at(text, match.start()))
    return InputError(f"a value cannot be read: {str(exc).splitlines()[0] if str(exc) else exc!r}",
                      display)




















def load_document(path: Path, display: str | None = None) -> YamlDocument:
    """Read, decode and parse one YAML file that must hold a mapping."""
    shown = display or str(path)
    return parse_bytes(read_input(path, shown), shown, path)




def parse_bytes(raw: bytes, display: str, path: Path | None = None) -> YamlDocument:
    text, bom = decode(raw, display)
    newline = "\r\n" if "\r\n" in text else "\n"
    data = parse_text(text, display)
    return YamlDocument(path=path or Path(display), display=display, data=data,
                        newline=newline, bom=bom)


def dump_text(data: Any, *, newline: str = "\n", bom: bool = False) -> str:
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    text = buffer.getvalue()
    if newline != "\n":
        text = text.replace("\r\n", "\n").replace("\n", newline)
    return (BOM if bom else "") + text


def replace_value(mapping: Any, key: Any, value: Any) -> None:
    """``mapping[key] = value`` without losing the comments the old value carried.

    ruamel keeps a comment with the node it follows; replacing a nested mapping or list
    would drop the comments inside it (and a file's closing comments, which belong to
    its last node). They are gathered and put after the new value instead.
    """
    old = mapping.get(key) if isinstance(mapping, dict) else None
    tokens = _take_comments(old) if isinstance(old, dict | list) else []
    mapping[key] = value
    if not tokens or not hasattr(mapping, "ca"):
        return
    held = mapping.ca.items.get(key) or []
    known = {id(t) for part in held for t in (part if isinstance(part, list) else [part])}
    known |= {id(t) for t in held if t is not None}
    unique: dict[int, Any] = {}
    for token in tokens:
        if id(token) not in known:
            unique.setdefault(id(token), token)
    if not unique:
        return
    text = "".join(token.value for token in unique.values())
    if not text.lstrip(" ").startswith("#"):
        text = text.lstrip("\n")
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    entry = mapping.ca.items.setdefault(key, [None, None, None, None])
    if entry[2] is not None:
        entry[2].value = entry[2].value.rstrip("\n") + "\n" + text.lstrip(" ")
    else:
        entry[2] = CommentToken("  " + text.lstrip(" "), CommentMark(0), None)


def _take_comments(node: Any) -> list[Any]:
    """Remove and return every comment token held inside ``node``, in document order."""
    found: list[Any] = []
    ca = getattr(node, "ca", None)
    if ca is not None and ca.comment:
        for part in ca.comment:
            found += [t for t in (part if isinstance(part, list) else [part]) if t is not None]
        ca.comment = None
    children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
    for key, child in children:
        if ca is not None and key in ca.items:
            for part in ca.items.pop(key):
                found += [t for t in (part if isinstance(part, list) else [part])
                          if t is not None]
        if isinstance(child, dict | list):
            found += _take_comments(child)
    if ca is not None and getattr(ca, "end", None):
        found += list(ca.end)
        ca.end = []
    return [t for t in found if hasattr(t, "value")]


def line_of(data: Any, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the deepest node of ``loc`` that the document can place."""
    line: int | None = None
    node = data
    for part in loc:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, dict):
                key = _find_key(node, part)
                if key is None:
                    break
                if lc is not None:
                    try:
                        # An empty value has no position of its own: point at its key.
                        line = (lc.key(key) if node[key] is None else lc.value(key))[0] + 1
                    except (KeyError, TypeError, AttributeError):
                        line = lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                if lc is not None:
                    line = lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        except (KeyError, TypeError, AttributeError, IndexError):
            break
    return line


def key_line(data: Any, loc: Sequence[str | int]) -> int | None:
    """The line of the key at the end of ``loc`` (not its value)."""
    if not loc:
        return None
    parent_line = line_of(data, loc[:-1])
    node = data
    for part in loc[:-1]:
        try:
            node = node[_find_key(node, part) if isinstance(node, dict) else part]
        except (KeyError, TypeError, IndexError):
            return parent_line
    if isinstance(node, dict):
        key = _find_key(node, loc[-1])
        lc = getattr(node, "lc", None)
        if key is not None and lc is not None:
            try:
                return int(lc.key(key)[0]) + 1
            except (KeyError, TypeError, AttributeError):
                return parent_line
    return line_of(data, loc)


def _find_key(mapping: dict[Any, Any], part: str | int) -> Any:
    if part in mapping:
        return part
    for key in mapping:
        if str(key) == str(part):
            return key
    return None
