"""Test helper: validate a spinerecov JSON document against the JSON Schema the package ships for it."""

import functools
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).resolve().parent.parent / "src" / "spinerecov" / "schemas"
PREFIX, SUFFIX = "spinerecov/", "/v1"


class DocumentError(AssertionError):
    """A JSON document that its own schema rejects (or that names no shipped schema)."""


@functools.cache
def _validator(name: str) -> Draft202012Validator:
    path = SCHEMAS / f"{name}.schema.json"
    if not path.is_file():
        raise DocumentError(f"no schema is shipped for the document {name!r}")
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def document_name(document: Any) -> str | None:
    """The name a document's `schema` gives (`timeline` for `spinerecov/timeline/v1`), None for anything else."""
    if not isinstance(document, dict):
        return None
    named = document.get("schema")
    if isinstance(named, str) and named.startswith(PREFIX) and named.endswith(SUFFIX):
        return named[len(PREFIX) : -len(SUFFIX)]
    return None


def validate_document(document: Any) -> str:
    """Raise DocumentError unless `document` is valid against the schema it names; return that name."""
    name = document_name(document)
    if name is None:
        raise DocumentError("not a spinerecov JSON document (no 'schema': 'spinerecov/NAME/v1')")
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in _validator(name).iter_errors(document)
    ]
    if errors:
        raise DocumentError(f"{name}: " + "; ".join(errors[:5]))
    return name


validated: list[str] = []
"""The names of the documents validated in this test process (for the sweep's own check)."""


def validate_output(text: str) -> None:
    """If `text` (a command's stdout) is a spinerecov JSON document, validate it against its schema.

    A document already found valid in this process (the same text, byte for byte) is not validated again.
    """
    if not text.lstrip().startswith("{"):
        return
    if text in _valid_texts:
        validated.append(_valid_texts[text])
        return
    try:
        document = json.loads(text)
    except ValueError:
        return
    if document_name(document) is not None:
        name = validate_document(document)
        _valid_texts[text] = name
        validated.append(name)


_valid_texts: dict[str, str] = {}
"""Documents found valid in this process, by their exact text, with their names."""
