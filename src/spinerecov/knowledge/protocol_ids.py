"""A protocol's ids checked against the knowledge base it changes, before the merge.

A phase, milestone or red flag is changed by its id; an id the knowledge base
does not have would silently add a new fact, so a typo (`wound-chek`) turned
into "name is required" far from the mistake. Adding one is explicit
(`new: true` beside its id); any other unknown id is reported as unknown,
with the closest ids, and left out of the merge so it causes nothing else.
"""

import re
from collections.abc import Callable
from typing import Any

from spinerecov.errors import clip, either, suggest
from spinerecov.i18n import N_, _
from spinerecov.knowledge.identity import ID_PATTERN
from spinerecov.knowledge.yaml_reader import Problem, YamlPath

UNKNOWN_IN_PROCEDURE = {
    "phases": N_(
        "'{name}' is not a phase of {procedure}.{did_you_mean} To add a new phase, write new: true beside its id."
    ),
    "milestones": N_(
        "'{name}' is not a milestone of {procedure}.{did_you_mean}"
        " To add a new milestone, write new: true beside its id."
    ),
    "red_flags": N_(
        "'{name}' is not a red flag of {procedure}.{did_you_mean} To add a new red flag, write new: true beside its id."
    ),
}
UNKNOWN_RED_FLAG = N_(
    "'{name}' is not a red flag of the knowledge base.{did_you_mean}"
    " To add a new red flag, write new: true beside its id."
)


ID = re.compile(ID_PATTERN)


def check_ids(base: Any, overlay: dict[str, Any]) -> tuple[list[Problem], dict[str, Any]]:
    """Problems for ids the base does not have (and not marked new), and the overlay without those entries."""
    problems: list[Problem] = []
    kept = dict(overlay)
    base_procedures = base.get("procedures") if isinstance(base, dict) else None
    procedures = dict(overlay.get("procedures") or {})
    for procedure_id, patch in procedures.items():
        existing = base_procedures.get(procedure_id) if isinstance(base_procedures, dict) else None
        if not isinstance(existing, dict) or not isinstance(patch, dict):
            continue  # a new procedure: everything in it is new
        patch = dict(patch)
        for key, template in UNKNOWN_IN_PROCEDURE.items():
            where: YamlPath = ("procedures", procedure_id, key)
            if key in patch:
                found, patch[key] = _known(existing.get(key), patch[key], where, template, procedure_id)
                problems += found
        procedures[procedure_id] = patch
    if procedures:
        kept["procedures"] = procedures
    if "red_flags" in overlay:
        found, kept["red_flags"] = _known(
            base.get("red_flags") if isinstance(base, dict) else None,
            overlay["red_flags"],
            ("red_flags",),
            UNKNOWN_RED_FLAG,
            "",
        )
        problems += found
    return problems, kept


def _known(existing: Any, patches: Any, where: YamlPath, template: str, procedure: str) -> tuple[list[Problem], Any]:
    """The patches whose id exists or that are marked new, and a problem for each of the others."""
    if not isinstance(patches, list):
        return [], patches
    ids: list[str] = [
        item["id"] for item in existing or [] if isinstance(item, dict) and isinstance(item.get("id"), str)
    ]
    problems: list[Problem] = []
    kept = []
    for index, patch in enumerate(patches):
        ident = patch.get("id") if isinstance(patch, dict) else None
        # An id that cannot be one at all is left to the protocol's validation, which says why.
        if not isinstance(ident, str) or ID.fullmatch(ident) is None or ident in ids or patch.get("new") is True:
            kept.append(patch)
            continue
        close = suggest(ident, ids)
        did_you_mean = " " + _("Did you mean {names}?").format(names=either(f"'{c}'" for c in close)) if close else ""
        message = _(template).format(name=clip(ident), procedure=procedure, did_you_mean=did_you_mean)
        problems.append(((*where, index, "id"), message))
    return problems, kept


def later_problems(data: Any, where: Any, validate: Callable[[Any, Any, str], object]) -> list[str]:
    """What `validate` (the loader's validation) reports for the merged `data`, located: all of it in one pass."""
    from spinerecov.errors import KnowledgeBaseError

    try:
        validate(data, where, "")
    except KnowledgeBaseError as exc:
        return exc.problems
    return []


def checks_did_not_run(error: Any) -> Any:
    """`error` saying that the checks that need the whole knowledge base wait until these problems are fixed."""
    error.message += "\n" + _("Fix these first: the checks that need the whole knowledge base did not run yet.")
    return error
