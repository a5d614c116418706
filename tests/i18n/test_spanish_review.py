"""The Spanish review's findings (reviews/2026-12/spanish.md): each one, as a patient or clinic would meet it."""

import json
import re
from pathlib import Path

import pytest
from test_spanish_output import command_paths, english_left, spanish_screens
from typer.testing import CliRunner

from conftest import ROOT, plain_yaml, run_cli
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path

DATE = "2024-05-01"
TYPER_WORDS = ("Usage:", "Options:", "Arguments:", "Commands:", "[required]", "Try '", "Invalid value", "<str>")
"""Typer's own English words, which a Spanish screen must never show."""


def test_every_help_page_and_usage_error_is_spanish_words() -> None:
    """F-M1: --help of every registered command, and a usage error of each, show none of Typer's English words."""
    kb = load_knowledge_base(resolve_kb_path(), None, "en")
    titles = sorted({s.title for s in kb.sources.values()}, key=len, reverse=True)
    paths = list(command_paths())
    # Command names, ids, the CSV's own yes/no and the default file name (recovery-plan-...) are not English text.
    allowed = {"yes", "recovery"} | {w for path in paths for name in path for w in name.split("-")}
    allowed |= {w for ident in (*kb.activities, *kb.procedures) for w in ident.split("-")}
    left = []
    for path in paths:
        shown, wrong = spanish_screens()[path]
        assert shown.returncode == 0, (path, shown.stderr)
        assert wrong.returncode == 2, (path, wrong.stderr)
        assert "--no-such-option" in wrong.stderr
        for text in (shown.stdout, wrong.stderr):
            left += [f"{path}: {word}" for word in TYPER_WORDS if word in text]
            left += [f"{path}: {line}" for line in english_left(text, allowed, titles)]
        assert "Uso: spinerecov" in shown.stdout and "Pruebe '" in wrong.stderr, path
    assert left == [], "\n".join(left[:40])


@pytest.mark.parametrize(
    "args",
    [
        ("can-i", "levantar", "--week", "tres"),
        ("can-i", "", "--week", "3"),
        ("can-i",),
        ("kb",),
        ("timeline", "--job", "ofisina"),
        ("timeline", "--week"),
    ],
)
def test_usage_errors_are_spanish(runner: CliRunner, args: tuple[str, ...]) -> None:
    """F-M1: a typo's usage error reads 'Uso:', 'Pruebe ... para ver la ayuda' and 'Valor no válido', never English."""
    code, _out, err = run_cli(runner, *args, "--lang", "es")
    assert code == 2, err
    assert not [word for word in TYPER_WORDS if word in err], err
    assert "Error: " in err


def test_help_metavars_and_brackets_are_spanish(runner: CliRunner) -> None:
    """F-M1, F-L2: placeholders (AAAA-MM-DD, ACTIVIDAD) and [obligatorio]/[por defecto: ...] in Spanish."""
    shown = spanish_screens()[("can-i",)][0].stdout
    assert "{ACTIVIDAD}" in shown and "[obligatorio]" in shown and "AAAA-MM-DD" in shown
    assert "<oficina|ligero|manual|pesado>" in shown and "<buena|regular|mala>" in shown
    batch = spanish_screens()[("batch",)][0].stdout
    assert "PACIENTES.csv" in batch and "[por defecto: markdown]" in batch and "<path>" not in batch


def test_english_help_keeps_typer_words(runner: CliRunner) -> None:
    """The English help is as Typer writes it (the Spanish words are not forced on English readers)."""
    code, out, _err = run_cli(runner, "can-i", "--help")
    assert code == 0
    assert "Usage: " in out and "Options" in out and "[required]" in out


def test_general_guidance_source_is_spanish(runner: CliRunner) -> None:
    """F-M2: spinerecov's own 'source' (advice to ask the surgeon) reaches a Spanish patient in Spanish."""
    code, out, err = run_cli(runner, "can-i", "avion", "--week", "3", "-p", "endoscopica", "--lang", "es")
    assert code == 0, err
    assert "ask your surgeon" not in out
    assert "Práctica clínica habitual, sin una fuente publicada concreta; consulte a su cirujano" in out


