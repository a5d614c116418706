"""The knowledge base in Spanish: every text translated by id, stale ones caught, names typed in Spanish."""

import copy
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import ROOT, plain_yaml, raw_knowledge_base, run_cli
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.lookup import find_activity, find_procedure
from spinerecov.knowledge.translation import (
    Translation,
    apply_translation,
    english_hash,
    texts_of,
    translation_problems,
)
from spinerecov.knowledge.translation_check import translation_findings

ES = ROOT / "data" / "i18n" / "es.yaml"


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    """The built-in knowledge base as raw YAML data."""
    data: dict[str, Any] = raw_knowledge_base()
    return data


@pytest.fixture(scope="module")
def spanish() -> Translation:
    """The built-in Spanish translation file, validated."""
    return Translation.model_validate(plain_yaml(ES.read_text(encoding="utf-8")))


def test_every_text_of_the_built_in_knowledge_base_has_a_current_translation(
    raw: dict[str, Any], spanish: Translation
) -> None:
    """Every text of the built-in knowledge base has a current Spanish translation (kb check finds nothing)."""
    assert translation_problems(raw, spanish, "es") == []
    assert translation_findings(resolve_kb_path(), None, "es") == []


def test_texts_cover_every_kind_of_text(raw: dict[str, Any]) -> None:
    """The keys reach every kind of text (names, conditions, red flags, limits, notes), and never a source title."""
    keys = {key for key, _path, _text in texts_of(raw)}
    expected = {
        "disclaimer",
        "activities.lift.name",
        "activities.drive.conditions.0.text",
        "red_flags.cauda-equina.symptom",
        "procedures.endoscopic.name",
        "procedures.endoscopic.hospital_stay.text",
        "procedures.endoscopic.activities.lift.1.limit.text",
    }
    assert expected <= keys, expected - keys
    assert any(k.startswith("procedures.endoscopic.phases.") and k.endswith(".expect") for k in keys)
    assert any(k.endswith(".sources_differ.text") for k in keys)
    assert any(k.startswith("factor_rules.") and k.endswith(".text") for k in keys)
    # Source titles stay in their original language; spinerecov's own "general" source is advice, so it is translated.
    assert [k for k in keys if k.endswith(".title")] == ["sources.general-guidance.title"]


def test_a_translation_replaces_the_text_and_adds_the_aliases(raw: dict[str, Any], spanish: Translation) -> None:
    """A translation replaces the text and adds the aliases."""
    data = apply_translation(copy.deepcopy(raw), spanish, "es")
    assert data["activities"]["walk"]["name"] == "Caminar"
    assert "levantar" in data["activities"]["lift"]["aliases"]
    own = " (patient-education text)"
    for key, source in raw["sources"].items():
        if source.get("kind") == "general":
            continue
        title = data["sources"][key]["title"]
        if source["title"].endswith(own):
            # Said in the translation's language even though this process speaks English: it is cached per language.
            assert title == source["title"].removesuffix(own) + " (texto de educación para pacientes)"
        else:
            assert title == source["title"]
    assert data["sources"]["general-guidance"]["title"].startswith("Práctica clínica habitual")


def test_a_stale_translation_is_reported_and_never_shown(raw: dict[str, Any], spanish: Translation) -> None:
    """A stale translation is reported and never shown."""
    changed = copy.deepcopy(raw)
    changed["activities"]["walk"]["name"] = "Walking outdoors"
    problems = dict(translation_problems(changed, spanish, "es"))
    assert problems["activities.walk.name"].startswith("stale")
    applied = apply_translation(changed, spanish, "es")
    assert applied["activities"]["walk"]["name"] == "Walking outdoors"
    assert applied["activities"]["walk"]["description"] == "Caminar por casa y al aire libre."


def test_a_missing_and_an_unknown_translation_are_reported(raw: dict[str, Any], spanish: Translation) -> None:
    """A missing and an unknown translation are reported."""
    texts = dict(spanish.texts)
    del texts["activities.walk.name"]
    texts["activities.flying-car.name"] = texts["activities.walk.description"]
    problems = dict(translation_problems(raw, Translation(lang="es", texts=texts, aliases=spanish.aliases), "es"))
    assert problems["activities.walk.name"] == "no 'es' translation of: Walking (en: 1dabd513)"
    assert "does not have" in problems["activities.flying-car.name"]


