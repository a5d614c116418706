"""Mutation testing for one module: change the code a little, and see whether a test notices.

    python scripts/mutation.py --module src/spinerecov/knowledge/protocol.py \
        --tests tests/knowledge/test_protocol.py [--sample 60 --seed 1] [--jobs 2]

Each mutant is one small change made on the syntax tree: a comparison flipped
(`==`/`!=`, `<`/`<=`/`>`/`>=`, `is`/`is not`, `in`/`not in`), `and`/`or`
swapped, a `not` removed, a number moved by one, `return X` made
`return None`, an `if` condition negated. Strings are left alone: a message
is not behaviour. Mutants run one at a time in a copy of the project (never
the working tree), with that copy's `src/` first on PYTHONPATH, under
`pytest -x` with a timeout. A mutant is killed when a selected test fails,
survives when they all pass.

Mutants that cannot change behaviour are listed in
`scripts/mutation-equivalent.txt` (`path:line mutation -- reason`); they are
not run and do not count in the score. Standard library only.
"""

import argparse
import ast
import os
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT_FILE = ROOT / "scripts" / "mutation-equivalent.txt"
SKIPPED_NAMES = {".git", ".venv", ".mypy_cache", ".ruff_cache", ".pytest_cache", "__pycache__", "build", "dist"}

COMPARE_SWAPS: dict[type[ast.cmpop], tuple[type[ast.cmpop], ...]] = {
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.Lt: (ast.LtE, ast.GtE),
    ast.LtE: (ast.Lt, ast.Gt),
    ast.Gt: (ast.GtE, ast.LtE),
    ast.GtE: (ast.Gt, ast.Lt),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
}
SYMBOLS = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
}


class Mutant(NamedTuple):
    """One change: the node it changes (by its place in a walk of the tree), where, and what."""

    node_index: int
    variant: int
    line: int
    description: str


Change = Callable[[ast.AST], ast.AST | None]
"""Mutate a node in place (return None) or return the node that replaces it."""


def _changes(node: ast.AST) -> Iterator[tuple[str, Change]]:
    """Every mutation of one node, described."""
    if isinstance(node, ast.Compare):
        for position, op in enumerate(node.ops):
            for swap in COMPARE_SWAPS[type(op)]:
                yield f"`{SYMBOLS[type(op)]}` -> `{SYMBOLS[swap]}`", _set_op(position, swap)
    elif isinstance(node, ast.BoolOp):
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        names = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
        yield f"`{names[0]}` -> `{names[1]}`", lambda n: setattr(n, "op", other())
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "`not` removed", lambda n: n.operand  # type: ignore[attr-defined,no-any-return]
    elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
        for step in (1, -1):
            new = node.value + step
            yield f"`{node.value!r}` -> `{new!r}`", lambda n, new=new: setattr(n, "value", new)
    elif isinstance(node, ast.Return) and node.value is not None and not _is_none(node.value):
        yield "`return X` -> `return None`", lambda n: setattr(n, "value", ast.Constant(None))
    elif isinstance(node, ast.If):
        yield "`if` condition negated", lambda n: setattr(n, "test", ast.UnaryOp(ast.Not(), n.test))  # type: ignore[attr-defined]


def _set_op(position: int, swap: type[ast.cmpop]) -> Change:
    def change(node: ast.AST) -> None:
        node.ops[position] = swap()  # type: ignore[attr-defined]

    return change


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node in a fixed order, leaving out what is not behaviour: docstrings, signatures' types, f-strings."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                skipped.update(id(n) for n in ast.walk(body[0]))
        for annotation in _annotations(node):
            skipped.update(id(n) for n in ast.walk(annotation))
        if isinstance(node, ast.JoinedStr):
            skipped.update(id(n) for n in ast.walk(node))
    return [node for node in ast.walk(tree) if id(node) not in skipped]


def _annotations(node: ast.AST) -> Iterator[ast.AST]:
    # A field's annotation is behaviour (pydantic reads it); a parameter's or return value's is not.
    if isinstance(node, ast.arg) and node.annotation is not None:
        yield node.annotation
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
        yield node.returns


