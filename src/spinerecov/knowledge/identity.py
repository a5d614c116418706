"""The patient identity rule: what a patient identifier may look like, and the stable ids made from it.

Every export that an outside system re-imports (a FHIR bundle, a calendar)
names its records with `stable_uuid(patient_id, kind, ident)`: the same
patient and record give the same id on every export, whatever the surgery
date or procedure, so an updated plan replaces the old one; two patients
never share an id. A patient id is the clinic's identifier (`--patient-id`,
a batch row's `id`), or a random `urn:uuid:` kept in the saved profile.
"""

import re
import uuid

from spinerecov.i18n import N_

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""A knowledge-base or protocol id or alias (a procedure, activity, phase, milestone, red flag, rule...).

People type these and shells complete them, so they hold nothing a shell could read as syntax:
lowercase letters, digits and '-'.
"""

ID_RULE = N_("an id may hold only lowercase letters a-z, digits and '-', and starts with a letter or digit")

SOURCE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
"""A source's id: like an id, with capitals, '.' and '_' too (seed files are cited by file name)."""

SOURCE_ID_RULE = N_(
    "a source id may hold only letters a-z and A-Z, digits, '.', '_' and '-', and starts with a letter or digit"
)


def is_safe_id(value: str) -> bool:
    """Whether `value` is a usable id or alias: nothing in it that a shell could read as syntax."""
    return len(value) <= 60 and re.fullmatch(ID_PATTERN, value) is not None


PATIENT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
"""Letters, digits, '.', '_', ':' and '-', up to 64 characters, starting with a letter or digit."""


PATIENT_ID_RULE = N_("use 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit")


RANDOM_ID_PREFIX = "urn:uuid:"


# Fixed for ever: changing it would give every patient new ids (and duplicate records on re-import).
NAMESPACE = uuid.UUID("5b0f3c55-8f0e-4c6b-9d0a-2f5d7a1e6c11")


DEVICE_NAME = re.compile(r"(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:[.:].*)?", re.IGNORECASE)
"""Names Windows keeps for devices, in any case, with or without an extension: `CON`, `nul.md`, `Com1.txt`.

A batch writes each plan to ID.md, and on Windows `CON.md` is the console, not a file.
"""

DEVICE_NAME_RULE = N_(
    "it is a name Windows keeps for a device (CON, PRN, AUX, NUL, COM0-COM9, LPT0-LPT9,"
    " with or without an extension); choose another"
)


def is_device_name(value: str) -> bool:
    """Whether `value` is a Windows device name (which cannot name a file there)."""
    return DEVICE_NAME.fullmatch(value.strip()) is not None


def is_patient_id(value: str) -> bool:
    """Whether `value` is an acceptable patient identifier (never a Windows device name)."""
    return re.fullmatch(PATIENT_ID_PATTERN, value) is not None and not is_device_name(value)


def random_patient_id() -> str:
    """A new random identifier ('urn:uuid:...') for a patient who was given none."""
    return f"{RANDOM_ID_PREFIX}{uuid.uuid4()}"


def is_random_id(patient_id: str) -> bool:
    """Whether the identifier is one spinerecov made up (a 'urn:uuid:'), not a clinic's."""
    return patient_id.startswith(RANDOM_ID_PREFIX)


IDENTIFIER_SYSTEM_PATTERN = r"^[A-Za-z][A-Za-z0-9+.-]*:[!#-~]{1,250}$"
"""An absolute URI (a scheme, ':', then printable ASCII without spaces), as FHIR's Identifier.system wants:
'http://hospital.example.org/mrn', 'urn:oid:1.2.36.146.595.217.0.1'."""

IDENTIFIER_SYSTEM_RULE = N_(
    "an identifier system is an absolute URI such as http://hospital.example.org/mrn or urn:oid:1.2.3.4"
    " (a scheme, ':', then no spaces; up to 250 characters)"
)


def is_identifier_system(value: str) -> bool:
    """Whether `value` can name the namespace of patient identifiers (an absolute URI)."""
    return re.fullmatch(IDENTIFIER_SYSTEM_PATTERN, value) is not None


def stable_uuid(patient_id: str, kind: str, ident: str = "", system: str | None = None) -> uuid.UUID:
    """The id of one record of one patient: a name-based UUID from the patient id, the record's kind and id.

    With the identifier's `system`, the same value in two systems (two hospitals' "MRN-42") gives
    different ids; without one, the ids are those of the value alone (as they always were).
    """
    who = patient_id if system is None else f"{system}|{patient_id}"
    return uuid.uuid5(NAMESPACE, f"{who}\n{kind}\n{ident}")
