"""The patient factors: one table, one row per factor, from which everything about a factor is made.

A row says what a factor is (a yes/no, a whole or decimal number with its
bounds, or a choice among words), the help of its option and the words that
describe it. From the table come the fields of `PatientFactors` (patient.py),
the conditions a factor rule can set (`FactorCondition`, rule_conditions.py),
the command-line options (cli/factor_options.py), the profile's keys and the
words said when the profile supplies one (store/profile_factors.py), the
columns of a patient list (store/patient_list.py), the JSON `factors` object
(the model's dump) and every sentence that describes a factor (the plan's
"Patient factors" line and --explain). Adding a factor is adding a row here,
its words' Spanish in the catalog, and the rules that use it in the knowledge base.

Light on purpose (the command line reads it at start-up): the standard library
and our own words only, no pydantic.
"""

from dataclasses import dataclass, field
from typing import Literal

from spinerecov.i18n import N_, N_plural
from spinerecov.knowledge.values import AGE, BMI, LEVELS, Bounds

FactorKind = Literal["yes-no", "whole", "decimal", "choice"]
"""A yes/no ("--smoker/--no-smoker"), a whole number, a decimal number, or one of a few words."""

ConditionTest = Literal["flag", "at-least", "one-of"]
"""How a rule's condition is tested: a yes/no factor equals it, a number reaches it, or a choice is among it."""

TESTS: dict[FactorKind, ConditionTest] = {
    "yes-no": "flag",
    "whole": "at-least",
    "decimal": "at-least",
    "choice": "one-of",
}
"""Each kind of factor, and how a rule's condition on it is tested."""

CONDITION_SUFFIX: dict[ConditionTest, str] = {"flag": "", "at-least": "_at_least", "one-of": "_in"}
"""A rule's condition is named after its factor: `smoker`, `age_at_least`, `job_in`."""


@dataclass(frozen=True)
class Factor:
    """One patient factor: what it is, how it is asked for, and how it is said.

    Every text is English, marked for the catalog (`N_`), and translated where it
    is shown. The option, the patient-list column and the profile key are the
    factor's name, with '-' for '_' where people type it: `nerve_damage` is
    `--nerve-damage/--no-nerve-damage`, the column `nerve-damage` and the
    profile key `nerve_damage`.
    """

    name: str
    """The field of `PatientFactors`, the profile key and (with '-') the option and the column."""
    kind: FactorKind
    help: str
    """The option's help."""
    said: str | tuple[str, str]
    """The factor in a plan's list of factors: a yes/no's word when it is yes; a number's
    '{value}' sentence, or its singular and plural; unused for a choice (its words say it)."""
    saved: str | tuple[str, str]
    """The words said when the profile supplies it: a yes/no's (yes, no); '... {value}' for the others."""
    unsaid: str = ""
    """A yes/no's word when it is no, as --explain says it when a rule wants 'no'."""
    threshold: str = ""
    """A number as --explain says it when a rule's '<name>_at_least' holds: '{value}' and '{limit}'."""
    bounds: Bounds | None = None
    """A number's smallest and largest value, both included."""
    metavar: str = ""
    """A number option's placeholder in --help."""
    choices: dict[str, str] = field(default_factory=dict)
    """A choice's values, each with the words that describe it."""
    spanish_words: dict[str, str] = field(default_factory=dict)
    """A choice's values as a Spanish speaker writes them ('desk': 'oficina'); accepted in every language."""

    def choice_named(self, word: str) -> str | None:
        """The choice value `word` names (its own value or its Spanish word, any case or accents), else None."""
        folded = fold_word(word)
        for value in self.choices:
            if folded in (value, fold_word(self.spanish_words.get(value, value))):
                return value
        return None

    @property
    def option(self) -> str:
        """The option's name without dashes ('nerve-damage'), which is also the patient-list column."""
        return self.name.replace("_", "-")

    @property
    def column(self) -> str:
        """The patient-list column."""
        return self.option

    @property
    def flags(self) -> str:
        """The option as Typer declares it: '--smoker/--no-smoker', '--age'."""
        return f"--{self.option}/--no-{self.option}" if self.kind == "yes-no" else f"--{self.option}"

    @property
    def test(self) -> ConditionTest:
        """How a factor rule tests this factor."""
        return TESTS[self.kind]

    @property
    def condition(self) -> str:
        """The name of the condition a factor rule sets on this factor: 'smoker', 'age_at_least', 'job_in'."""
        return self.name + CONDITION_SUFFIX[self.test]


