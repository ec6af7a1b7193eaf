"""Commands are built when called: ``pmkit --help`` lists them all without building one."""

import contextlib

import pytest
import typer.main

from pmkit.cli import app
from pmkit.cli.app import CommandShelf, command_names
from tests.helpers import invoke


def _help_of(group: typer.core.TyperGroup) -> str:
    context = group.make_context("pmkit", ["--version"], resilient_parsing=True)
    return group.get_help(context)


def test_help_lists_every_command_as_a_full_build_would() -> None:
    lazy = typer.main.get_command(app)
    shelf = lazy.commands
    assert isinstance(shelf, CommandShelf)
    listed = _help_of(lazy)
    assert shelf.built() == set()  # nothing was built to list them

    eager = typer.main.get_command(app)
    for name in command_names():
        assert eager.get_command(eager.make_context("pmkit", [], resilient_parsing=True), name)
    assert set(eager.commands.built()) == set(command_names())
    assert _help_of(eager) == listed
    for name in command_names():
        assert f"\n  {name} " in listed


def test_a_run_builds_only_its_command(capsys: pytest.CaptureFixture[str]) -> None:
    group = typer.main.get_command(app)
    group.main(["models"], prog_name="pmkit", standalone_mode=False)
    assert "pm-wheel" in capsys.readouterr().out
    assert group.commands.built() == {"models"}


def test_an_unknown_command_is_still_suggested() -> None:
    result = invoke(["gapz"])
    assert result.exit_code == 2
    assert "Did you mean 'gaps'?" in result.stderr


def test_a_sub_group_is_built_when_called(capsys: pytest.CaptureFixture[str]) -> None:
    group = typer.main.get_command(app)
    with contextlib.suppress(SystemExit):
        group.main(["community", "--help"], prog_name="pmkit", standalone_mode=False)
    assert "new" in capsys.readouterr().out
    assert group.commands.built() == {"community"}