def test_disclaimer_says_general_information(runner: CliRunner) -> None:
    """F-M3: the disclaimer says general information, the surgeon's word first, and no 'nobody checked this'."""
    code, out, _err = run_cli(runner, "red-flags", "--lang", "es")
    assert code == 0
    assert "Información general, no consejo médico: prevalecen siempre las indicaciones de su cirujano" in out
    assert "nadie supervisa" not in out and "van primero" not in out


def test_conditions_are_not_always_never(runner: CliRunner) -> None:
    """F-M4: a standing condition is introduced as 'Tenga en cuenta:', never 'Siempre: Nunca'."""
    code, out, _err = run_cli(runner, "can-i", "conducir", "--week", "3", "-p", "endoscopica", "--lang", "es")
    assert code == 0
    assert "Siempre:" not in out
    assert "Tenga en cuenta: " in out


def test_phase_and_milestone_status_agree_in_gender(runner: CliRunner) -> None:
    """F-M5: a phase that is over is 'completada' (feminine); a milestone reached stays 'hecho'."""
    args = ("timeline", "-p", "endoscopic", "-d", DATE, "--today", "2024-05-20", "--lang", "es")
    code, out, _err = run_cli(runner, *args)
    assert code == 0
    phases, _sep, milestones = out.partition("Hitos")
    assert "completada" in phases and "hecho" not in phases
    assert "hecho" in milestones


def test_no_slow_end_calque(runner: CliRunner) -> None:
    """F-M6: --explain says 'el plazo más largo', never 'el extremo lento' of a range."""
    args = ("timeline", "-p", "mis-fusion", "-d", DATE, "--today", "2024-05-20", "--smoker", "--explain")
    code, out, _err = run_cli(runner, *args, "--health", "poor", "--levels", "2", "--lang", "es")
    assert code == 0
    assert "extremo" not in out
    assert "plazo más largo" in out


def test_no_blt_and_bending_is_not_the_safe_technique() -> None:
    """F-M7, F-M9: no Spanish text says 'BLT', and bending at the waist is never named 'agacharse'."""
    texts = plain_yaml((ROOT / "data" / "i18n" / "es.yaml").read_text(encoding="utf-8"))["texts"]
    assert not [key for key, entry in texts.items() if "BLT" in entry["text"]]
    kb = load_knowledge_base(resolve_kb_path(), None, "es")
    bend = kb.activities["bend-twist"]
    assert "gach" not in bend.name.lower() and "gách" not in bend.conditions[0].text.lower()
    assert "agacharse" in bend.aliases  # people still type it


def test_weight_with_a_decimal_comma_in_spanish(runner: CliRunner) -> None:
    """F-M8: '--weight 4,5kg', the way the tool itself prints it, is accepted in Spanish."""
    code, out, err = run_cli(runner, "can-i", "levantar", "--week", "3", "--weight", "4,5kg", "--lang", "es")
    assert code == 0, err
    assert "4,5 kg (10 lb)" in out


def test_compare_names_procedures_in_spanish(runner: CliRunner) -> None:
    """F-M10: where sources differ, compare names the procedures in Spanish, not by their English ids."""
    args = ("compare", "endoscopic", "open-discectomy", "--format", "markdown", "--lang", "es")
    code, out, _err = run_cli(runner, *args)
    assert code == 0
    differ = out.partition("Donde las fuentes difieren")[2]
    assert "Discectomía lumbar totalmente endoscópica" in differ
    assert "(endoscopic" not in differ and "open-discectomy)" not in differ


@pytest.mark.parametrize(("spanish", "english"), [("oficina", "desk"), ("Pesado", "heavy"), ("ligero", "light")])
def test_job_takes_spanish_words(runner: CliRunner, spanish: str, english: str) -> None:
    """F-M11: --job takes the Spanish word and gives exactly the plan of the English one."""
    plan = ("timeline", "-p", "tubular", "-d", DATE, "--today", "2024-05-20", "--json")
    _c1, given, err = run_cli(runner, *plan, "--job", spanish, "--lang", "es")
    _c2, same, _e = run_cli(runner, *plan, "--job", english, "--lang", "es")
    assert given and json.loads(given) == json.loads(same), err


