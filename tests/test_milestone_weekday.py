"""A plan written on a Monday before the first 1:1 on a Thursday: once the 1:1 day is known,
its milestones move to Thursdays, and the agenda names the next 1:1 the same way twice."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from doc_team import ok
from ruamel.yaml import YAML

from pmkit.actions.documents import write_agenda, write_plan
from pmkit.model.milestone_weekday import weekday_moves
from pmkit.workspace import Workspace

from helpers import commit_count, copy_workspace, git, invoke

MONDAY = dt.date(2026, 11, 30)
THURSDAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Alice, assessed on the Friday before, with a plan written on Monday 2026-11-30."""
    root = tmp_path_factory.mktemp("weekday") / "ws"
    ok(["init", str(root), "--manager", "Dana Lee"])
    w = ["-w", str(root)]
    ok([*w, "add", "alice", "--name", "Alice Chen", "--level", "pm"])
    ok([*w, "assess", "alice", "--date", "2026-11-27", "--set", "customer-insight=2",
        "--set", "problem-framing=1", "--set", "delivery=5", "--set", "data-fluency=3",
        "--set", "stakeholder-management=3"])
    write_plan(Workspace(root), "alice", today=MONDAY)
    return root


@pytest.fixture
def ws_root(planned: Path, tmp_path: Path) -> Path:
    return copy_workspace(planned, tmp_path / "ws")


def _milestones(root: Path) -> dict[str, list[dict[str, object]]]:
    data = YAML(typ="safe").load((root / "team" / "alice.yaml").read_text(encoding="utf-8"))
    return data["plan"]["milestones"]


def _dates(root: Path) -> list[dt.date]:
    return [m["date"] for steps in _milestones(root).values() for m in steps]  # type: ignore[misc]


def test_the_plan_proposes_its_milestones_on_the_day_it_was_written(planned: Path) -> None:
    assert {d.weekday() for d in _dates(planned)} == {MONDAY.weekday()}


