"""A 1:1 line kept as a goal's evidence is the same line the 1:1 file holds: documents that
read both (the review, the conversation, readiness) quote it once, as a 1:1 note."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from doc_team import ok, take_notes


def test_a_kept_note_is_quoted_once_and_as_a_note(team: Path) -> None:
    w = ["-w", str(team)]
    ok([*w, "plan", "alice"])
    first = dt.date.today() + dt.timedelta(days=1)
    ok([*w, "oneonone", "alice", "--date", first.isoformat()])
    path = team / "oneonones" / "alice" / f"{first.isoformat()}.md"
    take_notes(path, "", "- Alice ran the first interview with two warehouse pickers\n"
               "- wrote up the interview notes the same day\n\n", "")
    second = first + dt.timedelta(days=7)
    ok([*w, "oneonone", "alice", "--date", second.isoformat()])  # keeps the line as evidence
    person = (team / "team" / "alice.yaml").read_text(encoding="utf-8")
    assert "first interview with two warehouse pickers" in person and "source: notes" in person

    later = (second + dt.timedelta(days=1)).isoformat()
    review = ok([*w, "review", "alice", "--date", later, "--stdout"])
    quoted = [line for line in review.splitlines() if "first interview with two warehouse" in line]
    assert quoted == [f"- {first.isoformat()}, in your 1:1 notes: You ran the first interview with "
                      "two warehouse pickers."]
    # A line with no subject is the PM's own work, said to the PM as the plan says it.
    assert f"- {first.isoformat()}, in your 1:1 notes: You wrote up the interview notes " \
        "the same day." in review
    talk = ok([*w, "conversation", "alice", "--date", later, "--stdout"])
    said = [line for line in talk.splitlines() if "first interview with two warehouse" in line]
    assert len(said) <= 1 and all("work logged" not in line and "your work of" not in line
                                  for line in said)
    ready = ok([*w, "readiness", "alice"])
    assert ready.count("first interview with two warehouse pickers") <= 1
    assert "work logged on " + first.isoformat() not in ready
