"""Hostile input: every file kind, broken every way we know, through every command that reads it.

Each broken case must give exit 2 and exactly one line on stderr, ``error: <file>:<line>: ...``
(the file and line where a file is involved), no traceback, no file changed and no commit.
``pmkit check`` instead exits 1 and lists the problem. A byte-order mark and CRLF line
endings are not hostile: they must simply work, and a write must keep them.

Commands that are not in the tree yet (``plan``, ``oneonone``, ``team``, ``history``,
``templates``) are skipped with a reason and run as soon as they exist; so are the 1:1 notes
and template cases, which need those commands.
"""
# full_snapshot() walks with os.path strings: it runs twice per case and Path is slower.
# ruff: noqa: PTH114, PTH115, PTH118, PTH123

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from helpers import git, invoke, isolate_git

# --- the commands, and what each one reads -----------------------------------------------

#: command name -> arguments; ``{h}`` is the handle under test.
COMMANDS: dict[str, list[str]] = {
    "gaps": ["gaps", "{h}"],
    "assess": ["assess", "{h}", "--set", "customer-insight=3", "--date", "2026-11-24"],
    "add": ["add", "{h}", "--name", "Carol Diaz", "--level", "pm"],
    "note": ["note", "{h}", "Ask about the pricing test"],
    "plan": ["plan", "{h}"],
    "oneonone": ["oneonone", "{h}", "--date", "2026-11-26"],
    "team": ["team"],
    "history": ["history", "{h}"],
    "check": ["check"],
}
#: commands that render a template of their own; run only by the template cases.
TEMPLATE_ONLY: dict[str, list[str]] = {
    "self-review": ["self-review", "{h}", "--date", "2026-11-26"],
    "conversation": ["conversation", "{h}", "--date", "2026-11-26"],
    "review": ["review", "{h}", "--date", "2026-11-26"],
}
WORKSPACE_COMMANDS = list(COMMANDS)  # everything reads pmkit.yaml and model.yaml
PERSON_COMMANDS = [c for c in COMMANDS if c != "add"]  # add carol never reads alice's file
HANDLE_COMMANDS = [c for c in COMMANDS if "{h}" in COMMANDS[c]]
NOTES_COMMANDS = ["oneonone", "check"]  # the latest earlier 1:1 file carries its action items
TEMPLATE_COMMANDS = ["plan", "oneonone", "check"]
# Commands that only render a template of their own: run in the template cases only.
COMMANDS.update({"report": ["report", "--output", "-"], "handbook": ["handbook", "--format", "html"]})
# The Markdown views rendered from templates (not in the lists above: they read what gaps
# and team read).
COMMANDS["gaps-md"] = ["gaps", "{h}", "--format", "md"]
COMMANDS["team-md"] = ["team", "--format", "md"]


def available() -> set[str]:
    from pmkit.cli.app import command_names

    names = set(command_names())
    return {key for key, args in {**COMMANDS, **TEMPLATE_ONLY}.items() if args[0] in names} | (
        {"templates"} if "templates" in names else set()
    )


AVAILABLE = available()


def require(command: str) -> None:
    base = COMMANDS[command][0] if command in COMMANDS else command
    if command not in AVAILABLE:
        pytest.skip(f"`pmkit {base}` is not in this tree yet; this case runs once it is")


# --- a realistic workspace, built once; each case gets its own copy ------------------------

HERE = Path(__file__).resolve().parent
SMALL_MODEL = HERE / "hostile" / "model.yaml"

PERSON = """\
# yaml-language-server: $schema=../.pmkit/schemas/person.schema.json
name: Alice Chen
level: pm
since: 2025-03-01
assessment:
  date: 2026-11-20
  model_version: 1
  ratings:
    customer-insight: 2   # interviews only with sales present
    delivery: {rating: 4, evidence: Shipped checkout v2 with the team}
talking_points:
  - Ask how the roadmap review went
"""

NOTES_FILE = "oneonones/alice/2026-11-19.md"
NOTES = """\
# 1:1 with Alice Chen, 2026-11-19

## Notes

Talked through the discovery backlog.

## Action items

- [ ] Alice: book two customer interviews
- [x] Dana: share the pricing deck
"""


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """init, add alice and bob, alice's file as a manager writes it, an earlier 1:1; committed."""
    with pytest.MonkeyPatch.context() as mp:
        isolate_git(tmp_path_factory.mktemp("hostile-home"), mp)
        root = tmp_path_factory.mktemp("hostile") / "ws"
        made = invoke(["init", str(root), "--manager", "Dana Lee", "--model", str(SMALL_MODEL)])
        assert made.exit_code == 0, made.stderr
        for handle, name, level in (("alice", "Alice Chen", "pm"), ("bob", "Bob Okafor", "senior")):
            result = invoke(["-w", str(root), "add", handle, "--name", name, "--level", level])
            assert result.exit_code == 0, result.stderr
        (root / "team" / "alice.yaml").write_text(PERSON, encoding="utf-8")
        (root / NOTES_FILE).parent.mkdir(parents=True)
        (root / NOTES_FILE).write_text(NOTES, encoding="utf-8")
        git(root, "add", "team/alice.yaml", NOTES_FILE)
        git(root, "commit", "-q", "-m", "alice: first assessment, by hand")
        checked = invoke(["-w", str(root), "check"])
        assert checked.exit_code == 0, checked.stdout + checked.stderr
        for command in ("gaps", "team"):  # warm the parse cache, as a manager's workspace is
            if command in AVAILABLE:
                run_cli(root, command)
    return root


