"""Factor rules fail closed: a condition the matcher cannot test is refused, never read as "every patient"."""

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from pydantic import ValidationError
from typer.testing import CliRunner

from conftest import PATIENT_FACTORS, dump_yaml, raw_knowledge_base, run_cli
from spinerecov.errors import KnowledgeBaseError
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import FactorCondition
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.knowledge.rule_conditions import RULE_CONDITIONS
from spinerecov.plan.personalise import matching_factors


class WiderCondition(FactorCondition):
    """A condition model with a factor added to the model but not to the table of conditions (code.md A-2)."""

    osteoporosis: bool | None = None


def _check_rule(tmp_path: Path, runner: CliRunner, when: dict[str, Any]) -> tuple[int, str, list[str]]:
    """`kb check` on the built-in knowledge base whose first factor rule has `when`; (code, output, file lines)."""
    data = raw_knowledge_base()
    data["factor_rules"][0]["when"] = when
    path = tmp_path / "procedures.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    code, out, err = run_cli(runner, "kb", "check", str(path))
    return code, out + err, path.read_text(encoding="utf-8").splitlines()


def _line_of_when(lines: list[str], output: str) -> str:
    """The line of the file that the message names for factor_rules[0].when."""
    place = next(line for line in output.splitlines() if "factor_rules[0].when (" in line)
    number = int(place.split("procedures.yaml:")[1].split(")")[0])
    return lines[number - 1]


def test_a_condition_given_without_a_value_is_a_located_error(tmp_path: Path, runner: CliRunner) -> None:
    """`when: {smoker: null}` tests nothing (it matched every patient): kb check refuses it at the `when` line."""
    code, output, lines = _check_rule(tmp_path, runner, {"smoker": None})
    assert code == 1
    assert "factor_rules[0].when (" in output and "the condition 'smoker' needs a value" in output
    assert _line_of_when(lines, output).strip() == "when:"


def test_an_unknown_condition_in_the_file_is_a_located_error(tmp_path: Path, runner: CliRunner) -> None:
    """`when: {osteoporosis: true}` is refused by kb check, located at the rule's `when`, naming the key."""
    code, output, _lines = _check_rule(tmp_path, runner, {"osteoporosis": True})
    assert code == 1
    assert "factor_rules[0].when" in output and "osteoporosis" in output
    assert "procedures.yaml:" in output


def test_a_model_field_missing_from_the_table_is_refused_when_read() -> None:
    """A condition field added to the model but not to the table fails validation, with its name and the known ones."""
    with pytest.raises(ValidationError) as error:
        WiderCondition.model_validate({"osteoporosis": True})
    assert "'osteoporosis' is not a condition a rule can test" in str(error.value)
    assert "smoker" in str(error.value)


def test_the_matcher_refuses_a_condition_it_cannot_test() -> None:
    """Built without validation (as the cache does), such a condition raises: it never matches every patient."""
    when = WiderCondition.model_construct(None, **{"osteoporosis": True})
    with pytest.raises(KnowledgeBaseError) as error:
        matching_factors(when, PatientFactors())
    assert "osteoporosis" in error.value.message
    assert matching_factors(WiderCondition.model_construct(None, **{"smoker": True}), PatientFactors()) is None


def test_every_condition_field_is_in_the_table_with_a_patient_factor_of_its_kind() -> None:
    """The table and the models agree: each condition names a patient factor, yes/no conditions test yes/no factors."""
    assert set(RULE_CONDITIONS) == set(FactorCondition.model_fields)
    for name, (kind, factor) in RULE_CONDITIONS.items():
        assert factor in PatientFactors.model_fields, name
        flag = PatientFactors.model_fields[factor].annotation is bool
        assert flag == (kind == "flag"), name


@given(factors=PATIENT_FACTORS)
def test_a_matched_rule_describes_each_condition_it_tested(factors: PatientFactors) -> None:
    """For every built-in rule and any patient, a match describes exactly as many factors as the rule sets."""
    kb = load_knowledge_base(resolve_kb_path())
    for rule in kb.factor_rules:
        matched = matching_factors(rule.when, factors)
        set_conditions = [name for name in RULE_CONDITIONS if getattr(rule.when, name) is not None]
        assert matched is None or len(matched) == len(set_conditions), rule.id
