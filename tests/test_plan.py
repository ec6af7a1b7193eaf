"""`pmkit plan`: coaching plans built from gaps and the model, written and committed."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from doc_team import BART_EVIDENCE, PEOPLE, ok, other_people_words
from markdown_rules import check_markdown

from helpers import commit_count, git, invoke, snapshot


def focus_titles(text: str) -> list[str]:
    return re.findall(r"^### \d+\. (.+)$", text, flags=re.MULTILINE)


def section(text: str, title: str) -> str:
    """The body of one ``##``/``###`` section, up to the next heading of any level."""
    match = re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#+ |\Z)", text, flags=re.MULTILINE | re.DOTALL)
    assert match, f"no section {title!r}"
    return match.group(1)


def test_a_plan_for_every_pm_is_written_committed_and_clean(team: Path) -> None:
    for handle, (name, _) in PEOPLE.items():
        before = commit_count(team)
        out = ok(["-w", str(team), "plan", handle])
        path = team / "plans" / f"{handle}.md"
        assert f"Wrote plans/{handle}.md" in out
        text = path.read_text(encoding="utf-8")
        structure = check_markdown(text)
        assert structure.headings[0] == (1, f"Coaching plan: {name}")
        assert commit_count(team) == before + 1
        assert git(team, "log", "-1", "--format=%s").strip() == f"plan({handle}): coaching plan"
        # The plan, its PM Wheel, and the plan's start and milestones in the PM's file.
        assert git(team, "show", "--name-only", "--format=", "HEAD").split() == [
            f"plans/{handle}.md", f"plans/{handle}.svg", f"team/{handle}.yaml"]
        assert git(team, "status", "--porcelain").strip() == ""

        gaps = json.loads(ok(["-w", str(team), "gaps", handle, "--format", "json"]))
        focus_names = [_competency_name(team, cid) for cid in gaps["focus"]]
        assert focus_titles(text) == focus_names
        chart = structure.tables[0]
        assert chart[0] == ["Competency", "Now vs expected", "Rating"]
        assert len(chart) == 1 + 16  # header + every competency of pm-wheel


def _competency_name(root: Path, cid: str) -> str:
    text = (root / "model.yaml").read_text(encoding="utf-8")
    match = re.search(rf"- id: {re.escape(cid)}\n\s+name: (.+)\n", text)
    assert match
    return match.group(1).strip()


def test_plan_content_for_alice(team: Path) -> None:
    text = ok(["-w", str(team), "plan", "alice", "--stdout"])
    # Focus by priority: problem framing (gap 2) then customer insight (gap 1).
    assert focus_titles(text) == ["Problem framing", "Customer insight"]
    framing = section(text, "1. Problem framing")
    # Where the PM is and where the level expects them, with the rubric text of both.
    assert "(1 · Learning):** Describes work mainly as features" in framing
    assert "**What a Product Manager shows (3 · Proficient):** Frames problems around" in framing
    assert "**Why it matters:** Teams that start from a solution" in framing
    # No goal in the file: the first practice is proposed, the rest are listed as practices.
    # No 1:1 held on the plan yet: goal and milestones read as a proposal.
    assert "**Proposed goal:** Before each new piece of work, write a one-page problem brief" \
        in framing
    assert "**Proposed milestones:**" in framing
    assert "- Take the next feature request you receive" in framing
    assert "*Escaping the Build Trap* by Melissa Perri (book, 2018)" in framing
    assert "- How would you explain the problem your team is working on" in framing
    # The chart: a bar per competency, focus rows marked, unassessed ones drawn empty.
    assert "| **Problem framing** (focus) | `■□□··` | 1 (expected 3) |" in text
    assert "| Delivery | `■■■■■` | 5 (expected 3) |" in text
    assert "| Testing ideas | `·····` | not assessed yet |" in text
    # Strengths, on-target, disagreements of two points or more, and what to assess next.
    strengths = section(text, "Strengths to build on")
    assert "**Delivery** (5 · Role model" in strengths
    # The manager's assessment notes are written about the PM, not to them: not in their copy.
    assert "Shipped checkout v2 with the team" not in text
    assert "Right where a Product Manager should be: Data fluency, Stakeholder management." in strengths
    # Two points apart on both focus areas: each opens with that conversation, said once.
    assert "You rated yourself 3 here and your manager rated 1." in framing
    assert "You rated yourself 4 here and your manager rated 2." in section(text, "2. Customer insight")
    assert "Where we see it differently" not in text
    assert "Solution exploration" in section(text, "Not rated yet")
    assert "Rating them next" not in text  # a reminder for the manager, not the PM


def test_focus_pinned_with_option_keeps_the_order_given(team: Path) -> None:
    text = ok(["-w", str(team), "plan", "alice", "--stdout", "--focus", "data-fluency",
               "--focus", "customer-insight"])
    assert focus_titles(text) == ["Data fluency", "Customer insight"]
    # No 1:1 has been held on this plan yet: the focus is a proposal, not a choice made.
    assert "The two areas your manager proposes for the next 12 weeks: agree them together" in text
    assert "you and your manager chose" not in text
    # Data fluency already meets the level: the plan aims one step higher.
    fluency = section(text, "1. Data fluency")
    assert "**Stretch toward Senior Product Manager (4 · Strong):**" in fluency
    assert "this is a stretch, not a gap" in fluency


