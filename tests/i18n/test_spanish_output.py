"""Every command, for every built-in procedure, in Spanish: no English sentence left, and golden files.

The sweep looks for common English words outside what stays English by design:
source titles, ids and aliases, commands and options, file paths, and the
machine parts of JSON, calendar and FHIR documents (keys, codes, verdict values).
"""

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import check_golden, run_cli
from many_runs import Run, run_many
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path

ENGLISH_WORDS = frozenset(
    """the and your you with from until week weeks when not yet can surgery day days limited yes this that
    before after about only should will have are is for of to walking driving lifting sources differ most
    people without call go now emergency department surgeon back work phase milestone full recovery""".split()
)
"""Common English words that are not Spanish words."""

PROCEDURES = ["miss", "endoscopic", "tubular", "open-discectomy", "mis-fusion", "open-fusion"]
DATE = "2024-05-01"
TODAY = "2024-05-20"
MACHINE_KEYS = frozenset(
    {
        "schema",
        "id",
        "procedure",
        "procedure_id",
        "activity",
        "verdict",
        "kind",
        "action",
        "category",
        "family",
        "sources",
        "title",
        "path",
        "file",
        "resourceType",
        "system",
        "code",
        "display",
        "status",
        "intent",
        "url",
        "fullUrl",
        "reference",
        "unit",
        "lang",
        "valid",
        "open_counterpart",
        "aliases",
        "ids",
        "activities",
        "procedures",
        "phase",
        "milestone",
        "value",
        "use",
        "type",
        "method",
        "div_status",
    }
)


@pytest.fixture(scope="module")
def allowed() -> set[str]:
    """Words that may stay English: every word of a source title, id and alias, in either language's knowledge base."""
    words: set[str] = set()
    for language in ("en", "es"):
        kb = load_knowledge_base(resolve_kb_path(), None, language)
        for ident, source in kb.sources.items():
            words |= _words(source.title) | _words(ident)
        for ident, procedure in kb.procedures.items():
            words |= _words(ident) | {w for a in procedure.aliases for w in _words(a)}
        for ident, activity in kb.activities.items():
            words |= _words(ident) | {w for a in activity.aliases for w in _words(a)}
    return words


def _words(text: str) -> set[str]:
    """The words of a text, lower case."""
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def english_left(text: str, allowed: set[str], kb_titles: list[str]) -> list[str]:
    """Lines of `text` that still hold an English word (after what stays English is taken out)."""
    found = []
    for line in text.splitlines():
        shown = line
        for title in kb_titles:
            shown = shown.replace(title, " ")
        shown = re.sub(r"spinerecov [^\s].*", " ", shown)  # an example command, to the end of the line
        shown = re.sub(r"\b[a-z_]+(?:\[\d+\])?(?:\.[\w\[\]-]+)+", " ", shown)  # a YAML path (kb sources, kb check)
        shown = re.sub(r"--[a-z-]+|https?://\S+|\S+\.(?:md|json|ics|html|yaml|csv|toml)\b|\$?[A-Z_]{4,}", " ", shown)
        left = [w for w in re.findall(r"[A-Za-z]+", shown) if w.lower() in ENGLISH_WORDS and w.lower() not in allowed]
        if left:
            found.append(f"{left}: {line.strip()[:160]}")
    return found


@pytest.fixture(scope="module")
def titles() -> list[str]:
    """Source titles, longest first (they stay in their original language)."""
    kb = load_knowledge_base(resolve_kb_path(), None, "en")
    return sorted({s.title for s in kb.sources.values()}, key=len, reverse=True)


def human_text(document: Any, key: str = "") -> Iterator[str]:
    """The human-readable strings of a JSON or FHIR document (not its keys, codes or ids)."""
    if isinstance(document, dict):
        for k, v in document.items():
            if k not in MACHINE_KEYS:
                yield from human_text(v, k)
    elif isinstance(document, list):
        for item in document:
            yield from human_text(item, key)
    elif isinstance(document, str) and not re.fullmatch(r"[0-9T:+-]+|urn:\S+|[a-z0-9-]+", document):
        yield re.sub(r"<[^>]+>", " ", document)


def spanish(runner: CliRunner, *args: str) -> str:
    """What a command prints in Spanish (stdout and stderr); it must succeed."""
    code, stdout, stderr = run_cli(runner, *args, "--lang", "es")
    assert code == 0, f"{args}: {stderr}"
    return stdout + "\n" + stderr


