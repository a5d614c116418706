"""The building blocks of the knowledge-base models: the base model and the value types every model uses.

Kept apart from the models themselves so that the factor rules (`factor_rule_models.py`)
and the rest of the knowledge base can share them without importing each other.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from spinerecov.knowledge.identity import ID_PATTERN, IDENTIFIER_SYSTEM_PATTERN, SOURCE_ID_PATTERN

Verdict = Literal["yes", "limited", "not-yet"]
"""An answer to "can I ...?": allowed, allowed within a limit, or not yet."""

VERDICTS: tuple[Verdict, ...] = ("not-yet", "limited", "yes")
"""Verdicts from most to least cautious."""

Day = Annotated[int, Field(ge=0, le=3650)]


Identifier = Annotated[str, Field(pattern=ID_PATTERN, max_length=60)]
"""An id or alias people type and shells complete (see `identity.ID_PATTERN`)."""


SourceId = Annotated[str, Field(pattern=SOURCE_ID_PATTERN, max_length=100)]


SourceList = Annotated[list[str], Field(min_length=1)]


Text = Annotated[str, Field(min_length=1)]

IdentifierSystem = Annotated[str, Field(pattern=IDENTIFIER_SYSTEM_PATTERN, max_length=260)]
"""The namespace of a clinic's patient identifiers: an absolute URI (see `identity.IDENTIFIER_SYSTEM_PATTERN`)."""

JobType = Literal["desk", "light", "manual", "heavy"]

HealthLevel = Literal["good", "fair", "poor"]


RedFlagAction = Literal["emergency", "call-surgeon", "call-within-24h"]
"""Red-flag tiers: go to the emergency department now; call your surgeon now (if you cannot
reach them, go to the emergency department); call within 24 hours."""


class Model(BaseModel):
    """Base for every knowledge-base model: immutable and strict."""

    # strict: YAML values are never coerced ("62380" stays text, 1 is not True).
    # defer_build: building validators costs start-up time; a cached knowledge
    # base is unpickled without validating, so build them only when needed.
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, defer_build=True)
