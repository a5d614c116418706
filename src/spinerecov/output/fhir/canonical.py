"""The canonical identity of each procedure's PlanDefinition: its `url`, `version` and resource id.

A PlanDefinition is a canonical resource: `url` names it everywhere and
`version` names one edition of it. The built-in knowledge base publishes
`urn:spinerecov:plandefinition:spinerecov:<procedure>`; a clinic protocol
publishes under its own source id (`urn:spinerecov:plandefinition:<source-id>:<procedure>`),
so loading one clinic's version never replaces the built-in one or another
clinic's. The version is spinerecov's with a digest of the procedure's
content, so any change to a procedure (a protocol's edit, a new release)
gives a new version, and the same content always the same one (texts count: a
Spanish edition is a version of its own).
"""

from __future__ import annotations

import hashlib
import uuid

from spinerecov import __version__
from spinerecov.knowledge.identity import NAMESPACE
from spinerecov.knowledge.models import KnowledgeBase

BUILT_IN_ORIGIN = "spinerecov"
"""The publisher part of the built-in knowledge base's canonical URLs."""


def origin(kb: KnowledgeBase) -> str:
    """Who publishes the knowledge base's PlanDefinitions: the protocol's source id, else spinerecov."""
    protocols = [ident for ident, source in kb.sources.items() if source.kind == "protocol"]
    return protocols[0] if kb.clinic is not None and protocols else BUILT_IN_ORIGIN


def definition_url(kb: KnowledgeBase, procedure_id: str) -> str:
    """The canonical URL of one procedure's PlanDefinition."""
    return f"urn:spinerecov:plandefinition:{origin(kb)}:{procedure_id}"


def definition_version(kb: KnowledgeBase, procedure_id: str) -> str:
    """The edition of one procedure's PlanDefinition: spinerecov's version and a digest of the procedure."""
    content = kb.procedures[procedure_id].model_dump_json().encode("utf-8")
    clinic = kb.clinic.model_dump_json().encode("utf-8") if kb.clinic else b""
    digest = hashlib.sha256(content + b"\n" + clinic).hexdigest()[:12]
    return f"{__version__}+{digest}"


def definition_id(kb: KnowledgeBase, procedure_id: str) -> str:
    """The PlanDefinition's resource id: a name-based UUID of its canonical URL (one per publisher and procedure)."""
    return str(uuid.uuid5(NAMESPACE, definition_url(kb, procedure_id)))


def canonical_reference(kb: KnowledgeBase, procedure_id: str) -> str:
    """`url|version`, how a CarePlan's `instantiatesCanonical` names the edition it follows."""
    return f"{definition_url(kb, procedure_id)}|{definition_version(kb, procedure_id)}"
