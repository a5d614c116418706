"""Cross-checks that need the whole knowledge base: each problem comes with its YAML path."""

from typing import Any

from spinerecov.i18n import _
from spinerecov.knowledge.check_in_checks import check_check_in
from spinerecov.knowledge.models import VERDICTS, KnowledgeBase, Procedure, Verdict
from spinerecov.knowledge.questionnaire_checks import check_questionnaires
from spinerecov.knowledge.yaml_reader import Problem, YamlPath


def cross_check(kb: KnowledgeBase) -> list[Problem]:
    """Checks that need the whole knowledge base; each problem has its YAML path."""
    problems: list[Problem] = []
    if kb.default_procedure not in kb.procedures:
        problems.append((("default_procedure",), _unknown("procedure", kb.default_procedure, ())))
    problems += _check_names("procedures", {k: p.aliases for k, p in kb.procedures.items()})
    problems += _check_names("activities", {k: a.aliases for k, a in kb.activities.items()})
    problems += _check_waits(kb)
    problems += _check_ambiguous_names(kb)
    for index, entry in enumerate(kb.not_covered):
        if entry.closest not in kb.procedures:
            problems.append((("not_covered", index, "closest"), _unknown("procedure", entry.closest, kb.procedures)))
    problems += _check_sources(kb)
    problems += _check_unique(("red_flags",), [f.id for f in kb.red_flags])
    problems += _check_unique(("factor_rules",), [r.id for r in kb.factor_rules])
    for proc_id, procedure in kb.procedures.items():
        problems += _check_procedure(kb, proc_id, procedure)
        problems += _check_opens_after(kb, proc_id, procedure)
    for index, rule in enumerate(kb.factor_rules):
        problems += _check_rule(kb, index, rule)
    problems += check_check_in(kb)
    problems += check_questionnaires(kb)
    return problems


def _check_names(section: str, aliases_by_id: dict[str, list[str]]) -> list[Problem]:
    owner: dict[str, str] = {name: name for name in aliases_by_id}
    problems: list[Problem] = []
    for ident, aliases in aliases_by_id.items():
        for index, alias in enumerate(aliases):
            if alias in owner and owner[alias] != ident:
                problem = _("alias '{alias}' also names '{other}'").format(alias=alias, other=owner[alias])
                problems.append(((section, ident, "aliases", index), problem))
            owner.setdefault(alias, ident)
    return problems


def _check_ambiguous_names(kb: KnowledgeBase) -> list[Problem]:
    """An ambiguous name is no procedure's id or alias, and names procedures that exist."""
    taken = {name for ident, p in kb.procedures.items() for name in (ident, *p.aliases)}
    problems: list[Problem] = []
    for index, entry in enumerate(kb.ambiguous_names):
        where: YamlPath = ("ambiguous_names", index)
        for name_index, name in enumerate(entry.names):
            if name in taken:
                problem = _("'{name}' already names a procedure").format(name=name)
                problems.append(((*where, "names", name_index), problem))
        for key, ids in (("resolves_to", [entry.resolves_to]), ("minimally_invasive", entry.minimally_invasive)):
            for ident in ids:
                if ident not in kb.procedures:
                    problems.append(((*where, key), _unknown("procedure", ident, kb.procedures)))
    return problems


def _check_unique(path: YamlPath, ids: list[str]) -> list[Problem]:
    seen: set[str] = set()
    problems: list[Problem] = []
    for index, ident in enumerate(ids):
        if ident in seen:
            problems.append(((*path, index, "id"), _("id '{id}' is used twice").format(id=ident)))
        seen.add(ident)
    return problems


def _check_sources(kb: KnowledgeBase) -> list[Problem]:
    """Every `sources` list anywhere names sources the catalogue has."""
    problems: list[Problem] = []
    data = kb.model_dump(exclude={"sources"})
    for path, source in _walk_source_ids(data, ()):
        if source not in kb.sources:
            problem = _("unknown source '{source}' (add it to the top-level 'sources')").format(source=source)
            problems.append((path, problem))
    return problems


