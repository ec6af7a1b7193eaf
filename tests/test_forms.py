"""Review forms: a Markdown form rendered for a PM or a peer, filled in by hand, read back."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_rules import check_markdown

from pmkit.documents.forms import KINDS, FormAnswers, Kind, form_context, read_form, render_form
from pmkit.documents.render import Renderer
from pmkit.errors import InputError
from pmkit.loading import load_file
from pmkit.model.index import ModelIndex
from pmkit.model.rules import model_problems
from pmkit.model.schema import CompetencyModel

from helpers import REPO_ROOT

TODAY = dt.date(2026, 11, 20)
SHOWN = "forms/priya.md"  # how the caller names the file in messages
SMALL_MODEL = """\
id: small
name: Small model
version: 3
scale: {0: Not yet, 1: Emerging, 2: Capable, 3: Strong, 4: Exceptional}
levels:
  - {id: pm, name: Product Manager}
areas:
  - id: discovery
    name: Discovery
    competencies:
      - id: customer-insight
        name: Customer insight
        description: Talks with customers every week.
        expected: {pm: 2}
        rubric: {0: Has not spoken to a customer yet., 4: Coaches others on interviewing.}
        aliases: [customer-empathy]
  - id: delivery-area
    name: Delivery
    competencies:
      - id: delivery
        name: Delivery
        description: Ships in small steps with the team.
        expected: {pm: 2}
"""


def load_index(path: Path) -> ModelIndex:
    return ModelIndex(load_file(path, path.name, CompetencyModel, rules=model_problems).obj)


@pytest.fixture(scope="module")
def index() -> ModelIndex:
    return load_index(REPO_ROOT / "models" / "pm-wheel.yaml")


#: Competency id -> heading name, for the models forms were rendered from in this module.
NAMES: dict[str, str] = {}


def render(root: Path, index: ModelIndex, kind: Kind = "self", handle: str = "priya",
           reviewer: str | None = None, role: str | None = None) -> str:
    NAMES.update({p.competency.id: p.competency.name for p in index.placed})
    context = form_context(index, handle=handle, person_name="Priya Shah", kind=kind,
                           reviewer=reviewer, role=role, today=TODAY)
    return render_form(Renderer(root), context)


def read(text: str, index: ModelIndex, handle: str = "priya") -> FormAnswers:
    return read_form(text, SHOWN, index, handle=handle)


# --- filling a form in the way a person does, in an editor ----------------------------------


def marker(lines: list[str], cid: str) -> int:
    """0-based index of the competency's heading: its name (or, as edited, its id in a comment)."""
    return next(n for n, line in enumerate(lines)
                if line == f"### {NAMES.get(cid)}" or (line.startswith("### ")
                                                       and line.endswith(f" <!-- {cid} -->")))


def header(lines: list[str]) -> int:
    """0-based index of the line that names the form: the last one."""
    return next(n for n, line in enumerate(lines)
                if line.startswith("<!-- ") and "Form details:" in line)


def option(lines: list[str], cid: str, value: int) -> int:
    """0-based index of the scale line ``value`` under ``cid``."""
    for number in range(marker(lines, cid) + 1, len(lines)):
        if lines[number].startswith("#"):
            break
        if lines[number][6:].startswith(f"{value} ·") and lines[number].startswith("- ["):
            return number
    raise AssertionError(f"no line {value} under {cid}")


def tick(lines: list[str], cid: str, value: int, mark: str = "x") -> int:
    """Tick a box; the editor's line number (from 1) of the ticked line."""
    number = option(lines, cid, value)
    lines[number] = lines[number].replace("[ ]", f"[{mark}]", 1)
    return number + 1


def untick(lines: list[str], cid: str, value: int) -> None:
    number = option(lines, cid, value)
    lines[number] = "- [ ]" + lines[number][5:]


def prompt(lines: list[str], cid: str) -> int:
    start = marker(lines, cid)
    return next(n for n in range(start, len(lines)) if lines[n].startswith("**Evidence**"))


def write_under_prompt(lines: list[str], cid: str, written: list[str]) -> None:
    at = prompt(lines, cid) + 1
    lines[at:at] = written


# --- writing ------------------------------------------------------------------------------------