def test_the_first_agenda_moves_the_milestones_to_the_1on1_weekday_in_its_one_commit(
        ws_root: Path) -> None:
    person = ws_root / "team" / "alice.yaml"
    before, commits = person.read_text(encoding="utf-8"), commit_count(ws_root)
    result = invoke(["-w", str(ws_root), "oneonone", "alice", "--date", THURSDAY.isoformat()])
    assert result.exit_code == 0, result.stderr
    assert commit_count(ws_root) == commits + 1
    moved = [line for line in result.stdout.splitlines() if "Moved " in line]
    assert len(moved) == 1 and "to Thursdays, the day of your 1:1s with Alice" in moved[0]
    dates = _dates(ws_root)
    assert all(d.weekday() == THURSDAY.weekday() and d > THURSDAY for d in dates)
    assert max(dates) <= dt.date(2027, 2, 25)  # the plan's last Thursday
    # Only the milestones' dates changed: every other byte of the PM's file is as it was.
    after = person.read_text(encoding="utf-8")
    assert (re.sub(r"date: \d{4}-\d{2}-\d{2}", "date: D", before)
            == re.sub(r"date: \d{4}-\d{2}-\d{2}", "date: D", after))
    changed = git(ws_root, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == ["oneonones/alice/2026-12-03.md", "team/alice.yaml"]
    # Said in the manager's private part, never in the PM's copy.
    agenda = (ws_root / "oneonones" / "alice" / "2026-12-03.md").read_text(encoding="utf-8")
    assert "Moved " in agenda.split("pmkit:private", 1)[1]
    copy = invoke(["-w", str(ws_root), "oneonone", "alice", "--date", THURSDAY.isoformat(),
                   "--pm-copy"])
    assert "Moved " not in copy.stdout and "Thursday" in copy.stdout
    # The PM holds the plan with the old dates: the copy says once, plainly, why they moved.
    said = "Your plan's milestone dates now fall on Thursdays, the day of your 1:1s."
    assert copy.stdout.count(said) == 1
    assert "pmkit" not in copy.stdout.split(said, 1)[0].rsplit("\n\n", 1)[-1]


def test_the_first_agenda_names_the_next_1on1_once(ws_root: Path) -> None:
    text = write_agenda(Workspace(ws_root), "alice", THURSDAY).agenda.text
    header = re.search(r"next around (\d{4}-\d{2}-\d{2})", text)
    coming = re.search(r"Coming up, as things stand today: [^\n]*? around (\d{4}-\d{2}-\d{2})", text)
    assert header is not None and coming is not None
    assert header.group(1) == coming.group(1) == "2026-12-10"


def test_a_date_the_manager_chose_leaves_the_whole_plan_alone(ws_root: Path) -> None:
    person = ws_root / "team" / "alice.yaml"
    text = person.read_text(encoding="utf-8")
    first = re.search(r"date: (\d{4}-\d{2}-\d{2})", text.split("milestones:", 1)[1])
    assert first is not None
    chosen = dt.date.fromisoformat(first.group(1)) + dt.timedelta(days=2)  # a Wednesday
    person.write_text(text.replace(f"date: {first.group(1)}", f"date: {chosen}", 1),
                      encoding="utf-8")
    git(ws_root, "commit", "-qam", "milestone on a Wednesday")
    before = person.read_bytes()
    done = write_agenda(Workspace(ws_root), "alice", THURSDAY)
    assert person.read_bytes() == before
    assert not any(line.startswith("Moved ") for line in done.agenda.private)


def test_a_reached_milestone_keeps_its_date(ws_root: Path) -> None:
    earliest = min(_dates(ws_root))
    cid = next(c for c, steps in _milestones(ws_root).items()
               if any(m["date"] == earliest for m in steps))
    ok(["-w", str(ws_root), "log", "alice", cid, "Ran the first two tries", "--date",
        "2026-12-01", "--reached"])
    write_agenda(Workspace(ws_root), "alice", THURSDAY)
    steps = _milestones(ws_root)[cid]
    reached = [m for m in steps if m.get("reached")]
    assert len(reached) == 1 and reached[0]["date"] == earliest
    assert all(m["date"].weekday() == THURSDAY.weekday()  # type: ignore[attr-defined]
               for m in steps if not m.get("reached"))


def test_a_plan_run_after_a_1on1_moves_them_too(ws_root: Path) -> None:
    folder = ws_root / "oneonones" / "alice"
    folder.mkdir(parents=True)
    (folder / "2026-12-03.md").write_text("# 1:1\n\n## Notes\n\nTalked about the roadmap.\n",
                                          encoding="utf-8")
    git(ws_root, "add", "-A")
    git(ws_root, "commit", "-qm", "a 1:1 written by hand")
    done = write_plan(Workspace(ws_root), "alice", today=dt.date(2026, 12, 4))
    assert done.moved is not None and done.moved.startswith("Moved ")
    # Monday 2026-11-30 to Thursday 2027-02-25 is not a whole number of weeks.
    assert "2026-11-30 to 2027-02-25 (about 12 weeks)" in done.text
    dates = [d for d in _dates(ws_root) if d > dt.date(2026, 12, 4)]
    assert dates and all(d.weekday() == THURSDAY.weekday() for d in dates)
    assert min(dates).isoformat() in done.text  # the plan written shows the new dates


def test_moves_keep_inside_the_plan_and_off_each_other() -> None:
    end = dt.date(2027, 2, 25)
    # The last Monday would move past the plan's end: it goes to the Thursday before.
    steps = {"a": [(dt.date(2027, 2, 22), False)], "b": [(dt.date(2026, 12, 7), False),
                                                           (dt.date(2026, 12, 14), False)]}
    moves = weekday_moves(steps, 3, THURSDAY, dt.date(2027, 2, 24), ())
    assert moves["a"] == {0: dt.date(2027, 2, 18)}
    assert moves["b"] == {0: dt.date(2026, 12, 10), 1: dt.date(2026, 12, 17)}
    # Two milestones a week apart toward a Friday: the second may not land on the first.
    fri = weekday_moves({"c": [(dt.date(2026, 12, 14), False), (dt.date(2026, 12, 21), False)]},
                        4, THURSDAY, end, {dt.date(2026, 12, 11)})
    # The nearer Friday before the first is a holiday; the one before the second is taken.
    assert fri["c"] == {0: dt.date(2026, 12, 18), 1: dt.date(2026, 12, 25)}
