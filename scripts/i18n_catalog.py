"""Keep the Spanish message catalog in step with the code: extract, merge, compile, check.

    python scripts/i18n_catalog.py update   # new messages in, gone ones out, .mo rebuilt
    python scripts/i18n_catalog.py check    # exit 1 when a message is untranslated or a file is stale
    python scripts/i18n_catalog.py take FILE.yaml...  # fill translations from [{en, es}] lists
                                                      # (plurals: lists, or es and es_plural keys)

Messages are what the code passes to `_`, `N_`, `N_plural` and `ngettext` (found by
Babel's extractor), plus the docstrings of commands, which Typer shows as
their help. The .po file is the source; the .mo beside it is compiled from it
and shipped in the wheel.
"""

import ast
import datetime
import inspect
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "spinerecov"
LOCALE = PACKAGE / "i18n" / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "N_plural": (1, 2), "pgettext": ((1, "c"), 2)}


def command_docstrings() -> list[tuple[str, int, str]]:
    """(file, line, help) for each function that a Typer `.command(...)` or `.callback(...)` decorates."""
    found = []
    for path in sorted((PACKAGE / "cli").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            decorated = any(
                isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in {"command", "callback"}
                for d in node.decorator_list
            )
            doc = ast.get_docstring(node, clean=False)
            if decorated and doc:
                found.append((str(path.relative_to(ROOT)), node.lineno, inspect.cleandoc(doc)))
    return found


def extracted() -> Catalog:
    """Every message in the code now, as a template catalog."""
    template = Catalog(project="spinerecov", fuzzy=False)
    for filename, line, message, _comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, strip_comment_tags=True
    ):
        template.add(message, locations=[(f"src/spinerecov/{filename}", line)], context=context)
    for filename, line, doc in command_docstrings():
        template.add(doc, locations=[(filename, line)])
    return template


def po_path(language: str) -> Path:
    """The catalog's source for `language`."""
    return LOCALE / language / "LC_MESSAGES" / "spinerecov.po"


def compiled(catalog: Catalog) -> bytes:
    """The catalog compiled to .mo bytes (fuzzy entries left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def read(language: str) -> Catalog:
    """The catalog of `language` as it is in the repository."""
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain="spinerecov")


def update(language: str) -> None:
    """Bring the catalog in step with the code: new messages in (untranslated), gone ones out; rebuild the .mo."""
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = read(language) if path.exists() else Catalog(locale=language, domain="spinerecov", fuzzy=False)
    catalog.update(extracted(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    # Fixed header fields: the file changes only when its messages do.
    catalog.project, catalog.version = "spinerecov", ""
    catalog.creation_date = catalog.revision_date = datetime.datetime(2026, 11, 21, tzinfo=datetime.UTC)
    catalog.last_translator = catalog.language_team = "spinerecov <https://pypi.org/project/spinerecov/>"
    catalog.msgid_bugs_address = ""
    catalog.copyright_holder = "spinerecov contributors"
    catalog.header_comment = (
        "# Spanish for every message of spinerecov's code: msgid is the English in the code, msgstr the Spanish.\n"
        "# Update with: python scripts/i18n_catalog.py update (tests/i18n/test_catalog.py checks it is complete)."
    )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, include_previous=False)
    path.write_bytes(buffer.getvalue())
    path.with_suffix(".mo").write_bytes(compiled(read(language)))


def problems(language: str) -> list[str]:
    """What is missing or stale in `language`'s catalog (empty when all is well)."""
    catalog = read(language)
    found = []
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in extracted() if m.id}
    have = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    found += [f"not in the catalog (run the update): {m!r}" for m in sorted(wanted - have)]
    found += [f"in the catalog but no longer in the code: {m!r}" for m in sorted(have - wanted)]
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            found.append(f"no Spanish translation: {message.id!r}")
        elif message.pluralizable and not isinstance(message.string, tuple | list):
            found.append(f"a plural message with one form only (ngettext would fail): {message.id!r}")
    mo = po_path(language).with_suffix(".mo")
    if not mo.exists() or compiled_messages(mo.read_bytes()) != translations(catalog):
        found.append(f"{mo.relative_to(ROOT)} is out of date (run the update)")
    return found


MessageId = str | tuple[str, ...]
MessageText = str | tuple[str, ...]


def translations(catalog: Catalog) -> dict[MessageId, MessageText]:
    """What a catalog translates, header and untranslated or fuzzy entries left out (as gettext would see it)."""
    found: dict[MessageId, MessageText] = {}
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and not message.fuzzy and all(strings):
            key = message.id if isinstance(message.id, str) else tuple(message.id)
            if message.context and isinstance(key, str):  # as the .mo stores it: context, EOT, message
                # Babel before 2.13 reads a compiled context back as bytes.
                context = message.context
                context = context.decode("utf-8") if isinstance(context, bytes) else context
                key = f"{context}\x04{key}"
            found[key] = message.string if isinstance(message.string, str) else tuple(message.string)
    return found


def compiled_messages(mo_bytes: bytes) -> dict[MessageId, MessageText]:
    """The messages a compiled .mo holds, read back: the meaning, whatever bytes the compiler wrote."""
    from babel.messages.mofile import read_mo

    return translations(read_mo(io.BytesIO(mo_bytes)))


def take_translations(language: str, files: list[str]) -> None:
    """Fill the catalog from YAML lists of {en, es} (translators' part files), then rebuild the .mo."""
    import yaml

    catalog = read(language)
    for name in files:
        for entry in yaml.safe_load(Path(name).read_text(encoding="utf-8")) or []:
            english, translated = entry["en"], entry[language]
            if f"{language}_plural" in entry:  # a plural message written as singular and plural keys
                translated = [translated, entry[f"{language}_plural"]]
            key = english[0] if isinstance(english, list) else english
            message = catalog.get(key)
            if message is not None:
                message.string = tuple(translated) if isinstance(translated, list) else translated
                message.flags.discard("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, include_previous=False)
    po_path(language).write_bytes(buffer.getvalue())
    po_path(language).with_suffix(".mo").write_bytes(compiled(read(language)))


def main() -> int:
    """Run the action named on the command line (default: check)."""
    action = sys.argv[1] if len(sys.argv) > 1 else "check"
    if action == "update":
        update("es")
        return 0
    if action == "take":
        take_translations("es", sys.argv[2:])
        return 0
    found = problems("es")
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
