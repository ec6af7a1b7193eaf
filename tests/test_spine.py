"""End-to-end tests of the spine: init, models, add, assess, gaps, note, check, schema."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO_ROOT, commit_count, git, invoke, snapshot

DATA = Path(__file__).parent / "data"


def ws_args(root: Path, *args: str) -> list[str]:
    return ["-w", str(root), *args]


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A workspace on a hand-made 0-4 model with weights and an alias."""
    root = tmp_path / "tiny"
    assert invoke(["init", str(root), "--model", str(DATA / "zero-four.yaml")]).exit_code == 0
    assert invoke(ws_args(root, "add", "sam", "--name", "Sam Okafor", "--level", "senior")).exit_code == 0
    return root


def test_init_creates_a_committed_workspace(tmp_path: Path) -> None:
    root = tmp_path / "new"
    result = invoke(["init", str(root), "--manager", "Dana Lee"])
    assert result.exit_code == 0, result.stderr
    for name in ("pmkit.yaml", "model.yaml", "README.md", ".pmkit/schemas/person.schema.json"):
        assert (root / name).is_file(), name
    assert commit_count(root) == 1
    assert git(root, "status", "--porcelain") == ""
    assert "manager: \"Dana Lee\"" in (root / "pmkit.yaml").read_text()
    assert "id: pm-wheel" in (root / "model.yaml").read_text()


def test_init_refuses_an_existing_workspace(workspace: Path) -> None:
    before = snapshot(workspace)
    result = invoke(["init", str(workspace)])
    assert result.exit_code == 2
    assert "already a pmkit workspace" in result.stderr
    assert snapshot(workspace) == before


@pytest.mark.parametrize("model_id", ["pm-wheel", "svpg", "competency-toolkit"])
def test_init_with_each_shipped_model(tmp_path: Path, model_id: str) -> None:
    root = tmp_path / model_id
    assert invoke(["init", str(root), "--model", model_id]).exit_code == 0
    assert f"id: {model_id}" in (root / "model.yaml").read_text()
    assert invoke(ws_args(root, "check")).exit_code == 0


def test_init_unknown_model_suggests(tmp_path: Path) -> None:
    result = invoke(["init", str(tmp_path / "x"), "--model", "pm-wheal"])
    assert result.exit_code == 2
    assert "did you mean 'pm-wheel'" in result.stderr
    assert not (tmp_path / "x").exists()


def test_models_lists_the_three_shipped_models() -> None:
    data = json.loads(invoke(["models", "--format", "json"]).stdout)
    ids = {m["id"]: m for m in data["models"]}
    assert set(ids) == {"pm-wheel", "svpg", "competency-toolkit"}
    assert ids["competency-toolkit"]["competencies"] == 12
    assert ids["competency-toolkit"]["scale"] == "0-4"
    table = invoke(["models"])
    assert table.exit_code == 0 and "svpg" in table.stdout


def test_gaps_match_hand_computation_on_a_zero_to_four_scale_with_alias_and_weights(tiny: Path) -> None:
    result = invoke(ws_args(tiny, "assess", "sam", "--set", "customer-empathy=1",
                            "--set", "problem-framing=3", "--set", "delivery=0",
                            "--date", "2026-11-20"))
    assert result.exit_code == 0, result.stderr
    data = json.loads(invoke(ws_args(tiny, "gaps", "sam", "--format", "json")).stdout)
    assert data["handle"] == "sam" and data["level"] == "senior"
    assert data["assessed_on"] == "2026-11-20"
    rows = [(g["competency"], g["rating"], g["expected"], g["gap"], g["weight"], g["priority"])
            for g in data["gaps"]]
    assert rows == [
        ("customer-insight", 1, 3, 2, 2.0, 4.0),
        ("delivery", 0, 4, 4, 0.5, 2.0),
        ("problem-framing", 3, 3, 0, 1.0, 0.0),
    ]
    assert data["focus"] == ["customer-insight", "delivery"]
    assert data["not_assessed"] == ["data-fluency"]
    # a new rating given under an alias is stored under the current id; a zero is a rating
    text = (tiny / "team" / "sam.yaml").read_text()
    assert "customer-insight: 1" in text and "customer-empathy" not in text
    assert "delivery: 0" in text


