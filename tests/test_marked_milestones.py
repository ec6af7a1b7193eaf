"""A milestone that asks for a walk-through in a 1:1, marked reached by the manager on a
day of logged work that shows none: the mark settles that it is met, so the PM's part says
who marked it and when, never that the day's work shows it; the manager's part says what
the mark rests on and which 1:1 notes by its date may already have met it on time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_recheck_weighing import notes_under, omar, omar_copy  # noqa: F401  (the fixture)

from pmkit.documents.review import build_review
from pmkit.workspace import Workspace

MARK = "<!-- pmkit:private"


def test_a_walk_through_marked_met_on_a_site_visit_rests_on_the_managers_mark(
        omar: tuple[Path, dt.date, list[dt.date]], tmp_path: Path) -> None:  # noqa: F811
    root, when, _ = omar
    root, folder, days = omar_copy(root, tmp_path / "ws")
    notes_under(folder / f"{days[0]}.md", "User & customer knowledge",
                "- he ran two user interviews with warehouse staff, the designer joined one\n"
                "- wrote up notes the same day")
    person = root / "team" / "omar.yaml"
    text = person.read_text(encoding="utf-8")
    visit = (dt.date.fromisoformat(days[2]) + dt.timedelta(days=8)).isoformat()  # no 1:1 that day
    asks = "to walk through in a 1:1.\n"
    assert asks in text and "\n  evidence:" not in text
    text = text.replace(asks, f"{asks}        reached: {visit}\n", 1) + (
        f"  evidence:\n    customer-knowledge:\n      - date: {visit}\n"
        "        text: Visited two warehouses and shadowed a shift\n")
    person.write_text(text, encoding="utf-8")
    shared, private = build_review(Workspace(root), "omar", when, today=when).text.split(MARK)
    goal = shared.split("### User & customer knowledge\n")[1].split("\n### ")[0]
    due = next(line for line in text.splitlines() if "- date:" in line).split(": ")[1]
    assert (f"- Met (due {due}; marked by your manager on {visit}, to go over together): "
            "Your goal tried twice") in goal
    assert "shown by your work logged" not in goal
    assert (f"- **User & customer knowledge**, due {due} (“your goal tried twice”): marked "
            f"reached on {visit}, beside the work logged that day (“Visited two warehouses and "
            "shadowed a shift”), which shows no walk-through in a 1:1. The 1:1 notes of "
            f"{days[0]} may already have met it by its date, though they do not show "
            ) in private
    # what the notes leave unshown is named, so the manager checks both before amending
    assert ": check both with Omar; if the notes do meet it, it was met on time" in private
    # the notes by its date are on record, not settled, and the visit beside the mark is not
    # offered again for the milestone after it
    assert (f"On record by the milestone's date, {due} (your 1:1 notes of {days[0]}), to go "
            "over together: “You ran two user interviews") in goal
    assert "Done (your 1:1 notes" not in goal and "Done so far (your 1:1 notes" not in goal
    assert "“You visited two warehouses and shadowed a shift”, may be it done late" not in goal
