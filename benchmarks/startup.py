"""Start-up benchmark: spinerecov commands against a minimal Typer app.

Times `spinerecov can-i lift --week 4` and `spinerecov timeline --procedure
endoscopic --date 2024-05-01` against a Typer app with one command and one
option, run by the same interpreter, alternating the three commands round
after round so that machine noise hits them alike. Prints the median of each
and the median ratios against the minimal app.

`spinerecov check-in` with its options (saving in a scratch diary) is held
to timeline's target.

Targets: can-i at most 1.15x, timeline and check-in at most 1.35x. This is a benchmark,
not a test: run it by hand (python benchmarks/startup.py [--rounds N]).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL_APP = """\
import typer

app = typer.Typer()


@app.command()
def main(name: str = "world") -> None:
    print(f"hello {name}")


app()
"""

TARGETS = {"can-i": 1.15, "timeline": 1.35, "check-in": 1.35}
"""check-in (with its options, saving in a scratch diary) is held to timeline's target (issue 21)."""


def spinerecov_command() -> list[str]:
    """The installed console script beside this interpreter, else `python -m spinerecov`."""
    script = Path(sys.executable).with_name("spinerecov")
    if script.exists():
        return [str(script)]
    found = shutil.which("spinerecov")
    return [found] if found else [sys.executable, "-m", "spinerecov"]


def time_once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60, help="timed rounds (default 60)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds first (default 3)")
    args = parser.parse_args()

    env = dict(os.environ)
    # A real install ships compiled bytecode; let every command cache its own.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    with tempfile.TemporaryDirectory() as scratch:
        minimal = Path(scratch, "minimal_typer_app.py")
        minimal.write_text(MINIMAL_APP)
        env["SPINERECOV_CACHE_DIR"] = str(Path(scratch, "cache"))
        env["SPINERECOV_DIARY"] = str(Path(scratch, "diary.sqlite3"))
        tool = spinerecov_command()
        commands = {
            "minimal": [sys.executable, str(minimal), "--name", "spine"],
            "can-i": [*tool, "can-i", "lift", "--week", "4"],
            "timeline": [*tool, "timeline", "--procedure", "endoscopic", "--date", "2024-05-01"],
            "check-in": [
                *tool,
                "check-in",
                "--procedure",
                "endoscopic",
                "--date",
                "2024-05-01",
                "--leg-pain",
                "3",
                "--temperature",
                "37.2",
                "--wound",
                "ok",
            ],
            # Spanish is measured, not held to a target: it loads the catalog and Babel's locale data.
            "can-i --lang es": [*tool, "can-i", "lift", "--week", "4", "--lang", "es"],
            "timeline --lang es": [
                *tool,
                "timeline",
                "--procedure",
                "endoscopic",
                "--date",
                "2024-05-01",
                "--lang",
                "es",
            ],
        }
        for _ in range(args.warmup):
            for command in commands.values():
                time_once(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                times[name].append(time_once(command, env))

    baseline = statistics.median(times["minimal"])
    print(f"python {sys.version.split()[0]}, {args.rounds} rounds, medians:")
    print(f"  minimal Typer app  {baseline * 1000:7.1f} ms")
    failed = False
    for name, target in TARGETS.items():
        median = statistics.median(times[name])
        # Ratio of medians, and the median of per-round ratios (robust to drifts in load).
        per_round = statistics.median(t / b for t, b in zip(times[name], times["minimal"], strict=True))
        verdict = "ok" if per_round <= target else "OVER TARGET"
        failed |= per_round > target
        print(
            f"  {name:<18} {median * 1000:7.1f} ms  ratio {median / baseline:.3f}"
            f" (per-round median {per_round:.3f}, target <= {target}) {verdict}"
        )
    for name in ("can-i --lang es", "timeline --lang es"):
        median = statistics.median(times[name])
        per_round = statistics.median(t / b for t, b in zip(times[name], times["minimal"], strict=True))
        print(
            f"  {name:<17}  {median * 1000:7.1f} ms  ratio {median / baseline:.3f} (per-round median {per_round:.3f})"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
