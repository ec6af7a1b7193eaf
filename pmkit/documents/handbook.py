"""``pmkit handbook``: the workspace's competency model as a primer for the manager.

The essay's first key is that the manager learns what good product management is. The
model already says it, field by field; the handbook puts it in reading order: for each
competency what good looks like at each level, why it matters, what to look for in the
PM's work, how to coach it in the moment, the traps of PMs coming from other roles, and
what to read. It is a primer about the model, not about the team: it reads no PM's file
and names nobody, so it can be handed to anyone learning the role.

The Markdown comes from ``handbook.md.j2``; the HTML version is that same Markdown turned
into a page (``handbook.html.j2`` holds the page around it), so the two never disagree.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from pmkit.documents.counts import in_words
from pmkit.documents.render import Renderer

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import Competency
    from pmkit.workspace import Workspace

Format = Literal["md", "html"]
MARKDOWN_TEMPLATE = "handbook.md.j2"
HTML_TEMPLATE = "handbook.html.j2"
#: Names for backgrounds a model does not describe.
BACKGROUND_NAMES = {"business-analyst": "Business analyst", "subject-matter-expert": "Subject-matter expert",
                    "project-manager": "Project manager", "engineer": "Engineer", "designer": "Designer",
                    "other": "Another role"}



def _number(n: int, blank: bool = False) -> str:
    """One to twelve in words; anything else in digits, or nothing with ``blank``."""
    return in_words(n, most=12) if 1 <= n <= 12 else ("" if blank else str(n))

def slug(text: str) -> str:
    """The anchor GitHub gives a heading, so links work on a git host and in the HTML."""
    kept = "".join(c for c in text.lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


class Anchors:
    """Unique heading anchors in document order, numbered as GitHub numbers repeats (x, x-1, x-2)."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, text: str) -> str:
        base = slug(text)
        count = self.seen.get(base, 0)
        self.seen[base] = count + 1
        return base if count == 0 else f"{base}-{count}"


#: Headings the template writes before the areas, in order (the anchors of later ones depend on them).
FIXED_HEADINGS = ("Start here", "How to use this handbook", "The scale and the levels", "Targets by level",
                  "Who rates, and how to agree")
BACKGROUNDS_HEADING = "Where PMs come from"
#: The roads whose traps every competency shows; a competency shows another road's traps
#: where that road's guide watches it first.
ALWAYS_TRAPS = ("business-analyst", "subject-matter-expert", "project-manager")
#: How many of each list a competency shows: the model keeps more, for plans and agendas.
SHOWN = {"look_for": 1, "coach_in_moment": 1, "questions": 1}


def _competency(comp: Competency, index: ModelIndex, order: list[str], names: dict[str, str],
                watched: dict[str, set[str]], home: dict[str, dict[str, str]],
                anchor: str) -> dict[str, Any]:
    scale = [{"value": value, "label": label, "text": comp.rubric.get(value, "")}
             for value, label in sorted(index.model.scale.items())
             if comp.rubric.get(value) or value in comp.expected.values()]
    traps_of = {str(k): v for k, v in comp.traps.items()}
    traps = [{"id": b, "name": names.get(b, BACKGROUND_NAMES.get(b, b)), "text": traps_of[b]}
             for b in order if b in traps_of
             and (b in ALWAYS_TRAPS or comp.id in watched.get(b, set()))]
    resources = []
    # The book-club pick is "the title to start with", so it leads the list.
    for r in sorted(comp.resources, key=lambda r: not r.book_club):
        seen = home[r.title.casefold()]
        resources.append({"title": r.title, "by": r.by or "", "kind": r.kind, "year": r.year,
                          "url": (r.url or "").replace(" ", "%20").replace("(", "%28")
                          .replace(")", "%29"),
                          "book_club": r.book_club,
                          "see": None if seen["anchor"] == anchor else seen})
    return {
        "id": comp.id, "name": comp.name, "anchor": anchor,
        "description": comp.description, "why": (comp.why or "").strip(),
        "scale": scale, "expected": dict(comp.expected),
        "expected_why": {str(k): " ".join(v.split()) for k, v in comp.expected_why.items()},
        "look_for": list(comp.look_for[:SHOWN["look_for"]]),
        "coach_in_moment": list(comp.coach_in_moment[:SHOWN["coach_in_moment"]]),
        "traps": traps,
        "questions": list(comp.questions[:SHOWN["questions"]]),
        "resources": resources,
        "weight": comp.weight,
    }


