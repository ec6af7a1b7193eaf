"""The dated Markdown files of a folder (``YYYY-MM-DD.md``): a PM's 1:1s.

One reading of the folder for every caller, from the team view's quick count of 1:1s
held to the documents that parse each one, so a file the team view counts is a file
an agenda reads, and the other way round.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})\.md$")


def dated_files(directory: Path) -> list[tuple[dt.date, Path]]:
    """Every ``YYYY-MM-DD.md`` file in ``directory``, oldest first; other entries are
    ignored, and so is a missing or unreadable folder."""
    found: list[tuple[dt.date, Path]] = []
    try:
        entries = os.scandir(directory)
    except OSError:
        return found
    with entries:
        for entry in entries:
            match = _DATED.match(entry.name)
            if not match or not entry.is_file():
                continue
            try:
                found.append((dt.date.fromisoformat(match.group(1)), Path(entry.path)))
            except ValueError:
                continue
    return sorted(found)
