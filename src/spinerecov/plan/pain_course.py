"""Pure: a check-in's pain scores beside the published average for the same procedure and time, where one exists.

Only figures the knowledge base holds (`check_in.typical_pain`, each with its source) are used:
with none for the procedure and day, nothing is compared.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spinerecov.knowledge.check_in_models import PainFigure
from spinerecov.knowledge.check_in_values import AnswerValue


@dataclass(frozen=True)
class PainComparison:
    """A patient's score beside a published average: `standing` is 'above', 'below' or 'same'."""

    figure: PainFigure
    score: float
    standing: str


def compare_pain(
    figures: Sequence[PainFigure], procedure_id: str, day: int, answers: Mapping[str, AnswerValue]
) -> list[PainComparison]:
    """Each pain answer with a published figure for this procedure whose window holds `day`."""
    found: list[PainComparison] = []
    for figure in figures:
        score = answers.get(figure.question)
        if figure.procedure != procedure_id or not figure.from_day <= day <= figure.to_day:
            continue
        if isinstance(score, bool) or not isinstance(score, int | float):
            continue
        standing = "above" if score > figure.mean else "below" if score < figure.mean else "same"
        found.append(PainComparison(figure, float(score), standing))
    return found