def handbook_context(ws: Workspace) -> dict[str, Any]:
    """The plain context ``handbook.md.j2`` renders: the model alone, in the model's order."""
    index = ws.index
    model = index.model
    guides = {str(b): g for b, g in model.backgrounds.items()}
    names = {b: g.name for b, g in guides.items()}
    order = [*guides, *(b for b in BACKGROUND_NAMES if b not in guides)]
    placed_names = {p.competency.id: p.competency.name for p in index.placed}
    watched: dict[str, set[str]] = {}
    backgrounds: list[dict[str, Any]] = []
    for b, guide in guides.items():
        ids = [c for c in (index.resolve(w) for w in guide.watch) if c is not None]
        watched[b] = set(ids)
        backgrounds.append({"id": b, "name": guide.name, "note": (guide.note or "").strip(),
                            "watch": [placed_names[c] for c in ids]})
    count = _number(ws.settings.plan.focus)
    goals_heading = f"{count.capitalize()} goals, one conversation at a time"
    anchor = Anchors()
    for heading in (*FIXED_HEADINGS, goals_heading):
        anchor(heading)
    if backgrounds:
        anchor(BACKGROUNDS_HEADING)
    for guide_shown in backgrounds:
        anchor(guide_shown["name"])
    anchors = {}
    for a in model.areas:
        anchors[a.id] = anchor(a.name)
        anchors.update({c.id: anchor(c.name) for c in a.competencies})
    home = _resource_homes(model.areas, anchors)
    areas: list[dict[str, Any]] = []
    for a in model.areas:
        comps = [_competency(c, index, order, names, watched, home, anchors[c.id]) for c in a.competencies]
        areas.append({"name": a.name, "anchor": anchors[a.id], "description": (a.description or "").strip(),
                      "competencies": comps})
    levels = [{"id": lv.id, "name": lv.name, "description": (lv.description or "").strip(),
               "targets": _level_targets([c.competency.expected.get(lv.id) for c in index.placed],
                                         model.scale)}
              for lv in model.levels]
    targets = [{"name": c["name"], "anchor": c["anchor"],
                "expected": [c["expected"].get(lv["id"]) for lv in levels]}
               for a in areas for c in a["competencies"]]
    sizes = {len(a["competencies"]) for a in areas}
    return {
        "model": {"id": model.id, "name": model.name, "version": model.version,
                  "source": (model.source or "").strip(), "description": (model.description or "").strip()},
        "manager": (ws.settings.manager or "").strip(),
        "scale": [{"value": v, "label": label} for v, label in sorted(model.scale.items())],
        "levels": levels,
        "targets": targets,
        "focus_count": count, "goals_heading": goals_heading,
        "backgrounds": backgrounds,
        "always_traps": [names.get(b, BACKGROUND_NAMES[b]) for b in ALWAYS_TRAPS],
        "traps_everywhere": _roads([names.get(b, BACKGROUND_NAMES[b]) for b in ALWAYS_TRAPS]),
        "other_traps": _roads([g["name"] for g in backgrounds if g["id"] not in ALWAYS_TRAPS and g["watch"]]),
        "areas": areas,
        "competency_count": len(index.placed),
        "area_count": _number(len(areas)),
        "per_area": _number(next(iter(sizes)), blank=True) if len(sizes) == 1 else "",
        "target_notes": _target_notes(areas, levels, index.model.scale),
        "rhythm": _rhythm(ws.settings.cadence_days, ws.settings.plan.horizon_days,
                          ws.settings.reassess_after_days),
    }


def _resource_homes(areas: Any, anchors: dict[str, str]) -> dict[str, dict[str, str]]:
    """Where each title is listed in full: under the competency that makes it the book-club
    pick, else where it first appears; every other mention points there."""
    home: dict[str, dict[str, str]] = {}
    comps = [c for a in areas for c in a.competencies]
    for picks_only in (True, False):
        for c in comps:
            for r in c.resources:
                if r.book_club or not picks_only:
                    home.setdefault(r.title.casefold(), {"name": c.name, "anchor": anchors[c.id]})
    return home


def _level_targets(targets: list[int | None], scale: dict[int, str]) -> list[dict[str, Any]]:
    """A level's targets, highest first, with how many competencies carry each: the story the
    table tells, told beside the level's description so the two can be read together."""
    counts: dict[int, int] = {}
    for value in targets:
        if value is not None:
            counts[value] = counts.get(value, 0) + 1
    return [{"value": v, "label": scale.get(v, ""), "count": _number(n), "one": n == 1}
            for v, n in sorted(counts.items(), reverse=True)]