def _walk_source_ids(value: Any, path: YamlPath) -> list[tuple[YamlPath, str]]:
    found: list[tuple[YamlPath, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" and isinstance(item, list):
                found += [((*path, key, i), s) for i, s in enumerate(item)]
            else:
                found += _walk_source_ids(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _walk_source_ids(item, (*path, index))
    return found


def _check_waits(kb: KnowledgeBase) -> list[Problem]:
    """Each activity an `opens_after` names exists and waits for nothing itself (one step: no chains, no loops)."""
    problems: list[Problem] = []
    for ident, activity in kb.activities.items():
        for index, need in enumerate(activity.opens_after):
            where: YamlPath = ("activities", ident, "opens_after", index)
            if need not in kb.activities:
                problems.append((where, _unknown("activity", need, kb.activities)))
            elif kb.activities[need].opens_after:
                problem = _("'{need}' waits for other activities itself; name what it waits for here").format(need=need)
                problems.append((where, problem))
    return problems


def _check_opens_after(kb: KnowledgeBase, proc_id: str, procedure: Procedure) -> list[Problem]:
    """An activity that waits for others (`opens_after`) opens no earlier than the day they all have no limit."""
    problems: list[Problem] = []
    for ident, activity in kb.activities.items():
        opening = _first_day_at_least(procedure.activities.get(ident) or [], "limited")
        needs = [n for n in activity.opens_after if n in kb.activities and not kb.activities[n].opens_after]
        for need in needs if opening is not None else []:
            free = _first_day_at_least(procedure.activities.get(need) or [], "yes")
            where: YamlPath = ("procedures", proc_id, "activities", ident)
            if free is None:
                problem = _("opens on day {day}, but '{need}' is never free of limits").format(day=opening, need=need)
                problems.append((where, problem))
            elif opening is not None and opening < free:
                problem = _("opens on day {day}, before '{need}' has no limit (day {free})").format(
                    day=opening, need=need, free=free
                )
                problems.append((where, problem))
    return problems


def _first_day_at_least(steps: list[Any], verdict: Verdict) -> int | None:
    """First day a schedule is at least as free as `verdict` and stays so; None if never."""
    rank = VERDICTS.index(verdict)
    first: int | None = None
    for step in steps:
        free = VERDICTS.index(step.verdict) >= rank
        first = (step.from_day if first is None else first) if free else None
    return first


def _check_procedure(kb: KnowledgeBase, proc_id: str, procedure: Procedure) -> list[Problem]:
    base: YamlPath = ("procedures", proc_id)
    problems = _check_phases(base, procedure)
    last_day = procedure.phases[-1].end
    problems += _check_unique((*base, "phases"), [p.id for p in procedure.phases])
    problems += _check_unique((*base, "milestones"), [m.id for m in procedure.milestones])
    general_flags = {f.id for f in kb.red_flags}
    for index, flag in enumerate(procedure.red_flags):
        if flag.id in general_flags:
            problem = _("id '{id}' is already a general red flag").format(id=flag.id)
            problems.append(((*base, "red_flags", index, "id"), problem))
    if any(a not in procedure.activities for a in kb.activities) and "general-guidance" not in kb.sources:
        # The engine answers "ask your surgeon" for such activities, citing general guidance.
        problems.append(((*base, "activities"), _("leaves out activities, so the sources need 'general-guidance'")))
    for activity, steps in procedure.activities.items():
        if activity not in kb.activities:
            problems.append(((*base, "activities", activity), _unknown("activity", activity, kb.activities)))
        problems += _check_steps((*base, "activities", activity), steps)
    phase_ids = {p.id for p in procedure.phases}
    if "full-recovery" not in {m.id for m in procedure.milestones}:
        problems.append(((*base, "milestones"), _("needs a 'full-recovery' milestone")))
    for index, milestone in enumerate(procedure.milestones):
        where = (*base, "milestones", index)
        latest = milestone.cautious_day if milestone.cautious_day is not None else milestone.day
        if latest is not None and latest > last_day:
            problem = _("day {day} is after the plan ends (day {last_day})").format(day=latest, last_day=last_day)
            problems.append((where, problem))
        if milestone.phase is not None and milestone.phase not in phase_ids:
            problems.append(((*where, "phase"), _unknown("phase", milestone.phase, phase_ids)))
        if milestone.activity is not None:
            steps = procedure.activities.get(milestone.activity, [])
            if milestone.activity not in kb.activities:
                problems.append(((*where, "activity"), _unknown("activity", milestone.activity, kb.activities)))
            elif not steps:
                problem = _("'{activity}' has no schedule in this procedure").format(activity=milestone.activity)
                problems.append(((*where, "activity"), problem))
            elif all(step.verdict == "not-yet" for step in steps):
                problem = _("'{activity}' never opens in this procedure").format(activity=milestone.activity)
                problems.append(((*where, "activity"), problem))
    return problems


def _check_phases(base: YamlPath, procedure: Procedure) -> list[Problem]:
    problems: list[Problem] = []
    phases = procedure.phases
    if phases[0].start != 0:
        problems.append(((*base, "phases", 0, "start"), _("the first phase must start on day 0 (the surgery day)")))
    for index in range(1, len(phases)):
        previous, phase = phases[index - 1], phases[index]
        if phase.start != previous.end + 1:
            problems.append(
                (
                    (*base, "phases", index, "start"),
                    _("must start on day {day}, the day after the previous phase ends").format(day=previous.end + 1),
                )
            )
        if previous.cautious_end is not None and previous.cautious_end >= phase.end:
            problems.append(
                (
                    (*base, "phases", index - 1, "cautious_end"),
                    _("must be before the next phase ends (day {day})").format(day=phase.end),
                )
            )
    return problems


def _check_steps(path: YamlPath, steps: list[Any]) -> list[Problem]:
    problems: list[Problem] = []
    if steps[0].from_day != 0:
        problems.append(((*path, 0, "from_day"), _("the first step must start on day 0")))
    for index in range(1, len(steps)):
        previous, step = steps[index - 1], steps[index]
        if step.from_day <= previous.from_day:
            problems.append(
                (
                    (*path, index, "from_day"),
                    _("must be later than the previous step (day {day})").format(day=previous.from_day),
                )
            )
        # A delay moves every step of an activity together, so compare cautious with cautious.
        next_cautious = step.cautious_from_day if step.cautious_from_day is not None else step.from_day
        if previous.cautious_from_day is not None and previous.cautious_from_day >= next_cautious:
            problems.append(
                (
                    (*path, index - 1, "cautious_from_day"),
                    _("must be before the next step (day {day})").format(day=next_cautious),
                )
            )
    return problems


def _check_rule(kb: KnowledgeBase, index: int, rule: Any) -> list[Problem]:
    where: YamlPath = ("factor_rules", index)
    problems: list[Problem] = []
    for proc_index, proc_id in enumerate(rule.procedures or []):
        if proc_id not in kb.procedures:
            problems.append(((*where, "procedures", proc_index), _unknown("procedure", proc_id, kb.procedures)))
    applicable = [kb.procedures[p] for p in (rule.procedures or kb.procedures) if p in kb.procedures]
    for target_index, target in enumerate(rule.targets):
        if not any(_target_movable(p, target) for p in applicable):
            problems.append(
                (
                    (*where, "targets", target_index),
                    _("'{target}' has no cautious value to move to in any procedure it applies to").format(
                        target=target
                    ),
                )
            )
    if rule.activity is not None and rule.activity not in kb.activities:
        problems.append(((*where, "activity"), _unknown("activity", rule.activity, kb.activities)))
    if rule.check_in is not None:
        for procedure in applicable:
            if rule.check_in.day > procedure.phases[-1].end:
                problems.append(((*where, "check_in", "day"), _("is after the plan ends")))
                break
            if rule.check_in.id in {m.id for m in procedure.milestones}:
                problem = _("'{id}' is already a milestone id").format(id=rule.check_in.id)
                problems.append(((*where, "check_in", "id"), problem))
                break
    return problems


def _target_movable(procedure: Procedure, target: str) -> bool:
    kind, _sep, ident = target.partition(":")
    if kind == "phase":
        return any(p.id == ident and p.cautious_end is not None for p in procedure.phases)
    if kind == "milestone":
        return any(m.id == ident and m.cautious_day is not None for m in procedure.milestones)
    return any(s.cautious_from_day is not None for s in procedure.activities.get(ident, []))


def _unknown(kind: str, name: str, known: Any) -> str:
    """A whole sentence for each kind, such as: unknown activity 'x' (did you mean 'y'?)."""
    from spinerecov.errors import either, suggest

    close = suggest(name, known)
    names = either(repr(c) for c in close)
    if kind == "procedure":
        text = _("unknown procedure '{name}' (did you mean {names}?)") if close else _("unknown procedure '{name}'")
    elif kind == "activity":
        text = _("unknown activity '{name}' (did you mean {names}?)") if close else _("unknown activity '{name}'")
    else:
        text = _("unknown phase '{name}' (did you mean {names}?)") if close else _("unknown phase '{name}'")
    return text.format(name=name, names=names)
