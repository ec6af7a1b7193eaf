"""The PM in the loop, as a manager runs it: forms out and back, peers, the conversation,
the end-of-plan review and promotion readiness, on a small workspace with a real history."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from markdown_rules import check_markdown

from helpers import REPO_ROOT, commit_count, copy_workspace, git, invoke, snapshot

TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=95)  # the plan's first day and first assessment
LATEST = TODAY - dt.timedelta(days=4)  # the reassessment at the end of the plan
FORMS = TODAY - dt.timedelta(days=6)  # self-review and peer forms come back


def at(day: dt.date) -> dict[str, str]:
    stamp = f"{day.isoformat()}T10:00:00+00:00"
    return {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}


def ok(args: list[str], day: dt.date | None = None) -> str:
    result = invoke(args, env=at(day) if day else None)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def _with_goals(root: Path, ratings: list[str], goals: dict[str, str],
                others: tuple[tuple[str, str], ...] = ()) -> list[str]:
    """A workspace with Priya (and ``others``), assessed at START with a plan's goals, committed;
    the ``-w`` arguments for it."""
    ok(["init", str(root), "--manager", "Dana Lee"], START)
    w = ["-w", str(root)]
    for handle, name in (("priya", "Priya Shah"), *others):
        ok([*w, "add", handle, "--name", name, "--level", "pm"], START)
    ok([*w, "assess", "priya", "--date", START.isoformat(),
        *[arg for rating in ratings for arg in ("--set", rating)]], START)
    person = root / "team" / "priya.yaml"
    lines = "".join(f"    {cid}: {goal}\n" for cid, goal in goals.items())
    person.write_text(person.read_text() + f"plan:\n  started: {START.isoformat()}\n  goals:\n"
                      + lines + ("# ask about the offsite\n" if others else ""))
    git(root, "commit", "-qam", "plan: goals for Priya", env=at(START))
    return w


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Priya, a PM assessed at the start of a plan and again at its end, with goals."""
    root = tmp_path_factory.mktemp("loop") / "ws"
    w = _with_goals(root, ["customer-insight=2", "problem-framing=3", "stakeholder-management=4",
                           "delivery=3"],
                    {"customer-insight": "Interview a customer with the designer every week"},
                    others=(("omar", "Omar Haddad"),))
    ok([*w, "assess", "priya", "--date", LATEST.isoformat(), "--set", "customer-insight=3",
        "--set", "problem-framing=4", "--evidence",
        "stakeholder-management=Ran the quarterly review with finance on her own"], LATEST)
    return root


@pytest.fixture
def ws(built: Path, tmp_path: Path) -> Path:
    return copy_workspace(built, tmp_path / "ws")


def _heading_ids() -> dict[str, str]:
    """The shipped model's competency names (a form's headings) -> their ids."""
    from pmkit.loading import load_file
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import CompetencyModel

    path = REPO_ROOT / "models" / "pm-wheel.yaml"
    index = ModelIndex(load_file(path, path.name, CompetencyModel).obj)
    return {p.competency.name: p.competency.id for p in index.placed}


def fill(text: str, ticks: dict[str, int], evidence: dict[str, str] | None = None,
         mark: str = "x") -> str:
    """Tick as a person does: change the box of one line under each competency."""
    out: list[str] = []
    current = None
    names = _heading_ids()
    for line in text.split("\n"):
        if line.startswith("### ") and line[4:] in names:
            current = names[line[4:]]
        if current in ticks and line.startswith(f"- [ ] {ticks[current]} ·"):
            line = line.replace("[ ]", f"[{mark}]", 1)
        if current in (evidence or {}) and line.startswith("**Evidence**"):
            line = line + "\n" + (evidence or {})[current]
        out.append(line)
    return "\n".join(out)


def write_form(ws: Path, *extra: str) -> str:
    return ok(["-w", str(ws), "self-review", "priya", "--stdout", *extra])


def test_self_review_round_trip_as_a_person_fills_it(ws: Path, tmp_path: Path) -> None:
    before = commit_count(ws)
    out = ok(["-w", str(ws), "self-review", "priya", "--date", FORMS.isoformat()])
    sent = ws / "forms" / "priya" / f"self-review-{FORMS.isoformat()}.md"
    assert f"Wrote forms/priya/self-review-{FORMS.isoformat()}.md" in out and sent.is_file()
    assert "send it to Priya Shah, then" in out
    assert commit_count(ws) == before + 1
    text = fill(sent.read_text(), {"customer-insight": 4, "problem-framing": 4, "delivery": 2},
                {"customer-insight": "Six interviews in October,\nall with the designer.\n\n"
                                     "Shared a snapshot after each."}, mark="X")
    # a tick moved: the person cut the ticked delivery line and pasted it under its list
    moved = re.search(r"(- \[X\] 2 · [^\n]*)\n", text[text.index("### Delivery\n"):])
    assert moved is not None
    text = text.replace(moved.group(0), "", 1).replace(
        "**Evidence** (a specific example):\n\n### Launch",
        "**Evidence** (a specific example):\n\n" + moved.group(1) + "\n\n### Launch", 1)
    filled = tmp_path / "from-priya.md"
    filled.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    out = ok(["-w", str(ws), "self-review", "priya", "--import", str(filled),
              "--date", FORMS.isoformat()])
    assert "3 ratings, 13 skipped" in out
    data = json.loads(ok(["-w", str(ws), "gaps", "priya", "--format", "json"]))
    self_ratings = {g["competency"]: g["self_rating"] for g in data["gaps"]}
    assert self_ratings["customer-insight"] == 4 and self_ratings["problem-framing"] == 4
    assert self_ratings["delivery"] == 2 and self_ratings["stakeholder-management"] is None
    yaml_text = (ws / "team" / "priya.yaml").read_text()
    assert "Six interviews in October,\n        all with the designer." in yaml_text
    assert yaml_text.index("self_assessment:") < yaml_text.index("plan:")
    assert yaml_text.rstrip().endswith("# ask about the offsite")  # the closing comment stays last
    kept = sent.read_bytes()
    assert b"\r\n" not in kept and b"[X] 4" in kept  # the filled form replaces the blank one
    assert commit_count(ws) == before + 2
    assert git(ws, "status", "--porcelain").strip() == ""


