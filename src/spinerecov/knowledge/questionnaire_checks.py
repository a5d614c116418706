"""Cross-checks of the questionnaires and their schedule against the rest of the knowledge base."""

from spinerecov.i18n import _
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.questionnaire_models import Questionnaire, QuestionnaireItem
from spinerecov.knowledge.yaml_reader import Problem


def check_questionnaires(kb: KnowledgeBase) -> list[Problem]:
    """Each score range is what the items can give; each time point names questionnaires that exist, once."""
    problems: list[Problem] = []
    for questionnaire_id, questionnaire in kb.questionnaires.items():
        problems += _check_range(questionnaire_id, questionnaire)
    seen: set[str] = set()
    for index, point in enumerate(kb.questionnaire_schedule):
        if point.id in seen:
            problems.append((("questionnaire_schedule", index, "id"), _("id '{id}' is used twice").format(id=point.id)))
        seen.add(point.id)
        for position, name in enumerate(point.questionnaires):
            if name not in kb.questionnaires:
                problem = _("unknown questionnaire '{name}'").format(name=name)
                problems.append((("questionnaire_schedule", index, "questionnaires", position), problem))
    return problems


def item_bounds(item: QuestionnaireItem) -> tuple[int, int]:
    """The lowest and highest value an item can take."""
    if item.answers is not None:
        values = [answer.value for answer in item.answers]
        return min(values), max(values)
    return item.min or 0, item.max or 0


def _check_range(questionnaire_id: str, questionnaire: Questionnaire) -> list[Problem]:
    scoring = questionnaire.scoring
    low = sum(item_bounds(item)[0] for item in questionnaire.items) * scoring.multiply
    high = sum(item_bounds(item)[1] for item in questionnaire.items) * scoring.multiply
    if (low, high) == (scoring.min, scoring.max):
        return []
    problem = _("the items give scores from {low:g} to {high:g}, not {min:g} to {max:g}").format(
        low=low, high=high, min=scoring.min, max=scoring.max
    )
    return [(("questionnaires", questionnaire_id, "scoring"), problem)]
