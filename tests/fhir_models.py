"""Test helper: validate exported FHIR with two independent validators.

1. The R4 (R4B package) pydantic models of the fhir.resources library.
2. The official HL7 FHIR R4 JSON schema (`fhir.schema.json`, vendored in
   `tests/fhir_schema/`, see the README there), with the jsonschema library:
   the Bundle as a whole, every entry checked as "any resource" on the way.

The schema says "any resource" as a `oneOf` over 146 resource definitions and names
`resourceType` as its `discriminator`. Plain `oneOf` validates every branch in full to
report errors; `_schema_validator` goes straight to the branch the discriminator maps the
instance to. That is the same verdict, not a weaker one: every mapped definition requires
`resourceType` with `const` equal to its own name (checked when the schema is loaded), so
every other branch fails, and exactly one branch passes exactly when the mapped one does.
Anything the mapping does not cover goes through plain `oneOf`.
"""

import functools
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from jsonschema import Draft6Validator, ValidationError, validators

FHIR_SCHEMA = Path(__file__).resolve().parent / "fhir_schema" / "fhir.schema.json.gz"


class SchemaError(AssertionError):
    """A resource that the official R4 JSON schema rejects."""


@functools.cache
def _schema() -> dict[str, Any]:
    with gzip.open(FHIR_SCHEMA, "rt", encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@functools.cache
def discriminated() -> dict[str, str]:
    """ResourceType -> `$ref` of its definition, from the schema's own discriminator, premise checked."""
    schema = _schema()
    discriminator = schema["discriminator"]
    assert discriminator["propertyName"] == "resourceType"
    mapping: dict[str, str] = dict(discriminator["mapping"])
    for name, ref in mapping.items():
        definition = schema["definitions"][ref.removeprefix("#/definitions/")]
        assert definition["properties"]["resourceType"]["const"] == name, ref
        assert "resourceType" in definition["required"], ref
    return mapping


plain_one_of = Draft6Validator.VALIDATORS["oneOf"]


def _one_of(validator: Any, one_of: list[Any], instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    """`oneOf`, taking the discriminator's branch when every branch is a mapped resource definition."""
    mapping = discriminated()
    refs = {branch.get("$ref") for branch in one_of if isinstance(branch, dict) and len(branch) == 1}
    kind = instance.get("resourceType") if isinstance(instance, dict) else None
    chosen = mapping.get(kind) if isinstance(kind, str) else None
    if chosen is None or chosen not in refs or len(refs) != len(one_of) or not refs <= set(mapping.values()):
        yield from plain_one_of(validator, one_of, instance, schema)
        return
    index = next(i for i, branch in enumerate(one_of) if branch["$ref"] == chosen)
    errors = list(validator.descend(instance, one_of[index], schema_path=index))
    if errors:
        yield ValidationError(f"{instance!r} is not valid under any of the given schemas", context=errors)


DiscriminatingValidator = validators.extend(Draft6Validator, {"oneOf": _one_of})  # type: ignore[no-untyped-call]


@functools.cache
def _schema_validator(definition: str | None, plain: bool = False) -> Any:
    """The validator for the whole schema (any resource), or for one resource type's definition."""
    schema = _schema()
    if definition is not None:
        schema = {"$ref": f"#/definitions/{definition}", "definitions": schema["definitions"]}
    return (Draft6Validator if plain else DiscriminatingValidator)(schema)


def schema_errors(resource: dict[str, Any], definition: str | None = None, plain: bool = False) -> list[str]:
    """What the official R4 schema says is wrong with `resource` (as any resource, or as `definition`)."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in _schema_validator(definition, plain).iter_errors(resource)
    ]


def validate_with_schema(resource: dict[str, Any], as_any: bool = True) -> None:
    """Raise SchemaError unless the official R4 JSON schema accepts `resource` (as any resource, else as its type)."""
    errors = schema_errors(resource, None if as_any else resource["resourceType"])
    if errors:
        raise SchemaError("; ".join(errors))


def validate_resource(resource: dict[str, Any], as_any: bool = True) -> None:
    """Raise unless `resource` is a valid R4 resource of its resourceType for both validators."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    validate_with_schema(resource, as_any)


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Validate the bundle, which checks every entry as the resource its resourceType says, with both validators.

    The models check the bundle as a whole too, then each resource again as its own class.
    """
    validate_resource(bundle)
    for item in bundle["entry"]:
        get_fhir_model_class(item["resource"]["resourceType"]).model_validate(item["resource"])


def resources(bundle: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    """The bundle's resources of one type, in order."""
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type]
