"""The director's opening lines say what the figures say, no more: ties are named as ties,
every strength is listed, and the trend counts ratings that moved, never a change per PM."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from pmkit.documents.upward_opening import gaps_line, strong_line, top_gaps
from pmkit.documents.upward_report import _trend_text
from pmkit.org.aggregate import trend_figures
from pmkit.team import Movement, PersonRow


def _row(name: str, below: int | None, rated: int = 6, above: int | None = None,
         shortfall: str | None = "under 1.5", area: str = "Discovery") -> dict[str, Any]:
    return {"id": name.lower(), "name": name, "area": area, "rated": rated, "below_target": below,
            "above_target": above, "average_shortfall": shortfall if below else None,
            "common": bool(below and below >= 3),
            "short_text": f"{below} of {rated} PMs rated below target"}


def _person(handle: str, trend: str, points: int, recent: int = 1, up: int = 0,
            down: int = 0) -> PersonRow:
    moved = Movement(trend, points=points, recent=recent,
                     improved=tuple(f"c{i}" for i in range(up)),
                     declined=tuple(f"c{i}" for i in range(down)))
    return PersonRow(handle, None, None, False, moved)  # type: ignore[arg-type]


NO_AREAS = ({"areas": {}}, SimpleNamespace(model=SimpleNamespace(areas=[])))


def test_nobody_below_target_is_no_gap_not_strength() -> None:
    rows = [_row(n, 0) for n in ("Delivery", "Team collaboration", "Focus and resilience")]
    rows.append(_row("Customer insight", 3))
    assert strong_line(*NO_AREAS, rows) == (  # type: ignore[arg-type]
        "No gaps", "nobody rated is below their level's target on three competencies: "
        "Delivery, Team collaboration, and Focus and resilience")


def test_nothing_above_target_is_claimed_so_no_gap_is_called_strength() -> None:
    """Ratings above target are never counted ("none above" would put every PM not below
    exactly on target), so the line names competencies without gaps, and calls them that."""
    rows = [_row(f"C{i}", 0, above=3) for i in range(7)]
    assert strong_line(*NO_AREAS, rows) == (  # type: ignore[arg-type]
        "No gaps", "nobody rated is below their level's target on seven competencies, "
        "among them C0, C1 and C2")
    area = SimpleNamespace(id="team", name="Team")
    index = SimpleNamespace(model=SimpleNamespace(areas=[area]))
    figs = {"areas": {"team": {"ratings": 12, "share_below": 25, "below_ratings": 3}}}
    label, text = strong_line(figs, index, [_row("Team collaboration", 3, area="Team")])  # type: ignore[arg-type]
    assert (label, text) == ("Nearest to target", "Team: 9 of its 12 ratings are at or above "
                             "the PM's level target, the most of any area")
    assert "strong" not in text.lower()


def test_top_gaps_that_tie_are_all_listed_as_a_tie_grouped_by_area() -> None:
    gaps = [_row("Customer insight", 3, area="Understand the problem"),
            _row("Solution exploration", 3, area="Find a solution"),
            _row("Testing ideas", 3, area="Find a solution")]
    assert [g["name"] for g in top_gaps(gaps)] == [g["name"] for g in gaps]
    assert gaps_line(gaps) == ("three competencies tie for the largest of the gaps shown, each "
                               "with 3 of the 6 PMs rated below their level's target, mostly one step short: "
                               "Solution exploration "
                               "and Testing ideas (Find a solution), and Customer insight "
                               "(Understand the problem)")
    same = [_row(n, 3, shortfall="1.5 or more") for n in ("Customer insight", "Problem framing")]
    assert gaps_line(same) == ("two competencies tie for the largest of the gaps shown, each "
                               "with 3 of the 6 PMs rated below their level's target, on average 1.5 "
                               "steps or more short: all in "
                               "Discovery: Customer insight and Problem framing")


def test_a_clear_top_two_names_only_them_and_says_who_ties_with_the_second() -> None:
    gaps = [_row("Customer insight", 4), _row("Testing ideas", 3, area="Solution"),
            _row("Data fluency", 3, area="Learn"), _row("Delivery", 3, shortfall="1.5 or more")]
    text = gaps_line(gaps)
    assert text.startswith("Customer insight (4 of 6 PMs rated below target, mostly one step "
                           "short) and Testing ideas")
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
    assert text.startswith("no trend this time") and not any(ch.isdigit() for ch in text)
    # the same words whenever the trend is withheld, so they tell nothing of which group
    people = [_person(h, "improving", 2, up=2) for h in "ab"]
    people += [_person(h, "stalled", 0, recent=0) for h in "cdef"]
    assert _trend_text({"trend": trend_figures(people), "people": 6}) == text


def test_the_trend_counts_ratings_that_moved_not_a_change_per_pm() -> None:
    people = [_person(h, "improving", p, up=p) for h, p in zip("abc", (3, 1, 2), strict=True)]
    people.append(_person("d", "declining", -1, down=1))  # the only PM with a rating down
    people += [_person(h, "no-change", 0) for h in "efg"]
    trend = trend_figures(people)
    assert trend["reassessed"] == 7 and trend["ratings_up"] is None and trend["ratings_down"] is None
    text = _trend_text({"trend": trend, "people": 7})
    assert text == ("all 7 PMs were reassessed in the last 90 days; how their ratings moved is "
                    "not shown this time")
    people += [_person(h, "declining", -1, down=2) for h in "hi"]  # now three had one go down
    trend = trend_figures(people)
    assert trend["ratings_up"] == 6 and trend["ratings_down"] == 5
    text = _trend_text({"trend": trend, "people": 9})
    assert text == ("all 9 PMs were reassessed in the last 90 days; between their previous "
                    "assessment and their latest, 6 competency ratings went up and 5 went down")
    assert "average" not in text and "each" not in text


def test_no_strength_shown_says_so_without_a_reason_that_hints() -> None:
    # every PM exactly at target everywhere: each figure that would name a strength pins them
    rows = [_row("Delivery", None), _row("Data fluency", None)]
    areas = {"delivery": {"ratings": 12, "share_below": None}}
    area = SimpleNamespace(id="delivery", name="Delivery")
    index = SimpleNamespace(model=SimpleNamespace(areas=[area]))  # what the fallback reads
    label, text = strong_line({"areas": areas}, index, rows)  # type: ignore[arg-type]
    assert (label, text) == ("Nearest to target", "not shown: no figure shown yet can name one")


def test_held_back_counts_are_named_and_the_next_community_says_why_its_area() -> None:
    """A top gap among the counts shown says how many counts are held back, since any could
    be larger; the next community's area is the one with the most top gaps, or, in a tie,
    the first in the model, and the line says which."""
    from pmkit.documents.upward_opening import community_line, next_step

    gaps = [_row("Customer insight", 3, area="Understand the problem"),
            _row("Solution exploration", 3, area="Find a solution"),
            _row("Testing ideas", 3, area="Find a solution"),
            _row("Data fluency", 3, area="Listen and learn"),
            _row("Learning from what shipped", 3, area="Listen and learn")]
    assert gaps_line(gaps[:1], held_back=1).endswith(
        "(the count of one other competency is not shown, and it could be larger)")
    assert gaps_line(gaps[:1], held_back=4).endswith(
        "(the counts of four other competencies are not shown, and any of them could be larger)")
    step = next_step(gaps, [])
    assert [g["name"] for g in step] == ["Solution exploration", "Testing ideas"]
    assert community_line([], step, gaps) == (
        "A community of practice on Solution exploration and Testing ideas is the next step: "
        "Find a solution is one of two areas holding two of the top gaps each, and comes first "
        "in the competency model")
    assert community_line([], step, gaps[:3]).endswith(": Find a solution holds the most of the top gaps")
