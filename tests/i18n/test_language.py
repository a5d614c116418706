"""Choosing the language: --lang, then $SPINERECOV_LANG, then the profile, then the locale, then English."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.i18n import _, current_language, ngettext, use_language
from spinerecov.i18n.choose import choose_language, lang_in_argv, locale_language, parse_language


def no_profile() -> str | None:
    """A profile without a language."""
    return None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("es", "es"), ("ES", "es"), ("es_MX", "es"), ("es-419.UTF-8", "es"), ("en", "en"), ("en_GB", "en"), ("fr", None)],
)
def test_parse_language(value: str, expected: str | None) -> None:
    """Language names and locale-style names are read alike; others are refused."""
    assert parse_language(value) == expected


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "es_ES.UTF-8"}, "es"),
        ({"LANG": "es_AR"}, "es"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({}, "en"),
        ({"LC_ALL": "es_MX.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
        ({"LC_ALL": "", "LC_MESSAGES": "en_US", "LANG": "es_ES"}, "en"),
        ({"LC_MESSAGES": "es_CO", "LANG": "en_US"}, "es"),
    ],
)
def test_the_locale_decides_last(environ: dict[str, str], expected: str) -> None:
    """The first locale variable set decides: any Spanish locale gives Spanish, anything else English."""
    assert locale_language(environ) == expected


def test_precedence_is_option_environment_profile_locale() -> None:
    """--lang beats SPINERECOV_LANG, which beats the profile, which beats the locale."""
    locale_es = {"LANG": "es_ES.UTF-8"}
    assert choose_language("en", {**locale_es, "SPINERECOV_LANG": "es"}, lambda: "es") == "en"
    assert choose_language(None, {"SPINERECOV_LANG": "es", "LANG": "en_US"}, lambda: "en") == "es"
    assert choose_language(None, {"LANG": "en_US"}, lambda: "es") == "es"
    assert choose_language(None, locale_es, lambda: "en") == "en"
    assert choose_language(None, locale_es, no_profile) == "es"
    assert choose_language(None, {}, no_profile) == "en"


def test_a_language_we_do_not_speak_is_named() -> None:
    """A language we do not speak is named."""
    with pytest.raises(ValueError, match="--lang is 'fr'"):
        choose_language("fr", {}, no_profile)
    with pytest.raises(ValueError, match="SPINERECOV_LANG is 'de'"):
        choose_language(None, {"SPINERECOV_LANG": "de"}, no_profile)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["can-i", "lift", "--lang", "es"], "es"),
        (["can-i", "lift", "--lang=es"], "es"),
        (["timeline"], None),
        (["can-i", "--", "--lang", "es"], None),
        (["can-i", "--lang"], None),
    ],
)
def test_lang_is_found_on_the_command_line_before_the_app_is_built(argv: list[str], expected: str | None) -> None:
    """--lang is found on the command line before the app is built."""
    assert lang_in_argv(argv) == expected


def test_english_needs_no_catalog_and_spanish_loads_one() -> None:
    """English needs no catalog and Spanish loads one."""
    use_language("en")
    assert _("Not yet") == "Not yet"
    assert ngettext("{count} row", "{count} rows", 1) == "{count} row"
    use_language("es")
    assert current_language() == "es"
    assert _("Not yet") == "Todavía no"
    use_language("en")
    assert _("Not yet") == "Not yet"


def test_every_command_takes_lang(runner: CliRunner) -> None:
    """Every command takes --lang."""
    code, stdout, _err = run_cli(runner, "procedures", "--lang", "es")
    assert code == 0
    assert "Discectomía" in stdout
    assert "endoscópica" in stdout


def test_a_bad_lang_is_a_usage_error(runner: CliRunner) -> None:
    """A bad --lang is a usage error."""
    code, _out, err = run_cli(runner, "procedures", "--lang", "klingon")
    assert code == 2
    assert "--lang is 'klingon'" in err


def test_a_bad_environment_language_is_a_usage_error(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad environment language is a usage error."""
    monkeypatch.setenv("SPINERECOV_LANG", "xx")
    code, _out, err = run_cli(runner, "procedures")
    assert code == 2
    assert "SPINERECOV_LANG is 'xx'" in err


