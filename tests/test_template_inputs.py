"""Templates and 1:1 files as inputs: links out of the workspace, runaway templates,
bytes that are not UTF-8, and names or text with hidden characters."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from helpers import commit_count, invoke, snapshot

SMALL_MODEL = Path(__file__).resolve().parent / "hostile" / "model.yaml"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inputs") / "ws"
    assert invoke(["init", str(root), "--model", str(SMALL_MODEL)]).exit_code == 0
    assert invoke(["-w", str(root), "add", "alice", "--name", "Alice Chen",
                   "--level", "pm"]).exit_code == 0
    return root


@pytest.fixture
def ws(base: Path, tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(base, root, symlinks=True)
    return root


def refused(ws: Path, args: list[str], *needles: str) -> None:
    before, commits = snapshot(ws), commit_count(ws)
    result = invoke(["-w", str(ws), *args])
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1
    for needle in needles:
        assert needle in result.stderr, result.stderr
    assert snapshot(ws) == before and commit_count(ws) == commits


def test_template_and_one_on_one_links_out_of_the_workspace_are_refused(ws: Path,
                                                                        tmp_path: Path) -> None:
    outside = tmp_path / "outside.md.j2"
    outside.write_text("# from elsewhere\n")
    (ws / "templates").mkdir()
    (ws / "templates" / "plan.md.j2").symlink_to(outside)
    refused(ws, ["plan", "alice"], "templates/plan.md.j2", "outside the workspace")
    (ws / "templates" / "plan.md.j2").unlink()
    (ws / "templates").rmdir()
    (ws / "templates").symlink_to(tmp_path)
    refused(ws, ["plan", "alice"], "templates:", "outside the workspace")
    checked = invoke(["-w", str(ws), "check"])
    assert checked.exit_code == 1 and checked.stdout.count("outside the workspace") == 1
    (ws / "templates").unlink()
    (ws / "oneonones" / "alice").mkdir(parents=True)
    (ws / "oneonones" / "alice" / "2026-01-05.md").symlink_to(outside)
    refused(ws, ["oneonone", "alice", "--date", "2026-01-12"],
            "oneonones/alice/2026-01-05.md", "outside the workspace")


@pytest.mark.parametrize("body", [
    '{{ "x" * 1000000000 }}',
    '{{ [1] * 10**8 }}',
    '{{ "x"|center(1000000000) }}',
    '{{ "x".ljust(10**9) }}',
    '{{ "%0999999999d" % 1 }}',
    '{{ "{:>999999999}".format(1) }}',
    '{{ 9**9**9 }}',
    '{% for i in range(100000) %}{{ "y" * 100 }}{% endfor %}',
], ids=["repeat", "list", "filter", "method", "percent", "format", "power", "output"])
def test_a_runaway_template_is_stopped_with_a_clear_error(ws: Path, body: str) -> None:
    (ws / "templates").mkdir()
    (ws / "templates" / "plan.md.j2").write_text(body + "\n")
    started = time.monotonic()
    refused(ws, ["plan", "alice"], "templates/plan.md.j2")
    assert time.monotonic() - started < 5


def test_a_template_that_runs_too_long_is_stopped(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pmkit.documents.limits.MAX_SECONDS", 0.5)
    (ws / "templates").mkdir()
    (ws / "templates" / "plan.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n")
    started = time.monotonic()
    refused(ws, ["plan", "alice"], "templates/plan.md.j2", "ran for more than 0.5 seconds")
    assert time.monotonic() - started < 5


def test_a_template_that_is_not_utf8_names_the_file(ws: Path) -> None:
    (ws / "templates").mkdir()
    (ws / "templates" / "plan.md.j2").write_bytes(b"# Plan for \xff\xfe{{ name }}\n")
    refused(ws, ["plan", "alice"], "templates/plan.md.j2:1", "not valid UTF-8")
    checked = invoke(["-w", str(ws), "check"])
    assert checked.exit_code == 1 and "templates/plan.md.j2:1: not valid UTF-8" in checked.stdout


@pytest.mark.parametrize("text", ["Al\u202eice", "al\u200bice", "Ali\u2066ce\u2069", "\u200fBob"],
                         ids=["override", "zero-width", "isolate", "mark"])
def test_hidden_characters_in_names_and_text_are_refused(ws: Path, text: str) -> None:
    refused(ws, ["add", "bob", "--name", text, "--level", "pm"], "--name", "U+")
    refused(ws, ["note", "alice", f"Ask {text} about it"], "talking point", "U+")
    refused(ws, ["assess", "alice", "--set", "delivery=3", "--evidence", f"delivery={text}"],
            "--evidence delivery")
    path = ws / "team" / "alice.yaml"
    path.write_text(path.read_text().replace("Alice Chen", text))
    refused(ws, ["gaps", "alice"], "team/alice.yaml:", "U+")


def test_an_emoji_built_with_a_joiner_is_fine(ws: Path) -> None:
    assert invoke(["-w", str(ws), "note", "alice", "Ship it \U0001f469\u200d\U0001f4bb"]).exit_code == 0
