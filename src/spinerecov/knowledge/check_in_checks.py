"""Cross-checks of the `check_in:` section against the rest of the knowledge base, each problem with its path.

Load-time checks: a question names red flags and procedures that exist, a threshold is the
number its red flag's own text gives, and a question the command line asks by name keeps the
kind its option reads. Whether every red flag can be raised is `kb check`'s business
(`check_in_coverage.py`), so a clinic protocol that adds a red flag still loads.
"""

from collections.abc import Iterable

from spinerecov.errors import either, suggest
from spinerecov.i18n import _
from spinerecov.knowledge.check_in_models import Question
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.yaml_reader import Problem, YamlPath

OPTION_KINDS: dict[str, str] = {
    "leg-pain": "number",
    "back-pain": "number",
    "temperature": "number",
    "wound": "choice",
    "saddle-numbness": "yes-no",
    "bladder-bowel": "choice",
    "leg-weakness": "choice",
    "pain-medicine": "choice",
    "walked": "minutes",
    "note": "text",
}
"""Questions `spinerecov check-in` asks with an option of their own (the rest take --answer ID=VALUE)."""

NUMBER_UNITS: dict[str, str] = {"leg-pain": "points", "back-pain": "points", "temperature": "celsius"}


def all_red_flags(kb: KnowledgeBase) -> set[str]:
    """Every red-flag id of the knowledge base: the shared ones and each procedure's."""
    return {f.id for f in kb.red_flags} | {f.id for p in kb.procedures.values() for f in p.red_flags}


def check_check_in(kb: KnowledgeBase) -> list[Problem]:
    """Problems of the check-in section, each with its YAML path."""
    section = kb.check_in
    problems: list[Problem] = []
    seen: set[str] = set()
    flags = all_red_flags(kb)
    for index, question in enumerate(section.questions):
        where: YamlPath = ("check_in", "questions", index)
        if question.id in seen:
            problems.append(((*where, "id"), _("id '{id}' is used twice").format(id=question.id)))
        seen.add(question.id)
        problems += _check_question(kb, question, where, flags)
    by_id = {q.id: q for q in section.questions}
    for index, figure in enumerate(section.typical_pain):
        where = ("check_in", "typical_pain", index)
        if figure.procedure not in kb.procedures:
            problems.append(((*where, "procedure"), _unknown_name("procedure", figure.procedure, kb.procedures)))
        asked = by_id.get(figure.question)
        if asked is None or asked.unit != "points":
            problem = _("'{name}' is not a check-in question scored in points").format(name=figure.question)
            problems.append(((*where, "question"), problem))
        if figure.to_day < figure.from_day:
            problems.append(((*where, "to_day"), _("to_day must not be before from_day")))
    for index, skipped in enumerate(section.not_asked):
        if skipped.red_flag not in flags:
            where = ("check_in", "not_asked", index, "red_flag")
            problems.append((where, _unknown_name("red flag", skipped.red_flag, flags)))
    return problems


def _check_question(kb: KnowledgeBase, question: Question, where: YamlPath, flags: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    expected = OPTION_KINDS.get(question.id)
    if expected is not None and question.kind != expected:
        problem = _("'{id}' has its own command-line option, which reads a '{kind}' answer").format(
            id=question.id, kind=expected
        )
        problems.append(((*where, "kind"), problem))
    unit = NUMBER_UNITS.get(question.id)
    if unit is not None and question.unit is not None and question.unit != unit:
        problems.append(((*where, "unit"), _("'{id}' is answered in {unit}").format(id=question.id, unit=unit)))
    named: list[tuple[YamlPath, str]] = [((*where, "if_yes", i), f) for i, f in enumerate(question.if_yes)]
    named += [((*where, "if_no", i), f) for i, f in enumerate(question.if_no)]
    for a_index, answer in enumerate(question.answers):
        named += [((*where, "answers", a_index, "raises", i), f) for i, f in enumerate(answer.raises)]
    named += [((*where, "thresholds", i, "raises"), t.raises) for i, t in enumerate(question.thresholds)]
    problems += [(path, _unknown_name("red flag", flag, flags)) for path, flag in named if flag not in flags]
    for index, threshold in enumerate(question.thresholds):
        problems += _check_threshold(kb, question, threshold.at_least, threshold.raises, (*where, "thresholds", index))
    return problems


def _check_threshold(
    kb: KnowledgeBase, question: Question, at_least: float, flag_id: str, where: YamlPath
) -> list[Problem]:
    problems: list[Problem] = []
    if question.range is not None and not question.range.min < at_least <= question.range.max:
        problems.append(((*where, "at_least"), _("the threshold must lie inside the question's range")))
    every = (*kb.red_flags, *(f for p in kb.procedures.values() for f in p.red_flags))
    texts = [flag.symptom for flag in every if flag.id == flag_id]
    number = f"{at_least:g}"
    if texts and not any(number in text for text in texts):
        problem = _("{number} is not in the red flag's own text: a threshold comes from its red flag").format(
            number=number
        )
        problems.append(((*where, "at_least"), problem))
    return problems


def _unknown_name(kind: str, name: str, known: Iterable[str]) -> str:
    """'unknown red flag 'x' (did you mean 'y'?)' or 'unknown procedure ...', each its own sentence."""
    close = suggest(name, known)
    names = either(repr(c) for c in close)
    if kind == "procedure":
        text = _("unknown procedure '{name}' (did you mean {names}?)") if close else _("unknown procedure '{name}'")
    else:
        text = _("unknown red flag '{name}' (did you mean {names}?)") if close else _("unknown red flag '{name}'")
    return text.format(name=name, names=names)
