"""`kb check`: every red flag of every procedure can be raised by some check-in answer, or says why not."""

from spinerecov.i18n import _
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.quality import Finding
from spinerecov.knowledge.yaml_reader import Locator, YamlPath, dotted


def unraisable_red_flags(kb: KnowledgeBase) -> list[tuple[YamlPath, str]]:
    """(path, id) of each red flag no check-in answer raises and `check_in.not_asked` does not explain."""
    raisable = {flag for question in kb.check_in.questions for flag in question.raisable()}
    explained = {skipped.red_flag for skipped in kb.check_in.not_asked}
    found: list[tuple[YamlPath, str]] = []
    seen: set[str] = set()
    places: list[tuple[YamlPath, str]] = [(("red_flags", i), f.id) for i, f in enumerate(kb.red_flags)]
    for proc_id, procedure in kb.procedures.items():
        places += [(("procedures", proc_id, "red_flags", i), f.id) for i, f in enumerate(procedure.red_flags)]
    for path, flag_id in places:
        if flag_id not in raisable and flag_id not in explained and flag_id not in seen:
            found.append((path, flag_id))
            seen.add(flag_id)
    return found


def coverage_errors(kb: KnowledgeBase, where: Locator) -> list[Finding]:
    """A located error for each red flag a check-in can never raise (without a declared reason)."""
    problem = _(
        "no check-in answer raises red flag '{id}': add a question to check_in (or an answer that raises it),"
        " or list it under check_in.not_asked with the reason"
    )
    return [Finding(dotted(path), where(path), problem.format(id=flag)) for path, flag in unraisable_red_flags(kb)]


def not_asked_notes(kb: KnowledgeBase, where: Locator) -> list[Finding]:
    """A warning for each red flag `check_in.not_asked` says no check-in asks about, with its reason."""
    found = []
    for index, skipped in enumerate(kb.check_in.not_asked):
        path: YamlPath = ("check_in", "not_asked", index)
        message = _("red flag '{id}' is not asked in a check-in: {because}").format(
            id=skipped.red_flag, because=skipped.because
        )
        found.append(Finding(dotted(path), where(path), message))
    return found