def test_rating_under_alias_in_file_maps_to_current_id(tiny: Path) -> None:
    person = tiny / "team" / "sam.yaml"
    person.write_text(person.read_text() + "assessment:\n  date: 2026-10-01\n  ratings:\n"
                      "    customer-empathy: 3\n"
                      "    data-fluency: {rating: 4, evidence: Ran the A/B review}\n")
    data = json.loads(invoke(ws_args(tiny, "gaps", "sam", "--format", "json")).stdout)
    by_id = {g["competency"]: g for g in data["gaps"]}
    assert by_id["customer-insight"]["rating"] == 3 and by_id["customer-insight"]["gap"] == 0
    assert by_id["data-fluency"]["gap"] == -2
    assert data["stale"] is False or data["assessed_on"] == "2026-10-01"


def test_assess_keeps_comments_and_key_order(workspace: Path) -> None:
    person = workspace / "team" / "alice.yaml"
    person.write_text(
        "# Alice joined from the claims team.\n"
        "name: Alice Chen   # preferred: Ali\n"
        "level: pm\n"
        "talking_points:\n"
        "  - Ask how the roadmap review went  # from the QBR\n"
        "assessment:\n"
        "  date: 2026-08-01\n"
        "  ratings:\n"
        "    # discovery first\n"
        "    customer-insight: 2  # still relies on sales for insight\n"
        "    delivery: {rating: 4, evidence: Shipped checkout v2}\n"
    )
    git(workspace, "commit", "-qam", "hand edit")
    result = invoke(ws_args(workspace, "assess", "alice", "--set", "customer-insight=3",
                            "--set", "data-fluency=2", "--date", "2026-11-20"))
    assert result.exit_code == 0, result.stderr
    text = person.read_text()
    for kept in ("# Alice joined from the claims team.", "# preferred: Ali", "# from the QBR",
                 "# discovery first", "# still relies on sales for insight",
                 "delivery: {rating: 4, evidence: Shipped checkout v2}"):
        assert kept in text, kept
    assert "customer-insight: 3" in text and "data-fluency: 2" in text
    assert text.index("talking_points") < text.index("assessment")
    assert "date: 2026-11-20" in text
    assert git(workspace, "log", "-1", "--format=%s").strip() == "assess(alice): 2 ratings changed"


def test_assess_self_records_self_assessment(workspace: Path) -> None:
    invoke(ws_args(workspace, "assess", "alice", "--set", "customer-insight=2"))
    result = invoke(ws_args(workspace, "assess", "alice", "--self", "--set", "customer-insight=4"))
    assert result.exit_code == 0, result.stderr
    data = json.loads(invoke(ws_args(workspace, "gaps", "alice", "--format", "json")).stdout)
    row = data["gaps"][0]
    assert row["rating"] == 2 and row["self_rating"] == 4 and row["self_difference"] == 2
    assert "self-assessment" in git(workspace, "log", "-1", "--format=%s")


def test_assess_carries_forward_earlier_ratings(workspace: Path) -> None:
    invoke(ws_args(workspace, "assess", "alice", "--set", "customer-insight=2", "--set", "delivery=3"))
    invoke(ws_args(workspace, "assess", "alice", "--set", "delivery=4"))
    data = json.loads(invoke(ws_args(workspace, "gaps", "alice", "--format", "json")).stdout)
    ratings = {g["competency"]: g["rating"] for g in data["gaps"]}
    assert ratings == {"customer-insight": 2, "delivery": 4}
    assert git(workspace, "log", "-1", "--format=%s").strip() == "assess(alice): 1 rating changed"


def test_assess_without_set_and_without_terminal_fails_at_once(workspace: Path) -> None:
    before = snapshot(workspace)
    result = invoke(ws_args(workspace, "assess", "alice"), input="")
    assert result.exit_code == 2
    assert "--set" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert snapshot(workspace) == before


