"""``pmkit demo``: the example team built as a real workspace with a year of git history."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from pmkit.cli.app import command_names
from pmkit.demo import build_demo, weekday_shifts
from pmkit.demo_story import read_story, resolve_dates
from pmkit.documents.voice import topic
from pmkit.errors import InputError

from helpers import commit_count, git, invoke, snapshot

PEOPLE = ["aiko", "fatima", "marcus", "priya", "sofia", "tomasz"]
TODAY = dt.date.today()


#: Priya's timeline moves back a day or two when the demo is built at the weekend.
PRIYA = weekday_shifts(read_story(), TODAY).get("priya", 0)


def days_ago(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


def priya_ago(n: int) -> str:
    return days_ago(n + PRIYA)


def has_command(name: str) -> bool:
    return name in command_names()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo workspace shared by the read-only tests below."""
    root = tmp_path_factory.mktemp("demo") / "pmkit-demo"
    result = invoke(["demo", str(root)])
    assert result.exit_code == 0, result.stderr
    return root


def load_yaml(text: str) -> dict:
    return YAML(typ="safe").load(text)


def test_demo_builds_a_clean_committed_workspace(demo: Path) -> None:
    assert sorted(p.stem for p in (demo / "team").glob("*.yaml")) == PEOPLE
    assert (demo / "pmkit.yaml").is_file() and (demo / "model.yaml").is_file()
    assert "manager: \"Dana Lee\"" in (demo / "pmkit.yaml").read_text()
    assert git(demo, "status", "--porcelain") == ""
    assert commit_count(demo) > 40
    first = git(demo, "log", "--reverse", "--format=%s", "HEAD").splitlines()[0]
    assert first == "init: pmkit workspace with model pm-wheel"
    # Files look exactly as pmkit writes them: the editor schema line comes first.
    for handle in PEOPLE:
        text = (demo / "team" / f"{handle}.yaml").read_text()
        assert text.startswith("# yaml-language-server: $schema=../.pmkit/schemas/person.schema.json\n")