def test_unknown_focus_is_refused_with_a_suggestion(team: Path) -> None:
    before = snapshot(team)
    result = invoke(["-w", str(team), "plan", "alice", "--focus", "custmer-insight"])
    assert result.exit_code == 2
    assert "unknown competency 'custmer-insight'" in result.stderr
    assert "did you mean 'customer-insight'" in result.stderr
    assert snapshot(team) == before


def test_focus_and_goals_from_the_person_file(team: Path) -> None:
    person = team / "team" / "alice.yaml"
    person.write_text(person.read_text(encoding="utf-8") + (
        "plan:\n"
        "  focus: [stakeholder-management, customer-insight]\n"
        "  goals:\n"
        "    customer-insight: Interview a customer with the trio every week for six weeks\n"
    ), encoding="utf-8")
    text = ok(["-w", str(team), "plan", "alice", "--stdout"])
    assert focus_titles(text) == ["Stakeholder management", "Customer insight"]
    insight = section(text, "2. Customer insight")
    assert "**Proposed goal:** Interview a customer with the trio every week for six weeks.\n" \
        in insight
    assert "A proposal" not in insight
    # The manager's goal replaces the proposal, so every practice is listed.
    assert "**Practices to try on the job:**" in insight
    assert "- Book one 30-minute customer conversation every week" in insight
    assert "**Proposed goal:**" in section(text, "1. Stakeholder management")


def test_milestones_fall_inside_the_horizon(team: Path) -> None:
    settings = team / "pmkit.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("horizon_days: 90",
                                                                     "horizon_days: 60"))
    text = ok(["-w", str(team), "plan", "alice", "--stdout"])
    today = dt.date.today()
    for title in ("1. Problem framing", "2. Customer insight"):
        milestones = re.findall(r"^- \[ \] \*\*(\d{4}-\d{2}-\d{2})\*\* \((\w+)\)", section(text, title),
                                flags=re.MULTILINE)
        dates = [dt.date.fromisoformat(d) for d, _ in milestones]
        assert len(dates) == 3
        assert dates == sorted(dates) and len(set(dates)) == 3
        assert all(today < d <= today + dt.timedelta(days=60) for d in dates)
        # No 1:1 on file yet: the plan's first day sets the weekday, a weekend moves to Mon/Fri.
        assert len({d.weekday() for d in dates}) == 1 and dates[0].weekday() < 5
        assert [name for _, name in milestones] == [d.strftime("%A") for d in dates]


def test_privacy_no_other_pm_in_any_plan(team: Path) -> None:
    for handle in PEOPLE:
        text = ok(["-w", str(team), "plan", handle, "--stdout"])
        for word in other_people_words(handle):
            assert not re.search(rf"\b{re.escape(word)}\b", text, flags=re.IGNORECASE), (handle, word)
        if handle != "bart":
            assert BART_EVIDENCE not in text
            # Bart's ratings (5 in customer insight, 1 in prioritization) appear nowhere.
            assert "| Prioritization | `·····` | not assessed yet |" in text


def test_a_pm_without_an_assessment_gets_a_frame_not_an_error(team: Path) -> None:
    text = ok(["-w", str(team), "plan", "carmen", "--stdout"])
    check_markdown(text)
    assert "There is no assessment yet" in text
    assert "Focus areas come from the first assessment." in text
    assert focus_titles(text) == []


def test_stdout_writes_nothing(team: Path) -> None:
    before, commits = snapshot(team), commit_count(team)
    result = invoke(["-w", str(team), "plan", "alice", "--stdout"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Coaching plan: Alice Chen\n")
    assert snapshot(team) == before
    assert commit_count(team) == commits


def test_regenerating_an_unchanged_plan_makes_no_commit(team: Path) -> None:
    ok(["-w", str(team), "plan", "alice"])
    commits = commit_count(team)
    out = ok(["-w", str(team), "plan", "alice"])
    assert "already up to date" in out
    assert commit_count(team) == commits
    # A new assessment changes the plan, which is rewritten and committed again.
    ok(["-w", str(team), "assess", "alice", "--set", "problem-framing=3", "--date", "2026-11-22"])
    ok(["-w", str(team), "plan", "alice"])
    assert commit_count(team) == commits + 2
    assert focus_titles((team / "plans" / "alice.md").read_text()) == ["Customer insight"]


def test_only_pmkits_file_is_committed_among_unrelated_changes(team: Path) -> None:
    readme = team / "README.md"
    readme.write_text(readme.read_text() + "\nMy own notes, not ready to commit.\n")
    (team / "scratch.txt").write_text("draft\n")
    (team / "staged.txt").write_text("staged by me\n")
    git(team, "add", "staged.txt")
    ok(["-w", str(team), "plan", "alice"])
    committed = git(team, "show", "--name-only", "--format=", "HEAD").split()
    assert committed == ["plans/alice.md", "plans/alice.svg", "team/alice.yaml"]
    status = git(team, "status", "--porcelain").splitlines()
    assert " M README.md" in status
    assert "?? scratch.txt" in status
    assert "A  staged.txt" in status


def test_no_commit_writes_the_file_only(team: Path) -> None:
    commits = commit_count(team)
    ok(["-w", str(team), "--no-commit", "plan", "alice"])
    assert (team / "plans" / "alice.md").is_file()
    assert commit_count(team) == commits
