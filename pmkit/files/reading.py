"""The one way pmkit reads a text file it did not write: limited in size, UTF-8, checked.

Both YAML readers and the Markdown readers start here, so a file is refused for the same
reasons whichever reader meets it first: too large, not a regular file, not UTF-8, a
merge-conflict marker, or more lines than any real file has.
"""

from __future__ import annotations

import re
from pathlib import Path

from pmkit.errors import InputError
from pmkit.patterns import lazy

MAX_BYTES = 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64
MAX_LINES = 20_000  # the largest real file, a big competency model, is a few thousand lines
MAX_ITEMS = 30_000  # lines plus commas: a cheap upper bound on the values, checked first
BOM = "\ufeff"
_CONFLICT = lazy(r"^(<<<<<<<|>>>>>>>)( |$)|^=======$|^\|\|\|\|\|\|\| ", re.MULTILINE)


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


def check_size(text: str, display: str) -> None:
    """Refuse, before parsing, a file with more lines or items than any real one has.

    Parsing is the slow part: a file just under the byte limit made of tiny items would
    take many seconds to parse only to be refused afterwards.
    """
    lines = text.count("\n")
    if lines > MAX_LINES:
        raise InputError(f"the file has {lines:,} lines; pmkit reads files of up to "
                         f"{MAX_LINES:,} lines", display, MAX_LINES + 1)
    if text.count(",") + lines > MAX_ITEMS:
        raise InputError(f"the file holds more than {MAX_ITEMS:,} lines and list items; "
                         "pmkit's files are far smaller", display)


def line_at(text: str, position: int | None) -> int | None:
    return None if position is None else text.count("\n", 0, position) + 1


#: C0 controls but tab, line feed and carriage return; DEL; C1 controls. An escape code in
#: a name would reach every terminal and document that shows it.
CONTROL_CHARACTERS = lazy(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


#: Characters that change how text is shown without showing themselves: bidirectional
#: overrides, embeddings and isolates, and zero-width spaces and joiners. In a name they
#: make one PM look like another ("alice" and "al\u200bice"), and a right-to-left override
#: can make text read backwards in a review.
HIDDEN_CHARACTERS = lazy("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                               "\u2066-\u2069\ufeff]")
# The zero-width joiner builds emoji (a person and a laptop); there it is fine.
_EMOJI_PART = lazy("[\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]")


def control_character(text: str) -> str | None:
    """``'U+001B'`` for the first control character in ``text``, or the code and a word of
    explanation for the first hidden one (a bidirectional override, a zero-width space);
    else None."""
    match = CONTROL_CHARACTERS.search(text)
    if match:
        return f"U+{ord(match.group()):04X}"
    for hidden in HIDDEN_CHARACTERS.finditer(text):
        char, at = hidden.group(), hidden.start()
        if (char == "\u200d" and at > 0 and at + 1 < len(text)
                and _EMOJI_PART.match(text[at - 1]) and _EMOJI_PART.match(text[at + 1])):
            continue
        if char == "\ufeff" and at == 0:
            continue  # a byte-order mark at the very start is dropped when the file is read
        import unicodedata

        name = unicodedata.name(char, "FORMAT CHARACTER")
        return f"U+{ord(char):04X} {name}, invisible, and able to make one text look like another"
    return None


def read_bytes_limited(path: Path) -> bytes:
    """Read at most one byte more than the limit, so a huge file is refused cheaply.

    Only regular files are opened: a named pipe or a device where a file should be
    would block or never end.
    """
    import errno
    import stat

    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, "not a regular file (a pipe or a device?)", str(path))
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


def read_input(path: Path, display: str) -> bytes:
    """A file's bytes through :func:`read_bytes_limited`, or an InputError naming it."""
    try:
        return read_bytes_limited(path)
    except FileNotFoundError:
        raise InputError("file not found", display) from None
    except IsADirectoryError:
        raise InputError("is a folder, expected a YAML file", display) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", display) from None
