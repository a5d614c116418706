"""Diary benchmark: `spinerecov diary` with five years of daily check-ins against `timeline`'s start-up.

Fills a diary with 1,825 daily check-ins (leg and back pain, pain medicine,
minutes walked, a note every fourth day), then times `spinerecov diary --diary
FILE` (the whole table and the weekly trend, to /dev/null) and `spinerecov
timeline --procedure endoscopic --date 2024-05-01`, alternating them round after
round so that machine noise hits them alike. Prints the median of each and the
median of the per-round ratios.

Target: diary at most 1.5x timeline. This is a benchmark, not a test: run it
by hand (python benchmarks/diary.py [--rounds N]).
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from spinerecov.store.diary import NewEntry, save_entry  # noqa: E402
from startup import spinerecov_command, time_once  # noqa: E402

DAYS = 5 * 365
TARGET = 1.5
SURGERY = dt.date(2024, 5, 1)


def fill(path: Path) -> None:
    """Five years of daily check-ins: the first saved as `check-in` saves one, the rest in one transaction."""
    import json
    import sqlite3

    rows = []
    for day in range(1, DAYS + 1):
        answers: dict[str, object] = {
            "leg-pain": max(0, 7 - day // 20) if day < 400 else day % 3,
            "back-pain": max(0, 6 - day // 30) if day < 400 else (day + 1) % 3,
            "pain-medicine": "simple" if day < 30 else "none",
            "walked": min(20 + day, 120),
        }
        if day % 4 == 0:
            answers["note"] = "Walked to the shop and back; a little stiff in the morning, better after a shower."
        payload = {"answers": answers, "tier": "none", "red_flags": [], "day": day, "week": day // 7 + 1}
        rows.append(NewEntry("check-in", SURGERY + dt.timedelta(days=day), "endoscopic", SURGERY, payload))
    save_entry(path, rows[0])
    saved_at = dt.datetime(2024, 5, 2, 19, tzinfo=dt.timezone.utc).isoformat()  # noqa: UP017
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO entries (kind, on_day, procedure, surgery_date, payload, saved_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (e.kind, e.on.isoformat(), e.procedure, e.surgery_date.isoformat(), json.dumps(e.payload), saved_at)
                for e in rows[1:]
            ],
        )
    connection.close()


def main() -> int:
    """Fill a diary, time both commands, print the figures; exit 1 when the target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="timed rounds (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds first (default 3)")
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    with tempfile.TemporaryDirectory() as scratch:
        diary = Path(scratch, "diary.sqlite3")
        started = time.perf_counter()
        fill(diary)
        print(f"filled {DAYS} entries in {time.perf_counter() - started:.1f} s")
        env["SPINERECOV_CACHE_DIR"] = str(Path(scratch, "cache"))
        env["SPINERECOV_PROFILE"] = str(Path(scratch, "profile.toml"))
        tool = spinerecov_command()
        commands = {
            "timeline": [*tool, "timeline", "--procedure", "endoscopic", "--date", "2024-05-01"],
            "diary": [*tool, "diary", "--diary", str(diary)],
        }
        for _ in range(args.warmup):
            for command in commands.values():
                time_once(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                times[name].append(time_once(command, env))
    ratio = statistics.median(d / t for d, t in zip(times["diary"], times["timeline"], strict=True))
    for name, measured in times.items():
        print(f"{name:10} median {statistics.median(measured) * 1000:7.1f} ms")
    print(f"diary / timeline: per-round median ratio {ratio:.3f} (target {TARGET})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
