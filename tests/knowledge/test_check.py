"""`kb check` as one step below the command: what it reads, what fails and what only warns, and its report."""

from pathlib import Path

import pytest

from conftest import ROOT, dump_yaml, raw_knowledge_base
from spinerecov.knowledge.check import CheckResult, check_knowledge_base
from spinerecov.knowledge.quality import Finding
from spinerecov.output.check_report import check_report

EXAMPLE = ROOT / "examples" / "clinic-protocol.yaml"
RAW = raw_knowledge_base()


def _slower_mis(tmp_path: Path) -> Path:
    """A copy of the knowledge base whose tubular lifting limit is stricter than the open operation's."""
    data = raw_knowledge_base()
    data["procedures"]["tubular"]["activities"]["lift"][1]["limit"]["max_kg"] = 5.0
    path = tmp_path / "procedures.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def test_the_built_in_knowledge_base_checks_clean() -> None:
    """The built-in knowledge base: no errors, its summary, and it is named as the built-in one."""
    result = check_knowledge_base(None, None, "en")
    assert result.errors == [] and result.translation_errors == 0
    assert result.built_in and result.summary["procedures"][0] == "miss"
    assert check_report(result).startswith("Valid: the built-in knowledge base\n")


def test_a_fidelity_error_fails_alone_and_only_warns_under_a_protocol(tmp_path: Path) -> None:
    """A plan out of the sources' order is an error; with a clinic's protocol on top it is a warning to confirm."""
    path = _slower_mis(tmp_path)
    alone = check_knowledge_base(str(path), None, "en")
    problem = "more restrictive than its open counterpart 'open-discectomy'"
    assert any(problem in f.message for f in alone.errors) and not alone.built_in
    assert check_report(alone).startswith(f"Not valid: {path} (")
    # The example protocol adds a plan less cautious than the general one: said, not failed.
    protocol = check_knowledge_base(None, str(EXAMPLE), "en")
    assert protocol.errors == [] and protocol.protocol == str(EXAMPLE)
    intended = [f.message for f in protocol.warnings if f.message.endswith("(your protocol: check this is intended)")]
    assert any("is less cautious than 'mis-decompression'" in m for m in intended)


@pytest.mark.parametrize(
    ("errors", "translation", "heading"),
    [
        (1, 0, "(1 clinical-fidelity problem):"),
        (2, 2, "(2 translation problems):"),
        (3, 1, "(3 problems):"),
    ],
)
def test_the_report_names_what_kind_of_problems_it_found(errors: int, translation: int, heading: str) -> None:
    """Fidelity problems, translation problems, or both ("problems"), counted, each on its own line."""
    found = [Finding(f"procedures.x.phases[{i}]", "kb.yaml:9", "wrong") for i in range(errors)]
    result = CheckResult(Path("kb.yaml"), None, False, {}, found, [], translation)
    lines = check_report(result).splitlines()
    assert lines[0] == f"Not valid: kb.yaml {heading}"
    assert lines[1:] == [f"  procedures.x.phases[{i}] (kb.yaml:9): wrong" for i in range(errors)]
