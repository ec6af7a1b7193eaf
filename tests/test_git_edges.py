"""Git in every awkward state a manager's repository can be in: never a lost word.

In each case the file pmkit writes is on disk afterwards, the message says in one line
whether it was committed and why not, and nothing else in the repository is touched:
not the user's staged changes, not their unstaged ones, not their index.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import commit_count, git, invoke

HERE = Path(__file__).resolve().parent
SMALL_MODEL = HERE / "hostile" / "model.yaml"


def pmkit(args: list[str], env: dict[str, str] | None = None,
          cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """pmkit as a real process (PATH and identity are the point of these tests)."""
    return subprocess.run([sys.executable, "-m", "pmkit", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, check=False)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    assert invoke(["init", str(root), "--model", str(SMALL_MODEL)]).exit_code == 0
    assert invoke(["-w", str(root), "add", "alice", "--name", "Alice Chen",
                   "--level", "pm"]).exit_code == 0
    return root


def talking_points(root: Path) -> str:
    return (root / "team" / "alice.yaml").read_text(encoding="utf-8")


def one_warning(stderr: str, *needles: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(("warning: ", "note: ")), lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]


# --- no git at all -------------------------------------------------------------------------


@pytest.fixture
def no_git_path(tmp_path: Path) -> dict[str, str]:
    """A PATH on which there is no git (python is called by its full path)."""
    empty = tmp_path / "bin-without-git"
    empty.mkdir()
    return {"PATH": str(empty)}


def test_without_git_init_and_add_write_the_files(tmp_path: Path,
                                                  no_git_path: dict[str, str]) -> None:
    root = tmp_path / "plain"
    made = pmkit(["init", str(root), "--model", str(SMALL_MODEL)], env=no_git_path)
    assert made.returncode == 0, made.stderr
    one_warning(made.stderr, "git is not installed", "no history")
    assert (root / "pmkit.yaml").is_file() and (root / "model.yaml").is_file()
    assert not (root / ".git").exists()
    added = pmkit(["-w", str(root), "add", "alice", "--name", "Alice Chen", "--level", "pm"],
                  env=no_git_path)
    assert added.returncode == 0, added.stderr
    one_warning(added.stderr, "git is not installed", "no history")
    assert "name: Alice Chen" in talking_points(root)
    noted = pmkit(["-w", str(root), "note", "alice", "Welcome chat"], env=no_git_path)
    assert noted.returncode == 0 and "Welcome chat" in talking_points(root)
    gaps = pmkit(["-w", str(root), "gaps", "alice", "--format", "json"], env=no_git_path)
    assert gaps.returncode == 0 and gaps.stderr == ""


def test_git_removed_from_a_git_workspace_keeps_the_write(ws: Path,
                                                          no_git_path: dict[str, str]) -> None:
    commits = commit_count(ws)
    noted = pmkit(["-w", str(ws), "note", "alice", "Written without git"], env=no_git_path)
    assert noted.returncode == 0
    one_warning(noted.stderr, "git is not installed")
    assert "Written without git" in talking_points(ws)
    assert commit_count(ws) == commits
    assert git(ws, "status", "--porcelain") == " M team/alice.yaml\n"  # there, for a later commit


def test_a_folder_that_is_not_a_repository(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert invoke(["--no-commit", "init", str(root), "--model", str(SMALL_MODEL)]).exit_code == 0
    assert not (root / ".git").exists()
    added = invoke(["-w", str(root), "add", "alice", "--name", "Alice Chen", "--level", "pm"])
    assert added.exit_code == 0
    one_warning(added.stderr, "not a git repository", "git init")
    assert (root / "team" / "alice.yaml").is_file()


# --- an empty repository ----------------------------------------------------------------------


def test_repository_without_commits_gets_its_first_commit(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    git(root, "init", "-q")
    (root / "notes.txt").write_text("my own file, not for pmkit\n")
    made = invoke(["init", str(root), "--model", str(SMALL_MODEL)])
    assert made.exit_code == 0 and made.stderr == ""
    assert commit_count(root) == 1
    committed = set(git(root, "show", "--name-only", "--format=", "HEAD").split())
    assert {"pmkit.yaml", "model.yaml"} <= committed
    assert "notes.txt" not in committed
    assert git(root, "status", "--porcelain") == "?? notes.txt\n"


def test_first_commit_made_by_a_later_command(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    git(root, "init", "-q")
    assert invoke(["--no-commit", "init", str(root), "--model", str(SMALL_MODEL)]).exit_code == 0
    unborn = subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=root,
                            capture_output=True, check=False)
    assert unborn.returncode != 0  # no commit yet
    added = invoke(["-w", str(root), "add", "alice", "--name", "Alice Chen", "--level", "pm"])
    assert added.exit_code == 0 and added.stderr == ""
    assert commit_count(root) == 1
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == ["team/alice.yaml"]
    assert "?? pmkit.yaml" in git(root, "status", "--porcelain")  # left for the user


# --- states where committing would be wrong ------------------------------------------------------


def test_detached_head_writes_but_does_not_commit(ws: Path) -> None:
    git(ws, "checkout", "-q", "--detach")
    head = git(ws, "rev-parse", "HEAD")
    result = invoke(["-w", str(ws), "note", "alice", "While detached"])
    assert result.exit_code == 0
    one_warning(result.stderr, "wrote team/alice.yaml but did not commit", "detached")
    assert "While detached" in talking_points(ws)
    assert git(ws, "rev-parse", "HEAD") == head
    assert git(ws, "status", "--porcelain") == " M team/alice.yaml\n"


def _conflicting_branches(root: Path) -> None:
    """A branch 'other' and main both change README.md, so merging or rebasing stops."""
    git(root, "checkout", "-q", "-b", "other")
    (root / "README.md").write_text("their version\n")
    git(root, "commit", "-q", "-am", "theirs")
    git(root, "checkout", "-q", "main")
    (root / "README.md").write_text("our version\n")
    git(root, "commit", "-q", "-am", "ours")


def test_merge_in_progress_writes_but_does_not_commit(ws: Path) -> None:
    _conflicting_branches(ws)
    merge = subprocess.run(["git", "merge", "other"], cwd=ws, capture_output=True, check=False)
    assert merge.returncode != 0 and (ws / ".git" / "MERGE_HEAD").exists()
    head = git(ws, "rev-parse", "HEAD")
    status_before = git(ws, "status", "--porcelain")
    result = invoke(["-w", str(ws), "note", "alice", "During the merge"])
    assert result.exit_code == 0
    one_warning(result.stderr, "did not commit", "a merge is in progress")
    assert "During the merge" in talking_points(ws)
    assert git(ws, "rev-parse", "HEAD") == head
    assert (ws / ".git" / "MERGE_HEAD").exists()  # the user's merge is untouched
    assert git(ws, "status", "--porcelain") == status_before + " M team/alice.yaml\n"


def test_rebase_in_progress_writes_but_does_not_commit(ws: Path) -> None:
    _conflicting_branches(ws)
    rebase = subprocess.run(["git", "rebase", "other"], cwd=ws, capture_output=True, check=False)
    assert rebase.returncode != 0
    assert (ws / ".git" / "rebase-merge").exists() or (ws / ".git" / "rebase-apply").exists()
    head = git(ws, "rev-parse", "HEAD")
    result = invoke(["-w", str(ws), "note", "alice", "During the rebase"])
    assert result.exit_code == 0
    one_warning(result.stderr, "did not commit", "a rebase is in progress")
    assert "During the rebase" in talking_points(ws)
    assert git(ws, "rev-parse", "HEAD") == head


# --- identity, hooks, signing ----------------------------------------------------------------


def test_no_identity_says_how_to_set_one(ws: Path, tmp_path: Path) -> None:
    home = tmp_path / "nobody"
    home.mkdir()
    (home / ".gitconfig").write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_AUTHOR", "GIT_COMMITTER"))}
    env.update({"HOME": str(home), "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
                "EMAIL": "", "PMKIT_WORKSPACE": str(ws)})
    commits = commit_count(ws)
    done = subprocess.run([sys.executable, "-m", "pmkit", "note", "alice", "Who am I"],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    one_warning(done.stderr, "did not commit", "git config --global user.name",
                "git config --global user.email", "will not invent")
    assert "Who am I" in talking_points(ws)
    assert commit_count(ws) == commits
    assert git(ws, "status", "--porcelain") == " M team/alice.yaml\n"  # nothing left staged


def test_new_file_with_no_identity_leaves_the_index_alone(ws: Path, tmp_path: Path) -> None:
    home = tmp_path / "nobody"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_AUTHOR", "GIT_COMMITTER"))}
    env.update({"HOME": str(home), "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"), "EMAIL": ""})
    done = subprocess.run([sys.executable, "-m", "pmkit", "-w", str(ws), "add", "bob", "--name",
                           "Bob Okafor", "--level", "pm"], capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 0
    one_warning(done.stderr, "did not commit", "user.email")
    assert (ws / "team" / "bob.yaml").is_file()
    assert git(ws, "status", "--porcelain") == "?? team/bob.yaml\n"


def _hook(root: Path, name: str, body: str) -> None:
    hook = root / ".git" / "hooks" / name
    hook.write_text("#!/bin/sh\n" + body)
    hook.chmod(0o755)


def test_rejecting_pre_commit_hook_keeps_the_file_and_says_why(ws: Path) -> None:
    _hook(ws, "pre-commit", "echo 'personal data check: remove phone numbers first' >&2\n"
          "exit 1\n")
    commits = commit_count(ws)
    result = invoke(["-w", str(ws), "note", "alice", "Call 555-0100"])
    assert result.exit_code == 0
    one_warning(result.stderr, "wrote team/alice.yaml but did not commit", "hook",
                "personal data check: remove phone numbers first")
    assert "Call 555-0100" in talking_points(ws)
    assert commit_count(ws) == commits
    assert git(ws, "status", "--porcelain") == " M team/alice.yaml\n"
    # once the hook is happy, the next command commits everything pmkit wrote
    (ws / ".git" / "hooks" / "pre-commit").unlink()
    assert invoke(["-w", str(ws), "note", "alice", "Second point"]).stderr == ""
    assert git(ws, "status", "--porcelain") == ""
    assert "Call 555-0100" in git(ws, "show", "HEAD:team/alice.yaml")


def test_rejecting_commit_msg_hook_is_reported(ws: Path) -> None:
    _hook(ws, "commit-msg", "echo 'commit message must name a ticket' >&2\nexit 1\n")
    result = invoke(["-w", str(ws), "note", "alice", "Ticketless"])
    assert result.exit_code == 0
    one_warning(result.stderr, "did not commit", "commit message must name a ticket")
    assert "Ticketless" in talking_points(ws)


def test_failing_commit_signing_is_reported(ws: Path) -> None:
    git(ws, "config", "commit.gpgsign", "true")
    git(ws, "config", "gpg.program", "false")
    result = invoke(["-w", str(ws), "note", "alice", "Signed?"])
    assert result.exit_code == 0
    one_warning(result.stderr, "did not commit", "git commit failed")
    assert "Signed?" in talking_points(ws)


# --- the user's own changes are theirs ---------------------------------------------------------


def test_unrelated_staged_and_unstaged_changes_stay_out_of_the_commit(ws: Path) -> None:
    assert invoke(["-w", str(ws), "add", "bob", "--name", "Bob Okafor",
                   "--level", "pm"]).exit_code == 0
    (ws / "README.md").write_text("# My coaching notes\n\nStaged, not for pmkit.\n")
    git(ws, "add", "README.md")
    bob = (ws / "team" / "bob.yaml")
    bob.write_text(bob.read_text(encoding="utf-8") + "role: Growth PM\n", encoding="utf-8")
    (ws / "scratch.txt").write_text("untracked\n")
    staged = git(ws, "diff", "--cached")
    unstaged = git(ws, "diff")
    result = invoke(["-w", str(ws), "note", "alice", "Only this file"])
    assert result.exit_code == 0 and result.stderr == ""
    assert git(ws, "show", "--name-only", "--format=", "HEAD").split() == ["team/alice.yaml"]
    assert git(ws, "diff", "--cached") == staged
    assert git(ws, "diff") == unstaged
    assert git(ws, "status", "--porcelain") == "M  README.md\n M team/bob.yaml\n?? scratch.txt\n"


def test_a_pmkit_file_staged_by_hand_is_committed_as_on_disk(ws: Path) -> None:
    alice = ws / "team" / "alice.yaml"
    alice.write_text(alice.read_text(encoding="utf-8") + "role: Payments PM\n", encoding="utf-8")
    git(ws, "add", "team/alice.yaml")
    assert invoke(["-w", str(ws), "note", "alice", "Staged first"]).stderr == ""
    committed = git(ws, "show", "HEAD:team/alice.yaml")
    assert "role: Payments PM" in committed and "Staged first" in committed
    assert git(ws, "status", "--porcelain") == ""


def test_workspace_inside_a_larger_repository(tmp_path: Path) -> None:
    top = tmp_path / "company"
    top.mkdir()
    git(top, "init", "-q")
    (top / "other.txt").write_text("someone else's file\n")
    git(top, "add", "other.txt")
    git(top, "commit", "-q", "-m", "start")
    (top / "other.txt").write_text("edited, not staged\n")
    root = top / "people" / "coaching"
    assert invoke(["init", str(root), "--model", str(SMALL_MODEL)]).exit_code == 0
    assert invoke(["-w", str(root), "add", "alice", "--name", "Alice Chen",
                   "--level", "pm"]).exit_code == 0
    names = git(top, "show", "--name-only", "--format=", "HEAD").split()
    assert names == ["people/coaching/team/alice.yaml"]
    assert git(top, "status", "--porcelain") == " M other.txt\n"


def test_workspace_in_a_linked_worktree(ws: Path, tmp_path: Path) -> None:
    linked = tmp_path / "linked"
    git(ws, "worktree", "add", "-q", "-b", "review", str(linked))
    assert (linked / ".git").is_file()
    result = invoke(["-w", str(linked), "note", "alice", "From the worktree"])
    assert result.exit_code == 0 and result.stderr == ""
    assert "From the worktree" in git(ws, "show", "review:team/alice.yaml")
    assert "From the worktree" not in talking_points(ws)


def test_no_commit_and_autocommit_false_write_without_committing(ws: Path) -> None:
    commits = commit_count(ws)
    assert invoke(["-w", str(ws), "--no-commit", "note", "alice", "No commit"]).exit_code == 0
    settings = ws / "pmkit.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("autocommit: true",
                                                                     "autocommit: false"))
    assert invoke(["-w", str(ws), "note", "alice", "Autocommit off"]).exit_code == 0
    assert commit_count(ws) == commits
    text = talking_points(ws)
    assert "No commit" in text and "Autocommit off" in text