@dataclass
class Workspace:
    root: Path
    outside: Path

    def read(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()

    def text(self, rel: str) -> str:
        return self.read(rel).decode("utf-8")


def fresh(pristine: Path, folder: Path) -> Workspace:
    folder.mkdir(parents=True)
    root = folder / "ws"
    shutil.copytree(pristine, root, symlinks=True)
    outside = folder / "outside"
    outside.mkdir()
    return Workspace(root, outside)


@pytest.fixture
def ws(pristine: Path, tmp_path: Path) -> Workspace:
    return fresh(pristine, tmp_path / "case")


# --- what every refusal must look like ---------------------------------------------------

Tree = dict[str, bytes]


def full_snapshot(w: Workspace) -> Tree:
    """Every file of the workspace, its git folder (but pmkit's cache) and the outside folder.

    Symbolic links are recorded as links, so a write through one is seen too. (Plain
    string paths: this runs twice per case, so it has to be quick.)
    """
    out: Tree = {}
    for base, name in ((str(w.root), "ws"), (str(w.outside), "outside")):
        skip = os.path.join(base, ".git", "pmkit")
        for folder, dirs, files in os.walk(base):
            if folder == os.path.join(base, ".git"):
                dirs[:] = [d for d in dirs if os.path.join(folder, d) != skip]
            links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
            for entry in files + links:
                path = os.path.join(folder, entry)
                key = name + path[len(base):]
                if os.path.islink(path):
                    out[key] = b"link:" + os.readlink(path).encode()
                elif not stat.S_ISREG(os.lstat(path).st_mode):
                    out[key] = b"special:%o" % os.lstat(path).st_mode  # a pipe: never open it
                else:
                    with open(path, "rb") as handle:
                        out[key] = handle.read()
    return out


def tree_diff(before: Tree, after: Tree) -> str:
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return ", ".join(changed[:8]) + (" ..." if len(changed) > 8 else "")


def run_cli(root: Path | None, command: str, handle: str = "alice") -> tuple[int, str, str]:
    args = [a.replace("{h}", handle) for a in {**COMMANDS, **TEMPLATE_ONLY}[command]]
    if root is not None:
        args = ["-w", str(root), *args]
    result = invoke(args)
    return result.exit_code, result.stdout, result.stderr


def assert_refused(w: Workspace, command: str, *, handle: str = "alice", file: str | None,
                   line: int | None, message: str, fatal: bool = False,
                   before: Tree | None = None) -> str:
    """Run ``command`` and check the refusal; returns the one problem line.

    ``before`` is the tree as it must stay (default: as it is now).
    """
    if before is None:
        before = full_snapshot(w)
    code, out, err = run_cli(w.root, command, handle)
    assert "Traceback" not in out + err
    assert "error: unexpected " not in err, err
    if command == "check" and not fatal:
        assert code == 1, f"check should find the problem (exit 1), got {code}: {out}{err}"
        problems = [ln for ln in out.splitlines() if message in ln]
        assert problems, f"check did not list {message!r}:\n{out}{err}"
        shown = problems[0]
    else:
        assert code == 2, f"exit {code}, stdout={out!r}, stderr={err!r}"
        assert out == "", f"a refused command printed {out!r}"
        lines = err.splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
        shown = lines[0]
        assert shown.startswith("error: "), shown
        assert message in shown, f"{message!r} not in {shown!r}"
    if file is not None:
        prefix = f"{file}:{line}: " if line is not None else f"{file}"
        assert prefix in shown, f"{prefix!r} not in {shown!r}"
    after = full_snapshot(w)
    assert after == before, f"a refused command changed {tree_diff(before, after)}"
    return shown


# --- the corpus ----------------------------------------------------------------------------

Edit = Callable[[Workspace], None]


@dataclass(frozen=True)
class Case:
    id: str
    file: str | None            # workspace-relative file the case breaks (None: no file involved)
    edit: Edit
    message: str                # a substring the one-line error must contain
    line: int | None = None     # the line the error must name (None: not checked)
    commands: list[str] = field(default_factory=list)
    fatal: bool = False         # no workspace left to check: `check` exits 2 as well


def write(rel: str, data: str | bytes) -> Edit:
    def edit(w: Workspace) -> None:
        path = w.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return edit


def replace(rel: str, old: str, new: str, count: int = 1) -> Edit:
    def edit(w: Workspace) -> None:
        text = w.text(rel)
        assert old in text, f"{old!r} not in {rel}"
        (w.root / rel).write_text(text.replace(old, new, count), encoding="utf-8")
    return edit


def add_after(rel: str, anchor: str, extra: str) -> Edit:
    return replace(rel, anchor, anchor + extra)


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)
DEEP_FLOW = "name: Alice\nlevel: pm\nplan: " + "[" * 400 + "]" * 400 + "\n"
DEEP_BLOCK = "name: Alice\nlevel: pm\nplan:\n" + "".join(
    "  " * (i + 1) + f"k{i}:\n" for i in range(120)) + "  " * 121 + "x: 1\n"
BIG = "# " + "x" * (1024 * 1024) + "\n"
S, M, P = "pmkit.yaml", "model.yaml", "team/alice.yaml"


def _conflicted(text: str) -> str:
    """Lines 4 and 5 of the file become an unresolved conflict (markers from line 4)."""
    lines = text.splitlines(keepends=True)
    return ("".join(lines[:3]) + "<<<<<<< HEAD\n" + lines[3] + "=======\n" + lines[3]
            + ">>>>>>> theirs\n" + "".join(lines[4:]))


def _bytes_edit(rel: str, change: Callable[[bytes], bytes]) -> Edit:
    def edit(w: Workspace) -> None:
        (w.root / rel).write_bytes(change(w.read(rel)))
    return edit


def _make_folder(rel: str) -> Edit:
    def edit(w: Workspace) -> None:
        path = w.root / rel
        path.unlink()
        path.mkdir()
        (path / "inside.txt").write_text("x")
    return edit


def _symlink_out(rel: str, to_folder: bool = False) -> Edit:
    def edit(w: Workspace) -> None:
        target = w.outside if to_folder else w.outside / Path(rel).name
        if not to_folder:
            target.write_bytes(w.read(rel))
        (w.root / rel).unlink()
        (w.root / rel).symlink_to(target)
    return edit


def _make_pipe(rel: str) -> Edit:
    def edit(w: Workspace) -> None:
        (w.root / rel).unlink()
        os.mkfifo(w.root / rel)
    return edit


