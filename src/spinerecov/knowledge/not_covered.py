"""Operations people name that the knowledge base has no plan for, each with the closest covered one.

A patient who types `laminectomy` or `XLIF` must not be shown another
operation's plan as if it were theirs, nor be sent there by a did-you-mean:
they are told plainly that there is no plan for it, which covered operation
is closest and why it is only the closest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from spinerecov.errors import UsageError
from spinerecov.i18n import _
from spinerecov.knowledge.model_types import Identifier, Model, Text

if TYPE_CHECKING:
    from spinerecov.knowledge.models import KnowledgeBase


class NotCovered(Model):
    """Names of one operation the knowledge base does not cover, and the closest one it does."""

    id: Identifier
    names: Annotated[list[Identifier], Field(min_length=1)]
    operation: Text
    closest: Identifier
    why: Text


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
