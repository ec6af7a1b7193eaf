"""Templates: shipped ones, workspace overrides, `pmkit templates`, and broken templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_team import ok
from markdown_rules import check_markdown

from pmkit.documents.markdown_text import cell, inline, tidy_markdown

from helpers import REPO_ROOT, commit_count, git, invoke, snapshot


def test_templates_lists_shipped_and_overridden(team: Path) -> None:
    out = ok(["-w", str(team), "templates"])
    lines = {line.split()[0]: line for line in out.splitlines() if line.endswith("shipped")}
    assert {"plan.md.j2", "oneonone.md.j2"} <= set(lines)
    (team / "templates").mkdir()
    (team / "templates" / "plan.md.j2").write_text("# Plan for {{ person.name }}\n")
    (team / "templates" / "extra.md.j2").write_text("# Extra\n")
    out = ok(["-w", str(team), "templates"])
    listed = {line.split()[0]: " ".join(line.split()[1:]) for line in out.splitlines()[:-1]}
    assert listed["plan.md.j2"] == "customised in templates/plan.md.j2"
    assert listed["extra.md.j2"] == "your own, in templates/extra.md.j2"
    assert listed["oneonone.md.j2"] == listed["self-review.md.j2"] == "shipped"
    assert len({line.index(listed[name]) for line in out.splitlines()[:-1]
                for name in listed if line.startswith(name + " ")}) == 1  # one column


def test_templates_name_prints_the_one_in_use(team: Path) -> None:
    shipped = (REPO_ROOT / "templates" / "oneonone.md.j2").read_text(encoding="utf-8")
    assert ok(["-w", str(team), "templates", "oneonone"]) == shipped
    result = invoke(["-w", str(team), "templates", "plann"])
    assert result.exit_code == 2
    assert "no template 'plann' (did you mean 'plan.md.j2'?)" in result.stderr


def test_copy_then_customise_then_never_overwrite(team: Path) -> None:
    commits = commit_count(team)
    out = ok(["-w", str(team), "templates", "plan", "--copy"])
    copied = team / "templates" / "plan.md.j2"
    assert "Copied plan.md.j2 to templates/plan.md.j2" in out
    assert copied.read_bytes() == (REPO_ROOT / "templates" / "plan.md.j2").read_bytes()
    assert commit_count(team) == commits + 1
    assert git(team, "show", "--name-only", "--format=", "HEAD").split() == ["templates/plan.md.j2"]

    # The copy is used from now on.
    copied.write_text(copied.read_text().replace("How it works:", "How we use this plan:"))
    text = ok(["-w", str(team), "plan", "alice", "--stdout"])
    assert "How we use this plan:" in text
    check_markdown(text)

    before = snapshot(team)
    result = invoke(["-w", str(team), "templates", "plan", "--copy"])
    assert result.exit_code == 2
    assert "templates/plan.md.j2: already exists" in result.stderr
    assert snapshot(team) == before


def test_a_workspace_template_overrides_the_shipped_one(team: Path) -> None:
    (team / "templates").mkdir()
    (team / "templates" / "plan.md.j2").write_text(
        "# Growth plan for {{ person.name | inline }}\n\n"
        "{% for f in focus_areas %}- {{ f.name }}: {{ f.rating }} of {{ f.expected }}\n{% endfor %}")
    ok(["-w", str(team), "plan", "alice"])
    text = (team / "plans" / "alice.md").read_text()
    assert text == "# Growth plan for Alice Chen\n\n- Problem framing: 1 of 3\n- Customer insight: 2 of 3\n"


def test_a_partial_can_be_overridden_alone(team: Path) -> None:
    (team / "templates").mkdir()
    shipped = (REPO_ROOT / "templates" / "_macros.md.j2").read_text()
    (team / "templates" / "_macros.md.j2").write_text(
        shipped.replace("{{ value }} · {{ label | inline }}", "{{ value }} ({{ label | inline }})"))
    text = ok(["-w", str(team), "plan", "alice", "--stdout"])
    assert "(1 (Learning)):**" in text


@pytest.mark.parametrize(("source", "line", "message"), [
    ("# Plan\n\n{% for f in focus_areas %}\n- {{ f.name }}\n", 4, "Unexpected end of template"),
    ("# Plan\n\n{{ person.nmae }}\n", 3, "has no attribute 'nmae'"),
    ("# Plan\n\n\n{{ focus }}\n", 4, "'focus' is undefined"),
    ("# Plan\n{{ ''.__class__.__mro__ }}\n", 2, "unsafe"),
    ("# Plan\n{% include 'missing.md.j2' %}\n", 2, "includes 'missing.md.j2', which does not exist"),
    ("# Plan\n\n{{ 1 / 0 }}\n", 3, "ZeroDivisionError"),
    ("# Plan\n\n{{ 1 | no_such_filter }}\n", 3, "No filter named 'no_such_filter'"),
    ("# Plan\n\ncaf\xe9\n".encode("latin-1"), 3, "not valid UTF-8"),
    ("<<<<<<< HEAD\n# Plan\n=======\n# Mine\n>>>>>>> other\n", 1, "unresolved merge conflict"),
    ("# Plan\n\n" + "x" * 1100 * 1024, None, "too large"),
])
def test_a_broken_template_is_one_line_naming_file_and_line(team: Path, source: str | bytes,
                                                             line: int | None, message: str) -> None:
    (team / "templates").mkdir()
    target = team / "templates" / "plan.md.j2"
    target.write_bytes(source if isinstance(source, bytes) else source.encode("utf-8"))
    git(team, "add", "templates")
    git(team, "commit", "-q", "-m", "my template")
    before, commits = snapshot(team), commit_count(team)
    result = invoke(["-w", str(team), "plan", "alice"])
    assert result.exit_code == 2
    where = f"templates/plan.md.j2:{line}: " if line else "templates/plan.md.j2: "
    assert result.stderr.startswith(f"error: {where}"), result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert not (team / "plans").exists()
    assert snapshot(team) == before
    assert commit_count(team) == commits
    checked = invoke(["-w", str(team), "check"])
    assert checked.exit_code == 1
    assert f"{where}" in checked.stdout and message in checked.stdout


def test_a_broken_partial_is_named_not_the_template_that_imports_it(team: Path) -> None:
    (team / "templates").mkdir()
    (team / "templates" / "_macros.md.j2").write_text("{% macro rating(value, label) %}\n{{ value }\n")
    result = invoke(["-w", str(team), "plan", "alice"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: templates/_macros.md.j2:2: ")
    assert not (team / "plans").exists()


def test_a_broken_agenda_template_clears_no_talking_point(team: Path) -> None:
    ok(["-w", str(team), "note", "alice", "Stay queued"])
    (team / "templates").mkdir()
    (team / "templates" / "oneonone.md.j2").write_text("# 1:1\n\n{{ talking_point }}\n")
    before, commits = snapshot(team), commit_count(team)
    result = invoke(["-w", str(team), "oneonone", "alice"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: templates/oneonone.md.j2:3: 'talking_point' is undefined")
    assert "talking_points" in result.stderr  # the names the template could have used
    assert snapshot(team) == before
    assert commit_count(team) == commits


def test_check_compiles_every_workspace_template(team: Path) -> None:
    assert invoke(["-w", str(team), "check"]).exit_code == 0
    (team / "templates" / "sub").mkdir(parents=True)
    (team / "templates" / "plan.md.j2").write_text("# ok {{ person.name }}\n")
    (team / "templates" / "sub" / "bad.md.j2").write_text("# x\n\n{% if %}\n")
    result = invoke(["-w", str(team), "check"])
    assert result.exit_code == 1
    problems = [ln for ln in result.stdout.splitlines() if ln.startswith("templates/")]
    assert len(problems) == 1
    assert problems[0].startswith("templates/sub/bad.md.j2:3: ")


def test_rendered_documents_are_cached_in_the_store_and_keyed_on_every_template_file(
        team: Path) -> None:
    first = ok(["-w", str(team), "plan", "alice", "--stdout"])
    pages = sorted((team / ".git" / "pmkit" / "store").glob("*/pages/*"))
    assert len(pages) == 1
    assert ok(["-w", str(team), "plan", "alice", "--stdout"]) == first
    # A template may include a file of any name: changing it changes the document.
    (team / "templates").mkdir(exist_ok=True)
    (team / "templates" / "footer.txt").write_text("Kept with care.\n")
    (team / "templates" / "plan.md.j2").write_text(
        "# Plan for {{ person.name }}\n\n{% include 'footer.txt' %}")
    assert ok(["-w", str(team), "plan", "alice", "--stdout"]).rstrip().endswith("Kept with care.")
    (team / "templates" / "footer.txt").write_text("Changed.\n")
    assert ok(["-w", str(team), "plan", "alice", "--stdout"]).rstrip().endswith("Changed.")
    # A damaged page is a miss, never an error or a wrong document.
    for page in (team / ".git" / "pmkit" / "store").glob("*/pages/*"):
        page.write_bytes(page.read_bytes().replace(b"Changed", b"Damaged"))
    assert ok(["-w", str(team), "plan", "alice", "--stdout"]).rstrip().endswith("Changed.")
    # Nothing compiled is kept on disk.
    assert not list((team / ".git" / "pmkit").rglob("*.cache"))


def test_plan_path_imports_no_heavy_module_and_skips_jinja_when_nothing_changed(team: Path) -> None:
    """Speed by construction: what `pmkit plan --stdout` imports, read from -X importtime."""
    import subprocess
    import sys

    def imported() -> set[str]:
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", "pmkit", "-w", str(team),
                               "plan", "alice", "--stdout"], capture_output=True, text=True,
                              check=True)
        assert done.stdout.startswith("# Coaching plan: Alice Chen")
        return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:") and "|" in line}

    ok(["-w", str(team), "gaps", "alice"])  # warms the parse cache, as any earlier command does
    first = imported()
    for heavy in ("ruamel.yaml", "rich", "markdown_it"):
        assert heavy not in first, heavy
    assert "jinja2" in first
    again = imported()  # same data, same templates: the rendered plan comes from the cache
    assert "jinja2" not in again and "ruamel.yaml" not in again
    ok(["-w", str(team), "assess", "alice", "--set", "problem-framing=2", "--date", "2026-11-24"])
    assert "jinja2" in imported()  # new data: rendered again


def test_user_text_cannot_break_the_markdown() -> None:
    assert inline("# not a heading") == "\\# not a heading"
    assert inline("- [ ] not a task") == "\\- [ ] not a task"
    assert inline("[ ] not a task") == "\\[ ] not a task"
    assert inline("1. not a list") == "1\\. not a list"
    assert inline("> not a quote") == "\\> not a quote"
    assert inline("two\n\nparagraphs  and   spaces ") == "two paragraphs and spaces"
    assert inline("<script>x</script>") == "\\<script>x\\</script>"
    assert inline("see https://example.com/a.") == "see <https://example.com/a>."
    assert inline("**kept** and `code`") == "**kept** and `code`"
    assert inline(inline("<b> # x")) == inline("<b> # x")
    assert cell("a | b") == "a \\| b"


def test_tidy_markdown_fixes_whitespace_but_not_code() -> None:
    assert tidy_markdown("# A  \n\n\n\ntext\n\n\n") == "# A\n\ntext\n"
    fenced = "# A\n\n```\ncode  \n\n\nmore\n```\n"
    assert tidy_markdown(fenced) == fenced


def test_every_shipped_template_ships_compiled_and_current() -> None:
    """The compiled files are what jinja2 makes of today's templates (regenerate them with
    ``python -m pmkit.documents.precompiled`` after editing a shipped template)."""
    import jinja2

    from pmkit.documents.precompiled import FOLDER, compiled_code, generate
    from pmkit.documents.render import Renderer, shipped_dir, shipped_sources

    env = Renderer().env
    sources = shipped_sources()
    wanted = generate(env, sources)
    assert {p.name for p in FOLDER.glob("*.py.txt")} == {p.name for p in wanted}
    for (path, text), (name, source) in zip(wanted.items(), sorted(sources.items()), strict=True):
        on_disk = path.read_text(encoding="utf-8")
        if on_disk.rstrip("\n").rpartition("\n")[2].endswith(f"jinja2={jinja2.__version__}"):
            assert on_disk == text, f"{path.name} is stale: run python -m pmkit.documents.precompiled"
            assert compiled_code(env, name, source, str(shipped_dir() / name)) is not None
        else:  # made by another jinja2: never used, the template is compiled instead
            assert compiled_code(env, name, source, str(shipped_dir() / name)) is None


def test_a_compiled_template_is_used_only_for_the_text_it_was_made_from(
        team: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edited shipped template (a pmkit checkout being changed) or a workspace override
    is compiled from its text; only the untouched shipped one comes precompiled."""
    import shutil

    from pmkit.documents import precompiled, render

    used: list[str] = []
    real = precompiled.compiled_code

    def spy(env: object, name: str, source: str, filename: str) -> object:
        code = real(env, name, source, filename)
        used.append(f"{name}:{'compiled file' if code is not None else 'source'}")
        return code

    monkeypatch.setattr(precompiled, "compiled_code", spy)
    shutil.rmtree(team / ".git" / "pmkit", ignore_errors=True)
    plain = ok(["-w", str(team), "plan", "alice", "--stdout"])
    assert "plan.md.j2:compiled file" in used and "_macros.md.j2:compiled file" in used

    edited = tmp_path / "shipped"
    shutil.copytree(render.shipped_dir(), edited)
    text = (edited / "plan.md.j2").read_text(encoding="utf-8")
    (edited / "plan.md.j2").write_text(text.replace("# Coaching plan:", "# Edited plan:", 1),
                                       encoding="utf-8")
    monkeypatch.setattr(render, "shipped_dir", lambda: edited)
    used.clear()
    changed = ok(["-w", str(team), "plan", "alice", "--stdout"])
    assert "plan.md.j2:source" in used and "_macros.md.j2:compiled file" in used
    assert changed == plain.replace("# Coaching plan:", "# Edited plan:", 1)

    monkeypatch.setattr(render, "shipped_dir", lambda: REPO_ROOT / "templates")
    (team / "templates").mkdir()
    (team / "templates" / "plan.md.j2").write_text("# Mine: {{ person.name }}\n")
    used.clear()
    assert ok(["-w", str(team), "plan", "alice", "--stdout"]) == "# Mine: Alice Chen\n"
    assert not any(entry.startswith("plan.md.j2") for entry in used)


def test_a_precompiled_template_still_names_its_file_and_line() -> None:
    """An error inside a shipped template that comes precompiled points at the template."""
    from pmkit.documents.render import Renderer, shipped_dir
    from pmkit.errors import InputError

    with pytest.raises(InputError) as raised:
        Renderer().render("plan.md.j2", {"unrelated": 1})
    lines = (shipped_dir() / "plan.md.j2").read_text(encoding="utf-8").splitlines()
    shown = str(raised.value)
    assert shown.startswith("plan.md.j2:") and "shipped with pmkit" in shown
    line = int(shown.split(":")[1])
    assert "person" in lines[line - 1]
