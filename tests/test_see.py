"""Seeing the work: the plan's wheel, the team report, the handbook, and where PMs come from.

These tests read the documents as text and XML; tests/test_browser.py opens them in Chromium.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markdown_rules import check_markdown

from pmkit.documents.handbook import ALWAYS_TRAPS, slug
from pmkit.workspace import Workspace

from conftest import REPO_ROOT, copy_workspace, git, invoke

SVG = "{http://www.w3.org/2000/svg}"


def ok(*args: str) -> str:
    result = invoke(list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def points(svg: str, role: str) -> dict[str, str]:
    root = ET.fromstring(svg)
    return {el.get("data-axis", ""): el.get("data-value", "") for el in root.iter(f"{SVG}g")
            if el.get("class") == "point" and el.get("data-role") == role}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ana (a former analyst, never assessed), Ben (assessed twice, self-assessed), Cy (pinned)."""
    root = tmp_path_factory.mktemp("see") / "ws"
    w = ["-w", str(root)]
    ok("init", str(root), "--manager", "Dana Lee")
    ok(*w, "add", "ana", "--name", "Ana Ruiz", "--level", "apm", "--background", "business-analyst")
    ok(*w, "add", "ben", "--name", "Ben Okoro", "--level", "pm", "--background", "project-manager")
    ok(*w, "add", "cy", "--name", "Cy Tran", "--level", "pm")
    ok(*w, "assess", "ben", "--date", "2026-05-01", "--set", "customer-insight=1", "--set", "delivery=4",
       "--set", "data-fluency=2")
    ok(*w, "assess", "ben", "--date", "2026-10-01", "--set", "customer-insight=2", "--set", "delivery=4",
       "--set", "data-fluency=3", "--set", "prioritization=1")
    ok(*w, "assess", "ben", "--self", "--date", "2026-09-28", "--set", "customer-insight=3")
    ok(*w, "assess", "cy", "--date", "2026-10-02", "--set", "customer-insight=1", "--set", "delivery=2")
    return root


@pytest.fixture
def ws(built: Path, tmp_path: Path) -> Path:
    return copy_workspace(built, tmp_path / "ws")


# --- where PMs come from ---------------------------------------------------------------------


def test_add_records_the_background_and_refuses_an_unknown_one(ws: Path) -> None:
    assert "background: business-analyst" in (ws / "team" / "ana.yaml").read_text()
    result = invoke(["-w", str(ws), "add", "dee", "--name", "Dee", "--level", "pm",
                     "--background", "analyst"])
    assert result.exit_code == 2 and "unknown background 'analyst'" in result.stderr
    assert not (ws / "team" / "dee.yaml").exists()


def test_a_new_pm_starts_from_their_background_and_an_assessment_takes_over(ws: Path) -> None:
    gaps = json.loads(ok("-w", str(ws), "gaps", "ana", "--format", "json"))
    assert gaps["focus"] == ["problem-framing", "customer-insight", "prioritization"]
    assert gaps["focus_source"] == "background" and gaps["gaps"] == []
    ben = json.loads(ok("-w", str(ws), "gaps", "ben", "--format", "json"))
    assert ben["focus_source"] == "gaps"  # assessed: the spec's rule, not the background
    assert ben["focus"] == [g["competency"] for g in ben["gaps"] if g["priority"] > 0][:3]
    cy = json.loads(ok("-w", str(ws), "gaps", "cy", "--format", "json"))
    assert cy["focus_source"] == "gaps" and cy["background"] is None
    plan = ok("-w", str(ws), "plan", "ana", "--stdout")
    assert "### 1. Problem framing" in plan and "### 3. Prioritization" in plan


# --- the plan's wheel ------------------------------------------------------------------------


