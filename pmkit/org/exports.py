"""Reading a team export back: check its shape, and map its competencies onto one model.

Exports come from many managers and from different days, so from different versions of
the model (or a renamed competency). Each export carries its model's id, version and
every competency's aliases; an export's competency maps onto the reference model (the
newest version seen) when their ids or aliases meet. Validation is by hand, not with
pydantic: an organisation's worth of exports must load in a few milliseconds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pmkit.errors import InputError
from pmkit.org.aggregate import FORMAT, FORMAT_VERSION

SUFFIXES = (".json", ".yaml", ".yml")


@dataclass
class Export:
    """One team's export as read from the organisation's repository."""

    path: str  # relative to the repository
    data: dict[str, Any]

    @property
    def team(self) -> str:
        return str(self.data.get("team") or self.path)

    @property
    def model_id(self) -> str:
        return str(self.data["model"]["id"])

    @property
    def model_version(self) -> int:
        return int(self.data["model"]["version"])


def parse_export(raw: bytes, display: str) -> dict[str, Any] | None:
    """The export in these bytes; None when the file is not an export at all (any other
    JSON or YAML file in the repository is left alone); an InputError when it claims to
    be one and is broken."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", display) from None
    if display.endswith(".json"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            if FORMAT in text[:200]:
                raise InputError(f"not valid JSON: {exc}", display) from None
            return None
    else:
        if FORMAT not in text[:400]:
            return None
        from pmkit.files.plain import to_plain
        from pmkit.files.yamldoc import parse_text

        data = to_plain(parse_text(text, display))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    check_export(data, display)
    return data


def _need(condition: bool, message: str, display: str) -> None:
    if not condition:
        raise InputError(message, display)


def check_export(data: dict[str, Any], display: str) -> None:
    """The keys the roll-up reads, with the types it expects."""
    version = data.get("format_version")
    if not isinstance(version, int):
        raise InputError("format_version must be a whole number", display)
    _need(version <= FORMAT_VERSION, f"format_version {version} is newer than this pmkit reads "
          f"({FORMAT_VERSION}); upgrade pmkit", display)
    model = data.get("model")
    if not (isinstance(model, dict) and isinstance(model.get("id"), str)
            and isinstance(model.get("version"), int) and isinstance(model.get("competencies"), list)):
        raise InputError("model must hold id, version and competencies", display)
    for comp in model["competencies"]:
        _need(isinstance(comp, dict) and isinstance(comp.get("id"), str)
              and isinstance(comp.get("aliases", []), list),
              "each model competency needs an id and a list of aliases", display)
    _need(isinstance(data.get("generated_on"), str), "generated_on must be a date", display)
    _need(isinstance(data.get("people"), int), "people must be a whole number", display)
    _need(isinstance(data.get("reportable"), bool), "reportable must be true or false", display)
    for key in ("competencies", "areas", "levels", "health"):
        _need(isinstance(data.get(key, {}), dict), f"{key} must be a mapping", display)
    _need(isinstance(data.get("cells", []), list), "cells must be a list", display)
    for cell in data.get("cells", []):
        _need(isinstance(cell, dict) and isinstance(cell.get("competency"), str)
              and isinstance(cell.get("level"), str) and isinstance(cell.get("rated"), int)
              and isinstance(cell.get("mean_rating"), int | float | None),
              "each cell needs competency, level, rated and mean_rating", display)
        _need(cell["rated"] >= int(data.get("min_group", 3)),
              "a cell describes fewer people than the export's own rule allows", display)


class ModelMap:
    """Competency ids of any export -> ids of the reference model (the newest version)."""

    def __init__(self, exports: Iterable[Export]):
        exports = list(exports)
        self.reference: dict[str, Any] | None = None
        if exports:
            ids = [e.model_id for e in exports]
            main_id = max(set(ids), key=lambda m: (ids.count(m), m))
            newest = max((e for e in exports if e.model_id == main_id),
                         key=lambda e: (e.model_version, e.data["generated_on"]))
            self.reference = newest.data["model"]
        self._table: dict[str, str] = {}
        if self.reference is not None:
            for comp in self.reference["competencies"]:
                self._table[comp["id"]] = comp["id"]
                for alias in comp.get("aliases", []):
                    self._table.setdefault(alias, comp["id"])

    def competency(self, comp: dict[str, Any]) -> str | None:
        """The reference id for one of an export's competencies (its id or any alias)."""
        for key in (comp["id"], *comp.get("aliases", [])):
            if key in self._table:
                return self._table[key]
        return None

    def for_export(self, export: Export) -> dict[str, str]:
        """Export id -> reference id, for every competency that maps."""
        out: dict[str, str] = {}
        for comp in export.data["model"]["competencies"]:
            found = self.competency(comp)
            if found is not None:
                out[comp["id"]] = found
        return out

    @property
    def competencies(self) -> list[dict[str, Any]]:
        return list(self.reference["competencies"]) if self.reference else []

    @property
    def levels(self) -> list[dict[str, Any]]:
        return list(self.reference.get("levels", [])) if self.reference else []

    def name(self, cid: str) -> str:
        for comp in self.competencies:
            if comp["id"] == cid:
                return str(comp.get("name", cid))
        return cid

    def level_name(self, lid: str) -> str:
        for level in self.levels:
            if level["id"] == lid:
                return str(level.get("name", lid))
        return lid
