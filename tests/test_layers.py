"""The package reads top to bottom as the pipeline: cli -> output/store -> plan -> knowledge -> errors -> i18n."""

import ast
import functools
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "spinerecov"
LAYERS = {"i18n": -1, "errors": 0, "knowledge": 1, "plan": 2, "output": 3, "store": 3, "cli": 4}
"""Lower numbers sit lower: a module imports its own layer or layers below it, never above."""
MAX_LINES = 300
MAX_COMMAND_COMPLEXITY = 15
"""No function in cli/ is more complex than this (cyclomatic, as radon counts): commands parse, call, render."""
FORMAT_PACKAGES = {"terminal", "markdown", "html", "calendar", "json", "fhir"}
"""output/ holds one package per format; the modules beside them are what every format shares."""


@functools.cache
def parsed(path: Path) -> ast.Module:
    """The module at `path`, parsed once for every test of this file (the tests only read the trees)."""
    return ast.parse(path.read_text(encoding="utf-8"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def import_graph() -> dict[str, set[str]]:
    """Each spinerecov module -> the spinerecov modules it imports (anywhere in the file, lazy ones too)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        imported: set[str] = set()
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("spinerecov"):
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names if alias.name.startswith("spinerecov")}
        graph[module] = imported - {module}
    return graph


def third_party(path: Path) -> set[str]:
    """The top-level packages a module imports."""
    found: set[str] = set()
    for node in ast.walk(parsed(path)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
    return found


def test_imports_go_downward_only() -> None:
    """No module imports a layer above its own, and output and store never import each other."""
    problems = []
    for module, imported in import_graph().items():
        mine = _layer(module)
        for target in imported:
            theirs = _layer(target)
            if mine is None or theirs is None or mine == theirs:
                continue
            if LAYERS[theirs] >= LAYERS[mine]:
                problems.append(f"{module} imports {target}")
    assert problems == []


def test_no_import_circles() -> None:
    """The import graph has no cycles (counting lazy imports inside functions too)."""
    graph = import_graph()
    visiting: set[str] = set()
    done: set[str] = set()
    cycles: list[str] = []

    def visit(module: str, trail: list[str]) -> None:
        if module in done or module not in graph:
            return
        if module in visiting:
            cycles.append(" -> ".join([*trail[trail.index(module) :], module]))
            return
        visiting.add(module)
        for target in sorted(graph[module]):
            visit(target, [*trail, module])
        visiting.discard(module)
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    # A package's __init__ importing its own modules is not a cycle worth the name; we have none anyway.
    assert cycles == []


def test_only_the_cli_imports_typer_and_only_terminal_output_imports_rich() -> None:
    """Typer lives in cli/; Rich in cli/ and output/terminal/ only."""
    for path in PACKAGE.rglob("*.py"):
        module = _module_name(path)
        packages = third_party(path)
        if "typer" in packages or "click" in packages:
            assert module.startswith("spinerecov.cli"), module
        if "rich" in packages:
            assert module.startswith(("spinerecov.cli", "spinerecov.output.terminal")), module


def test_modules_are_small_and_say_what_they_are() -> None:
    """No module is over about 300 lines, and each opens with a docstring."""
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= MAX_LINES, path
        assert ast.get_docstring(parsed(path)), path


def complexity(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Cyclomatic complexity as radon counts it: 1, plus each decision (nested functions count on their own)."""
    total = 1
    pending: list[ast.AST] = list(function.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        if isinstance(node, ast.Try | ast.TryStar):
            total += len(node.handlers) + bool(node.orelse)
        elif isinstance(node, ast.BoolOp):
            total += len(node.values) - 1
        elif isinstance(node, ast.If | ast.IfExp | ast.Assert):
            total += 1
        elif isinstance(node, ast.For | ast.AsyncFor | ast.While):
            total += 1 + bool(node.orelse)
        elif isinstance(node, ast.comprehension):
            total += 1 + len(node.ifs)
        elif isinstance(node, ast.Match):
            total += len([case for case in node.cases if not _is_wildcard(case.pattern)])
        pending.extend(ast.iter_child_nodes(node))
    return total


def _is_wildcard(pattern: ast.pattern) -> bool:
    return isinstance(pattern, ast.MatchAs) and pattern.pattern is None


def function_complexities(path: Path) -> dict[str, int]:
    """Each function of a module (nested ones too, by their dotted name) -> its cyclomatic complexity."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                found[f"{prefix}.{child.name}"] = complexity(child)
                visit(child, f"{prefix}.{child.name}")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}.{child.name}")

    visit(parsed(path), _module_name(path))
    return found


def test_commands_are_thin() -> None:
    """No function in cli/ is more complex than MAX_COMMAND_COMPLEXITY: its branching lives a layer down."""
    over: dict[str, int] = {}
    for path in sorted((PACKAGE / "cli").rglob("*.py")):
        over |= {name: n for name, n in function_complexities(path).items() if n > MAX_COMMAND_COMPLEXITY}
    assert over == {}, over


def test_the_complexity_count_can_fail() -> None:
    """The count adds each if, loop, handler, boolean operand and comprehension, as radon does."""
    source = (
        "def f(a, b):\n"
        "    if a and b or a:\n"  # if +1, two boolean operators +2
        "        return [x for x in a if x]\n"  # comprehension +1, its if +1
        "    for x in b:\n"  # loop +1
        "        try:\n"
        "            pass\n"
        "        except ValueError:\n"  # handler +1
        "            pass\n"
        "    return a if b else None\n"  # conditional expression +1
    )
    tree = ast.parse(source)
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    assert complexity(function) == 9


def string_dispatch(tree: ast.AST) -> list[int]:
    """Lines that find a function by a spelled-out name: `getattr` on an imported module, or with a built name."""
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("spinerecov")
        for alias in node.names
    }
    lines = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"):
            continue
        target, name = node.args[0], node.args[1]
        on_module = isinstance(target, ast.Name) and target.id in imported
        if on_module or isinstance(name, ast.JoinedStr | ast.BinOp):
            lines.append(node.lineno)
    return lines


def test_no_function_is_found_by_its_name_as_a_string() -> None:
    """Every caller is visible to grep and the type checker: no getattr dispatch by a built name or on a module."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += [f"{_module_name(path)}:{line}" for line in string_dispatch(parsed(path))]
    assert found == []


def test_the_dispatch_check_can_fail() -> None:
    """The dispatch check sees `getattr(documents, f"{kind}_to_dict")`, the kind of call it forbids."""
    source = (
        "from spinerecov.output.json import documents\n"
        "def show(kind):\n"
        "    return getattr(documents, f'{kind}_to_dict')\n"
        "def plain(row, field):\n"
        "    return getattr(row, field)\n"
    )
    assert string_dispatch(ast.parse(source)) == [3]


def private_uses(tree: ast.AST) -> list[str]:
    """What a module reaches behind a library's public API for: `obj._name` (not self's) or a `_private` import."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            mine = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            if not mine and node.attr not in NAMED_TUPLE_API:
                found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and _library(node.module):
            names = [*node.module.split("."), *(alias.name for alias in node.names)]
            private = any(name.startswith("_") and not name.startswith("__") for name in names)
            if private:
                found.append(f"{node.lineno}: from {node.module} import ...")
    return found


def _library(module: str) -> bool:
    return module.split(".")[0] != "spinerecov"


NAMED_TUPLE_API = {"_replace", "_asdict", "_fields", "_make"}
"""A named tuple's public methods start with an underscore so as not to clash with field names."""


def test_rich_is_used_through_its_public_api_only() -> None:
    """No module that imports Rich calls its private methods (a Rich release could break narrow terminals)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "rich" in third_party(path):
            found += [f"{_module_name(path)}:{use}" for use in private_uses(parsed(path))]
    assert found == []


def test_the_private_api_check_can_fail() -> None:
    """The check sees `table._extra_width` and `from rich._ratio import ratio_reduce`, and lets `self._x` be."""
    source = (
        "from rich._ratio import ratio_reduce\n"
        "def width(self, table):\n"
        "    return table._extra_width + self._own + table.row_count\n"
    )
    assert private_uses(ast.parse(source)) == ["1: from rich._ratio import ...", "3: table._extra_width"]


def test_the_layering_check_can_fail(tmp_path: Path) -> None:
    """An upward import is caught (so the layering test is not vacuous)."""
    assert _layer("spinerecov.plan.timeline") == "plan"
    assert LAYERS["plan"] < LAYERS["output"]
    assert _layer("spinerecov.__main__") is None


def test_output_is_one_package_per_format_and_formats_do_not_import_each_other() -> None:
    """output/ is the format packages plus shared modules; a format uses the shared ones, never another format."""
    output = PACKAGE / "output"
    packages = {path.name for path in output.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    assert packages == FORMAT_PACKAGES
    crossings = []
    for module, imported in import_graph().items():
        parts = module.split(".")
        if len(parts) < 3 or parts[1] != "output" or parts[2] not in FORMAT_PACKAGES:
            continue
        for target in imported:
            other = target.split(".")
            if len(other) > 2 and other[1] == "output" and other[2] in FORMAT_PACKAGES and other[2] != parts[2]:
                crossings.append(f"{module} imports {target}")
    assert crossings == []