def test_the_plan_writes_and_links_its_wheel_in_the_same_commit(ws: Path) -> None:
    ok("-w", str(ws), "plan", "ben")
    committed = set(git(ws, "show", "--name-only", "--format=", "HEAD").split())
    # The plan, its wheel, its focus areas over time and the plan's start and milestones in
    # Ben's file: one commit.
    assert committed == {"plans/ben.md", "plans/ben.svg", "plans/history/ben.svg", "team/ben.yaml"}
    plan = (ws / "plans" / "ben.md").read_text()
    check_markdown(plan)
    link = re.search(r"^!\[([^\]]+)\]\(ben\.svg\)$", plan, re.MULTILINE)
    assert link and "Ben Okoro" in link.group(1) and "4 of 16" in link.group(1)
    over_time = re.search(r"^!\[([^\]]+)\]\(history/ben\.svg\)", plan, re.MULTILINE)
    assert over_time, "the chart over time is linked from the plan, with alt text"
    assert "Customer insight went from 1 to 2" in over_time.group(1)
    assert "2 assessments, 1 May 2026 to 1 Oct 2026" in over_time.group(1)
    history = ET.fromstring((ws / "plans" / "history" / "ben.svg").read_text())
    drawn = sorted((el.get("data-axis"), el.get("data-date"), el.get("data-value"))
                   for el in history.iter(f"{SVG}g") if el.get("class") == "point")
    assert {("customer-insight", "2026-05-01", "1"), ("customer-insight", "2026-10-01", "2")} <= set(drawn)
    assert {axis for axis, _, _ in drawn} <= {"customer-insight", "prioritization", "data-fluency"}
    assert "Cy Tran" not in (ws / "plans" / "history" / "ben.svg").read_text()
    assert "| Competency | Now vs expected | Rating |" in plan  # the table stays
    svg = (ws / "plans" / "ben.svg").read_text()
    assert points(svg, "manager") == {"customer-insight": "2", "prioritization": "1", "delivery": "4",
                                      "data-fluency": "3"}
    assert points(svg, "self") == {"customer-insight": "3"}
    assert points(svg, "previous") == {"customer-insight": "1", "delivery": "4", "data-fluency": "2"}
    assert len(points(svg, "target")) == 16
    assert "Your manager" in svg and "Ana" not in svg and "Cy Tran" not in svg  # the PM's own picture


def test_one_assessment_draws_no_history_and_the_plan_links_none(ws: Path) -> None:
    ok("-w", str(ws), "plan", "cy")
    assert (ws / "plans" / "cy.svg").is_file() and not (ws / "plans" / "history" / "cy.svg").exists()
    assert "](history/" not in (ws / "plans" / "cy.md").read_text()


def add_peers(ws: Path, handle: str, *views: tuple[str, dict[str, int]]) -> None:
    day = dt.date.today() - dt.timedelta(days=3)
    person = ws / "team" / f"{handle}.yaml"
    text = person.read_text() + "peer_input:\n"
    for reviewer, ratings in views:
        text += (f"  - reviewer: {reviewer}\n    role: engineering lead\n    date: {day.isoformat()}\n"
                 f"    ratings: {json.dumps(ratings)}\n")
    person.write_text(text)


def test_peer_input_is_drawn_averaged_and_never_changes_the_rating(ws: Path, tmp_path: Path) -> None:
    add_peers(ws, "ben", ("Jo Park", {"customer-insight": 3, "delivery": 4}),
              ("Lee Wu", {"customer-insight": 4, "problem-framing": 2}))
    ok("-w", str(ws), "plan", "ben")
    svg = (ws / "plans" / "ben.svg").read_text()
    # Two colleagues: an average drawn for the PM would come close to saying what each gave.
    assert 'data-role="peer"' not in svg and "Colleagues" not in svg and "Jo Park" not in svg
    assert points(svg, "manager")["customer-insight"] == "2"  # the manager's own, untouched
    gaps = json.loads(ok("-w", str(ws), "gaps", "ben", "--format", "json"))
    row = next(g for g in gaps["gaps"] if g["competency"] == "customer-insight")
    assert row["rating"] == 2 and row["gap"] == 1
    out = tmp_path / "team.html"
    ok("-w", str(ws), "report", "-o", str(out))
    html = out.read_text()
    ben = html.split('id="pm-ben"', 1)[1].split("</article>", 1)[0]
    peer = re.search(r'<path class="s r-peer" data-role="peer" data-values="([^"]+)"', ben)
    assert peer and peer.group(1).split()[0] == "3.5"
    assert "Peer input, average of 2 colleagues" in ben and "Jo Park (engineering lead)" in ben
    assert "Customer insight: you 2, peer input 3 to 4" in ben
    # A third colleague on customer insight: the PM's picture draws that one average, no other.
    person = ws / "team" / "ben.yaml"
    day = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    person.write_text(person.read_text().replace(
        "peer_input:\n", f"peer_input:\n  - reviewer: Sam Roe\n    role: designer\n"
        f"    date: {day}\n    ratings: {{customer-insight: 2}}\n", 1))
    ok("-w", str(ws), "plan", "ben")
    svg = (ws / "plans" / "ben.svg").read_text()
    assert points(svg, "peer") == {"customer-insight": "3"}
    assert "Colleagues' views, average of 3" in svg and "Sam Roe" not in svg


