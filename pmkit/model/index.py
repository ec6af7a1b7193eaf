"""Fast look-ups over a competency model: ids, aliases, levels and the scale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.model.schema import Area, Competency, CompetencyModel


@dataclass(frozen=True)
class Placed:
    """A competency with the area it sits in and its position in the model."""

    competency: Competency
    area: Area
    order: int


class ModelIndex:
    def __init__(self, model: CompetencyModel):
        self.model = model

    @cached_property
    def placed(self) -> list[Placed]:
        out: list[Placed] = []
        for area in self.model.areas:
            for comp in area.competencies:
                out.append(Placed(comp, area, len(out)))
        return out

    @cached_property
    def by_id(self) -> dict[str, Placed]:
        return {p.competency.id: p for p in self.placed}

    @cached_property
    def _aliases(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for p in self.placed:
            for alias in p.competency.aliases:
                table.setdefault(alias, p.competency.id)
        return table

    @cached_property
    def level_ids(self) -> list[str]:
        return [level.id for level in self.model.levels]

    @cached_property
    def all_ids(self) -> list[str]:
        return [p.competency.id for p in self.placed]

    @property
    def low(self) -> int:
        return min(self.model.scale)

    @property
    def high(self) -> int:
        return max(self.model.scale)

    @property
    def scale_text(self) -> str:
        return f"{self.low}-{self.high}"

    def resolve(self, identifier: str) -> str | None:
        """The canonical id for an id or one of its aliases, else None."""
        if identifier in self.by_id:
            return identifier
        return self._aliases.get(identifier)

    def canonical(self, ratings: Mapping[str, int]) -> dict[str, int]:
        """Ratings under today's ids, in the model's order; ids the model lost stay as written.

        An old version may hold a rating under an alias and under today's id: the first
        one written wins, as when the file was read then.
        """
        mapped: dict[str, int] = {}
        for key, value in ratings.items():
            mapped.setdefault(self.resolve(key) or key, value)
        last = len(self.placed)
        return dict(sorted(mapped.items(),
                           key=lambda kv: (self.by_id[kv[0]].order if kv[0] in self.by_id else last,
                                           kv[0])))

    def level_name(self, level_id: str) -> str:
        for level in self.model.levels:
            if level.id == level_id:
                return level.name
        return level_id

    def label(self, rating: int | None) -> str:
        if rating is None:
            return "not assessed"
        return self.model.scale.get(rating, str(rating))
