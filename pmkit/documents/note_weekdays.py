"""A weekday named in a 1:1's notes ("the call on Tuesday") dated to the day it meant, so a
note carried for weeks keeps pointing at the right day."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["dated_weekdays"]

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_DAYS) + r")\b(?!,? \d{4}-\d{2}-\d{2})", re.IGNORECASE)


def dated_weekdays(text: str, written: dt.date) -> str:
    """"the call on Tuesday", written at a 1:1, as the day it meant: the Tuesday after it.

    A sub-note carried for weeks under its item would otherwise keep pointing at "Tuesday".
    """
    def date(match: re.Match[str]) -> str:
        ahead = (_DAYS.index(match.group(1).lower()) - written.weekday()) % 7 or 7
        return f"{match.group(1)} {(written + dt.timedelta(days=ahead)).isoformat()}"

    return _WEEKDAY.sub(date, text)
