"""Measure pmkit at the size of a real team, as ratios to Python's own start-up.

Builds two synthetic workspaces with ``git fast-import`` (seconds, not minutes) on the
shipped pm-wheel model, created by ``pmkit init``:

* 50 PMs with 36 monthly assessments each (1,800 commits), and
* 500 PMs with 36 monthly assessments each (18,000 commits);

then runs each command as a whole process: a warm-up run, then the median wall time of
several runs (interleaved with the other commands), and the peak resident memory of any
of those runs. Every figure is compared with a
floor measured in the same run, so the targets hold on a slow machine and a fast one.

    python benchmarks/bench.py            # full run (9 timed runs per command)
    python benchmarks/bench.py --quick    # fewer runs, same targets
    python benchmarks/bench.py --keep DIR # build the workspaces in DIR and keep them

Cold figures (no cache: the first run after a clone) are printed for information; the
targets are for the warm state that every run after the first is in.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
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
IDENTITY = {
    "GIT_AUTHOR_NAME": "Bench Manager", "GIT_AUTHOR_EMAIL": "manager@example.com",
    "GIT_COMMITTER_NAME": "Bench Manager", "GIT_COMMITTER_EMAIL": "manager@example.com",
}


# --- the commands under test ----------------------------------------------------------------


def pmkit_command() -> list[str]:
    """The installed console script next to this Python, else ``python -m pmkit``."""
    script = Path(sys.executable).parent / "pmkit"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "pmkit"]


def bench_env(home: Path) -> dict[str, str]:
    # Byte-code caching on, as in any installed package: the warm-up run writes it.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PMKIT_", "GIT_"))
           and k not in {"COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE"}}
    env.update(IDENTITY)
    env["HOME"] = str(home)
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_CONFIG_GLOBAL"] = str(home / ".gitconfig")
    return env


# --- building a synthetic team ----------------------------------------------------------------


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


def _git(root: Path, env: dict[str, str], *args: str, data: bytes | None = None) -> str:
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
    branch = _git(root, env, "symbolic-ref", "--short", "HEAD").strip()
    parent = _git(root, env, "rev-parse", "HEAD").strip()

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

    _git(root, env, "fast-import", "--quiet", data=b"".join(chunks))
    _git(root, env, "read-tree", "-u", "--reset", "HEAD")
    return Built(root, people, mark, time.perf_counter() - started)


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Measure:
    label: str
    median: float
    runs: list[float]
    peak_mib: float
    note: str = ""


def run_once(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MiB, exit code) of one whole process."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 and proc.stderr is not None:
        sys.stderr.write(proc.stderr.read().decode(errors="replace"))
    if proc.stderr is not None:
        proc.stderr.close()
    return wall, usage.ru_maxrss / 1024, proc.returncode


def measure_all(commands: list[tuple[str, list[str], Path]], env: dict[str, str],
                runs: int) -> dict[str, Measure]:
    """A warm-up run of each command, then ``runs`` rounds that run every command once:
    interleaved, so a change in the machine's load touches every figure alike."""
    peaks: dict[str, float] = {label: 0.0 for label, _, _ in commands}
    times: dict[str, list[float]] = {label: [] for label, _, _ in commands}
    failed: dict[str, str] = {}
    for label, argv, cwd in commands:
        # Fills the caches (its memory is the cold figure, reported apart) and the disk cache.
        _, _, code = run_once(argv, cwd, env)
        if code != 0:
            failed[label] = f"failed (exit {code})"
    for _ in range(runs):
        for label, argv, cwd in commands:
            if label in failed:
                continue
            wall, rss, _ = run_once(argv, cwd, env)
            times[label].append(wall)
            peaks[label] = max(peaks[label], rss)
    return {label: Measure(label, statistics.median(times[label]) if times[label] else float("nan"),
                           times[label], peaks[label], failed.get(label, ""))
            for label, _, _ in commands}


def clear_caches(root: Path) -> None:
    """Delete everything pmkit keeps in .git/pmkit (parse, history and render caches)."""
    folder = root / ".git" / "pmkit"
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.suffix == ".json":
                entry.unlink()


