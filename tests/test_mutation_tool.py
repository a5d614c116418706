"""scripts/mutation.py: which mutants it makes, that each changes one thing, and its allow-list."""

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from conftest import ROOT

SOURCE = '''"""A module docstring with 1 number."""

LIMIT = 3


def check(value, items):
    """Say 2 things."""
    message = f"over {LIMIT + 1}"
    if value is not None and value in items or not items:
        return value >= LIMIT
    return "a message == not behaviour"
'''


def mutation_tool() -> ModuleType:
    """scripts/mutation.py, imported from its file."""
    spec = importlib.util.spec_from_file_location("mutation", ROOT / "scripts" / "mutation.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mutation"] = module
    spec.loader.exec_module(module)
    return module


def test_every_kind_of_mutant_is_made_and_strings_are_left_alone() -> None:
    """Comparisons, and/or, not, numbers, returns and if conditions are mutated; docstrings and f-strings are not."""
    found = {(m.line, m.description) for m in mutation_tool().find_mutants(SOURCE)}
    assert (3, "`3` -> `4`") in found and (3, "`3` -> `2`") in found
    assert {(9, "`is not` -> `is`"), (9, "`in` -> `not in`"), (9, "`and` -> `or`"), (9, "`or` -> `and`")} <= found
    assert {(9, "`not` removed"), (9, "`if` condition negated")} <= found
    assert {(10, "`>=` -> `>`"), (10, "`>=` -> `<`"), (10, "`return X` -> `return None`")} <= found
    assert {(11, "`return X` -> `return None`")} <= found
    assert not any(line in (1, 7, 8) for line, _description in found), found


def test_a_mutant_changes_exactly_one_thing() -> None:
    """Each mutant's source parses and differs from the original, and no two mutants give the same source."""
    tool = mutation_tool()
    original = ast.unparse(ast.parse(SOURCE))
    sources = [tool.mutated_source(SOURCE, mutant) for mutant in tool.find_mutants(SOURCE)]
    assert all(ast.parse(source) and source != original for source in sources)
    assert len(set(sources)) == len(sources)
    negated = next(m for m in tool.find_mutants(SOURCE) if m.description == "`if` condition negated")
    assert "if not (value is not None and value in items or not items):" in tool.mutated_source(SOURCE, negated)


def test_the_allow_list_names_mutants_by_line_and_mutation(tmp_path: Path) -> None:
    """Listed mutants (one mutation of a line, or every one) are equivalent; comments and other files are ignored."""
    tool = mutation_tool()
    allow = tmp_path / "equivalent.txt"
    allow.write_text(
        "# a comment\n"
        "mod.py:3 `3` -> `4` -- a cache size\n"
        "mod.py:10 -- the whole line\n"
        "other.py:9 `and` -> `or` -- another module\n",
        encoding="utf-8",
    )
    listed = tool.read_equivalents(allow, "mod.py")
    assert listed == {(3, "`3` -> `4`"): "a cache size", (10, ""): "the whole line"}
    equivalent = {(m.line, m.description) for m in tool.find_mutants(SOURCE) if tool.is_equivalent(m, listed)}
    assert (3, "`3` -> `4`") in equivalent and (3, "`3` -> `2`") not in equivalent
    assert {line for line, _description in equivalent} == {3, 10}
    assert tool.read_equivalents(tmp_path / "missing.txt", "mod.py") == {}
