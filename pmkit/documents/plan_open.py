"""The items still open in a PM's latest 1:1, as a plan lists them: under the focus area
whose goal each serves, the manager's own promises and the PM's items that serve no goal
apart, so a plan looking back says what is unfinished and not only what is done."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pmkit.documents.counts import in_words
from pmkit.documents.held import goal_asked
from pmkit.documents.line_goals import by_practices

if TYPE_CHECKING:
    from pmkit.workspace import Workspace

__all__ = ["open_by_area"]


def open_by_area(ws: Workspace, handle: str, areas: Sequence[dict[str, Any]], name: str,
                 manager: Sequence[str] = ()
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The items still open in the latest 1:1, under the focus area whose goal they serve
    (as ``open_items``): a plan looking back says what is unfinished, not only done.

    The manager's own items (owned by one of ``manager``'s names) are returned, in words
    for the PM, to be listed once for the whole plan: they are promises, not goal work;
    and so are the PM's items that serve no goal, second.
    """
    from pmkit.documents import evidence, notes, voice
    from pmkit.documents.oneonone import folder, open_items, read_text, task_items
    from pmkit.files.dated import dated_files

    names = {name.casefold(), (name.split() or [name])[0].casefold()}
    owners = {m.casefold(): m for m in manager}
    pm_names = [n for n in (name, (name.split() or [name])[0]) if n]
    words = {a["id"]: (a["goal"], [a["name"], *(m["text"] for m in a["milestones"])])
             for a in areas}
    for area in areas:
        area["open_items"] = []
    elsewhere: list[dict[str, Any]] = []
    unplaced: list[dict[str, Any]] = []
    files = dated_files(folder(ws, handle))
    if not files:
        return elsewhere, unplaced
    day, path = files[-1]
    for item in open_items(task_items(notes.pm_copy(read_text(path, ws.rel(path))))):
        head, sep, rest = item.text.partition(":")
        owner = head.strip().casefold()
        if item.depth or not sep or (owner not in names and owner not in owners):
            continue
        what = notes.clean(rest)
        since = notes.added_on(item.text) or day
        mine = owner in owners
        if mine:
            what = voice.to_pm(what, pm_names) or what
        ask = goal_asked(item.text)
        row = {"text": what[:1].upper() + what[1:] if not mine else what,
               "since": since.isoformat(), "stalled": "yes" if ask and "a date" not in ask else "",
               "carried_n": (held := sum(1 for d, _ in files if d > since)),
               "carried": in_words(held),
               "owner": owners[owner].split()[0] if mine else ""}
        if mine:
            elsewhere.append(row)
            continue
        cid = evidence.area_of(what, words) or by_practices(
            what, {a["id"]: a["practices"] for a in areas})
        placed = [area for area in areas if area["id"] == cid]
        for area in placed:
            area["open_items"].append(row)
        if not placed:  # open all the same: listed once for the whole plan
            unplaced.append(row)
    return elsewhere, unplaced
