"""Git as managers really have it: filters, shallow and partial clones, a broken ``.git``
file, ownership and sparse checkouts, and commits that fail. Real repositories only."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import git, invoke

HERE = Path(__file__).resolve().parent
SMALL_MODEL = HERE / "hostile" / "model.yaml"
ROT13 = "tr a-zA-Z n-za-mN-ZA-M"


def staged(root: Path) -> str:
    """What the index holds that HEAD does not (intent-to-add entries included)."""
    return git(root, "diff", "--cached", "--name-status") + git(root, "diff", "--name-only",
                                                                "--diff-filter=A")


@pytest.fixture(scope="module")
def assessed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with three dated assessments of alice, one commit each."""
    root = tmp_path_factory.mktemp("assessed") / "ws"
    assert invoke(["init", str(root), "--model", str(SMALL_MODEL)]).exit_code == 0
    assert invoke(["-w", str(root), "add", "alice", "--name", "Alice Chen",
                   "--level", "pm"]).exit_code == 0
    for day, rating in (("2026-01-10", 1), ("2026-04-10", 2), ("2026-07-10", 3)):
        done = invoke(["-w", str(root), "assess", "alice", "--set", f"customer-insight={rating}",
                       "--date", day])
        assert done.exit_code == 0, done.stderr
    return root


def test_history_reads_old_versions_through_the_clean_and_smudge_filters(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert invoke(["init", str(root), "--model", str(SMALL_MODEL)]).exit_code == 0
    git(root, "config", "filter.rot.clean", ROT13)
    git(root, "config", "filter.rot.smudge", ROT13)
    (root / ".gitattributes").write_text("team/*.yaml filter=rot\n")
    git(root, "add", ".gitattributes")
    git(root, "commit", "-qm", "encrypt the team")
    assert invoke(["-w", str(root), "add", "alice", "--name", "Alice Chen",
                   "--level", "pm"]).exit_code == 0
    for day, rating in (("2026-01-10", 1), ("2026-04-10", 3)):
        assert invoke(["-w", str(root), "assess", "alice", "--set", f"customer-insight={rating}",
                       "--date", day]).exit_code == 0
    stored = git(root, "cat-file", "-p", "HEAD:team/alice.yaml")
    assert "anzr:" in stored  # the repository holds the scrambled bytes
    shown = invoke(["-w", str(root), "history", "alice", "--format", "json"])
    assert shown.exit_code == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert [e["ratings"] for e in data["assessments"]] == [{"customer-insight": 1}, {"customer-insight": 3}]
    assert data["skipped"] == []
    team = invoke(["-w", str(root), "team", "--format", "json"])
    assert team.exit_code == 0, team.stderr


def test_a_shallow_clone_says_history_stops_at_its_boundary(assessed: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{assessed}", str(clone))
    shown = invoke(["-w", str(clone), "history", "alice", "--format", "json"])
    assert shown.exit_code == 0, shown.stderr
    assert "shallow clone" in shown.stderr and "git fetch --unshallow" in shown.stderr
    assert [e["ratings"] for e in json.loads(shown.stdout)["assessments"]] == [{"customer-insight": 3}]
    team = invoke(["-w", str(clone), "team"])
    assert team.exit_code == 0 and "shallow clone" in team.stderr


def test_a_partial_clone_skips_versions_it_lacks_and_fetches_nothing(assessed: Path,
                                                                    tmp_path: Path) -> None:
    git(assessed, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "partial"
    git(tmp_path, "clone", "-q", "--filter=blob:none", f"file://{assessed}", str(clone))
    before = git(clone, "count-objects", "-v")
    shown = invoke(["-w", str(clone), "history", "alice", "--format", "json"])
    assert shown.exit_code == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert [e["ratings"] for e in data["assessments"]] == [{"customer-insight": 3}]
    assert data["skipped"] and all("partial clone" in s["reason"] for s in data["skipped"])
    assert git(clone, "count-objects", "-v") == before  # nothing fetched
    assert invoke(["-w", str(clone), "team"]).exit_code == 0


def test_a_git_file_pointing_nowhere_is_a_clear_error_and_creates_nothing(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert invoke(["init", str(root), "--model", str(SMALL_MODEL), "--no-commit"]).exit_code == 0
    shutil.rmtree(root / ".git", ignore_errors=True)
    elsewhere = tmp_path / "gone" / "repo.git"
    (root / ".git").write_text(f"gitdir: {elsewhere}\n")
    for args in (["add", "bob", "--name", "Bob", "--level", "pm"], ["team"], ["check"]):
        result = invoke(["-w", str(root), *args])
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert "no git repository there" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "gone").exists()
    assert not (root / "team" / "bob.yaml").exists()


def test_a_global_excludes_file_ignoring_yaml_leaves_nothing_staged(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert invoke(["init", str(root), "--model", str(SMALL_MODEL)]).exit_code == 0
    excludes = tmp_path / "global-ignore"
    excludes.write_text("*.yaml\n*.md\n")
    git(root, "config", "core.excludesFile", str(excludes))
    result = invoke(["-w", str(root), "add", "bob", "--name", "Bob", "--level", "pm"])
    assert result.exit_code == 0
    assert "git ignores team/bob.yaml" in result.stderr and "global-ignore" in result.stderr
    assert (root / "team" / "bob.yaml").is_file()
    assert staged(root) == ""
    assert git(root, "status", "--porcelain", "--ignored").strip() == "!! team/bob.yaml"


def test_a_commit_that_fails_leaves_no_intent_to_add_behind(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert invoke(["init", str(root), "--model", str(SMALL_MODEL)]).exit_code == 0
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = invoke(["-w", str(root), "add", "bob", "--name", "Bob", "--level", "pm"])
    assert result.exit_code == 0 and "no commits today" in result.stderr
    assert staged(root) == ""
    assert "?? team/" in git(root, "status", "--porcelain")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="needs to give the repository to another user")
def test_a_repository_owned_by_someone_else_says_how_to_trust_it(assessed: Path,
                                                               tmp_path: Path) -> None:
    owned = tmp_path / "owned"
    shutil.copytree(assessed, owned)
    subprocess.run(["chown", "-R", "nobody", str(owned)], check=True)
    result = invoke(["-w", str(owned), "history", "alice"])
    assert result.exit_code == 2
    assert "safe.directory" in result.stderr and f"safe.directory {owned}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_sparse_checkout_says_what_to_do(assessed: Path, tmp_path: Path) -> None:
    clone = tmp_path / "sparse"
    git(tmp_path, "clone", "-q", f"file://{assessed}", str(clone))
    git(clone, "sparse-checkout", "set", "--no-cone", "/*.yaml")
    missing = invoke(["-w", str(clone), "note", "alice", "Ask about the launch"])
    assert missing.exit_code == 2 and "git sparse-checkout add team" in missing.stderr
    added = invoke(["-w", str(clone), "add", "bob", "--name", "Bob", "--level", "pm"])
    assert added.exit_code == 0 and "sparse checkout" in added.stderr
    assert staged(clone) == ""
