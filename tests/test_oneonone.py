"""`pmkit oneonone`: agendas that carry open items over and rotate coaching questions."""

from __future__ import annotations

import re
from pathlib import Path

from doc_team import BART_EVIDENCE, PEOPLE, ok, other_people_words
from markdown_rules import Structure, check_markdown

from pmkit.documents.oneonone import open_items, rotate, task_items

from helpers import commit_count, git, invoke, snapshot


def agenda(root: Path, handle: str, date: str) -> tuple[str, Structure]:
    out = ok(["-w", str(root), "oneonone", handle, "--date", date])
    assert f"Wrote oneonones/{handle}/{date}.md" in out
    text = (root / "oneonones" / handle / f"{date}.md").read_text(encoding="utf-8")
    return text, check_markdown(text)


def body(text: str, title: str) -> str:
    match = re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#+ |\Z)", text, flags=re.MULTILINE | re.DOTALL)
    assert match, f"no section {title!r}"
    return match.group(1)


def questions(text: str) -> dict[str, list[str]]:
    """Focus area title -> the coaching questions the agenda asks."""
    out: dict[str, list[str]] = {}
    for title in re.findall(r"^### (.+)$", text, flags=re.MULTILINE):
        name = title.rsplit(" (", 1)[0]
        out[name] = re.findall(r"^- (.+)$", body(text, title), flags=re.MULTILINE)
    return out


def write_notes(path: Path, notes: str, actions: str) -> None:
    """Fill in the Notes and Action items sections the way a manager does after the 1:1."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("## Notes\n", 1)
    _, private = rest.split("<!-- pmkit:private", 1)
    path.write_text(f"{head}## Notes\n\n{notes}\n## Action items\n\n{actions}\n"
                    f"<!-- pmkit:private{private}", encoding="utf-8")


def tick(path: Path, *items: str) -> None:
    text = path.read_text(encoding="utf-8")
    for item in items:
        assert f"- [ ] {item}" in text, item
        text = text.replace(f"- [ ] {item}", f"- [x] {item}")
    path.write_text(text, encoding="utf-8")


FIRST_NOTES = """\
Alice felt the roadmap review went well; stakeholders pushed back on scope.

- She wants more time with customers
  - [ ] Book two customer calls with the designer
- Team morale is fine, the offsite helped

```text
- [ ] not a task, just an example in a code block
```

> - [ ] Quoted from the team board, not ours

    - [ ] indented code, not a task either

"""

FIRST_ACTIONS = """\
- [x] Share the interview guide with the team
- [ ] Draft the problem brief for onboarding,
  with evidence from support tickets
  - [x] Pull last month's tickets
  - [ ] Ask the data team for the funnel numbers
