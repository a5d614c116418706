"""The diary's schemas, and the migrations from each to the next.

1. `entries` (entry_id, kind, on_day, procedure, surgery_date, payload, saved_at).
2. The same columns, now with checks (a known kind, ISO dates, a bounded payload)
   so a row edited by hand cannot be saved in a shape every later read would
   refuse, and an index on (on_day, entry_id), the order every reader asks for
   (and what `--since` looks up).

Entry ids are AUTOINCREMENT: an id once given (and then removed) is never given
again, so an export that names entry 7 never names another entry later.
"""

SCHEMA_VERSION = 2
COLUMNS = ("entry_id", "kind", "on_day", "procedure", "surgery_date", "payload", "saved_at")
MAX_PAYLOAD_CHARS = 65536
_DATE = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
SCHEMA_1 = """
CREATE TABLE entries (
    entry_id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    on_day TEXT NOT NULL,
    procedure TEXT NOT NULL,
    surgery_date TEXT NOT NULL,
    payload TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
"""
_SCHEMA_2_TABLE = f"""
CREATE TABLE {{name}} (
    entry_id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('check-in', 'questionnaire')),
    on_day TEXT NOT NULL CHECK (on_day GLOB {_DATE}),
    procedure TEXT NOT NULL CHECK (length(procedure) BETWEEN 1 AND 100),
    surgery_date TEXT NOT NULL CHECK (surgery_date GLOB {_DATE}),
    payload TEXT NOT NULL CHECK (length(payload) <= {MAX_PAYLOAD_CHARS}),
    saved_at TEXT NOT NULL
);
"""
_INDEX = "CREATE INDEX entries_by_day ON entries (on_day, entry_id);"
MIGRATIONS = {
    # 1 -> 2: rebuild the table with its checks (SQLite adds checks only by copying), keeping every
    # entry id and the id counter, so an id once given is never given again.
    1: [
        _SCHEMA_2_TABLE.format(name="entries_2"),
        f"INSERT INTO entries_2 ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} FROM entries",  # noqa: S608
        "CREATE TEMP TABLE kept_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'entries'",
        "DROP TABLE entries",
        "ALTER TABLE entries_2 RENAME TO entries",
        "DELETE FROM sqlite_sequence WHERE name = 'entries'",
        "INSERT INTO sqlite_sequence (name, seq) SELECT 'entries', max(coalesce((SELECT max(entry_id) FROM entries),"
        " 0), coalesce((SELECT max(seq) FROM kept_sequence), 0))",
        "DROP TABLE kept_sequence",
        _INDEX,
    ],
}
"""Schema N -> N+1, each a list of statements run in the migration's one transaction."""
FRESH = [_SCHEMA_2_TABLE.format(name="entries"), _INDEX]
"""How a new diary is made: the current schema directly."""
