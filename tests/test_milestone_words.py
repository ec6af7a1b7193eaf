"""A proposed milestone that restates where the PM already is gets a word to the manager on
the terminal of `plan`, never a line in the PM's plan."""

from __future__ import annotations

from pathlib import Path

from doc_team import ok

from pmkit.documents.goal_match import restating

from helpers import invoke

NOW = ("Answers most everyday usage questions alone, sets success measures before launches "
       "and checks them after, and flags data that looks wrong.")
NEXT = ("Combines several data sources to explain behavior, such as where people drop out of "
        "a flow and how different groups of users behave; gets tracking added before it is "
        "needed.")


def _area(*texts: str, rating: int = 5, target: int = 6) -> dict[str, object]:
    return {"name": "Data knowledge", "rating": rating, "target": target, "rating_text": NOW,
            "target_text": NEXT, "milestones": [
                {"date": f"2027-01-{10 + i}", "text": t} for i, t in enumerate(texts)]}


def test_a_milestone_in_the_current_lines_words_is_named_for_rewording() -> None:
    old = ("Three everyday usage questions answered with self-built queries or reports, and a "
           "baseline written down before the next feature starts development.")
    new = "A funnel built from two data sources showing where users drop out of the flow."
    said = restating(_area(old, new), "Omar")
    assert said == ["On Data knowledge, the proposed milestone of 2027-01-10 reads like the "
                    "line for 5, where Omar is already: reword it toward the line for 6 "
                    "(“Combines several data sources to …”) before you share the plan."]
    assert restating(_area(new), "Omar") == []
    # At or above target (a stretch is worded by its own rubric): nothing to say.
    assert restating(_area(old, rating=6, target=6), "Omar") == []


def test_plan_says_it_on_the_terminal_only(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    ok(["init", str(root), "--manager", "Sam Okafor", "--model", "svpg"])
    w = ["-w", str(root)]
    ok([*w, "add", "omar", "--name", "Omar Haddad", "--level", "pm"])
    ok([*w, "assess", "omar", "--set", "customer-knowledge=4", "--set", "discovery-techniques=3",
        "--set", "data-knowledge=5", "--set", "stakeholder-management=8", "--set",
        "industry-domain=9", "--set", "team-collaboration=6", "--date", "2026-11-25"])
    done = invoke([*w, "plan", "omar"])
    assert done.exit_code == 0, done.stderr
    assert "On Data knowledge, the proposed milestone" in done.stdout
    assert "where Omar is already" in done.stdout
    plan = (root / "plans" / "omar.md").read_text(encoding="utf-8")
    assert "where Omar is already" not in plan and "reword" not in plan