def test_health_takes_spanish_words(runner: CliRunner) -> None:
    """F-M11: --health regular is 'fair'; a typo is offered the Spanish words."""
    plan = ("timeline", "-p", "tubular", "-d", DATE, "--today", "2024-05-20", "--json")
    assert json.loads(run_cli(runner, *plan, "--health", "regular")[1]) == json.loads(
        run_cli(runner, *plan, "--health", "fair")[1]
    )
    code, _out, err = run_cli(runner, *plan, "--health", "reguar", "--lang", "es")
    assert code == 2
    assert "buena, regular, mala" in err and "regular" in err


def test_batch_accepts_si_and_spanish_choices(runner: CliRunner, tmp_path: Path) -> None:
    """F-M11: a patient list in Spanish ('sí', 'oficina', 'mala') is read; a wrong word is one Spanish line."""
    patients = tmp_path / "patients.csv"
    patients.write_text(
        "id,procedure,date,smoker,job,health\n"
        "p1,endoscopica,2024-05-01,sí,oficina,mala\n"
        "p2,endoscopica,2024-05-01,si,pesado,buena\n"
        "p3,endoscopica,2024-05-01,no,ofisina,buena\n",
        encoding="utf-8",
    )
    out_dir = tmp_path / "out"
    code, _out, err = run_cli(runner, "batch", str(patients), "--out-dir", str(out_dir), "--lang", "es")
    assert code == 1, err
    assert (out_dir / "p1.md").exists() and (out_dir / "p2.md").exists()
    assert "job 'ofisina' debe ser uno de estos: oficina, ligero, manual, pesado" in err
    assert "smoker" not in err


