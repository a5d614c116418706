"""Loading, validating and cross-checking the knowledge base; lookups; the on-disk cache."""

from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, as_in_a_new_process
from spinerecov.errors import KnowledgeBaseError, UnknownNameError
from spinerecov.knowledge.loader import (
    load_knowledge_base,
    parse_knowledge_base,
    resolve_kb_path,
)
from spinerecov.knowledge.lookup import find_activity, find_procedure
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.yaml_reader import parse_yaml

BROKEN = FIXTURES / "kb" / "broken"
MINIMAL = FIXTURES / "kb" / "minimal.yaml"

REQUIRED_PROCEDURES = {"miss", "endoscopic", "tubular", "mis-fusion", "open-discectomy", "open-fusion"}
REQUIRED_ACTIVITIES = {
    "walk", "sit", "shower", "bathe", "drive", "lift", "bend-twist", "housework", "work-desk",
    "work-manual", "exercise-light", "run", "sport", "contact-sport", "sex", "fly",
}  # fmt: skip


def test_built_in_kb_has_every_required_procedure_and_activity(kb: KnowledgeBase) -> None:
    """The issue's procedure and activity ids all exist, and miss is the default."""
    assert REQUIRED_PROCEDURES <= set(kb.procedures)
    assert REQUIRED_ACTIVITIES <= set(kb.activities)
    assert kb.default_procedure == "miss"


def test_every_procedure_says_something_about_every_activity(kb: KnowledgeBase) -> None:
    """No procedure is silent about an activity of the catalogue."""
    for procedure in kb.procedures.values():
        assert set(procedure.activities) == set(kb.activities)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("microdiscectomy", "open-discectomy"),
        ("TLIF", "open-fusion"),
        ("mis-tlif", "mis-fusion"),
        ("feld", "endoscopic"),
        ("fusion", "open-fusion"),
        ("tubular", "tubular"),
        ("Endoscopic", "endoscopic"),
        ("open_fusion", "open-fusion"),
    ],
)
def test_procedure_aliases_resolve(kb: KnowledgeBase, typed: str, expected: str) -> None:
    """Aliases users type (any case, _ or -) find the procedure."""
    assert find_procedure(kb, typed)[0] == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("lifting", "lift"),
        ("driving", "drive"),
        ("desk-work", "work-desk"),
        ("swimming", "swim"),
        ("bath", "bathe"),
        ("Desk Work", "work-desk"),
    ],
)
def test_activity_aliases_resolve(kb: KnowledgeBase, typed: str, expected: str) -> None:
    """Aliases users type find the activity."""
    assert find_activity(kb, typed)[0] == expected


def test_unknown_names_suggest_ids_not_aliases(kb: KnowledgeBase) -> None:
    """A typo is answered with the closest ids, each once, and how to list them."""
    with pytest.raises(UnknownNameError) as caught:
        find_procedure(kb, "endoscpic")
    assert caught.value.suggestions == ["endoscopic"]
    assert "spinerecov procedures" in str(caught.value)
    with pytest.raises(UnknownNameError) as caught:
        find_activity(kb, "lfit")
    assert caught.value.suggestions[0] == "lift"
    assert caught.value.exit_code == 2


def test_no_procedure_means_the_default(kb: KnowledgeBase) -> None:
    """With no name the default procedure (general MISS) is used."""
    assert find_procedure(kb, None)[0] == "miss"


def test_yaml_keeps_yes_no_and_dates_as_text() -> None:
    """YAML 1.1 would turn yes/no/on into booleans and 2024-05-01 into a date; we do not."""
    data = parse_yaml("a: yes\nb: no\nc: on\nd: 2024-05-01\ne: true\nf: False\n", "t.yaml")
    assert data == {"a": "yes", "b": "no", "c": "on", "d": "2024-05-01", "e": True, "f": False}


