"""Build the benchmark's synthetic team: a pmkit workspace with years of assessments in git.

Every PM gets 36 monthly assessments, one commit each, written as pmkit writes a person
file (evidence, a quarterly self-assessment, talking points), then a last commit adds a
few 1:1 files per PM, some overdue. The commits go in through ``git fast-import``, so
500 PMs take seconds, not minutes; the workspace itself is made by ``pmkit init`` on the
shipped pm-wheel model. :mod:`bench` measures pmkit on it; tests build the 50-PM team.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

MONTHS = 36
LEVELS = ["apm", "pm", "pm", "pm", "senior", "senior", "lead"]
TALKING_POINTS = [
    "Ask how the roadmap review went",
    "Follow up on the discovery interviews",
    "Plan the next customer visit together",
    "Talk about the stakeholder update",
    "Review the launch metrics",
]
EVIDENCE = [
    "Ran the interview series with the designer",
    "Shipped the onboarding change with the team",
    "Reframed the pricing problem with data",
    "Led the quarterly planning session",
]


def pmkit_command() -> list[str]:
    """The installed console script next to this Python, else ``python -m pmkit``."""
    script = Path(sys.executable).parent / "pmkit"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "pmkit"]


def _yaml_text(value: str) -> str:
    return value if value.replace(" ", "").isalnum() else '"' + value.replace('"', '\\"') + '"'


def person_text(name: str, level: str, since: dt.date, date: dt.date, ratings: dict[str, int],
                evidence: dict[str, str], self_ratings: dict[str, int] | None,
                self_date: dt.date | None, points: list[str]) -> str:
    """A person file as pmkit writes one (schema comment, block mappings, flow details)."""
    lines = ["# yaml-language-server: $schema=../.pmkit/schemas/person.schema.json",
             f"name: {name}", f"level: {level}", f"since: {since.isoformat()}",
             "assessment:", f"  date: {date.isoformat()}", "  model_version: 1", "  ratings:"]
    for cid, rating in ratings.items():
        if cid in evidence:
            lines.append(f"    {cid}: {{rating: {rating}, evidence: {_yaml_text(evidence[cid])}}}")
        else:
            lines.append(f"    {cid}: {rating}")
    if self_ratings and self_date:
        lines += ["self_assessment:", f"  date: {self_date.isoformat()}", "  ratings:"]
        lines += [f"    {cid}: {rating}" for cid, rating in self_ratings.items()]
    if points:
        lines.append("talking_points:")
        lines += [f"  - {p}" for p in points]
    return "\n".join(lines) + "\n"


@dataclass
class Built:
    root: Path
    people: int
    commits: int
    seconds: float


def git(root: Path, env: dict[str, str], *args: str, data: bytes | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=root, env=env, input=data, capture_output=True,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"git {args[0]} failed: {done.stderr.decode(errors='replace')}")
    return done.stdout.decode()


def build_workspace(root: Path, people: int, env: dict[str, str], seed: int = 7) -> Built:
    """``pmkit init``, then every PM's 36 monthly assessments as one commit each."""
    started = time.perf_counter()
    done = subprocess.run([*pmkit_command(), "init", str(root), "--manager", "Bench Manager"],
                          env=env, capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"pmkit init failed: {done.stderr.decode(errors='replace')}")

    from pmkit.model.index import ModelIndex
    from pmkit.workspace import Workspace

    index: ModelIndex = Workspace(root).index
    low, high = index.low, index.high
    branch = git(root, env, "symbolic-ref", "--short", "HEAD").strip()
    parent = git(root, env, "rev-parse", "HEAD").strip()

    rng = random.Random(seed)
    today = dt.date.today()
    first = today - dt.timedelta(days=30 * (MONTHS - 1) + 20)
    handles = [f"pm-{n:03d}" for n in range(1, people + 1)]
    levels = {h: LEVELS[n % len(LEVELS)] for n, h in enumerate(handles)}
    ratings: dict[str, dict[str, int]] = {}
    for h in handles:
        ratings[h] = {}
        for placed in index.placed:
            target = placed.competency.expected[levels[h]]
            ratings[h][placed.competency.id] = max(low, min(high, target - rng.choice([0, 1, 1, 2])))

    chunks: list[bytes] = []
    mark = 0

    def commit(when: dt.datetime, message: str, files: dict[str, str]) -> None:
        nonlocal mark, parent
        mark += 1
        stamp = int(when.replace(tzinfo=dt.UTC).timestamp())
        msg = message.encode()
        head = [f"commit refs/heads/{branch}", f"mark :{mark}",
                f"author Bench Manager <manager@example.com> {stamp} +0000",
                f"committer Bench Manager <manager@example.com> {stamp} +0000",
                f"data {len(msg)}"]
        out = "\n".join(head).encode() + b"\n" + msg + b"\n"
        out += (f"from {parent}\n" if mark == 1 else "").encode()
        for path, text in files.items():
            data = text.encode()
            out += f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n"
        chunks.append(out + b"\n")

    for month in range(MONTHS):
        for n, h in enumerate(handles):
            for cid in ratings[h]:
                roll = rng.random()
                target = index.by_id[cid].competency.expected[levels[h]]
                if roll < 0.06 and ratings[h][cid] <= target:  # growth, mostly towards target
                    ratings[h][cid] = min(high, ratings[h][cid] + 1)
                elif roll < 0.10:
                    ratings[h][cid] = max(low, ratings[h][cid] - 1)
                elif roll < 0.12:
                    ratings[h][cid] = min(high, ratings[h][cid] + 1)
            date = first + dt.timedelta(days=30 * month + n % 20)
            evidence = {cid: rng.choice(EVIDENCE) for cid in rng.sample(list(ratings[h]), 3)}
            self_date = date - dt.timedelta(days=3) if month % 3 == 0 else None
            self_ratings = ({cid: min(high, r + rng.choice([0, 0, 1])) for cid, r in ratings[h].items()}
                            if self_date else None)
            points = rng.sample(TALKING_POINTS, rng.randint(0, 2))
            text = person_text(f"Product Manager {n + 1}", levels[h], first - dt.timedelta(days=400),
                               date, dict(ratings[h]), evidence, self_ratings, self_date, points)
            when = dt.datetime.combine(date, dt.time(9)) + dt.timedelta(seconds=n)
            commit(when, f"assess({h}): monthly assessment", {f"team/{h}.yaml": text})

    oneonones: dict[str, str] = {}
    for n, h in enumerate(handles):
        last = today - dt.timedelta(days=3 + (n % 25))  # some PMs are overdue
        for week in range(3):
            day = last - dt.timedelta(days=7 * week)
            oneonones[f"oneonones/{h}/{day.isoformat()}.md"] = f"# 1:1 with {h}, {day}\n\n- [x] Done\n"
    commit(dt.datetime.combine(today, dt.time(8)), "1:1 notes", oneonones)

    git(root, env, "fast-import", "--quiet", data=b"".join(chunks))
    git(root, env, "read-tree", "-u", "--reset", "HEAD")
    return Built(root, people, mark, time.perf_counter() - started)
