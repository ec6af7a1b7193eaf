"""When a review form should come back: on a working day, and before the talk it feeds.

A form dated for a Sunday, or due after the assessment conversation it prepares, tells
the person their answers are not really needed. The conversation is found where
``pmkit conversation`` writes it: a 1:1 file, dated today or later, titled as one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pmkit.documents.form_header import form_details
from pmkit.documents.oneonone import folder, read_text
from pmkit.errors import InputError
from pmkit.files.dated import dated_files

if TYPE_CHECKING:
    from pmkit.workspace import Workspace

DUE_DAYS = 14  # time to think, close enough to stay in mind
LEAD_DAYS = 2  # working days the person needs to fill the form in
_TITLE = "# Assessment conversation"


def scheduled_conversation(ws: Workspace, handle: str, today: dt.date) -> dt.date | None:
    """The next assessment conversation written for ``handle`` from ``today`` on, if any:
    one held today is found too, so a form sent today does not promise to feed it."""
    for day, path in dated_files(folder(ws, handle)):
        if day < today:
            continue
        try:  # read as every 1:1 file is: within the limits, never through a link out
            first = read_text(path, ws.rel(path)).lstrip()[:80]
        except (OSError, InputError):
            continue
        if first.startswith(_TITLE):
            return day
    return None


def assessed_on_day(ws: Workspace, handle: str, day: dt.date) -> str | None:
    """Whether ``day`` can bring fresh ratings: "conversation" when an assessment
    conversation is written for it, "meeting" when it is the PM's 1:1 day and no other
    agenda is written for it (a review made that morning is what the manager brings),
    None otherwise. One answer for every document that says when ratings can next move."""
    from pmkit.documents.oneonone import meeting_day

    if scheduled_conversation(ws, handle, day) == day:
        return "conversation"
    if any(when == day for when, _ in dated_files(folder(ws, handle))):
        return None  # another kind of 1:1 is planned for the day
    return "meeting" if meeting_day(ws, handle, day) == day else None


def working_day(day: dt.date) -> dt.date:
    """``day``, or the Friday before it when it falls on a weekend."""
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


def _working_days(after: dt.date, until: dt.date) -> int:
    """Working days after ``after``, up to and including ``until``."""
    return sum(1 for n in range(1, (until - after).days + 1)
               if (after + dt.timedelta(days=n)).weekday() < 5)


def return_by(today: dt.date, conversation: dt.date | None) -> dt.date:
    """Two weeks on, moved to a working day; when a conversation is set, the last working
    day before it, if that leaves the person at least two working days. Otherwise the
    form misses that conversation (the form says so) and keeps the two weeks."""
    due = working_day(today + dt.timedelta(days=DUE_DAYS))
    if conversation is not None:
        before = working_day(conversation - dt.timedelta(days=1))
        if _working_days(today, before) >= LEAD_DAYS and before < due:
            due = before
    return due


def before_review(today: dt.date, review: dt.date, due: dt.date) -> dt.date:
    """A week before the plan's review, for a form whose answers go into it (a review
    after ``due``): a week leaves the manager time to read them, where two weeks from
    today may leave a month idle. ``due`` stays when the review is no later than it, or
    when a week before it leaves the person fewer than two working days."""
    day = working_day(review - dt.timedelta(days=7))
    return day if review > due and _working_days(today, day) >= LEAD_DAYS else due


_PEER_FORM = re.compile(r"^peer-[a-z0-9-]+-(\d{4}-\d{2}-\d{2})\.md$")


def outstanding_peer_forms(ws: Workspace, handle: str,
                           answered: Iterable[tuple[str, dt.date]]) -> list[dict[str, str]]:
    """Peer forms written for ``handle`` and not read back yet: the newest per colleague,
    with no answer from that colleague dated on or after it. ``answered`` is each imported
    answer's (reviewer, date). Each is {"reviewer", "role", "date"}."""
    where = ws.root / "forms" / handle
    if not where.is_dir():
        return []
    back: dict[str, dt.date] = {}
    for name, day in answered:
        key = " ".join(name.split()).casefold()
        back[key] = max(day, back.get(key, day))
    found: dict[str, dict[str, str]] = {}
    for path in sorted(where.iterdir()):
        dated = _PEER_FORM.match(path.name)
        if not dated or path.is_symlink() or not path.is_file():
            continue
        try:
            details = form_details(read_text(path, ws.rel(path)))
        except (OSError, InputError, ValueError):
            continue
        if details is None or details.get("kind") != "peer" or not details.get("reviewer"):
            continue  # read as the import reads it: no details line, no colleague to wait for
        who = " ".join(details["reviewer"].split())
        when = dt.date.fromisoformat(dated.group(1))
        answered_on = back.get(who.casefold())
        if answered_on is None or answered_on < when:
            found[who.casefold()] = {"reviewer": who, "role": " ".join(details.get("role", "").split()),
                                     "date": when.isoformat()}
        else:
            found.pop(who.casefold(), None)
    return sorted(found.values(), key=lambda f: f["date"])