def generic_cases(rel: str, commands: list[str]) -> list[Case]:
    """The breakages any YAML file can suffer."""
    kind = {S: "settings", M: "model", P: "person"}[rel]

    def case(name: str, edit: Edit, message: str, line: int | None) -> Case:
        fatal = rel == S and name in {"is-a-folder", "is-a-pipe"}
        return Case(f"{kind}-{name}", rel, edit, message, line, commands, fatal)

    return [
        case("empty", write(rel, ""), "the file is empty", 1),
        case("only-comments", write(rel, "# nothing yet\n\n"), "the file is empty", 1),
        case("list-not-mapping", write(rel, "- name: Alice\n- level: pm\n"), "found a list", 1),
        case("text-not-mapping", write(rel, "just some words\n"), "found a str", 1),
        case("tab-indent", write(rel, "a:\n\tb: 1\n"), "tab character", 2),
        case("not-utf8", _bytes_edit(rel, lambda b: b.replace(b"\n", b"\n# caf\xe9\n", 1)),
             "not valid UTF-8", 2),
        case("latin1", _bytes_edit(rel, lambda b: b.decode().replace("a", "\u00e4").encode(
            "latin-1")), "not valid UTF-8", None),
        case("utf16", _bytes_edit(rel, lambda b: b.decode().encode("utf-16")),
             "not valid UTF-8", 1),
        case("nul-byte", _bytes_edit(rel, lambda b: b.replace(b"\n", b"\nx: a\0b\n", 1)),
             "control character", 2),
        case("too-large", _bytes_edit(rel, lambda b: b + BIG.encode()), "too large", None),
        case("alias-bomb", write(rel, ALIAS_BOMB), "too many YAML aliases", 2),
        case("deep-flow", write(rel, DEEP_FLOW), "nested too deeply", 3),
        case("deep-block", write(rel, DEEP_BLOCK), "nested too deeply", None),
        case("conflict", _bytes_edit(rel, lambda b: _conflicted(b.decode()).encode()),
             "unresolved merge conflict", 4),
        case("conflict-crlf", _bytes_edit(rel, lambda b: _conflicted(b.decode()).replace(
            "\n", "\r\n").encode()), "unresolved merge conflict", 4),
        case("unclosed-bracket", _bytes_edit(rel, lambda b: b + b"extra: [1, 2\n"),
             "invalid YAML", None),
        case("complex-key", _bytes_edit(rel, lambda b: b + b"? [a, b]\n: c\n"),
             "a key must be a plain word or number", None),
        case("python-tag", _bytes_edit(rel, lambda b: b.replace(
            b"\n", b"\nx: !!python/object/apply:os.system [echo hi]\n", 1)),
             "unsupported YAML tag '!!python/object/apply:os.system'", 2),
        case("binary", _bytes_edit(rel, lambda b: b.replace(b"\n", b"\nx: !!binary aGk=\n", 1)),
             "binary data", 2),
        case("two-documents", _bytes_edit(rel, lambda b: b + b"---\nname: other\n"),
             "more than one YAML document", None),
        case("line-break-in-key", _bytes_edit(rel, lambda b: b + "na\u2028me\x85: x\n".encode()),
             "unknown key 'na\\u2028me", None),
        case("yaml-directive", _bytes_edit(rel, lambda b: b"%YAML 1.3\n---\n" + b),
             "invalid YAML", None),
        case("escape-in-key", _bytes_edit(rel, lambda b: b + b'"na\\eme": x\n'),
             "a key holds a control character (U+001B)", None),
        case("is-a-folder", _make_folder(rel), "folder", None),
        case("is-a-pipe", _make_pipe(rel), "not a regular file", None),
        case("too-many-lines", _bytes_edit(rel, lambda b: b + b"# x\n" * 20_001),
             "lines", None),
    ]


SETTINGS_CASES = [
    *generic_cases(S, WORKSPACE_COMMANDS),
    Case("settings-duplicate-key", S, add_after(
        S, "cadence_days: 7            # days between 1:1s\n", "cadence_days: 14\n"),
         "duplicate key 'cadence_days'", 6, WORKSPACE_COMMANDS),
    Case("settings-misspelt-key", S, replace(S, "cadence_days:", "cadense_days:"),
         "unknown key 'cadense_days' (did you mean 'cadence_days'?)", 5, WORKSPACE_COMMANDS),
    Case("settings-misspelt-nested-key", S, replace(S, "horizon_days:", "horizon_dayz:"),
         "did you mean 'horizon_days'?", 9, WORKSPACE_COMMANDS),
    Case("settings-number-as-text", S, replace(S, "cadence_days: 7 ", "cadence_days: weekly"),
         "expected a whole number", 5, WORKSPACE_COMMANDS),
    Case("settings-number-negative", S, replace(S, "cadence_days: 7 ", "cadence_days: -7"),
         "cadence_days", 5, WORKSPACE_COMMANDS),
    Case("settings-horizon-huge", S, replace(S, "horizon_days: 90 ", "horizon_days: " + "9" * 30),
         "must be at most 3650", 9, WORKSPACE_COMMANDS),
    Case("settings-cadence-too-long", S, replace(S, "cadence_days: 7 ", "cadence_days: 9999 "),
         "must be at most 365", 5, WORKSPACE_COMMANDS),
    Case("settings-bool-as-text", S, replace(S, "autocommit: true", "autocommit: maybe"),
         "git.autocommit", 11, WORKSPACE_COMMANDS),
    Case("settings-plan-is-list", S, lambda w: (w.root / S).write_text(
        w.text(S).split("plan:")[0] + "plan: [3, 90]\n", encoding="utf-8"),
         "expected a mapping", 7, WORKSPACE_COMMANDS),
    Case("settings-missing-model", S, replace(S, "model: model.yaml", "model: modle.yaml"),
         "the model file modle.yaml does not exist", 4, WORKSPACE_COMMANDS),
    Case("settings-model-outside", S, replace(S, "model: model.yaml", "model: ../model.yaml"),
         "outside the workspace", 4, WORKSPACE_COMMANDS),
    Case("settings-model-absolute", S, replace(S, "model: model.yaml", "model: /etc/hostname"),
         "outside the workspace", 4, WORKSPACE_COMMANDS),
    Case("settings-model-name-too-long", S, replace(S, "model: model.yaml", "model: " + "m" * 300),
         "cannot be used", 4, WORKSPACE_COMMANDS),
    Case("settings-model-is-folder", S, replace(S, "model: model.yaml", "model: team"),
         "is a folder", 4, WORKSPACE_COMMANDS),
    Case("settings-model-nul", S, replace(S, "model: model.yaml", 'model: "model\\0.yaml"'),
         "control character (U+0000", 4, WORKSPACE_COMMANDS),
]

