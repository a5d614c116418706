"""Batch benchmark: `spinerecov batch` on generated lists, every format, --jobs 1 and --jobs 2, side by side.

Run by hand (never part of the test suite):
python benchmarks/batch.py [--sizes 1000,10000,100000] [--formats markdown,json,ics] [--jobs 1,2]
    [--big-formats markdown]

Each run is a fresh process, timed end to end (start-up, one knowledge-base
load, every plan personalised, dated, rendered and written, one sync at the
end), into a folder of its own. Peak memory is the largest resident set of the
batch process or any of its workers. The plans are kept until the end: on this
machine's ext4 (with discard), creating a file in space freed by a deletion,
even a minute before, costs about ten times the kernel time of creating one in
fresh space, so deleting one run's plans before the next would measure the
file system's history. --reuse-space does exactly that, to see it. Targets on a 2-core machine (issue
20): markdown at most 1.0 ms a plan with --jobs 1; JSON, calendar and HTML at most 2x a markdown
plan; --jobs 2 at least 1.6x faster than --jobs 1 on 10,000 plans; peak memory under 150 MiB for
100,000 plans.
"""

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROCEDURES = ["miss", "endoscopic", "tubular", "mis-fusion", "open-discectomy", "open-fusion", "tlif", "feld"]
MEASURE = (
    "import resource, subprocess, sys, time; start = time.perf_counter();"
    " subprocess.run(sys.argv[1:], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
    " print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def write_patients(path: Path, count: int) -> None:
    """A reproducible patient list with every factor column, some left empty."""
    chance = random.Random(20261121)
    start = dt.date(2026, 12, 1)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        columns = ["id", "procedure", "date", "age", "smoker", "diabetes", "bmi", "job", "nerve-damage", "health"]
        writer.writerow(columns)
        for number in range(count):
            writer.writerow(
                [
                    f"p{number:06d}",
                    chance.choice(PROCEDURES),
                    (start + dt.timedelta(days=chance.randrange(60))).isoformat(),
                    chance.choice(["", str(chance.randrange(25, 90))]),
                    chance.choice(["", "yes", "no"]),
                    chance.choice(["", "yes", "no"]),
                    chance.choice(["", f"{chance.uniform(18, 42):.1f}"]),
                    chance.choice(["", "desk", "light", "manual", "heavy"]),
                    chance.choice(["", "yes"]),
                    chance.choice(["", "good", "fair", "poor"]),
                ]
            )


def remove_output(out_dir: Path) -> None:
    """Delete a run's plans and flush the deletion, so the next run does not pay for it (discard, journal)."""
    shutil.rmtree(out_dir, ignore_errors=True)
    os.sync()


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak MiB) of one batch run in a fresh measuring process."""
    measured = [sys.executable, "-c", MEASURE, *command]
    done = subprocess.run(measured, env=env, capture_output=True, text=True, check=True)
    seconds, peak_kib = done.stdout.split()
    return float(seconds), int(peak_kib) / 1024


def run_and_keep(
    base: list[str], patients: Path, out_dir: Path, options: list[str], env: dict[str, str], reuse_space: bool
) -> tuple[float, float]:
    """(seconds, peak MiB) of one batch into `out_dir`; the plans stay until the end unless `reuse_space`."""
    measured = run_once([*base, "batch", str(patients), "-o", str(out_dir), *options], env)
    if reuse_space:
        remove_output(out_dir)
    return measured


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--formats", default="markdown,json,ics")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--big-formats", default="markdown", help="formats also run at sizes over 10,000")
    parser.add_argument("--json-out", help="also write the figures to this JSON file")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each size up to 10,000 (the fastest is reported; default 3)"
    )
    parser.add_argument(
        "--reuse-space",
        action="store_true",
        help="delete each run's plans (and flush) before the next, so runs create files in space just freed",
    )
    args = parser.parse_args()
    tool = Path(sys.executable).with_name("spinerecov")
    base = [str(tool)] if tool.exists() else [sys.executable, "-m", "spinerecov"]
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    results: dict[tuple[int, str, int], tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as scratch:
        env["SPINERECOV_CACHE_DIR"] = str(Path(scratch, "cache"))
        for size in (int(s) for s in args.sizes.split(",")):
            patients = Path(scratch, f"patients-{size}.csv")
            write_patients(patients, size)
            formats = args.formats.split(",") if size <= 10_000 else args.big_formats.split(",")
            for plan_format in formats:
                for jobs in (int(j) for j in args.jobs.split(",")):
                    options = ["--format", plan_format, "--today", "2026-11-21", "--jobs", str(jobs)]
                    options += ["--shard"] if size > 10_000 else []
                    plans = f"plans-{size}-{plan_format}-{jobs}"
                    if size == min(int(s) for s in args.sizes.split(",")):
                        # Bytecode and the knowledge-base cache are warm after this run.
                        run_and_keep(base, patients, Path(scratch, f"{plans}-warm-up"), options, env, args.reuse_space)
                    runs = [
                        run_and_keep(
                            base, patients, Path(scratch, f"{plans}-{attempt}"), options, env, args.reuse_space
                        )
                        for attempt in range(args.repeat if size <= 10_000 else 1)
                    ]
                    # The fastest run is the one the rest of the machine disturbed least; memory is the largest seen.
                    results[size, plan_format, jobs] = min(r[0] for r in runs), max(r[1] for r in runs)
                    seconds = results[size, plan_format, jobs][0]
                    each = ", ".join(f"{r[0]:.2f}" for r in runs)
                    print(
                        f"{size:>7} {plan_format:<8} --jobs {jobs}: {seconds:7.2f} s ({each})",
                        file=sys.stderr,
                        flush=True,
                    )
    report(results)
    if args.json_out:
        names = ("size", "format", "jobs", "seconds", "peak_mib")
        rows = [dict(zip(names, (*key, *value), strict=True)) for key, value in results.items()]
        Path(args.json_out).write_text(json.dumps(rows, indent=2) + "\n")
    return 0


def report(results: dict[tuple[int, str, int], tuple[float, float]]) -> None:
    """A table: per-plan cost, the ratio to markdown, the speed-up of --jobs 2, peak memory."""
    print("| patients | format | jobs | total | per plan | vs markdown | jobs 2 speed-up | peak memory |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for (size, plan_format, jobs), (seconds, peak) in results.items():
        markdown = results.get((size, "markdown", jobs))
        ratio = f"{seconds / markdown[0]:.2f}x" if markdown else ""
        one = results.get((size, plan_format, 1))
        speed = f"{one[0] / seconds:.2f}x" if one and jobs != 1 else ""
        print(
            f"| {size:,} | {plan_format} | {jobs} | {seconds:.2f} s | {seconds / size * 1000:.3f} ms |"
            f" {ratio} | {speed} | {peak:.0f} MiB |"
        )


if __name__ == "__main__":
    sys.exit(main())