def test_the_locale_and_the_profile_choose_spanish(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """The locale and the profile choose Spanish."""
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    assert "Caminar" in run_cli(runner, "activities")[1]
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert "Walking" in run_cli(runner, "activities")[1]
    code, _out, _err = run_cli(runner, "profile", "set", "--lang", "es", "--procedure", "tubular")
    assert code == 0
    assert "Caminar" in run_cli(runner, "activities")[1]
    assert "Walking" in run_cli(runner, "activities", "--lang", "en")[1]


@pytest.mark.parametrize(
    ("args", "spanish"),
    [
        (("can-i", "lift", "--procedur", "x"), "No existe la opción: --procedur"),
        (("can-i", "lift", "extra"), "Sobra este argumento: extra"),
        (("can-i", "lift", "--week"), "La opción '--week' necesita un valor."),
        (
            ("can-i", "lift", "--date", "2024-5-01"),
            "Valor no válido para '--date' / '-d': '2024-5-01' no tiene la forma AAAA-MM-DD; ¿quería decir 2024-05-01?",
        ),
        (("can-i", "lift", "--smoker=yes"), "La opción '--smoker' no admite ningún valor."),
        (("tiemline", "x"), "No existe la orden 'tiemline'. ¿Quería decir 'timeline'?"),
    ],
)
def test_typer_usage_messages_are_said_in_spanish(runner: CliRunner, args: tuple[str, ...], spanish: str) -> None:
    """Typer's own messages for a mistyped command line are translated; English keeps Typer's words."""
    code, _out, err = run_cli(runner, *args[:2], "--lang", "es", *args[2:])
    assert code == 2
    assert spanish in err
    code, _out, err = run_cli(runner, *args)
    assert spanish not in err


def test_lang_before_the_command_name(runner: CliRunner) -> None:
    """`spinerecov --lang es can-i ...` speaks Spanish; the command's own --lang wins; a bad one is exit 2."""
    assert run_cli(runner, "--lang", "es", "can-i", "lift", "--week", "2")[1].startswith("¿Puedo levantar peso")
    assert run_cli(runner, "--lang", "es", "can-i", "lift", "--week", "2", "--lang", "en")[1].startswith("Can I lift")
    code, _out, err = run_cli(runner, "--lang", "xx", "can-i", "lift", "--week", "2")
    assert code == 2
    assert "--lang is 'xx'" in err
    assert run_cli(runner, "can-i", "lift", "--week", "2")[1].startswith("Can I lift")


def test_ranges_are_said_in_the_language_of_the_moment() -> None:
    """A range said in English and then in Spanish is said in each language (its words are kept per language)."""
    from spinerecov.knowledge.models import DayRange
    from spinerecov.output.day_words import describe_range

    sourced = DayRange(from_day=7, to_day=14, sources=["x"])
    assert describe_range(sourced) == "weeks 2 to 3"
    use_language("es")
    assert describe_range(sourced) == "semanas 2 a 3"
    use_language("en")
    assert describe_range(sourced) == "weeks 2 to 3"


def test_a_long_bad_language_is_clipped(runner: CliRunner) -> None:
    """A 5,000-character --lang is named in a short message, like any other echoed value."""
    code, _out, err = run_cli(runner, "procedures", "--lang", "x" * 5000)
    assert code == 2
    assert len(err) < 300


def test_help_comes_back_in_english_after_a_spanish_run() -> None:
    """Command help translated for one run in a process is English again for the next English run."""
    from spinerecov.cli import app_for

    use_language("es")
    spanish = CliRunner().invoke(app_for(["timeline", "--help"]), ["timeline", "--help", "--lang", "es"]).output
    use_language("en")
    english = CliRunner().invoke(app_for(["timeline", "--help"]), ["timeline", "--help"]).output
    assert "Muestra su plan" in spanish and "Muestra este mensaje y termina." in spanish
    assert "Show your recovery plan" in english and "Show this message and exit." in english
    assert "Muestra" not in english


def test_a_damaged_catalog_falls_back_to_english(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A truncated or garbage compiled catalog gives English messages, never a traceback."""
    import spinerecov.i18n as i18n

    folder = tmp_path / "i18n" / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    monkeypatch.setattr(i18n, "__file__", str(tmp_path / "i18n" / "__init__.py"))
    for damaged in (b"\xde\x12\x04\x95" + b"\0" * 10, b"not a catalog at all"):
        (folder / "spinerecov.mo").write_bytes(damaged)
        i18n.use_language("es")
        assert i18n._("Not yet") == "Not yet"
        i18n.use_language("en")


def test_lang_on_a_group_of_commands(runner: CliRunner) -> None:
    """`spinerecov kb --lang es check` and `spinerecov profile --lang es show` speak Spanish."""
    assert run_cli(runner, "kb", "--lang", "es", "check")[1].startswith("Válida")
    assert run_cli(runner, "profile", "--lang", "es", "show")[1].startswith("Todavía no hay ningún perfil guardado")
