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

Rows marked 'cold:' delete pmkit's store (.git/pmkit) before each run: the first run
after a clone, a new laptop or an upgrade. `--with-2000` adds a 2,000-PM workspace
(72,000 commits) for the scale row.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from team_repo import MONTHS, Built, build_workspace, git, pmkit_command

IDENTITY = {
    "GIT_AUTHOR_NAME": "Bench Manager", "GIT_AUTHOR_EMAIL": "manager@example.com",
    "GIT_COMMITTER_NAME": "Bench Manager", "GIT_COMMITTER_EMAIL": "manager@example.com",
}


# --- the environment every command runs in -------------------------------------------------


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


@dataclass
class Command:
    label: str
    argv: list[str]
    cwd: Path
    prepare: Callable[[], None] | None = None  # run before each timed run (not timed)
    same_as: str | None = None  # a cold row: the warm row whose output it must repeat


def output_of(c: Command, env: dict[str, str]) -> bytes:
    """What one (untimed) run of the command prints on standard output."""
    if c.prepare:
        c.prepare()
    return subprocess.run(c.argv, cwd=c.cwd, env=env, capture_output=True, check=False).stdout


def differing_outputs(commands: list[Command], env: dict[str, str]) -> list[str]:
    """The cold rows whose output is not byte for byte their warm row's."""
    by_label = {c.label: c for c in commands}
    return [c.label for c in commands
            if c.same_as and output_of(c, env) != output_of(by_label[c.same_as], env)]


def measure_all(commands: list[Command], env: dict[str, str], runs: int) -> dict[str, Measure]:
    """A warm-up run of each command, then ``runs`` rounds that run every command once:
    interleaved, so a change in the machine's load touches every figure alike. A cold
    command's ``prepare`` empties pmkit's store before each of its runs."""
    peaks: dict[str, float] = {c.label: 0.0 for c in commands}
    times: dict[str, list[float]] = {c.label: [] for c in commands}
    failed: dict[str, str] = {}
    for c in commands:
        # Fills the caches and the disk cache (byte code, git's pack files).
        if c.prepare:
            c.prepare()
        _, _, code = run_once(c.argv, c.cwd, env)
        if code != 0:
            failed[c.label] = f"failed (exit {code})"
    for _ in range(runs):
        for c in commands:
            if c.label in failed:
                continue
            if c.prepare:
                c.prepare()
            wall, rss, _ = run_once(c.argv, c.cwd, env)
            times[c.label].append(wall)
            peaks[c.label] = max(peaks[c.label], rss)
    return {c.label: Measure(c.label, statistics.median(times[c.label]) if times[c.label]
                             else float("nan"), times[c.label], peaks[c.label],
                             failed.get(c.label, ""))
            for c in commands}


