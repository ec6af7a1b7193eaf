"""The demo's timeline replayed: each event of the example, as the commit pmkit would make.

Person files are edited with pmkit's own editing functions, so every version looks
exactly as pmkit writes it. A plan decision also writes the plan document, as
``pmkit plan`` would have written it on that day: the files so far are put on disk in
the folder being built, and the plan is made from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.demo_story import DEMO_FOLDER, Event, Story, resolve_dates
from pmkit.errors import InputError
from pmkit.files import quick_yaml
from pmkit.files.plain import to_plain
from pmkit.files.yamldoc import parse_bytes
from pmkit.loading import load_bytes, validate
from pmkit.model.coaching import SATURDAY
from pmkit.model.editor_schemas import schema_comment
from pmkit.model.index import ModelIndex
from pmkit.model.person_doc import add_talking_point, clear_talking_points, new_person_text, set_ratings
from pmkit.model.rules import model_problems, person_problems
from pmkit.model.schema import CompetencyModel, Person

if TYPE_CHECKING:
    from pmkit.files.yamldoc import YamlDocument
    from pmkit.workspace import Workspace


@dataclass
class Commit:
    when: dt.datetime
    message: str
    files: dict[str, bytes]



def commit_time(day: dt.date, slot: int) -> dt.datetime:
    """Local working hours on that day, ten minutes per event, so the order is kept."""
    start = dt.datetime.combine(day, dt.time(9, 0)) + dt.timedelta(minutes=10 * slot)
    return start.astimezone()


def _person_bytes(doc: YamlDocument, plain: Any = None) -> bytes:
    """A person file as pmkit writes it: quickly where the quick writer gives the same text.

    The text is not read back here: the story is shipped and fixed, and a test compares
    every version the demo commits with what the round-trip writer makes of it.
    """
    text = quick_yaml.dump(doc.data, schema_comment("person", depth=1), plain, check=False)
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
                 shifts: dict[str, int] | None = None, folder: Path | None = None):
        self.index = index
        self.folder = folder
        """The workspace being built: plans are made from the files put there so far."""
        self.files: dict[str, bytes] = {}  # every file as it stands after the last event
        self.on_disk: dict[str, bytes] = {}
        self.versions: dict[str, list[bytes]] = {}  # each PM's file as each assessment left it
        self.workspace: Workspace | None = None
        self.written_plans: set[int] = set()  # by the events' order in the story
        """The plan decisions that also write ``plans/HANDLE.md``: each PM's latest."""
        self.summaries: dict[str, Any] = {}  # what each version of a person file holds
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
        message, files = handler(event)
        self.files.update(files)
        if event.kind == "assess":  # the versions a PM's assessments over time are read from
            self.versions.setdefault(event.handle, []).append(files[self.path(event.handle)])
        return message, files

    def _edit(self, handle: str, change: Callable[[Any], str]) -> tuple[str, bytes]:

        doc = self.docs.get(handle)
        if doc is None:
            doc = self.docs[handle] = parse_bytes(self.people[handle], self.path(handle))
        message = change(doc.data)
        data = _person_bytes(doc, self._validate(doc))
        self.people[handle] = data
        return message, data

    def _validate(self, doc: YamlDocument) -> Any:
        """Every version must be a valid person file, or ``history`` would skip it; its plain data."""
        plain = to_plain(doc.data)
        try:
            validate(Person, plain, doc.display, lambda: doc,
                     lambda person: person_problems(person, self.index))
        except InputError as exc:
            raise InputError(f"the example makes an invalid person file: {exc.message}",
                             doc.display, exc.line) from None
        return plain

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
        data = _person_bytes(doc, self._validate(doc))
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
        """The focus and goals agreed, and the plan ``pmkit plan`` writes from them that day."""
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
            return f"plan({event.handle}): coaching plan, focus on {', '.join(focus)}"

        message, data = self._edit(event.handle, change)
        files = {self.path(event.handle): data}
        if self.folder is not None and event.order in self.written_plans:
            files.update(self._plan_document(event.handle, self.day(event), data))
        return message, files

    def _plan_document(self, handle: str, day: dt.date, person: bytes) -> dict[str, bytes]:
        """``plans/HANDLE.md`` and its pictures as made on ``day``, and the dates and
        milestones the plan stores in the PM's file."""
        from pmkit.actions.documents import plan_files
        from pmkit.documents.cycle import save

        assert self.folder is not None
        self.files[self.path(handle)] = person
        for rel, data in self.files.items():
            if self.on_disk.get(rel) != data:
                target = self.folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                self.on_disk[rel] = data
        ws = self.workspace
        assert ws is not None
        ws.forget()  # the person files and their history have changed since the last plan
        built, written = plan_files(ws, handle, today=day,
                                    entries=self._assessments(handle, person))
        out = {ws.rel(path): text.encode("utf-8") for path, text in written.items()}
        _, out[self.path(handle)] = self._edit(
            handle, lambda data: str(save(data, built.cycle, plan_run=True)))
        return out

    def _assessments(self, handle: str, current: bytes) -> list[Any]:
        """The PM's assessments over time, as ``pmkit history`` reads them from git."""
        from pmkit.git.log import FileVersion
        from pmkit.history.entries import assessed_versions, build_entries
        from pmkit.history.summaries import summarize
        from pmkit.store import blob_id

        raws = [*self.versions.get(handle, []), current]
        summaries = {}
        for raw in raws:
            blob = blob_id(raw)
            if blob not in self.summaries:
                self.summaries[blob] = summarize(raw, self.path(handle))
            summaries[blob] = self.summaries[blob]
        versions = [FileVersion("", "", self.path(handle), blob_id(raw), "100644")
                    for raw in reversed(raws)]
        return build_entries(assessed_versions(versions, summaries, "assessment"), self.index)

    def _log(self, event: Event) -> tuple[str, dict[str, bytes]]:
        """Evidence against a goal, and its next milestone reached, as ``pmkit log`` records it."""
        from pmkit.model.person_doc import add_evidence, mark_reached, plan_section

        display = f"examples/{DEMO_FOLDER}/team/{event.handle}.yaml"
        entry = event.payload if isinstance(event.payload, dict) else {}
        cid = self.index.resolve(str(entry.get("competency", "")))
        text = " ".join(str(entry.get("text") or "").split())
        if cid is None or not text:
            raise InputError("log in the timeline needs a known competency and a text", display)

        def change(data: Any) -> str:
            section = plan_section(data)
            add_evidence(section, cid, self.day(event), text)
            if not entry.get("reached"):
                return f"log({event.handle}): evidence for {cid}"
            if mark_reached(section, cid, self.day(event)) is None:
                raise InputError(f"log in the timeline: {cid} has no open milestone to mark",
                                 display)
            return f"log({event.handle}): {cid} milestone reached"

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