MODEL_CASES = [
    *generic_cases(M, WORKSPACE_COMMANDS),
    Case("model-deleted", S, lambda w: (w.root / M).unlink(),
         "the model file model.yaml does not exist", 4, WORKSPACE_COMMANDS),
    Case("model-symlink-outside", S, _symlink_out(M), "symbolic link outside the workspace", 4,
         WORKSPACE_COMMANDS),
    Case("model-duplicate-key", M, replace(M, "version: 1\n", "version: 1\nversion: 2\n"),
         "duplicate key 'version'", 5, WORKSPACE_COMMANDS),
    Case("model-misspelt-key", M, replace(M, "\nlevels:\n", "\nlevles:\n"),
         "unknown key 'levles' (did you mean 'levels'?)", 11, WORKSPACE_COMMANDS),
    Case("model-misspelt-competency-key", M, replace(M, "        rubric:\n", "        rubrik:\n"),
         "unknown key 'rubrik' (did you mean 'rubric'?)", 27, WORKSPACE_COMMANDS),
    Case("model-scale-label-missing", M, replace(M, "  3: Proficient\n", "  3:\n"),
         "scale.3", 8, WORKSPACE_COMMANDS),
    Case("model-scale-key-text", M, replace(M, "  3: Proficient\n", "  three: Proficient\n"),
         "scale", 8, WORKSPACE_COMMANDS),
    Case("model-scale-gap", M, replace(M, "  3: Proficient\n", ""),
         "consecutive", 5, WORKSPACE_COMMANDS),
    Case("model-duplicate-competency", M, replace(M, "      - id: problem-framing\n",
                                                  "      - id: customer-insight\n"),
         "duplicate id 'customer-insight'", 35, WORKSPACE_COMMANDS),
    Case("model-bad-id", M, replace(M, "      - id: problem-framing\n",
                                    "      - id: Problem Framing\n"),
         "not a valid id", 35, WORKSPACE_COMMANDS),
    Case("model-expected-misses-level", M, replace(M, "{apm: 2, pm: 3, senior: 4}",
                                                   "{apm: 2, pm: 3}"),
         "no target for level senior", 26, WORKSPACE_COMMANDS),
    Case("model-expected-unknown-level", M, replace(M, "senior: 4}", "senior: 4, seniro: 4}"),
         "unknown level 'seniro' (did you mean 'senior'?)", 26, WORKSPACE_COMMANDS),
    Case("model-expected-off-scale", M, replace(M, "senior: 4}", "senior: 9}"),
         "outside the scale 1-5", 26, WORKSPACE_COMMANDS),
    Case("model-expected-as-text", M, replace(M, "pm: 3,", "pm: three,"),
         "expected.pm", 26, WORKSPACE_COMMANDS),
    Case("model-rubric-off-scale", M, replace(M, "          5: Coaches", "          7: Coaches"),
         "rubric key 7 is outside the scale", 30, WORKSPACE_COMMANDS),
    Case("model-weight-text", M, replace(M, "weight: 2", "weight: heavy"),
         "weight", 25, WORKSPACE_COMMANDS),
    Case("model-weight-nan", M, replace(M, "weight: 2", "weight: .nan"),
         "weight", 25, WORKSPACE_COMMANDS),
    Case("model-no-levels", M, replace(M, "levels:\n", "levels: []\nold_levels:\n"),
         "levels", None, WORKSPACE_COMMANDS),
    Case("model-version-text", M, replace(M, "version: 1\n", "version: one\n"),
         "expected a whole number", 4, WORKSPACE_COMMANDS),
]


def person_case(name: str, old: str, new: str, message: str, line: int | None) -> Case:
    return Case(f"person-{name}", P, replace(P, old, new), message, line, PERSON_COMMANDS)


RATING = "    customer-insight: 2 "

PERSON_CASES = [
    *generic_cases(P, PERSON_COMMANDS),
    person_case("duplicate-key", "level: pm\n", "level: pm\nlevel: senior\n",
                "duplicate key 'level'", 4),
    person_case("duplicate-rating", RATING, "    customer-insight: 3\n" + RATING,
                "duplicate key 'customer-insight'", 10),
    person_case("misspelt-ratings", "  ratings:\n", "  ratins:\n",
                "unknown key 'ratins' (did you mean 'ratings'?)", 8),
    person_case("misspelt-top-key", "talking_points:", "talking_point:",
                "did you mean 'talking_points'?", 11),
    person_case("ratings-at-top", "talking_points:", "ratings: {delivery: 3}\ntalking_points:",
                "unknown key 'ratings'", 11),
    person_case("date-slashes", "  date: 2026-11-20", "  date: 20/11/2026",
                "expected a date as YYYY-MM-DD", 6),
    person_case("date-us", "  date: 2026-11-20", "  date: 11/20/2026",
                "expected a date as YYYY-MM-DD", 6),
    person_case("date-words", "  date: 2026-11-20", "  date: Nov 20 2026",
                "expected a date as YYYY-MM-DD", 6),
    person_case("date-impossible", "  date: 2026-11-20", "  date: 2026-02-30",
                "'2026-02-30' is not a real date", 6),
    person_case("date-quoted-impossible", "  date: 2026-11-20", "  date: '2026-02-30'",
                "not a real date", 6),
    person_case("date-with-time", "  date: 2026-11-20", "  date: 2026-11-20T09:30:00",
                "expected a date as YYYY-MM-DD", 6),
    person_case("date-short", "since: 2025-03-01", "since: 2025-3-1",
                "expected a date as YYYY-MM-DD", 4),
    person_case("date-number", "since: 2025-03-01", "since: 20250301",
                "expected a date as YYYY-MM-DD", 4),
    person_case("date-missing", "  date: 2026-11-20\n", "", "missing required key 'date'", 5),
    person_case("rating-text", RATING, "    customer-insight: two ",
                "must be a whole number, got 'two'", 9),
    person_case("rating-quoted", RATING, "    customer-insight: '2' ",
                "must be a whole number", 9),
    person_case("rating-fraction", RATING, "    customer-insight: 2.5 ",
                "must be a whole number, got 2.5", 9),
    person_case("rating-bool", RATING, "    customer-insight: yes ",
                "must be a whole number", 9),
    person_case("rating-empty", RATING, "    customer-insight: ", "must be a whole number", 9),
    person_case("rating-list", RATING, "    customer-insight: [2, 3] ",
                "must be a whole number", 9),
    person_case("rating-off-scale", RATING, "    customer-insight: 9 ",
                "rating 9 for customer-insight is outside the scale 1-5", 9),
    person_case("rating-negative", RATING, "    customer-insight: -1 ",
                "outside the scale 1-5", 9),
    person_case("rating-huge", RATING, "    customer-insight: " + "9" * 40 + " ",
                "outside the scale 1-5", 9),
    person_case("rating-detail-text", "{rating: 4,", "{rating: four,",
                "must be a whole number", 10),
    person_case("rating-detail-no-rating", "{rating: 4, evidence:", "{evidence:",
                "missing its 'rating' key", 10),
    person_case("rating-detail-misspelt", "{rating: 4, evidence:", "{rating: 4, evidance:",
                "unknown key 'evidance' (did you mean 'evidence'?)", 10),
    person_case("unknown-competency", RATING, "    customer-insigth: 2 ",
                "unknown competency 'customer-insigth' (did you mean 'customer-insight'?)", 9),
    person_case("competency-underscore", "    delivery: {", "    data_fluency: 3\n    delivery: {",
                "unknown competency 'data_fluency' (did you mean 'data-fluency'?)", 10),
    person_case("same-competency-twice", "    delivery: {", "    framing: 3\n    "
                "problem-framing: 2\n    delivery: {", "the same competency", 11),
    person_case("unknown-level", "level: pm\n", "level: pmm\n",
                "unknown level 'pmm' (did you mean 'pm'?)", 3),
    person_case("level-capitals", "level: pm\n", "level: PM\n", "unknown level 'PM'", 3),
    person_case("level-list", "level: pm\n", "level: [pm]\n", "expected text", 3),
    person_case("name-missing", "name: Alice Chen\n", "", "missing required key 'name'", 1),
    person_case("name-empty", "name: Alice Chen\n", "name: ''\n", "name", 2),
    person_case("name-escape-code", "name: Alice Chen", 'name: "Alice\\e[31mChen"',
                "a text value holds a control character (U+001B", 2),
    person_case("evidence-nul", "evidence: Shipped checkout v2 with the team}",
                'evidence: "Ship\\0ped"}', "control character (U+0000", 10),
    person_case("name-mapping", "name: Alice Chen\n", "name: {first: Alice}\n",
                "expected text", 2),
    Case("person-ratings-list", P, lambda w: (w.root / P).write_text(
        w.text(P).split("  ratings:")[0] + "  ratings: [customer-insight, delivery]\n",
        encoding="utf-8"), "expected a mapping", 8, PERSON_COMMANDS),
    person_case("talking-points-text", "talking_points:\n  - Ask",
                "talking_points: Ask", "expected a list", 11),
    person_case("talking-point-empty", "  - Ask how the roadmap review went", "  - ",
                "talking_points.0", 12),
    Case("person-assessment-text", P, lambda w: (w.root / P).write_text(
        w.text(P).split("assessment:")[0] + "assessment: soon\n", encoding="utf-8"),
         "expected a mapping", 5, PERSON_COMMANDS),
    person_case("plan-unknown-focus", "talking_points:",
                "plan:\n  focus: [discvery, customer-insight]\ntalking_points:",
                "unknown competency 'discvery'", 12),
    person_case("plan-goal-unknown", "talking_points:",
                "plan:\n  goals:\n    custmer-insight: Interview weekly\ntalking_points:",
                "did you mean 'customer-insight'?", 13),
    person_case("self-assessment-off-scale", "talking_points:",
                "self_assessment:\n  date: 2026-11-18\n  ratings: {delivery: 0}\ntalking_points:",
                "rating 0 for delivery is outside the scale 1-5", 13),
    Case("person-symlink-outside", P, _symlink_out(P),
         "symbolic link to a file outside the workspace", None, PERSON_COMMANDS),
    Case("person-symlink-to-outside-folder", P, _symlink_out(P, to_folder=True),
         "outside the workspace", None, PERSON_COMMANDS),
]