def clear_caches(root: Path) -> None:
    """Delete everything pmkit keeps in .git/pmkit: the first run after a clone."""
    shutil.rmtree(root / ".git" / "pmkit", ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 timed runs instead of 9")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per command")
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the workspaces in this folder and keep them")
    parser.add_argument("--no-500", action="store_true", help="skip the 500-PM workspace")
    parser.add_argument("--with-2000", action="store_true",
                        help="also build a 2,000-PM workspace (72,000 commits) for the scale row")
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
    sizes = (50,) if args.no_500 else (50, 500, 2000) if args.with_2000 else (50, 500)
    for size in sizes:
        root = base / f"team-{size}"
        if (root / "pmkit.yaml").is_file():
            commits = int(git(root, env, "rev-list", "--count", "HEAD"))
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
    demo_dir = base / "demo"
    org_root = base / "org-50x50"
    if not (org_root / "exports").is_dir():
        # A director's repository: 50 managers' exports of 50 PMs each, two exports each.
        done = subprocess.run([sys.executable, str(Path(__file__).with_name("org_repo.py")),
                               str(org_root), "--managers", "50", "--pms", "50"],
                              env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"building the organisation repository failed:\n{done.stderr}")
        print(done.stdout.strip())

    def cold_copy(root: Path) -> Path:
        """Cold rows run on a copy, so clearing its store never cools the warm rows."""
        copy = root.with_name(root.name + "-cold")
        if not copy.is_dir():
            shutil.copytree(root, copy, symlinks=True)
        return copy

    def cold_in(root: Path) -> Callable[[], None]:
        return lambda: clear_caches(root)

    cold50 = cold_copy(ws50)

    commands = [
        Command("python -c 'import typer'", [py, "-c", "import typer"], base),
        Command("import floor", [py, "-c", "import typer, pydantic, ruamel.yaml, jinja2"], base),
        Command("pmkit --help", [*pmkit, "--help"], ws50),
        Command(f"pmkit plan {pm} --stdout", [*pmkit, "plan", pm, "--stdout"], ws50),
        Command(f"pmkit gaps {pm} --format json", [*pmkit, "gaps", pm, "--format", "json"], ws50),
        Command(f"pmkit history {pm} --format json", [*pmkit, "history", pm, "--format", "json"],
                ws50),
        Command("pmkit team --format json (50 PMs)", [*pmkit, "team", "--format", "json"], ws50),
        Command(f"cold: pmkit plan {pm} --stdout", [*pmkit, "plan", pm, "--stdout"], cold50,
                cold_in(cold50), f"pmkit plan {pm} --stdout"),
        Command(f"cold: pmkit gaps {pm} --format json", [*pmkit, "gaps", pm, "--format", "json"],
                cold50, cold_in(cold50), f"pmkit gaps {pm} --format json"),
        Command("cold: pmkit team (50 PMs)", [*pmkit, "team", "--format", "json"], cold50,
                cold_in(cold50), "pmkit team --format json (50 PMs)"),
        Command("pmkit demo", [*pmkit, "demo", str(demo_dir)], base,
                lambda: shutil.rmtree(demo_dir, ignore_errors=True)),
        Command("pmkit org (50 teams x 50 PMs)", [*pmkit, "org", str(org_root), "--format", "json"],
                base),
    ]
    for size in (500, 2000):
        if size in workspaces:
            root = workspaces[size].root
            commands.append(Command(f"pmkit team --format json ({size} PMs)",
                                    [*pmkit, "team", "--format", "json"], root))
    if 500 in workspaces:
        cold500 = cold_copy(workspaces[500].root)
        commands.append(Command("cold: pmkit team (500 PMs)", [*pmkit, "team", "--format", "json"],
                                cold500, cold_in(cold500), "pmkit team --format json (500 PMs)"))
    results = measure_all(commands, env, runs)

    bases = {"typer": results["python -c 'import typer'"].median,
             "floor": results["import floor"].median,
             "50-PM team": results["pmkit team --format json (50 PMs)"].median}
    if 500 in workspaces:
        bases["500-PM team"] = results["pmkit team --format json (500 PMs)"].median
    # label -> (what it is compared with, the largest ratio allowed, a memory limit in MiB)
    targets: dict[str, tuple[str, float, float | None]] = {
        "pmkit --help": ("typer", 1.2, None),
        f"pmkit plan {pm} --stdout": ("floor", 1.3, None),
        f"pmkit gaps {pm} --format json": ("floor", 1.3, None),
        f"pmkit history {pm} --format json": ("floor", 1.5, None),
        "pmkit team --format json (50 PMs)": ("floor", 2.0, None),
        f"cold: pmkit plan {pm} --stdout": ("floor", 1.5, None),
        f"cold: pmkit gaps {pm} --format json": ("floor", 1.5, None),
        "cold: pmkit team (50 PMs)": ("floor", 2.5, None),
        "pmkit demo": ("floor", 3.0, None),
        "pmkit org (50 teams x 50 PMs)": ("floor", 2.0, None),
    }
    if 500 in workspaces:
        targets["pmkit team --format json (500 PMs)"] = ("50-PM team", 10.0, 150.0)
        targets["cold: pmkit team (500 PMs)"] = ("500-PM team", 3.0, 60.0)
    if 2000 in workspaces:
        targets["pmkit team --format json (2000 PMs)"] = ("500-PM team", 4.5, None)

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
    print("\n'cold:' runs start with .git/pmkit deleted, as after a clone or an upgrade.")
    differing = differing_outputs(commands, env)
    for label in differing:
        print(f"FAIL: the output of '{label}' differs from its warm run's")
    cold_rows = sum(1 for c in commands if c.same_as)
    print(f"{cold_rows - len(differing)} of {cold_rows} cold outputs byte for byte the warm ones")
    print(f"{len(targets) - failures} of {len(targets)} targets met")
    return 1 if failures or differing else 0


if __name__ == "__main__":
    sys.exit(main())
