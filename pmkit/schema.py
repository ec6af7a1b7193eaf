"""The shapes of pmkit's files, as pydantic models.

These models check structure and types only. Rules that need more than one file
(a rating on the model's scale, a level the model defines) live in
:mod:`pmkit.validation`, so that ``pmkit check`` can list every problem at once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PositiveInt,
    StrictInt,
)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    """Accept a YAML date or a ``YYYY-MM-DD`` string, nothing looser."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date as YYYY-MM-DD, got a date and time ({value})")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a real date") from None
    raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def _file_path(value: str) -> str:
    """A path typed by hand: no control characters (a NUL would crash every file call)."""
    if not value.strip() or any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ValueError("expected a file path (no control characters), such as model.yaml")
    return value


FilePath = Annotated[str, AfterValidator(_file_path)]
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    # defer_build: validators are built on first use; a warm cache never needs them
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True,
                              defer_build=True)


# --- pmkit.yaml -----------------------------------------------------------------------


class PlanSettings(_Strict):
    focus: PositiveInt = Field(3, description="How many focus areas a coaching plan proposes.")
    horizon_days: PositiveInt = Field(90, description="A plan's length; milestones fall inside it.")


class GitSettings(_Strict):
    autocommit: bool = Field(True, description="Commit every file pmkit writes.")


class Settings(_Strict):
    """Workspace settings (``pmkit.yaml``)."""

    model_config = ConfigDict(title="pmkit workspace settings (pmkit.yaml)")

    manager: str | None = Field(None, description="The manager's name, shown in documents.")
    model: FilePath = Field("model.yaml",
                            description="Path of the competency model, relative to the workspace.")
    cadence_days: PositiveInt = Field(7, description="Days between 1:1s.")
    reassess_after_days: PositiveInt = Field(90, description="An older assessment is flagged as stale.")
    plan: PlanSettings = Field(default_factory=PlanSettings)
    git: GitSettings = Field(default_factory=GitSettings)


# --- model.yaml -----------------------------------------------------------------------


class Resource(_Strict):
    title: Text
    by: str | None = None
    kind: Literal["book", "article", "talk", "course", "podcast", "tool", "video"] = "book"
    year: StrictInt | None = None
    url: str | None = None


class Level(_Strict):
    id: Id
    name: Text
    description: str | None = None


class Competency(_Strict):
    id: Id
    name: Text
    description: Text = Field(description="One or two sentences a non-product manager can follow.")
    why: str | None = Field(None, description="Why it matters in the product operating model.")
    weight: Annotated[float, Field(gt=0, le=100)] = 1.0
    expected: dict[str, StrictInt] = Field(description="Target rating for every level id.")
    rubric: dict[int, Text] = Field(default_factory=dict, description="What each rating looks like.")
    questions: list[Text] = Field(default_factory=list)
    practices: list[Text] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)
    aliases: list[Id] = Field(default_factory=list, description="Earlier ids of this competency.")


class Area(_Strict):
    id: Id
    name: Text
    description: str | None = None
    competencies: list[Competency] = Field(min_length=1)


class CompetencyModel(_Strict):
    """A competency model (``model.yaml``)."""

    model_config = ConfigDict(title="pmkit competency model (model.yaml)")

    id: Id
    name: Text
    version: StrictInt = 1
    source: str | None = None
    description: str | None = None
    scale: dict[int, Text] = Field(min_length=2, description="Ascending integer ratings and labels.")
    levels: list[Level] = Field(min_length=1)
    areas: list[Area] = Field(min_length=1)


# --- team/<handle>.yaml ---------------------------------------------------------------


class RatingDetail(_Strict):
    rating: StrictInt
    evidence: str | None = None


Rating = StrictInt | RatingDetail


class Assessment(_Strict):
    date: IsoDate
    model_version: StrictInt | None = None
    ratings: dict[str, Rating] = Field(default_factory=dict)
    notes: str | None = None


class PlanDecisions(_Strict):
    focus: list[str] = Field(default_factory=list, description="Pinned focus areas.")
    goals: dict[str, Text] = Field(default_factory=dict, description="A goal per competency id.")
    started: IsoDate | None = Field(None, description="When the current plan started.")


class Person(_Strict):
    """One product manager (``team/<handle>.yaml``)."""

    model_config = ConfigDict(title="pmkit person (team/<handle>.yaml)")

    name: Text
    level: str
    since: IsoDate | None = None
    role: str | None = None
    assessment: Assessment | None = None
    self_assessment: Assessment | None = None
    plan: PlanDecisions | None = None
    talking_points: list[Text] = Field(default_factory=list)


def rating_value(rating: Rating) -> int:
    return rating if isinstance(rating, int) else rating.rating


def rating_evidence(rating: Rating) -> str | None:
    return None if isinstance(rating, int) else rating.evidence


KINDS: dict[str, type[BaseModel]] = {
    "model": CompetencyModel,
    "person": Person,
    "settings": Settings,
}
