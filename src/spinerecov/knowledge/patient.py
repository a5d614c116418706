"""What a patient tells us: their factors, and the profile that saves them (frozen, strict models)."""

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from spinerecov.knowledge.identity import PATIENT_ID_PATTERN
from spinerecov.knowledge.models import HealthLevel, Identifier, JobType, Model, Text
from spinerecov.knowledge.values import AGE, BMI, LEVELS


class PatientFactors(Model):
    """What the patient tells us about themselves; every field is optional."""

    age: Annotated[int, Field(ge=AGE.low, le=AGE.high)] | None = None
    smoker: bool = False
    diabetes: bool = False
    bmi: Annotated[float, Field(ge=BMI.low, le=BMI.high)] | None = None
    job: JobType | None = None
    nerve_damage: bool = False
    health: HealthLevel | None = None
    workers_comp: bool = False
    depression_anxiety: bool = False
    levels: Annotated[int, Field(ge=LEVELS.low, le=LEVELS.high)] | None = None


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
