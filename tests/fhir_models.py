"""Test helper: validate exported FHIR with two independent validators.

1. The R4 (R4B package) pydantic models of the fhir.resources library.
2. The official HL7 FHIR R4 JSON schema (`fhir.schema.json`, vendored in
   `tests/fhir_schema/`, see the README there), with the jsonschema library:
   the Bundle as a whole, then each resource against its own definition.
"""

import functools
import gzip
import json
from pathlib import Path
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from jsonschema import Draft6Validator

FHIR_SCHEMA = Path(__file__).resolve().parent / "fhir_schema" / "fhir.schema.json.gz"


class SchemaError(AssertionError):
    """A resource that the official R4 JSON schema rejects."""


@functools.cache
def _schema() -> dict[str, Any]:
    with gzip.open(FHIR_SCHEMA, "rt", encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@functools.cache
def _validator(definition: str | None) -> Draft6Validator:
    """The validator for the whole schema (any resource), or for one resource type's definition."""
    schema = _schema()
    if definition is not None:
        schema = {"$ref": f"#/definitions/{definition}", "definitions": schema["definitions"]}
    return Draft6Validator(schema)


def validate_with_schema(resource: dict[str, Any], as_any: bool = True) -> None:
    """Raise SchemaError unless the official R4 JSON schema accepts `resource` as its type (and as any resource)."""
    for definition in (None, resource["resourceType"])[0 if as_any else 1 :]:
        errors = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in _validator(definition).iter_errors(resource)
        ]
        if errors:
            raise SchemaError("; ".join(errors))


def validate_resource(resource: dict[str, Any], as_any: bool = True) -> None:
    """Raise unless `resource` is a valid R4 resource of its resourceType for both validators."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    validate_with_schema(resource, as_any)


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Validate the bundle (which checks every entry as any resource), then every resource against its own type."""
    validate_resource(bundle)
    for item in bundle["entry"]:
        validate_resource(item["resource"], as_any=False)


def resources(bundle: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    """The bundle's resources of one type, in order."""
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type]
