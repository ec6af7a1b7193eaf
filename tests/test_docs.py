"""The README and the CHANGELOG say only what pmkit does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmkit import __version__
from pmkit.loading import load_bytes
from pmkit.model.index import ModelIndex
from pmkit.model.rules import model_problems, person_problems
from pmkit.model.schema import CompetencyModel, Person, Settings
from pmkit.shipped import shipped_model

from helpers import REPO_ROOT, invoke

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
GLOBAL_HELP = invoke(["--help"]).stdout


def code_blocks(text: str) -> list[tuple[str, str]]:
    """(language, body) of every fenced code block."""
    return re.findall(r"^```(\w*)\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


def section(text: str, heading: str) -> str:
    start = text.index(f"\n{heading}\n")
    level = heading.split()[0]
    following = re.search(rf"^{level} ", text[start + len(heading) + 2:], re.MULTILINE)
    end = start + len(heading) + 2 + following.start() if following else len(text)
    return text[start:end]


def quickstart_commands() -> list[str]:
    blocks = code_blocks(section(README, "## Quickstart"))
    return [line for line in blocks[0][1].splitlines() if line.strip()]


def test_readme_opens_with_a_title_a_sentence_and_the_quickstart() -> None:
    lines = README.splitlines()
    assert lines[0] == "# pmkit"
    assert lines[1] == "" and lines[2].endswith(".") and lines[2].count(". ") == 0
    assert lines[3] == "" and lines[4] == "## Quickstart"


def test_quickstart_is_two_commands_and_ci_runs_the_second_exactly() -> None:
    commands = quickstart_commands()
    assert len(commands) == 2
    install, tests = commands
    assert "pip install -e ." in install and "pmkit demo pmkit-demo" in install
    assert tests.endswith("pytest -q -n auto") and "'.[test]'" in tests
    ci_lines = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests in ci_lines


def pmkit_invocations(text: str) -> Iterator[str]:
    """Every ``pmkit ...`` command line in code blocks and inline code."""
    in_block = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_block = not in_block
            continue
        snippets = line.split("&&") if in_block else re.findall(r"`([^`]+)`", line)
        for snippet in snippets:
            snippet = snippet.split(" #")[0].strip()
            if snippet.startswith("pmkit "):
                yield snippet


def split_command(snippet: str) -> tuple[str | None, list[str]]:
    tokens = snippet.replace("\\|", "|").split()[1:]
    i = 0
    while i < len(tokens) and tokens[i].startswith("-"):
        i += 2 if tokens[i] in {"-w", "--workspace"} else 1
    command = tokens[i] if i < len(tokens) else None
    flags = re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", " ".join(tokens))
    return command, flags


@pytest.mark.parametrize("snippet", sorted(set(pmkit_invocations(README))))
def test_every_documented_command_and_flag_exists(snippet: str) -> None:
    command, flags = split_command(snippet)
    help_text = GLOBAL_HELP
    if command is not None:
        result = invoke([command, "--help"])
        assert result.exit_code == 0, f"{snippet}: no command {command!r}"
        help_text += result.stdout
        words = snippet.split()
        after = words[words.index(command) + 1] if command in words[:-1] else ""
        if "Commands:" in result.stdout and re.fullmatch(r"[a-z]+", after):  # a group: its subcommand
            sub = invoke([command, after, "--help"])
            assert sub.exit_code == 0, f"{snippet}: no command {command} {after}"
            help_text += sub.stdout
    for flag in flags:
        assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", help_text), \
            f"{snippet}: {flag} is not an option of pmkit {command or ''}"


def yaml_block_after(heading: str) -> bytes:
    blocks = code_blocks(section(README, heading))
    return next(body for lang, body in blocks if lang == "yaml").encode("utf-8")


def test_the_documented_files_are_valid() -> None:
    settings = load_bytes(yaml_block_after("### pmkit.yaml"), Path("pmkit.yaml"), "pmkit.yaml",
                          Settings).obj
    assert settings.cadence_days == 7 and settings.plan.horizon_days == 90
    model = load_bytes(yaml_block_after("### model.yaml"), Path("model.yaml"), "model.yaml",
                       CompetencyModel, None, model_problems).obj
    assert ModelIndex(model).resolve("customer-empathy") == "customer-insight"
    wheel = load_bytes(shipped_model("pm-wheel").read_bytes(), Path("model.yaml"), "model.yaml",
                       CompetencyModel).obj
    index = ModelIndex(wheel)
    person = load_bytes(yaml_block_after("### team/&lt;handle&gt;.yaml"), Path("alice.yaml"),
                        "team/alice.yaml", Person, None, lambda p: person_problems(p, index)).obj
    assert person.name == "Alice Chen" and person.plan is not None


def test_the_performance_section_keeps_its_table_marker() -> None:
    perf = section(README, "## Performance")
    assert "<!-- perf-table -->" in perf and "python benchmarks/bench.py" in perf


def test_changelog_describes_this_version() -> None:
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog\n")
    assert f"## [{__version__}] - 2026-11-29" in changelog
    assert "keepachangelog.com" in changelog


def test_the_architecture_table_names_every_core_module() -> None:
    development = section(README, "## Development")
    core = [path.relative_to(REPO_ROOT).as_posix() for path in sorted((REPO_ROOT / "pmkit").rglob("*.py"))
            if not path.name.startswith("__") and "cli" not in path.parts]
    missing = [name for name in core if f"`{name}`" not in development]
    assert not missing, f"add these modules to the README's module table: {missing}"
