"""Markdown and JSON exports: golden files for the whole document, and the parts a reader relies on."""

import json
import re

import pytest

from conftest import assert_raw_dates_in, check_golden, make_timeline
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.json.encoding import to_json
from spinerecov.output.json.plan import answer_to_dict, timeline_to_dict
from spinerecov.output.markdown.plan import to_markdown
from spinerecov.plan.answers import answer
from spinerecov.plan.personalise import personalise


def test_markdown_export_golden(kb: KnowledgeBase) -> None:
    """The endoscopic plan for a 72-year-old smoker exports exactly as the golden file."""
    timeline = make_timeline(kb, "endoscopic", PatientFactors(age=72, smoker=True))
    markdown = to_markdown(timeline, kb)
    check_golden("export-endoscopic-age72-smoker.md", markdown)
    # Phases and the milestones a 72-year-old smoker's factors leave alone, from the raw YAML.
    assert_raw_dates_in(markdown, "endoscopic", "iso", milestones={"discharge", "review-3-months"})


def test_markdown_has_every_required_section(kb: KnowledgeBase) -> None:
    """Title, inputs, disclaimer, phases table, checklist, activity dates, gantt, red flags, sources."""
    text = to_markdown(make_timeline(kb, "tubular"), kb)
    for heading in ("# Recovery plan: Tubular microdiscectomy", "## Your details", "## Phases", "## Milestones",
                    "## When can I ...?", "## Chart", "## Red flags: when to get help", "## Sources"):  # fmt: skip
        assert heading in text
    assert "- [ ] 2024-05-15 Wound check / stitch removal" in text
    assert kb.disclaimer in text
    assert "| Lifting | 2024-05-01 (week 1) | 2024-07-24 (week 13) |" in text
    assert "| Lifting: then up to 13.6 kg (30 lb) | 2024-06-12 (week 7) | |" in text
    assert (
        "- Lifting: then up to 13.6 kg (30 lb) (week 7; most people: weeks 4 to 7);"
        " without limits (week 13; most people: weeks 9 to 17)"
    ) in text
    assert "- `mgh-preop-class`: " in text


def test_gantt_chart_is_valid_mermaid(kb: KnowledgeBase) -> None:
    """Every gantt line is a section, a setting, or 'name :id, YYYY-MM-DD, Nd' with no stray colons."""
    text = to_markdown(make_timeline(kb, "mis-fusion", PatientFactors(smoker=True)), kb)
    chart = text.split("```mermaid\n", 1)[1].split("```", 1)[0].splitlines()
    assert chart[0] == "gantt"
    task = re.compile(r"^    [^:#;]+ :(milestone, )?[a-z0-9-]+, \d{4}-\d{2}-\d{2}, \d+d$")
    for line in chart[1:]:
        settings = ("    title ", "    dateFormat ", "    axisFormat ", "    tickInterval ", "    section ")
        assert line.startswith(settings) or task.match(line), line
    assert "    4. Bone fusion consolidates :fusion-consolidation, 2024-07-24, 280d" in chart
    assert "    axisFormat %b %Y" in chart and "    tickInterval 2month" in chart  # a 79-week plan


@pytest.mark.parametrize(
    "name", ["section Two - build", "Section 2 review", "title Drive", "excludes weekends", "Includes X-ray", "click"]
)
def test_gantt_keeps_names_that_start_with_a_keyword(kb: KnowledgeBase, name: str) -> None:
    """A protocol name starting with a gantt keyword stays a task: every task line starts with its number."""
    timeline = make_timeline(kb, "endoscopic")
    renamed = timeline._replace(
        phases=tuple(p._replace(name=name) for p in timeline.phases),
        milestones=tuple(m._replace(name=name) for m in timeline.milestones),
    )
    chart = to_markdown(renamed, kb).split("```mermaid\n", 1)[1].split("```", 1)[0].splitlines()
    tasks = [line for line in chart if line.endswith("d") and " :" in line]
    assert len(tasks) == len(timeline.phases) + len(timeline.milestones)
    assert all(re.match(r"^    (\d+\.|M\d+) ", line) for line in tasks), tasks


def test_markdown_shows_every_limit_change_in_a_phase(kb: KnowledgeBase) -> None:
    """Inside a phase, each change of a limit is listed with its date, as on the terminal."""
    text = to_markdown(make_timeline(kb, "endoscopic"), kb)
    assert "- Driving: Not yet; from 15 May 2024 (week 3): Limited (" in text
    assert "); from 29 May 2024 (week 5): Yes" in text


def test_markdown_tables_are_narrow_enough_to_print(kb: KnowledgeBase) -> None:
    """No table has more than three columns, so pandoc's PDF never runs a table off the page."""
    text = to_markdown(make_timeline(kb, "mis-fusion"), kb)
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert rows and all(line.replace("\\|", "").count("|") <= 4 for line in rows)


def test_phases_in_markdown_cover_every_day(kb: KnowledgeBase) -> None:
    """The markdown phases run from the surgery date without gaps (same dates as the timeline)."""
    timeline = make_timeline(kb, "miss")
    text = to_markdown(timeline, kb)
    for phase in timeline.phases:
        assert f"| {phase.start_date.isoformat()} to {phase.end_date.isoformat()} |" in text


def test_timeline_json_golden(kb: KnowledgeBase) -> None:
    """The JSON document for a diabetic desk worker after tubular surgery matches the golden file."""
    timeline = make_timeline(kb, "tubular", PatientFactors(diabetes=True, job="desk"))
    document = to_json(timeline_to_dict(timeline, kb))
    check_golden("timeline-tubular-diabetes-desk.json", document)
    assert_raw_dates_in(document, "tubular", "iso")


def test_json_phases_say_something_about_every_activity(kb: KnowledgeBase) -> None:
    """Each phase in the JSON lists every activity's verdict from the phase's first day."""
    document = timeline_to_dict(make_timeline(kb, "mis-fusion"), kb)
    for phase in document["phases"]:
        opening = {entry["activity"] for entry in phase["limits"] if entry["from_day"] == phase["start_day"]}
        assert opening == set(kb.activities), phase["id"]
        assert all(phase["start_day"] <= entry["from_day"] <= phase["end_day"] for entry in phase["limits"])


def test_json_is_plain_and_round_trips(kb: KnowledgeBase) -> None:
    """The JSON has only plain values: dumping and loading gives the same document."""
    document = timeline_to_dict(make_timeline(kb, "open-fusion", PatientFactors(bmi=33)), kb)
    assert json.loads(to_json(document)) == document
    assert all(isinstance(a["reason"], str) for a in document["adjustments"])


def test_answer_json_verdict_words(kb: KnowledgeBase) -> None:
    """can-i JSON verdicts are exactly yes, limited or not-yet."""
    plan = personalise(kb, "miss", PatientFactors())
    seen = {answer_to_dict(answer(kb, plan, a, d), None, kb)["verdict"] for a in kb.activities for d in (0, 20, 90)}
    assert seen == {"yes", "limited", "not-yet"}
