"""Finding procedures and activities by the names people type, with did-you-mean."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinerecov.errors import UnknownNameError, UsageError, either
from spinerecov.i18n import _

if TYPE_CHECKING:
    from spinerecov.knowledge.models import Activity, KnowledgeBase, Procedure


def find_procedure(kb: KnowledgeBase, name: str | None) -> tuple[str, Procedure]:
    """The procedure called `name` (an id or alias, any case); the default when `name` is None.

    A name that can mean the open or the minimally invasive operation gives the
    open one, the slower and safer plan (see `ambiguity_note`).
    """
    ids_by_name = _ids_by_name({k: p.aliases for k, p in kb.procedures.items()})
    for entry in kb.ambiguous_names:
        ids_by_name.update(dict.fromkeys(entry.names, entry.resolves_to))
    typed = _normalise(name or kb.default_procedure)
    ident = ids_by_name.get(typed)
    if ident is None:
        refuse_not_covered(kb, typed, str(name))
        # A near miss of a name with no plan is suggested as itself, and then told so: never another operation.
        uncovered = {n: f"not-covered:{entry.id}" for entry in kb.not_covered for n in entry.names}
        raise UnknownNameError("procedure", str(name), {**uncovered, **ids_by_name}, "procedures")
    return ident, kb.procedures[ident]


def ambiguity_note(kb: KnowledgeBase, name: str | None) -> str | None:
    """What to tell someone whose procedure name can mean the open or the minimally invasive operation."""
    typed = _normalise(name or "")
    for entry in kb.ambiguous_names:
        if typed in entry.names:
            choices = either(f"--procedure {ident}" for ident in entry.minimally_invasive)
            return _(
                "'{name}' can be open or minimally invasive; showing {procedure}. "
                "For the minimally invasive operation use {choices}."
            ).format(name=typed, procedure=entry.resolves_to, choices=choices)
    return None


def batch_ambiguity_note(kb: KnowledgeBase, name: str | None) -> str | None:
    """The same, for a patient list: what to write in the procedure column instead."""
    typed = _normalise(name or "")
    for entry in kb.ambiguous_names:
        if typed in entry.names:
            return _(
                "'{name}' can be open or minimally invasive; showing {procedure}. "
                "For the minimally invasive operation, write {choices} in the procedure column."
            ).format(name=typed, procedure=entry.resolves_to, choices=either(entry.minimally_invasive))
    return None


def find_activity(kb: KnowledgeBase, name: str) -> tuple[str, Activity]:
    """The activity called `name` (an id or alias, any case)."""
    ids_by_name = _ids_by_name({k: a.aliases for k, a in kb.activities.items()})
    ident = ids_by_name.get(_normalise(name))
    if ident is None:
        raise UnknownNameError("activity", name, ids_by_name, "activities")
    return ident, kb.activities[ident]


def own_work(kb: KnowledgeBase, name: str, job: str | None) -> str | None:
    """The work activity `name` means when it is "work" (or "my job", ...): the one for the patient's job.

    None when `name` is not such a word, or names an activity of the knowledge
    base itself. Without a job there is no single answer, so the patient is asked which.
    """
    from spinerecov.knowledge.work import WORK_ACTIVITY_OF_JOB, WORK_WORDS, work_activity

    typed = _normalise(name)
    if typed not in WORK_WORDS or typed in _ids_by_name({k: a.aliases for k, a in kb.activities.items()}):
        return None
    own = work_activity(job)
    if own is not None and own in kb.activities:
        return own
    choices = either(f"'{ident}'" for ident in dict.fromkeys(WORK_ACTIVITY_OF_JOB.values()) if ident in kb.activities)
    raise UsageError(
        _(
            "Which work? Give your job with --job desk, light, manual or heavy (or save it with"
            " 'spinerecov profile set --job ...'), or ask about {choices}."
        ).format(choices=choices)
    )


def _ids_by_name(aliases_by_id: dict[str, list[str]]) -> dict[str, str]:
    names = {ident: ident for ident in aliases_by_id}
    for ident, aliases in aliases_by_id.items():
        for alias in aliases:
            names.setdefault(alias, ident)
    return names


def _normalise(name: str) -> str:
    """How a typed name is matched: any case, `_` or a space for `-`, accents ignored (`endoscópica`)."""
    return fold_accents(name.strip().lower()).replace("_", "-").replace(" ", "-")


def fold_accents(name: str) -> str:
    """`endoscópica` -> `endoscopica`, `ñ` -> `n`: accents are ignored when names are matched."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def refuse_not_covered(kb: KnowledgeBase, typed: str, shown: str) -> None:
    """Raise a usage error when `typed` (normalised) names an operation the knowledge base does not cover.

    Called only for a name no procedure has: a clinic protocol that adds such an
    operation (`mis-decompression`) covers it, and its plan is shown.
    """
    for entry in kb.not_covered:
        if typed in entry.names and entry.closest in kb.procedures:
            closest = kb.procedures[entry.closest]
            raise UsageError(
                _(
                    "'{name}' is not in the knowledge base: spinerecov has no plan for {operation}."
                    " The closest operation it covers is {closest} ({closest_name}): {why}"
                ).format(
                    name=shown,
                    operation=entry.operation,
                    closest=entry.closest,
                    closest_name=closest.name,
                    why=entry.why,
                ),
                _("Ask your surgeon whether that plan fits you before you use --procedure {closest}.").format(
                    closest=entry.closest
                ),
            )