def replay(story: Story, model_bytes: bytes, today: dt.date,
           folder: Path | None = None) -> list[Commit]:
    """Every commit after the first, in date order, with the files each one writes.

    With ``folder`` (the new workspace, holding what ``pmkit init`` writes), each plan
    decision also writes its plan document, made from the files as they were that day.
    """
    workspace = None
    if folder is not None:  # the workspace's own model, loaded once for the replay and its plans
        from pmkit.workspace import Workspace

        workspace = Workspace(folder, commit=False, warn=lambda _: None)
        index = workspace.index
    else:
        index = ModelIndex(load_bytes(model_bytes, Path("model.yaml"), "model.yaml",
                                      CompetencyModel, None, model_problems).obj)
    shifts = weekday_shifts(story, today)
    replayer = _Replayer(index, index.model.version, today, shifts, folder)
    replayer.workspace = workspace
    commits: list[Commit] = []
    slots: dict[int, int] = {}
    events = sorted(story.events, key=lambda e: (-(e.days_ago + shifts.get(e.handle, 0)),
                                                 e.rank, e.order))
    # Only each PM's latest plan is written out: the earlier ones ended before any 1:1 the
    # example has notes of, and drawing every plan's pictures would double the build's time.
    replayer.written_plans = set({e.handle: e.order for e in events if e.kind == "plan"}.values())
    for event in events:
        message, files = replayer.apply(event)
        ago = event.days_ago + shifts.get(event.handle, 0)
        slot = slots.get(ago, 0)
        slots[ago] = slot + 1
        commits.append(Commit(commit_time(replayer.day(event), slot), message, files))
    return commits
