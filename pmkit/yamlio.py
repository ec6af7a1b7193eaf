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

if TYPE_CHECKING:
    from ruamel.yaml import YAML

MAX_BYTES = 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64
BOM = "\ufeff"
_CONFLICT = re.compile(r"^(<<<<<<<|>>>>>>>)( |$)|^=======$|^\|\|\|\|\|\|\| ", re.MULTILINE)


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


def decode(raw: bytes, display: str) -> tuple[str, bool]:
    """Bytes to text: UTF-8 only, with or without a byte-order mark."""
    if len(raw) > MAX_BYTES:
        raise InputError(
            f"file is too large ({len(raw):,} bytes; the limit is {MAX_BYTES:,})", display
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", display, line
        ) from None
    bom = text.startswith(BOM)
    return (text[1:] if bom else text), bom


def check_conflict_markers(text: str, display: str) -> None:
    match = _CONFLICT.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise InputError(
            "the file has an unresolved merge conflict (a line starts with "
            f"{match.group(0).split()[0][:7]!r}); resolve it and try again",
            display,
            line,
        )


def parse_text(text: str, display: str, *, expect_mapping: bool = True) -> Any:
    """Parse YAML text round-trip, turning every problem into an InputError."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    check_conflict_markers(text, display)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        if expect_mapping:
            raise InputError("the file is empty; expected a mapping of keys", display, 1)
        return None
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(_describe_yaml_error(exc, text, line), display, line) from None
    except RecursionError:
        raise InputError(
            f"the file is nested too deeply (more than {MAX_DEPTH} levels)",
            display,
            _deep_line(text),
        ) from None
    except YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}".splitlines()[0], display) from None
    check_shape(data, display, text)
    if expect_mapping and not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise InputError(f"expected a mapping of keys at the top level, found {kind}", display, 1)
    return data


def _describe_yaml_error(exc: Any, text: str, line: int | None) -> str:
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if "duplicate key" in problem or type(exc).__name__ == "DuplicateKeyError":
        key = re.search(r'"([^"]*)"', problem) or re.search(r"'([^']*)'", problem)
        return f"duplicate key {key.group(1)!r}" if key else "duplicate key"
    lines = text.splitlines()
    if line is not None and 0 < line <= len(lines):
        source_line = lines[line - 1]
        indent = source_line[: len(source_line) - len(source_line.lstrip())]
        if "\t" in indent or "'\\t'" in problem:
            return "a tab character is used where YAML needs spaces (indent with spaces)"
    return f"invalid YAML: {problem}"


def _deep_line(text: str) -> int:
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


def check_shape(data: Any, display: str, text: str = "") -> None:
    """Refuse alias bombs, self-referencing aliases and absurd nesting.

    The walk is linear in the number of distinct nodes: the expanded size of a shared
    node is computed once, so a billion-laughs file is caught without expanding it.
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: Any, depth: int) -> int:
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
                lc.line + 1 if lc is not None and lc.line is not None else _deep_line(text),
            )
        in_progress.add(key)
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child, depth + 1)
            if total > MAX_NODES:
                raise InputError(
                    f"the file expands to more than {MAX_NODES:,} values "
                    "(too many YAML aliases?)",
                    display,
                    _first_alias_line(text) or 1,
                )
        in_progress.discard(key)
        sizes[key] = total
        return total

    size(data, 0)


def load_document(path: Path, display: str | None = None) -> YamlDocument:
    """Read, decode and parse one YAML file that must hold a mapping."""
    shown = display or str(path)
    try:
        raw = read_bytes_limited(path)
    except FileNotFoundError:
        raise InputError("file not found", shown) from None
    except IsADirectoryError:
        raise InputError("is a folder, expected a YAML file", shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", shown) from None
    return parse_bytes(raw, shown, path)


def read_bytes_limited(path: Path) -> bytes:
    """Read at most one byte more than the limit, so a huge file is refused cheaply."""
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


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
                        line = lc.value(key)[0] + 1
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
