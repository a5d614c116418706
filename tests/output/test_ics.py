"""The calendar export: parsed back, every milestone and phase on its date, stable UIDs, reminders."""

import datetime as dt
import re
from pathlib import Path

from icalendar import Calendar, Component
from typer.testing import CliRunner

from conftest import make_timeline, run_cli
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.calendar.plan import event_uid, to_ics
from spinerecov.output.markdown.plan import to_markdown

PATIENT = "MRN-0001"


def _events(data: bytes) -> dict[str, Component]:
    calendar = Calendar.from_ical(data)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_every_milestone_and_phase_start_is_an_all_day_event(kb: KnowledgeBase) -> None:
    """Each milestone and phase start is an all-day event on its date, with a description and sources."""
    timeline = make_timeline(kb, "mis-fusion", PatientFactors(smoker=True, diabetes=True))
    events = _events(to_ics(timeline, kb, PATIENT))
    for milestone in timeline.milestones:
        event = events[event_uid(PATIENT, "milestone", milestone.id)]
        assert event.decoded("dtstart") == milestone.date
        assert event.decoded("dtend") == milestone.date + dt.timedelta(days=1)
        assert milestone.name in str(event["summary"])
        assert "Sources:" in str(event["description"])
    for phase in timeline.phases:
        event = events[event_uid(PATIENT, "phase", phase.id)]
        assert event.decoded("dtstart") == phase.start_date
    assert len(events) == len(timeline.milestones) + len(timeline.phases) + 1


def test_visits_have_a_reminder_the_day_before(kb: KnowledgeBase) -> None:
    """Visits, check-ins and questionnaires carry a display alarm 15 hours before midnight (09:00 the day before)."""
    timeline = make_timeline(kb, "tubular", PatientFactors(diabetes=True))
    events = _events(to_ics(timeline, kb, PATIENT))
    for milestone in timeline.milestones:
        alarms = events[event_uid(PATIENT, "milestone", milestone.id)].walk("VALARM")
        if milestone.kind in ("visit", "check-in", "questionnaire"):
            assert len(alarms) == 1
            assert alarms[0].decoded("trigger") == -dt.timedelta(hours=15)
        else:
            assert alarms == []


def test_uids_are_stable_and_unique(kb: KnowledgeBase) -> None:
    """The same plan gives the same UIDs (re-import replaces), and no two events share one."""
    first = to_ics(make_timeline(kb, "endoscopic"), kb, PATIENT)
    second = to_ics(make_timeline(kb, "endoscopic", PatientFactors(smoker=True)), kb, PATIENT)
    uids = re.findall(rb"UID:(\S+)", first)
    assert len(uids) == len(set(uids))
    assert set(uids) <= set(re.findall(rb"UID:(\S+)", second))


def test_red_flags_and_disclaimer_are_in_the_calendar(kb: KnowledgeBase) -> None:
    """The calendar carries the red flags (an event and the calendar description) and the disclaimer."""
    calendar = Calendar.from_ical(to_ics(make_timeline(kb, "endoscopic"), kb, PATIENT))
    description = str(calendar["x-wr-caldesc"])
    assert "saddle" in description and "not medical advice" in description
    assert any(str(e["summary"]) == "Red flags: when to get help" for e in calendar.walk("VEVENT"))


def test_the_red_flags_event_is_on_the_day_of_the_export(kb: KnowledgeBase) -> None:
    """For every procedure the "Red flags" event is an all-day event on the plan's today, not the surgery day."""
    for procedure in kb.procedures:
        timeline = make_timeline(kb, procedure, PatientFactors(smoker=True, age=75))
        assert timeline.today != timeline.surgery_date
        event = _events(to_ics(timeline, kb, PATIENT))[event_uid(PATIENT, "info", "red-flags")]
        assert str(event["summary"]) == "Red flags: when to get help"
        assert event.decoded("dtstart") == timeline.today, procedure
        assert event.decoded("dtend") == timeline.today + dt.timedelta(days=1), procedure
        assert "see the 'Red flags' event" not in str(event["description"]), "it does not point to itself"