def test_the_hash_is_the_first_eight_hex_digits_of_sha256() -> None:
    """The hash is the first eight hex digits of SHA-256, and one changed character changes it."""
    assert english_hash("Walking") == "1dabd513"
    assert english_hash("Walking ") != english_hash("Walking")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("levantar", "lift"), ("Conducir", "drive"), ("caminar", "walk"), ("trabajo-oficina", "work-desk")],
)
def test_activities_accept_spanish_names(typed: str, expected: str) -> None:
    """Activities accept their Spanish names."""
    kb = load_knowledge_base(resolve_kb_path(), None, "es")
    assert find_activity(kb, typed)[0] == expected


@pytest.mark.parametrize(("typed", "expected"), [("endoscópica", "endoscopic"), ("ENDOSCOPICA", "endoscopic")])
def test_procedures_accept_spanish_names_with_or_without_accents(typed: str, expected: str) -> None:
    """Procedures accept Spanish names, with or without accents, in any case."""
    kb = load_knowledge_base(resolve_kb_path(), None, "es")
    assert find_procedure(kb, typed)[0] == expected


def test_fusion_in_spanish_is_ambiguous_like_in_english() -> None:
    """`fusión` gives the open plan, like `fusion` in English."""
    kb = load_knowledge_base(resolve_kb_path(), None, "es")
    ident, _procedure = find_procedure(kb, "fusión")
    assert kb.procedures[ident].category == "open"


def test_the_spanish_plan_keeps_every_date_of_the_english_one() -> None:
    """Translating changes no day, verdict or weight of any plan."""
    english = load_knowledge_base(resolve_kb_path(), None, "en")
    spanish = load_knowledge_base(resolve_kb_path(), None, "es")
    for ident, procedure in english.procedures.items():
        other = spanish.procedures[ident]
        assert [(p.id, p.start, p.end) for p in procedure.phases] == [(p.id, p.start, p.end) for p in other.phases]
        for activity, steps in procedure.activities.items():
            assert [(s.from_day, s.verdict, s.limit and s.limit.max_kg) for s in steps] == [
                (s.from_day, s.verdict, s.limit and s.limit.max_kg) for s in other.activities[activity]
            ]


def test_a_protocol_carries_its_own_translations() -> None:
    """A protocol carries its own translations."""
    protocol = ROOT / "examples" / "clinic-protocol.yaml"
    assert translation_findings(resolve_kb_path(), protocol, "es") == []
    kb = load_knowledge_base(resolve_kb_path(), protocol, "es")
    assert kb.activities["gardening"].name == "Jardinería"
    assert find_activity(kb, "jardín")[0] == "gardening"
    assert kb.clinic is not None and kb.clinic.name == "Example Spine Clinic"


