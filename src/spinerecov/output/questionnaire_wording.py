"""The words of an answered questionnaire, shared by the terminal and the JSON document."""

from spinerecov.i18n import _, ngettext
from spinerecov.i18n.formats import decimal
from spinerecov.knowledge.models import Source
from spinerecov.knowledge.questionnaire_models import ChangeThreshold, Questionnaire, QuestionnaireItem
from spinerecov.output.wording import fmt_date, source_titles
from spinerecov.plan.questionnaire_result import QuestionnaireResult
from spinerecov.plan.scoring import Answer, Comparison, ThresholdVerdict


def points(value: float) -> str:
    """'1 point', '2.7 points' (in the current language's decimal style)."""
    return ngettext("{count} point", "{count} points", 1 if value == 1 else 2).format(count=decimal(value))


def scale_line(questionnaire: Questionnaire) -> str:
    """'0 to 10, lower is better: the number you chose.'."""
    scoring = questionnaire.scoring
    better = _("lower is better") if scoring.better == "lower" else _("higher is better")
    return _("{low} to {high}, {better}: {how}.").format(
        low=decimal(scoring.min), high=decimal(scoring.max), better=better, how=scoring.text
    )


def answer_words(item: QuestionnaireItem, answer: Answer) -> str:
    """An answer as the patient chose it: the number, or the choice's words."""
    if item.answers is None:
        return f"{answer} {item.unit}" if item.unit else str(answer)
    return next(a.text for a in item.answers if a.id == answer)


def change_line(comparison: Comparison) -> str:
    """'4 points better than before surgery (6 on Wed 24 Apr 2024), 67% better.'."""
    when = fmt_date(comparison.baseline_on)
    baseline = decimal(comparison.baseline)
    change = abs(comparison.improvement)
    if comparison.improvement == 0:
        text = _("The same as your first answer ({score} on {date}).")
        if comparison.before_surgery:
            text = _("The same as before surgery ({score} on {date}).")
        return text.format(score=baseline, date=when)
    if comparison.improvement > 0:
        text = _("{points} better than before surgery ({score} on {date}).")
        if not comparison.before_surgery:
            text = _("{points} better than your first answer ({score} on {date}).")
    else:
        text = _("{points} worse than before surgery ({score} on {date}).")
        if not comparison.before_surgery:
            text = _("{points} worse than your first answer ({score} on {date}).")
    line = text.format(points=points(change), score=baseline, date=when)
    if comparison.percent is not None and comparison.improvement > 0:
        line += " " + _("That is {percent}% better.").format(percent=decimal(round(comparison.percent)))
    return line


def threshold_words(threshold: ChangeThreshold) -> str:
    """'2 points (or 30%)', '3.2 points', '30%'."""
    if threshold.points is not None and threshold.percent is not None:
        return _("{points} (or {percent}%)").format(points=points(threshold.points), percent=decimal(threshold.percent))
    if threshold.points is not None:
        return points(threshold.points)
    return f"{decimal(threshold.percent or 0)}%"


def verdict_line(verdict: ThresholdVerdict, sources: dict[str, Source]) -> str:
    """'More than the 2 points (or 30%) most people notice (low back pain). Source: ...'."""
    threshold = verdict.threshold
    text = (
        _("At least the {change} most people notice")
        if verdict.reached
        else _("Less than the {change} most people notice")
    )
    line = text.format(change=threshold_words(threshold))
    if threshold.population:
        line += f" ({threshold.population})"
    return line + ". " + _("Source: {titles}.").format(titles=source_titles(threshold.sources, sources))


def comparison_parts(result: QuestionnaireResult, sources: dict[str, Source]) -> tuple[list[str], list[str]]:
    """The change since the baseline (and "sources differ" when several thresholds apply), then each threshold."""
    comparison = result.comparison
    if comparison is None:
        return [_("This is your first answer: later answers are compared with it.")], []
    lines = [change_line(comparison)]
    if not comparison.verdicts:
        return [*lines, _("No published threshold for a meaningful change of this questionnaire.")], []
    if comparison.sources_differ:
        lines.append(_("Sources differ on the change most people notice:"))
    return lines, [verdict_line(v, sources) for v in comparison.verdicts]


def comparison_lines(result: QuestionnaireResult, sources: dict[str, Source]) -> list[str]:
    """Every sentence of the comparison, in order (as `--json` gives them in `summary`)."""
    head, verdicts = comparison_parts(result, sources)
    return head + verdicts
