"""One place that picks a plan file format: markdown, JSON, iCalendar, FHIR or a printable HTML handout."""

from __future__ import annotations

from spinerecov.i18n import _
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.json.encoding import to_json
from spinerecov.output.json.plan import repeated_timeline_json, timeline_json
from spinerecov.output.markdown.plan import repeated_markdown, to_markdown
from spinerecov.plan.timeline import Timeline

PLAN_FORMATS = ("markdown", "json", "ics", "fhir", "html")


def render_plan(
    timeline: Timeline, kb: KnowledgeBase, plan_format: str, patient_id: str | None = None, repeated: bool = False
) -> str | bytes:
    """The plan in one of PLAN_FORMATS: markdown, JSON, iCalendar bytes, a FHIR bundle (JSON) or an HTML handout.

    `patient_id` (see `knowledge/identity.py`) names the patient's records: the calendar's UIDs and
    the FHIR bundle's ids need it. `repeated`: many plans of a few shapes follow (a batch), so the
    text of each shape is kept and filled in (`plan_template`); the bytes are the same either way.
    """
    if plan_format == "json":
        return (repeated_timeline_json if repeated else timeline_json)(timeline, kb)
    if plan_format == "ics":
        from spinerecov.output.calendar.plan import repeated_ics, to_ics

        calendar = repeated_ics if repeated else to_ics
        return calendar(timeline, kb, _needed(patient_id, _("a calendar needs a patient id")))
    if plan_format == "fhir":
        from spinerecov.output.fhir.plan import plan_bundle

        return to_json(plan_bundle(timeline, kb, _needed(patient_id, _("a FHIR bundle needs a patient id"))))
    if plan_format == "html":
        from spinerecov.output.html.handout import to_html

        return to_html(timeline, kb)
    return (repeated_markdown if repeated else to_markdown)(timeline, kb)


def _needed(patient_id: str | None, message: str) -> str:
    if patient_id is None:
        raise ValueError(message)
    return patient_id