def commands(procedure: str, activities: list[str]) -> Iterator[tuple[str, ...]]:
    """The commands run for one procedure."""
    plan = ("--procedure", procedure, "--date", DATE, "--today", TODAY)
    yield ("timeline", *plan, "--activities", "--explain", "--chart", "--smoker", "--age", "72")
    yield ("status", *plan)
    for activity in activities:
        yield ("can-i", activity, *plan)
    yield ("can-i", "lift", *plan, "--weight", "10kg")
    yield ("compare", procedure, "tubular" if procedure == "endoscopic" else "endoscopic")
    yield ("red-flags", "--procedure", procedure)


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_every_plan_command_speaks_spanish(
    runner: CliRunner, procedure: str, allowed: set[str], titles: list[str]
) -> None:
    """timeline, status, can-i (every activity), compare and red-flags leave no English sentence."""
    kb = load_knowledge_base(resolve_kb_path(), None, "en")
    left = []
    for args in commands(procedure, list(kb.activities)):
        left += [f"{' '.join(args)}: {line}" for line in english_left(spanish(runner, *args), allowed, titles)]
    assert left == [], "\n".join(left[:40])


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_every_export_speaks_spanish(
    runner: CliRunner, procedure: str, tmp_path: Path, allowed: set[str], titles: list[str]
) -> None:
    """Markdown, HTML, calendar, JSON and FHIR leave no English sentence in their human-readable text."""
    plan = ("--procedure", procedure, "--date", DATE, "--today", TODAY, "--patient-id", "p1")
    left = []
    for fmt in ("markdown", "html", "ics", "json", "fhir"):
        target = tmp_path / f"plan.{fmt}"
        spanish(runner, "export", *plan, "--format", fmt, "--output", str(target))
        text = target.read_text(encoding="utf-8")
        if fmt in ("json", "fhir"):
            text = "\n".join(human_text(json.loads(text)))
        elif fmt == "ics":
            unfolded = text.replace("\r\n ", "")
            text = "\n".join(
                line.partition(":")[2].replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
                for line in unfolded.splitlines()
                if line.startswith(("SUMMARY", "DESCRIPTION"))
            )
        elif fmt == "markdown":
            text = re.sub(r":milestone, ", ": ", text)  # mermaid gantt syntax
        elif fmt == "html":
            assert '<html lang="es"' in text
            text = re.sub(r"(?s)<style.*?</style>|<script.*?</script>|<[^>]+>", "\n", text)
        left += [f"{fmt}: {line}" for line in english_left(text, allowed, titles)]
    assert left == [], "\n".join(left[:40])


def test_the_other_commands_speak_spanish(
    runner: CliRunner, tmp_path: Path, allowed: set[str], titles: list[str]
) -> None:
    """Catalogues, red flags, kb, profile, batch and did-you-mean speak Spanish."""
    patients = tmp_path / "patients.csv"
    patients.write_text("id,procedure,date\np1,endoscopica,2024-05-01\np2,nope,2024-05-01\n", encoding="utf-8")
    outputs = [
        spanish(runner, "procedures"),
        spanish(runner, "activities"),
        spanish(runner, "red-flags"),
        spanish(runner, "kb", "check"),
        spanish(runner, "kb", "sources"),
        spanish(runner, "profile", "show"),
        spanish(runner, "profile", "set", "--procedure", "endoscópica", "--date", DATE),
        spanish(runner, "profile", "show"),
    ]
    code, stdout, stderr = run_cli(runner, "batch", str(patients), "--out-dir", str(tmp_path / "out"), "--lang", "es")
    assert code == 1  # one row failed, and it is said in Spanish
    outputs.append(stdout + stderr)
    code, _out, err = run_cli(runner, "can-i", "levantr", "--week", "2", "--lang", "es")
    assert code == 2
    assert "levantar" in err  # did-you-mean offers the Spanish name
    outputs.append(err)
    left = [line for text in outputs for line in english_left(text, allowed, titles)]
    assert left == [], "\n".join(left[:40])


