"""`spinerecov schema [NAME]`: the JSON Schema of a `--json` document, as shipped in the package."""

from typing import Annotated, Optional

import typer

from spinerecov.cli.app import app, out, reports_errors
from spinerecov.i18n import _


def shipped_schemas() -> dict[str, str]:
    """Document name -> the schema's text, for every schema shipped in the package (`spinerecov/schemas/`)."""
    from importlib.resources import files

    folder = files("spinerecov") / "schemas"
    suffix = ".schema.json"
    return {
        entry.name.removesuffix(suffix): entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(suffix)
    }


def _complete_name(incomplete: str) -> list[str]:
    return [name for name in shipped_schemas() if name.startswith(incomplete)]


@app.command()
@reports_errors
def schema(
    name: Annotated[
        Optional[str],
        typer.Argument(
            metavar="NAME",
            autocompletion=_complete_name,
            help=_("The document, as its 'schema' names it: timeline for spinerecov/timeline/v1."),
        ),
    ] = None,
) -> None:
    """Print the JSON Schema (2020-12) of a --json document; without NAME, list the documents.

    Every --json document names its schema first ("schema":
    "spinerecov/timeline/v1"); this prints that schema, generated from the
    code that writes the document, for check-jsonschema or any validator.
    The same files are in docs/schemas/.

    \b
    Examples:
      spinerecov schema
      spinerecov schema timeline > timeline.schema.json
    """
    from spinerecov.errors import UnknownNameError

    shipped = shipped_schemas()
    if name is None:
        out("".join(f"{document}\tspinerecov/{document}/v1\n" for document in shipped))
        return
    if name not in shipped:
        raise UnknownNameError("document", name, {document: document for document in shipped}, "schema")
    out(shipped[name])
