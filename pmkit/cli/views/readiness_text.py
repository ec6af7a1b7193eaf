"""Promotion readiness as plain text (terminal) and Markdown (for a promotion case)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmkit.documents.readiness import Readiness, ReadinessRow

_HEADINGS = {
    "sustained": "Sustained at the {target} expectation (last two assessments)",
    "reached": "At the {target} expectation in the latest assessment only",
    "slipped": "Slipped: met the expectation before, below it now",
    "below": "Below the {target} expectation",
    "not-assessed": "Not assessed",
}


def common_expected(report: Readiness) -> int | None:
    """The target level's expectation when it is the same on every competency: said once."""
    values = {r.expected for r in report.rows}
    return values.pop() if len(values) == 1 else None


def _ratings(row: ReadinessRow, common: int | None = None) -> str:
    """Your two ratings first; then, beside them and never mixed in, the other views."""
    shown = [str(r) for r in row.ratings if r is not None]
    text = ' then '.join(shown) or 'not rated'
    if row.expected != common:
        text += f" (expected {row.expected})"
    others = []
    if row.self_rating is not None:
        others.append(f"self-assessment {row.self_rating}")
    others += [f"{p['reviewer']} {p['rating']}" for p in row.peer_ratings]
    if others:
        text += f"; {', '.join(others)}"
    if row.newer:
        text += f"; newer evidence since the latest rating: {', '.join(row.newer)}"
    return text


def _inner(text: str) -> str:
    """A note to quote: its own quotation marks become single ones."""
    return re.sub(r'"([^"]*)"', "‘\\1’", text.strip())


_TO_YOU = re.compile(r"\b(?:you|your|yours|yourself)\b", re.I)


def _written_to(text: str, first: str) -> str:
    """", written to Priya" for a 1:1 note that speaks to the PM as "you": quoted as written in
    a report whose "you" is the manager, it would otherwise read as addressed to the reader."""
    from pmkit.documents.milestone_notes import QUOTED

    said = QUOTED.sub("", text)
    return f", written to {first}" if first and _TO_YOU.search(said) else ""


def _agreed_step(text: str) -> str:
    """", a step agreed then" for a note about what will happen ("you will test the two
    cheapest"), ", with a step agreed then" for one that also says what happened: a case is
    made of work done, and the manager should see which quote is only a plan."""
    from pmkit.documents.milestone_notes import FUTURE, QUOTED, SENTENCE

    said = [s for s in SENTENCE.split(QUOTED.sub("", text)) if s.strip()]
    ahead = [s for s in said if FUTURE.search(s)]
    if not ahead:
        return ""
    return ", a step agreed then, not work done" if len(ahead) == len(said) else (
        ", with a step agreed then")


def _evidence_lines(row: ReadinessRow, for_a_case: bool = False, first: str = "") -> list[str]:
    """Each view's evidence; in a promotion case (Markdown) the sources are named plainly."""
    lines = []
    if "manager" in row.evidence:
        lines.append(f"{'Manager' if for_a_case else 'you saw'}: {row.evidence['manager']}")
        # quoted as written: a 1:1 note's "you" is the PM, where this report's "you" is the manager
        lines += [f"{'Since' if for_a_case else 'since'} then, "
                  f"{'work logged on' if w['source'] == 'log' else 'from the 1:1 notes of'} "
                  f"{w['date']}{'' if w['source'] == 'log' else _written_to(w['text'], first)}"
                  f"{_agreed_step(w['text'])}: "
                  f"“{_inner(w['text'])}”" for w in row.since_note]
    if "self" in row.evidence:
        lines.append(f"{'Self-assessment' if for_a_case else 'they say'}: {row.evidence['self']}")
    for peer in row.evidence.get("peers", []):
        who = peer["reviewer"] + (f", {peer['role']}" if peer.get("role") else "")
        lines.append(f"{who} ({peer['date']}): {peer['evidence']}")
    return [" ".join(line.split()) for line in lines]


def _verdict(report: Readiness) -> str:
    """How far the case is, in proportion: ready, one assessment away, close, or not yet."""
    total = len(report.rows)
    short = len(report.of("below")) + len(report.of("slipped")) + len(report.of("not-assessed"))
    if report.ready:
        return "Every competency is sustained at that level: a promotion case can rest on the evidence below."
    if not short:
        once = len(report.of("reached"))
        return (f"Every competency is at the expectation, {once} only in the latest assessment: "
                "one more assessment at this level would complete the case.")
    if short <= 3:
        verdict = (f"Close: {short} competenc{'y is' if short == 1 else 'ies are'} still short "
                   "of it, listed last; the case rests on them.")
    elif len(report.of("sustained")) + short == total:
        verdict = "Not ready yet."
    else:
        verdict = f"Not ready yet: {short} of {total} competencies are short of it."
        if report.of("reached"):
            verdict += (f" {len(report.of('reached'))} more reached it in the latest assessment "
                        "only.")
    if report.below_current:
        first = (report.name.split() or [report.handle])[0]
        verdict += (f" {first} is still below the {report.level_name} expectation on "
                    f"{report.below_current}: the coaching plan for the current level comes first.")
    return verdict