def changed_knowledge_base(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the built-in knowledge base with the first `old` replaced by `new`."""
    text = (ROOT / "data" / "procedures.yaml").read_text(encoding="utf-8")
    changed = tmp_path / "procedures.yaml"
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    return changed


def test_kb_check_in_spanish_fails_on_a_stale_translation(tmp_path: Path, runner: CliRunner) -> None:
    """`kb check --lang es` fails on a stale translation and points into es.yaml; in English it passes."""
    changed = changed_knowledge_base(tmp_path, "name: Walking\n", "name: Walking about\n")
    code, stdout, stderr = run_cli(runner, "kb", "check", str(changed), "--lang", "es")
    assert code == 1
    assert "activities.walk.name" in stderr + stdout
    assert "es.yaml:" in stderr + stdout
    assert run_cli(runner, "kb", "check", str(changed))[0] == 0


def _protocol_with(tmp_path: Path, translations: str) -> Path:
    """A small clinic protocol followed by a `translations` section given as YAML text."""
    protocol = tmp_path / "protocol.yaml"
    protocol.write_text(
        "clinic: {name: Test Clinic}\nsource: {title: Test protocol}\n" + translations, encoding="utf-8"
    )
    return protocol


def test_a_protocol_translation_with_a_bad_hash_is_located(tmp_path: Path, runner: CliRunner) -> None:
    """A hash that is not 8 hex digits is one located error (file:line), exit 1, never a traceback."""
    protocol = _protocol_with(tmp_path, "translations:\n  es:\n    texts:\n      clinic.note: {en: zz, text: Hola}\n")
    code, _out, err = run_cli(runner, "can-i", "lift", "--week", "2", "--protocol", str(protocol), "--lang", "es")
    assert code == 1
    assert "protocol.yaml:6" in err
    assert "Traceback" not in err


def test_a_translation_cannot_put_control_characters_on_the_terminal(tmp_path: Path, runner: CliRunner) -> None:
    """An escape sequence in a protocol's Spanish is refused with its line, like one in its English."""
    key = "activities.walk.name"
    protocol = _protocol_with(
        tmp_path, f'translations:\n  es:\n    texts:\n      {key}: {{en: "1dabd513", text: "Caminar\\e[2J"}}\n'
    )
    code, out, err = run_cli(runner, "can-i", "walk", "--week", "2", "--protocol", str(protocol), "--lang", "es")
    assert code == 1
    assert "\x1b" not in out + err
    assert "protocol.yaml:6" in err


def test_a_protocol_translation_for_a_language_we_do_not_speak_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    """`translations: {fr: ...}` is a located error: only es can be given."""
    protocol = _protocol_with(tmp_path, "translations:\n  fr:\n    texts: {}\n")
    code, _out, err = run_cli(runner, "procedures", "--protocol", str(protocol))
    assert code == 1
    assert "translations" in err and "protocol.yaml" in err


def test_a_missing_catalog_falls_back_to_english(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A copy of spinerecov without its compiled catalog still runs in Spanish, its messages in English."""
    import spinerecov.i18n as i18n

    monkeypatch.setattr(i18n, "__file__", str(tmp_path / "i18n" / "__init__.py"))
    i18n.use_language("es")
    try:
        assert i18n._("Not yet") == "Not yet"
    finally:
        i18n.use_language("en")


def test_kb_check_in_spanish_builds_the_translated_knowledge_base(tmp_path: Path, runner: CliRunner) -> None:
    """A protocol alias that clashes with a Spanish name is valid in English but not in Spanish, and says so."""
    text = (ROOT / "examples" / "clinic-protocol.yaml").read_text(encoding="utf-8")
    clashing = tmp_path / "protocol.yaml"
    clashing.write_text(text.replace("aliases: [garden, weeding]", "aliases: [garden, weeding, conducir]"), "utf-8")
    assert run_cli(runner, "kb", "check", "--protocol", str(clashing))[0] == 0
    code, _out, err = run_cli(runner, "kb", "check", "--protocol", str(clashing), "--lang", "es")
    assert code == 1
    assert "'conducir'" in err and "protocol.yaml:" in err


def test_an_empty_protocol_is_refused_in_spanish_too(tmp_path: Path, runner: CliRunner) -> None:
    """The cache never takes an empty protocol file for no protocol at all."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert run_cli(runner, "procedures", "--lang", "es")[0] == 0
    code, _out, err = run_cli(runner, "procedures", "--protocol", str(empty), "--lang", "es")
    assert code == 1
    assert "empty.yaml:1" in err


@pytest.mark.parametrize(
    ("addition", "needle"),
    [
        ("translations: {es: {texts: {}}}\n", "translations"),
        ("translations: {es: 5}\n", "translations"),
    ],
)
def test_a_knowledge_base_cannot_carry_translations(
    tmp_path: Path, runner: CliRunner, addition: str, needle: str
) -> None:
    """Only a protocol has a `translations` section: in a knowledge base it is a located error, in either language."""
    kb_file = changed_knowledge_base(tmp_path, "version: 1\n", f"{addition}version: 1\n")
    for lang in ("en", "es"):
        code, _out, err = run_cli(runner, "procedures", "--kb", str(kb_file), "--lang", lang)
        assert code == 1, lang
        assert needle in err and "procedures.yaml" in err and "Traceback" not in err


def test_goals_that_are_not_a_list_are_a_located_error_in_spanish(tmp_path: Path, runner: CliRunner) -> None:
    """Broken phase goals are reported by validation, never as an unexpected failure of the translation."""
    kb_file = changed_knowledge_base(tmp_path, "goals:", "goals: 5\n        old_goals:")
    code, _out, err = run_cli(runner, "procedures", "--kb", str(kb_file), "--lang", "es")
    assert code == 1
    assert "unexpected" not in err and "inesperado" not in err