def test_plan_stdout_links_no_picture_and_a_rerun_changes_nothing(ws: Path) -> None:
    assert "](ben.svg)" not in ok("-w", str(ws), "plan", "ben", "--stdout")
    ok("-w", str(ws), "plan", "ben")
    head = git(ws, "rev-parse", "HEAD")
    assert "already up to date" in ok("-w", str(ws), "plan", "ben")
    assert git(ws, "rev-parse", "HEAD") == head


# --- the team report --------------------------------------------------------------------------


def test_report_is_one_self_contained_page(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "team.html"
    assert "Wrote" in ok("-w", str(ws), "report", "--output", str(out))
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"""(?:src|href)=["'](?!#|data:)""", html)  # no file or address to load
    assert not re.search(r"url\((?!#pmkit-)", html)  # only the page's own markers
    assert html.count('<article class="person"') == 3 and html.count("<svg") >= 4
    assert "@media print" in html
    assert ok("-w", str(ws), "report", "-o", "-") == html  # standard output: the same page


@pytest.mark.slow
def test_fifty_pms_make_a_small_page_that_draws_every_wheel_once(tmp_path: Path) -> None:
    """The benchmark's team: 50 PMs, each with 36 monthly assessments in git."""
    sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    import bench
    import team_repo

    home = tmp_path / "home"
    home.mkdir()
    env = bench.bench_env(home)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")])
    root = tmp_path / "fifty"
    team_repo.build_workspace(root, 50, env)
    from pmkit.documents.team_report import render_report

    html = render_report(Workspace(root))
    assert html.count('<article class="person"') == 50
    assert len(html.encode("utf-8")) < 420_000, len(html)  # was over 2 MB, past what pmkit writes
    assert html.count('<g id="pmkit-web-1"') == 1 and 'id="pmkit-web-2"' not in html  # one web for all
    assert html.count("<marker ") == 10  # five roles, five trend lines: once each
    assert html.count("<use href=\"#pmkit-web-1\"") == 50


def test_an_older_copy_of_the_report_template_still_gets_the_charts_parts(ws: Path) -> None:
    shipped = (REPO_ROOT / "templates" / "report.html.j2").read_text()
    older = shipped.replace("{{ chart_css | safe }}\n", "").replace("{{ chart_defs | safe }}\n", "")
    assert older != shipped
    (ws / "templates").mkdir(exist_ok=True)
    (ws / "templates" / "report.html.j2").write_text(older)
    from pmkit.documents.team_report import render_report

    page = render_report(Workspace(ws))
    assert page.count('<svg class="pmkit-defs') == 1 and page.count("marker:url(#pmkit-mk-manager)") == 1
    assert page.index('<svg class="pmkit-defs') > page.index("<body>")
    assert page.index("marker:url(") < page.index("</head>")