def find_mutants(source: str) -> list[Mutant]:
    """Every mutant of a module's source, in the order of the tree."""
    mutants = []
    for index, node in enumerate(_nodes(ast.parse(source))):
        for variant, (description, _change) in enumerate(_changes(node)):
            mutants.append(Mutant(index, variant, getattr(node, "lineno", 0), description))
    return mutants


def mutated_source(source: str, mutant: Mutant) -> str:
    """The module's source with one mutant applied."""
    tree = ast.parse(source)
    node = _nodes(tree)[mutant.node_index]
    _description, change = list(_changes(node))[mutant.variant]
    replacement = change(node)
    if replacement is not None:
        tree = _Replace(node, replacement).visit(tree)
    return ast.unparse(ast.fix_missing_locations(tree))


class _Replace(ast.NodeTransformer):
    def __init__(self, old: ast.AST, new: ast.AST) -> None:
        self.old, self.new = old, new

    def generic_visit(self, node: ast.AST) -> ast.AST:
        if node is self.old:
            return self.new
        return super().generic_visit(node)


def read_equivalents(path: Path, module: str) -> dict[tuple[int, str], str]:
    """(line, mutation) -> reason, for the module's lines listed in the allow-list ('' as mutation: any)."""
    listed: dict[tuple[int, str], str] = {}
    if not path.is_file():
        return listed
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where, _dash, reason = line.partition(" -- ")
        place, _space, mutation = where.strip().partition(" ")
        file, _colon, number = place.rpartition(":")
        if file == module and number.isdigit():
            listed[(int(number), mutation.strip())] = reason.strip()
    return listed


def is_equivalent(mutant: Mutant, listed: dict[tuple[int, str], str]) -> bool:
    """Whether the allow-list names this mutant (its line and mutation, or its line alone)."""
    return (mutant.line, mutant.description) in listed or (mutant.line, "") in listed


