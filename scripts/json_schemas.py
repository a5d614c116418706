"""Write (or check) the JSON Schema of every `--json` document, generated from the types that produce them.

    python scripts/json_schemas.py write   # src/spinerecov/schemas/NAME.schema.json and docs/schemas/
    python scripts/json_schemas.py check   # exit 1 when a file is missing, stale or left over

The table of documents is `spinerecov.output.json.json_schemas.DOCUMENTS`; the
files are never edited by hand.
"""

import sys
from pathlib import Path

from spinerecov.output.json.json_schemas import DOCUMENTS, schema_text

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (ROOT / "src" / "spinerecov" / "schemas", ROOT / "docs" / "schemas")


def expected() -> dict[str, str]:
    """File name -> the text each schema file must hold."""
    return {f"{name}.schema.json": schema_text(name) for name in DOCUMENTS}


def stale() -> list[Path]:
    """Every schema file that is missing, differs from what the types generate, or names no document."""
    wanted = expected()
    found = []
    for folder in FOLDERS:
        present = {path.name for path in folder.glob("*.schema.json")} if folder.is_dir() else set()
        found += [folder / name for name in sorted(present - set(wanted))]
        for name, text in wanted.items():
            path = folder / name
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                found.append(path)
    return found


def write() -> None:
    """Write every schema file, and remove those of documents that are gone."""
    wanted = expected()
    for folder in FOLDERS:
        folder.mkdir(parents=True, exist_ok=True)
        for path in folder.glob("*.schema.json"):
            if path.name not in wanted:
                path.unlink()
        for name, text in wanted.items():
            (folder / name).write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    """Run `write` or `check`."""
    if argv == ["write"]:
        write()
        return 0
    if argv == ["check"]:
        problems = stale()
        for path in problems:
            shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            print(f"stale: {shown} (run: python scripts/json_schemas.py write)", file=sys.stderr)
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
