"""The five lines that open the upward report: where the team meets or beats its targets,
the top gaps, the community on them, the trend, and the manager's ask.

Each line says only what the figures shown back: a hidden figure never decides a place,
a tie is named as a tie, and where nobody is below target the line says "no gaps", not
"strong": the report publishes nothing above target.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pmkit.documents.counts import in_words
from pmkit.org.suppress import OVER, UNDER

if TYPE_CHECKING:
    from pmkit.model.index import ModelIndex

FUNCTION_NAMES = {
    "product": "product", "engineering": "engineering", "design": "product design",
    "product-marketing": "product marketing", "sales": "sales", "support": "customer support",
    "data": "data and analytics", "quality": "quality", "risk-compliance": "risk and compliance",
    "operations": "operations",
}
STRENGTHS_NAMED = 5  # more than this many and the line names three of them
BAND_WORDS = {UNDER: "mostly one step short", OVER: "on average 1.5 steps or more short"}


def join(items: Sequence[str], word: str = "and") -> str:
    """A list in words; a serial comma where a name holds "and" itself ("Focus and resilience")."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    serial = "," if any(" and " in i or " or " in i for i in items) else ""
    return ", ".join(items[:-1]) + serial + f" {word} " + items[-1]


def functions_text(functions: Sequence[str]) -> str:
    return join([FUNCTION_NAMES.get(f, f) for f in functions])


def number(n: int) -> str:
    return in_words(n, most=10)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def strong_line(agg: dict[str, Any], index: ModelIndex,
                rows: Sequence[dict[str, Any]]) -> tuple[str, str]:
    """(label, text): "No gaps" on the competencies where nobody rated is below target; with
    none, the area nearest its targets. Never "strong": no figure above target is published,
    since "none above" would pin every PM not below exactly at target."""
    meets = [r for r in rows if r["rated"] != 0 and r["below_target"] == 0]
    if meets:
        return "No gaps", f"nobody rated is below their level's target on {_listed(meets)}"
    areas = [(fig["share_below"], a.name, fig) for a in index.model.areas
             if (fig := agg["areas"][a.id])["share_below"] is not None and fig["ratings"]]
    if areas:
        share, name, fig = min(areas, key=lambda item: item[0])
        rated_areas = [a for a in index.model.areas if agg["areas"][a.id]["ratings"] != 0]
        of = ("of any area" if len(areas) == len(rated_areas)
              else "of the areas whose figures are shown")  # a hidden one might be higher
        meet = fig["ratings"] - fig.get("below_ratings", round(share * fig["ratings"] / 100))
        return "Nearest to target", (f"{name}: {meet} of its {fig['ratings']} ratings are at or "
                                     f"above the PM's level target, the most {of}")
    return "Nearest to target", "not shown: no figure shown yet can name one"


def _listed(rows: Sequence[dict[str, Any]]) -> str:
    names = [r["name"] for r in rows]
    if len(names) == 1:
        return names[0]
    if len(names) <= STRENGTHS_NAMED:
        return f"{number(len(names))} competencies: {join(names)}"
    return f"{number(len(names))} competencies, among them {join(names[:3])}"


def rank(gap: dict[str, Any]) -> tuple[Any, ...]:
    """What the common gaps are ordered by that the reader can see: PMs below, PMs rated,
    the shortfall band. Two gaps with the same rank tie (the model's order lists them)."""
    return (gap["below_target"], gap["rated"], gap["average_shortfall"])


