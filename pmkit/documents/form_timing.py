"""When a review form should come back: on a working day, and before the talk it feeds.

A form dated for a Sunday, or due after the assessment conversation it prepares, tells
the person their answers are not really needed. The conversation is found where
``pmkit conversation`` writes it: a 1:1 file, dated later than today, titled as one.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pmkit.documents.oneonone import dated_files, folder

if TYPE_CHECKING:
    from pmkit.workspace import Workspace

DUE_DAYS = 14  # time to think, close enough to stay in mind
LEAD_DAYS = 2  # the manager reads the answers before the conversation, not in it
_TITLE = "# Assessment conversation"


def scheduled_conversation(ws: Workspace, handle: str, today: dt.date) -> dt.date | None:
    """The next assessment conversation written for ``handle`` after ``today``, if any."""
    for day, path in dated_files(folder(ws, handle)):
        if day <= today:
            continue
        try:
            first = path.read_text(encoding="utf-8", errors="replace").lstrip()[:80]
        except OSError:
            continue
        if first.startswith(_TITLE):
            return day
    return None


def working_day(day: dt.date) -> dt.date:
    """``day``, or the Friday before it when it falls on a weekend."""
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


def return_by(today: dt.date, conversation: dt.date | None) -> dt.date:
    """Two weeks on, moved to a working day and, when a conversation is set, before it."""
    due = working_day(today + dt.timedelta(days=DUE_DAYS))
    if conversation is not None:
        before = working_day(conversation - dt.timedelta(days=LEAD_DAYS))
        if before <= today:
            before = working_day(conversation - dt.timedelta(days=1))
        if today < before < due:
            due = before
    return due