def _still_out(report: Readiness) -> str:
    """The colleagues' forms still out, in the manager's words: the summary waits for them."""
    if not report.forms_out:
        return ""
    sent = [f"{f['reviewer']}" + (f" ({f['role']})" if f.get("role") else "") + f" on {f['date']}"
            for f in report.forms_out]
    named = sent[0] if len(sent) == 1 else ", ".join(sent[:-1]) + " and " + sent[-1]
    forms = "the form" if len(sent) == 1 else "the forms"
    one = len(sent) == 1
    # colleagues' ratings stand beside the manager's (said next): a form adds context only
    # pmkit knows when a form was written, not whether or when it went out
    return (f" Still to come: {forms} written for {named}, not read back yet. "
            f"{'It' if one else 'They'} will add "
            "context to the case but cannot change the count or the verdict above. Read "
            f"{'it' if one else 'each'} back with `pmkit self-review {report.handle} --import "
            "FILE` when it returns.")


def _summary(report: Readiness) -> str:
    return _summary_now(report) + _still_out(report)


def _summary_now(report: Readiness) -> str:
    total = len(report.rows)
    sustained = len(report.of("sustained"))
    if not report.dates:
        return "No assessment in the history yet."
    if len(report.dates) < 2:
        return (f"Only one assessment so far ({report.dates[0]}): readiness needs two in a row "
                f"at the {report.target_name} expectation. {len(report.of('reached'))} of {total} "
                "are there once.")
    common = common_expected(report)
    every = f", which is {common} on every competency," if common is not None else ""
    return (f"{sustained} of {total} competencies sustained at the {report.target_name} "
            f"expectation{every} over the assessments of {' and '.join(report.dates)}. "
            f"{_verdict(report)}")


def forward(report: Readiness) -> list[str]:
    """What would move the case on, nearest first: the last section of the summary."""
    from pmkit.documents.weighing import FOLLOWED

    if report.ready or len(report.dates) < 2:
        return []
    out = []
    once = [r.name for r in report.of("reached")]
    if once:
        out.append(f"Hold {', '.join(once)} at the expectation in the next assessment: a second "
                   "rating in a row makes it sustained.")
    near = [r.name for r in report.rows if r.state in ("below", "slipped")
            and r.ratings[-1] is not None and r.expected - r.ratings[-1] == 1]
    if near:
        out.append(f"One level below the {report.target_name} expectation: {', '.join(near)}. "
                   "Each needs to reach it and hold it in two assessments in a row; these are "
                   "where the case can grow first" + (", once the current level is secure."
                                                      if report.below_current else "."))
    for row in report.rows:
        if row.newer_held and row.state != "sustained" and row.ratings[-1] is not None:
            why = "it is too little yet to carry a higher one" + (
                f", and the record holds this against it: {'; '.join(row.newer_against)}"
                if row.newer_against else "")
            out.append(f"Work written down since your latest rating of {row.name} "
                       f"({row.ratings[-1]}) may speak to a higher line of the rubric, but {why}. "
                       f"The rating stands as it is in this case and in {_first(report)}'s "
                       "copies: raise it in the meeting only if the conversation brings out "
                       "more work of the kind; otherwise confirm it and revisit it at the next "
                       "assessment, with more work written down to set beside the line.")
        if not row.newer_points or row.state == "sustained" or row.ratings[-1] is None:
            continue
        line = _recheck_line(row, report.target_name, _first(report))
        against = [x for x in row.newer_against if not x.startswith(FOLLOWED)]
        followed = [x for x in row.newer_against if x.startswith(FOLLOWED)]
        out.append(line + (f" Against it: {'; '.join(against)}; weigh both sides before you "
                           "agree." if against else "") + "".join(
            f" {x[:1].upper()}{x[1:]}." for x in followed))
    return out


