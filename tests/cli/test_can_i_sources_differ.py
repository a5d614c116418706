"""`can-i` shows where sources differ about the step that opens the activity, even when that step is weeks away."""

import json

import pytest
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.plan.schedule import first_day_at_least

CASES = [("drive", "endoscopic"), ("drive", "tubular"), ("sport", "endoscopic")]


def _opening_note(kb: KnowledgeBase, activity: str, procedure: str) -> str:
    """The 'sources differ' text of the step from which the activity is allowed without limits."""
    steps = kb.procedures[procedure].activities[activity]
    opens = first_day_at_least(steps, "yes")
    step = next(s for s in steps if s.from_day == opens)
    assert step.sources_differ is not None, "the case needs a step whose sources differ"
    return step.sources_differ.text


def _ask(runner: CliRunner, activity: str, procedure: str, *more: str) -> str:
    code, out, err = run_cli(runner, "can-i", activity, "-p", procedure, "-d", "2024-05-01", "--week", "2", *more)
    assert code == 0, err
    return out


@pytest.mark.parametrize(("activity", "procedure"), CASES)
def test_the_opening_steps_sources_differ_note_is_in_the_json(
    kb: KnowledgeBase, runner: CliRunner, activity: str, procedure: str
) -> None:
    """Asked about week 2, the JSON answer carries the note of the later step that opens the activity."""
    note = _opening_note(kb, activity, procedure)
    document = json.loads(_ask(runner, activity, procedure, "--json"))
    assert note in [entry["text"] for entry in document["sources_differ"]]
    assert all(entry["sources"] for entry in document["sources_differ"])


@pytest.mark.parametrize(("activity", "procedure"), CASES)
def test_the_opening_steps_sources_differ_note_is_on_screen(
    kb: KnowledgeBase, runner: CliRunner, activity: str, procedure: str
) -> None:
    """Asked about week 2, the answer on screen says 'Sources differ:' with the opening step's note, visibly."""
    note = _opening_note(kb, activity, procedure)
    screen = " ".join(_ask(runner, activity, procedure).split())
    assert f"Sources differ: {note.rstrip('.')}" in screen
