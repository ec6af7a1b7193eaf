"""Fast tests of the core modules on their own: the gap engine, movement, the git log
parser, the fast reader and writer, and the actions, without Typer in between."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pmkit.loading import load_file
from pmkit.model.index import ModelIndex
from pmkit.model.rules import model_problems
from pmkit.model.schema import Assessment, CompetencyModel, Person

from helpers import DATA_DIR, git, invoke

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def index() -> ModelIndex:
    path = DATA_DIR / "zero-four.yaml"
    return ModelIndex(load_file(path, path.name, CompetencyModel, None, model_problems).obj)


def person(level: str, ratings: dict[str, int], on: dt.date = TODAY,
           self_ratings: dict[str, int] | None = None) -> Person:
    return Person(name="Ann Lee", level=level, assessment=Assessment(date=on, ratings=dict(ratings)),
                  self_assessment=Assessment(date=on, ratings=dict(self_ratings))
                  if self_ratings else None)


# --- the gap engine ----------------------------------------------------------------------


def test_gaps_follow_the_spec(index: ModelIndex) -> None:
    from pmkit.model.gaps import compute_gaps

    # customer-insight by its alias; weight 2, expected 2 for a junior: gap 2, priority 4.
    report = compute_gaps("ann", person("junior", {"customer-empathy": 0, "problem-framing": 1,
                                                   "delivery": 4}, self_ratings={"delivery": 2}),
                          index, today=TODAY)
    rows = {row.competency: row for row in report.rows}
    assert rows["customer-insight"].gap == 2 and rows["customer-insight"].priority == 4.0
    assert rows["problem-framing"].gap == 0
    assert rows["delivery"].gap == -2 and rows["delivery"].self_difference == -2
    assert report.not_assessed == ["data-fluency"]  # never counted as zero
    assert report.focus == ["customer-insight"]
    assert report.rows[0].competency == "customer-insight"  # highest priority first
    assert report.total_gap == 4.0


def test_focus_ties_follow_the_model_and_pins_win(index: ModelIndex) -> None:
    from pmkit.model.gaps import compute_gaps

    tied = person("senior", {"problem-framing": 2, "data-fluency": 1, "delivery": 4})
    assert compute_gaps("ann", tied, index, today=TODAY).focus == ["problem-framing", "data-fluency"]
    pinned = compute_gaps("ann", tied, index, today=TODAY, pinned_focus=["delivery"])
    assert pinned.focus == ["delivery"] and pinned.pinned


def test_an_old_assessment_is_stale(index: ModelIndex) -> None:
    from pmkit.model.gaps import compute_gaps

    old = person("junior", {"delivery": 2}, on=TODAY - dt.timedelta(days=91))
    assert compute_gaps("ann", old, index, today=TODAY, reassess_after_days=90).stale
    assert not compute_gaps("ann", old, index, today=TODAY, reassess_after_days=91).stale


def test_the_model_index_maps_aliases_in_model_order(index: ModelIndex) -> None:
    assert index.canonical({"delivery": 1, "gone-id": 3, "customer-empathy": 2}) == {
        "customer-insight": 2, "delivery": 1, "gone-id": 3}
    assert index.canonical({"customer-insight": 1, "customer-empathy": 4}) == {"customer-insight": 1}


# --- movement over the team's window ------------------------------------------------------


def assessed(on: str, ratings: dict[str, int]) -> object:
    from pmkit.git.log import FileVersion
    from pmkit.history.entries import Assessed

    version = FileVersion("c" * 40, on + "T09:00:00+00:00", "team/ann.yaml", "b" * 40, "100644")
    return Assessed(on, json.dumps(ratings), version, "junior", 2)


def test_movement_compares_with_the_latest_assessment_before_the_window(index: ModelIndex) -> None:
    from pmkit.model.gaps import compute_gaps
    from pmkit.team import movement

    now = {"customer-insight": 2, "delivery": 3}
    report = compute_gaps("ann", person("junior", now, on=TODAY - dt.timedelta(days=5)), index,
                          today=TODAY)
    history = [assessed("2026-06-01", {"customer-insight": 0, "delivery": 3}),
               assessed("2026-08-15", {"customer-empathy": 1, "delivery": 3}),
               assessed("2026-11-24", now)]
    moved = movement(history, report, index, TODAY)  # type: ignore[arg-type]
    assert moved.trend == "improving" and moved.since == dt.date(2026, 8, 15)
    assert moved.points == 1 and moved.improved == ("customer-insight",)
    assert moved.declined == ()
    stalled = movement(history[:1], compute_gaps(
        "ann", person("junior", now, on=dt.date(2026, 6, 1)), index, today=TODAY), index, TODAY)  # type: ignore[arg-type]
    assert stalled.trend == "stalled"


# --- git log parsing and blobs ------------------------------------------------------------


def test_raw_lines_plain_and_combined() -> None:
    from pmkit.git.log import _parse_raw

    plain = _parse_raw(":100644 100644 " + "a" * 40 + " " + "b" * 40 + " M\tteam/ann.yaml")
    assert plain is not None and plain.status == "M" and plain.new_blob == "b" * 40
    renamed = _parse_raw(":100644 100644 " + "a" * 40 + " " + "b" * 40 + " R090\tteam/a.yaml\tteam/b.yaml")
    assert renamed is not None and (renamed.old_path, renamed.path) == ("team/a.yaml", "team/b.yaml")
    merged = _parse_raw("::100644 100644 100644 " + "a" * 40 + " " + "b" * 40 + " " + "c" * 40
                        + " MM\tteam/ann.yaml")
    assert merged is not None and merged.new_blob == "c" * 40
    assert _parse_raw("not a raw line") is None


def test_blob_reader_fetches_on_demand_from_one_process(tmp_path: Path) -> None:
    from pmkit.git.blobs import BlobReader
    from pmkit.git.repo import GitRepo
    from pmkit.store import blob_id

    git(tmp_path, "init", "-q")
    (tmp_path / "a.txt").write_bytes(b"first\n")
    git(tmp_path, "add", "a.txt")
    git(tmp_path, "commit", "-q", "-m", "a")
    with BlobReader(GitRepo(tmp_path, tmp_path / ".git")) as reader:
        assert reader.read(blob_id(b"first\n")) == b"first\n"
        assert reader.read("0" * 40) is None  # missing: skipped, not fatal
        assert reader.read(blob_id(b"first\n")) == b"first\n"
        assert reader.fetched == 2
    with BlobReader(None) as nothing:
        assert nothing.read(blob_id(b"first\n")) is None


# --- the fast reader and the quick writer ---------------------------------------------------


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n", "a: !!int 3\n", "a: &x [1]\nb: *x\n", "a: 0x1F\n", "a: 1e3\n", "a: yes\n",
    "a: 2026-02-30\n", "a: 2026-11-20 10:00:00\n", "? [a]\n: 1\n", "a: \"\\x1b[31m\"\n", "- a\n",
    "a: .inf\n", "<<: {a: 1}\n", "a: 1:30\n", "a: 010\n",
])
def test_the_fast_reader_leaves_the_unusual_to_the_careful_one(text: str) -> None:
    from pmkit.files import fast_yaml

    try:
        data = fast_yaml.load(text)
    except fast_yaml.Unusual:
        return
    assert not isinstance(data, dict), f"{text!r} read fast as {data!r}"


def test_the_fast_reader_reads_what_pmkit_writes() -> None:
    from pmkit.files import fast_yaml

    text = ("# comment\nname: Ann Lee\nsince: 2025-03-01\nweight: 1.5\nok: true\nnone:\n"
            "ratings:\n  a: 2\n  b: {rating: 3, evidence: 'Shipped it, with the team'}\n"
            "list:\n  - one\n  - \"two: three\"\n")
    assert fast_yaml.load(text) == {
        "name": "Ann Lee", "since": dt.date(2025, 3, 1), "weight": 1.5, "ok": True, "none": None,
        "ratings": {"a": 2, "b": {"rating": 3, "evidence": "Shipped it, with the team"}},
        "list": ["one", "two: three"]}


def test_the_quick_writer_writes_what_reads_back_or_nothing() -> None:
    from pmkit.files import fast_yaml, quick_yaml

    data = {"name": "Ann: Lee", "level": "pm", "n": 3, "on": dt.date(2026, 1, 2),
            "ratings": {"a": 1, "b": "yes"}, "points": ["10", "it's fine", "plain words"]}
    text = quick_yaml.dump(data, "# header\n")
    assert text is not None and text.startswith("# header\n")
    assert fast_yaml.load(text) == data
    # A mapping in a list starts on the dash's line, as the round-trip writer lays it out.
    assert quick_yaml.dump({"x": [{"date": dt.date(2026, 1, 2), "more": {"k": 1}}]}) == (
        "x:\n  - date: 2026-01-02\n    more:\n      k: 1\n")
    assert quick_yaml.dump({"x": [["nested"]]}) is None  # left to the round-trip writer


# --- actions without the CLI ---------------------------------------------------------------


def test_actions_change_files_and_commit_without_typer(tmp_path: Path) -> None:
    from pmkit.actions.people import add_person, check_ratings, queue_note, record_assessment
    from pmkit.errors import InputError
    from pmkit.workspace import Workspace

    root = tmp_path / "ws"
    assert invoke(["init", str(root), "--model", str(DATA_DIR / "zero-four.yaml")]).exit_code == 0
    ws = Workspace(root)
    added = add_person(ws, "ann", "Ann Lee", "junior")
    assert added.path == root / "team" / "ann.yaml" and added.level_name == "Junior PM"
    ws = Workspace(root)
    ratings = check_ratings(ws, {"customer-empathy": "3", "delivery": 1})
    assert ratings == {"customer-insight": 3, "delivery": 1}
    with pytest.raises(InputError, match="outside the scale 0-4"):
        check_ratings(ws, {"delivery": 9})
    with pytest.raises(InputError, match="has no rating to support"):
        record_assessment(ws, "ann", {}, {"data-fluency": "x"}, TODAY)
    done = record_assessment(ws, "ann", ratings, {"delivery": "Shipped with the team"}, TODAY)
    assert done.changed == 2
    assert queue_note(Workspace(root), "ann", "Ask about the launch") == 1
    log = git(root, "log", "--format=%s").splitlines()
    assert log[:3] == ["note(ann): queue a talking point", "assess(ann): 2 ratings changed",
                       "add(ann): Ann Lee, junior"]
    assert git(root, "status", "--porcelain") == ""
