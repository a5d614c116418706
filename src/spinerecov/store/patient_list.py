"""Pure: a clinic's patient list (CSV): its header checked, each row's values -> a validated PatientRow.

The CSV has a header with id, procedure and date, optional factor columns
named like the command-line options (one per row of knowledge/factors.py:
age, smoker, bmi, nerve-damage, ...), and an
optional `lang` column (es or en: the language of that patient's plan). A bad
row raises with the reason; the batch reports it with its line number and
goes on (store/list_lines.py reads the lines, store/batch_run.py runs them).
"""

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

from spinerecov.errors import UsageError
from spinerecov.i18n import Language, _, current_language
from spinerecov.knowledge.factors import FACTORS, Factor
from spinerecov.knowledge.identity import DEVICE_NAME_RULE, is_device_name
from spinerecov.knowledge.lookup import find_procedure
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.knowledge.values import ValueProblem, decimal_number, surgery_date, whole_number
from spinerecov.knowledge.yaml_guards import format_character
from spinerecov.store.list_lines import escaped, shown

REQUIRED = ("id", "procedure", "date")
FACTOR_COLUMNS = tuple(factor.column for factor in FACTORS)
"""A column per patient factor, named like its option (from the factor table)."""
LANG_COLUMN = "lang"
"""Optional: the language of the patient's plan (es or en); empty or absent means the batch's language."""
TRUE_WORDS = {"yes", "y", "true", "1", "x", "sí", "si"}
"""Yes in a yes/no column, in English or Spanish (clinic staff write "sí")."""
FALSE_WORDS = {"no", "n", "false", "0", ""}
Value = TypeVar("Value")
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class PatientRow(NamedTuple):
    """One valid row: who, which operation, when, and their factors."""

    line: int
    id: str
    procedure: str
    """As written in the list (an id, an alias, or a name that needs a note); checked to exist."""
    surgery_date: dt.date
    factors: PatientFactors


def check_header(fieldnames: Sequence[str], where: str = "") -> list[str]:
    """The header's column names, checked: known names only, and id, procedure and date present.

    `where` names the file for the messages that can say file:line.
    """
    from spinerecov.errors import UnknownNameError

    if not fieldnames:
        raise UsageError(_("The patient list is empty: it needs a header line, e.g. id,procedure,date"))
    columns = [name.strip().lower().replace("_", "-") for name in fieldnames]
    known = {name: name for name in (*REQUIRED, *FACTOR_COLUMNS, LANG_COLUMN)}
    _check_separator(columns, known, where)
    for name in columns:
        if name not in known:
            raise UnknownNameError("column", shown(name), known, "batch --help")
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        needs = _("The patient list needs the columns {required}; missing: {missing}.")
        raise UsageError(needs.format(required=", ".join(REQUIRED), missing=", ".join(missing)))
    return columns


OTHER_SEPARATORS = {";": "';'", "\t": "tab", "|": "'|'"}
"""Separators other programs write (European Excel saves ';'): named in the message, never guessed.

A ';' list is refused rather than read, because its rows may hold decimal commas ("33,5") that
would then be read as two values; the fix is one save in the right format.
"""


def _check_separator(columns: Sequence[str], known: dict[str, str], where: str) -> None:
    """A header that is one column holding known names split by another separator: say which, and how to fix it."""
    if len(columns) != 1:
        return
    for separator, name in OTHER_SEPARATORS.items():
        parts = [part.strip().replace("_", "-") for part in columns[0].split(separator)]
        if len(parts) > 1 and any(part in known for part in parts):
            shown_name = _("a tab") if separator == "\t" else name
            raise UsageError(
                _(
                    "The patient list {path}:1 separates its columns with {separator}, but spinerecov reads"
                    " comma-separated lists. Save it as 'CSV UTF-8 (Comma delimited)' (in Excel: Save As),"
                    " or make ',' the separator instead of {separator} in a text editor."
                ).format(path=where or "-", separator=shown_name)
            )


def row_language(columns: Sequence[str], fields: Sequence[str], default: Language) -> Language:
    """The row's `lang` (es or en), else `default`; a UsageError for a language we do not speak."""
    from spinerecov.i18n.choose import parse_language

    if LANG_COLUMN not in columns:
        return default
    raw = fields[columns.index(LANG_COLUMN)].strip()
    if not raw:
        return default
    language = parse_language(raw)
    if language is None:
        raise UsageError(
            _("lang '{value}' is not a language spinerecov speaks; write es or en").format(value=shown(raw))
        )
    return language


def check_row(line: int, columns: Sequence[str], fields: Sequence[str], kb: KnowledgeBase) -> PatientRow:
    """One line's values as a PatientRow; a UsageError (or another SpinerecovError) says what is wrong."""
    values = {column: value.strip() for column, value in zip(columns, fields, strict=True)}
    for column, value in values.items():
        hidden = format_character(value)
        if hidden:
            problem = _(
                "{column} holds the invisible or direction-changing character {character}, which is not allowed"
            )
            raise UsageError(problem.format(column=column, character=hidden))
    ident = values["id"]
    if not SAFE_ID.match(ident):
        rule = _("id '{id}' must be 1-64 letters, digits, '.', '_' or '-' (it names the output file)")
        raise UsageError(rule.format(id=shown(ident)))
    if is_device_name(ident):
        device = _("id '{id}' is not usable; {rule}").format(id=ident, rule=_(DEVICE_NAME_RULE))
        raise UsageError(device)
    find_procedure(kb, values["procedure"] or _("(empty)"))  # an unknown name fails its row here
    surgery = _column("date", values["date"], surgery_date)
    return PatientRow(line, ident, values["procedure"], surgery, _factors(values))


def _column(column: str, raw: str, read: Callable[[str], Value]) -> Value:
    """`raw` read by `read`; its problem is the row's, with the column named and control characters escaped."""
    try:
        return read(raw)
    except ValueProblem as exc:
        raise UsageError(escaped(f"{column} {exc.message}")) from None


def _read(factor: Factor, raw: str) -> object:
    """A factor column's text as its value: yes or no, a number read as its option reads it, or a word."""
    if factor.kind == "yes-no":
        return _yes_no(factor.column, raw)
    if factor.bounds is not None:
        read = whole_number if factor.kind == "whole" else decimal_number
        bounds = factor.bounds
        return _column(factor.column, raw, lambda text: read(text, bounds))
    value = factor.choice_named(raw)
    if value is None:
        named = (
            [factor.spanish_words.get(v, v) for v in factor.choices]
            if current_language() == "es"
            else list(factor.choices)
        )
        raise UsageError(
            _("{column} '{value}' should be one of: {choices}").format(
                column=factor.column, value=shown(raw), choices=", ".join(named)
            )
        )
    return value


def _factors(values: dict[str, str]) -> PatientFactors:
    from pydantic import ValidationError

    given: dict[str, object] = {}
    for factor in FACTORS:
        raw = values.get(factor.column, "")
        if raw:
            given[factor.name] = _read(factor, raw)
    try:
        return PatientFactors.model_validate(given)
    except ValidationError as exc:
        error = exc.errors()[0]
        column = str(error["loc"][0]).replace("_", "-")
        raise UsageError(f"{column} '{shown(values.get(column, ''))}': {str(error['msg']).lower()}") from None


def _yes_no(column: str, raw: str) -> bool:
    word = raw.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise UsageError(_("{column} '{value}' should be yes or no").format(column=column, value=shown(raw)))
