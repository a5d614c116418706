"""A patient factor is one row of knowledge/factors.py: everything else about it is made from the row."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

from hypothesis import given

from conftest import PATIENT_FACTORS, ROOT
from spinerecov.cli.factor_options import FACTOR_OPTIONS
from spinerecov.knowledge.factors import FACTORS, by_name
from spinerecov.knowledge.model_types import HealthLevel, JobType
from spinerecov.knowledge.models import FactorCondition
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.knowledge.rule_conditions import RULE_CONDITIONS
from spinerecov.output.wording import describe_factors
from spinerecov.store.patient_list import FACTOR_COLUMNS

# Run in a fresh interpreter: the row is added to the table before anything made from it is imported,
# exactly as a contributor adds it to the file. Its Spanish is added to the catalog the same way.
ADD_A_ROW = """
import gettext, json, sys
from spinerecov.i18n import N_
from spinerecov.knowledge import factors

factors.FACTORS = (
    *factors.FACTORS,
    factors.Factor(
        "osteoporosis",
        "yes-no",
        N_("You have osteoporosis (weak bones)."),
        said=N_("weak bones (osteoporosis)"),
        unsaid=N_("no osteoporosis"),
        saved=(N_("osteoporosis"), N_("no osteoporosis")),
    ),
)

import spinerecov.i18n as i18n

SPANISH = {"weak bones (osteoporosis)": "huesos frágiles (osteoporosis)", "osteoporosis": "osteoporosis (guardada)"}
real_catalog = i18n._load_catalog


class Added(gettext.NullTranslations):
    def gettext(self, message):
        return SPANISH.get(message, message)


def load_catalog(language):
    catalog = real_catalog(language)
    catalog.add_fallback(Added())
    return catalog


i18n._load_catalog = load_catalog

from typer.testing import CliRunner
from spinerecov.cli import app

results = []
for args in json.loads(sys.argv[1]):
    result = CliRunner().invoke(app, args)
    results.append([result.exit_code, result.stdout, result.stderr])
