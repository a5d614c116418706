"""A clinic's protocol on top of the knowledge base: overrides, additions, sources, errors, where it comes from."""

import json
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from conftest import FIXTURES, ROOT, SURGERY, TODAY, run_cli
from spinerecov.errors import KnowledgeBaseError
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.calendar.plan import to_ics
from spinerecov.output.markdown.plan import to_markdown
from spinerecov.plan.personalise import personalise
from spinerecov.plan.timeline import build_timeline, milestone_day

EXAMPLE = ROOT / "examples" / "clinic-protocol.yaml"
BROKEN = FIXTURES / "protocol"
CALL = "Call Example Spine Clinic: 555-0100."


@pytest.fixture
def clinic_kb() -> KnowledgeBase:
    """The built-in knowledge base with the example clinic protocol on top."""
    return load_knowledge_base(resolve_kb_path(), EXAMPLE)


def test_overrides_change_only_what_they_name(kb: KnowledgeBase, clinic_kb: KnowledgeBase) -> None:
    """The wound check moves to day 12; other milestones and procedures are untouched."""
    assert milestone_day(clinic_kb.procedures["endoscopic"], "wound-check") == 12
    assert milestone_day(kb.procedures["endoscopic"], "wound-check") == 10
    assert clinic_kb.procedures["endoscopic"].phases == kb.procedures["endoscopic"].phases
    assert clinic_kb.procedures["mis-fusion"] == kb.procedures["mis-fusion"]
    # Shared YAML blocks stay independent: changing tubular's lifting leaves open discectomy's alone.
    assert (
        clinic_kb.procedures["open-discectomy"].activities["lift"]
        == kb.procedures["open-discectomy"].activities["lift"]
    )
    assert clinic_kb.procedures["tubular"].activities["lift"][0].limit.max_kg == 4.5  # type: ignore[union-attr]


def test_changed_facts_cite_the_protocol(clinic_kb: KnowledgeBase) -> None:
    """Every fact the protocol touches cites it, and the protocol is a source of kind 'protocol'."""
    assert clinic_kb.sources["example-spine-clinic"].kind == "protocol"
    wound = next(m for m in clinic_kb.procedures["endoscopic"].milestones if m.id == "wound-check")
    assert wound.sources == ["example-spine-clinic"]
    assert all(s.sources[0] == "example-spine-clinic" for s in clinic_kb.procedures["endoscopic"].activities["drive"])
    fever = next(f for f in clinic_kb.red_flags if f.id == "fever")
    assert "shivering" in fever.symptom and fever.sources == ["example-spine-clinic"]
    assert clinic_kb.activities["gardening"].conditions[0].sources == ["example-spine-clinic"]


def test_added_procedure_and_activity_work_everywhere(clinic_kb: KnowledgeBase) -> None:
    """A new procedure plans like any other; an activity a procedure leaves out is 'ask your surgeon'."""
    factors = PatientFactors()
    timeline = build_timeline(clinic_kb, personalise(clinic_kb, "mis-decompression", factors), factors, SURGERY, TODAY)
    assert timeline.full_recovery.day == 42
    gardening = next(a for a in timeline.activities if a.id == "gardening")
    assert gardening.today.verdict == "not-yet" and gardening.first_yes_day is None
    assert "ask your surgeon" in (gardening.today.note or "")


def test_clinic_appears_beside_the_red_flags_everywhere(clinic_kb: KnowledgeBase, runner: CliRunner) -> None:
    """The clinic's number is in the markdown, the calendar, can-i, red-flags, timeline and status."""
    factors = PatientFactors()
    timeline = build_timeline(clinic_kb, personalise(clinic_kb, "tubular", factors), factors, SURGERY, TODAY)
    markdown = to_markdown(timeline, clinic_kb)
    assert f"**{CALL}" in markdown.split("## Red flags")[1]
    assert "Example Spine Clinic post-operative protocol" in markdown.split("## Sources")[1]
    assert CALL in str(Calendar.from_ical(to_ics(timeline, clinic_kb, "p1"))["x-wr-caldesc"])
    flat = " ".join
    for args in (
        ("can-i", "lift", "-w", "2"),
        ("red-flags",),
        ("timeline", "-p", "tubular", "-d", "2024-05-01", "--today", "2024-05-20"),
        ("status", "-p", "tubular", "-d", "2024-05-01", "--today", "2024-05-20"),
    ):
        code, out, _ = run_cli(runner, *args, "--protocol", str(EXAMPLE))
        assert code == 0, args
        assert CALL in flat(out.split()), args