#: 1:1 notes are Markdown the manager writes into; only what cannot be read is an error.
NOTES_CASES = [
    Case("notes-not-utf8", NOTES_FILE, _bytes_edit(NOTES_FILE, lambda b: b.replace(
        b"discovery", b"d\xe9couverte")), "not valid UTF-8", 5, ["oneonone", "check"]),
    Case("notes-too-large", NOTES_FILE, _bytes_edit(NOTES_FILE, lambda b: b + BIG.encode()),
         "too large", None, ["oneonone", "check"]),
    Case("notes-conflict", NOTES_FILE, _bytes_edit(NOTES_FILE, lambda b: b.replace(
        b"- [ ] Alice", b"<<<<<<< HEAD\n- [ ] Alice") + b"=======\n>>>>>>> theirs\n"),
         "unresolved merge conflict", 9, ["oneonone", "check"]),
]

ALL_CASES = SETTINGS_CASES + MODEL_CASES + PERSON_CASES + NOTES_CASES


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda case: case.id)
def test_broken_file_is_refused_by_every_command(pristine: Path, tmp_path: Path,
                                                 case: Case) -> None:
    """One broken file, then every command that reads it, one after the other.

    A refusal changes nothing, so the commands share one copy of the workspace; after a
    failing command the copy is rebuilt, so that every command's failure is reported.
    """
    w = fresh(pristine, tmp_path / "case")
    case.edit(w)
    before = full_snapshot(w)
    failures: list[str] = []
    ran = 0
    for number, command in enumerate(case.commands):
        if command not in AVAILABLE:
            continue  # a command not in the tree yet: it joins in as soon as it is
        ran += 1
        try:
            assert_refused(w, command, handle="carol" if command == "add" else "alice",
                           file=case.file, line=case.line, message=case.message,
                           fatal=case.fatal, before=before)
        except AssertionError as exc:
            failures.append(f"pmkit {command}: {' '.join(str(exc).split())[:400]}")
            w = fresh(pristine, tmp_path / f"again-{number}")
            case.edit(w)
            before = full_snapshot(w)
    assert ran, f"none of {case.commands} is in this tree"
    assert not failures, "\n".join(failures)


def test_the_corpus_covers_the_commands() -> None:
    """Every file kind meets every command that reads it (the list grows with the tree)."""
    assert {"gaps", "assess", "add", "note", "check"} <= AVAILABLE
    kinds = {S: SETTINGS_CASES, M: MODEL_CASES, P: PERSON_CASES}
    for cases in kinds.values():
        assert len(cases) >= 25
    assert all(set(c.commands) >= {"gaps", "assess", "note", "check"} for c in ALL_CASES
               if c.file in kinds)


# --- handles -------------------------------------------------------------------------------

BAD_HANDLES = ["Alice", "ALICE", "ali ce", " alice", "alice ", "alicé", "アリス", "..", "a..b",
               "../alice", "team/alice", "a/b", "alice\\bob", ".alice", "_alice", "", "a" * 65,
               "alice\n", "alice.yaml/..", "\x00", "al\x00ice", "~alice", "$HOME", "*"]