def run_tests(copy_root: Path, tests: list[str], timeout: float) -> str:
    """'killed', 'survived' or 'timeout' for the copy as it is now."""
    env = {**os.environ, "PYTHONPATH": str(copy_root / "src"), "PYTHONDONTWRITEBYTECODE": "1", "CI": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command, cwd=copy_root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return "timeout"
    return "survived" if code == 0 else "killed"


def copy_project(into: Path) -> Path:
    """A copy of the project to mutate (without the virtual environment, git data and caches)."""
    target = into / "project"
    shutil.copytree(ROOT, target, ignore=lambda _d, names: [n for n in names if n in SKIPPED_NAMES])
    return target


def main(argv: list[str] | None = None) -> int:
    """Run the mutants and print the score; exit 1 below --min-score, 2 on a usage error."""
    args = _parser().parse_args(argv)
    module = Path(args.module)
    relative = (ROOT / module).resolve().relative_to(ROOT).as_posix()
    source = (ROOT / relative).read_text(encoding="utf-8")
    mutants = [m for m in find_mutants(source) if _in_lines(m.line, args.lines)]
    if args.sample is not None and args.sample < len(mutants):
        mutants = sorted(random.Random(args.seed).sample(mutants, args.sample))  # noqa: S311 - not for secrets
    listed = read_equivalents(Path(args.equivalent), relative)
    equivalent = [m for m in mutants if is_equivalent(m, listed)]
    to_run = [m for m in mutants if not is_equivalent(m, listed)]
    if args.list:
        for mutant in mutants:
            print(f"{relative}:{mutant.line} {mutant.description}")
        return 0
    with tempfile.TemporaryDirectory(prefix="mutation-") as temporary:
        copies: queue.Queue[Path] = queue.Queue()
        for job in range(args.jobs):
            copies.put(copy_project(Path(temporary) / str(job)))
        timeout = args.timeout or _baseline(copies, args.tests)
        results = _run_all(to_run, source, relative, args.tests, copies, timeout, args.jobs)
    return _report(relative, results, equivalent, listed, args.min_score)


def _line_range(text: str) -> str:
    if not re.fullmatch(r"\d+(-\d+)?", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a line or a range of lines such as 200-220")
    return text


def _in_lines(line: int, lines: str | None) -> bool:
    """Whether `line` is inside a --lines range such as 200-220 (or 57 alone)."""
    if lines is None:
        return True
    first, _dash, last = lines.partition("-")
    return int(first) <= line <= int(last or first)


def _baseline(copies: "queue.Queue[Path]", tests: list[str]) -> float:
    """A timeout from an unmutated run, which must pass."""
    project = copies.get()
    started = time.monotonic()
    outcome = run_tests(project, tests, timeout=1800)
    copies.put(project)
    if outcome != "survived":
        raise SystemExit(f"The selected tests fail without any mutant ({outcome}): fix them first.")
    return max(30.0, 4 * (time.monotonic() - started))


def _run_all(
    mutants: list[Mutant],
    source: str,
    relative: str,
    tests: list[str],
    copies: "queue.Queue[Path]",
    timeout: float,
    jobs: int,
) -> list[tuple[Mutant, str]]:
    def run_one(mutant: Mutant) -> tuple[Mutant, str]:
        project = copies.get()
        target = project / relative
        try:
            target.write_text(mutated_source(source, mutant), encoding="utf-8")
            outcome = run_tests(project, tests, timeout)
        finally:
            target.write_text(source, encoding="utf-8")
            copies.put(project)
        print(f"{outcome:>8}  {relative}:{mutant.line} {mutant.description}", flush=True)
        return mutant, outcome

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(run_one, mutants))


def _report(
    relative: str,
    results: list[tuple[Mutant, str]],
    equivalent: list[Mutant],
    listed: dict[tuple[int, str], str],
    minimum: float | None,
) -> int:
    counts = {outcome: sum(1 for _m, o in results if o == outcome) for outcome in ("killed", "survived", "timeout")}
    print(f"\n{relative}")
    print(f"mutants: {len(results) + len(equivalent)}  (equivalent, listed and not run: {len(equivalent)})")
    print(f"killed: {counts['killed']}  timeout: {counts['timeout']}  survived: {counts['survived']}")
    for mutant, outcome in results:
        if outcome == "survived":
            print(f"  survived  {relative}:{mutant.line} {mutant.description}")
    for mutant in equivalent:
        reason = listed.get((mutant.line, mutant.description)) or listed.get((mutant.line, ""), "")
        print(f"  equivalent  {relative}:{mutant.line} {mutant.description} -- {reason}")
    score = 100.0 * (counts["killed"] + counts["timeout"]) / len(results) if results else 100.0
    print(f"score (killed + timeout) / run, equivalents excluded: {score:.1f} %")
    return 1 if minimum is not None and score < minimum else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--module", required=True, help="the module to mutate, e.g. src/spinerecov/knowledge/protocol.py"
    )
    parser.add_argument("--tests", nargs="+", required=True, help="the test files (or node ids) that should notice")
    parser.add_argument("--lines", type=_line_range, help="mutate only these lines of the module, e.g. 200-220")
    parser.add_argument("--sample", type=int, help="run only this many mutants, chosen with --seed")
    parser.add_argument("--seed", type=int, default=0, help="the seed of --sample (default 0)")
    parser.add_argument("--jobs", type=int, choices=(1, 2), default=1, help="mutants run at once (1 or 2)")
    parser.add_argument("--timeout", type=float, help="seconds per mutant (default: 4 x an unmutated run, at least 30)")
    parser.add_argument("--equivalent", default=str(EQUIVALENT_FILE), help="the allow-list of equivalent mutants")
    parser.add_argument("--min-score", type=float, help="exit 1 when the score is below this percentage")
    parser.add_argument("--list", action="store_true", help="list the mutants without running them")
    return parser


if __name__ == "__main__":
    sys.exit(main())
