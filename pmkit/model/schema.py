"""The shapes of pmkit's files: plain dataclasses that pydantic v2 validates.

The classes are standard-library dataclasses, so reading a file whose validated form is
already cached costs no pydantic import at all (start-up speed); pydantic validates them
through a ``TypeAdapter`` whenever a file is new or changed (see :mod:`pmkit.loading`).
Constraints are small markers that speak pydantic's schema protocol without importing it.

These shapes check structure and types only. Rules that need more than one file (a
rating on the model's scale, a level the model defines) live in :mod:`pmkit.model.rules`,
so that ``pmkit check`` can list every problem at once.
"""

from __future__ import annotations

from dataclasses import field
from typing import Annotated, Any, ClassVar, Literal

from pmkit.model.fields import (  # noqa: F401  (re-exported: the shapes' own vocabulary)
    BACKGROUNDS,
    ID_PATTERN,
    Background,
    Days,
    FilePath,
    Id,
    IsoDate,
    NonEmpty,
    PositiveInt,
    StrictInt,
    Text,
    _at_least_two,
    _at_most,
    _Check,
    _config,
    _weight,
)
from pmkit.model.records import dataclass

# --- pmkit.yaml -----------------------------------------------------------------------


@dataclass
class PlanSettings:
    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    focus: Annotated[PositiveInt, _at_most(50)] = 3
    """How many focus areas a coaching plan proposes."""
    horizon_days: Days = 90
    """A plan's length in days; milestones fall inside it."""


@dataclass
class GitSettings:
    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    autocommit: bool = True
    """Commit every file pmkit writes."""


@dataclass
class Settings:
    """Workspace settings (``pmkit.yaml``)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _config("pmkit workspace settings (pmkit.yaml)")

    manager: str | None = None
    """The manager's name, shown in documents."""
    model: FilePath = "model.yaml"
    """Path of the competency model, relative to the workspace."""
    cadence_days: Annotated[PositiveInt, _at_most(365)] = 7
    """Days between 1:1s."""
    reassess_after_days: Days = 90
    """An older assessment is flagged as stale."""
    holidays: list[IsoDate] = field(default_factory=list)
    """Days pmkit never puts a 1:1 or a milestone on (public holidays, a team's shutdown):
    what would fall on one moves to the next 1:1 day."""
    plan: PlanSettings = field(default_factory=PlanSettings)
    """Coaching plan settings."""
    git: GitSettings = field(default_factory=GitSettings)
    """Git settings."""


# --- model.yaml -----------------------------------------------------------------------


@dataclass
class Resource:
    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    title: Text
    by: str | None = None
    kind: Literal["book", "article", "guide", "website", "talk", "course", "podcast", "tool",
                  "video"] = "book"
    year: StrictInt | None = None
    url: str | None = None
    book_club: bool = False
    """A book a group can read together, a part per session (not a catalogue or reference)."""


@dataclass
class Level:
    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    id: Id
    name: Text
    description: str | None = None


@dataclass
class Competency:
    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    id: Id
    name: Text
    description: Text
    """One or two sentences a non-product manager can follow."""
    expected: dict[str, StrictInt]
    """Target rating for every level id."""
    expected_why: dict[str, Text] = field(default_factory=dict)
    """Why a level's target is what it is, where a reader would ask (keys are level ids)."""
    why: str | None = None
    """Why it matters in the product operating model."""
    weight: Annotated[float, _Check(_weight, {"exclusiveMinimum": 0, "maximum": 100})] = 1.0
    """Priority = gap x weight."""
    rubric: dict[int, Text] = field(default_factory=dict)
    """What each rating looks like; keys are scale values."""
    questions: list[Text] = field(default_factory=list)
    """Coaching questions for 1:1s."""
    practices: list[Text] = field(default_factory=list)
    """Concrete things to practise on the job."""
    resources: list[Resource] = field(default_factory=list)
    """Books, articles, talks, courses."""
    aliases: list[Id] = field(default_factory=list)
    """Earlier ids of this competency, so older assessments still map."""
    milestones: dict[Days, Text] = field(default_factory=dict)
    """What progress looks like after so many days of practice (keys are days: 30, 60, 90)."""
    look_for: list[Text] = field(default_factory=list)
    """What to look for in the PM's work that shows where they are."""
    coach_in_moment: list[Text] = field(default_factory=list)
    """How to coach it in the moment: right after a meeting, over a document."""
    traps: dict[Background, Text] = field(default_factory=dict)
    """The trap a PM coming from each background tends to fall into here, and what helps."""