@pytest.mark.parametrize(("args", "needle"), [
    (["--set", "customer-insight=9"], "outside the scale 1-5"),
    (["--set", "customer-insight=2.5"], "whole number"),
    (["--set", "customer-insite=2"], "did you mean 'customer-insight'"),
    (["--set", "customer-insight"], "ID=VALUE"),
    (["--set", "delivery=3", "--date", "20/11/2026"], "YYYY-MM-DD"),
])
def test_assess_bad_flags_change_nothing(workspace: Path, args: list[str], needle: str) -> None:
    before, commits = snapshot(workspace), commit_count(workspace)
    result = invoke(ws_args(workspace, "assess", "alice", *args))
    assert result.exit_code == 2
    assert needle in result.stderr
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(workspace) == before and commit_count(workspace) == commits


def test_rating_off_scale_in_file_names_file_and_line(workspace: Path) -> None:
    person = workspace / "team" / "alice.yaml"
    person.write_text(person.read_text() + "assessment:\n  date: 2026-11-20\n  ratings:\n"
                      "    delivery: 3\n    customer-insight: 9\n")
    line = person.read_text().splitlines().index("    customer-insight: 9") + 1
    result = invoke(ws_args(workspace, "gaps", "alice"))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: team/alice.yaml:{line}: rating 9 for customer-insight is outside the scale 1-5")


def test_add_validates_handle_level_and_duplicates(workspace: Path) -> None:
    before = snapshot(workspace)
    for args, needle in [
        (["add", "Bob", "--name", "Bob", "--level", "pm"], "invalid handle"),
        (["add", "../evil", "--name", "Bob", "--level", "pm"], "invalid handle"),
        (["add", "bob", "--name", "Bob", "--level", "snr"], "unknown level"),
        (["add", "alice", "--name", "Alice", "--level", "pm"], "already exists"),
    ]:
        result = invoke(ws_args(workspace, *args))
        assert result.exit_code == 2, args
        assert needle in result.stderr, (args, result.stderr)
    assert snapshot(workspace) == before


def test_add_writes_schema_line_and_commits(workspace: Path) -> None:
    text = (workspace / "team" / "alice.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../.pmkit/schemas/person.schema.json\n")
    assert git(workspace, "log", "-1", "--format=%s").strip() == "add(alice): Alice Chen, pm"


def test_note_queues_talking_points(workspace: Path) -> None:
    assert invoke(ws_args(workspace, "note", "alice", "Ask how the roadmap review went")).exit_code == 0
    assert invoke(ws_args(workspace, "note", "alice", "Praise the launch")).exit_code == 0
    text = (workspace / "team" / "alice.yaml").read_text()
    assert "  - Ask how the roadmap review went\n  - Praise the launch\n" in text
    assert commit_count(workspace) == 4


def test_no_commit_writes_without_committing(workspace: Path) -> None:
    commits = commit_count(workspace)
    result = invoke(["--no-commit", "-w", str(workspace), "note", "alice", "Hello"])
    assert result.exit_code == 0
    assert commit_count(workspace) == commits
    assert "Hello" in (workspace / "team" / "alice.yaml").read_text()


def test_global_options_after_the_command(workspace: Path) -> None:
    commits = commit_count(workspace)
    result = invoke(["note", "alice", "Later", "-w", str(workspace), "--no-commit"])
    assert result.exit_code == 0, result.stderr
    assert commit_count(workspace) == commits


def test_commit_never_sweeps_in_other_changes(workspace: Path) -> None:
    (workspace / "scratch.txt").write_text("private\n")
    git(workspace, "add", "scratch.txt")
    (workspace / "README.md").write_text("edited but not staged\n")
    assert invoke(ws_args(workspace, "note", "alice", "Hi")).exit_code == 0
    assert git(workspace, "show", "--name-only", "--format=", "HEAD").split() == ["team/alice.yaml"]
    status = git(workspace, "status", "--porcelain")
    assert "A  scratch.txt" in status and " M README.md" in status