@pytest.mark.parametrize("command", HANDLE_COMMANDS)
def test_invalid_handles_are_refused_before_any_file(ws: Workspace, command: str) -> None:
    require(command)
    for handle in BAD_HANDLES:
        shown = assert_refused(ws, command, handle=handle, file=None, line=None,
                               message="invalid handle")
        assert "lowercase letters" in shown


@pytest.mark.parametrize("command", [c for c in HANDLE_COMMANDS if c != "add"])
def test_unknown_handle_suggests_the_closest(ws: Workspace, command: str) -> None:
    require(command)
    shown = assert_refused(ws, command, handle="alcie", file=None, line=None,
                           message="no PM with handle 'alcie'")
    assert "did you mean 'alice'?" in shown


def test_add_existing_handle_is_refused(ws: Workspace) -> None:
    assert_refused(ws, "add", handle="alice", file="team/alice.yaml", line=None,
                   message="already exists")


def _refused_args(w: Workspace, args: list[str], message: str) -> str:
    before = full_snapshot(w)
    result = invoke(["-w", str(w.root), *args])
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr, result.stderr
    assert full_snapshot(w) == before
    return result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--set", "custmer-insight=3"], "did you mean 'customer-insight'?"),
    (["--set", "delivery=3", "--evidence", "custmer-insight=x"], "did you mean 'customer-insight'?"),
    (["--set", "customer-insight=three"], "must be a whole number"),
    (["--set", "customer-insight=2.5"], "must be a whole number"),
    (["--set", "customer-insight=9"], "outside the scale 1-5"),
    (["--set", "customer-insight=0"], "outside the scale 1-5"),
    (["--set", "customer-insight"], "ID=VALUE"),
    (["--set", "=3"], "ID=VALUE"),
    (["--set", "customer-insight=3", "--date", "20/11/2026"], "YYYY-MM-DD"),
    (["--set", "customer-insight=3", "--date", "2026-02-30"], "YYYY-MM-DD"),
    (["--set", "customer-insight=3", "--date", "9999-12-31"], "out of range"),
    (["--set", "customer-insight=3", "--date", "0001-01-01"], "out of range"),
])
def test_bad_assess_options(ws: Workspace, args: list[str], message: str) -> None:
    _refused_args(ws, ["assess", "alice", *args], message)


@pytest.mark.parametrize(("args", "message"), [
    (["--level", "seniro"], "unknown level 'seniro' (did you mean 'senior'?)"),
    (["--level", "pm", "--since", "March 2025"], "YYYY-MM-DD"),
    (["--level", "PM"], "unknown level 'PM'"),
])
def test_bad_add_options(ws: Workspace, args: list[str], message: str) -> None:
    _refused_args(ws, ["add", "carol", "--name", "Carol", *args], message)


def test_empty_name_and_note_are_refused(ws: Workspace) -> None:
    _refused_args(ws, ["add", "carol", "--name", "  ", "--level", "pm"], "--name")
    _refused_args(ws, ["note", "alice", "   "], "empty")


@pytest.mark.parametrize(("args", "message"), [
    (["add", "carol", "--name", "Carol\x1b[31m Diaz", "--level", "pm"],
     "--name holds a control character (U+001B)"),
    (["note", "alice", "Ask\x07 about it"], "the talking point holds a control character"),
    (["assess", "alice", "--set", "delivery=3", "--evidence", "delivery=Ship\x1bped"],
     "--evidence delivery holds a control character"),
])
def test_control_characters_typed_on_the_command_line(ws: Workspace, args: list[str],
                                                      message: str) -> None:
    _refused_args(ws, args, message)


# --- no workspace at all ---------------------------------------------------------------------


@pytest.mark.parametrize("command", WORKSPACE_COMMANDS)
def test_no_workspace_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    require(command)
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    monkeypatch.chdir(empty)
    code, _, err = run_cli(None, command, "carol")
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: no pmkit workspace here"), err
    assert "pmkit init" in err
    assert list(empty.iterdir()) == []


@pytest.mark.parametrize("command", ["gaps", "check", "add", "note"])
def test_workspace_option_without_settings(tmp_path: Path, command: str) -> None:
    code, _, err = run_cli(tmp_path, command, "carol")
    assert code == 2
    assert err.count("\n") == 1 and "holds no pmkit.yaml" in err and "--workspace" in err, err
    assert list(tmp_path.iterdir()) == []


def test_workspace_env_without_settings(tmp_path: Path) -> None:
    result = invoke(["gaps", "alice"], env={"PMKIT_WORKSPACE": str(tmp_path / "missing")})
    assert result.exit_code == 2
    assert "$PMKIT_WORKSPACE" in result.stderr and result.stderr.count("\n") == 1


def test_workspace_option_is_a_file(ws: Workspace) -> None:
    code, _, err = run_cli(ws.root / "pmkit.yaml", "gaps")
    assert code == 2 and err.count("\n") == 1 and "is a file, not a folder" in err


# --- what must simply work --------------------------------------------------------------------


