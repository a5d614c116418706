"""Operations people name that the knowledge base has no plan for, each with the closest covered one.

A patient who types `laminectomy` or `XLIF` must not be shown another
operation's plan as if it were theirs, nor be sent there by a did-you-mean:
they are told plainly that there is no plan for it, which covered operation
is closest and why it is only the closest.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from spinerecov.knowledge.model_types import Identifier, Model, Text


class NotCovered(Model):
    """Names of one operation the knowledge base does not cover, and the closest one it does."""

    id: Identifier
    names: Annotated[list[Identifier], Field(min_length=1)]
    operation: Text
    closest: Identifier
    why: Text