def test_report_refuses_a_missing_folder_and_pdf_without_a_browser(ws: Path, tmp_path: Path) -> None:
    result = invoke(["-w", str(ws), "report", "-o", str(tmp_path / "nope" / "r.html")])
    assert result.exit_code == 2 and "does not exist" in result.stderr
    result = invoke(["-w", str(ws), "report", "--pdf", "-o", str(tmp_path / "r.pdf")],
                    env={"PMKIT_CHROMIUM": str(tmp_path / "no-such-browser")})
    assert result.exit_code == 2 and "--pdf needs Chromium" in result.stderr
    assert not (tmp_path / "r.pdf").exists()


# --- the handbook -----------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["pm-wheel", "svpg", "competency-toolkit"])
def test_handbook_covers_every_competency_of_each_shipped_model(tmp_path: Path, model: str) -> None:
    root = tmp_path / model
    ok("--no-commit", "init", str(root), "--model", model)
    text = ok("-w", str(root), "handbook")
    found = check_markdown(text)
    index = Workspace(root).index
    headings = [t for level, t in found.headings if level == 3]
    for placed in index.placed:
        comp = placed.competency
        assert comp.name in headings
        section = text.split(f"### {comp.name}\n", 1)[1].split("\n### ", 1)[0]
        for field in ("**Why it matters.**", "**What to look for:**", "**Coach it in the moment:**",
                      "**Traps by background:**", "**To read, watch or listen to:**"):
            assert field in section, (comp.id, field)
        traps = section.split("**Traps by background:**", 1)[1]
        for road, guide in index.model.backgrounds.items():
            # the three roads into the job every competency covers; the others where they watch it
            shown = str(road) in ALWAYS_TRAPS or comp.id in [index.resolve(w) for w in guide.watch]
            assert (f"- **{guide.name}**: " in traps) == shown, (comp.id, guide.name)
    # one table of targets: a row per competency, a column per level, the model's numbers
    table = next(rows for rows in found.tables if rows[0][1] == "Competency")
    assert table[0][2:] == [level.name for level in index.model.levels]
    assert len(table) == 1 + len(index.placed)
    for row, placed in zip(table[1:], index.placed, strict=True):
        expected = placed.competency.expected
        assert row[1].startswith(f"[{placed.competency.name}](#")
        assert row[2:] == [str(expected.get(level.id, "-")) for level in index.model.levels]
    # the plan's goals and the one bigger challenge, said once, in the goals section
    goals = text.split("## Three goals, one conversation at a time\n", 1)[1].split("\n## ", 1)[0]
    low = text.lower()
    assert text.count("next bigger challenge") == goals.count("next bigger challenge") == 1
    assert "the main goal" in goals and "in turn" not in goals
    # one goal a 1:1, the one furthest behind first, every goal in its turn; the main goal keeps
    # its weight without taking turns from the others
    assert "Each 1:1 takes one goal: the one furthest behind its milestones first" in goals
    assert "every goal gets its turn" in goals and "you may open it with the main goal" in goals
    assert "give the rest to the main goal" not in text
    # the plan's words are explained once, in plain words, where they are first used, and mean
    # nothing else anywhere in the handbook
    for term in ("focus area", "milestone"):
        first = low.index(term)
        assert first == goals.lower().index(term) + text.index(goals), term
    assert "**coaching plan**" in goals and "**focus areas**" in goals and "**milestones**" in goals
    assert low.count("milestone") == goals.lower().count("milestone")
    for jargon in ("development plan", "prepared 1:1 agendas", "the plan the pm reads",
                   "practices, milestones"):
        assert jargon not in low, jargon
    # the model named as it is, with no version label that means nothing to the reader
    assert not re.search(r"\bversion \d", low)
    # the example to bring is asked for once, in the rating steps
    assert text.count("one example") == 1
    assert "snapshot" not in text.lower()
    # a page to start from: the areas, each with its competencies, before anything else
    anchor_of = dict(re.findall(r"^\| [^|]*\| \[([^\]]+)\]\(#([^)]+)\)", text, re.MULTILINE))
    assert next(t for level, t in found.headings if level == 2) == "Start here"
    start = text.split("## Start here\n", 1)[1].split("\n## ", 1)[0]
    # the reading guide sends the manager to competencies, which is what each background names
    assert "competencies to watch first" in start or not index.model.backgrounds
    assert "segments to read first" not in text
    for area in index.model.areas:
        links = ", ".join(f"[{c.name}](#{anchor_of[c.name]})" for c in area.competencies)
        assert f"- **{area.name}**: {links}\n" in start, area.id
    # who rates, and how a disagreement ends
    assert "1. **The PM rates first**" in text and "three or more" in text
    # who pools colleagues' views, and what the PM sees with fewer than three
    assert "The PM sees only the combined view, and only where three or more rated" in text
    assert "promise no more" in text  # an average of three can still give answers away
    # every target the model explains is named under the table with its reason
    targets = text.split("## Targets by level\n", 1)[1].split("\n## ", 1)[0]
    for placed in index.placed:
        comp = placed.competency
        for reason in comp.expected_why.values():
            assert f"- [{comp.name}](#{anchor_of[comp.name]}): {' '.join(reason.split())}\n" in targets
    assert targets.count("\n- [") == sum(len(p.competency.expected_why) for p in index.placed)
    # a level's rule is said once, under the table, and its counts match the table
    rules = re.findall(r"on the (\w+) competenc(?:y|ies) below, each with its reason; on the other "
                       r"(\w+), the target stays at the ([^']+)'s (\d)", targets)
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
    assert rules or model != "pm-wheel"
    for listed, rest, below, value in rules:
        lower = next(lv for lv in index.model.levels if lv.name == below)
        top = index.model.levels[[lv.id for lv in index.model.levels].index(lower.id) + 1]
        at_lower = [p for p in index.placed
                    if p.competency.expected.get(top.id) == p.competency.expected.get(lower.id) == int(value)]
        assert words[rest] == len(at_lower) == len(index.placed) - words[listed]
    assert "Senior target" not in text.split("## Targets by level", 1)[0]
    # each level's line carries the table's targets for it, so description and table tell one story
    levels = text.split("## The scale and the levels\n", 1)[1].split("\n## ", 1)[0]
    for at, level in enumerate(index.model.levels):
        line = next(ln for ln in levels.splitlines() if ln.startswith(f"- **{level.name}** ("))
        column = [row[2 + at] for row in table[1:]]
        told = {int(v): len(column) if n == "every" else words[n]
                for v, n in re.findall(r"(\d+) · [^,()]+? on (?:the other )?(\w+)", line)}
        assert told == {int(v): column.count(v) for v in set(column)}, line
    # one word per idea: the model's parts are segments; "area" is only ever a plan's focus area
    assert re.search(r"^The \w+ segments", start, re.MULTILINE)
    assert len(re.findall(r"\bareas?\b", low)) == len(re.findall(r"\bfocus areas?\b", low)) > 0
    assert "segment" not in low.split("## where pms come from", 1)[1]  # nor customer segments
    # follow-up times, said once and from the workspace's settings
    assert text.count("**When to follow up.**") == 1
    follow = text.split("**When to follow up.**", 1)[1].split("\n", 1)[0]
    assert "With a 1:1 every week, ask at your next one" in follow and "week later" not in text
    assert "coaching plan** for the next 90 days, about a quarter" in goals
    assert "out of date" in follow and text.count("out of date") == 1
    assert "reassess" not in text.replace(follow, "")
    # the plan's book-club mark, on the full entry under the competency that picks the title
    assert "· book-club pick" in text and "*book club*" not in text
    for placed in index.placed:
        section = text.split(f"### {placed.competency.name}\n", 1)[1].split("\n### ", 1)[0]
        for r in placed.competency.resources:
            if r.book_club:
                entry = rf"^- \[?\*{re.escape(r.title)}\*.* · book-club pick$"
                assert re.search(entry, section, re.MULTILINE), r.title
    # a resource listed twice points back to its first place instead of repeating it
    titles = re.findall(r"^- (?:\[)?\*([^*]+)\*(?:\]\([^)]*\))? by ", text, re.MULTILINE)
    assert len(titles) == len(set(titles)), [t for t in titles if titles.count(t) > 1]
    assert len(text.split()) < 9500  # a primer, not a reference
    anchors = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert anchors <= {slug(t) for _, t in found.headings}


