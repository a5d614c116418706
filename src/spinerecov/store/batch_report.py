"""The batch report: every row's outcome (id, line, outcome, reason, output path) as CSV or JSON.

The JSON report is `{"schema": "spinerecov/batch-report/v1", "rows": [...]}`.

Rows are written as they come, into a temporary file beside the report that
takes its place when the batch ends, so memory stays flat and a half-written
report is never left under the report's name.
"""

import contextlib
import csv
import json
import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO

from spinerecov.errors import OutputFileError, UsageError, clip_path
from spinerecov.i18n import _
from spinerecov.store.batch_row import Outcome

COLUMNS = ("id", "line", "outcome", "reason", "path")
# The same form as every other JSON document's schema (output/json_parts.py:schema_name).
REPORT_SCHEMA = "spinerecov/batch-report/v1"
REPORT_FORMATS = {".csv": "csv", ".json": "json"}


def report_format(path: Path) -> str:
    """Csv or json, from the report file's extension; anything else is a usage error."""
    found = REPORT_FORMATS.get(path.suffix.lower())
    if found is None:
        raise UsageError(
            _("--report {path}: name a .csv or a .json file (the extension picks the format).").format(
                path=clip_path(path)
            )
        )
    return found


class BatchReport:
    """A report being written; `add` each outcome, then leave the `with` block to put it in place."""

    def __init__(self, path: Path) -> None:
        """Open a private temporary file beside `path`."""
        self.path = path
        self.kind = report_format(path)
        try:
            descriptor, self.temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as exc:
            raise _unwritable(path, exc) from None
        self.handle: IO[str] = os.fdopen(descriptor, "w", encoding="utf-8", newline="")
        self.rows = 0
        if self.kind == "csv":
            self.csv = csv.writer(self.handle, lineterminator="\n")
            self.csv.writerow(COLUMNS)
        else:
            self.handle.write(f'{{\n  "schema": "{REPORT_SCHEMA}",\n  "rows": [')

    def add(self, outcome: Outcome) -> None:
        """One row's outcome."""
        reason = "; ".join(text for text in (outcome.reason, outcome.note) if text)
        values = (outcome.id, outcome.line, outcome.outcome, reason, outcome.path)
        if self.kind == "csv":
            self.csv.writerow(values)
        else:
            separator = ",\n    " if self.rows else "\n    "
            self.handle.write(separator + json.dumps(dict(zip(COLUMNS, values, strict=True)), ensure_ascii=False))
        self.rows += 1

    def __enter__(self) -> "BatchReport":
        """The report itself."""
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        """Finish and put the report in place (durably); after an error, leave no trace."""
        if kind is not None:
            self._discard()
            return
        try:
            if self.kind == "json":
                self.handle.write("\n  ]\n}\n" if self.rows else "]\n}\n")
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.temporary, self.path)
            _sync_folder_entry(self.path.parent)
        except OSError as exc:
            self._discard()
            raise _unwritable(self.path, exc) from None

    def _discard(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)


def _unwritable(path: Path, exc: OSError) -> OutputFileError:
    return OutputFileError(
        _("Cannot write the report {path}: {reason}.").format(path=clip_path(path), reason=exc.strerror or exc)
    )


def _sync_folder_entry(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
