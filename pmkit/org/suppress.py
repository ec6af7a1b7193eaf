"""Holding figures back so that no figure, alone or worked out from others, describes one or
two people.

Hiding a small figure is not enough when its neighbours are shown: the team's total minus
the counts shown gives the hidden one back (six PMs, three juniors and one lead shown: the
two seniors are found). So a hidden part of a whole is never left alone with one or two
people in it: the next smallest part is hidden with it (secondary suppression). The same
holds for a figure and the finer ones shown beside it: an area's share below target minus
its competencies' counts, or a competency's count minus its levels' cells, must not leave
one or two PMs over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

MIN_GROUP = 3
UNDER = "under 1.5"  # the average shortfall's bands: under 1.5 means more than half of
OVER = "1.5 or more"  # the ratings below target are exactly one point below it
BAND_ORDER = {OVER: 0, UNDER: 1}  # the larger shortfall first; a band not shown after both


def small(people: int) -> bool:
    """One or two people: a figure about them would single someone out."""
    return 0 < people < MIN_GROUP


def partition(parts: Mapping[str, int]) -> dict[str, int | None]:
    """Counts of a whole split into parts (every PM in exactly one): each part is shown, or
    None, so that neither a part nor what the hidden parts add up to is one or two people."""
    if small(sum(parts.values())):  # a whole of one or two: every part is about them
        return dict.fromkeys(parts)
    out: dict[str, int | None] = {k: (None if small(n) else n) for k, n in parts.items()}
    while True:
        hidden = sum(n for k, n in parts.items() if out[k] is None)
        if not small(hidden):
            return out
        shown = sorted((n, k) for k, n in parts.items() if out[k] is not None and n > 0)
        if not shown:
            return out
        out[shown[0][1]] = None


def residual_safe(rows: Iterable[tuple[str, bool]]) -> bool:
    """Rows (PM, whether the rating has the property) that no shown figure covers: what a
    reader can work out about them by subtraction. Safe when the PMs with the property, and
    the PMs without it, are each none or at least three."""
    have: set[str] = set()
    lack: set[str] = set()
    for handle, flag in rows:
        (have if flag else lack).add(handle)
    return not small(len(have)) and not small(len(lack))


def shortfall_band(gaps: Sequence[float]) -> str:
    """An average shortfall as a band rather than a number: with three PMs below, 1.0
    would put each exactly one point below. Exact arithmetic, so no rounding at the edge."""
    return UNDER if 2 * sum(gaps) < 3 * len(gaps) else OVER


def is_common(below: int | None, rated: int | None, people: int) -> bool:
    """A common gap, judged on the figures shown only: three or more PMs below target, and
    at least a third of those rated (of the team, where how many were rated is not shown).
    A count held back is never a common gap: "3 or more" beside it, or its absence from the
    list, would tell the reader whether it hides one or two PMs or four or five."""
    return below is not None and below >= MIN_GROUP and 3 * below >= (people if rated is None else rated)
