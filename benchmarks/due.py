"""`spinerecov due` benchmark: who is due in a week, on a generated list, every output, --jobs 1 and --jobs 2.

Run by hand (never part of the test suite):
python benchmarks/due.py [--sizes 10000,100000] [--outputs text,csv,json] [--jobs 1,2] [--rounds 3]

Each run is a fresh process, timed end to end (start-up, one knowledge-base
load, every row read and checked, each plan shape's dates worked out once, the
week's events found and printed to /dev/null). The list is the one
benchmarks/batch.py generates (every factor column, some empty; surgery dates
over 60 days), so about a third of its patients have something due in the
week. Target (issue 21): 100,000 patients in under 10 s on the 2-core machine.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import run_once, write_patients  # noqa: E402 - the benchmark folder is not a package

WEEK_OF = "2026-12-16"
OUTPUTS = {"text": [], "csv": ["--format", "csv"], "json": ["--json"]}


def main() -> None:
    """Time each (size, output, jobs) and print a markdown table of medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--outputs", default="text,csv,json")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    spinerecov = str(Path(sys.executable).with_name("spinerecov"))
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "SPINERECOV_CACHE_DIR": str(Path(folder) / "cache")}
        subprocess.run([spinerecov, "procedures"], env=env, capture_output=True, check=True)  # fill the cache
        print("| patients | output | --jobs | median s | µs a patient | peak MiB |")
        print("|---|---|---|---|---|---|")
        for size in (int(text) for text in arguments.sizes.split(",")):
            patients = Path(folder) / f"patients-{size}.csv"
            write_patients(patients, size)
            for output in arguments.outputs.split(","):
                for jobs in arguments.jobs.split(","):
                    command = [spinerecov, "due", str(patients), "--week-of", WEEK_OF, "--jobs", jobs]
                    runs = [run_once([*command, *OUTPUTS[output]], env) for _round in range(arguments.rounds)]
                    seconds = statistics.median(run[0] for run in runs)
                    peak = max(run[1] for run in runs)
                    print(f"| {size:,} | {output} | {jobs} | {seconds:.2f} | {seconds / size * 1e6:.0f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