@pytest.mark.parametrize("breakage, line_wanted, message", [
    ("two-ticks", None, "2 boxes are ticked under Customer insight"),
    ("other-pm", None, "this form is for 'omar', not 'priya'"),
    ("other-version", None, "version 7 of the model"),
    ("nothing-ticked", 1, "no box is ticked"),
])
def test_a_broken_form_imports_nothing(ws: Path, tmp_path: Path, breakage: str,
                                       line_wanted: int | None, message: str) -> None:
    text = write_form(ws)
    if breakage == "two-ticks":
        text = fill(text, {"customer-insight": 2})
        text = fill(text, {"customer-insight": 3})
        lines = text.split("\n")
        line_wanted = lines.index(next(x for x in lines if x.startswith("- [x] 3 · "))) + 1
    elif breakage == "other-pm":
        text = ok(["-w", str(ws), "self-review", "omar", "--stdout"])
        text = fill(text, {"delivery": 3})
    elif breakage == "other-version":
        text = fill(re.sub(r"version=\d+", "version=7", text, count=1), {"delivery": 3})
    if line_wanted is None and breakage != "two-ticks":  # the form's last line names it
        line_wanted = text.split("\n").index(
            next(x for x in text.split("\n") if "Form details:" in x)) + 1
    form = tmp_path / "form.md"
    form.write_text(text)
    before = snapshot(ws)
    result = invoke(["-w", str(ws), "self-review", "priya", "--import", str(form)])
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert result.stderr.startswith(f"error: {form}:{line_wanted}: "), result.stderr
    assert snapshot(ws) == before


def test_peer_input_sits_beside_the_rating_and_is_never_averaged(ws: Path, tmp_path: Path) -> None:
    w = ["-w", str(ws)]
    ok([*w, "self-review", "priya", "--from", "Sam Ortiz", "--role", "tech lead", "--date",
        FORMS.isoformat()])
    sent = ws / "forms" / "priya" / f"peer-sam-ortiz-{FORMS.isoformat()}.md"
    text = sent.read_text()
    assert "Sam Ortiz" in text and "tech lead" in text and "Rate yourself" not in text
    sent.write_text(fill(text, {"customer-insight": 2, "stakeholder-management": 5},
                            {"stakeholder-management": "Finance asks for her by name."}))
    out = ok([*w, "self-review", "priya", "--import", str(sent), "--date", FORMS.isoformat()])
    assert "peer input from Sam Ortiz" in out and "Kept" not in out  # already in the workspace
    person = (ws / "team" / "priya.yaml").read_text()
    assert "reviewer: Sam Ortiz" in person and "role: tech lead" in person
    data = json.loads(ok([*w, "gaps", "priya", "--format", "json"]))
    for key in ("handle", "level", "assessed_on", "stale", "gaps", "focus", "not_assessed"):
        assert key in data  # the spec's keys stay
    rows = {g["competency"]: g for g in data["gaps"]}
    assert rows["customer-insight"]["rating"] == 3  # the manager's rating, untouched
    assert rows["customer-insight"]["peer_ratings"][0]["rating"] == 2
    assert rows["customer-insight"]["agreement"] == "peers-differ"
    assert rows["stakeholder-management"]["peer_ratings"][0]["evidence"] == "Finance asks for her by name."
    assert rows["delivery"]["agreement"] == "manager-only"
    assert data["peer_input"] == [{"reviewer": "Sam Ortiz", "role": "tech lead",
                                   "date": FORMS.isoformat()}]
    assert {d["competency"] for d in data["peer_differences"]} == {"customer-insight",
                                                                   "stakeholder-management"}
    md = ok([*w, "gaps", "priya", "--format", "md"])
    assert "## Peers vs manager" in md and "Sam Ortiz (tech lead) 2" in md
    check_markdown(md)
    team = json.loads(ok([*w, "team", "--format", "json"]))
    priya = next(p for p in team["people"] if p["handle"] == "priya")
    assert priya["peer_input"][0]["reviewer"] == "Sam Ortiz" and priya["peer_differences"] == 2
    history = json.loads(ok([*w, "history", "priya", "--format", "json"]))
    assert history["peer_input"][0]["ratings"] == {"customer-insight": 2,
                                                   "stakeholder-management": 5}
    plan = ok([*w, "plan", "priya", "--stdout"])
    # One colleague: no word on their view per competency, which would give their rating away.
    assert "## How you and your manager see it" in plan and "| Colleagues |" not in plan
    assert "Sam" not in plan  # colleagues appear as a count and a range, never by name
    check_markdown(plan)
    # the same colleague on the same day replaces, a form sent to someone else is refused
    ok([*w, "self-review", "priya", "--import", str(sent), "--date", FORMS.isoformat()])
    assert (ws / "team" / "priya.yaml").read_text().count("reviewer:") == 1
    wrong = invoke([*w, "self-review", "priya", "--import", str(sent), "--from", "Lee Park"])
    assert wrong.exit_code == 2 and "sent to Sam Ortiz, not Lee Park" in wrong.stderr


