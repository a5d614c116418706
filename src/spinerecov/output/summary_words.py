"""The visit summary's words, shared by its HTML and markdown: where you are, each line, the questions to ask."""

from __future__ import annotations

from spinerecov.i18n import N_, _
from spinerecov.i18n.formats import decimal
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.questionnaire_wording import change_line, verdict_line
from spinerecov.output.safe_text import terminal_safe
from spinerecov.output.wording import ACTION_WORDS, fmt_date, source_titles
from spinerecov.plan.days import week_of
from spinerecov.plan.visit_summary import ScoreLine, TypicalPain, VisitSummary, WeekRow

MEDICINE_WORDS = {"none": N_("none"), "simple": N_("simple (such as paracetamol)"), "strong": N_("strong (opioid)")}
ACTIVITY_QUESTIONS = 3
PAIN_WORDS = {"leg-pain": N_("leg pain"), "back-pain": N_("back pain")}


def clean(text: str) -> str:
    """Text typed by the patient (a note, an answer) on one line, without control or direction-changing characters."""
    return " ".join(terminal_safe(text).split())


def title(s: VisitSummary) -> str:
    """'Visit summary: Full-endoscopic lumbar discectomy'."""
    return _("Visit summary: {procedure}").format(procedure=s.timeline.procedure.name)


def where_now(s: VisitSummary) -> list[tuple[str, str]]:
    """The details block: surgery date, today with day and week, the phase, what is coming, the period shown."""
    t = s.timeline
    day = t.day_today
    if day >= 0:
        today = _("{date}: day {day}, week {week} after surgery").format(
            date=fmt_date(t.today), day=day, week=week_of(day)
        )
    else:
        today = _("{date}: {days} days before surgery").format(date=fmt_date(t.today), days=-day)
    rows = [(_("Surgery date"), fmt_date(t.surgery_date)), (_("Today"), today)]
    if s.phase is not None:
        rows.append((_("Phase"), s.phase.name))
    if s.coming:
        coming = "; ".join(f"{m.name} ({fmt_date(m.date)})" for m in s.coming)
        rows.append((_("Coming up"), coming))
    shown = _("from {date}").format(date=fmt_date(s.since)) if s.since else _("everything in your diary")
    rows.append((_("Diary entries shown"), shown))
    return rows


def tier_words(tier: str) -> str:
    """What a red flag's tier says to do."""
    return _(ACTION_WORDS[tier]) if tier in ACTION_WORDS else tier


def medicine_words(value: str | None) -> str:
    """'strong (opioid)', or a dash when not answered."""
    return _(MEDICINE_WORDS[value]) if value in MEDICINE_WORDS else "-"


def number_words(value: float | None) -> str:
    """A mean or a count in the current language's style, or a dash."""
    return "-" if value is None else decimal(value)


def week_cells(row: WeekRow) -> list[str]:
    """One row of the weekly table: week, check-ins, leg and back pain, pain medicine, longest walk."""
    walked = "-" if row.walked is None else _("{minutes} min").format(minutes=decimal(row.walked))
    return [
        _("week {week}").format(week=row.week) if row.week > 0 else _("before surgery"),
        str(row.check_ins),
        number_words(row.leg),
        number_words(row.back),
        medicine_words(row.medicine),
        walked,
    ]


def week_headings() -> list[str]:
    """The weekly table's column headings."""
    return [
        _("Week"),
        _("Check-ins"),
        _("Leg pain (0-10)"),
        _("Back pain (0-10)"),
        _("Pain medicine"),
        _("Longest walk"),
    ]


def score_lines(line: ScoreLine, kb: KnowledgeBase) -> list[str]:
    """'Back pain: 3 of 0 to 10 (lower is better) on Wed 24 Jul 2024', then the change and each threshold."""
    scale = ""
    if line.low is not None and line.high is not None:
        better = _("lower is better") if line.better == "lower" else _("higher is better")
        scale = " " + _("({low} to {high}, {better})").format(
            low=decimal(line.low), high=decimal(line.high), better=better
        )
    first = _("{questionnaire}: {score}{scale} on {date}").format(
        questionnaire=clean(line.name), score=decimal(line.score), scale=scale, date=fmt_date(line.on)
    )
    if line.comparison is None:
        return [first + ".", _("The first answer in your diary: later answers are compared with it.")]
    lines = [first + ".", change_line(line.comparison)]
    if not line.comparison.verdicts:
        return [*lines, _("No published threshold for a meaningful change of this questionnaire.")]
    return lines + [verdict_line(v, kb.sources) for v in line.comparison.verdicts]


def typical_line(figure: TypicalPain, kb: KnowledgeBase) -> str:
    """'Typical leg pain at 6 weeks: 1.7 on average (7.6 before surgery; 204 people). Source: ...'."""
    text = _("Typical {pain} at {time_point}: {mean} on average ({people} people).").format(
        pain=_(PAIN_WORDS.get(figure.question, figure.question)),
        time_point=figure.time_point,
        mean=decimal(round(figure.mean, 1)),
        people=figure.people,
    )
    if figure.before_surgery is not None:
        text += " " + _("Before surgery: {mean}.").format(mean=decimal(round(figure.before_surgery, 1)))
    return text + " " + _("Source: {titles}.").format(titles=source_titles(list(figure.sources), kb.sources))


def questions(s: VisitSummary) -> list[str]:
    """Questions to ask at the visit, from what the diary holds and what the plan says comes next."""
    asked = []
    seen: set[str] = set()
    for flag in s.red_flags:
        if flag.flag_id not in seen:
            seen.add(flag.flag_id)
            asked.append(
                _("On {date} my check-in raised a red flag ({symptom}). What should I do if it happens again?").format(
                    date=fmt_date(flag.on), symptom=flag.symptom.rstrip(".")
                )
            )
    if s.last_medicine == "strong":
        asked.append(_("I still take strong pain medicine. How and when should I stop it?"))
    t = s.timeline
    opening = sorted(
        (a for a in t.activities if a.first_yes_day is not None and a.first_yes_day > t.day_today),
        key=lambda a: a.first_yes_day or 0,
    )
    for activity in opening[:ACTIVITY_QUESTIONS]:  # the next few the plan opens, soonest first
        asked.append(
            _("When can I do this without limits: {activity}? My plan says {date}.").format(
                activity=activity.name, date=fmt_date(t.date_of(activity.first_yes_day or 0))
            )
        )
    asked.append(_("Is my recovery going as you expected, and what should I do before the next visit?"))
    return asked