def test_spanish_help_from_a_real_process() -> None:
    """A real process builds its help in Spanish (the language is chosen before Typer reads the help)."""
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "spinerecov", "can-i", "--help", "--lang", "es"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "100"},
    )
    assert run.returncode == 0
    assert "Lo que quiere hacer" in run.stdout
    assert "--lang" in run.stdout


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("es-timeline-endoscopic-width100.txt", ("timeline", "-p", "endoscopic", "-d", DATE, "--today", TODAY)),
        ("es-can-i-lift-endoscopic-week4.txt", ("can-i", "levantar", "-p", "endoscópica", "-d", DATE, "--week", "4")),
        ("es-status-endoscopic-day19-width100.txt", ("status", "-p", "endoscopic", "-d", DATE, "--today", TODAY)),
    ],
)
def test_spanish_golden_files(runner: CliRunner, name: str, args: tuple[str, ...]) -> None:
    """The Spanish timeline, can-i and status at a fixed date and width match their golden files."""
    code, stdout, _err = run_cli(runner, *args, "--lang", "es")
    assert code == 0
    check_golden(name, stdout)


def test_spanish_markdown_export_golden(runner: CliRunner, tmp_path: Path) -> None:
    """The Spanish markdown export matches its golden file and spells the surgery date in full."""
    target = tmp_path / "plan.md"
    code, _out, err = run_cli(
        runner,
        "export",
        "-p",
        "endoscopic",
        "-d",
        DATE,
        "--today",
        TODAY,
        "--age",
        "72",
        "--smoker",
        "--output",
        str(target),
        "--lang",
        "es",
    )
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert "miércoles, 1 de mayo de 2024" in text
    check_golden("es-export-endoscopic-age72-smoker.md", text)


def test_spanish_numbers_and_dates(runner: CliRunner) -> None:
    """Weights use a decimal comma in Spanish."""
    text = spanish(runner, "can-i", "lift", "-p", "endoscopic", "-d", DATE, "--week", "2")
    assert "4,5 kg (10 lb)" in text
    assert "4.5 kg" not in text


@functools.cache
def spanish_screens() -> dict[tuple[str, ...], tuple[Run, Run]]:
    """For every command path: its --help and a usage error (an unknown option), run for real in Spanish.

    One fresh process runs them all (see many_runs.py), with no profile and the Spanish of --lang.
    """
    paths = list(command_paths())
    argvs = [[*path, extra, "--lang", "es"] for path in paths for extra in SCREENS]
    runs = run_many(argvs, SCREEN_ENVIRONMENT)
    return {path: (runs[2 * i], runs[2 * i + 1]) for i, path in enumerate(paths)}


SCREENS = ("--help", "--no-such-option")
"""Each command's help page, and a usage error of it."""
SCREEN_ENVIRONMENT = {"PATH": "/usr/bin:/bin", "COLUMNS": "100", "HOME": "/nonexistent"}


@pytest.mark.parametrize("path", [("due",), ("diary", "export"), ("kb", "check")])
def test_the_one_process_sweep_shows_what_a_fresh_process_shows(path: tuple[str, ...]) -> None:
    """A command's help and usage error read the same from the sweep (many runs, one process) and alone.

    The sweep's process has run other commands first; a command run in a process of its own (as a
    person runs it) must print exactly the same.
    """
    import subprocess
    import sys

    for extra, swept in zip(SCREENS, spanish_screens()[path], strict=True):
        alone = subprocess.run(
            [sys.executable, "-m", "spinerecov", *path, extra, "--lang", "es"],
            capture_output=True,
            text=True,
            check=False,
            env=SCREEN_ENVIRONMENT,
        )
        assert (alone.returncode, alone.stdout, alone.stderr) == tuple(swept), (path, extra)


def command_paths() -> Iterator[tuple[str, ...]]:
    """Every registered command and group, walked from the app (so a command added later is swept too)."""
    import typer

    import spinerecov.cli  # noqa: F401 - registers every command
    from spinerecov.cli.app import app

    def walk(group: object, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path
        for name, command in sorted(getattr(group, "commands", {}).items()):
            yield from walk(command, (*path, name))

    yield from walk(typer.main.get_command(app), ())


def test_every_help_speaks_spanish(allowed: set[str], titles: list[str]) -> None:
    """Every command's --help, built by a real run in Spanish, has no English sentence but Typer's headings."""
    # Command names (kb sources) and the CSV's own flag values (yes/no) are contract words, not English text.
    paths = list(command_paths())
    allowed_here = allowed | {"yes", "recovery"} | {w for path in paths for name in path for w in name.split("-")}
    left = []
    for command in paths:
        run = spanish_screens()[command][0]
        assert run.returncode == 0, (command, run.stderr)
        assert "Muestra este mensaje y termina." in run.stdout, command
        left += [f"{' '.join(command)}: {line}" for line in english_left(run.stdout, allowed_here, titles)]
    assert left == [], "\n".join(left[:40])