def test_workspace_from_env_and_from_parent_folder(workspace: Path, tmp_path: Path) -> None:
    env_result = invoke(["gaps", "alice", "--format", "json"], env={"PMKIT_WORKSPACE": str(workspace)})
    assert env_result.exit_code == 0, env_result.stderr
    sub = workspace / "team"
    done = subprocess.run([sys.executable, "-m", "pmkit", "gaps", "alice", "--format", "json"],
                          cwd=sub, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    nowhere = subprocess.run([sys.executable, "-m", "pmkit", "gaps", "alice"], cwd=tmp_path,
                             capture_output=True, text=True, check=False,
                             env={**os.environ, "PMKIT_WORKSPACE": ""})
    assert nowhere.returncode == 2
    assert nowhere.stderr.startswith("error: no pmkit workspace here")


def test_gaps_table_and_markdown(workspace: Path) -> None:
    invoke(ws_args(workspace, "assess", "alice", "--set", "customer-insight=2", "--set", "delivery=5"))
    table = invoke(ws_args(workspace, "gaps", "alice"))
    assert table.exit_code == 0
    assert "Customer insight" in table.stdout and "not assessed" in table.stdout
    assert "\x1b[" not in table.stdout
    md = invoke(ws_args(workspace, "gaps", "alice", "--format", "md")).stdout
    assert md.startswith("# Gaps: Alice Chen")
    assert "| Competency |" in md or "| Area | Competency |" in md


def test_unknown_handle_suggests(workspace: Path) -> None:
    result = invoke(ws_args(workspace, "gaps", "alicia"))
    assert result.exit_code == 2
    assert "did you mean 'alice'" in result.stderr


def test_check_reports_every_problem_with_exit_1(workspace: Path) -> None:
    assert invoke(ws_args(workspace, "check")).exit_code == 0
    (workspace / "team" / "bob.yaml").write_text("name: Bob\nlevel: snr\n")
    (workspace / "team" / "carol.yaml").write_text("name: Carol\nlevel: pm\nratins: {}\n")
    result = invoke(ws_args(workspace, "check"))
    assert result.exit_code == 1
    assert "team/bob.yaml:2: unknown level 'snr'" in result.stdout
    assert "team/carol.yaml:3: unknown key 'ratins' (did you mean 'ratings'?)" in result.stdout


@pytest.mark.parametrize("kind", ["model", "person", "settings"])
def test_schema_prints_json_schema(kind: str) -> None:
    result = invoke(["schema", kind])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["type"] == "object" and "properties" in data


def test_outside_git_it_works_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    assert invoke(["--no-commit", "init", str(root)]).exit_code == 0
    shutil.rmtree(root / ".git", ignore_errors=True)
    result = invoke(ws_args(root, "add", "bo", "--name", "Bo", "--level", "pm"))
    assert result.exit_code == 0
    assert result.stderr.count("not a git repository") == 1
    assert (root / "team" / "bo.yaml").is_file()


def test_model_validation_errors(tmp_path: Path) -> None:
    bad = (DATA / "zero-four.yaml").read_text()
    cases = {
        "missing level": bad.replace("expected: {junior: 1, senior: 3}", "expected: {junior: 1}"),
        "rubric key": bad.replace("4: Teaches others to interview.", "7: Teaches others."),
        "duplicate id": bad.replace("id: data-fluency", "id: delivery"),
    }
    needles = {"missing level": "no target for level senior", "rubric key": "rubric key 7 is outside",
               "duplicate id": "duplicate id 'delivery'"}
    for name, text in cases.items():
        path = tmp_path / f"{name.replace(' ', '-')}.yaml"
        path.write_text(text)
        result = invoke(["init", str(tmp_path / name.replace(" ", "-")), "--model", str(path)])
        assert result.exit_code == 2, name
        assert needles[name] in result.stderr, (name, result.stderr)
        assert ".yaml:" in result.stderr


def test_cli_import_stays_light() -> None:
    """Start-up speed: importing the CLI must not pull in the heavy libraries."""
    code = ("import sys, pmkit.cli; heavy = [m for m in ('pydantic', 'jinja2', 'ruamel', 'rich', "
            "'markdown_it') if any(k == m or k.startswith(m + '.') for k in sys.modules)]; print(heavy)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=REPO_ROOT)
    assert done.stdout.strip() == "[]"


def test_version_flag() -> None:
    from pmkit import __version__

    result = invoke(["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"pmkit {__version__}"


def test_warm_gaps_imports_no_pydantic_and_cold_gives_the_same_answer(workspace: Path) -> None:
    """Start-up: once a file's validated form is cached, reading it needs no validator; a
    cold read builds its validator from the kept core schema, without pydantic's schema
    building, and with no kept schema (the cache turned off) pydantic builds it."""
    invoke(ws_args(workspace, "assess", "alice", "--set", "customer-insight=2", "--set", "delivery=4"))
    probe = ("import sys; sys.argv = ['pmkit'] + sys.argv[1:]\n"
             "from pmkit.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('pydantic' in sys.modules, 'pydantic_core' in sys.modules,\n"
             "      'pydantic_core._pydantic_core' in sys.modules, file=sys.stderr)\n")

    def run_gaps(**env: str) -> tuple[str, str]:
        done = subprocess.run([sys.executable, "-c", probe, "-w", str(workspace), "gaps", "alice",
                               "--format", "json"], capture_output=True, text=True, check=True,
                              env={**os.environ, **env})
        return done.stdout, done.stderr.strip().splitlines()[-1]

    kept = Path(os.environ["HOME"]) / "cache"
    shutil.rmtree(workspace / ".git" / "pmkit", ignore_errors=True)
    no_kept, no_kept_imported = run_gaps(PMKIT_CACHE_DIR="")
    shutil.rmtree(workspace / ".git" / "pmkit", ignore_errors=True)
    first, first_imported = run_gaps(PMKIT_CACHE_DIR=str(kept))  # builds, and keeps the schemas
    shutil.rmtree(workspace / ".git" / "pmkit", ignore_errors=True)
    cold, cold_imported = run_gaps(PMKIT_CACHE_DIR=str(kept))
    warm, warm_imported = run_gaps(PMKIT_CACHE_DIR=str(kept))
    assert no_kept_imported == first_imported == "True True True"
    # The kept schema needs only pydantic-core's compiled engine, not its typing layer.
    assert cold_imported == "False False True"
    assert warm_imported == "False False False"
    assert json.loads(cold) == json.loads(warm) == json.loads(no_kept) == json.loads(first)


@pytest.mark.parametrize(("args", "needle"), [
    (["--set", "delivery=3", "--evidence", "data-fluency=Ran the review"], "no rating to support"),
    (["--set", "delivery=3", "--set", "delivery=4"], "gives delivery twice"),
])
def test_assess_refuses_what_it_would_silently_drop(workspace: Path, args: list[str],
                                                    needle: str) -> None:
    before, commits = snapshot(workspace), commit_count(workspace)
    result = invoke(ws_args(workspace, "assess", "alice", *args))
    assert result.exit_code == 2 and needle in result.stderr
    assert snapshot(workspace) == before and commit_count(workspace) == commits


def test_no_terminal_example_uses_this_models_ids(tiny: Path) -> None:
    result = invoke(ws_args(tiny, "assess", "sam"), input="")
    assert result.exit_code == 2 and "--set customer-insight=3" in result.stderr
    result = invoke(["init", str(tiny.parent / "svpg"), "--model", "svpg"])
    other = invoke(["-w", str(tiny.parent / "svpg"), "add", "al", "--name", "Al", "--level", "pm"])
    assert other.exit_code == 0
    result = invoke(["-w", str(tiny.parent / "svpg"), "assess", "al"], input="")
    assert "--set customer-knowledge=3" in result.stderr


def test_unclosed_bracket_points_at_the_line_that_opened_it(workspace: Path) -> None:
    person = workspace / "team" / "alice.yaml"
    lines = person.read_text().splitlines()
    lines.append("talking_points: [Ask about the launch")
    lines.append("since: 2025-01-01")
    person.write_text("\n".join(lines) + "\n")
    result = invoke(ws_args(workspace, "gaps", "alice"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: team/alice.yaml:{len(lines) - 1}: invalid YAML")
