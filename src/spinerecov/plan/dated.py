"""The one way from a patient's inputs to a plan: resolve the operation, personalise it, date it.

Every command and every batch row goes through `make_plan`, so a single-patient
export and a batch row can never differ.
"""

import datetime as dt
from typing import NamedTuple

from spinerecov.knowledge.lookup import ambiguity_note, find_procedure
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.knowledge.values import check_surgery_date
from spinerecov.plan.personalise import Personalised, personalise
from spinerecov.plan.timeline import Timeline, build_timeline


class PatientInputs(NamedTuple):
    """What we know about one patient: the operation as typed (None: the default), the date, the factors."""

    procedure: str | None
    surgery_date: dt.date | None
    factors: PatientFactors


class Plan(NamedTuple):
    """A patient's plan: the personalised operation, dated when the surgery date is known."""

    procedure_id: str
    personalised: Personalised
    timeline: Timeline | None
    note: str | None
    """Said once to the patient, e.g. that an ambiguous name gave the open operation's plan."""


def make_plan(kb: KnowledgeBase, inputs: PatientInputs, today: dt.date) -> Plan:
    """Resolve the operation, apply the patient's factors, and date the plan when the surgery date is known."""
    procedure_id, _procedure = find_procedure(kb, inputs.procedure)
    personalised = personalise(kb, procedure_id, inputs.factors)
    timeline = None
    if inputs.surgery_date is not None:
        surgery = check_surgery_date(inputs.surgery_date)
        timeline = build_timeline(kb, personalised, inputs.factors, surgery, today)
    return Plan(procedure_id, personalised, timeline, ambiguity_note(kb, inputs.procedure))
