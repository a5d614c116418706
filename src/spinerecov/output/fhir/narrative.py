"""The CarePlan's human-readable side: its generated XHTML narrative, and the day its period ends.

FHIR shows a resource's `text.div` to people when a system cannot render the
data itself, so the narrative says what the plan is, when it runs, its phases
and when to get help. Every text from the knowledge base or a protocol is
escaped: the narrative is XHTML, and nothing in a file may become markup.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from spinerecov.i18n import _
from spinerecov.output.wording import ACTION_WORDS, fmt_date
from spinerecov.plan.timeline import Timeline

XHTML = "http://www.w3.org/1999/xhtml"


def plan_end(t: Timeline) -> dt.date:
    """The last day of the plan: the latest of every phase's end, activity step, milestone and visit."""
    days = [p.end_date for p in t.phases]
    days += [t.date_of(step.from_day) for outlook in t.activities for step in outlook.steps]
    days += [m.date for m in t.milestones]
    # A window (a questionnaire's) is an activity until its last day.
    days += [t.date_of(m.range.to_day) for m in t.milestones if m.range.window]
    return max(days)


def narrative(t: Timeline, title: str, end: dt.date) -> str:
    """The plan as a short XHTML `div`: title, period, phases with their dates, and the red flags by tier."""
    period = _("From {start} to {end}.").format(start=fmt_date(t.surgery_date), end=fmt_date(end))
    phases = "".join(
        f"<li>{escape(p.name)}: {escape(fmt_date(p.start_date))} - {escape(fmt_date(p.end_date))}</li>"
        for p in t.phases
    )
    flags = ""
    for action, words in ACTION_WORDS.items():
        symptoms = [escape(flag.symptom) for flag in t.red_flags if flag.action == action]
        if symptoms:
            heading = escape(_("{action} if you have:").format(action=_(words)))
            flags += f"<p>{heading}</p><ul>" + "".join(f"<li>{s}</li>" for s in symptoms) + "</ul>"
    return (
        f'<div xmlns="{XHTML}"><p><b>{escape(title)}</b></p><p>{escape(period)}</p><ul>{phases}</ul>'
        f"<p><b>{escape(_('Red flags: when to get help'))}</b></p>{flags}</div>"
    )