def cold(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    clear_caches(cwd)
    wall, rss, _ = run_once(argv, cwd, env)
    return wall, rss


def has_command(name: str, env: dict[str, str]) -> bool:
    done = subprocess.run([*pmkit_command(), name, "--help"], env=env, capture_output=True,
                          check=False)
    return done.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 timed runs instead of 9")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per command")
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the workspaces in this folder and keep them")
    parser.add_argument("--no-500", action="store_true", help="skip the 500-PM workspace")
    parser.add_argument("--build-into", nargs=2, metavar=("DIR", "PMS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_into:
        # Run as a child, so the measuring process stays small: a child forked from a
        # large parent would report the parent's memory as its own peak.
        built = build_workspace(Path(args.build_into[0]), int(args.build_into[1]),
                                bench_env(Path(os.environ["HOME"])))
        print(f"{built.commits} {built.seconds:.2f}")
        return 0
    runs = args.runs or (5 if args.quick else 9)

    base = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="pmkit-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    home = base / "home"
    home.mkdir(exist_ok=True)
    (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
    env = bench_env(home)
    try:
        return run_benchmark(base, env, runs, args)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


def run_benchmark(base: Path, env: dict[str, str], runs: int, args: argparse.Namespace) -> int:
    print(f"pmkit benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
          f"{runs} timed runs per command after one warm-up\n")
    workspaces: dict[int, Built] = {}
    for size in (50,) if args.no_500 else (50, 500):
        root = base / f"team-{size}"
        if (root / "pmkit.yaml").is_file():
            commits = int(_git(root, env, "rev-list", "--count", "HEAD"))
            workspaces[size] = Built(root, size, commits, 0.0)
            print(f"reusing {root} ({commits} commits)")
            continue
        done = subprocess.run([sys.executable, __file__, "--build-into", str(root), str(size)],
                              env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"building the {size}-PM workspace failed:\n{done.stderr}")
        commits, seconds = done.stdout.split()
        built = Built(root, size, int(commits), float(seconds))
        workspaces[size] = built
        print(f"built {size} PMs x {MONTHS} assessments: {built.commits} commits "
              f"in {built.seconds:.1f} s")
    print()

    pmkit = pmkit_command()
    py = sys.executable
    ws50 = workspaces[50].root
    pm = "pm-007"
    commands: list[tuple[str, list[str], Path]] = [
        ("python -c 'import typer'", [py, "-c", "import typer"], base),
        ("import floor", [py, "-c", "import typer, pydantic, ruamel.yaml, jinja2"], base),
        ("pmkit --help", [*pmkit, "--help"], ws50),
    ]
    plan_ok = has_command("plan", env)
    if plan_ok:
        commands.append((f"pmkit plan {pm} --stdout", [*pmkit, "plan", pm, "--stdout"], ws50))
    commands += [
        (f"pmkit gaps {pm} --format json", [*pmkit, "gaps", pm, "--format", "json"], ws50),
        (f"pmkit history {pm} --format json", [*pmkit, "history", pm, "--format", "json"], ws50),
        ("pmkit team --format json (50 PMs)", [*pmkit, "team", "--format", "json"], ws50),
    ]
    if 500 in workspaces:
        commands.append(("pmkit team --format json (500 PMs)", [*pmkit, "team", "--format", "json"],
                         workspaces[500].root))
    results = measure_all(commands, env, runs)

    bases = {"typer": results["python -c 'import typer'"].median,
             "floor": results["import floor"].median,
             "50-PM team": results["pmkit team --format json (50 PMs)"].median}
    # label -> (what it is compared with, the largest ratio allowed, a memory limit in MiB)
    targets: dict[str, tuple[str, float, float | None]] = {"pmkit --help": ("typer", 1.2, None)}
    if plan_ok:
        targets[f"pmkit plan {pm} --stdout"] = ("floor", 1.3, None)
    targets[f"pmkit gaps {pm} --format json"] = ("floor", 1.3, None)
    targets[f"pmkit history {pm} --format json"] = ("floor", 1.5, None)
    targets["pmkit team --format json (50 PMs)"] = ("floor", 2.0, None)
    if 500 in workspaces:
        targets["pmkit team --format json (500 PMs)"] = ("50-PM team", 10.0, 150.0)

    header = (f"{'command':<40} {'median ms':>10} {'peak MiB':>9} {'ratio':>7}  "
              f"{'target':<27} result")
    print(header)
    print("-" * len(header))
    failures = 0
    for label, m in results.items():
        if label not in targets:
            note = "(the floor)" if label == "import floor" else ""
            print(f"{label:<40} {m.median * 1000:>10.1f} {m.peak_mib:>9.1f} {'':>7}  {note}".rstrip())
            continue
        versus, limit, mem = targets[label]
        ratio = m.median / bases[versus] if bases[versus] else float("nan")
        ok = ratio <= limit and (mem is None or m.peak_mib < mem)
        target = f"<= {limit:g}x {versus}" + (f", < {mem:g} MiB" if mem else "")
        failures += 0 if ok else 1
        print(f"{label:<40} {m.median * 1000:>10.1f} {m.peak_mib:>9.1f} {ratio:>6.2f}x  "
              f"{target:<27} {'PASS' if ok else 'FAIL'}{'  ' + m.note if m.note else ''}")
    if not plan_ok:
        print(f"{'pmkit plan ' + pm + ' --stdout':<40} {'skipped: no plan command in this build':>10}")

    print("\nCold runs (caches in .git/pmkit deleted first; one run each, for information):")
    cold_runs = [
        (f"pmkit gaps {pm} --format json", [*pmkit, "gaps", pm, "--format", "json"], ws50),
        (f"pmkit history {pm} --format json", [*pmkit, "history", pm, "--format", "json"], ws50),
        ("pmkit team --format json (50 PMs)", [*pmkit, "team", "--format", "json"], ws50),
    ]
    if 500 in workspaces:
        cold_runs.append(("pmkit team --format json (500 PMs)", [*pmkit, "team", "--format", "json"],
                          workspaces[500].root))
    for label, argv, cwd in cold_runs:
        wall, rss = cold(argv, cwd, env)
        print(f"  {label:<40} {wall * 1000:>10.1f} ms {rss:>8.1f} MiB")
        run_once(argv, cwd, env)  # leave the cache warm again
    print(f"\n{len(targets) - failures} of {len(targets)} targets met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