def test_handbook_is_about_the_model_and_names_nobody(ws: Path, tmp_path: Path) -> None:
    text = ok("-w", str(ws), "handbook")
    where = text.split("## Where PMs come from", 1)[1]
    assert where.index("### Business analyst") < where.index("### Subject-matter expert")  # model order
    for name in ("Ana Ruiz", "Ben Okoro", "Cy Tran", "(on your team"):
        assert name not in text, name
    # A primer for the reader: no files to edit, no commands to run.
    assert "`" not in text and "model.yaml" not in text and "pmkit" not in text.lower()
    # nor the words of a tool: a manager with only the handbook can follow every sentence
    for jargon in ("pmkit's own", "in their plan", "the plan's 1:1 agendas", "plan starts from",
                   "one-to-one"):
        assert jargon not in text, jargon
    assert "- **Business analyst**: " in text
    out = tmp_path / "handbook.html"
    ok("-w", str(ws), "handbook", "--format", "html", "--output", str(out))
    html = out.read_text()
    assert "<script" not in html and "<h3 id=\"customer-insight\">Customer insight</h3>" in html
    assert html.count("<h1>") == 1 and "Ana Ruiz" not in html and "<code>" not in html


# --- templates and start-up -------------------------------------------------------------------


def test_the_new_templates_are_listed_and_shown(ws: Path) -> None:
    listed = ok("-w", str(ws), "templates")
    assert "report.html.j2" in listed and "handbook.md.j2" in listed and "handbook.html.j2" in listed
    assert "<!DOCTYPE html>" in ok("-w", str(ws), "templates", "report")