- [ ] Dana: book a slot at the customer council
"""


def test_three_one_on_ones_carry_over_rotate_and_clear(team: Path) -> None:
    w = ["-w", str(team)]
    folder = team / "oneonones" / "alice"
    person = team / "team" / "alice.yaml"
    ok([*w, "note", "alice", "Ask how the roadmap review went"])
    ok([*w, "note", "alice", "Celebrate the checkout launch"])

    # 1. The first 1:1: one focus area; talking points leave the person file, same commit.
    commits = commit_count(team)
    first, structure = agenda(team, "alice", "2026-11-04")
    assert [h for h in structure.headings] == [
        (1, "1:1 with Alice Chen: 2026-11-04"), (2, "Your topics"), (2, "Talking points"),
        (2, "Follow-ups"), (2, "Focus: Problem framing"), (2, "Notes"), (3, "Problem framing"),
        (2, "Action items"), (2, "Private notes"),
    ]
    # Queued for the manager ("Ask how ..."), shown to the PM as the topic itself.
    assert body(first, "Talking points") == ("\n- How the roadmap review went\n"
                                             "- Celebrate the checkout launch\n\n")
    assert "first 1:1 on file" in body(first, "Follow-ups")
    assert structure.tasks == []
    assert commit_count(team) == commits + 1
    assert git(team, "log", "-1", "--format=%s").strip() == "oneonone(alice): agenda for 2026-11-04"
    assert sorted(git(team, "show", "--name-only", "--format=", "HEAD").split()) == [
        "oneonones/alice/2026-11-04.md", "team/alice.yaml"]
    assert "Ask how the roadmap review went" not in person.read_text(encoding="utf-8")
    assert git(team, "status", "--porcelain").strip() == ""

    # The manager writes notes; they stay uncommitted, and pmkit must leave them so.
    write_notes(folder / "2026-11-04.md", FIRST_NOTES, FIRST_ACTIONS)
    ok([*w, "note", "alice", "Discuss the offsite agenda"])

    # 2. Unchecked items carry over with their date and their parent; checked ones, code
    #    blocks and quotes do not; the manager's own item is listed apart; the next area.
    second, structure = agenda(team, "alice", "2026-11-11")
    assert structure.headings[1] == (2, "Last time")
    # The notes speak about Alice; her copy speaks to her.
    assert "You felt the roadmap review went well" in body(second, "Last time")
    assert "Alice felt" not in second.split("<!-- pmkit:private", 1)[0]
    # A box ticked as it was written was never an open item: nothing to tick off.
    assert "Share the interview guide with the team" not in body(second, "Last time")
    assert "Ticked off as done" not in second
    follow = body(second, "Follow-ups from 2026-11-04")
    assert ("- You want more time with customers\n"
            "  - [ ] Book two customer calls with the designer *(added 2026-11-04)*\n") in follow
    assert ("- [ ] Draft the problem brief for onboarding, with evidence from support tickets "
            "*(added 2026-11-04)*\n  - [ ] Ask the data team for the funnel numbers "
            "*(added 2026-11-04)*\n") in follow
    assert "Dana: book a slot" not in follow
    assert "- [ ] Dana: book a slot at the customer council" in body(second, "Open on Dana's side")
    for gone in ("not a task", "Quoted from the team board", "indented code",
                 "Pull last month's tickets", "roadmap review went\n", "checkout launch"):
        assert gone not in follow, gone
    assert body(second, "Talking points") == "\n- Discuss the offsite agenda\n\n"
    assert (2, "Focus: Customer insight") in structure.headings
    assert sorted(git(team, "show", "--name-only", "--format=", "HEAD").split()) == [
        "oneonones/alice/2026-11-11.md", "team/alice.yaml"]
    assert " M oneonones/alice/2026-11-04.md" in git(team, "status", "--porcelain").splitlines()

    # The manager ticks some items off during the second 1:1 and adds a new one.
    tick(folder / "2026-11-11.md", "Book two customer calls with the designer *(added 2026-11-04)*",
         "Ask the data team for the funnel numbers *(added 2026-11-04)*",
         "Dana: book a slot at the customer council *(added 2026-11-04)*")
    write_notes(folder / "2026-11-11.md", "Good progress on interviews.\n",
                "- [ ] Alice: share the brief in the product channel\n"
                "- [ ] Draft the problem brief for onboarding, with evidence from support tickets\n")

    # 3. Only what is still open returns, once even if written twice; nothing is queued.
    third, structure = agenda(team, "alice", "2026-11-18")
    follow = body(third, "Follow-ups from 2026-11-11")
    assert follow.count("- [ ]") == 2
    assert "- [ ] Draft the problem brief for onboarding, with evidence from support tickets " \
           "*(added 2026-11-04)*" in follow
    assert "- [ ] Alice: share the brief in the product channel *(added 2026-11-11)*" in follow
    assert "## Talking points" not in third  # nothing queued: no empty heading
    assert "offsite" not in third
    assert "## Focus: Problem framing" in third
    assert sorted(git(team, "show", "--name-only", "--format=", "HEAD").split()) == [
        "oneonones/alice/2026-11-18.md"]

    # Coaching questions rotate: problem framing, taken twice, asks two then one more.
    asked = [q for text in (first, third)
             for q in re.findall(r"^- (.+\?)$", body(text, "Focus: Problem framing"), re.MULTILINE)]
    assert len(asked) == len(set(asked)) == 3


def test_an_existing_one_on_one_is_never_overwritten(team: Path) -> None:
    path = team / "oneonones" / "alice" / "2026-11-04.md"
    agenda(team, "alice", "2026-11-04")
    path.write_text(path.read_text() + "\nMy notes.\n")
    ok(["-w", str(team), "note", "alice", "Keep me queued"])
    before, commits = snapshot(team), commit_count(team)
    result = invoke(["-w", str(team), "oneonone", "alice", "--date", "2026-11-04"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: oneonones/alice/2026-11-04.md: already exists")
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(team) == before
    assert commit_count(team) == commits
    assert "Keep me queued" in (team / "team" / "alice.yaml").read_text()


def test_stdout_writes_nothing_and_keeps_the_talking_points(team: Path) -> None:
    ok(["-w", str(team), "note", "alice", "Still queued"])
    before, commits = snapshot(team), commit_count(team)
    result = invoke(["-w", str(team), "oneonone", "alice", "--stdout", "--date", "2026-11-04"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# 1:1 with Alice Chen: 2026-11-04\n")
    assert "- Still queued" in result.stdout
    assert snapshot(team) == before
    assert commit_count(team) == commits


def test_follow_ups_come_from_the_latest_earlier_file(team: Path) -> None:
    folder = team / "oneonones" / "alice"
    folder.mkdir(parents=True)
    (folder / "2026-11-01.md").write_text("# 1:1 with Alice Chen: 2026-11-01\n\n- [ ] from the first\n")
    (folder / "2026-11-08.md").write_text("# 1:1 with Alice Chen: 2026-11-08\n\n- [ ] from the second\n")
    (folder / "2026-11-20.md").write_text("# 1:1 with Alice Chen: 2026-11-20\n\n- [ ] from the future\n")
    (folder / "notes.md").write_text("- [ ] not a dated 1:1 file\n")
    text = ok(["-w", str(team), "oneonone", "alice", "--date", "2026-11-15", "--stdout"])
    assert "## Follow-ups from 2026-11-08" in text
    assert "- [ ] from the second" in text
    for other in ("from the first", "from the future", "not a dated"):
        assert other not in text


def private(text: str) -> str:
    marker = "<!-- pmkit:private"
    assert marker in text
    return text.split(marker, 1)[1]


def test_reminders_for_a_stale_assessment_and_a_missing_plan(team: Path) -> None:
    """Reminders are for the manager: in the private section, never in the PM's copy."""
    w = ["-w", str(team)]
    text = ok([*w, "oneonone", "bart", "--date", "2027-03-01", "--stdout"])
    reminders = private(text)
    assert "The assessment of 2026-10-01 is 151 days old" in reminders
    assert "No coaching plan yet, so today's goal is pmkit's proposal" in reminders
    assert "`pmkit plan bart` writes the plan" in reminders
    assert "pmkit" not in text.split("<!-- pmkit:private", 1)[0]
    ok([*w, "plan", "bart"])
    text = ok([*w, "oneonone", "bart", "--date", "2026-10-08", "--stdout"])
    assert "days old" not in text and "No coaching plan" not in text
    check_markdown(text)
    text = ok([*w, "oneonone", "carmen", "--stdout"])
    assert "No assessment yet" in private(text)
    assert "The focus areas come from your first assessment." in text
    check_markdown(text)


