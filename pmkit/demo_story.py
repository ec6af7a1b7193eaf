"""The example team as data: who is in it, and what happened to each of them when.

``examples/demo`` holds a manager, and for each PM a profile and a timeline of dated
events (assessments, self-assessments, plan decisions, evidence logged against a goal,
talking points), plus past 1:1 notes. Dates are stored as days before today, so the demo always looks current.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmkit.errors import InputError
from pmkit.files.fast_yaml import read_plain
from pmkit.files.reading import read_input
from pmkit.model.handles import HANDLE_PATTERN
from pmkit.shipped import data_dir

DEMO_FOLDER = "demo"


MAX_DAYS_AGO = 3650


_PLACEHOLDER = re.compile(r"\{\{\s*(\d+)\s+days?\s+ago\s*\}\}")


_LEFTOVER = re.compile(r"\{\{.*?\}\}")


_EVENT_KINDS = ("assess", "self_assess", "peer", "plan", "log", "note")


# Order of events on the same day: a PM is added, then edited, then met.
_RANK = {"add": 0, "assess": 1, "self_assess": 1, "peer": 1, "plan": 1, "log": 1, "note": 1,
         "oneonone": 2}


@dataclass(frozen=True)
class Event:
    """One dated change to the demo workspace, from the example data."""
    days_ago: int
    rank: int
    order: int
    handle: str
    kind: str
    payload: Any


@dataclass
class Story:
    """The example data, read and checked."""
    manager: str
    model: str
    started_days_ago: int
    author_name: str
    author_email: str
    events: list[Event]
    people: list[str]
    holidays: tuple[tuple[int, int], ...] = ()
    """Yearly holidays as (month, day): the demo's pmkit.yaml lists the coming year's."""


def example_dir() -> Path:

    return data_dir("examples") / DEMO_FOLDER


def _load(path: Path, display: str) -> dict[str, Any]:

    data: dict[str, Any] = read_plain(read_input(path, display), display, path)[0]
    return data


def _days(value: Any, display: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS_AGO:
        raise InputError(f"{what} must be a whole number of days from 1 to {MAX_DAYS_AGO}, "
                         f"got {value!r}", display)
    return value


def _text(value: Any, display: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{what} must be a non-empty text", display)
    return value.strip()


def read_story(folder: Path | None = None) -> Story:
    """Read the example team; a problem names the example file it is in."""
    root = folder or example_dir()
    shown = "examples/" + DEMO_FOLDER
    settings = _load(root / "pmkit.yaml", f"{shown}/pmkit.yaml")
    author = settings.get("author") or {}
    started = _days(settings.get("started_days_ago", 365), f"{shown}/pmkit.yaml", "started_days_ago")
    events: list[Event] = []
    people: list[str] = []
    team_files = sorted((root / "team").glob("*.yaml"))
    if not team_files:
        raise InputError("the example team is missing", f"{shown}/team")
    for path in team_files:
        handle = path.stem
        display = f"{shown}/team/{path.name}"
        if not HANDLE_PATTERN.fullmatch(handle):
            raise InputError("file name is not a valid handle", display)
        data = _load(path, display)
        people.append(handle)
        added = _days(data.get("added_days_ago"), display, "added_days_ago")
        if added > started:
            raise InputError("added_days_ago is before the workspace was started", display)
        profile = {
            "name": _text(data.get("name"), display, "name"),
            "level": _text(data.get("level"), display, "level"),
            "role": data.get("role"),
            "background": data.get("background"),
            "since_days_ago": data.get("since_days_ago"),
        }
        events.append(Event(added, _RANK["add"], len(events), handle, "add", profile))
        for number, item in enumerate(data.get("timeline") or [], start=1):
            where = f"{display} (timeline event {number})"
            if not isinstance(item, dict):
                raise InputError("a timeline event must be a mapping", where)
            kinds = [k for k in _EVENT_KINDS if k in item]
            unknown = set(item) - {"days_ago", *_EVENT_KINDS}
            if len(kinds) != 1 or unknown:
                raise InputError(f"a timeline event needs days_ago and exactly one of "
                                 f"{', '.join(_EVENT_KINDS)}", where)
            days = _days(item.get("days_ago"), where, "days_ago")
            if days > added:
                raise InputError("the event is dated before the PM was added", where)
            events.append(Event(days, _RANK[kinds[0]], len(events), handle, kinds[0],
                                item[kinds[0]]))
        notes_dir = root / "oneonones" / handle
        for note in sorted(notes_dir.glob("*.md")) if notes_dir.is_dir() else []:
            where = f"{shown}/oneonones/{handle}/{note.name}"
            days = _days(int(note.stem) if note.stem.isdigit() else None, where,
                         "a 1:1 file's name (days ago)")
            events.append(Event(days, _RANK["oneonone"], len(events), handle, "oneonone",
                                (where, note.read_text(encoding="utf-8"))))
    events.sort(key=lambda e: (-e.days_ago, e.rank, e.order))
    return Story(
        manager=_text(settings.get("manager"), f"{shown}/pmkit.yaml", "manager"),
        model=_text(settings.get("model", "pm-wheel"), f"{shown}/pmkit.yaml", "model"),
        started_days_ago=started,
        author_name=str(author.get("name") or settings.get("manager")),
        author_email=str(author.get("email") or "manager@example.com"),
        events=events,
        people=people,
        holidays=_holidays(settings.get("holidays"), f"{shown}/pmkit.yaml"),
    )


def _holidays(value: Any, display: str) -> tuple[tuple[int, int], ...]:
    """``["12-25", "01-01"]``: month and day, every year."""
    out: list[tuple[int, int]] = []
    for item in value or []:
        try:
            month, day = (int(part) for part in str(item).split("-"))
            dt.date(2024, month, day)  # a leap year, so 02-29 is a real day
        except ValueError:
            raise InputError(f"holiday {item!r} is not a month and day like 12-25", display) from None
        out.append((month, day))
    return tuple(out)


def holiday_dates(story: Story, today: dt.date) -> list[dt.date]:
    """The story's holidays from a month before ``today`` to a year after, as real dates."""
    out = []
    for year in (today.year - 1, today.year, today.year + 1):
        for month, day in story.holidays:
            try:
                date = dt.date(year, month, day)
            except ValueError:
                continue  # 29 February in a year without one
            if today - dt.timedelta(days=31) <= date <= today + dt.timedelta(days=366):
                out.append(date)
    return sorted(out)


def settings_with_holidays(text: str, dates: list[dt.date]) -> str:
    """The workspace's pmkit.yaml text with its ``holidays:`` list added."""
    if not dates:
        return text
    listed = ", ".join(d.isoformat() for d in dates)
    return (text.rstrip("\n") + "\n# Days with no 1:1 and no milestone (a 1:1 or milestone due on one "
            "moves to the next 1:1 day).\n" + f"holidays: [{listed}]\n")


def resolve_dates(text: str, today: dt.date, display: str) -> str:
    """Turn ``{{21 days ago}}`` into a real date; anything else in braces is an error."""
    out = _PLACEHOLDER.sub(lambda m: (today - dt.timedelta(days=int(m.group(1)))).isoformat(), text)
    leftover = _LEFTOVER.search(out)
    if leftover:
        line = out.count("\n", 0, leftover.start()) + 1
        raise InputError(f"unknown placeholder {leftover.group(0)!r} "
                         "(write dates as {{N days ago}})", display, line)
    return out
