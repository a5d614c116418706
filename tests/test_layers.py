"""The package reads top to bottom as the pipeline: cli -> output/store -> plan -> knowledge -> errors -> i18n."""

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "spinerecov"
LAYERS = {"i18n": -1, "errors": 0, "knowledge": 1, "plan": 2, "output": 3, "store": 3, "cli": 4}
"""Lower numbers sit lower: a module imports its own layer or layers below it, never above."""
MAX_LINES = 300
FORMAT_PACKAGES = {"terminal", "markdown", "html", "calendar", "json", "fhir"}
"""output/ holds one package per format; the modules beside them are what every format shares."""


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
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("spinerecov"):
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names if alias.name.startswith("spinerecov")}
        graph[module] = imported - {module}
    return graph


def third_party(path: Path) -> set[str]:
    """The top-level packages a module imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
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
        assert len(text.splitlines()) <= MAX_LINES + 20, path
        assert ast.get_docstring(ast.parse(text)), path


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
