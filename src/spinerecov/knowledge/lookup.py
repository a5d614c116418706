"""Finding procedures and activities by the names people type, with did-you-mean."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinerecov.errors import UnknownNameError, either
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
    ident = ids_by_name.get(_normalise(name or kb.default_procedure))
    if ident is None:
        raise UnknownNameError("procedure", str(name), ids_by_name, "procedures")
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