def _bom_crlf(data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")


@pytest.mark.parametrize("rel", [S, M, P])
def test_bom_and_crlf_simply_work(ws: Workspace, rel: str) -> None:
    (ws.root / rel).write_bytes(_bom_crlf(ws.read(rel)))
    gaps = invoke(["-w", str(ws.root), "gaps", "alice", "--format", "json"])
    assert gaps.exit_code == 0, gaps.stderr
    assert json.loads(gaps.stdout)["gaps"][0]["competency"] == "customer-insight"
    checked = invoke(["-w", str(ws.root), "check"])
    assert checked.exit_code == 0, checked.stdout


def test_bom_and_crlf_survive_a_write(ws: Workspace) -> None:
    (ws.root / P).write_bytes(_bom_crlf(ws.read(P)))
    assert invoke(["-w", str(ws.root), "note", "alice", "Pricing test results"]).exit_code == 0
    result = invoke(["-w", str(ws.root), "assess", "alice", "--set", "customer-insight=3",
                     "--date", "2026-11-24"])
    assert result.exit_code == 0, result.stderr
    data = ws.read(P)
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"# interviews only with sales present\r\n" in data
    assert b"  - Pricing test results\r\n" in data
    assert b"customer-insight: 3" in data


def test_tabs_inside_text_and_comments_are_fine(ws: Workspace) -> None:
    text = ws.text(P).replace("name: Alice Chen", 'name: "Alice\\tChen" # a\ttab')
    (ws.root / P).write_text(text, encoding="utf-8")
    result = invoke(["-w", str(ws.root), "note", "alice", "Tabs\tare\tfine"])
    assert result.exit_code == 0, result.stderr
    assert "# a\ttab" in ws.text(P)


def test_explicit_str_tag_is_fine(ws: Workspace) -> None:
    text = ws.text(P).replace("name: Alice Chen", "name: !!str 2024")
    (ws.root / P).write_text(text, encoding="utf-8")
    result = invoke(["-w", str(ws.root), "gaps", "alice", "--format", "json"])
    assert result.exit_code == 0, result.stderr


def test_symlink_inside_the_workspace_is_followed(ws: Workspace) -> None:
    (ws.root / "people").mkdir()
    shutil.move(ws.root / P, ws.root / "people" / "alice.yaml")
    (ws.root / P).symlink_to(Path("..") / "people" / "alice.yaml")
    result = invoke(["-w", str(ws.root), "gaps", "alice", "--format", "json"])
    assert result.exit_code == 0, result.stderr


def test_empty_notes_file_is_fine(ws: Workspace) -> None:
    require("oneonone")
    (ws.root / NOTES_FILE).write_text("", encoding="utf-8")
    result = invoke(["-w", str(ws.root), "oneonone", "alice", "--date", "2026-11-26", "--stdout"])
    assert result.exit_code == 0, result.stderr


def test_bom_and_crlf_notes_carry_action_items(ws: Workspace) -> None:
    require("oneonone")
    (ws.root / NOTES_FILE).write_bytes(_bom_crlf(ws.read(NOTES_FILE)))
    result = invoke(["-w", str(ws.root), "oneonone", "alice", "--date", "2026-11-26", "--stdout"])
    assert result.exit_code == 0, result.stderr
    assert "book two customer interviews" in result.stdout
    assert "- [ ] Dana: share the pricing deck" not in result.stdout  # ticked: done


# --- templates (overrides in the workspace's templates/ folder) -------------------------------


def shipped_templates() -> list[str]:
    from pmkit.shipped import data_dir

    try:
        folder = data_dir("templates")
    except Exception:
        return []
    return sorted(p.name for p in folder.iterdir()
                  if p.is_file() and p.suffix == ".j2" and not p.name.startswith(("_", ".")))


def template_command(name: str) -> str:
    """The command that renders a shipped template (``_macros`` is used by the plan)."""
    stem = name.split(".")[0]
    named = {"gaps": "gaps-md", "team": "team-md"}
    if stem in named:
        return named[stem]
    for command in ("oneonone", "self-review", "conversation", "review", "report", "handbook"):
        if name.startswith(command):
            return command
    return "plan"


TEMPLATE_BREAKAGES = [
    ("syntax", lambda t: t + "\n{% if %}\n", "", None),
    ("not-utf8", lambda t: t.encode("utf-8") + b"\n\xff\xfe\n", "not valid UTF-8", None),
    ("conflict", lambda t: "<<<<<<< HEAD\n" + t + "=======\n>>>>>>> theirs\n",
     "unresolved merge conflict", 1),
    ("too-large", lambda t: t + BIG, "too large", None),
    ("unknown-filter", lambda t: t + "\n{{ 1 | no_such_filter }}\n", "no_such_filter", None),
    ("unknown-variable", lambda t: t + "\n{{ no_such_variable.deeper }}\n", "no_such_variable",
     None),
    ("sandbox-escape", lambda t: t + "\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n", "",
     None),
    ("include-outside", lambda t: t + "\n{% include '../../../etc/passwd' %}\n", "", None),
]


@pytest.mark.parametrize("breakage", TEMPLATE_BREAKAGES, ids=lambda b: b[0])
def test_broken_template_override_is_refused(ws: Workspace, breakage: tuple[Any, ...]) -> None:
    names = shipped_templates()
    if not names:
        pytest.skip("no shipped templates in this tree yet; this case runs once they exist")
    from pmkit.shipped import data_dir

    _, make, message, line = breakage
    ran = 0
    for name in names:
        command = template_command(name)
        if command not in AVAILABLE:
            continue
        original = (data_dir("templates") / name).read_text(encoding="utf-8")
        broken = make(original)
        target = ws.root / "templates" / name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(broken if isinstance(broken, bytes) else broken.encode("utf-8"))
        for cmd in (command, "check"):
            assert_refused(ws, cmd, file=f"templates/{name}", line=line, message=message)
        target.unlink()
        ran += 1
    if not ran:
        pytest.skip("the commands that render templates are not in this tree yet")


# --- the same, as a real process: no traceback escapes to a user's terminal -----------------


@pytest.mark.parametrize("case_id", ["person-complex-key", "model-alias-bomb",
                                     "settings-nul-byte", "person-date-impossible"])
def test_real_process_prints_one_line(ws: Workspace, case_id: str) -> None:
    case = next(c for c in ALL_CASES if c.id == case_id)
    case.edit(ws)
    env = {**os.environ, "PMKIT_DEBUG": ""}
    proc = subprocess.run([sys.executable, "-m", "pmkit", "-w", str(ws.root), "gaps", "alice"],
                          capture_output=True, text=True, check=False, env=env)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: "), proc.stderr
    assert case.message in proc.stderr
    debug = subprocess.run([sys.executable, "-m", "pmkit", "--debug", "-w", str(ws.root), "gaps",
                            "alice"], capture_output=True, text=True, check=False, env=env)
    assert debug.returncode == 2
    assert "Traceback" in debug.stderr
    assert debug.stderr.rstrip().endswith(proc.stderr.rstrip())
    env_debug = subprocess.run([sys.executable, "-m", "pmkit", "-w", str(ws.root), "gaps",
                                "alice"], capture_output=True, text=True, check=False,
                               env={**env, "PMKIT_DEBUG": "1"})
    assert "Traceback" in env_debug.stderr and env_debug.returncode == 2


# --- usage errors and init ----------------------------------------------------------------------

USAGE_ERRORS = [
    ["gaps", "alice", "--format", "xml"], ["gaps"], ["no-such-command"], ["--no-such-option"],
    ["assess", "alice", "--set"], ["gaps", "alice", "extra"], ["team", "--format", "csv"],
    ["history", "alice", "--since", "last week"], ["oneonone", "alice", "--date", "tomorrow"],
    ["plan", "alice", "--focus", "custmer-insight"], ["schema", "nothing"],
    ["oneonone", "alice", "--date", "9999-12-31"], ["history", "alice", "--since", "0000-01-01"],
    ["note", "alice"], ["add", "carol"], ["templates", "no-such-template"],
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=lambda a: "-".join(a))
def test_usage_errors_are_one_line(ws: Workspace, args: list[str]) -> None:
    if not args[0].startswith("-") and args[0] not in {*AVAILABLE, "schema", "no-such-command"}:
        pytest.skip(f"pmkit {args[0]} is not in this tree")
    before = full_snapshot(ws)
    result = invoke(["-w", str(ws.root), *args])
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert full_snapshot(ws) == before


def test_init_refuses_and_changes_nothing(ws: Workspace, tmp_path: Path) -> None:
    before = full_snapshot(ws)
    again = invoke(["init", str(ws.root)])
    assert again.exit_code == 2 and "already a pmkit workspace" in again.stderr
    assert full_snapshot(ws) == before
    unknown = invoke(["init", str(tmp_path / "new"), "--model", "pm-wheal"])
    assert unknown.exit_code == 2 and "did you mean 'pm-wheel'?" in unknown.stderr
    assert unknown.stderr.count("\n") == 1
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: mine\nname: Mine\nscale: {1: a, 2: b}\nlevels:\n\t- id: pm\n")
    bad_model = invoke(["init", str(tmp_path / "new"), "--model", str(broken)])
    assert bad_model.exit_code == 2 and "tab character" in bad_model.stderr
    assert ":5: " in bad_model.stderr and bad_model.stderr.count("\n") == 1
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    onto_file = invoke(["init", str(a_file)])
    assert onto_file.exit_code == 2 and onto_file.stderr.count("\n") == 1
    assert not (tmp_path / "new").exists()


def _verdict(read: Callable[[bytes], Any], raw: bytes) -> tuple[str, Any]:
    from pmkit.errors import InputError

    try:
        return "ok", read(raw)
    except InputError as exc:
        return "refused", str(exc)


def _put_back(pristine: Path, root: Path) -> None:
    """Undo a case's edit of the YAML files, for tests that walk the corpus in one workspace."""
    for name in ("pmkit.yaml", "model.yaml", "team"):
        here = root / name
        if here.is_dir() and not here.is_symlink():
            shutil.rmtree(here)
        elif here.exists() or here.is_symlink():
            here.unlink()
        copy = shutil.copytree if (pristine / name).is_dir() else shutil.copy2
        copy(pristine / name, here)


def _edited_yaml(pristine: Path, tmp_path: Path) -> Iterator[tuple[Case, bytes]]:
    """Each YAML case of the corpus as its bytes (files only: each case edits one file of
    one workspace, which is then put back)."""
    w = fresh(pristine, tmp_path / "corpus")
    for case in (c for c in ALL_CASES if c.file and c.file.endswith(".yaml")):
        path = w.root / case.file
        case.edit(w)
        raw = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        _put_back(pristine, w.root)
        if raw is not None:
            yield case, raw


def test_the_fast_reader_refuses_exactly_what_the_careful_reader_refuses(
        pristine: Path, tmp_path: Path) -> None:
    """Every YAML file of the corpus through both readers: the same data or the same error.

    ``fast_yaml.load`` alone must never accept a file the careful reader refuses, and
    ``read_plain`` (fast, else careful) must give the careful reader's verdict.
    """
    from pmkit.errors import InputError
    from pmkit.files import fast_yaml, yamldoc
    from pmkit.files.plain import to_plain
    from pmkit.files.reading import check_conflict_markers, check_size, decode

    assert fast_yaml.available(), "PyYAML with libyaml is a dependency"

    def careful(raw: bytes) -> Any:
        return to_plain(yamldoc.parse_bytes(raw, "f.yaml").data)

    def fast_only(raw: bytes) -> Any:
        """The fast path proper: the shared checks of every read, then libyaml."""
        text, _ = decode(raw, "f.yaml")
        check_conflict_markers(text, "f.yaml")
        check_size(text, "f.yaml")
        return fast_yaml.load(text)

    compared = fast_accepted = 0
    for case, raw in _edited_yaml(pristine, tmp_path):
        expected = _verdict(careful, raw)
        assert _verdict(lambda b: fast_yaml.read_plain(b, "f.yaml")[0], raw) == expected, case.id
        compared += 1
        try:
            data = fast_only(raw)
        except (fast_yaml.Unusual, InputError):
            continue
        fast_accepted += 1
        if isinstance(data, dict):
            assert expected == ("ok", data), f"{case.id}: fast read {data!r}, careful {expected!r}"
    shipped = [*sorted((HERE.parent / "models").glob("*.yaml")), SMALL_MODEL]
    for path in shipped:
        raw = path.read_bytes()
        assert fast_only(raw) == careful(raw), path.name  # the common case takes the fast path
    assert compared > 100 and fast_accepted > 20


def test_kept_validators_refuse_exactly_what_pydantic_refuses(
        pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every YAML file of the corpus that parses, validated by pydantic's own validator and by
    one built from the kept core schema (a cold start's): the same object or the same errors."""
    import pydantic_core
    from pydantic import TypeAdapter

    from pmkit.files import yamldoc
    from pmkit.files.plain import to_plain
    from pmkit.model import schema, schema_cache

    monkeypatch.setenv("PMKIT_CACHE_DIR", str(tmp_path / "cache"))
    pairs = {}
    for cls in (schema.Settings, schema.CompetencyModel, schema.Person):
        adapter = TypeAdapter(cls)
        schema_cache.write(cls.__name__, pydantic_core.__version__, adapter.core_schema)
        kept = schema_cache.read(cls.__name__, pydantic_core.__version__)
        assert kept is not None
        pairs[cls] = (adapter.validator, pydantic_core.SchemaValidator(kept))

    def verdict(check: Any, data: Any) -> tuple[str, Any]:
        try:
            return "ok", check.validate_python(data)
        except pydantic_core.ValidationError as exc:
            return "refused", [(e["type"], e["loc"], e["msg"]) for e in exc.errors()]

    compared = refused = 0
    for case, raw in _edited_yaml(pristine, tmp_path):
        try:
            data = to_plain(yamldoc.parse_bytes(raw, "f.yaml").data)
        except Exception:  # refused by the reader: no validator sees it
            continue
        cls = {"pmkit.yaml": schema.Settings, "model.yaml": schema.CompetencyModel}.get(
            case.file, schema.Person)
        built, kept = pairs[cls]
        expected = verdict(built, data)
        assert verdict(kept, data) == expected, case.id
        compared += 1
        refused += expected[0] == "refused"
    assert compared > 50 and refused > 20
