"""The check-in section of the knowledge base: every red flag can be raised, ids and thresholds checked, protocols."""

import copy
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import dump_yaml, raw_knowledge_base, run_cli
from spinerecov.errors import KnowledgeBaseError
from spinerecov.knowledge.check_in_coverage import unraisable_red_flags
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase

RAW = raw_knowledge_base()
SEED_000 = "000_379f30ac8df464cf.txt"
CHECK_IN = ["check-in", "-p", "miss", "-d", "2024-05-01", "--today", "2024-05-20", "--no-save"]


def _write(tmp_path: Path, data: dict[str, Any], name: str = "procedures.yaml") -> Path:
    """Write `data` as a knowledge-base copy."""
    path = tmp_path / name
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def _without_question(ident: str) -> dict[str, Any]:
    """The built-in knowledge base's data without the check-in question `ident`."""
    data: dict[str, Any] = copy.deepcopy(RAW)
    data["check_in"]["questions"] = [q for q in data["check_in"]["questions"] if q["id"] != ident]
    return data


def test_every_red_flag_of_every_procedure_can_be_raised(kb: KnowledgeBase) -> None:
    """Each shared and procedure-specific red flag is raised by some check-in answer (none left out)."""
    assert unraisable_red_flags(kb) == []
    flags = {f.id for f in kb.red_flags} | {f.id for p in kb.procedures.values() for f in p.red_flags}
    raisable = {flag for q in kb.check_in.questions for flag in q.raisable()}
    assert flags <= raisable


def test_every_question_cites_a_source_of_each_red_flag_it_raises(kb: KnowledgeBase) -> None:
    """A question that raises a red flag shares at least one source with it (seed 000 first where it is one)."""
    every = {f.id: f for f in (*kb.red_flags, *(f for p in kb.procedures.values() for f in p.red_flags))}
    for question in kb.check_in.questions:
        for flag in question.raisable():
            assert set(question.sources) & set(every[flag].sources), (question.id, flag)
            if every[flag].sources[0] == SEED_000:
                assert question.sources[0] == SEED_000, (question.id, flag)


def test_kb_check_fails_for_a_red_flag_no_answer_raises(runner: CliRunner, tmp_path: Path) -> None:
    """Without the calf question nothing raises calf-clot: kb check exits 1 and points at the red flag's line."""
    path = _write(tmp_path, _without_question("calf"))
    code, out, err = run_cli(runner, "kb", "check", str(path))
    assert code == 1, out
    line = next(line for line in err.splitlines() if "calf-clot" in line)
    assert line.startswith(f"  red_flags[11] ({path}:")
    assert "no check-in answer raises red flag 'calf-clot'" in line


def test_kb_check_accepts_a_red_flag_not_asked_with_its_reason(runner: CliRunner, tmp_path: Path) -> None:
    """A red flag listed under check_in.not_asked is not an error: kb check lists it with its reason."""
    data = _without_question("calf")
    data["check_in"]["not_asked"] = [{"red_flag": "calf-clot", "because": "Our nurses ask it by telephone."}]
    path = _write(tmp_path, data)
    code, out, err = run_cli(runner, "kb", "check", str(path))
    assert code == 0, err
    note = next(line for line in (out + err).splitlines() if "calf-clot" in line)
    assert note.startswith(f"  check_in.not_asked[0] ({path}:")
    assert note.endswith("red flag 'calf-clot' is not asked in a check-in: Our nurses ask it by telephone.")


def test_a_procedure_specific_red_flag_counts_too(tmp_path: Path) -> None:
    """Without the hardware question, the fusions' hardware-problem flag is the one reported."""
    data = _without_question("hardware")
    kb = load_knowledge_base(_write(tmp_path, data))
    assert [flag for _path, flag in unraisable_red_flags(kb)] == ["hardware-problem"]


def test_an_answer_naming_an_unknown_red_flag_is_a_located_error(tmp_path: Path) -> None:
    """A misspelt red-flag id in an answer is refused at load, with file:line and a suggestion."""
    data = copy.deepcopy(RAW)
    calf = next(q for q in data["check_in"]["questions"] if q["id"] == "calf")
    calf["if_yes"] = ["calf-clt"]
    path = _write(tmp_path, data)
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(path)
    message = str(caught.value)
    assert "check_in.questions[" in message and f"{path}:" in message
    assert "unknown red flag 'calf-clt' (did you mean 'calf-clot'?)" in message


def test_a_threshold_must_be_the_one_its_red_flag_states(tmp_path: Path) -> None:
    """A fever threshold of 37.5 °C is stricter than the red flag's own 38 °C: refused, never invented."""
    data = copy.deepcopy(RAW)
    temperature = next(q for q in data["check_in"]["questions"] if q["id"] == "temperature")
    temperature["thresholds"][0]["at_least"] = 37.5
    with pytest.raises(KnowledgeBaseError, match=r"37\.5 is not in the red flag's own text"):
        load_knowledge_base(_write(tmp_path, data))


def test_a_question_with_its_own_option_keeps_its_kind(tmp_path: Path) -> None:
    """--wound reads a choice: a knowledge base that makes 'wound' a yes-no question is refused."""
    data = copy.deepcopy(RAW)
    wound = next(q for q in data["check_in"]["questions"] if q["id"] == "wound")
    wound.update({"kind": "yes-no", "if_yes": ["wound-bleeding"]})
    del wound["answers"]
    with pytest.raises(KnowledgeBaseError, match="has its own command-line option"):
        load_knowledge_base(_write(tmp_path, data))


PROTOCOL = """\
clinic: {name: Test Clinic}
source: {title: Test Clinic check-in protocol 2026}
check_in:
  questions:
    - id: wound
      answers:
        - {value: ok, label: as before}
        - {value: red, label: red, raises: [wound-infection]}
        - {value: blister, label: blistered skin near the wound, raises: [wound-infection]}
    - id: dizzy
      kind: yes-no
      text: Do you feel dizzy when you stand up?
      short: dizzy when standing up
      if_yes: [not-feeling-right]
"""


def test_a_protocol_adds_a_question_and_changes_answers(runner: CliRunner, tmp_path: Path) -> None:
    """A clinic's question is answered with --answer and raises its flag; a changed answer list is read as changed."""
    protocol = tmp_path / "protocol.yaml"
    protocol.write_text(PROTOCOL, encoding="utf-8")
    code, out, err = run_cli(runner, *CHECK_IN, "--protocol", str(protocol), "--answer", "dizzy=yes", "--json")
    assert code == 0, err
    assert '"tier": "call-surgeon"' in out and '"because": "dizzy when standing up"' in out
    code, out, err = run_cli(runner, *CHECK_IN, "--protocol", str(protocol), "--wound", "blister")
    assert code == 0, err
    assert "Because: wound: blistered skin near the wound." in out
    code, _out, err = run_cli(runner, *CHECK_IN, "--protocol", str(protocol), "--wound", "oozing")
    assert code == 2
    assert "--wound: 'oozing' is not one of: ok, red, blister." in err


def test_a_protocol_question_with_an_unknown_red_flag_points_into_the_protocol(tmp_path: Path) -> None:
    """A typo in a protocol's question is reported at the protocol's own file:line."""
    protocol = tmp_path / "protocol.yaml"
    protocol.write_text(PROTOCOL.replace("[not-feeling-right]", "[not-feeling-rigth]"), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(resolve_kb_path(), protocol)
    assert f"{protocol}:14)" in str(caught.value)
    assert "unknown red flag 'not-feeling-rigth'" in str(caught.value)
