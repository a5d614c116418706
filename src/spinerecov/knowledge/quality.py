"""Pure: what a knowledge base holds, the quality problems that are not errors, and who cites what."""

from typing import Any, NamedTuple

from spinerecov.i18n import _
from spinerecov.knowledge.fidelity import fidelity_findings, general_only_facts
from spinerecov.knowledge.models import ActivityStep, KnowledgeBase
from spinerecov.knowledge.steps import freedom, step_on
from spinerecov.knowledge.yaml_reader import Locator, YamlPath, dotted


class Finding(NamedTuple):
    """A warning: where (YAML path and file:line) and what."""

    path: str
    where: str
    message: str


def summary(kb: KnowledgeBase) -> dict[str, Any]:
    """Counts and ids: procedures, phases, activities, sources by kind, red flags, factor rules, clinic."""
    kinds: dict[str, int] = {}
    for source in kb.sources.values():
        kinds[source.kind] = kinds.get(source.kind, 0) + 1
    return {
        "procedures": list(kb.procedures),
        "phases": sum(len(p.phases) for p in kb.procedures.values()),
        "milestones": sum(len(p.milestones) for p in kb.procedures.values()),
        "activities": list(kb.activities),
        "sources": kinds,
        "red_flags": len(kb.red_flags) + sum(len(p.red_flags) for p in kb.procedures.values()),
        "factor_rules": len(kb.factor_rules),
        "clinic": kb.clinic.name if kb.clinic else None,
    }


def warnings(kb: KnowledgeBase, base: KnowledgeBase | None, where: Locator) -> list[Finding]:
    """Quality problems: silent activities, general-guidance-only facts, loosened or re-tightened limits."""
    found: list[tuple[YamlPath, str]] = []
    for proc_id, procedure in kb.procedures.items():
        for activity in kb.activities:
            if activity not in procedure.activities:
                found.append(
                    (
                        ("procedures", proc_id, "activities"),
                        _("says nothing about '{activity}' (answers: ask your surgeon)").format(activity=activity),
                    )
                )
        for activity, steps in procedure.activities.items():
            path: YamlPath = ("procedures", proc_id, "activities", activity)
            found += [((*path, index), message) for index, message in _tightens_again(steps)]
            if base is not None and proc_id in base.procedures and activity in base.procedures[proc_id].activities:
                loosened = _first_looser_day(steps, base.procedures[proc_id].activities[activity])
                if loosened is not None:
                    problem = _("less cautious than the built-in plan from day {day}: check this is intended")
                    found.append((path, problem.format(day=loosened)))
    cited = {source for _path, sources in citations(kb) for source in sources}
    found += [(("sources", ident), _("is not cited by any fact")) for ident in kb.sources if ident not in cited]
    for path in general_only_facts(kb):
        found.append((path, _("cites only general-guidance: add a seed text, a guideline or a paper if one exists")))
    return [Finding(dotted(p), where(p), m) for p, m in found]


def fidelity_errors(kb: KnowledgeBase, where: Locator) -> list[Finding]:
    """Clinical-fidelity errors (ranges, MIS vs open, discectomy vs fusion, factors), located."""
    return [Finding(dotted(f.path), where(f.path), f.message) for f in fidelity_findings(kb)]


def _tightens_again(steps: list[ActivityStep]) -> list[tuple[int, str]]:
    problems = []
    for index in range(1, len(steps)):
        if freedom(steps[index]) < freedom(steps[index - 1]):
            problem = _("is stricter from day {day} than before it: intended?").format(day=steps[index].from_day)
            problems.append((index, problem))
    return problems


def _first_looser_day(steps: list[ActivityStep], base_steps: list[ActivityStep]) -> int | None:
    """The first day on which `steps` allow more than `base_steps` (verdict, weight or minutes)."""
    for day in sorted({s.from_day for s in (*steps, *base_steps)}):
        mine, theirs = freedom(step_on(steps, day)), freedom(step_on(base_steps, day))
        if any(a > b for a, b in zip(mine, theirs, strict=True)):
            return day
    return None


def citations(kb: KnowledgeBase) -> list[tuple[YamlPath, list[str]]]:
    """Every `sources` list in the knowledge base with the path of the fact it belongs to."""
    found: list[tuple[YamlPath, list[str]]] = []

    def walk(value: Any, path: YamlPath) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "sources" and isinstance(item, list):
                    found.append((path, item))
                else:
                    walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(kb.model_dump(exclude={"sources"}), ())
    return found


def sources_index(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Each source with the facts that cite it (YAML paths), in catalogue order."""
    cited_by: dict[str, list[str]] = {source: [] for source in kb.sources}
    for path, sources in citations(kb):
        for source in sources:
            cited_by.setdefault(source, []).append(dotted(path))
    return [
        {"id": ident, "kind": source.kind, "title": source.title, "note": source.note, "cited_by": cited_by[ident]}
        for ident, source in kb.sources.items()
    ]