def top_gaps(gaps: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The top two common gaps, or more when others tie with the second on every figure
    shown: picking two of five equal ones would tell the director more than is true."""
    top = list(gaps[:2])
    if len(top) == 2:
        top += [g for g in gaps[2:] if rank(g) == rank(top[1])]
    return top


def by_area(gaps: Sequence[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The gaps grouped by area, the area with most of them first (then the model's order)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for gap in gaps:
        groups.setdefault(gap["area"], []).append(gap)
    return sorted(groups.items(), key=lambda item: -len(item[1]))


def _grouped(gaps: Sequence[dict[str, Any]]) -> str:
    groups = by_area(gaps)
    if len(groups) == 1:
        return f"all in {groups[0][0]}: {join([g['name'] for g in gaps])}"
    return join([f"{join([g['name'] for g in members])} ({area})" for area, members in groups])


def gaps_line(gaps: Sequence[dict[str, Any]], held_back: int = 0) -> str:
    """The top gaps among the counts shown; ``held_back`` competencies whose counts are not
    shown are named as a number, since any of them could be larger."""
    top = top_gaps(gaps)
    if not top:
        return "among the figures shown, no competency has three or more PMs below their level's target"
    if not held_back:
        return _top_text(top)
    hidden = ("the count of one other competency is not shown, and it could be larger"
              if held_back == 1 else f"the counts of {number(held_back)} other competencies are "
              "not shown, and any of them could be larger")
    return f"{_top_text(top)} ({hidden})"


def _top_text(top: Sequence[dict[str, Any]]) -> str:
    band = BAND_WORDS.get(top[0]["average_shortfall"] or "", "")
    if len(top) > 1 and all(rank(g) == rank(top[0]) for g in top):
        first = top[0]
        how = (f"{first['below_target']} of the {first['rated']} PMs rated below their level's "
               "target" if first["below_target"] is not None and first["rated"] is not None
               else first["short_text"])
        return (f"{number(len(top))} competencies tie for the largest of the gaps shown, each with {how}"
                + (f", {band}" if band else "") + f": {_grouped(top)}")

    def one(g: dict[str, Any]) -> str:
        words = BAND_WORDS.get(g["average_shortfall"] or "", "")
        return f"{g['name']} ({g['short_text']}{', ' + words if words else ''})"

    areas = {g["area"] for g in top}
    text = ("both in " + top[0]["area"] + ": " if len(top) == 2 and len(areas) == 1 else "")
    text += " and ".join(one(g) for g in top[:2])
    if len(top) > 2:
        text += (f", tied with {join([g['name'] for g in top[2:]])}, which "
                 f"{'has' if len(top) == 3 else 'have'} the same figures as {top[1]['name']}")
    return text


def next_step(gaps: Sequence[dict[str, Any]], communities: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The top gaps no community covers yet, narrowed to the area holding most of them: one
    community of practice on two gaps of one area is a plan; five at once is not."""
    bare = [g for g in top_gaps(gaps) if not any(g["id"] in c["competencies"] for c in communities)]
    return by_area(bare)[0][1] if bare else []


def community_line(chosen: Sequence[dict[str, Any]], step: Sequence[dict[str, Any]],
                   gaps: Sequence[dict[str, Any]] = ()) -> str:
    """The communities on the top gaps (or, with none, those that run), and the next one,
    with why its area was chosen."""
    texts = [_community_text(c) for c in chosen]
    if step:
        texts.append(f"A community of practice on {join([g['name'] for g in step])} is the next step"
                     + _why_this_area(step, gaps))
    if texts:
        return ". ".join(texts)
    return "none needed while no gap is common to three or more PMs: coaching stays one to one"


def display_name(c: dict[str, Any]) -> str:
    """How a community is named in a sentence: "the Lean Analytics book club"."""
    if c["kind"] == "book-club" and c.get("book"):
        return f"the {c['book']} book club"
    topic = c["topic"]
    if topic.lower().endswith(("community of practice", "book club")):
        return f"the {topic}"
    return f"{topic} ({c['kind_name']})"


def _community_text(c: dict[str, Any]) -> str:
    due = c.get("sessions_due") or 0
    late = (f" ({due} {'was' if due == 1 else 'were'} due by now)" if due > c["sessions_held"] else "")
    nxt = f", the next on {c['next_session']}" if c.get("next_session") else ""
    return cap(f"{display_name(c)} meets every {c['cadence_days']} days: {c['sessions_held']} of "
               f"{c['sessions_planned']} sessions held{late}{nxt}; {c['owner_text']}")


def ask_line(chosen: Sequence[dict[str, Any]], step: Sequence[dict[str, Any]]) -> str:
    """What the manager asks for, specific to the communities that exist or the next one."""
    unowned = [c for c in chosen if c["owner_status"] != "agreed"]
    if unowned:
        names = join(unowned[0]["names"])
        return (f"help finding an owner for {display_name(unowned[0])}: someone strong at "
                f"{names}, inside or outside product, who would coach it for a quarter")
    if step:
        return (f"help finding someone strong at {join([g['name'] for g in step])}, inside or "
                "outside product, who would run that community of practice for a quarter")
    invited = [c for c in chosen if c["invite"]]
    if invited:
        c = invited[0]
        when = f", from its next session on {c['next_session']}" if c.get("next_session") else ""
        return (f"the heads of {functions_text(c['invite'])} to send one person each to "
                f"{display_name(c)}{when}")
    return "nothing this quarter"


def _why_this_area(step: Sequence[dict[str, Any]], gaps: Sequence[dict[str, Any]]) -> str:
    """Why the next community covers this area's gaps: it holds the most top gaps, or it
    ties with others and comes first in the model."""
    if len(step) < 2:
        return ""
    groups = by_area([g for g in top_gaps(gaps)]) if gaps else []
    tied = [area for area, members in groups if len(members) == len(step)]
    area = step[0]["area"]
    if len(tied) > 1:
        return (f": {area} is one of {number(len(tied))} areas holding {number(len(step))} of "
                "the top gaps each, and comes first in the competency model")
    return f": {area} holds the most of the top gaps"
