"""Assessment notes that newer written work has moved past, for the documents that quote them.

A note such as "writes the spec first" read beside later work ("sketched three options
before writing anything") is shown with that work right after it, so the manager checks
the note still holds before repeating it. Newer words that turn back to the note ("you
still wrote a full spec, though") confirm it instead, and are said apart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pmkit.documents.milestone_notes import SENTENCE_OR_CLAUSE
from pmkit.documents.next_focus import work_since
from pmkit.documents.voice import pm_names

if TYPE_CHECKING:
    from pmkit.model.gaps import GapReport
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Person


def notes_overtaken(person: Person, index: ModelIndex, report: GapReport,
                    only: Iterable[str] | None = None,
                    noted: Iterable[tuple[dt.date, str, str]] = ()) -> list[dict[str, Any]]:
    """Assessment notes with work on the same competency written down after them (see
    :func:`work_since`). Every document that quotes such a note (the conversation, the
    review) shows that work right after it, in the PM's copy too; the manager checks the
    note still holds before repeating it."""
    since = report.assessed_on
    wanted = set(only) if only is not None else None
    names = pm_names(person)
    noted = list(noted)
    out: list[dict[str, Any]] = []
    for row in sorted(report.rows, key=lambda r: r.order):
        if not row.evidence or (wanted is not None and row.competency not in wanted):
            continue
        work = work_since(person, index, row.competency, since, names, noted=noted)
        # "you still wrote a full spec afterwards, though": newer words that turn back to
        # the note's own confirm it, so they are not counted as overtaking it
        echo = [w for w in work if confirms(row.evidence, w["text"])]
        rest = [w for w in work if w not in echo]
        if since is not None and rest:
            out.append({"id": row.competency, "name": row.name, "note": row.evidence,
                        "since": since.isoformat(), "date": work[-1]["date"], "work": work,
                        "written": _said(rest), "confirmed": _said(echo)})
    return out


#: Where newer words turn back to what an assessment note said: "still", "though".
_TURN_BACK = re.compile(r"\b(?:still|though|although|but|yet|however)\b", re.IGNORECASE)


def confirms(note: str, text: str) -> bool:
    """Whether a sentence of newer work turns back to the note's own words ("you still wrote
    a full spec afterwards, though" beside "writes the spec first"): it confirms the note."""
    from pmkit.documents.goal_match import stems

    wanted = stems(note)
    return any(_TURN_BACK.search(s) and stems(s) & wanted for s in SENTENCE_OR_CLAUSE.split(text))


def _said(work: list[dict[str, str]]) -> str:
    """Where work was written down, in one phrase: "work logged on X; 1:1 notes of Y"."""
    return "; ".join(  # dates listed as a sentence lists them: "a, b and c"
        f"{label} {' and '.join(', '.join(d).rsplit(', ', 1))}"
        for key, label in (("log", "work logged on"), ("notes", "1:1 notes of"))
        if (d := list(dict.fromkeys(w["date"] for w in work if w["source"] == key))))


#: How far the PM's own rating must stand above the manager's, and on how many days work
#: must be written down since, before an overtaken note leaves the rating to agree together.
WIDE = 2
BUSY_DAYS = 3
_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


def open_again(report: GapReport, overtaken: Iterable[dict[str, Any]],
               flagged: Iterable[str], index: ModelIndex) -> dict[str, str]:
    """Ratings the PM's part shows "to agree together" because the note behind them is
    overtaken, not because newer work reads like a higher rubric line: the PM rates
    themself at least :data:`WIDE` points higher and work on the competency was written
    down since on :data:`BUSY_DAYS` days or more. The PM's reason, by competency.

    The widest difference with the most new work is the rating a coach would not leave
    standing as settled, even when no single piece keeps the next line's rhythm. The
    manager's part gives the rubric lines to weigh that work against (``o["agree"]``)."""
    rows = {r.competency: r for r in report.rows}
    done = set(flagged)
    out: dict[str, str] = {}
    for o in overtaken:
        row = rows.get(o["id"])
        if row is None or o["id"] in done or row.rating is None or row.self_rating is None:
            continue
        days = len({w["date"] for w in o["work"]})
        wider = row.self_rating - row.rating
        if wider >= WIDE and days >= BUSY_DAYS:
            rubric = index.by_id[o["id"]].competency.rubric
            above = min((v for v in rubric if v > row.rating), default=None)
            said = {"days": _WORDS.get(days, str(days)), "wider": _WORDS.get(wider, str(wider)),
                    # the manager weighs the work against both lines, as for any recheck
                    "rating": row.rating, "own_line": rubric.get(row.rating, ""),
                    "above": above, "line": rubric.get(above, "") if above else ""}
            o["agree"] = said  # the manager reads why
            out[o["id"]] = (f"you rate yourself {said['wider']} points higher; the work "
                            f"written down since, on {said['days']} different days, may have "
                            "overtaken your manager's note behind it or bear that rating out: "
                            "bring examples either way")
    return out