def test_privacy_no_other_pm_in_any_agenda(team: Path) -> None:
    for handle in PEOPLE:
        ok(["-w", str(team), "note", handle, f"Talk about {handle}'s week"])
    for handle in PEOPLE:
        text, _ = agenda(team, handle, "2026-11-24")
        for word in other_people_words(handle):
            assert not re.search(rf"\b{re.escape(word)}\b", text, flags=re.IGNORECASE), (handle, word)
        assert handle == "bart" or BART_EVIDENCE not in text


def test_privacy_on_the_example_team(tmp_path: Path) -> None:
    """Every plan and agenda of the shipped example team names only its own PM."""
    root = tmp_path / "demo"
    result = invoke(["demo", str(root)])
    assert result.exit_code == 0, result.stderr
    names = {}
    for path in sorted((root / "team").glob("*.yaml")):
        match = re.search(r"^name: (.+)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        assert match
        names[path.stem] = match.group(1).strip().strip("\"'")
    assert len(names) >= 5
    for handle in names:
        for args in (["plan", handle, "--stdout", "--allow-stale"],
                     ["oneonone", handle, "--stdout"]):
            text = ok(["-w", str(root), *args])
            check_markdown(text)
            assert names[handle] in text
            for other, name in names.items():
                if other == handle:
                    continue
                for word in (other, *name.split()):
                    assert not re.search(rf"\b{re.escape(word)}\b", text), (args, word)


def test_hostile_previous_files_are_input_errors(team: Path) -> None:
    folder = team / "oneonones" / "alice"
    folder.mkdir(parents=True)
    previous = folder / "2026-11-01.md"
    for raw, expected in ((b"# 1:1\n\n- [ ] caf\xe9\n", "oneonones/alice/2026-11-01.md:3: not valid UTF-8"),
                          (b"# 1:1\n\n<<<<<<< HEAD\n- [ ] a\n=======\n- [x] a\n>>>>>>> other\n",
                           "oneonones/alice/2026-11-01.md:3: the file has an unresolved merge conflict")):
        previous.write_bytes(raw)
        before, commits = snapshot(team), commit_count(team)
        result = invoke(["-w", str(team), "oneonone", "alice", "--date", "2026-11-08"])
        assert result.exit_code == 2
        assert result.stderr == f"error: {expected}" + result.stderr.split(expected, 1)[1]
        assert len(result.stderr.strip().splitlines()) == 1
        assert snapshot(team) == before
        assert commit_count(team) == commits


def test_crlf_and_byte_order_mark_simply_work(team: Path) -> None:
    folder = team / "oneonones" / "alice"
    folder.mkdir(parents=True)
    text = "# 1:1\r\n\r\n## Action items\r\n\r\n- [ ] Send the recap\r\n- [x] Done already\r\n"
    (folder / "2026-11-01.md").write_bytes("\ufeff".encode() + text.encode())
    out = ok(["-w", str(team), "oneonone", "alice", "--date", "2026-11-08", "--stdout"])
    assert "- [ ] Send the recap *(added 2026-11-01)*\n" in out
    assert "- [ ] Done already" not in out


def test_task_items_are_read_with_a_markdown_parser() -> None:
    text = """\
# Notes

- [ ] top
  - [x] checked child
    - [ ] grandchild of an open item
  - plain child
    - [ ] under a plain child
- [x] checked parent
  - [ ] child of a checked parent
* [X] capital x
1. [ ] ordered
- [ ]
- [] not a task
- [ ]no space, not a task
- [ ] Top

<details>
- [ ] inside html, not markdown
</details>

| a | b |
| --- | --- |
| - [ ] in a table | x |

~~~
- [ ] tilde fence
~~~

> quote
>
> - [ ] quoted
"""
    items = task_items(text)
    assert [(i.text, i.checked, i.depth) for i in items] == [
        ("top", False, 0), ("checked child", True, 1), ("grandchild of an open item", False, 2),
        ("under a plain child", False, 1), ("checked parent", True, 0),
        ("child of a checked parent", False, 1), ("capital x", True, 0), ("ordered", False, 0),
        ("Top", False, 0),
    ]
    # the repeated "Top" comes back once
    assert [(i.text, i.depth) for i in open_items(items)] == [
        ("top", 0), ("grandchild of an open item", 1), ("under a plain child", 1),
        ("child of a checked parent", 0), ("ordered", 0),
    ]


def test_rotation_asks_every_question_before_repeating() -> None:
    for count in range(1, 9):
        qs = [f"q{i}" for i in range(count)]
        seen: list[str] = []
        turn = 0
        while len(set(seen)) < count:
            picked = rotate(qs, turn)
            assert len(picked) == len(set(picked)) == min(2, count)
            new = [q for q in picked if q not in seen]
            # a question comes back only in the turn that also asks the last unasked ones
            assert len(new) == len(picked) or len(set(seen) | set(picked)) == count
            seen += picked
            turn += 1
        assert turn == -(-count // 2)


def test_without_a_date_the_agenda_is_today_and_a_weekend_names_the_next_one(team: Path) -> None:
    """The documented default holds on any day; at the weekend pmkit also names the next
    1:1 day and the ``--date`` that prepares it."""
    import datetime as dt

    from pmkit.documents.oneonone import meeting_day
    from pmkit.workspace import Workspace

    today = dt.date.today()
    result = invoke(["-w", str(team), "oneonone", "alice"])
    assert result.exit_code == 0, result.stderr
    assert (team / "oneonones" / "alice" / f"{today.isoformat()}.md").is_file()
    upcoming = meeting_day(Workspace(team), "alice", today)
    hinted = f"--date {upcoming.isoformat()}" in result.stdout
    assert hinted == (upcoming != today)
