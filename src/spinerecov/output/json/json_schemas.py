"""Every `--json` document's JSON Schema (2020-12), generated with pydantic from its type in `catalogue.py`.

`DOCUMENTS` is the one table: a document's name (its `schema` is
`spinerecov/<name>/v1`) and its type. Adding a document is one entry here;
`scripts/json_schemas.py` then writes its schema into the package
(`spinerecov/schemas/<name>.schema.json`, what `spinerecov schema NAME` prints)
and into `docs/schemas/`, and the test suite checks that both are what the
types generate and validates every document the tests produce against them.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from spinerecov.output.json import catalogue_shapes as catalogue
from spinerecov.output.json import check_in, diary, due, questionnaire
from spinerecov.output.json import plan_shapes as plan
from spinerecov.output.json import screen_shapes as screens

DOCUMENTS: dict[str, Any] = {
    "timeline": plan.TimelineDoc,
    "can-i": plan.AnswerDoc,
    "status": screens.StatusDoc,
    "compare": screens.CompareDoc,
    "procedures": catalogue.ProceduresDoc,
    "activities": catalogue.ActivitiesDoc,
    "red-flags": catalogue.RedFlagsDoc,
    "kb-check": catalogue.KbCheckDoc,
    "kb-sources": catalogue.KbSourcesDoc,
    "profile": catalogue.ProfileDoc,
    "batch-report": catalogue.BatchReportDoc,
    "check-in": check_in.CheckInDocument,
    "questionnaire": questionnaire.QuestionnaireOut,
    "diary": diary.DiaryDocument,
    "due": due.DueDocument,
}
"""Document name -> the type of the document (see the README's "JSON output")."""

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_id(name: str) -> str:
    """The schema's `$id`: a URN naming the document and its version, like its `schema` key."""
    return f"urn:spinerecov:schema:{name}:v1"


def document_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the document called `name` (one of `DOCUMENTS`)."""
    generated = TypeAdapter(DOCUMENTS[name]).json_schema(mode="serialization")
    return {"$schema": DIALECT, "$id": schema_id(name), **generated}


def schema_text(name: str) -> str:
    """The schema as the files hold it: indented JSON with a final newline."""
    import json

    return json.dumps(document_schema(name), indent=2, ensure_ascii=False) + "\n"
