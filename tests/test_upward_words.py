"""The director's opening lines say what the figures say, no more: ties are named as ties,
every strength is listed, and the trend reads as an average of sums, not a jump per PM."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from pmkit.documents.upward_report import _gaps_text, _strong_text, _trend_text, top_gaps
from pmkit.org.aggregate import trend_figures
from pmkit.team import Movement, PersonRow


def _row(name: str, below: int | None, rated: int = 6, above: int | None = None,
         shortfall: str | None = "under 1.5") -> dict[str, Any]:
    return {"id": name.lower(), "name": name, "rated": rated, "below_target": below,
            "above_target": above, "average_shortfall": shortfall if below else None,
            "common": bool(below and below >= 3),
            "short_text": f"{below} of {rated} PMs rated below target"}


def _person(handle: str, trend: str, points: int, recent: int = 1) -> PersonRow:
    return PersonRow(handle, None, None, False,  # type: ignore[arg-type]
                     Movement(trend, points=points, recent=recent))


def test_every_tied_strength_is_named() -> None:
    rows = [_row(n, 0) for n in ("Delivery", "Team collaboration", "Focus and resilience")]
    rows.append(_row("Customer insight", 3))
    text = _strong_text({}, None, rows)  # type: ignore[arg-type]
    assert text == ("no PM rated is below their level's target on three competencies: "
                    "Delivery, Team collaboration, and Focus and resilience")


def test_many_strengths_say_which_are_named_and_why() -> None:
    rows = [_row(f"C{i}", 0, above=3 if i in (4, 5) else 0) for i in range(7)]
    text = _strong_text({}, None, rows)  # type: ignore[arg-type]
    assert text.startswith("no PM rated is below their level's target on seven competencies, "
                           "among them C4, C5 and C0")
    assert "(those with the most PMs above target)" in text


def test_top_gaps_that_tie_are_all_listed_as_a_tie() -> None:
    gaps = [_row(n, 3) for n in ("Customer insight", "Solution exploration", "Testing ideas")]
    assert [g["name"] for g in top_gaps(gaps)] == [g["name"] for g in gaps]
    assert _gaps_text(gaps) == ("three competencies tie: Customer insight, Solution exploration "
                                "and Testing ideas, with 3 of the 6 PMs rated below their level's "
                                "target on each and an average shortfall under 1.5 points")


def test_a_clear_top_two_names_only_them_and_says_who_ties_with_the_second() -> None:
    gaps = [_row("Customer insight", 4), _row("Testing ideas", 3), _row("Data fluency", 3),
            _row("Delivery", 3, shortfall="1.5 or more")]
    text = _gaps_text(gaps)
    assert text.startswith("Customer insight (4 of 6 PMs rated below target) and Testing ideas")
    assert "tied with Data fluency, which has the same figures as Testing ideas" in text
    assert "Delivery" not in text


def test_an_average_over_a_hidden_small_count_is_never_shown() -> None:
    # two reassessed, four not: the two would be described by any average
    people = [_person("a", "improving", 3), _person("b", "improving", 1)]
    people += [_person(h, "stalled", 0, recent=0) for h in "cdef"]
    trend = trend_figures(people)
    assert trend["reassessed"] is None and trend["average_points"] is None
    text = _trend_text({"trend": trend})
    assert "rating points" not in text and "on average" not in text


def test_an_average_over_a_count_hidden_by_subtraction_covers_three_and_reads_plainly() -> None:
    # four reassessed, two not: the four are hidden only because the two would be left over
    people = [_person(h, "improving", p) for h, p in zip("abcd", (3, 3, 4, 2), strict=True)]
    people += [_person(h, "stalled", 0, recent=0) for h in "ef"]
    trend = trend_figures(people)
    assert trend["reassessed"] is None and trend["average_points"] == 3.0
    text = _trend_text({"trend": trend})
    assert text.startswith("at least three PMs were reassessed in the last 90 days")
    assert ("each one's ratings were 3.0 points higher in total across all competencies than at "
            "their latest assessment at least 90 days earlier") in text
    assert "per PM" not in text


def test_no_strength_shown_says_why_without_a_false_reason() -> None:
    # every PM exactly at target everywhere: each figure that would name a strength pins them
    rows = [_row("Delivery", None), _row("Data fluency", None)]
    areas = {"delivery": {"ratings": 12, "share_below": None}}

    area = SimpleNamespace(id="delivery", name="Delivery")
    index = SimpleNamespace(model=SimpleNamespace(areas=[area]))  # what the fallback reads
    text = _strong_text({"areas": areas}, index, rows)  # type: ignore[arg-type]
    assert text == ("no strength can be named without giving someone's ratings away: the "
                    "figures that would show one are not shown")
