"""Build a director's repository of team exports, for the ``pmkit org`` benchmark and tests.

Each manager's team is synthetic but goes through pmkit's own code: PMs become gap
reports (:func:`pmkit.model.gaps.compute_gaps`) and the team becomes an export
(:func:`pmkit.org.aggregate.build_aggregate`), exactly what ``pmkit export`` writes. Every
manager commits an export a quarter ago and one today, so trends have a history to read.
Some managers rate leniently and some harshly, so calibration has something to find.

    python benchmarks/org_repo.py DIR [--managers 50] [--pms 50]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
from pathlib import Path

LEVELS = ["apm", "pm", "pm", "pm", "senior", "senior", "lead"]


def _index(model: str = "pm-wheel"):  # type: ignore[no-untyped-def]
    from pmkit.loading import load_file
    from pmkit.model.index import ModelIndex
    from pmkit.model.schema import CompetencyModel
    from pmkit.shipped import data_dir

    path = data_dir("models") / f"{model}.yaml"
    return ModelIndex(load_file(path, path.name, CompetencyModel).obj)


def synthetic_export(index, manager: str, pms: int, today: dt.date, seed: int,  # type: ignore[no-untyped-def]
                     lean: int = 0) -> dict:
    """One team's export: ``pms`` PMs rated around their level's target, shifted by ``lean``."""
    from pmkit.model.gaps import compute_gaps
    from pmkit.model.schema import Assessment, Person
    from pmkit.org.aggregate import build_aggregate
    from pmkit.team import Movement, PersonRow, TeamReport, common_gap_threshold

    rng = random.Random(seed)
    low, high = index.low, index.high
    people = []
    for n in range(pms):
        level = LEVELS[n % len(LEVELS)]
        ratings = {}
        for placed in index.placed:
            target = placed.competency.expected[level]
            ratings[placed.competency.id] = max(low, min(high, target - rng.choice([0, 0, 1, 1, 2]) + lean))
        assessed = today - dt.timedelta(days=rng.randint(5, 130))
        person = Person(name=f"PM {n}", level=level,
                        assessment=Assessment(date=assessed, model_version=index.model.version,
                                              ratings=ratings))
        report = compute_gaps(f"pm-{n:03d}", person, index, today=today)
        if (today - assessed).days > 90:
            move = Movement("stalled", since=assessed, points=0, total_gap_change=0.0, recent=0)
        else:
            points = rng.choice([-1, 0, 1, 1, 2, 3])
            trend = "improving" if points > 0 else "declining" if points < 0 else "stalled"
            ids = [p.competency.id for p in index.placed]
            move = Movement(trend, since=assessed - dt.timedelta(days=90), points=points, recent=1,
                            improved=tuple(ids[:max(points, 0)]),
                            declined=tuple(ids[-1:] if points < 0 else ()))
        last = today - dt.timedelta(days=rng.randint(1, 30))
        people.append(PersonRow(f"pm-{n:03d}", report, last, (today - last).days > 14, move))
    team = TeamReport(today, people, common_gap_threshold(pms), [], 7, 90, manager,
                      index.model.name, index.model.version)
    return build_aggregate(team, index, (), team=f"{manager}'s team")


def _git(root: Path, *args: str, when: dt.date | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"GIT_AUTHOR_NAME": "Director", "GIT_AUTHOR_EMAIL": "director@example.com",
                "GIT_COMMITTER_NAME": "Director", "GIT_COMMITTER_EMAIL": "director@example.com",
                "GIT_CONFIG_NOSYSTEM": "1"})
    if when is not None:
        stamp = f"{when.isoformat()}T09:00:00+00:00"
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = stamp
    subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                   cwd=root, env=env, check=True, capture_output=True)


def build_org_repo(root: Path, managers: int = 50, pms: int = 50, seed: int = 11) -> Path:
    """A git repository with ``exports/<manager>.json`` per manager, committed twice each."""
    index = _index()
    root.mkdir(parents=True, exist_ok=True)
    (root / "exports").mkdir(exist_ok=True)
    _git(root, "init", "--quiet")
    today = dt.date.today()
    leans = [0] * managers
    for n in range(0, managers, 7):
        leans[n] = 1  # a lenient rater
    for n in range(3, managers, 11):
        leans[n] = -1  # a harsh one
    for round_no, when in enumerate((today - dt.timedelta(days=91), today)):
        for m in range(managers):
            name = f"manager-{m:02d}"
            data = synthetic_export(index, f"Manager {m:02d}", pms, when, seed + 1000 * round_no + m,
                                    leans[m])
            path = root / "exports" / f"{name}.json"
            path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
            _git(root, "add", str(path.relative_to(root)))
            _git(root, "commit", "--quiet", "-m", f"{name}: export of {when.isoformat()}", when=when)
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--managers", type=int, default=50)
    parser.add_argument("--pms", type=int, default=50)
    args = parser.parse_args()
    build_org_repo(args.folder, args.managers, args.pms)
    print(f"built {args.folder}: {args.managers} managers x {args.pms} PMs, two exports each")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
