"""The plan file formats, each declared once: its name, file extensions, renderer, kind of content and help words.

`export`, `batch`, their `--format` choices and help texts, the file-name
guess and the tests all read `PLAN_FORMATS`. Adding a format is one entry here
and its renderer package beside the others. Renderers are imported only when a
plan is rendered: the CLI reads this table at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from spinerecov.i18n import N_, _

if TYPE_CHECKING:
    from spinerecov.knowledge.models import KnowledgeBase
    from spinerecov.output.calendar.plan import Revision
    from spinerecov.plan.timeline import Timeline


class Recipient(NamedTuple):
    """Whose plan it is, and how the records that name them are written."""

    patient_id: str
    """The patient's identifier (see `knowledge/identity.py`); empty where no format needs one."""
    id_system: str | None = None
    """The URI that names the identifier's namespace (FHIR `Patient.identifier.system`)."""
    fhir_bundle: str = "collection"
    """The FHIR Bundle's type: `collection` or `transaction`."""
    revision: Revision | None = None
    """The calendar's SEQUENCE and DTSTAMP; without one, both come from the plan's day (`today`)."""


Renderer = Callable[["Timeline", "KnowledgeBase", Recipient], "str | bytes"]
"""(dated plan, knowledge base, recipient) -> the plan file's text or bytes."""


class PlanFormat(NamedTuple):
    """One plan file format."""

    name: str
    """What `--format` takes."""
    extensions: tuple[str, ...]
    """File name endings without the dot: the first is written, every one is recognised in a file name."""
    render: Renderer
    binary: bool
    """The renderer gives bytes (True) or text."""
    batch: bool
    """`batch` can write it."""
    needs_patient_id: bool
    """The plan names the patient's records (the calendar's UIDs, the FHIR bundle's ids)."""
    help: str
    """How `--format` help names it (English, marked for translation)."""


def _markdown(timeline: Timeline, kb: KnowledgeBase, recipient: Recipient) -> str:
    from spinerecov.output.markdown.plan import to_markdown

    return to_markdown(timeline, kb)


def _json(timeline: Timeline, kb: KnowledgeBase, recipient: Recipient) -> str:
    from spinerecov.output.json.plan import timeline_json

    return timeline_json(timeline, kb)


def _ics(timeline: Timeline, kb: KnowledgeBase, recipient: Recipient) -> bytes:
    from spinerecov.output.calendar.plan import to_ics

    return to_ics(timeline, kb, recipient.patient_id, recipient.revision)


def _fhir(timeline: Timeline, kb: KnowledgeBase, recipient: Recipient) -> str:
    from spinerecov.output.fhir.plan import plan_bundle
    from spinerecov.output.json.encoding import to_json

    bundle = plan_bundle(timeline, kb, recipient.patient_id, recipient.id_system, recipient.fhir_bundle)
    return to_json(bundle)


def _html(timeline: Timeline, kb: KnowledgeBase, recipient: Recipient) -> str:
    from spinerecov.output.html.handout import to_html

    return to_html(timeline, kb)


PLAN_FORMATS = (
    PlanFormat("markdown", ("md",), _markdown, binary=False, batch=True, needs_patient_id=False, help="markdown"),
    PlanFormat("json", ("json",), _json, binary=False, batch=True, needs_patient_id=False, help="json"),
    PlanFormat("ics", ("ics",), _ics, binary=True, batch=True, needs_patient_id=True, help=N_("ics (a calendar)")),
    PlanFormat(
        "fhir",
        ("fhir.json",),
        _fhir,
        binary=False,
        batch=True,
        needs_patient_id=True,
        help=N_("fhir (an HL7 FHIR R4 bundle)"),
    ),
    PlanFormat(
        "html",
        ("html", "htm"),
        _html,
        binary=False,
        batch=True,
        needs_patient_id=False,
        help=N_("html (a handout to print)"),
    ),
)
"""Every plan file format; the first is the default."""
DEFAULT_FORMAT = PLAN_FORMATS[0]
FORMATS_BY_NAME = {f.name: f for f in PLAN_FORMATS}


def plan_format(name: str) -> PlanFormat:
    """The format called `name` (one of `PLAN_FORMATS`' names; the CLI checks what users type)."""
    return FORMATS_BY_NAME[name]


def format_of_file(file_name: str | None) -> PlanFormat:
    """The format a file name's ending names (the longest ending that matches), else the default."""
    name = (file_name or "").lower()
    endings = [(len(ext), f) for f in PLAN_FORMATS for ext in f.extensions if name.endswith("." + ext)]
    return max(endings, key=lambda found: found[0])[1] if endings else DEFAULT_FORMAT


def render_plan(
    timeline: Timeline,
    kb: KnowledgeBase,
    format_name: str,
    patient_id: str | None = None,
    recipient: Recipient | None = None,
) -> str | bytes:
    """The plan in the format called `format_name`.

    `patient_id` (see `knowledge/identity.py`) names the patient's records: the
    formats that need one (`needs_patient_id`) refuse to go without it. A
    `recipient` gives the id with how its records are written (and wins).
    """
    chosen = plan_format(format_name)
    if recipient is None:
        if patient_id is None and chosen.needs_patient_id:
            raise ValueError(_("a {format} plan needs a patient id").format(format=chosen.name))
        recipient = Recipient(patient_id or "")
    return chosen.render(timeline, kb, recipient)