def _recheck_line(row: ReadinessRow, target: str, first: str) -> str:
    """A rating newer views contradict, and how far they could move it: no further."""
    from pmkit.documents.weighing import FOLLOWED

    way = row.newer_points or "higher"
    why = (f"Work written down since your latest rating of {row.name} ({row.ratings[-1]}) "
           "may speak to a higher line of the rubric" if row.newer_work else
           f"Work and views since your latest rating of {row.name} ({row.ratings[-1]}) all "
           f"point {way}")
    text = (f"{why}: agree a fresh rating in the assessment conversation, where "
            f"{first}'s copy marks it to agree together.")
    if row.newer_differ:
        # dated since the rating, not since the work: never read as a reaction to the work
        whose = ("Views" if any(d.startswith("the self-assessment") for d in row.newer_differ)
                 else "Colleagues' views")
        text += (f" {whose} given before this work, so not about it: "
                 f"{'; '.join(row.newer_differ)}." if row.differ_before_work else
                 f" {whose} since your rating do not all back a {way} one: "
                 f"{'; '.join(row.newer_differ)}.")
    reach = row.newer_reach
    if reach is None:
        return (text + " How far it reaches is for the assessment conversation to agree."
                if row.newer_work and way == "higher" else text)
    upto = row.newer_upto if row.newer_upto is not None else reach
    if way == "higher" and upto < row.expected:
        if row.newer_work:  # in the review's and the conversation's words
            # with something against it, the work only may speak to that line
            doubted = any(not x.startswith(FOLLOWED) for x in row.newer_against)
            said = (f"The newer work may speak to the line for {reach}" if doubted else
                    f"The newer work reads like the line for {reach} at least") + (
                f", {upto} at most" if upto > reach else "")
            return (text + f" {said}, still short of the line for {row.expected} that a "
                    f"{target} is expected to show, so a fresh rating would not change this "
                    "case.")
        said = (f"They may put it at {reach} or {upto}" if upto > reach
                else f"At most they put it at {reach}")
        gap = (f"{row.expected - upto} or {row.expected - reach}" if upto > reach
               else f"{row.expected - reach}")
        return (text + f" {said}, still {gap} below the "
                f"{target} expectation of {row.expected}, so a fresh rating would not change "
                "this case.")
    if way == "higher":
        return (text + f" They put it at {reach}, at the {target} expectation: the case may be "
                "stronger than the rating says.")
    return text + f" They put it as low as {reach}: the case may be weaker than the rating says."


def _whose(report: Readiness) -> str:
    """Whose ratings these are, worded from what is on record: one assessment or two, a
    self-review, colleagues (named only when there are some)."""
    ratings = ("The ratings are yours, from your last two assessments" if len(report.dates) > 1
               else f"The ratings are yours, from your assessment of {report.dates[0]}"
               if report.dates else "The ratings will be yours, from your assessments")
    own = any(r.self_rating is not None for r in report.rows)
    peers = any(r.peer_ratings for r in report.rows)
    beside = ("the self-assessment's and colleagues' ratings" if own and peers
              else "the self-assessment's ratings" if own else "colleagues' ratings" if peers else "")
    text = (f"{ratings}; {beside} stand beside them and are never averaged in." if beside
            else f"{ratings}; no self-assessment or colleague's rating is on record yet.")
    return text + (" For you only: colleagues are named here." if peers else "")


def readiness_text(report: Readiness) -> str:
    first = _first(report)
    lines = [f"{report.name} ({report.level_name}): readiness for {report.target_name}",
             _summary(report), _whose(report), ""]
    for state, heading in _HEADINGS.items():
        rows = report.of(state)
        if not rows:
            continue
        if state == "not-assessed":
            lines += [f"{heading}: {', '.join(r.name for r in rows)}", ""]
            continue
        lines.append(heading.format(target=report.target_name) + ":")
        for row in rows:
            lines.append(f"  {row.name}: {_ratings(row, common_expected(report))}")
            lines.extend(f"      {line}" for line in _evidence_lines(row, first=first))
        lines.append("")
    ahead = forward(report)
    if ahead:
        lines += ["What would move the case forward:", *(f"  - {line}" for line in ahead), ""]
    lines.append("Kept apart from the coaching plan: the plan works toward the current level.")
    return "\n".join(lines) + "\n"


def readiness_markdown(report: Readiness) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("<", "&lt;")

    lines = [f"# Readiness for {esc(report.target_name)}: {esc(report.name)}", "",
             f"{esc(report.level_name)} today. {esc(_summary(report))}", "", _whose(report), ""]
    first = _first(report)
    for state, heading in _HEADINGS.items():
        rows = report.of(state)
        if not rows:
            continue
        lines += [f"## {esc(heading.format(target=report.target_name))}", ""]
        if state == "not-assessed":
            lines += [", ".join(esc(r.name) for r in rows) + ".", ""]
            continue
        for row in rows:
            lines.append(f"- **{esc(row.name)}**: {_ratings(row, common_expected(report))}")
            lines.extend(f"  - {esc(line)}"
                         for line in _evidence_lines(row, for_a_case=True, first=first))
        lines.append("")
    ahead = forward(report)
    if ahead:
        lines += ["## What would move the case forward", "", *(f"- {esc(x)}" for x in ahead), ""]
    return "\n".join(lines)


def _first(report: Readiness) -> str:
    """The PM's first name, as the summary addresses the manager about them."""
    return (report.name.split() or [""])[0]