def test_the_conversation_puts_disagreements_first_and_speaks_to_the_pm(ws: Path) -> None:
    w = ["-w", str(ws)]
    text = fill(write_form(ws), {"customer-insight": 5, "problem-framing": 4,
                                 "stakeholder-management": 3},
                {"customer-insight": "I ran the discovery sprint for onboarding."})
    (ws / "mine.md").write_text(text)
    ok([*w, "self-review", "priya", "--import", str(ws / "mine.md")])
    peer = fill(write_form(ws, "--from", "Ana Ruiz", "--role", "designer"),
                {"problem-framing": 2, "delivery": 5},
                {"problem-framing": "Every brief arrives with the screen drawn.",
                 "delivery": "She ships every week and tells us why."})
    (ws / "ana.md").write_text(peer)
    ok([*w, "self-review", "priya", "--import", str(ws / "ana.md")])
    out = ok([*w, "conversation", "priya", "--date", TODAY.isoformat()])
    path = ws / "oneonones" / "priya" / f"{TODAY.isoformat()}.md"
    assert "Wrote oneonones/priya/" in out and path.is_file()
    doc = path.read_text()
    check_markdown(doc)
    shared = ok([*w, "conversation", "priya", "--date", TODAY.isoformat(), "--pm-copy"])
    assert doc.startswith(shared.rstrip("\n")) and "Private notes" not in shared
    headings = [text for _, text in check_markdown(shared).headings]
    order = ["Where the views differ", "Your view and your manager's", "Evidence to bring",
             "The other competencies", "Proposed focus", "Action items"]
    assert [headings.index(h) for h in order] == sorted(headings.index(h) for h in order)
    mine = shared[shared.index("### Your view"):shared.index("## Evidence")]
    assert mine.index("1. **Customer insight**") < mine.index("2. **Stakeholder management**")
    assert "**4 · Strong** for your manager and you:" not in mine  # problem framing agrees
    assert "- You wrote: “I ran the discovery sprint for onboarding.”" in shared
    # one colleague: nothing of theirs on paper for Priya, neither rating, role nor words
    assert "### Colleagues' views" not in shared and "colleague (" not in shared
    for private in ("(designer)", "Every brief arrives"):
        assert private not in shared and private in doc, private
    assert "- Problem framing (4): Ana Ruiz (designer) 2" in doc
    # every competency of the model is somewhere in Priya's copy
    from pmkit.workspace import Workspace

    for placed in Workspace(ws).index.placed:
        assert placed.competency.name in shared, placed.competency.name
    # the manager is named once; no sentence is said twice
    assert shared.count("Dana Lee") == 1
    sentences = [x.strip() for x in re.split(r"(?<=[.!?])\s+", shared) if len(x.strip()) > 30]
    assert len(sentences) == len(set(sentences)), [x for x in sentences if sentences.count(x) > 1]
    # third-person notes about Priya stay in the manager's part, to be said in the room
    assert "She ships every week" not in shared and "She ships every week" in doc
    # the manager's note, turned to "you" where that is safe, is in Priya's copy
    assert "finance on your own" in shared and "on her own" not in doc
    assert "Ana Ruiz (designer): “She ships every week and tells us why.”" in doc
    for private in ("Ana", "Ruiz", "pmkit", "team/", ".yaml", "the PM ", "Priya Shah's"):
        assert private not in shared, private
    # held the day it is written: no "beforehand" left to think in; a later meeting keeps it
    assert "\nTo think about: " in shared and "To think about beforehand" not in shared
    later = ok([*w, "conversation", "priya", "--date", (TODAY + dt.timedelta(days=2)).isoformat(),
                "--stdout"])
    assert "\nTo think about beforehand: " in later and "\nTo think about: " not in later
    again = invoke([*w, "conversation", "priya", "--date", TODAY.isoformat()])
    assert again.exit_code == 2 and "never overwrites" in again.stderr
    assert path.read_text() == doc


