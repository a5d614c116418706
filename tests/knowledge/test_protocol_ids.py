"""A clinic protocol's ids: a typo is an unknown id with did-you-mean, a new fact says so, every problem in one pass."""

from pathlib import Path

from typer.testing import CliRunner

from conftest import run_cli

HEAD = "source:\n  id: riverside\n  title: Riverside protocol\nclinic:\n  name: Riverside Spine Centre\n"


def _protocol(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "riverside.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def test_a_misspelt_milestone_id_is_unknown_with_did_you_mean(runner: CliRunner, tmp_path: Path) -> None:
    """`wound-chek` is "not a milestone of tubular. Did you mean 'wound-check'?" at its line (C-04)."""
    path = _protocol(tmp_path, "procedures:\n  tubular:\n    milestones:\n      - id: wound-chek\n        day: 10\n")
    code, _, err = run_cli(runner, "kb", "check", "--protocol", str(path))
    assert code == 1
    assert f"({path}:9): 'wound-chek' is not a milestone of tubular. Did you mean 'wound-check'?" in err
    assert "new: true" in err
    assert "is required but missing" not in err


def test_a_misspelt_phase_and_red_flag_are_unknown_too(runner: CliRunner, tmp_path: Path) -> None:
    """A phase id and a red flag id the knowledge base lacks are reported the same way."""
    body = "procedures:\n  endoscopic:\n    phases:\n      - id: frist-week\n        end: 7\nred_flags:\n  - id: fevr\n"
    code, _, err = run_cli(runner, "kb", "check", "--protocol", str(_protocol(tmp_path, body)))
    assert code == 1
    assert "'frist-week' is not a phase of endoscopic. Did you mean 'first-week'?" in err
    assert "'fevr' is not a red flag of the knowledge base. Did you mean 'fever'?" in err


def test_a_new_milestone_is_added_with_new_true(runner: CliRunner, tmp_path: Path) -> None:
    """`new: true` beside an id adds the milestone, which then shows in the plan."""
    body = (
        "procedures:\n  tubular:\n    milestones:\n      - id: ward-phone-call\n        new: true\n"
        "        name: Phone call from the ward\n        kind: visit\n        day: 2\n"
        "        range: {from_day: 1, to_day: 3, sources: [riverside]}\n        description: The ward calls you.\n"
    )
    path = _protocol(tmp_path, body)
    code, _, err = run_cli(runner, "kb", "check", "--protocol", str(path))
    assert code == 0, err
    code, out, err = run_cli(runner, "timeline", "-p", "tubular", "-d", "2026-11-26", "--protocol", str(path))
    assert code == 0, err
    assert "Phone call from the ward" in out


def test_every_problem_of_a_protocol_in_one_pass(runner: CliRunner, tmp_path: Path) -> None:
    """A typo'd milestone id and an unknown activity key are both reported at once (C-05)."""
    body = (
        "procedures:\n  tubular:\n    milestones:\n      - id: wound-chek\n        day: 10\n"
        "    activities:\n      bath:\n        - {from_day: 0, verdict: not-yet}\n"
    )
    code, _, err = run_cli(runner, "kb", "check", "--protocol", str(_protocol(tmp_path, body)))
    assert code == 1
    assert "(2 problems)" in err
    assert "'wound-chek'" in err and "unknown activity 'bath' (did you mean 'bathe'?)" in err


def test_when_the_file_itself_is_wrong_it_says_later_checks_wait(runner: CliRunner, tmp_path: Path) -> None:
    """A shape error and an unknown id come together, with a line saying the whole-base checks did not run."""
    body = "  phone: 5550100\nprocedures:\n  tubular:\n    milestones:\n      - id: wound-chek\n        day: 10\n"
    code, _, err = run_cli(runner, "kb", "check", "--protocol", str(_protocol(tmp_path, body)))
    assert code == 1
    assert "'wound-chek'" in err and "clinic.phone" in err
    assert "did not run yet" in err


def test_kb_check_shows_the_protocols_warnings_first_and_apart(runner: CliRunner) -> None:
    """`kb check --protocol` lists the protocol's warnings apart and first; the built-in's are counted (C-06)."""
    from conftest import ROOT

    protocol = str(ROOT / "examples" / "clinic-protocol.yaml")
    code, out, _ = run_cli(runner, "kb", "check", "--protocol", protocol)
    assert code == 0
    _, alone, _ = run_cli(runner, "kb", "check")
    built_in = [line for line in alone.splitlines() if line.startswith("  ") and "): " in line]
    head, theirs = out.split("warnings about your protocol:\n", 1)
    listed, tail = theirs.rsplit("\n", 2)[0], theirs.rstrip("\n").rsplit("\n", 1)[-1]
    assert "cites only general-guidance" not in listed  # the built-in's own warnings are not listed
    assert "gardening" in listed  # the protocol's new activity, silent in the built-in plans
    assert tail == (
        f"The knowledge base itself has {len(built_in)} more warnings, not about your protocol"
        " ('spinerecov kb check' lists them)."
    )
