"""Test helper: validate exported FHIR against the R4 (R4B package) models of the fhir.resources library."""

from typing import Any

from fhir.resources.R4B import get_fhir_model_class


def validate_resource(resource: dict[str, Any]) -> None:
    """Raise pydantic's ValidationError unless `resource` is a valid R4 resource of its resourceType."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Validate the bundle, then every resource in it on its own against its own model."""
    validate_resource(bundle)
    for item in bundle["entry"]:
        validate_resource(item["resource"])


def resources(bundle: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    """The bundle's resources of one type, in order."""
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type]