@dataclass
class BackgroundGuide:
    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    name: Text
    watch: list[Id] = field(default_factory=list)
    """Competency ids a PM from this background most often needs first, in order."""
    note: str | None = None
    """Why."""


@dataclass
class Area:
    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    id: Id
    name: Text
    competencies: Annotated[list[Competency], NonEmpty]
    description: str | None = None


@dataclass
class CompetencyModel:
    """A competency model (``model.yaml``)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _config("pmkit competency model (model.yaml)")

    id: Id
    name: Text
    scale: Annotated[dict[int, Text], _Check(_at_least_two, {"minProperties": 2})]
    """Ascending integer ratings and their labels."""
    levels: Annotated[list[Level], NonEmpty]
    """Ordered career levels."""
    areas: Annotated[list[Area], NonEmpty]
    version: StrictInt = 1
    """Bump when the model changes; assessments record the version they used."""
    source: str | None = None
    description: str | None = None
    backgrounds: dict[Background, BackgroundGuide] = field(default_factory=dict)
    """Where PMs come from, and the competencies to watch first for each."""


# --- team/<handle>.yaml ---------------------------------------------------------------


@dataclass
class RatingDetail:
    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    rating: StrictInt
    evidence: str | None = None
    """What you saw that supports the rating."""


Rating = StrictInt | RatingDetail


@dataclass
class Assessment:
    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    date: IsoDate
    model_version: StrictInt | None = None
    ratings: dict[str, Rating] = field(default_factory=dict)
    """A bare rating, or {rating, evidence}, per competency id or alias."""
    notes: str | None = None


@dataclass
class Milestone:
    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    date: IsoDate
    """When to look at it together (pmkit proposes the PM's 1:1 weekday)."""
    text: Text
    """What you will be able to see by then: short and observable."""
    reached: IsoDate | None = None
    """When it was reached; an open milestone past its date is overdue."""


@dataclass
class Evidence:
    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    date: IsoDate
    text: Text
    """What the PM did, in a line."""
    source: Literal["log", "notes"] = "log"
    """``log`` for ``pmkit log``; ``notes`` when read from a 1:1 file's notes (kept in step)."""
    private: bool = False
    """For the manager only: never shown in the PM's copy of a document."""


@dataclass
class PeerInput:
    """A colleague's view from a peer form: kept beside the ratings, never averaged into them."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    reviewer: Text
    """Who gave it (the name on the form)."""
    date: IsoDate
    """When the form was read back."""
    role: str | None = None
    """How they work with the PM: tech lead, designer, stakeholder."""
    model_version: StrictInt | None = None
    ratings: dict[str, Rating] = field(default_factory=dict)
    """A bare rating, or {rating, evidence}, per competency id or alias."""


@dataclass
class PlanDecisions:
    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    focus: list[str] = field(default_factory=list)
    """Pinned focus areas."""
    goals: dict[str, Text] = field(default_factory=dict)
    """A goal per competency id."""
    started: IsoDate | None = None
    """When the current plan started."""
    milestones: dict[str, list[Milestone]] = field(default_factory=dict)
    """Per competency id: what progress looks like, and when. pmkit proposes, you edit."""
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    """Per competency id: what the PM did against the goal, oldest first."""


@dataclass
class Person:
    """One product manager (``team/<handle>.yaml``)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _config("pmkit person (team/<handle>.yaml)")

    name: Text
    level: str
    since: IsoDate | None = None
    role: str | None = None
    background: Background | None = None
    """Where the PM came from: business-analyst, subject-matter-expert, project-manager,
    engineer, designer or other."""
    assessment: Assessment | None = None
    self_assessment: Assessment | None = None
    peer_input: list[PeerInput] = field(default_factory=list)
    """Colleagues' views from peer forms, oldest first; never part of the manager's rating."""
    plan: PlanDecisions | None = None
    talking_points: list[Text] = field(default_factory=list)
    """Queued for the next 1:1."""


# --- communities/<id>.yaml -------------------------------------------------------------

#: The functions a community invites, beyond product: the product model needs them all.
Function = Literal["product", "engineering", "design", "product-marketing", "sales", "support",
                   "data", "quality", "risk-compliance", "operations"]
FUNCTIONS: tuple[str, ...] = Function.__args__  # type: ignore[attr-defined]
OwnerStatus = Literal["to-ask", "asked", "agreed", "declined"]


@dataclass
class CommunityOwner:
    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    name: Text
    """Someone who could coach the topic: strong at it, and asked rather than volunteered."""
    function: Function = "product"
    status: OwnerStatus = "to-ask"


@dataclass
class CommunitySession:
    __pydantic_config__: ClassVar[dict[str, Any]] = _config()

    date: IsoDate
    title: Text
    part: str | None = None
    """For a book club: the part of the book read for this session."""
    exercise: str | None = None
    held: bool = False
    attendance: dict[Function, Annotated[PositiveInt, _at_most(10000)]] = field(default_factory=dict)
    """How many people came, by function."""
    pms: list[str] = field(default_factory=list)
    """Handles of the team's PMs who took part."""


@dataclass
class Community:
    """A community of practice or book club (``communities/<id>.yaml``)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _config(
        "pmkit community of practice or book club (communities/<id>.yaml)")

    kind: Literal["community-of-practice", "book-club"]
    topic: Text
    competencies: Annotated[list[Id], NonEmpty]
    started: IsoDate
    cadence_days: Annotated[PositiveInt, _at_most(365)] = 14
    owner: CommunityOwner | None = None
    book: Resource | None = None
    invite: list[Function] = field(default_factory=list)
    """Functions to invite, chosen by topic."""
    invite_why: str | None = None
    sessions: list[CommunitySession] = field(default_factory=list)


def rating_value(rating: Rating) -> int:
    return rating if isinstance(rating, int) else rating.rating


def rating_evidence(rating: Rating) -> str | None:
    return None if isinstance(rating, int) else rating.evidence


SCHEMA_CLASSES: tuple[type, ...] = (PlanSettings, GitSettings, Settings, Resource, Level,
                                    Competency, BackgroundGuide, Area, CompetencyModel,
                                    RatingDetail, Assessment, Milestone, Evidence, PeerInput,
                                    PlanDecisions, Person, CommunityOwner, CommunitySession,
                                    Community)
KINDS: dict[str, type] = {
    "model": CompetencyModel,
    "person": Person,
    "settings": Settings,
    "community": Community,
}
RECORDS: dict[str, type] = {cls.__name__: cls for cls in SCHEMA_CLASSES}

_TYPES: dict[type, dict[str, Any]] = {}


def is_record(kind: Any) -> bool:
    """Is ``kind`` one of the file shapes above (a dataclass pydantic validates)?"""
    return isinstance(kind, type) and RECORDS.get(kind.__name__) is kind


def field_types(cls: type) -> dict[str, Any]:
    """Field name -> resolved annotation (``Annotated`` kept), in declaration order."""
    if cls not in _TYPES:
        import dataclasses
        import typing

        hints = typing.get_type_hints(cls, include_extras=True)
        _TYPES[cls] = {f.name: hints[f.name] for f in dataclasses.fields(cls)}
    return _TYPES[cls]
