"""What a batch plan is made from, as one fingerprint: a plan is kept only when its fingerprint is unchanged.

A plan's bytes depend on its row (the patient id, the procedure as written,
the surgery date, the factors, the plan's language), on the batch (the
format, the day it counts from), and on what every row shares: the knowledge
base, the clinic protocol, the translations, and spinerecov itself (its
version and every file of the installed package: the code that plans and
renders, the message catalogs, the packaged data). The shared part is hashed
once per batch (`batch_fingerprint`); each row then adds only its own values
(`row_fingerprint`), so a fingerprint costs microseconds, not a plan.
"""

import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path

from spinerecov import __version__
from spinerecov.i18n import LANGUAGES
from spinerecov.store.patient_list import PatientRow

PACKAGE_FOLDER = Path(__file__).resolve().parent.parent
"""The installed spinerecov package: its code, catalogs and data."""


def batch_fingerprint(
    kb_path: Path,
    protocol: Path | None,
    plan_format: str,
    today: dt.date,
    records: tuple[str, str] = ("", "collection"),
) -> bytes:
    """SHA-256 of what every plan of the batch depends on besides its row.

    `records` is how the records name the patients (the identifier system, the FHIR Bundle type).

    Raises:
        KnowledgeBaseError: The knowledge base, the protocol or a translation cannot be read.
    """
    from spinerecov.knowledge.loader import KNOWLEDGE_BASE, PROTOCOL, TRANSLATION, read_input, translation_path

    parts = [b"spinerecov " + __version__.encode(), package_code(), plan_format.encode(), today.isoformat().encode()]
    parts += [f"records\0{records[0]}\0{records[1]}".encode()]
    parts.append(read_input(kb_path, KNOWLEDGE_BASE))
    parts.append(b"no protocol" if protocol is None else b"protocol\0" + read_input(protocol, PROTOCOL))
    for language in LANGUAGES:
        path = translation_path(language)
        # English has no translation file; the others are read as the knowledge base reads them.
        parts.append(language.encode() + b"\0" + (read_input(path, TRANSLATION) if path.is_file() else b""))
    return _digest(parts)


def row_fingerprint(shared: bytes, name: str, language: str, row: PatientRow) -> str:
    """The fingerprint of one plan: the batch's shared inputs, where it goes, its language and the row's values."""
    # The repr of a tuple of strings is unambiguous: no two different rows give the same text.
    values = (name, language, row.id, row.procedure, row.surgery_date.isoformat(), row.factors.model_dump_json())
    return hashlib.sha256(shared + repr(values).encode()).hexdigest()


def package_code(folder: Path = PACKAGE_FOLDER) -> bytes:
    """SHA-256 of every file of the package (not its byte-code caches): a changed install is a changed input."""
    digest = hashlib.sha256()
    for path in sorted(_package_files(folder)):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def _package_files(folder: Path) -> Iterable[Path]:
    for path in folder.rglob("*"):
        if "__pycache__" not in path.parts and path.suffix != ".pyc" and path.is_file():
            yield path


def _digest(parts: list[bytes]) -> bytes:
    """SHA-256 of `parts`, each length-prefixed (so no two different lists of parts give the same bytes)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.digest()
