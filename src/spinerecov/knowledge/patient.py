"""What a patient tells us: their factors, and the profile that saves them (frozen, strict models)."""

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, create_model

from spinerecov.knowledge.factor_fields import patient_fields
from spinerecov.knowledge.factors import FACTORS, Factor
from spinerecov.knowledge.identity import PATIENT_ID_PATTERN
from spinerecov.knowledge.models import Identifier, Model, Text


class FactorValues(Model):
    """What the patient tells us about themselves; every field is optional (the fields come from the table)."""

    if TYPE_CHECKING:
        # The fields are made from knowledge/factors.py when the module loads, so a type checker cannot list
        # them: it reads any factor as Any here, and each value has the type of its row's kind at run time.
        def __getattr__(self, name: str) -> Any: ...  # noqa: D105

        def __init__(self, **factors: Any) -> None: ...  # noqa: D107


def factors_model(factors: tuple[Factor, ...]) -> type[FactorValues]:
    """The model of a patient's factors for the table `factors` (one field a row, in the table's order)."""
    model: type[FactorValues] = create_model(  # type: ignore[call-overload]
        "PatientFactors",
        __base__=FactorValues,
        __module__=__name__,
        __doc__="What the patient tells us about themselves; every field is optional.",
        **patient_fields(factors),
    )
    return model


if TYPE_CHECKING:
    PatientFactors = FactorValues
else:
    PatientFactors = factors_model(FACTORS)


class Profile(Model):
    """A patient's saved inputs, so that commands need not repeat them."""

    procedure: Identifier | None = None
    surgery_date: dt.date | None = None
    protocol: Text | None = None
    # A factory, not an instance: building an instance here would validate at import time.
    factors: PatientFactors = Field(default_factory=PatientFactors)
    # Made up once (a random 'urn:uuid:') so that FHIR re-imports update the same record.
    patient_id: Annotated[str, Field(pattern=PATIENT_ID_PATTERN)] | None = None
    # The language to answer in (see i18n/choose.py): after --lang and $SPINERECOV_LANG, before the locale.
    lang: Literal["en", "es"] | None = None
