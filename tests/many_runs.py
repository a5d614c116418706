"""Test helper: many runs of the real entry point in one fresh process, one after another.

A fresh process per command line costs Python's and spinerecov's start-up each time (a
sweep of every command's help and usage error in Spanish spent ten seconds on it). Here one
process starts in the environment given, then runs `spinerecov.__main__.run()` once per
command line, exactly as the console script does. Standard output and error are the
process's own file descriptors 1 and 2, pointed at a fresh file for each run, so every
write reaches them as it would reach a pipe (Python's streams, click's and any library's).

What a run leaves in the process stays for the next (imported modules, the language chosen
at import, translated help): a sweep that uses this also compares some of its command lines
with a process of their own (`test_the_one_process_sweep_shows_what_a_fresh_process_shows`).

Run as a script, this file is that process: it reads the command lines as JSON on stdin
and writes one result per line to the file named by its argument.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple


class Run(NamedTuple):
    """What one command line did: its exit code, standard output and standard error."""

    returncode: int
    stdout: str
    stderr: str


def run_many(argvs: list[list[str]], env: dict[str, str]) -> list[Run]:
    """Run `spinerecov ARGV` for every ARGV in one fresh process with `env`; the results in order."""
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "results.jsonl"
        done = subprocess.run(
            [sys.executable, __file__, str(results)],
            input=json.dumps(argvs),
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        runs = [Run(*json.loads(line)) for line in results.read_text(encoding="utf-8").splitlines()]
    assert len(runs) == len(argvs)
    return runs


def _one(argv: list[str]) -> Run:
    from spinerecov.__main__ import run

    captured = []
    saved = [os.dup(1), os.dup(2)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        code: object = 0
        sys.argv = ["spinerecov", *argv]
        try:
            run()
        except SystemExit as exc:
            code = exc.code
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
        for stream in (out, err):
            stream.seek(0)
            captured.append(stream.read().decode("utf-8"))
    if isinstance(code, str):  # sys.exit("message"): Python prints it on stderr and exits with 1
        return Run(1, captured[0], captured[1] + code + "\n")
    return Run(code if isinstance(code, int) else 0, *captured)


if __name__ == "__main__":
    with Path(sys.argv[1]).open("w", encoding="utf-8") as written:
        for argv in json.load(sys.stdin):
            written.write(json.dumps(_one(argv)) + "\n")