def without_comments(text: str) -> str:
    """The form as markdownlint's rules see it: HTML comments (and a comment line's blank) gone.

    (markdownlint ignores HTML comments for MD033 and MD041; the shared checker refuses
    every piece of HTML, so the comments are taken out before it runs.)
    """
    out: list[str] = []
    after_comment = False
    for line in text.split("\n"):
        line = re.sub(r" <!-- \S+ -->$", "", line)
        if line.startswith("<!--") and line.endswith("-->"):
            after_comment = True
            continue
        if not (after_comment and line == ""):
            out.append(line)
        after_comment = False
    return "\n".join(out)


def test_the_form_identifies_itself_and_every_competency_invisibly(tmp_path: Path,
                                                                 index: ModelIndex) -> None:
    text = render(tmp_path, index)
    lines = text.split("\n")
    assert lines[0] == "# Self-review: Priya Shah"  # the reader sees the title first
    # the last line says, to whoever opens the raw file, what it is and why it must stay
    assert text.rstrip("\n").split("\n")[-1] == (
        f"<!-- Please leave this line as it is: it tells your manager that this is Priya Shah's "
        f"self-review ({index.model.name}, version {index.model.version}). Form details: "
        f"kind=self pm=priya model=pm-wheel version={index.model.version} -->")
    tokens = MarkdownIt("commonmark").parse(text)
    assert [t.content.strip() for t in tokens if t.type == "html_block"] == [lines[header(lines)]]
    hidden = {tokens[i + 1].content: [c.content for c in tokens[i + 1].children or []
                                      if c.type == "html_inline"]
              for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h3"}
    # the headings are the competencies' names alone: nothing in them to puzzle a reader
    assert hidden == {index.by_id[cid].competency.name: [] for cid in index.all_ids}
    visible = text.replace(lines[header(lines)], "")
    for word in ("competency:", "pmkit", "Leave the lines", "do not edit"):
        assert word not in visible, word


def test_the_form_is_clean_markdown_with_one_line_per_scale_value(tmp_path: Path,
                                                                 index: ModelIndex) -> None:
    text = render(tmp_path, index)
    structure = check_markdown(without_comments(text))
    assert structure.headings[0] == (1, "Self-review: Priya Shah")
    areas = [title for level, title in structure.headings if level == 2]
    assert areas == [a.name for a in index.model.areas] + ["When you are done"]
    assert [title for level, title in structure.headings if level == 3] == \
        [index.by_id[cid].competency.name for cid in index.all_ids]
    assert len(structure.tasks) == len(index.all_ids) * 5
    assert not any(checked for checked, _ in structure.tasks)
    first = index.placed[0].competency
    assert [t for _, t in structure.tasks[:5]] == \
        [f"{v} · {label}: {first.rubric[v]}" for v, label in index.model.scale.items()]
    lines = text.split("\n")
    start = marker(lines, first.id)
    assert lines[prompt(lines, first.id) + 1] == ""  # room to write under the prompt
    assert lines[start + 2] == " ".join(first.description.split())


@pytest.mark.parametrize("model", ["pm-wheel", "svpg", "competency-toolkit"])
@pytest.mark.parametrize("kind", ["self", "peer"])
def test_every_shipped_model_makes_a_clean_form(tmp_path: Path, model: str, kind: Kind) -> None:
    index = load_index(REPO_ROOT / "models" / f"{model}.yaml")
    text = render(tmp_path, index, kind, reviewer="Sam Ortiz", role="design lead")
    structure = check_markdown(without_comments(text))
    assert len(structure.tasks) == len(index.all_ids) * len(index.model.scale)
    assert read(text, index).skipped == index.all_ids


def test_the_form_speaks_to_its_reader_without_paths_or_commands(tmp_path: Path,
                                                                index: ModelIndex) -> None:
    own = render(tmp_path, index, "self")
    peer = render(tmp_path, index, "peer", reviewer="Sam Ortiz", role="design lead")
    assert "Rate yourself" in own and "Tick only one box per competency." in own
    # a colleague may skip competencies: the first step does not ask for a tick under each
    assert "Tick at most one box per competency." in peer
    assert "how you see Priya's work" in peer
    assert "Sam, as the design lead who works with Priya, your view" in peer
    assert "# Colleague review: Priya Shah" in peer and "Peer review" not in peer
    assert "Rate every competency your work has given you a chance to show; if you are unsure" in own
    assert "Skip any" not in own and "leave its boxes empty rather than guess" in own
    # the last line, seen in a text editor, is explained where the person reads the steps
    assert ("If your editor shows a last line starting with `<!--`, leave it as it is too: it "
            "tells Dana Lee which form this is.") in render_form(Renderer(tmp_path), form_context(
                index, handle="priya", person_name="Priya Shah", kind="self", reviewer=None,
                role=None, today=TODAY, manager="Dana Lee"))
    assert "or have not seen enough of to judge: leave its boxes empty" in peer
    # the promise holds with few colleagues: ratings combined, examples may be retold
    assert "never with your name or role attached" not in peer
    assert ("Priya sees your ratings and your examples only once at least three colleagues have "
            "rated the same competency: the ratings combined, never singly, and the examples in "
            "the manager's words, without your name; in a small group you may still be "
            "recognised, so leave out what only you would know.") in peer
    assert "(the skills that make up a product manager's work" in peer
    for text in (own, peer):
        assert "a specific example" in text and "specific recent" not in text
        assert "Please keep the headings as they are." in text
        assert "pmkit" not in text.lower()  # not even in the last line's comment
        visible = without_comments(text)
        for path_like in (".yaml", "team/", "plans/", "oneonones/", ".md"):
            assert path_like not in text
        opening = visible.split("\n## ", 1)[0]
        assert "you" in opening.split() and "your" in opening.lower().split()
        assert "the PM" not in opening and " their " not in opening
    assert own.split("\n## ", 1)[0].count("Priya") == 1  # only in the title: the rest says "you"


def test_a_rubric_gap_shows_the_label_and_the_scale_may_start_at_zero(tmp_path: Path) -> None:
    (tmp_path / "model.yaml").write_text(SMALL_MODEL, encoding="utf-8")
    index = load_index(tmp_path / "model.yaml")
    text = render(tmp_path, index)
    lines = text.split("\n")
    start = marker(lines, "customer-insight")
    assert lines[start + 4:start + 9] == [
        "- [ ] 0 · Not yet: Has not spoken to a customer yet.",
        "- [ ] 1 · Emerging",
        "- [ ] 2 · Capable",
        "- [ ] 3 · Strong",
        "- [ ] 4 · Exceptional: Coaches others on interviewing.",
    ]
    tick(lines, "customer-insight", 0)
    answers = read("\n".join(lines), index)
    assert answers.ratings == {"customer-insight": 0} and answers.model_version == 3


def test_the_template_renders_in_the_sandbox_with_strict_undefined(tmp_path: Path,
                                                                  index: ModelIndex) -> None:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    renderer = Renderer(tmp_path)
    assert isinstance(renderer.env, SandboxedEnvironment)
    assert renderer.env.undefined is StrictUndefined
    for kind in KINDS:
        for reviewer, role in ((None, None), ("Sam Ortiz", "design lead")):
            context = form_context(index, handle="priya", person_name="Priya Shah", kind=kind,
                                   reviewer=reviewer, role=role, today=TODAY)
            assert f"Form details: kind={kind} " in render_form(renderer, context)
            broken = {key: value for key, value in context.items() if key != "areas"}
            with pytest.raises(InputError, match="'areas' is undefined"):
                render_form(renderer, broken)


# --- reading --------------------------------------------------------------------------------------


def test_a_form_filled_in_by_hand_reads_back_as_ticked(tmp_path: Path, index: ModelIndex) -> None:
    lines = render(tmp_path, index).split("\n")
    tick(lines, "customer-insight", 3)
    write_under_prompt(lines, "customer-insight", [
        "", "Ran five interviews with the designer in October.   ", "Two of them changed the roadmap.",
        "", "- Shared a one-page summary", "- Set up a weekly customer slot"])
    tick(lines, "problem-framing", 2, "X")
    lines[prompt(lines, "problem-framing")] += " Rewrote the onboarding brief around the problem."
    tick(lines, "solution-exploration", 2)  # a change of mind: the tick moves to 4
    untick(lines, "solution-exploration", 2)
    tick(lines, "solution-exploration", 4)
    write_under_prompt(lines, "assumption-testing", ["Evidence without a tick is not a rating."])
    tick(lines, "delivery", 5)
    tick(lines, "launch-and-adoption", 1, " x")  # a space left in the box
    write_under_prompt(lines, "delivery", ["Shipped checkout v2 with the team."])
    moved = lines.pop(option(lines, "data-fluency", 3)).replace("[ ]", "[x]")
    write_under_prompt(lines, "data-fluency", ["", moved, "", "Built the activation dashboard."])
    instructions = next(n for n, line in enumerate(lines) if line.startswith("4. Please keep the headings"))
    lines[instructions] = "4. (I read this part, thanks.)"
    text = "\ufeff" + "\r\n".join(line + ("  " if line.startswith("- [x]") else "") for line in lines)

    answers = read(text, index)

    assert answers.ratings == {"customer-insight": 3, "problem-framing": 2,
                               "solution-exploration": 4, "delivery": 5, "launch-and-adoption": 1,
                               "data-fluency": 3}
    assert list(answers.ratings) == [c for c in index.all_ids if c in answers.ratings]
    assert answers.evidence == {
        "customer-insight": "Ran five interviews with the designer in October.\n"
                            "Two of them changed the roadmap.\n\n"
                            "- Shared a one-page summary\n- Set up a weekly customer slot",
        "problem-framing": "Rewrote the onboarding brief around the problem.",
        "delivery": "Shipped checkout v2 with the team.",
        "data-fluency": "Built the activation dashboard.",
    }
    assert answers.skipped == [c for c in index.all_ids if c not in answers.ratings]
    assert "assumption-testing" in answers.skipped
    assert (answers.kind, answers.handle, answers.model_id, answers.model_version) == \
        ("self", "priya", "pm-wheel", index.model.version)
    assert answers.reviewer is None and answers.role is None


@pytest.mark.parametrize("ticked", ["- [x] 3 ·", "- [X] 3 ·", "- [ x] 3 ·", "- [x]3 ·", "* [x] 3 ·",
                                     "+ [x] 3 ·", "- [✓] 3 ·"])
def test_the_ways_people_tick_a_box(tmp_path: Path, index: ModelIndex, ticked: str) -> None:
    lines = render(tmp_path, index).split("\n")
    at = option(lines, "prioritization", 3)
    lines[at] = ticked + lines[at].split("·", 1)[1]
    write_under_prompt(lines, "prioritization", ["Cut the roadmap to three bets."])
    answers = read("\n".join(lines), index)
    assert answers.ratings == {"prioritization": 3}
    assert answers.evidence == {"prioritization": "Cut the roadmap to three bets."}


def test_a_peer_form_keeps_its_reviewer_and_role(tmp_path: Path, index: ModelIndex) -> None:
    reviewer = 'Sam "the PM whisperer" Ortiz --> <b>'
    text = render(tmp_path, index, "peer", reviewer=reviewer, role="Engineering lead")
    lines = text.split("\n")
    assert lines[header(lines)].count("-->") == 1
    lines = text.split("\n")
    tick(lines, "team-collaboration", 4)
    answers = read("\r".join(lines), index)  # old Mac line endings
    assert answers.kind == "peer"
    assert (answers.reviewer, answers.role) == (reviewer, "Engineering lead")
    assert answers.ratings == {"team-collaboration": 4}


def test_an_alias_marker_maps_to_the_current_id(tmp_path: Path) -> None:
    (tmp_path / "model.yaml").write_text(SMALL_MODEL, encoding="utf-8")
    index = load_index(tmp_path / "model.yaml")
    lines = render(tmp_path, index).split("\n")
    tick(lines, "customer-insight", 2)
    lines[marker(lines, "customer-insight")] = "### Customer insight <!-- customer-empathy -->"
    assert read("\n".join(lines), index).ratings == {"customer-insight": 2}


def test_a_deleted_competency_is_skipped(tmp_path: Path, index: ModelIndex) -> None:
    lines = render(tmp_path, index).split("\n")
    tick(lines, "delivery", 3)
    start = marker(lines, "customer-insight")
    end = marker(lines, "problem-framing")
    del lines[start:end]
    answers = read("\n".join(lines), index)
    assert answers.ratings == {"delivery": 3}
    assert answers.skipped[0] == "customer-insight"


# --- refusing --------------------------------------------------------------------------------------


def refused(text: str, index: ModelIndex, handle: str = "priya") -> InputError:
    with pytest.raises(InputError) as caught:
        read(text, index, handle)
    error = caught.value
    assert error.path == SHOWN
    assert str(error).startswith(f"{SHOWN}:{error.line}: ")
    return error


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_two_ticks_name_both_lines_as_the_editor_shows_them(tmp_path: Path, index: ModelIndex,
                                                            newline: str) -> None:
    lines = render(tmp_path, index).split("\n")
    first = tick(lines, "delivery", 2)
    second = tick(lines, "delivery", 4, "X")
    error = refused(newline.join(lines), index)
    assert error.line == second
    assert f"lines {first} and {second}" in error.message and "Delivery" in error.message


def test_a_form_for_another_pm_is_refused(tmp_path: Path, index: ModelIndex) -> None:
    text = render(tmp_path, index, handle="alex")
    error = refused(text, index)
    assert error.line == header(text.split("\n")) + 1
    assert "this form is for 'alex', not 'priya'" in error.message


def test_a_form_for_another_model_version_says_both(tmp_path: Path, index: ModelIndex) -> None:
    text = render(tmp_path, index)
    shipped = (REPO_ROOT / "models" / "pm-wheel.yaml").read_text(encoding="utf-8")
    was = index.model.version
    assert f"\nversion: {was}\n" in shipped
    (tmp_path / "model.yaml").write_text(shipped.replace(f"\nversion: {was}\n", f"\nversion: {was + 1}\n"),
                                         encoding="utf-8")
    error = refused(text, load_index(tmp_path / "model.yaml"))
    assert error.line == header(text.split("\n")) + 1
    assert f"version {was}" in error.message and f"workspace has version {was + 1}" in error.message


def test_a_form_for_another_model_is_refused(tmp_path: Path, index: ModelIndex) -> None:
    (tmp_path / "model.yaml").write_text(SMALL_MODEL, encoding="utf-8")
    error = refused(render(tmp_path, load_index(tmp_path / "model.yaml")), index)
    assert "'small'" in error.message and "'pm-wheel'" in error.message


def test_an_unknown_competency_marker_is_refused_at_its_line(tmp_path: Path,
                                                            index: ModelIndex) -> None:
    lines = render(tmp_path, index).split("\n")
    at = marker(lines, "delivery")
    lines[at] = "### Delivery <!-- shipping -->"
    error = refused("\n".join(lines), index)
    assert error.line == at + 1 and "unknown competency 'shipping'" in error.message


def test_a_competency_twice_is_refused(tmp_path: Path, index: ModelIndex) -> None:
    lines = render(tmp_path, index).split("\n")
    at = marker(lines, "delivery")
    lines[at] = "### Delivery <!-- customer-insight -->"
    error = refused("\n".join(lines), index)
    assert error.line == at + 1 and "appears twice" in error.message


@pytest.mark.parametrize("words", [
    "pmkit-form:",  # before the last line explained itself
    # the wording forms were sent with before it asked, in plain words, to be left alone
    "Colleague review form from Sam Ode about Priya Shah (Product Manager Wheel, version 2). "
    "Leave this line and the headings as they are, so your answers can be read back in. "
    "Form details:",
])
def test_a_form_sent_with_an_earlier_last_line_still_reads(
        tmp_path: Path, index: ModelIndex, words: str) -> None:
    lines = render(tmp_path, index, "peer", reviewer="Sam Ode", role="tech lead").split("\n")
    lines[header(lines)] = (f"<!-- {words} kind=peer pm=priya model=pm-wheel "
                            f"version={index.model.version} reviewer=\"Sam Ode\" role=\"tech lead\" -->")
    tick(lines, "delivery", 3)
    answers = read("\n".join(lines), index)
    assert (answers.ratings, answers.reviewer, answers.role) == ({"delivery": 3}, "Sam Ode", "tech lead")


def test_names_cannot_end_the_last_line_early(tmp_path: Path, index: ModelIndex) -> None:
    context = form_context(index, handle="priya", person_name="Priya --> <b>Shah</b>",
                           kind="peer", reviewer="Sam -->", role="design lead", today=TODAY)
    text = render_form(Renderer(tmp_path), context)
    last = text.rstrip("\n").split("\n")[-1]
    assert last.startswith("<!-- Please leave this line as it is: it tells the person who sent it "
                           "to you that this is Sam -'s review of Priya -")
    assert last.count("-->") == 1
    lines = text.split("\n")
    tick(lines, "delivery", 2)
    assert read("\n".join(lines), index).ratings == {"delivery": 2}


@pytest.mark.parametrize("replaced", ["", "<!-- a note for later -->", "# Self-review"])
def test_without_its_header_it_is_not_a_pmkit_form(tmp_path: Path, index: ModelIndex,
                                                   replaced: str) -> None:
    lines = render(tmp_path, index).split("\n")
    lines[header(lines)] = replaced
    error = refused("\n".join(lines), index)
    assert error.line == 1 and "this is not a review form pmkit can read" in error.message


def test_an_edited_header_is_refused(tmp_path: Path, index: ModelIndex) -> None:
    lines = render(tmp_path, index).split("\n")
    at = header(lines)
    lines[at] = lines[at].replace(f"version={index.model.version}", "version=one")
    assert "changed" in refused("\n".join(lines), index).message


@pytest.mark.parametrize(("edit", "says"), [
    (lambda line: line.replace("[x] 3 ·", "[x] 7 ·"), "7 is not on the scale 1-5"),
    (lambda line: line.replace("[x] 3 ·", "[x] three ·"), "does not start with a rating"),
])
def test_a_ticked_line_must_keep_a_number_on_the_scale(tmp_path: Path, index: ModelIndex,
                                                       edit: Callable[[str], str], says: str) -> None:
    lines = render(tmp_path, index).split("\n")
    at = tick(lines, "prioritization", 3)
    lines[at - 1] = edit(lines[at - 1])
    error = refused("\n".join(lines), index)
    assert error.line == at and says in error.message


def test_a_tick_under_a_missing_heading_is_refused(tmp_path: Path, index: ModelIndex) -> None:
    lines = render(tmp_path, index).split("\n")
    at = tick(lines, "delivery", 3)  # the first competency of its area
    del lines[marker(lines, "delivery"):marker(lines, "delivery") + 2]
    error = refused("\n".join(lines), index)
    assert error.line == at - 2 and "heading above it" in error.message
    lines = render(tmp_path, index).split("\n")
    tick(lines, "problem-framing", 3)  # below another competency: never read as that one's
    at = marker(lines, "problem-framing")
    del lines[at:at + 2]
    error = refused("\n".join(lines), index)
    assert "heading" in error.message and "Customer insight" in error.message


def test_an_editor_that_drops_the_hidden_ids_still_reads_by_heading(tmp_path: Path,
                                                                   index: ModelIndex) -> None:
    lines = render(tmp_path, index).split("\n")
    tick(lines, "delivery", 3)
    tick(lines, "customer-insight", 2)
    stripped = [re.sub(r" <!-- \S+ -->$", "", line) for line in lines]
    assert read("\n".join(stripped), index).ratings == {"customer-insight": 2, "delivery": 3}


def test_a_form_sent_out_before_reads_back(tmp_path: Path, index: ModelIndex) -> None:
    """Forms already out kept the header at the top and each id on a line of its own."""
    lines = render(tmp_path, index).split("\n")
    tick(lines, "delivery", 3)
    tick(lines, "customer-insight", 2)
    top = lines.pop(header(lines))
    old: list[str] = [top, ""]
    ids = {p.competency.name: p.competency.id for p in index.placed}
    for line in lines:
        found = line[4:] in ids and line.startswith("### ")
        old += [line, "", f"<!-- competency: {ids[line[4:]]} -->"] if found else [line]
    old[old.index("### Delivery")] = "### Shipping"  # a renamed heading: the id line decides
    assert read("\n".join(old), index).ratings == {"customer-insight": 2, "delivery": 3}


def test_a_form_says_when_to_send_it_back_and_who_reads_it(tmp_path: Path,
                                                          index: ModelIndex) -> None:
    def form(kind: Kind, **extra: object) -> str:
        context = form_context(index, handle="priya", person_name="Priya Shah", kind=kind,
                               reviewer="Sam Ortiz" if kind == "peer" else None,
                               role="tech lead" if kind == "peer" else None,
                               manager="Dana Lee", **{"today": TODAY, **extra})  # type: ignore[arg-type]
        return render_form(Renderer(tmp_path), context)

    own, peer = form("self"), form("peer", due=dt.date(2030, 1, 15))
    assert "Please send the form back to Dana Lee by Friday, 2026-12-04." in own  # two weeks on
    assert own.count("2026-12-04") == 1  # the date is given once, not again at the end
    assert "counts as evidence" not in own  # no background known: no made-up example
    assert ("Your answers go into your next conversation with Dana Lee about your growth, the "
            "first one after you send the form back") in own
    assert "Please send it back to Dana Lee by Tuesday, 2030-01-15." in peer
    assert "Dana Lee, Priya's manager, collects this form" in peer
    # the manager sends the form: it does not claim the PM asked for it
    # a colleague beside the PM, not over them: "Priya's tech lead" reads as her boss
    assert "Sam, as the tech lead who works with Priya, your view helps Priya grow." in peer
    assert "asked for your view" not in peer
    assert "Your examples may reach" not in peer  # the same rule as the manager's, stated once
    assert "and the examples in Dana's words, without your name" in peer
    # a conversation already set: the form is due on the last working day before it
    analyst = form("self", background="business-analyst", conversation=dt.date(2026, 11, 30))
    assert "by Friday, 2026-11-27." in analyst  # not the weekend just before
    assert "requirements workshops" not in analyst  # what the analyst's traps warn about
    assert "assessment conversation with Dana Lee on Monday, 2026-11-30 starts" in analyst
    assert ("Work from your time as a business analyst counts as evidence too, where you would "
            "do it the same way today") in analyst
    # the licence cannot read as covering the analyst's own trap; no criticism is primed,
    # and the conversation the answers go to is named by its date
    # a PM new to the role is told what to do with an old habit: rate it as it is, and explain
    assert ("Where you still work the way you did in that role, tick the line that matches what "
            "you do now rather than what you aim for, and under that competency's **Evidence**, "
            "beside your example, add one recent moment when the old way showed, with what you "
            "would try instead: that is the most useful thing to bring to that conversation."
            ) in analyst
    assert "such as writing requirements" not in analyst
    from pmkit.documents.form_timing import return_by

    assert return_by(dt.date(2026, 11, 29), None) == dt.date(2026, 12, 11)  # not a Sunday
    assert return_by(dt.date(2026, 11, 29), dt.date(2026, 12, 4)) == dt.date(2026, 12, 3)
    assert return_by(dt.date(2026, 12, 1), dt.date(2026, 12, 4)) == dt.date(2026, 12, 3)
    # too late to come back before it: two weeks on, and the form feeds the next one
    assert return_by(dt.date(2026, 12, 2), dt.date(2026, 12, 4)) == dt.date(2026, 12, 16)
    assert return_by(dt.date(2026, 12, 3), dt.date(2026, 12, 4)) == dt.date(2026, 12, 17)
    late = form("self", today=dt.date(2026, 12, 3), conversation=dt.date(2026, 12, 4))
    assert ("Your assessment conversation with Dana Lee on Friday, 2026-12-04 comes before you "
            "can send this form back, so your answers go into the conversation after it") in late
    gone = form("self", today=dt.date(2026, 12, 7), conversation=dt.date(2026, 12, 4))
    assert ("on Friday, 2026-12-04 has already taken place, so your answers go into the "
            "conversation after it") in gone
    assert "by Thursday, 2026-12-17." in late
    peer = form("peer", today=dt.date(2026, 12, 3), conversation=dt.date(2026, 12, 4))
    assert ("assessment conversation on Friday, 2026-12-04 comes before this form can be back, "
            "so your view goes into the one after it") in peer
    # a conversation held today: the form, due in two weeks, is for the next one
    own = form("self", today=dt.date(2026, 11, 30), conversation=dt.date(2026, 11, 30))
    assert ("Your assessment conversation with Dana Lee on Monday, 2026-11-30, the day this form "
            "is written, goes ahead without a self-assessment from you; this form is for your "
            "next assessment conversation.") in own
    assert "by Monday, 2026-12-14." in own and "feed your next conversation" not in own
    # the plan's review is known and comes after the form is back: its date is the aim
    dated = form("self", today=dt.date(2026, 11, 30), conversation=dt.date(2026, 11, 30),
                 review=dt.date(2027, 1, 11))
    # the plan's end is its review day: the form names it
    assert ("Your assessment conversation with Dana Lee on Monday, 2026-11-30, the day this form "
            "is written, goes ahead without a self-assessment from you; this form is for the "
            "review of your plan on Monday, 2027-01-11.") in dated
    kept = form("self", today=dt.date(2026, 11, 30), conversation=dt.date(2026, 11, 30),
                review=dt.date(2027, 1, 11), self_on=dt.date(2026, 10, 11))
    assert ("Your assessment conversation with Dana Lee on Monday, 2026-11-30, the day this form "
            "is written, uses your self-assessment of 2026-10-11; this form is for the review of "
            "your plan on Monday, 2027-01-11.") in kept
    # due a week before that review, on its weekday, not two weeks on with a month idle
    assert "by Monday, 2027-01-04." in dated and "2026-12-14" not in dated
    # a review too close for a week's notice keeps the two weeks
    from pmkit.documents.form_timing import before_review

    two_weeks = dt.date(2026, 12, 14)
    assert before_review(dt.date(2026, 11, 30), dt.date(2027, 1, 11), two_weeks) \
        == dt.date(2027, 1, 4)
    assert before_review(dt.date(2026, 11, 30), dt.date(2026, 12, 2), two_weeks) == two_weeks
    # a colleague's form does not say its answers wait for the review: its date stays
    colleague = form("peer", today=dt.date(2026, 11, 30), review=dt.date(2027, 1, 11))
    assert "by Monday, 2026-12-14." in colleague
    plain = form("self", review=dt.date(2027, 1, 11))
    assert ("Your answers go into the review of your plan with Dana Lee on Monday, "
            "2027-01-11.") in plain
    assert "next review of your plan" not in plain + dated + kept
    # the review is named once; the note on earlier work points back to it
    engineer = form("self", review=dt.date(2027, 1, 11), background="engineer")
    assert engineer.count("2027-01-11") == 1 and "most useful thing to bring to that review." in engineer
    missed = form("self", today=dt.date(2026, 12, 7), conversation=dt.date(2026, 12, 4),
                  background="engineer")
    assert "bring to your next assessment conversation." in missed
    # a review before the form is due is no aim: the wording stays general
    assert "review of your plan" not in form("self", review=dt.date(2026, 12, 1))
    peer = form("peer", today=dt.date(2026, 11, 30), conversation=dt.date(2026, 11, 30))
    assert ("Priya's assessment conversation is on Monday, 2026-11-30, the day this form is "
            "written, so your view goes into the next assessment conversation.") in peer


def test_the_rubric_speaks_to_whoever_fills_in_the_form(tmp_path: Path, index: ModelIndex) -> None:
    own = render(tmp_path, index, "self")
    peer = render(tmp_path, index, "peer", reviewer="Sam Ortiz", role="design lead")
    # every line reads the same way to whoever fills it in: no "the PM", no "you" mixed in
    for text in (own, peer):
        assert "still makes most decisions alone" in text and "by you alone" not in text
        assert "commitments are missed rather than renegotiated" in text and "your commitments" not in text
        assert "works for them: coordinates with marketing" in text
        assert "Growing as a product person on purpose" in text
    for text in (own, peer):
        assert "this PM" not in text and "the PM " not in text


def test_a_conversation_file_linking_out_of_the_workspace_sets_no_due_date(tmp_path: Path) -> None:
    """The due date reads the 1:1 folder as every 1:1 file is read: a link that leads out
    of the workspace is never followed, so it cannot move the date."""
    from pmkit.documents.form_timing import scheduled_conversation
    from pmkit.workspace import Workspace

    from helpers import invoke

    root = tmp_path / "ws"
    assert invoke(["init", str(root), "--manager", "Dana Lee"]).exit_code == 0
    assert invoke(["-w", str(root), "add", "nina", "--name", "Nina Patel",
                   "--level", "pm"]).exit_code == 0
    today = dt.date(2026, 11, 30)
    folder = root / "oneonones" / "nina"
    folder.mkdir(parents=True)
    outside = tmp_path / "elsewhere.md"
    outside.write_text("# Assessment conversation: Nina Patel, 2026-12-04\n")
    (folder / "2026-12-04.md").symlink_to(outside)
    assert scheduled_conversation(Workspace(root), "nina", today) is None
    (folder / "2026-12-04.md").unlink()
    (folder / "2026-12-04.md").write_text(outside.read_text())
    assert scheduled_conversation(Workspace(root), "nina", today) == dt.date(2026, 12, 4)
    # one held today is found as well: a form sent today cannot feed it
    assert scheduled_conversation(Workspace(root), "nina", dt.date(2026, 12, 4)) == dt.date(2026, 12, 4)
