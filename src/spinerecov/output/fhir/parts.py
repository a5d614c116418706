"""FHIR R4 building blocks shared by the patient bundle and the knowledge-base export: plain dicts, no library.

The resources are hand-built JSON-ready dicts so that exporting needs no FHIR
library at run time (one would add about 0.2 s of imports); the test suite
validates every resource against the R4 models of `fhir.resources`.
"""

from __future__ import annotations

from typing import Any

from spinerecov.i18n import _, current_language
from spinerecov.knowledge.models import KnowledgeBase, RedFlag
from spinerecov.output.wording import ACTION_WORDS, clinic_line, short_title

CPT_SYSTEM = "http://www.ama-assn.org/go/cpt"
UCUM = "http://unitsofmeasure.org"


def entry(resource: dict[str, Any], full_url: str) -> dict[str, Any]:
    """A Bundle entry: the resource and the URL other entries use to refer to it."""
    return {"fullUrl": full_url, "resource": resource}


BUNDLE_TYPES = ("collection", "transaction")
"""What `--fhir-bundle` takes: a collection to keep or hand over, or a transaction a server applies as one unit."""


def collection(bundle_id: str, entries: list[dict[str, Any]], bundle_type: str = "collection") -> dict[str, Any]:
    """A Bundle in the language its texts are written in (`en` or `es`): a `collection`, or a `transaction`.

    In a transaction every entry asks the server to PUT the resource at its own
    id (`CarePlan/<id>`): an update, or a create with the id we chose, so
    posting an updated plan again replaces the same records.
    """
    bundle = {"resourceType": "Bundle", "id": bundle_id, "language": current_language(), "type": bundle_type}
    if bundle_type == "transaction":
        entries = [{**item, "request": _put(item["resource"])} for item in entries]
    return {**bundle, "entry": entries}


def _put(resource: dict[str, Any]) -> dict[str, str]:
    return {"method": "PUT", "url": f"{resource['resourceType']}/{resource['id']}"}


def days(count: int) -> dict[str, Any]:
    """A number of days as a UCUM quantity."""
    return {"value": count, "unit": "days", "system": UCUM, "code": "d"}


def cpt_codes(codes: list[str]) -> dict[str, Any]:
    """Procedure codes as a CodeableConcept: the CPT codes only, never CPT's descriptor text."""
    return {"coding": [{"system": CPT_SYSTEM, "code": code} for code in codes]}


def citation(source_id: str, kb: KnowledgeBase) -> dict[str, Any]:
    """A source as a RelatedArtifact citation: its id as the label, its title as the citation."""
    source = kb.sources.get(source_id)
    title = source.title if source else source_id
    return {"type": "citation", "label": source_id, "display": short_title(source, source_id), "citation": title}


def citations(source_ids: list[str] | tuple[str, ...], kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Each source once, as a citation, in the order given."""
    return [citation(ident, kb) for ident in dict.fromkeys(source_ids)]


def red_flags_text(red_flags: tuple[RedFlag, ...] | list[RedFlag], kb: KnowledgeBase) -> str:
    """The red flags grouped by what to do (and the clinic to call), as markdown for an Annotation."""
    lines = [_("Red flags: when to get help")]
    contact = clinic_line(kb.clinic)
    if contact:
        lines.append(contact)
    for action, words in ACTION_WORDS.items():
        flags = [f"- {flag.symptom}" for flag in red_flags if flag.action == action]
        if flags:
            lines += ["", _("{action} if you have:").format(action=_(words)), *flags]
    return "\n".join(lines)


def sources_text(source_ids: list[str], kb: KnowledgeBase) -> str:
    """The sources as a markdown list for an Annotation: id and full title."""
    lines = [_("Sources:")]
    lines += [f"- {ident}: {kb.sources[ident].title if ident in kb.sources else ident}" for ident in source_ids]
    return "\n".join(lines)