def fold_word(word: str) -> str:
    """A typed word without case, accents or surrounding space ('Pesado ' and 'pesado' alike)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", word.strip().casefold())
    return "".join(letter for letter in decomposed if not unicodedata.combining(letter))


FACTORS: tuple[Factor, ...] = (
    Factor(
        "age",
        "whole",
        N_("Your age in years (0 to 120)."),
        said=N_("age {value}"),
        saved=N_("age {value}"),
        threshold=N_("age {value} ({limit} or over)"),
        bounds=AGE,
        metavar="YEARS",
    ),
    Factor(
        "smoker",
        "yes-no",
        N_("You smoke."),
        said=N_("smoker"),
        unsaid=N_("non-smoker"),
        saved=(N_("smoker"), N_("no smoker")),
    ),
    Factor(
        "diabetes",
        "yes-no",
        N_("You have diabetes."),
        said=N_("diabetes"),
        unsaid=N_("no diabetes"),
        saved=(N_("diabetes"), N_("no diabetes")),
    ),
    Factor(
        "bmi",
        "decimal",
        N_("Your body-mass index (10 to 100; 31.5 or 31,5)."),
        said=N_("BMI {value}"),
        saved=N_("bmi {value}"),
        threshold=N_("BMI {value} ({limit} or over)"),
        bounds=BMI,
        metavar="BMI",
    ),
    Factor(
        "job",
        "choice",
        N_("The work you go back to."),
        said="",
        saved=N_("job {value}"),
        choices={
            "desk": N_("desk job"),
            "light": N_("light job"),
            "manual": N_("manual job"),
            "heavy": N_("heavy job"),
        },
        spanish_words={"desk": "oficina", "light": "ligero", "manual": "manual", "heavy": "pesado"},
    ),
    Factor(
        "nerve_damage",
        "yes-no",
        N_("Weakness or numbness before surgery, or a nerve compressed for a long time."),
        said=N_("nerve damage before surgery"),
        unsaid=N_("no nerve damage"),
        saved=(N_("nerve damage"), N_("no nerve damage")),
    ),
    Factor(
        "health",
        "choice",
        N_("Your overall health."),
        said="",
        saved=N_("health {value}"),
        choices={
            "good": N_("good overall health"),
            "fair": N_("fair overall health"),
            "poor": N_("poor overall health"),
        },
        spanish_words={"good": "buena", "fair": "regular", "poor": "mala"},
    ),
    Factor(
        "workers_comp",
        "yes-no",
        N_("You have a workers' compensation claim for your back."),
        said=N_("workers' compensation claim"),
        unsaid=N_("no workers' compensation claim"),
        saved=(N_("workers comp"), N_("no workers comp")),
    ),
    Factor(
        "depression_anxiety",
        "yes-no",
        N_("You live with depression and anxiety."),
        said=N_("depression and anxiety"),
        unsaid=N_("no depression and anxiety"),
        saved=(N_("depression anxiety"), N_("no depression anxiety")),
    ),
    Factor(
        "levels",
        "whole",
        N_("How many spinal levels were fused (1 to 10)."),
        # Said of any operation: a discectomy has levels too, and nothing was fused.
        said=N_plural("{value} level operated on", "{value} levels operated on"),
        saved=N_("levels {value}"),
        threshold=N_("{value} levels fused ({limit} or more)"),
        bounds=LEVELS,
        metavar="N",
    ),
)
"""Every patient factor, in the order they are asked for, listed and saved."""


def by_name(factors: tuple[Factor, ...] | None = None) -> dict[str, Factor]:
    """The factors of `factors` (default: the table) by name."""
    return {factor.name: factor for factor in (FACTORS if factors is None else factors)}


def rule_conditions(factors: tuple[Factor, ...]) -> dict[str, Factor]:
    """Every condition a rule can set on `factors`, by its name, in the order --explain describes them.

    Yes/no factors first, then numbers, then choices (each in the table's order).
    """
    order: tuple[ConditionTest, ...] = ("flag", "at-least", "one-of")
    return {f.condition: f for test in order for f in factors if f.test == test}
