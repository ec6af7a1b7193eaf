"""``pmkit demo``: the shipped example team, replayed as a year of real git history.

The example lives in ``examples/demo`` as data: a manager, and for each PM a profile and
a timeline of dated events (assessments, self-assessments, plan decisions, talking
points), plus past 1:1 notes. Dates are stored as days before today, so the demo always
looks current. Each event becomes one commit with its own date, and the files are
written with pmkit's own editing functions, so they look exactly as pmkit writes them
and every command, ``history`` included, has something real to show at once.

The commits go into the repository with one ``git fast-import``: building a year of
history takes a fraction of a second and needs no git identity on the machine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit import demo_story
from pmkit.actions.create import create_workspace, model_source
from pmkit.demo_story import DEMO_FOLDER, Event, Story, read_story, resolve_dates
from pmkit.errors import EnvironmentProblem, InputError
from pmkit.files import atomic, quick_yaml
from pmkit.files.plain import to_plain
from pmkit.files.yamldoc import parse_bytes
from pmkit.git.repo import init_repo
from pmkit.git.runner import failure, git_executable, run_git
from pmkit.loading import load_bytes, validate
from pmkit.model.coaching import SATURDAY
from pmkit.model.editor_schemas import schema_comment
from pmkit.model.index import ModelIndex
from pmkit.model.person_doc import add_talking_point, clear_talking_points, new_person_text, set_ratings
from pmkit.model.rules import model_problems, person_problems
from pmkit.model.schema import CompetencyModel, Person

if TYPE_CHECKING:
    from pmkit.files.yamldoc import YamlDocument
    from pmkit.model.index import ModelIndex





@dataclass
class Commit:
    when: dt.datetime
    message: str
    files: dict[str, bytes]


@dataclass
class DemoResult:
    root: Path
    manager: str
    people: list[str]
    commits: int
    history: bool
    notes: list[str] = field(default_factory=list)




# --- reading the example ----------------------------------------------------------------












# --- replaying the timeline ---------------------------------------------------------------




def _commit_time(day: dt.date, slot: int) -> dt.datetime:
    """Local working hours on that day, ten minutes per event, so the order is kept."""
    start = dt.datetime.combine(day, dt.time(9, 0)) + dt.timedelta(minutes=10 * slot)
    return start.astimezone()


def _person_bytes(doc: YamlDocument) -> bytes:
    """A person file as pmkit writes it: quickly where the quick writer gives the same text."""
    text = quick_yaml.dump(doc.data, schema_comment("person", depth=1))
    return text.encode("utf-8") if text is not None else doc.to_bytes()


def weekday_shifts(story: Story, today: dt.date) -> dict[str, int]:
    """Days to move each PM's timeline back so that their 1:1s fall on a working day.

    The example stores dates as days before today, so built on a weekend a PM's 1:1s
    would fall on a Saturday or a Sunday. Each PM's whole timeline moves back by the
    fewest days (0 to 6) that put every one of their 1:1s on a weekday; their order,
    and so the story, stays as written.
    """
    meetings: dict[str, list[int]] = {}
    for event in story.events:
        if event.kind == "oneonone":
            meetings.setdefault(event.handle, []).append(event.days_ago)
    shifts: dict[str, int] = {}
    for handle, ago in meetings.items():
        shifts[handle] = next(
            (s for s in range(7)
             if all((today - dt.timedelta(days=d + s)).weekday() < SATURDAY for d in ago)), 0)
    return shifts


class _Replayer:
    """Applies events to person files in memory, the way pmkit's commands edit them."""
    def __init__(self, index: ModelIndex, model_version: int, today: dt.date,
                 shifts: dict[str, int] | None = None):
        self.index = index
        self.model_version = model_version
        self.today = today
        self.shifts = shifts or {}
        self.people: dict[str, bytes] = {}
        self.docs: dict[str, YamlDocument] = {}  # each file parsed once, edited in memory
        self.names: dict[str, str] = {}

    def path(self, handle: str) -> str:
        return f"team/{handle}.yaml"

    def today_of(self, handle: str) -> dt.date:
        """"Today" for one PM's timeline, moved back so their 1:1s fall on a weekday."""
        return self.today - dt.timedelta(days=self.shifts.get(handle, 0))

    def day(self, event: Event) -> dt.date:
        return self.today_of(event.handle) - dt.timedelta(days=event.days_ago)

    def apply(self, event: Event) -> tuple[str, dict[str, bytes]]:
        """The commit message and the files this event writes."""
        handler: Callable[[Event], tuple[str, dict[str, bytes]]] = getattr(self, f"_{event.kind}")
        return handler(event)

    def _edit(self, handle: str, change: Callable[[Any], str]) -> tuple[str, bytes]:

        doc = self.docs.get(handle)
        if doc is None:
            doc = self.docs[handle] = parse_bytes(self.people[handle], self.path(handle))
        message = change(doc.data)
        self._validate(doc)
        data = _person_bytes(doc)
        self.people[handle] = data
        return message, data

    def _validate(self, doc: YamlDocument) -> None:
        """Every version must be a valid person file, or ``history`` would skip it."""

        try:
            validate(Person, to_plain(doc.data), doc.display, lambda: doc,
                     lambda person: person_problems(person, self.index))
        except InputError as exc:
            raise InputError(f"the example makes an invalid person file: {exc.message}",
                             doc.display, exc.line) from None

    def _add(self, event: Event) -> tuple[str, dict[str, bytes]]:

        profile = event.payload
        since_days = profile.get("since_days_ago")
        since = (self.today_of(event.handle) - dt.timedelta(days=since_days)
                 if isinstance(since_days, int) else None)
        background = profile.get("background")
        text = new_person_text(profile["name"], profile["level"], since,
                               str(background) if background else None)
        doc = parse_bytes(text.encode("utf-8"), self.path(event.handle))
        if profile.get("role"):
            doc.data.insert(2, "role", str(profile["role"]))
        self._validate(doc)
        data = _person_bytes(doc)
        self.people[event.handle] = data
        self.docs[event.handle] = doc
        self.names[event.handle] = profile["name"]
        return (f"add({event.handle}): {profile['name']}, {profile['level']}",
                {self.path(event.handle): data})

    def _ratings(self, event: Event, key: str) -> tuple[str, dict[str, bytes]]:

        ratings: dict[str, int] = {}
        evidence: dict[str, str] = {}
        display = f"examples/{DEMO_FOLDER}/team/{event.handle}.yaml"
        if not isinstance(event.payload, dict):
            raise InputError(f"{key} in the timeline must map competency ids to ratings", display)
        for cid, value in event.payload.items():
            canonical = self.index.resolve(str(cid))
            if canonical is None:
                raise InputError(f"unknown competency {cid!r} in the timeline", display)
            detail = value if isinstance(value, dict) else {"rating": value}
            rating = detail.get("rating")
            if set(detail) - {"rating", "evidence"} or isinstance(rating, bool) \
                    or not isinstance(rating, int):
                raise InputError(f"{cid}: give a whole-number rating, or a mapping of rating "
                                 "and evidence (quote evidence that holds a comma)", display)
            ratings[canonical] = rating
            if detail.get("evidence"):
                evidence[canonical] = str(detail["evidence"])
        self_view = key == "self_assessment"

        def change(data: Any) -> str:
            changed = set_ratings(data, key, ratings, evidence, self.day(event), self.index,
                                  None if self_view else self.model_version)
            noun = "rating" if changed == 1 else "ratings"
            return (f"assess({event.handle}): {'self-assessment, ' if self_view else ''}"
                    f"{changed} {noun} changed")

        message, data = self._edit(event.handle, change)
        return message, {self.path(event.handle): data}

    def _peer(self, event: Event) -> tuple[str, dict[str, bytes]]:
        """A colleague's view, as ``self-review --from ... --import`` records it."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        display = f"examples/{DEMO_FOLDER}/team/{event.handle}.yaml"
        view = event.payload if isinstance(event.payload, dict) else {}
        if not view.get("reviewer") or not isinstance(view.get("ratings"), dict):
            raise InputError("peer in the timeline needs a reviewer and ratings", display)
        entry = CommentedMap([("reviewer", str(view["reviewer"]))])
        if view.get("role"):
            entry["role"] = str(view["role"])
        entry["date"] = self.day(event)
        entry["model_version"] = self.model_version
        ratings = CommentedMap()
        for cid, value in view["ratings"].items():
            detail = CommentedMap(value) if isinstance(value, dict) else value
            if isinstance(detail, CommentedMap):
                detail.fa.set_flow_style()
            ratings[str(cid)] = detail
        entry["ratings"] = ratings

        def change(data: Any) -> str:
            if not isinstance(data.get("peer_input"), list):
                data["peer_input"] = CommentedSeq()
            data["peer_input"].append(entry)
            return f"peer({event.handle}): {entry['reviewer']}'s view"

        message, data = self._edit(event.handle, change)
        return message, {self.path(event.handle): data}

    def _assess(self, event: Event) -> tuple[str, dict[str, bytes]]:
        return self._ratings(event, "assessment")

    def _self_assess(self, event: Event) -> tuple[str, dict[str, bytes]]:
        return self._ratings(event, "self_assessment")

    def _plan(self, event: Event) -> tuple[str, dict[str, bytes]]:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        decisions = dict(event.payload)

        def change(data: Any) -> str:
            focus = CommentedSeq(str(f) for f in decisions.get("focus") or [])
            focus.fa.set_flow_style()
            plan = CommentedMap()
            plan["focus"] = focus
            plan["goals"] = CommentedMap((str(k), str(v))
                                         for k, v in (decisions.get("goals") or {}).items())
            data["plan"] = plan
            return f"plan({event.handle}): focus on {', '.join(focus)}"

        message, data = self._edit(event.handle, change)
        return message, {self.path(event.handle): data}

    def _note(self, event: Event) -> tuple[str, dict[str, bytes]]:

        text = str(event.payload).strip()

        def change(data: Any) -> str:
            add_talking_point(data, text)
            return f"note({event.handle}): queue a talking point"

        message, data = self._edit(event.handle, change)
        return message, {self.path(event.handle): data}

    def _oneonone(self, event: Event) -> tuple[str, dict[str, bytes]]:
        """A past 1:1: its notes file, and the talking points it used up."""

        display, text = event.payload
        day = self.day(event)
        body = resolve_dates(text, self.today_of(event.handle), display).encode("utf-8")
        files = {f"oneonones/{event.handle}/{day.isoformat()}.md": body}
        before = self.people[event.handle]
        _, after = self._edit(event.handle, lambda data: str(clear_talking_points(data)))
        if after != before:
            files[self.path(event.handle)] = after
        return f"oneonone({event.handle}): agenda and notes for {day.isoformat()}", files


def replay(story: Story, model_bytes: bytes, today: dt.date) -> list[Commit]:
    """Every commit after the first, in date order, with the files each one writes."""
    model = load_bytes(model_bytes, Path("model.yaml"), "model.yaml", CompetencyModel, None,
                       model_problems).obj
    shifts = weekday_shifts(story, today)
    replayer = _Replayer(ModelIndex(model), model.version, today, shifts)
    commits: list[Commit] = []
    slots: dict[int, int] = {}
    events = sorted(story.events, key=lambda e: (-(e.days_ago + shifts.get(e.handle, 0)),
                                                 e.rank, e.order))
    for event in events:
        message, files = replayer.apply(event)
        ago = event.days_ago + shifts.get(event.handle, 0)
        slot = slots.get(ago, 0)
        slots[ago] = slot + 1
        commits.append(Commit(_commit_time(replayer.day(event), slot), message, files))
    return commits


# --- writing the workspace ----------------------------------------------------------------


def _undo(staging: Path | None, moved: list[Path], target: Path | None,
          created: list[Path]) -> None:
    """Remove what a stopped build made; folders that were there before stay."""
    for path in [*moved, *([staging] if staging else []), *([target] if target else [])]:
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
    for folder in created:  # innermost first
        with contextlib.suppress(OSError):
            folder.rmdir()


def _ensure_empty(target: Path, shown: str) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise InputError("exists and is not a folder; give a new or empty folder for the demo",
                         shown)
    if target.is_dir() and any(target.iterdir()):
        raise InputError("is not empty; pmkit demo builds into a new or empty folder", shown)


def _fast_import_stream(ref: str, author: str, commits: list[Commit]) -> bytes:
    out = bytearray()
    for number, commit in enumerate(commits, start=1):
        offset = commit.when.strftime("%z") or "+0000"
        stamp = f"{author} {int(commit.when.timestamp())} {offset}"
        message = commit.message.encode("utf-8") + b"\n"
        out += f"commit {ref}\nmark :{number}\nauthor {stamp}\ncommitter {stamp}\n".encode()
        out += b"data %d\n%s" % (len(message), message)
        for path, data in sorted(commit.files.items()):
            out += f"M 100644 inline {path}\n".encode()
            out += b"data %d\n%s\n" % (len(data), data)
        out += b"\n"
    out += b"done\n"
    return bytes(out)


def _git(root: Path, args: list[str], data: bytes | None = None) -> bytes:
    done = run_git(args, cwd=root, input=data)
    if done.returncode != 0:
        raise EnvironmentProblem(f"{failure(args[0], done)} (while building the demo)")
    return done.stdout


def _write_history(root: Path, story: Story, commits: list[Commit]) -> None:
    """All commits in one ``git fast-import``, then the index brought up to date."""
    if init_repo(root) is None:
        raise EnvironmentProblem("git is not installed; the demo is a year of git history")
    ref = _git(root, ["symbolic-ref", "HEAD"]).decode().strip() or "refs/heads/main"
    author = f"{story.author_name} <{story.author_email}>"
    _git(root, ["fast-import", "--quiet", "--done"],
         _fast_import_stream(ref, author, commits))
    _git(root, ["reset", "--quiet"])


def build_demo(target: Path, *, shown: str | None = None, history: bool = True,
               today: dt.date | None = None) -> DemoResult:
    """Build the demo workspace in ``target`` (new or empty), with its history in git.

    Everything is built in a hidden folder next to ``target`` and moved into place at the
    end, so a failure leaves nothing half-built behind.
    """

    display = shown or str(target)
    _ensure_empty(target, display)
    today = today or dt.date.today()
    story = read_story()
    _, model_bytes = model_source(story.model)
    commits = replay(story, model_bytes, today)
    notes: list[str] = []
    if history and git_executable() is None:
        history = False
        notes.append("note: git is not installed, so the demo has its files but no history")

    # Everything this run creates is undone if it stops (Ctrl-C included): the parent
    # folders it made, the staging folder, whatever was already moved into the target.
    created = [folder for folder in (target.parent, *target.parent.parents) if not folder.exists()]
    moved: list[Path] = []
    staging: Path | None = None
    renamed = False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".pmkit-demo-", dir=target.parent))
        written = create_workspace(staging, story.model, story.manager)
        settings_file = staging / "pmkit.yaml"
        settings_file.write_text(demo_story.settings_with_holidays(
            settings_file.read_text(encoding="utf-8"), demo_story.holiday_dates(story, today)),
            encoding="utf-8")
        first = Commit(_commit_time(today - dt.timedelta(days=story.started_days_ago), 0),
                       f"init: pmkit workspace with model {story.model}",
                       {path.relative_to(staging).as_posix(): path.read_bytes()
                        for path in written})
        final: dict[str, bytes] = {}
        for commit in commits:
            final.update(commit.files)
        # The staging folder is moved into place whole: no need to sync each file.
        atomic.write_files([(staging / rel, data) for rel, data in final.items()], durable=False)
        if history:
            _write_history(staging, story, [first, *commits])
        _ensure_empty(target, display)
        if target.is_dir():
            # Move the contents, not the folder: the folder may be someone's current one.
            for entry in list(staging.iterdir()):
                entry.rename(target / entry.name)
                moved.append(target / entry.name)
            staging.rmdir()
        else:
            staging.rename(target)
            renamed = True
    except BaseException:
        _undo(staging, moved, target if renamed else None, created)
        raise
    return DemoResult(root=target, manager=story.manager, people=story.people,
                      commits=1 + len(commits) if history else 0, history=history, notes=notes)
