"""One place that picks a plan file format: markdown, JSON, iCalendar or a printable HTML handout."""

from __future__ import annotations

from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.json_parts import to_json
from spinerecov.output.json_plan import timeline_to_dict
from spinerecov.output.markdown import to_markdown
from spinerecov.plan.timeline import Timeline

PLAN_FORMATS = ("markdown", "json", "ics", "html")


def render_plan(timeline: Timeline, kb: KnowledgeBase, plan_format: str) -> str | bytes:
    """The plan in one of PLAN_FORMATS: markdown text, JSON text, iCalendar bytes or HTML text."""
    if plan_format == "json":
        return to_json(timeline_to_dict(timeline, kb))
    if plan_format == "ics":
        from spinerecov.output.calendar import to_ics

        return to_ics(timeline, kb)
    if plan_format == "html":
        from spinerecov.output.html_handout import to_html

        return to_html(timeline, kb)
    return to_markdown(timeline, kb)
