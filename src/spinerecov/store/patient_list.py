"""Pure: a clinic's patient list (CSV) -> validated rows, or a reason per bad row.

The CSV has a header with id, procedure and date, and optional factor
columns named like the command-line options (age, smoker, diabetes, bmi,
job, nerve-damage, health, workers-comp, depression-anxiety, levels). A bad row is reported with its line number and
skipped; it never stops the good rows.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from spinerecov.errors import SpinerecovError, UsageError
from spinerecov.knowledge.lookup import find_procedure
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.plan.timeline import EARLIEST_SURGERY, LATEST_SURGERY

REQUIRED = ("id", "procedure", "date")
FACTOR_COLUMNS = (
    "age",
    "smoker",
    "diabetes",
    "bmi",
    "job",
    "nerve-damage",
    "health",
    "workers-comp",
    "depression-anxiety",
    "levels",
)
YES_NO_COLUMNS = frozenset({"smoker", "diabetes", "nerve-damage", "workers-comp", "depression-anxiety"})
TRUE_WORDS = {"yes", "y", "true", "1", "x"}
FALSE_WORDS = {"no", "n", "false", "0", ""}
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class PatientRow(NamedTuple):
    """One valid row: who, which operation, when, and their factors."""

    line: int
    id: str
    procedure: str
    """As written in the list (an id, an alias, or a name that needs a note); checked to exist."""
    surgery_date: dt.date
    factors: PatientFactors


class RowError(NamedTuple):
    """One bad row: its line in the file, its id if it has one, and why."""

    line: int
    id: str
    reason: str


def read_rows(text: str, kb: KnowledgeBase) -> Iterator[PatientRow | RowError]:
    """Each data row of the CSV `text` as a PatientRow, or a RowError saying what is wrong."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = _check_header(reader.fieldnames)
    seen: set[str] = set()
    line = 1
    for record in reader:
        line = reader.line_num
        ident = (record.get("id") or "").strip()
        try:
            extra = record.get(None)
            if extra:
                raise UsageError(f"has {len(extra) + len(columns)} values but the header has {len(columns)}")
            row = _row(line, record, kb)
            if row.id in seen:
                raise UsageError(f"id '{row.id}' appears twice; each patient needs their own id")
            seen.add(row.id)
            yield row
        except SpinerecovError as exc:
            yield RowError(line, ident, str(exc))


def _check_header(fieldnames: Sequence[str] | None) -> list[str]:
    from spinerecov.errors import UnknownNameError

    if not fieldnames:
        raise UsageError("The patient list is empty: it needs a header line, e.g. id,procedure,date")
    columns = [name.strip().lower() for name in fieldnames]
    known = {name: name for name in (*REQUIRED, *FACTOR_COLUMNS, "nerve_damage")}
    for name in columns:
        if name not in known:
            raise UnknownNameError("column", name, known, "batch --help")
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise UsageError(f"The patient list needs the columns {', '.join(REQUIRED)}; missing: {', '.join(missing)}.")
    return columns


def _row(line: int, record: dict[str, str], kb: KnowledgeBase) -> PatientRow:
    values = {key.strip().lower().replace("_", "-"): (value or "").strip() for key, value in record.items()}
    ident = values["id"]
    if not SAFE_ID.match(ident):
        raise UsageError(f"id '{ident}' must be 1-64 letters, digits, '.', '_' or '-' (it names the output file)")
    find_procedure(kb, values["procedure"] or "(empty)")  # an unknown name fails its row here
    try:
        surgery = dt.date.fromisoformat(values["date"])
    except ValueError:
        raise UsageError(f"date '{values['date']}' is not a real date; write it as YYYY-MM-DD") from None
    if not EARLIEST_SURGERY <= surgery <= LATEST_SURGERY:
        raise UsageError(f"date {surgery.isoformat()} is not a plausible surgery date")
    return PatientRow(line, ident, values["procedure"], surgery, _factors(values))


def _factors(values: dict[str, str]) -> PatientFactors:
    from pydantic import ValidationError

    given: dict[str, object] = {}
    for column in FACTOR_COLUMNS:
        raw = values.get(column, "")
        if not raw:
            continue
        field = column.replace("-", "_")
        if column in YES_NO_COLUMNS:
            given[field] = _yes_no(column, raw)
        elif column in ("age", "levels"):
            given[field] = _number(column, raw, int)
        elif column == "bmi":
            given[field] = _number(column, raw, float)
        else:
            given[field] = raw.lower()
    try:
        return PatientFactors.model_validate(given)
    except ValidationError as exc:
        error = exc.errors()[0]
        column = str(error["loc"][0]).replace("_", "-")
        raise UsageError(f"{column} '{values.get(column, '')}': {str(error['msg']).lower()}") from None


def _yes_no(column: str, raw: str) -> bool:
    word = raw.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise UsageError(f"{column} '{raw}' should be yes or no")


def _number(column: str, raw: str, kind: type[int] | type[float]) -> int | float:
    try:
        return kind(raw)
    except ValueError:
        raise UsageError(f"{column} '{raw}' is not a number") from None