def test_commands_that_do_not_draw_import_no_drawing(built: Path) -> None:
    """Start-up: one process runs each command that draws nothing, then lists what got imported."""
    runs = [["gaps", "ben", "--format", "json"], ["team", "--format", "json"],
            ["history", "ben", "--format", "json"], ["plan", "ben", "--stdout"],
            ["oneonone", "ben", "--stdout"], ["check"]]
    probe = ("import sys, json\n"
             "from pmkit.cli import main\n"
             "for args in json.loads(sys.argv[1]):\n"
             "    sys.argv = ['pmkit', *args]\n"
             "    try:\n        main()\n    except SystemExit as exc:\n        assert not exc.code, args\n"
             "drawn = [m for m in ('pmkit.documents.charts', 'pmkit.documents.wheel', "
             "'pmkit.documents.trend', 'pmkit.documents.chart_sheet', "
             "'pmkit.documents.team_report', 'pmkit.documents.handbook', 'pmkit.actions.printouts', "
             "'markdown_it') if m in sys.modules]\n"
             "print(drawn, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe, json.dumps([["-w", str(built), *a] for a in runs])],
                          capture_output=True, text=True, check=False, cwd=REPO_ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


def test_the_handbook_says_when_to_follow_up_from_the_workspace_settings(ws: Path) -> None:
    settings = ws / "pmkit.yaml"
    text = settings.read_text()
    for cadence, reassess, said in ((14, 60, "out of date after 60 days, before the plan ends"),
                                    (7, 120, "out of date only after 120 days, but the end of a plan")):
        settings.write_text(re.sub(r"(?m)^reassess_after_days: \d+", f"reassess_after_days: {reassess}",
                                   re.sub(r"(?m)^cadence_days: \d+", f"cadence_days: {cadence}", text)))
        handbook = ok("-w", str(ws), "handbook")
        follow = handbook.split("**When to follow up.**", 1)[1].split("\n", 1)[0]
        assert said in follow and "for the next 90 days, about a quarter" in handbook, follow
        assert ("With a 1:1 every two weeks" in follow) == (cadence == 14), follow
        assert ("With a 1:1 every week" in follow) == (cadence == 7), follow