def test_the_team_view_marks_where_other_views_sit_far_from_yours(
        ws: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    w = ["-w", str(ws)]
    (ws / "mine.md").write_text(fill(write_form(ws), {"customer-insight": 5, "delivery": 3}))
    ok([*w, "self-review", "priya", "--import", str(ws / "mine.md")])
    peer = fill(write_form(ws, "--from", "Ana Ruiz", "--role", "designer"), {"delivery": 4})
    (ws / "ana.md").write_text(peer)
    ok([*w, "self-review", "priya", "--import", str(ws / "ana.md")])
    data = json.loads(ok([*w, "team", "--format", "json"]))
    people = {p["handle"]: p for p in data["people"]}
    assert people["priya"]["views_apart"] == ["customer-insight"]  # 5 against 3; delivery 1 off
    assert people["omar"]["views_apart"] == [] and data["views_apart"] == ["priya"]
    text = ok([*w, "team"])
    rows = {line.split()[0]: line for line in text.splitlines() if line.split()[:1] in (["priya"], ["omar"])}
    assert " S+1P! " in rows["priya"] and " - " in rows["omar"]
    assert "Self or colleagues' view 2+ points from yours (1 PM): priya (Customer insight)." in text
    from pmkit.cli.views.team_table import print_team_table
    from pmkit.team import team_view
    from pmkit.workspace import Workspace

    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("NO_COLOR", "1")
    workspace = Workspace(ws)
    report, _ = team_view(workspace, TODAY)
    print_team_table(report, workspace.index)
    shown = capsys.readouterr().out.splitlines()
    assert all(len(line) <= 60 for line in shown)
    header = next(line for line in shown if line.split()[:1] == ["PM"])
    priya = next(line for line in shown if line.split()[:1] == ["priya"])
    assert priya[header.index("Views"):].startswith("S+1P!")


def test_each_rating_lists_everyone_who_gave_it_once(built: Path) -> None:
    from pmkit.documents.views import _views
    from pmkit.model.gaps import GapRow, PeerView
    from pmkit.workspace import Workspace

    index = Workspace(built).index
    day = dt.date(2026, 11, 1)
    row = GapRow("delivery", "Delivery", "build", "Build", 0, rating=3, expected=3, weight=1,
                 self_rating=4, peers=(PeerView("Ana", "designer", day, 4),
                                       PeerView("Bo", "designer", day, 4),
                                       PeerView("Cy", "tech lead", day, 4),
                                       PeerView("Di", None, day, 3)))
    views = _views(row, index.by_id["delivery"].competency, index, "Priya Shah")
    assert [(v["rating"], v["who"]) for v in views] == [
        (3, "your manager"), (4, "you and four colleagues taken together")]
    two = GapRow("delivery", "Delivery", "build", "Build", 0, rating=3, expected=3, weight=1,
                 peers=(PeerView("Ana", "designer", day, 4), PeerView("Cy", "tech lead", day, 2)))
    assert [v["who"] for v in _views(two, index.by_id["delivery"].competency, index, "P")] == [
        "your manager"]  # two colleagues: a figure would point at one of them


def test_what_reads_as_a_note_and_what_talks_about_the_pm() -> None:
    from pmkit.documents.views import reads_as_note

    for note in ("Four claimant interviews this quarter, two with the designer",
                 "Ran the retro with us", "Trusted by the claims VP", "Focus groups in May",
                 "I was an underwriter for twelve years"):
        assert reads_as_note(note, "Priya Shah"), note
    for about in ("She shipped checkout v2", "Writes detailed requirements alone",
                  "Engineers bring ideas to her now", "Built his first dashboard",
                  "Priya brings me to every call", "Has the trust of finance",
                  "They always prepare", "The PM runs the demo"):
        assert not reads_as_note(about, "Priya Shah"), about


def test_the_end_of_plan_review_reads_the_start_from_history(ws: Path) -> None:
    out = ok(["-w", str(ws), "review", "priya", "--date", TODAY.isoformat()])
    assert "2 moved" in out
    doc = (ws / "reviews" / "priya" / f"{TODAY.isoformat()}.md").read_text()
    structure = check_markdown(doc)
    table = structure.tables[0]
    rows = {r[0]: r[1:] for r in table[1:]}
    assert rows["**Customer insight** (goal)"] == ["2", "3", "3", "up 1"]
    assert rows["Problem framing"] == ["3", "4", "3", "up 1"]
    assert rows["Delivery"] == ["3", "3", "3", "same"]
    assert f"where you started (the assessment of {START.isoformat()})" in doc
    assert f"· the plan that started on {START.isoformat()}\n\nThis looks back" in doc
    assert "**Goal:** Interview a customer with the designer every week." in doc
    assert "Moved up: **Customer insight** (2 to 3), **Problem framing** (3 to 4)." in doc
    for private in ("pmkit", "team/", ".yaml", "Priya's"):
        assert private not in doc, private


def test_the_review_keeps_third_person_notes_for_the_manager(ws: Path) -> None:
    w = ["-w", str(ws)]
    ok([*w, "assess", "priya", "--date", TODAY.isoformat(), "--set", "customer-insight=3",
        "--evidence", "customer-insight=She's the one the team asks about customers now"])
    ok([*w, "review", "priya", "--date", TODAY.isoformat()])
    doc = (ws / "reviews" / "priya" / f"{TODAY.isoformat()}.md").read_text()
    shared = ok([*w, "review", "priya", "--date", TODAY.isoformat(), "--pm-copy"])
    check_markdown(doc)
    assert "the one the team asks" not in shared and "Private notes" not in shared
    assert "- Customer insight: “She's the one the team asks about customers now.”" in doc
    # the note cannot be turned to "you": the PM's copy says it will be talked through
    assert shared.count("go through the examples behind this rating with you") == 1
    assert "**Goal met.**" in shared and "logged" not in shared
    ok([*w, "assess", "priya", "--date", TODAY.isoformat(), "--set", "customer-insight=3",
        "--evidence", "customer-insight=She interviews a customer every week now"])
    shared = ok([*w, "review", "priya", "--date", (TODAY + dt.timedelta(days=1)).isoformat(),
                 "--stdout"])
    assert (f"noted at the assessment of {TODAY.isoformat()}:** "
            "You interview a customer every week now.") in shared
    assert "written down yet" not in shared  # the manager's note is an example of the work


def test_readiness_needs_the_next_level_twice(ws: Path) -> None:
    data = json.loads(ok(["-w", str(ws), "readiness", "priya", "--format", "json"]))
    assert data["target_level"] == "senior" and data["assessments"] == [START.isoformat(),
                                                                        LATEST.isoformat()]
    states = {c["competency"]: c for c in data["competencies"]}
    assert states["stakeholder-management"]["state"] == "sustained"
    assert states["stakeholder-management"]["evidence"]["manager"].startswith("Ran the quarterly")
    assert states["problem-framing"]["state"] == "reached"
    assert states["customer-insight"]["state"] == "below"
    assert data["sustained"] == ["stakeholder-management"]
    text = ok(["-w", str(ws), "readiness", "priya"])
    assert "1 of 16 competencies sustained" in text
    assert "Not ready yet: 14 of 16 competencies are short of it. 1 more reached it" in text
    assert data["below_current_level"] == 0 and "coaching plan for the current level" not in text
    case = ok(["-w", str(ws), "readiness", "priya", "--format", "md"])
    check_markdown(case)
    assert "  - Manager: Ran the quarterly review" in case and "you saw" not in case
    assert "The ratings are yours" in case
    # a colleague's note newer than the manager's rating is flagged beside it, with the rating
    peer = fill(write_form(ws, "--from", "Ana Ruiz", "--role", "designer"),
                {"stakeholder-management": 3}, {"stakeholder-management": "Skipped two reviews"})
    (ws / "ana.md").write_text(peer)
    ok(["-w", str(ws), "self-review", "priya", "--import", str(ws / "ana.md"),
        "--date", TODAY.isoformat()])
    data = json.loads(ok(["-w", str(ws), "readiness", "priya", "--format", "json"]))
    states = {c["competency"]: c for c in data["competencies"]}
    assert states["stakeholder-management"]["newer_than_rating"] == [
        f"Ana Ruiz's note of {TODAY.isoformat()}"]
    assert states["stakeholder-management"]["peer_ratings"][0]["rating"] == 3
    assert states["stakeholder-management"]["newer_points"] == "lower"  # 3 against the 4
    assert states["delivery"]["newer_than_rating"] == [] and states["delivery"]["newer_points"] is None
    case = ok(["-w", str(ws), "readiness", "priya", "--format", "md"])
    assert (f"4 then 4; Ana Ruiz 3; newer evidence since the latest rating: "
            f"Ana Ruiz's note of {TODAY.isoformat()}") in case
    # the expectation is said once, and the summary ends with what would move the case on
    assert "expectation, which is 4 on every competency," in case and "(expected 4)" not in case
    ahead = case[case.index("## What would move the case forward"):]
    assert "stronger or weaker" not in case  # newer views say which way they point
    assert "- Hold Problem framing at the expectation in the next assessment" in ahead
    ok(["-w", str(ws), "assess", "priya", "--date", TODAY.isoformat(), "--set", "delivery=2"])
    text = ok(["-w", str(ws), "readiness", "priya"])
    assert ("Priya is still below the Product Manager expectation on 1: the coaching plan for "
            "the current level comes first.") in text
    gaps = json.loads(ok(["-w", str(ws), "gaps", "priya", "--level", "senior", "-f", "json"]))
    assert gaps["target_level"] == "senior"
    assert {g["competency"]: g["expected"] for g in gaps["gaps"]}["customer-insight"] == 4
    wrong = invoke(["-w", str(ws), "gaps", "priya", "--level", "seniro"])
    assert wrong.exit_code == 2 and "did you mean 'senior'" in wrong.stderr


def test_milestones_and_evidence_are_read_from_the_plan_when_it_keeps_them(ws: Path) -> None:
    from types import SimpleNamespace

    from pmkit.documents.review import evidence_rows, milestone_rows
    from pmkit.workspace import Workspace

    index = Workspace(ws).index
    day = dt.date(2026, 9, 1)
    plan = SimpleNamespace(
        milestones={"customer-insight": [
            {"date": "2026-07-01", "text": "Two interviews with the designer", "reached": "2026-07-03"},
            SimpleNamespace(date=dt.date(2026, 8, 1), text="A snapshot after each call", reached=None),
            {"date": "2026-10-01", "text": "The team books interviews without you"},
        ], "customer-empathy": "not a list"},
        evidence={"customer-insight": [
            {"date": "2026-08-10", "text": "Shared three snapshots in the channel"},
            {"date": "2026-08-11", "text": "Only for the manager", "private": True},
        ]})
    rows = milestone_rows(plan, "customer-insight", index, day)
    assert [(m["state"], m["late"]) for m in rows] == [("met", True), ("missed", False),
                                                       ("ahead", False)]
    assert evidence_rows(plan, "customer-insight", index) == [
        {"date": "2026-08-10", "text": "You shared three snapshots in the channel", "source": "log"}]
    assert milestone_rows(None, "customer-insight", index, day) == []
    assert milestone_rows(SimpleNamespace(), "delivery", index, day) == []


def test_check_finds_a_peer_rating_off_the_scale(ws: Path) -> None:
    person = ws / "team" / "priya.yaml"
    person.write_text(person.read_text() + "peer_input:\n  - reviewer: Sam Ortiz\n"
                      "    date: 2026-11-01\n    ratings: {delivery: 9}\n")
    result = invoke(["-w", str(ws), "check"])
    assert result.exit_code == 1
    assert "team/priya.yaml:" in result.stdout and "rating 9 for delivery" in result.stdout


def test_three_colleagues_reach_the_pm_only_taken_together(ws: Path) -> None:
    w = ["-w", str(ws)]
    for name, role, rating in (("Ana Ruiz", "designer", 2), ("Bo Chen", "tech lead", 2),
                               ("Cy Park", "data analyst", 3)):
        form = fill(write_form(ws, "--from", name, "--role", role), {"problem-framing": rating},
                    {"problem-framing": f"Two briefs came late, in {name[:2]} sprints"})
        (ws / "peer.md").write_text(form)
        ok([*w, "self-review", "priya", "--import", str(ws / "peer.md")])
    doc = ok([*w, "conversation", "priya", "--date", TODAY.isoformat(), "--stdout"])
    shared = doc[:doc.index("<!-- pmkit:private")]
    check_markdown(doc)
    assert "**2 · Developing** for three colleagues taken together:" in shared
    assert "- A colleague wrote: “Two briefs came late, in An sprints.”" in shared
    for private in ("Ana", "Bo Chen", "(designer)", "(tech lead)", "data analyst"):
        assert private not in shared, private
    assert "- Problem framing (4): Ana Ruiz (designer) 2, Bo Chen (tech lead) 2, " in doc
    # the conversation proposes the same next focus as the end-of-plan review
    ok([*w, "assess", "priya", "--date", TODAY.isoformat(), "--set", "delivery=1",
        "--set", "customer-insight=2", "--set", "data-fluency=1"])
    shared = ok([*w, "conversation", "priya", "--date", TODAY.isoformat(), "--stdout"])
    review = ok([*w, "review", "priya", "--date", TODAY.isoformat(), "--stdout"])
    mark = "<!-- pmkit:private"
    focus = re.findall(r"^- \*\*(.+?)\*\* \(",
                       shared.split("## Proposed focus")[1].split(mark)[0], re.M)
    assert focus and focus == re.findall(r"^- \*\*(.+?)\*\* \(", review.split(
        "## Proposed next focus")[1].split(mark)[0], re.M)


def test_the_conversation_is_dated_on_a_working_day(built: Path) -> None:
    from pmkit.documents.oneonone import meeting_day
    from pmkit.workspace import Workspace

    doc = ok(["-w", str(built), "conversation", "priya", "--stdout"])
    day = dt.date.fromisoformat(doc.splitlines()[0].rsplit(", ", 1)[1])
    assert day == meeting_day(Workspace(built), "priya", dt.date.today()) and day.weekday() < 5
    assert doc.splitlines()[2].startswith(day.strftime("%A"))
    saturday = TODAY + dt.timedelta(days=(5 - TODAY.weekday()) % 7)
    doc = ok(["-w", str(built), "conversation", "priya", "--stdout", "--date", saturday.isoformat()])
    assert doc.splitlines()[0].endswith(saturday.isoformat())  # a date given is kept


def test_a_goal_met_by_its_notes_or_milestones_is_not_proposed_again(ws: Path) -> None:
    from pmkit.documents.next_focus import says_met

    assert says_met("Ran the pricing review alone. Goal met.")
    assert says_met("She met her goal: two experiments a month.")
    for open_goal in ("Goal not met yet", "Almost met the goal", "Once the goal is met, "
                      "we move on", "The goal was to ship weekly"):
        assert not says_met(open_goal), open_goal
    w = ["-w", str(ws)]
    ok([*w, "assess", "priya", "--date", TODAY.isoformat(), "--set", "data-fluency=1",
        "--set", "prioritization=1", "--set", "learn-and-iterate=1"])
    person = ws / "team" / "priya.yaml"
    day = (TODAY - dt.timedelta(days=30)).isoformat()
    goal = "    customer-insight: Interview a customer with the designer every week\n"
    text = person.read_text().replace(
        goal,
        goal +
        "    data-fluency: Read the funnel dashboard every week\n"
        "    prioritization: Rank the backlog against the team goal\n"
        "    learn-and-iterate: Review one shipped feature a month\n"
        f"  milestones:\n    data-fluency:\n      - {{date: {day}, text: A weekly read-out, "
        f"reached: {day}}}\n"
        f"    learn-and-iterate:\n      - {{date: {day}, text: One review held}}\n")
    person.write_text(text)
    notes = ws / "oneonones" / "priya" / f"{day}.md"
    notes.parent.mkdir(parents=True, exist_ok=True)
    notes.write_text(f"# 1:1: Priya Shah, {day}\n\n## Notes\n\n### Prioritization\n\n"
                     "- Ranked the whole backlog against the retention goal; goal met.\n\n"
                     "### Learning from what shipped\n\n- Goal not met yet: no review held.\n")
    git(ws, "add", "-A")
    git(ws, "commit", "-qm", "goals, milestones and a 1:1")
    conversation = ok([*w, "conversation", "priya", "--date", TODAY.isoformat(), "--stdout"])
    review = ok([*w, "review", "priya", "--date", TODAY.isoformat(), "--stdout"])
    for doc in (conversation, review):
        proposed = doc[doc.index("## Proposed"):].split("<!-- pmkit:private")[0]
        check_markdown(doc)
        assert "Read the funnel dashboard" not in proposed  # every milestone reached
        assert "Rank the backlog" not in proposed  # the notes say it was met
        assert f"every milestone of your goal here is marked reached (the last on {day})" in proposed
        assert f"the notes of {day} record your goal here as met" in proposed
    # a goal whose note says it is not met yet stays the goal
    assert "Your current goal: Review one shipped feature a month." in conversation
    assert f"**Goal met.** The notes of {day} record it as met" in review
    # without a recorded start the review covers the plan's usual length, and says so
    person.write_text(person.read_text().replace(f"  started: {START.isoformat()}\n", ""))
    undated = ok([*w, "review", "priya", "--date", TODAY.isoformat(), "--stdout"])
    since = (TODAY - dt.timedelta(days=90)).isoformat()
    assert f"· the last 90 days, since {since}\n\nThis looks back" in undated


@pytest.fixture(scope="module")
def contested(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Two colleagues rate after the manager's reassessment; one goal rose but is short."""
    root = tmp_path_factory.mktemp("contested") / "ws"
    w = _with_goals(root, ["customer-insight=1", "solution-exploration=1", "problem-framing=1"],
                    {"customer-insight": "Interview a customer with the designer every week",
                     "solution-exploration": "Sketch options with the team before any spec"})
    ok([*w, "assess", "priya", "--date", LATEST.isoformat(), "--set", "customer-insight=2",
        "--evidence", "solution-exploration=Writes detailed requirements alone, as she did as "
        "an analyst"], LATEST)
    mine = root / "mine.md"
    mine.write_text(fill(write_form(root), {"solution-exploration": 3, "customer-insight": 3}))
    ok([*w, "self-review", "priya", "--import", str(mine), "--date", FORMS.isoformat()])
    after = (LATEST + dt.timedelta(days=2)).isoformat()
    for name, role, ticks, notes in (
            ("Tom Brandt", "tech lead", {"solution-exploration": 2, "customer-insight": 2},
             {"solution-exploration": "Since the sketching sessions she brings us a problem."}),
            ("Mei Lin", "designer", {"solution-exploration": 2, "customer-insight": 3},
             {"customer-insight": "Joined every interview I ran."})):
        form = root / f"{name.split()[0]}.md"
        form.write_text(fill(write_form(root, "--from", name, "--role", role), ticks, notes))
        ok([*w, "self-review", "priya", "--import", str(form), "--date", after])
    out = {}
    for command in ("conversation", "review"):
        doc = ok([*w, command, "priya", "--date", TODAY.isoformat(), "--stdout"])
        check_markdown(doc)
        out[command], _, out[command + "-private"] = doc.partition("<!-- pmkit:private")
    return out


def test_two_colleagues_are_neither_counted_nor_quoted(contested: dict[str, str]) -> None:
    shared, private = contested["conversation"], contested["conversation-private"]
    assert "two colleagues" not in shared and "sketching sessions" not in shared
    assert "shared once at least three colleagues have rated that competency" in shared
    assert "Do not pass on any colleague's ratings, points or quotes yet" in private
    assert "Without naming who said it" not in private


def test_a_third_person_note_reaches_the_pm_turned_to_you(contested: dict[str, str]) -> None:
    for doc in ("conversation", "review"):
        assert "You write detailed requirements alone, as you did as an analyst" in contested[doc]
        assert "Solution exploration, no example" not in contested[doc]
    from pmkit.documents.voice import to_pm

    assert to_pm("Comes to every refinement and asks us for options", ["Priya"], True) == \
        "You come to every refinement and ask us for options"
    assert to_pm("Tests run nightly", ["Priya"], True) == "Tests run nightly"  # a noun, kept
    assert to_pm("Writes specs alone", ["Priya"]) == "Writes specs alone"  # only when asked


def test_newer_views_against_a_rating_ask_for_a_recheck(contested: dict[str, str]) -> None:
    for doc in ("conversation", "review"):
        private = contested[doc + "-private"]
        assert (f"**Solution exploration** (you rated 1 on {LATEST.isoformat()}): evidence from "
                "after your rating may speak to a higher rating.") in private, doc
        assert "agree a fresh rating with Priya there" in private
        assert "Tom Brandt" not in contested[doc] and "try a different approach" not in contested[doc]
    # said once for every rating: aimed at one, it would point to the colleagues behind it
    assert contested["conversation"].count(f"Your manager's ratings date from {LATEST.isoformat()}, "
                                           "so bring work from since then too") == 1
    # a newer view that agrees with the rating (Tom's 2) weighs against a recheck
    assert "**Customer insight** (you rated" not in contested["conversation-private"]
    assert "“Since the sketching sessions she brings us a problem”. Look at it again before you start" in \
        contested["conversation-private"]


def test_a_goal_that_rose_but_is_short_is_partly_met_in_both(contested: dict[str, str]) -> None:
    partly = ("up from 1 since your plan started but still short of the expectation, so your "
              "goal is partly met: finish it before adding a new one")
    first_step = re.compile(r"\*\*Problem framing\*\* \([^)]*\)[:.] (?:new: it was not one of "
                            r"this plan's goals\. )?(A first step to consider: [^\n]+)")
    steps = []
    assert partly in contested["conversation"]
    # the review says it once, where the goal ends, with what happens to it next
    assert "keep this goal and finish it before taking on a new one" in contested["review"]
    assert contested["review"].count("partly met") == 1
    for doc in ("conversation", "review"):
        assert "has done its work" not in contested[doc] and "Keep the direction" not in contested[doc]
        found = first_step.search(contested[doc])
        assert found, doc
        steps.append(found.group(1))
    assert steps[0] == steps[1]
    review = contested["review"]
    assert review.count("**Goal partly met:** the rating rose from 1 to 2, still short of the 3 "
                        "expected.") == 1
    assert review.count("**Goal not met yet.**") == 1
    assert f"where you stood at the latest assessment ({LATEST.isoformat()})" in review


def test_a_goal_is_met_only_when_it_was() -> None:
    from pmkit.documents.next_focus import Met, verdict

    assert verdict(1, 3, 3, None) == "met"  # reached the expectation
    assert verdict(1, 2, 3, None) == "partly"  # rose, still short: finish it
    assert verdict(1, 1, 3, None) == "not met"
    assert verdict(1, 1, 3, Met("notes")) == "met"  # its own measure says so
    assert verdict(3, 3, 3, None) == "open"  # a stretch goal: the rating cannot tell
    assert verdict(3, 4, 3, None) == "met"
    assert verdict(1, 1, 3, None, some_steps=True) == "partly"  # a milestone of it reached


def test_colleagues_count_per_competency_before_anything_reaches_the_pm(ws: Path) -> None:
    """Three colleagues answered, but only one rated and wrote on Delivery, and two on
    Customer insight: those views stay with the manager, by name, while Problem framing,
    rated and described by all three, reaches the PM taken together."""
    w = ["-w", str(ws)]
    answers = (("Ana Ruiz", "designer", {"problem-framing": 2, "delivery": 1, "customer-insight": 4}),
               ("Bo Chen", "tech lead", {"problem-framing": 2, "customer-insight": 4}),
               ("Cy Park", "data analyst", {"problem-framing": 3}))
    for name, role, ticks in answers:
        said = {cid: f"{name.split()[0]} saw it in the {cid} review" for cid in ticks}
        (ws / "peer.md").write_text(fill(write_form(ws, "--from", name, "--role", role),
                                         ticks, said))
        ok([*w, "self-review", "priya", "--import", str(ws / "peer.md")])
    doc = ok([*w, "conversation", "priya", "--date", TODAY.isoformat(), "--stdout"])
    check_markdown(doc)
    shared, private = doc.split("<!-- pmkit:private")
    assert "for three colleagues taken together" in shared
    assert "Ana saw it in the problem-framing review" in shared
    for held in ("delivery review", "customer-insight review", "Ana Ruiz", "designer"):
        assert held not in shared, held
    assert "for one colleague" not in shared and "two colleagues taken together" not in shared
    assert "- Delivery, Ana Ruiz (designer): “Ana saw it in the delivery review.”" in private
    assert ("Keep these colleagues' words to yourself: fewer than three colleagues wrote on each "
            "of these competencies") in private
    assert "Delivery (3): Ana Ruiz (designer) 1" in private
    plan = ok([*w, "plan", "priya", "--stdout"])
    assert "delivery review" not in plan and "Ana Ruiz" not in plan


def test_a_peer_form_sent_and_not_back_is_named_instead_of_asking_for_another(ws: Path) -> None:
    w = ["-w", str(ws)]
    form = fill(write_form(ws, "--from", "Bo Chen", "--role", "tech lead"), {"problem-framing": 3},
                {"problem-framing": "Reframed the upload request before refinement"})
    (ws / "peer.md").write_text(form)
    ok([*w, "self-review", "priya", "--import", str(ws / "peer.md")])
    private = ok([*w, "conversation", "priya", "--date", TODAY.isoformat(), "--stdout"]).split(
        "<!-- pmkit:private")[1]
    assert ("To get there, ask two more colleagues, someone who works with Priya from outside "
            "the team and depends on its work, such as a lead in operations or in the business, "
            "with `pmkit self-review priya --from NAME --role ROLE`.") in private
    ok([*w, "self-review", "priya", "--from", "Ana Ruiz", "--role", "operations lead"])
    private = ok([*w, "conversation", "priya", "--date", TODAY.isoformat(), "--stdout"]).split(
        "<!-- pmkit:private")[1]
    assert (f"Not read back yet: the form written for Ana Ruiz (operations lead) on "
            f"{TODAY.isoformat()}; read it back with `pmkit self-review priya --import FILE` "
            "once it returns (the same "
            "command reads a colleague's form as a colleague's, not as Priya's own). Even then, "
            "ask one more colleague, someone who works with Priya from outside") in private
    assert "To get there" not in private
    sent = ws / "forms" / "priya" / f"peer-ana-ruiz-{TODAY.isoformat()}.md"
    sent.write_text(fill(sent.read_text(), {"problem-framing": 3}, {"problem-framing": "Clear briefs"}))
    ok([*w, "self-review", "priya", "--import", str(sent)])
    private = ok([*w, "conversation", "priya", "--date", TODAY.isoformat(), "--stdout"]).split(
        "<!-- pmkit:private")[1]
    assert "Not read back yet" not in private and "ask one more colleague" in private


def test_readiness_words_whose_ratings_from_what_is_on_record(workspace: Path) -> None:
    # one assessment, no self-review, no colleague: the summary claims none of them
    assert invoke(["-w", str(workspace), "assess", "alice", "--set", "customer-insight=2",
                   "--date", "2026-10-01"]).exit_code == 0
    case = ok(["-w", str(workspace), "readiness", "alice", "--format", "md"])
    assert "Only one assessment so far (2026-10-01)" in case
    assert ("The ratings are yours, from your assessment of 2026-10-01; no self-assessment or "
            "colleague's rating is on record yet.") in case
    assert "last two assessments" not in case and "colleagues are named" not in case