@pytest.mark.parametrize(
    ("fixture", "path", "line", "message"),
    [
        ("syntax-error", None, 17, ""),  # the words are libyaml's, and change between releases: the line is ours
        ("duplicate-key", None, 24, "duplicate key 'walk'"),
        ("not-a-mapping", None, 1, "the top level must be a mapping of keys"),
        ("unknown-key", "procedures.demo.phases[1].expects", 65, "unknown key (not allowed here)"),
        (
            "phase-gap",
            "procedures.demo.phases[2].start",
            69,
            "must start on day 42, the day after the previous phase ends",
        ),
        ("unknown-activity", "procedures.demo.activities.drve", 111, "unknown activity 'drve' (did you mean 'drive'?)"),
        ("unknown-source", "procedures.demo.activities.drive[1].sources[0]", 117, "unknown source 'general-guidanse'"),
        ("milestone-after-plan", "procedures.demo.milestones[0]", 74, "day 200 is after the plan ends (day 100)"),
        ("ambiguous-alias", "activities.drive.aliases[1]", 26, "alias 'walking' also names 'walk'"),
        ("limited-without-limit", "procedures.demo.activities.lift[1]", 103, "a 'limited' step needs a limit"),
        ("code-not-text", "procedures.demo.codes[0]", 47, "string"),  # the rest of the words are pydantic's
        ("boolean-as-word", "factor_rules[0].when.smoker", 120, "boolean"),
        (
            "steps-out-of-order",
            "procedures.demo.activities.lift[2].from_day",
            108,
            "must be later than the previous step",
        ),
        ("delay-without-range", "factor_rules[0].targets[0]", 122, "'phase:early' has no cautious value to move to"),
        ("opens-before-needed", "procedures.demo.activities.drive", 111, "before 'lift' has no limit (day 42)"),
        ("opens-after-itself", "activities.lift.opens_after[0]", 23, "'lift' waits for other activities itself"),
    ],
)
def test_broken_knowledge_base_names_path_and_line(fixture: str, path: str | None, line: int, message: str) -> None:
    """Each kind of broken knowledge base fails with its YAML path, file:line and a plain message."""
    broken = BROKEN / f"{fixture}.yaml"
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(broken)
    located = [p for p in caught.value.problems if message in p]
    assert located, caught.value.problems
    where = f"{broken}:{line}"
    expected_start = f"{path} ({where})" if path else where
    assert located[0].startswith(expected_start), located[0]
    assert caught.value.exit_code == 1


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    """A knowledge base that does not exist says so (exit 1), it is not called invalid."""
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(tmp_path / "nope.yaml")
    assert str(caught.value) == f"Cannot read the knowledge base {tmp_path / 'nope.yaml'}: No such file or directory."


def test_minimal_fixture_is_valid() -> None:
    """The fixture every broken case starts from is itself valid."""
    kb = load_knowledge_base(MINIMAL)
    assert list(kb.procedures) == ["demo"]


def test_lookup_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """--kb wins over SPINERECOV_KB, which wins over the built-in copy."""
    monkeypatch.setenv("SPINERECOV_KB", str(tmp_path / "env.yaml"))
    assert resolve_kb_path(str(tmp_path / "flag.yaml")) == tmp_path / "flag.yaml"
    assert resolve_kb_path(None) == tmp_path / "env.yaml"
    monkeypatch.delenv("SPINERECOV_KB")
    assert resolve_kb_path(None).read_bytes() == (ROOT / "data" / "procedures.yaml").read_bytes()


def test_cached_load_equals_fresh_parse(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The JSON cache gives back exactly the knowledge base a fresh parse gives."""
    monkeypatch.setenv("SPINERECOV_CACHE_DIR", str(tmp_path))
    path = resolve_kb_path()
    fresh = parse_knowledge_base(path.read_text(), str(path))
    first = load_knowledge_base(path)
    assert list(tmp_path.glob("kb-*.json")), "the first load writes the cache"
    as_in_a_new_process()
    second = load_knowledge_base(path)
    assert first == fresh == second


def test_stale_or_corrupt_cache_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A cache written for other content, or garbage, is never trusted."""
    monkeypatch.setenv("SPINERECOV_CACHE_DIR", str(tmp_path))
    load_knowledge_base(MINIMAL)
    (cache_file,) = tmp_path.glob("kb-*.json")
    cache_file.write_text('{"key": "another key", "kb": "not a knowledge base"}')
    as_in_a_new_process()
    assert list(load_knowledge_base(MINIMAL).procedures) == ["demo"]
    cache_file.write_bytes(b"garbage")
    as_in_a_new_process()
    assert list(load_knowledge_base(MINIMAL).procedures) == ["demo"]


def test_changed_file_is_reparsed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Editing the knowledge base takes effect at once: the cache is keyed by content."""
    kb_file = tmp_path / "kb.yaml"
    kb_file.write_text(MINIMAL.read_text())
    assert load_knowledge_base(kb_file).disclaimer.startswith("Test disclaimer")
    kb_file.write_text(MINIMAL.read_text().replace("Test disclaimer.", "Changed disclaimer."))
    as_in_a_new_process()
    assert load_knowledge_base(kb_file).disclaimer.startswith("Changed disclaimer")


def test_no_cache_when_disabled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """SPINERECOV_NO_CACHE=1 writes no cache file."""
    monkeypatch.setenv("SPINERECOV_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SPINERECOV_NO_CACHE", "1")
    load_knowledge_base(MINIMAL)
    assert not list(tmp_path.iterdir())


def test_unwritable_cache_only_costs_speed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """If the cache folder cannot be created the knowledge base still loads."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SPINERECOV_CACHE_DIR", str(blocker / "cache"))
    assert list(load_knowledge_base(MINIMAL).procedures) == ["demo"]