def test_the_exported_calendar_dates_its_red_flags_on_the_export_day(runner: CliRunner) -> None:
    """`export --format ics -o -` on day 10 after surgery dates the red-flags event that day (the import day)."""
    code, out, err = run_cli(
        runner,
        *("export", "-p", "endoscopic", "-d", "2024-05-01", "--format", "ics", "--patient-id", "MRN1", "-o", "-"),
        *("--today", "2024-05-11"),
    )
    assert code == 0, err
    event = _events(out.encode("utf-8"))[event_uid("MRN1", "info", "red-flags")]
    assert event.decoded("dtstart") == dt.date(2024, 5, 11)


def test_every_visit_says_about_in_its_title(kb: KnowledgeBase) -> None:
    """A visit's date is the usual day, not a booking: its event title says "about", other milestones do not."""
    for procedure in kb.procedures:
        timeline = make_timeline(kb, procedure, PatientFactors())
        events = _events(to_ics(timeline, kb, PATIENT))
        for milestone in timeline.milestones:
            summary = str(events[event_uid(PATIENT, "milestone", milestone.id)]["summary"])
            assert ("about this date" in summary) == (milestone.kind in {"visit", "check-in"}), summary


def test_a_questionnaire_reminder_names_no_clinic_date(kb: KnowledgeBase) -> None:
    """A questionnaire is reminded the day before its window opens, without saying the clinic gives its date."""
    timeline = make_timeline(kb, "mis-fusion", PatientFactors())
    events = _events(to_ics(timeline, kb, PATIENT))
    questionnaires = [m for m in timeline.milestones if m.kind == "questionnaire"]
    assert questionnaires
    for milestone in questionnaires:
        alarms = events[event_uid(PATIENT, "milestone", milestone.id)].walk("VALARM")
        assert [str(a["description"]) for a in alarms] == [f"Tomorrow: {milestone.name}"]


def test_markdown_and_calendar_agree_on_every_date(kb: KnowledgeBase) -> None:
    """Each milestone's date in the markdown checklist is its date in the calendar."""
    timeline = make_timeline(kb, "mis-fusion", PatientFactors(age=75, job="heavy"))
    markdown = to_markdown(timeline, kb)
    events = _events(to_ics(timeline, kb, PATIENT))
    for milestone in timeline.milestones:
        date = events[event_uid(PATIENT, "milestone", milestone.id)].decoded("dtstart")
        assert f"- [ ] {date.isoformat()} {milestone.name}" in markdown


def test_ics_export_through_the_cli_follows_the_file_rules(runner: CliRunner, tmp_path: Path) -> None:
    """Export --format ics writes once, refuses to overwrite without --force, and .ics picks the format."""
    target = tmp_path / "plan.ics"
    args = ("export", "-p", "endoscopic", "-d", "2024-05-01", "--output", str(target))
    assert run_cli(runner, *args)[0] == 0
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    code, _, err = run_cli(runner, *args)
    assert code == 1 and "already exists" in err
    assert run_cli(runner, *args, "--force")[0] == 0
    code, out, _ = run_cli(runner, "export", "-p", "endoscopic", "-d", "2024-05-01", "-f", "ics", "-o", "-")
    assert code == 0 and out.startswith("BEGIN:VCALENDAR")


def test_uids_belong_to_the_patient_never_to_the_date(kb: KnowledgeBase) -> None:
    """Two patients with the same procedure and date share no UID; one patient keeps hers when surgery moves."""
    import datetime as dt

    from spinerecov.plan.personalise import personalise
    from spinerecov.plan.timeline import build_timeline

    def uids(patient: str, surgery: dt.date) -> set[str]:
        plan = personalise(kb, "tubular", PatientFactors())
        timeline = build_timeline(kb, plan, PatientFactors(), surgery, dt.date(2024, 6, 1))
        return set(_events(to_ics(timeline, kb, patient)))

    first = uids("MRN-0001", dt.date(2024, 5, 1))
    assert not first & uids("MRN-0002", dt.date(2024, 5, 1))
    assert uids("MRN-0001", dt.date(2024, 5, 8)) == first
    assert all("2024" not in uid for uid in first)


def test_sequence_grows_with_every_later_day() -> None:
    """SEQUENCE counts days since 2020 to the plan's day: a later export wins, and the file is reproducible."""
    import datetime as dt

    from spinerecov.output.calendar.plan import export_sequence

    assert export_sequence(dt.date(2020, 1, 1)) == 0
    assert export_sequence(dt.date(2024, 5, 21)) == export_sequence(dt.date(2024, 5, 20)) + 1
    assert export_sequence(dt.date(2019, 1, 1)) == 0
