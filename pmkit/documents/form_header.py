"""A review form's details line: the comment that says whose form it is and for what model.

One reading for every reader of a form: the import (which holds it strictly, see
forms.read_form) and the list of colleagues' forms not yet answered (form_timing), so
both agree on which files are forms and who they were sent to.
"""

from __future__ import annotations

import json
import re

#: The comment holding the details: "<!-- ... Form details: kind=peer pm=priya ... -->";
#: "pmkit-form:" is how older forms said it.
HEADER = re.compile(r"<!--(?:(?!-->).)*(?:pmkit-form|Form details):(.*?)-->", re.DOTALL)
#: One field: a name, "=", and a bare word or a JSON string ("Ana Ruiz").
FIELD = re.compile(r'\s*([A-Za-z_][\w-]*)=("(?:[^"\\\n]|\\.)*"|[^\s"]*)')


def parse_fields(body: str) -> dict[str, str] | None:
    """The fields of a details comment's body; None when any part of it cannot be read."""
    body = body.strip()
    fields: dict[str, str] = {}
    pos = 0
    while pos < len(body):
        field = FIELD.match(body, pos)
        if field is None:
            return None
        raw = field.group(2)
        try:
            fields[field.group(1)] = json.loads(raw) if raw.startswith('"') else raw
        except ValueError:
            return None
        pos = field.end()
    return fields


def form_details(text: str) -> dict[str, str] | None:
    """The fields of a form's one details comment; None when it has none, more than one, or
    one that cannot be read: such a file is no form a reader can name a sender for."""
    found = HEADER.findall(text)
    return parse_fields(found[0]) if len(found) == 1 else None