print(json.dumps(results))
"""


def _with_added_row(tmp_path: Path, *commands: list[str]) -> list[tuple[int, str, str]]:
    """Run `commands` in one fresh interpreter whose factor table has one more row, osteoporosis (yes/no)."""
    env = {**os.environ, "SPINERECOV_NO_CACHE": "1", "SPINERECOV_PROFILE": str(tmp_path / "profile.toml")}
    done = subprocess.run(
        [sys.executable, "-c", ADD_A_ROW, json.dumps(list(commands))],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    return [(code, out, err) for code, out, err in json.loads(done.stdout)]


def _kb_with_an_osteoporosis_rule(tmp_path: Path) -> str:
    """The built-in knowledge base whose 'diabetes-work' guidance is given for osteoporosis instead."""
    text = (ROOT / "data" / "procedures.yaml").read_text(encoding="utf-8")
    old = "  - id: diabetes-work\n    when: {diabetes: true}\n"
    assert old in text
    path = tmp_path / "procedures.yaml"
    path.write_text(text.replace(old, "  - id: diabetes-work\n    when: {osteoporosis: true}\n"), encoding="utf-8")
    return str(path)


def test_one_more_row_gives_an_option_a_condition_words_and_a_json_key(tmp_path: Path) -> None:
    """A row added to the table (nothing else) is an option, a rule condition, explained words and a JSON key."""
    kb = _kb_with_an_osteoporosis_rule(tmp_path)
    plan = ["timeline", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-10", "--kb", kb]
    helped, explained, spanish, as_json, without = _with_added_row(
        tmp_path,
        ["timeline", "--help"],
        [*plan, "--osteoporosis", "--explain"],
        [*plan, "--osteoporosis", "--explain", "--lang", "es"],
        [*plan, "--osteoporosis", "--json"],
        [*plan, "--no-osteoporosis", "--explain"],
    )
    assert "--osteoporosis / --no-osteoporosis" in helped[1] and "You have osteoporosis" in helped[1]
    assert explained[0] == 0, explained
    assert "Your factors: weak bones (osteoporosis)" in explained[1]
    assert "weak bones (osteoporosis): Diabetes is linked with a later return to work" in explained[1]
    assert spanish[0] == 0, spanish
    assert "huesos frágiles (osteoporosis)" in spanish[1] and "weak bones" not in spanish[1]
    assert as_json[0] == 0, as_json
    assert json.loads(as_json[1])["factors"]["osteoporosis"] is True
    assert "Diabetes is linked with a later return to work" not in without[1]


def test_one_more_row_gives_a_profile_key_and_a_patient_list_column(tmp_path: Path) -> None:
    """The added row is a profile key (saved, said when used) and a CSV column of a batch, with no other change."""
    kb = _kb_with_an_osteoporosis_rule(tmp_path)
    (tmp_path / "patients.csv").write_text("id,procedure,date,osteoporosis\np1,endoscopic,2024-05-01,yes\n")
    saved, used, spanish, batch = _with_added_row(
        tmp_path,
        ["profile", "set", "--osteoporosis"],
        ["timeline", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-10", "--kb", kb, "--explain"],
        ["timeline", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-10", "--kb", kb, "--lang", "es"],
        ["batch", "patients.csv", "--out-dir", "plans", "--format", "json", "--today", "2024-05-10", "--kb", kb],
    )
    assert saved[0] == 0, saved
    assert "osteoporosis = true" in (tmp_path / "profile.toml").read_text(encoding="utf-8")
    assert "Factors:      weak bones (osteoporosis)" in saved[1]
    assert used[0] == 0 and ": osteoporosis." in used[2], used
    assert "weak bones (osteoporosis): Diabetes is linked" in used[1]
    assert "osteoporosis (guardada)" in spanish[2], spanish
    assert batch[0] == 0, batch
    document = json.loads((tmp_path / "plans" / "p1.json").read_text(encoding="utf-8"))
    assert document["factors"]["osteoporosis"] is True


def test_everything_made_from_the_table_follows_its_order() -> None:
    """Fields, options, columns and conditions are the table's rows, in its order (conditions by kind)."""
    names = [factor.name for factor in FACTORS]
    assert list(PatientFactors.model_fields) == names
    assert list(FACTOR_OPTIONS) == names
    assert list(FACTOR_COLUMNS) == [name.replace("_", "-") for name in names]
    assert list(FactorCondition.model_fields) == list(RULE_CONDITIONS)
    assert {factor for _test, factor in RULE_CONDITIONS.values()} == set(names)


def test_the_knowledge_base_words_for_jobs_and_health_are_the_table_choices() -> None:
    """A milestone's `job` (knowledge base) and the --job choices are the same words; so are the health levels."""
    assert tuple(by_name()["job"].choices) == get_args(JobType)
    assert tuple(by_name()["health"].choices) == get_args(HealthLevel)


@given(factors=PATIENT_FACTORS)
def test_every_factor_given_is_said_once(factors: PatientFactors) -> None:
    """Any patient's factors are described one phrase per factor given (a yes, a number, a choice), none for a no."""
    given = [name for name, value in factors.model_dump().items() if value is not None and value is not False]
    words = describe_factors(factors)
    assert len(words) == len(given) and all(words)


def test_describing_factors_keeps_the_words_people_read() -> None:
    """Every factor given is said in the table's words and order, numbers as written, plurals counted."""
    given: dict[str, Any] = {
        "age": 72,
        "smoker": True,
        "bmi": 31.5,
        "job": "manual",
        "health": "poor",
        "levels": 1,
        "depression_anxiety": True,
    }
    assert describe_factors(PatientFactors(**given)) == [
        "age 72",
        "smoker",
        "BMI 31.5",
        "manual job",
        "poor overall health",
        "depression and anxiety",
        "1 level operated on",
    ]
    assert describe_factors(PatientFactors(levels=3)) == ["3 levels operated on"]
    assert describe_factors(PatientFactors(age=0)) == ["age 0"]
    assert describe_factors(PatientFactors()) == []
