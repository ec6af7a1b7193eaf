"""The director's opening lines say what the figures say, no more: ties are named as ties,
every strength is listed, and the trend counts ratings that moved, never a change per PM."""

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


def _person(handle: str, trend: str, points: int, recent: int = 1, up: int = 0,
            down: int = 0) -> PersonRow:
    moved = Movement(trend, points=points, recent=recent,
                     improved=tuple(f"c{i}" for i in range(up)),
                     declined=tuple(f"c{i}" for i in range(down)))
    return PersonRow(handle, None, None, False, moved)  # type: ignore[arg-type]


def test_every_tied_strength_is_named() -> None:
    rows = [_row(n, 0) for n in ("Delivery", "Team collaboration", "Focus and resilience")]
    rows.append(_row("Customer insight", 3))
    text = _strong_text({}, None, rows)  # type: ignore[arg-type]
    assert text == ("no PM rated is below their level's target on three competencies: "
                    "Delivery, Team collaboration, and Focus and resilience")


def test_many_strengths_say_which_are_named_and_why() -> None:
    rows = [_row(f"C{i}", 0, above=3 if i in (4, 5) else 0) for i in range(7)]
    text = _strong_text({}, None, rows)  # type: ignore[arg-type]
    assert text == ("no PM rated is below their level's target on seven competencies, and on "
                    "C4 and C5 three or more PMs rated are above it")
    # where the counts above target are held back, nothing is claimed about them
    rows = [_row(f"C{i}", 0, above=None) for i in range(7)]
    text = _strong_text({}, None, rows)  # type: ignore[arg-type]
    assert text == ("no PM rated is below their level's target on seven competencies, among "
                    "them C0, C1 and C2")


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


def test_no_movement_is_shown_beside_a_hidden_count_of_the_reassessed() -> None:
    # two reassessed, four not: any movement would describe the two
    people = [_person("a", "improving", 3, up=3), _person("b", "improving", 1, up=1)]
    people += [_person(h, "stalled", 0, recent=0) for h in "cdef"]
    trend = trend_figures(people)
    assert trend["reassessed"] is None and trend["ratings_up"] is None
    # four reassessed, two not: the four are hidden only because the two would be left
    # over, and "at least three moved" beside the hidden rows would give the two away
    people = [_person(h, "improving", 2, up=2) for h in "abcd"]
    people += [_person(h, "stalled", 0, recent=0) for h in "ef"]
    trend = trend_figures(people)
    assert trend["reassessed"] is None and trend["ratings_up"] is None
    text = _trend_text({"trend": trend, "people": 6})
    assert text.startswith("not shown") and not any(ch.isdigit() for ch in text.replace("90", ""))


def test_the_trend_counts_ratings_that_moved_not_a_change_per_pm() -> None:
    people = [_person(h, "improving", p, up=p) for h, p in zip("abc", (3, 1, 2), strict=True)]
    people.append(_person("d", "declining", -1, down=1))  # the only PM with a rating down
    people += [_person(h, "no-change", 0) for h in "efg"]
    trend = trend_figures(people)
    assert trend["reassessed"] == 7 and trend["ratings_up"] is None and trend["ratings_down"] is None
    text = _trend_text({"trend": trend, "people": 7})
    assert text == ("all 7 PMs were reassessed in the last 90 days; how their ratings moved is "
                    "not shown, as too few of them had a rating go up or down to count without "
                    "singling someone out")
    people += [_person(h, "declining", -1, down=2) for h in "hi"]  # now three had one go down
    trend = trend_figures(people)
    assert trend["ratings_up"] == 6 and trend["ratings_down"] == 5
    text = _trend_text({"trend": trend, "people": 9})
    assert text == ("all 9 PMs were reassessed in the last 90 days; between their previous "
                    "assessment and their latest, 6 competency ratings went up and 5 went down")
    assert "average" not in text and "each" not in text


def test_no_strength_shown_says_why_without_a_false_reason() -> None:
    # every PM exactly at target everywhere: each figure that would name a strength pins them
    rows = [_row("Delivery", None), _row("Data fluency", None)]
    areas = {"delivery": {"ratings": 12, "share_below": None}}

    area = SimpleNamespace(id="delivery", name="Delivery")
    index = SimpleNamespace(model=SimpleNamespace(areas=[area]))  # what the fallback reads
    text = _strong_text({"areas": areas}, index, rows)  # type: ignore[arg-type]
    assert text == ("no strength can be named without giving someone's ratings away: the "
                    "figures that would show one are not shown")