def test_every_file_validates(demo: Path) -> None:
    result = invoke(["-w", str(demo), "check"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "All good" in result.stdout


def test_demo_prints_next_steps(tmp_path: Path) -> None:
    result = invoke(["demo", str(tmp_path / "somewhere")])
    assert result.exit_code == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    for step in (f"cd {tmp_path / 'somewhere'}", "pmkit team", "pmkit gaps priya",
                 "pmkit plan priya", "pmkit oneonone priya"):
        assert step in lines


def test_default_folder_is_pmkit_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(["demo"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "pmkit-demo" / "pmkit.yaml").is_file()
    assert "cd pmkit-demo" in result.stdout


def test_an_empty_existing_folder_is_used(tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    assert invoke(["demo", str(target)]).exit_code == 0
    assert (target / "team" / "priya.yaml").is_file()


def test_the_current_folder_can_hold_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = invoke(["demo", "."])
    assert result.exit_code == 0, result.stderr
    assert "cd " not in result.stdout
    assert (here / "pmkit.yaml").is_file() and git(here, "status", "--porcelain") == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]  # no staging folder left


def test_refuses_a_non_empty_folder_and_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("my own notes\n")
    before = snapshot(tmp_path)
    result = invoke(["demo", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "not empty" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(tmp_path) == before
    assert not (target / ".git").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy"]  # no staging folder left


def test_refuses_a_file_in_the_way(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = invoke(["demo", str(target)])
    assert result.exit_code == 2
    assert "not a folder" in result.stderr
    assert target.read_text() == "x"


def test_no_commit_builds_files_without_history(tmp_path: Path) -> None:
    target = tmp_path / "plain"
    result = invoke(["--no-commit", "demo", str(target)])
    assert result.exit_code == 0, result.stderr
    assert not (target / ".git").exists()
    assert "without git history" in result.stdout
    assert invoke(["-w", str(target), "check"]).exit_code == 0


def test_assessments_are_committed_on_their_own_backdated_dates(demo: Path) -> None:
    log = git(demo, "log", "--reverse", "--format=%ad %s", "--date=short", "--", "team/priya.yaml")
    assessed = [line.split()[0] for line in log.splitlines()
                if re.search(r"assess\(priya\): \d+ ratings? changed", line)]
    assert assessed == [priya_ago(340), priya_ago(250), priya_ago(160), priya_ago(45)]
    dates = [line.split()[0] for line in log.splitlines()]
    assert dates == sorted(dates) and dates[-1] < TODAY.isoformat()
    # Each version carries the assessment date it was made on.
    first = git(demo, "log", "--reverse", "--format=%H", "--grep=assess(priya): 16", "HEAD").split()[0]
    old = load_yaml(git(demo, "show", f"{first}:team/priya.yaml"))
    assert old["assessment"]["date"].isoformat() == priya_ago(340)
    assert old["assessment"]["ratings"]["customer-insight"]["rating"] == 1


@pytest.mark.skipif(not has_command("history"), reason="pmkit history is not available")
def test_history_shows_the_assessments_in_date_order(demo: Path) -> None:
    for handle in PEOPLE:
        result = invoke(["-w", str(demo), "history", handle, "--format", "json"])
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        dates = [entry["date"] for entry in data["assessments"]]
        assert len(dates) >= 2, handle
        assert dates == sorted(dates) and dates[-1] < TODAY.isoformat()
    priya = json.loads(invoke(["-w", str(demo), "history", "priya", "--format", "json"]).stdout)
    dates = [entry["date"] for entry in priya["assessments"]]
    assert {priya_ago(340), priya_ago(250), priya_ago(160), priya_ago(45)} <= set(dates)
    ratings = {entry["date"]: entry["ratings"] for entry in priya["assessments"]}
    assert ratings[priya_ago(340)]["customer-insight"] == 1
    assert ratings[priya_ago(45)]["customer-insight"] == 2


def gap_json(demo: Path, handle: str) -> dict:
    result = invoke(["-w", str(demo), "gaps", handle, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_gaps_tell_each_story(demo: Path) -> None:
    reports = {handle: gap_json(demo, handle) for handle in PEOPLE}
    for handle, report in reports.items():
        assert invoke(["-w", str(demo), "gaps", handle]).exit_code == 0
        assert invoke(["-w", str(demo), "gaps", handle, "--format", "md"]).exit_code == 0
        assert report["handle"] == handle and report["gaps"]
    # Only Fatima's assessment is stale; only she has competencies not assessed.
    assert [h for h, r in reports.items() if r["stale"]] == ["fatima"]
    assert reports["fatima"]["not_assessed"] == ["agile-mindset", "agile-practices"]
    # Priya, the former analyst, is the weakest; Sofía and Aiko meet their level throughout.
    totals = {h: r["total_gap"] for h, r in reports.items()}
    assert max(totals, key=lambda h: totals[h]) == "priya"
    assert totals["sofia"] == 0 and totals["aiko"] == 0
    # Customer insight is a common gap, and the two strongest could coach it.
    def rating(handle: str, cid: str) -> dict:
        return next(g for g in reports[handle]["gaps"] if g["competency"] == cid)
    below = [h for h in PEOPLE if rating(h, "customer-insight")["gap"] > 0]
    assert below == ["fatima", "marcus", "priya"]
    assert rating("sofia", "customer-insight")["gap"] <= -1
    assert rating("aiko", "customer-insight")["gap"] <= -1
    # Marcus, the subject-matter expert, sees his customer insight two points higher than Dana.
    assert {"competency": "customer-insight", "rating": 2, "self_rating": 4,
            "difference": 2} in reports["marcus"]["self_differences"]


@pytest.mark.skipif(not has_command("team"), reason="pmkit team is not available")
def test_team_names_the_weakest_and_the_common_gaps(demo: Path) -> None:
    result = invoke(["-w", str(demo), "team", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["weakest"] == "priya"
    common = {g["competency"]: sorted(g["below_target"]) for g in data["common_gaps"]}
    assert common["customer-insight"] == ["fatima", "marcus", "priya"]


def section(text: str, heading: str) -> list[str]:
    """The lines under a ``## heading`` up to the next heading of that level."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    out = []
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        out.append(line)
    return out


def test_past_one_on_ones_match_the_timeline(demo: Path) -> None:
    """Each 1:1 file agrees with the person file as it was that day."""
    model = load_yaml((demo / "model.yaml").read_text())
    comps = {c["name"]: c for a in model["areas"] for c in a["competencies"]}
    files = sorted((demo / "oneonones").glob("*/*.md"))
    assert len(files) >= 12
    for path in files:
        handle, day = path.parent.name, path.stem
        text = path.read_text()
        assert "{{" not in text
        rel = path.relative_to(demo).as_posix()
        commit = git(demo, "log", "--format=%H", "--", rel).split()[-1]
        assert git(demo, "log", "-1", "--format=%ad", "--date=short", commit).strip() == day
        before = load_yaml(git(demo, "show", f"{commit}^:team/{handle}.yaml"))
        after = load_yaml(git(demo, "show", f"{commit}:team/{handle}.yaml"))
        assert text.startswith(f"# 1:1 with {before['name']}: {day}\n")
        # The talking points queued before the 1:1 are listed in it, as topics for both,
        # then cleared.
        queued = before.get("talking_points") or []
        listed = [line[2:] for line in section(text, "## Talking points")
                  if line.startswith("- ")] if queued else []
        names = [before["name"], before["name"].split()[0]]
        assert listed == [topic(point, names) for point in queued], rel
        assert not after.get("talking_points")
        # One focus area per 1:1, one of the plan's on that day.
        focus = re.findall(r"^## Focus: (.+)$", text, re.MULTILINE)
        assert len(focus) == 1, rel
        assert comps[focus[0]]["id"] in before["plan"]["focus"], rel
        # Reminders and what is about the PM stay below the private line.
        shared = text.split("<!-- pmkit:private", 1)[0]
        assert "pmkit" not in shared and "Reminders" not in shared, rel


def test_follow_ups_carry_the_open_items_of_the_previous_one_on_one(demo: Path) -> None:
    for folder in sorted((demo / "oneonones").iterdir()):
        files = sorted(folder.glob("*.md"))
        for previous, current in itertools.pairwise(files):
            text = current.read_text()
            heading = f"## Follow-ups from {previous.stem}"
            assert heading in text, current
            open_items = {line[6:] for line in previous.read_text().splitlines()
                          if line.startswith("- [ ] ")}
            carried = {line[6:] for line in section(text, heading) if line.startswith("- [")}
            assert carried == open_items, current


def test_the_demo_moves_with_today(tmp_path: Path) -> None:
    later = dt.date(2031, 3, 1)
    result = build_demo(tmp_path / "later", today=later)
    assert result.history and result.commits > 40
    person = load_yaml((tmp_path / "later" / "team" / "fatima.yaml").read_text())
    assert person["assessment"]["date"] == later - dt.timedelta(days=140)
    notes = sorted(p.stem for p in (tmp_path / "later" / "oneonones" / "fatima").glob("*.md"))
    assert notes == [(later - dt.timedelta(days=d)).isoformat() for d in (59, 45)]


def test_story_events_are_in_date_order() -> None:
    story = read_story()
    assert story.manager == "Dana Lee" and story.model == "pm-wheel"
    assert sorted(story.people) == PEOPLE
    keys = [-event.days_ago for event in story.events]
    assert keys == sorted(keys)


def test_unknown_placeholder_is_an_error_with_its_line() -> None:
    assert resolve_dates("on {{2 days ago}}", dt.date(2026, 1, 10), "x.md") == "on 2026-01-08"
    with pytest.raises(InputError) as info:
        resolve_dates("# title\n\nsee {{last week}}\n", dt.date(2026, 1, 10), "x.md")
    assert info.value.line == 3 and "last week" in info.value.message


def test_no_pm_file_or_note_mentions_another_pm(demo: Path) -> None:
    """Plans and agendas are shared with their PM, and they draw on these files."""
    names = {h: load_yaml((demo / "team" / f"{h}.yaml").read_text())["name"] for h in PEOPLE}
    for handle in PEOPLE:
        texts = [(demo / "team" / f"{handle}.yaml").read_text()]
        texts += [p.read_text() for p in (demo / "oneonones" / handle).glob("*.md")]
        for other, name in names.items():
            if other == handle:
                continue
            for text in texts:
                assert name.split()[0] not in text and name.split()[-1] not in text, (handle, other)


def plan_days() -> dict[str, dt.date]:
    """Each PM's latest plan decision, on the day the demo dates it."""
    story = read_story()
    shifts = weekday_shifts(story, TODAY)
    latest = {e.handle: e.days_ago for e in story.events if e.kind == "plan"}
    return {handle: TODAY - dt.timedelta(days=ago + shifts.get(handle, 0))
            for handle, ago in latest.items()}


def test_each_pms_latest_plan_is_written_and_committed_on_its_day(demo: Path) -> None:
    days = plan_days()
    assert sorted(days) == PEOPLE
    for handle, day in days.items():
        assert (demo / "plans" / f"{handle}.md").is_file(), handle
        assert (demo / "plans" / f"{handle}.svg").is_file(), handle
        log = git(demo, "log", "--format=%ad %s", "--date=short", "--", f"plans/{handle}.md")
        assert log.splitlines() == [f"{day.isoformat()} plan({handle}): coaching plan, focus on "
                                    + ", ".join(load_yaml((demo / "team" / f"{handle}.yaml")
                                                          .read_text())["plan"]["focus"])]
        plan = load_yaml((demo / "team" / f"{handle}.yaml").read_text())["plan"]
        # Made on the PM's 1:1 day, so the plan starts that day; its milestones follow it.
        assert plan["started"] == day, handle
        dates = [m["date"] for steps in plan["milestones"].values() for m in steps]
        assert sorted(plan["milestones"]) == sorted(plan["focus"])
        assert dates and all(day < d <= day + dt.timedelta(days=91) for d in dates), handle


def test_the_written_plan_is_the_one_pmkit_plan_writes_that_day(
        demo: Path, tmp_path: Path) -> None:
    """Priya's plan, made again by pmkit itself from the workspace as it was that day."""
    from pmkit.actions.documents import plan_files
    from pmkit.files.quick_yaml import dump
    from pmkit.workspace import Workspace

    day = plan_days()["priya"]
    commit = git(demo, "log", "-1", "--format=%H", "--", "plans/priya.md").strip()
    copy = tmp_path / "then"
    git(tmp_path, "clone", "--quiet", str(demo), str(copy))
    git(copy, "checkout", "--quiet", f"{commit}~1")
    person = load_yaml(git(copy, "show", f"{commit}:team/priya.yaml"))
    assert person["plan"]["started"] == day
    # The manager's edit before running `pmkit plan`: the new focus and goals, nothing else.
    text = (copy / "team" / "priya.yaml").read_text()
    ws = Workspace(copy, commit=False)
    before = load_yaml(text)
    before["plan"] = {"focus": person["plan"]["focus"], "goals": person["plan"]["goals"]}
    written = dump(before, text.splitlines(keepends=True)[0])
    assert written is not None
    (copy / "team" / "priya.yaml").write_text(written)
    _, files = plan_files(ws, "priya", today=day)
    for path, made in files.items():
        assert git(demo, "show", f"{commit}:{ws.rel(path)}") == made, ws.rel(path)
    assert (copy / "plans" / "history" / "priya.svg") in files  # drawn from real git history


@pytest.mark.parametrize("handle", ["priya", "tomasz", "aiko"])
def test_the_next_agenda_reads_the_plan_as_agreed(demo: Path, handle: str) -> None:
    from pmkit.documents.oneonone import build_agenda, dated_files, folder
    from pmkit.workspace import Workspace

    ws = Workspace(demo, commit=False)
    last = dated_files(folder(ws, handle))[-1][0]
    agenda = build_agenda(ws, handle, last + dt.timedelta(days=7))
    assert "still a proposal" not in agenda.text
    assert "Your goal:" in agenda.text
    assert "No plan is written" not in agenda.text and "No coaching plan" not in agenda.text


def test_priya_s_plan_reads_as_agreed_with_evidence_from_her_notes(demo: Path) -> None:
    result = invoke(["-w", str(demo), "plan", "priya", "--stdout"])
    assert result.exit_code == 0, result.stderr
    assert "you and your manager are working on until" in result.stdout
    assert "a proposal to agree" not in result.stdout
    evidence = section(result.stdout, "### 2. Testing ideas")
    assert any("Four of five claimants found the thumbnail version" in line for line in evidence)


def test_every_committed_person_file_is_what_the_round_trip_writer_makes(demo: Path) -> None:
    """The demo writes person files quickly, without reading them back: each version it
    committed must be exactly what pmkit's round-trip writer makes of that file."""
    from pmkit.files.yamldoc import parse_bytes

    raw = git(demo, "log", "--format=", "--raw", "--no-abbrev", "--", "team/")
    blobs = sorted({line.split()[3] for line in raw.splitlines()
                    if line.startswith(":") and line.endswith(".yaml")})
    assert len(blobs) > 60
    out = subprocess.run(["git", "cat-file", "--batch"], cwd=demo, capture_output=True, check=True,
                         input="".join(f"{b}\n" for b in blobs).encode()).stdout
    for blob in blobs:
        header, _, out = out.partition(b"\n")
        size = int(header.split()[2])
        data, out = out[:size], out[size + 1:]
        assert parse_bytes(data, blob).to_bytes() == data, blob


def test_a_logged_milestone_is_marked_reached_on_its_day(demo: Path) -> None:
    plan = load_yaml((demo / "team" / "priya.yaml").read_text())["plan"]
    first = plan["milestones"]["customer-insight"][0]
    assert first["reached"] == dt.date.fromisoformat(priya_ago(7))
    assert all("reached" not in m for m in plan["milestones"]["solution-exploration"])
    logged = git(demo, "log", "--format=%ad %s", "--date=short", "--grep=^log(priya)")
    assert f"{priya_ago(7)} log(priya): customer-insight milestone reached" in logged
