"""Options that say how exported records name the patient and travel: the identifier's system, the FHIR Bundle type."""

from typing import Annotated, Optional

import typer

from spinerecov.cli.parsers import choice_among
from spinerecov.i18n import _

FHIR_BUNDLE_TYPES = ("collection", "transaction")
"""What --fhir-bundle takes (the same words as `output/fhir/parts.BUNDLE_TYPES`)."""


def parse_identifier_system(value: str) -> str:
    """An identifier system (an absolute URI), or a clear usage error."""
    from spinerecov.knowledge.identity import IDENTIFIER_SYSTEM_RULE, is_identifier_system

    if not is_identifier_system(value):
        raise typer.BadParameter(
            _("'{value}' is not a usable identifier system; {rule}.").format(
                value=value, rule=_(IDENTIFIER_SYSTEM_RULE)
            )
        )
    return value


def bundle_type(fhir_bundle: str | None, output_format: str) -> str:
    """The FHIR Bundle type --fhir-bundle asks for (collection by default); with another format, a usage error."""
    if fhir_bundle is None:
        return "collection"
    if output_format != "fhir":
        from spinerecov.errors import UsageError

        raise UsageError(_("--fhir-bundle is for --format fhir."))
    return fhir_bundle


PatientIdSystemOption = Annotated[
    Optional[str],
    typer.Option(
        "--patient-id-system",
        parser=parse_identifier_system,
        metavar="URI",
        help=_(
            "Whose identifier --patient-id is: the URI of your records' namespace (e.g."
            " http://hospital.example.org/mrn). FHIR writes it as Patient.identifier.system and its ids"
            " depend on it. Default: the clinic protocol's clinic.identifier_system, if any."
        ),
    ),
]

FhirBundleOption = Annotated[
    Optional[str],
    typer.Option(
        "--fhir-bundle",
        **choice_among(FHIR_BUNDLE_TYPES),
        help=_(
            "The FHIR Bundle's type: collection (to keep or hand over) or transaction (to post to a FHIR"
            " server, which applies it as one unit: PUT by id). Default: collection."
        ),
    ),
]