def test_protocol_from_environment_and_profile(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """SPINERECOV_PROTOCOL and a saved profile's protocol apply; --protocol wins over both."""
    monkeypatch.setenv("SPINERECOV_PROTOCOL", str(EXAMPLE))
    code, out, _ = run_cli(runner, "red-flags", "--json")
    assert json.loads(out)["clinic"]["name"] == "Example Spine Clinic"
    monkeypatch.delenv("SPINERECOV_PROTOCOL")
    code, _, err = run_cli(runner, "profile", "set", "--protocol", str(EXAMPLE))
    assert code == 0, err
    code, out, err = run_cli(runner, "red-flags", "--json")
    assert json.loads(out)["clinic"]["name"] == "Example Spine Clinic"
    assert "clinic protocol" in err
    other = BROKEN / "breaks-phases.yaml"
    code, _, err = run_cli(runner, "red-flags", "--protocol", str(other))
    assert code == 1 and str(other) in err, "an explicit --protocol is used instead of the profile's"


@pytest.mark.parametrize(
    ("fixture", "path", "line", "message"),
    [
        ("unknown-key", "procedures.endoscopic.milestones[0].dya", 10, "unknown key"),
        ("breaks-phases", "procedures.endoscopic.phases[1].start", 0, "must start on day 10"),
        ("unknown-activity", "procedures.tubular.activities.gardenning", 9, "unknown activity 'gardenning'"),
    ],
)
def test_invalid_protocol_names_its_own_file_and_line(fixture: str, path: str, line: int, message: str) -> None:
    """Errors in the protocol, or caused by it after merging, point into the protocol where they can."""
    protocol = BROKEN / f"{fixture}.yaml"
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(resolve_kb_path(), protocol)
    problem = next(p for p in caught.value.problems if message in p)
    assert problem.startswith(path), problem
    if line:
        assert f"({protocol}:{line})" in problem
    assert caught.value.exit_code == 1


def test_protocol_change_that_breaks_the_base_is_reported_at_the_protocol(runner: CliRunner) -> None:
    """Moving a phase's end shows up at the protocol line that moved it."""
    protocol = BROKEN / "breaks-phases.yaml"
    code, _, err = run_cli(runner, "timeline", "-d", "2024-05-01", "--protocol", str(protocol))
    assert code == 1
    assert "procedures.endoscopic.phases[1].start (" in err
    assert f"after the protocol's change at {protocol}:12): must start on day 10" in err


def test_missing_protocol_file_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    """A protocol that does not exist: exit 1, one clear line."""
    code, _, err = run_cli(runner, "red-flags", "--protocol", str(tmp_path / "nope.yaml"))
    assert code == 1
    assert err.strip() == f"Error: Cannot read the clinic protocol {tmp_path / 'nope.yaml'}: No such file or directory."


def test_ask_your_surgeon_holds_from_the_surgery_day(clinic_kb: KnowledgeBase, runner: CliRunner) -> None:
    """An activity a procedure leaves out is 'ask your surgeon' from day 0: no spurious change on day 1."""
    factors = PatientFactors()
    timeline = build_timeline(clinic_kb, personalise(clinic_kb, "mis-decompression", factors), factors, SURGERY, TODAY)
    gardening = next(a for a in timeline.activities if a.id == "gardening")
    assert [step.from_day for step in gardening.steps] == [0]
    code, out, err = run_cli(
        runner, "can-i", "gardening", "--day", "0", "-p", "mis-decompression", "--protocol", str(EXAMPLE), "--json"
    )
    assert code == 0, err
    answer = json.loads(out)
    assert answer["changes"] == []
    code, out, _ = run_cli(
        runner, "can-i", "gardening", "--week", "1", "-p", "mis-decompression", "--protocol", str(EXAMPLE)
    )
    assert code == 0 and "From " not in out