def test_activities_table_keeps_spanish_aliases_whole(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """Layout: at 80 columns, no Spanish alias of the activities table is split across lines."""
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _err = run_cli(runner, "activities", "--lang", "es")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    cells = " ".join(line.split("│")[3].strip() for line in out.splitlines() if line.count("│") == 5)
    kb = load_knowledge_base(resolve_kb_path(), None, "es")
    split = [
        alias for a in kb.activities.values() for alias in a.aliases if not re.search(rf"(^| ){alias}(,|$| )", cells)
    ]
    assert split == []


def test_html_tick_column_fits_its_heading(runner: CliRunner, tmp_path: Path) -> None:
    """Layout: the checklist's tick column is wide enough for 'Hecho' (it no longer runs into 'Fecha')."""
    target = tmp_path / "plan.html"
    code, _out, err = run_cli(
        runner, "export", "-p", "endoscopic", "-d", DATE, "--format", "html", "--output", str(target), "--lang", "es"
    )
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    width = float(re.search(r"col\.c-tick \{ width: ([\d.]+)em; \}", html).group(1))  # type: ignore[union-attr]
    # A bold heading letter is about 0.65em; the cell's padding is 0.8em.
    assert width >= 0.65 * len("Hecho") + 0.8
    assert ">Hecho<" in html


def spanish_texts() -> dict[str, str]:
    """Every Spanish knowledge-base text, by key."""
    raw = plain_yaml((ROOT / "data" / "i18n" / "es.yaml").read_text(encoding="utf-8"))["texts"]
    return {key: entry["text"] for key, entry in raw.items()}


def test_knowledge_base_wording_lows() -> None:
    """F-L3, F-L7, F-L13, F-L14, F-L16, F-L17: plain statistics, metric examples, neutral Spanish, 'artrodesis'."""
    texts = spanish_texts()
    joined = "\n".join(texts.values())
    for calque in ("(seudoartrosis) 1,91", "medio galón", "más o menos un galón", "a una media de", "entre la cara"):
        assert calque not in joined, calque
    for peninsular in ("bolsas de la compra", "bolsa de la compra", "placajes", "retirada de puntos"):
        assert peninsular not in joined, peninsular
    assert not [key for key, text in texts.items() if re.search(r"\([^()]*\([^()]*\)[^()]*\d", text)], "nested brackets"
    assert texts["procedures.mis-fusion.name"].startswith("Artrodesis (fusión)")
    assert "en la cara interna de los muslos" in texts["red_flags.cauda-equina.symptom"]


def test_readme_names_the_variety_of_spanish() -> None:
    """F-L16: the README says which Spanish the tool speaks."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "español neutro" in readme


def test_answer_and_source_lows(runner: CliRunner) -> None:
    """F-L1, F-L15, F-L20: seed titles' descriptor, the surgeon 'or their team', one sentence for a load's limit."""
    args = ("can-i", "levantar", "--week", "3", "--weight", "12kg", "-p", "endoscopica", "--lang", "es")
    code, out, _err = run_cli(runner, *args)
    assert code == 0
    assert "Todavía no para 12 kg (26 lb): su límite es 4,5 kg (10 lb)." in out
    code, out, _err = run_cli(runner, "can-i", "trabajo-oficina", "--week", "3", "-p", "endoscopica", "--lang", "es")
    assert "(texto de educación para pacientes)" in " ".join(out.split())
    assert "patient-education text" not in out
    code, out, _err = run_cli(runner, "red-flags", "--lang", "es")
    assert "si no consigue hablar con su cirujano o con su equipo" in " ".join(out.split())
    assert "localizarlo" not in out


def test_status_and_timeline_lows(runner: CliRunner) -> None:
    """F-L5, F-L8, F-L9, F-L12: '23 %', 'sem.', the progress line on one line, 'Lo próximo'."""
    plan = ("-p", "tubular", "-d", DATE, "--today", "2024-05-20", "--lang", "es")
    code, out, _err = run_cli(runner, "status", *plan)
    assert code == 0
    assert re.search(r"^Recuperación completa: \[[#-]+\] 23 %, ", out, flags=re.MULTILINE), out
    assert "Lo próximo" in out and "Próximamente" not in out
    code, out, _err = run_cli(runner, "timeline", *plan)
    assert " sem. " in out and " sem " not in out


def test_plan_files_lows(runner: CliRunner, tmp_path: Path) -> None:
    """F-L6, F-L22: no ISO date inside a Spanish sentence; the mermaid axis is numeric (its months are English)."""
    plan = ("export", "-p", "mis-fusion", "-d", DATE, "--lang", "es", "--output")
    run_cli(runner, *plan, str(tmp_path / "plan.md"))
    run_cli(runner, *plan, str(tmp_path / "plan.ics"), "--format", "ics")
    markdown = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert "- [ ] 2 may 2024 " in markdown and "del 1 may 2024 al 14 may 2024" in markdown
    assert "axisFormat %m/%Y" in markdown and "%b" not in markdown
    calendar = (tmp_path / "plan.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    assert "Hasta el 14 may 2024" in calendar and "Hasta el 2024" not in calendar


def test_html_moved_names_are_separated_by_semicolons(runner: CliRunner, tmp_path: Path) -> None:
    """F-L10: the names of moved dates are separated by ';' (a name can hold a comma)."""
    target = tmp_path / "plan.html"
    args = ("export", "-p", "mis-fusion", "-d", DATE, "--smoker", "--format", "html", "--output", str(target))
    code, _out, err = run_cli(runner, *args, "--lang", "es")
    assert code == 0, err
    moved = re.search(r"Fechas retrasadas: ([^<]*)\.", target.read_text(encoding="utf-8"))
    assert moved is not None and "; " in moved.group(1)


def test_help_and_kb_check_lows(runner: CliRunner) -> None:
    """F-L18, F-L21, F-L24, F-L26: one verb form, source kinds in Spanish, 'se encuentra', Spanish names in examples."""
    code, out, _err = run_cli(runner, "kb", "check", "--lang", "es")
    assert "folletos" in out and "artículos" in out and "handout" not in out
    listing = spanish_screens()[()][0].stdout
    assert "Guarda su plan" in listing and "Comprueba, describe" in listing and "Guarde una sola vez" not in listing
    assert "dónde se encuentra" in spanish_screens()[("profile",)][0].stdout
    can_i = spanish_screens()[("can-i",)][0].stdout
    assert "spinerecov can-i levantar --week 4" in can_i and "can-i lift" not in can_i