def _rhythm(cadence_days: int, horizon_days: int, reassess_after_days: int) -> dict[str, Any]:
    """The workspace's follow-up times, said once in the handbook: how often 1:1s come, a
    plan's length, and when an assessment is out of date."""
    every = {1: "every day", 7: "every week", 14: "every two weeks", 21: "every three weeks",
             28: "every four weeks"}.get(cadence_days, f"every {cadence_days} days")
    return {"cadence": every, "horizon": horizon_days, "quarter": 84 <= horizon_days <= 98,
            "reassess": reassess_after_days,
            "order": "same" if reassess_after_days == horizon_days
            else "sooner" if reassess_after_days < horizon_days else "later"}


def _roads(names: list[str]) -> str:
    """Roles as a plural phrase ("business analysts, ... and project managers"), for one sentence."""
    plural = [n.lower() if n.lower().endswith("s") else f"{n.lower()}s" for n in names]
    return " and ".join([", ".join(plural[:-1]), plural[-1]]) if len(plural) > 1 else "".join(plural)


def _target_notes(areas: list[dict[str, Any]], levels: list[dict[str, Any]],
                  scale: dict[int, str]) -> list[dict[str, Any]]:
    """The model's reasons for targets a reader would ask about, grouped by level and rating.

    A Lead at the top rating on some competencies and not others is a choice the model
    explains in its own words (``expected_why``); the handbook names each with its reason
    under the table instead of leaving the reader to guess the rule.
    """
    groups: dict[tuple[str, int], dict[str, Any]] = {}
    for lv in levels:
        for a in areas:
            for c in a["competencies"]:
                reason = c["expected_why"].get(lv["id"])
                value = c["expected"].get(lv["id"])
                if not reason or value is None:
                    continue
                group = groups.setdefault((lv["id"], value), {
                    "level": lv["name"], "value": value, "label": scale.get(value, ""), "entries": []})
                group["entries"].append({"name": c["name"], "anchor": c["anchor"], "text": reason})
    for (level_id, value), group in groups.items():
        group["count"] = _number(len(group["entries"]))
        group["rest"] = _rest(areas, levels, level_id, value, scale)
    return list(groups.values())


def _rest(areas: list[dict[str, Any]], levels: list[dict[str, Any]], level_id: str, value: int,
          scale: dict[int, str]) -> dict[str, Any] | None:
    """The level's other targets, when they all share one rating: the rule the reasons stand out from.

    ``level`` names the level below when those targets are the same as its own (a Lead at 5 on
    some competencies and at the Senior's 4 elsewhere); saying it from the table keeps the
    sentence and the table from ever disagreeing. None when a competency at ``value`` has no
    reason or the others do not share one rating.
    """
    at = [lv["id"] for lv in levels].index(level_id)
    comps = [c for a in areas for c in a["competencies"]]
    if any(c["expected"].get(level_id) == value and not c["expected_why"].get(level_id) for c in comps):
        return None
    others = [c for c in comps if c["expected"].get(level_id) != value]
    rated = {c["expected"].get(level_id) for c in others}
    if not others or len(rated) != 1 or None in rated:
        return None
    rest_value = next(iter(rated))
    below = levels[at - 1]["id"] if at else None
    same = below is not None and all(c["expected"].get(below) == rest_value for c in others)
    return {"count": _number(len(others)),
            "level": levels[at - 1]["name"] if same else None,
            "value": rest_value, "label": scale.get(rest_value, "")}


def _markdown_parser() -> MarkdownIt:
    """CommonMark with tables, raw HTML off (model text is text), headings with GitHub's anchors."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")

    def anchors(state: Any) -> None:
        anchor = Anchors()
        tokens = state.tokens
        for i, token in enumerate(tokens):
            if token.type == "heading_open" and token.tag in ("h2", "h3"):
                token.attrSet("id", anchor(tokens[i + 1].content))

    md.core.ruler.push("heading_anchors", anchors)
    return md


_H1 = re.compile(r"<h1>(.*?)</h1>\n", re.DOTALL)


def render_handbook(ws: Workspace, fmt: Format = "md") -> str:
    """The handbook as Markdown, or as one self-contained HTML page."""
    renderer = Renderer(ws.root, ws.store)
    context = handbook_context(ws)
    text = renderer.render(MARKDOWN_TEMPLATE, context)
    if fmt == "md":
        return text
    body = _H1.sub("", _markdown_parser().render(text), count=1)  # the page has its own title
    page = {"title": f"Handbook: {context['model']['name']}", "body": body,
            "model": context["model"], "manager": context["manager"]}
    return Renderer(ws.root, None).render(HTML_TEMPLATE, page)
