"""Pure: a dated plan and the diary's entries -> what to bring to the follow-up visit.

The diary's entries come in as plain records (day, kind, payload as the diary
stores it), so this layer never sees the database. Days and weeks count from
the plan's surgery date. A typical course of pain is shown only where the
knowledge base holds published figures for this operation; none is made up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.plan.days import week_of
from spinerecov.plan.scoring import Comparison, compare
from spinerecov.plan.timeline import PlannedMilestone, PlannedPhase, Timeline

LEG, BACK, MEDICINE, WALKED, NOTE = "leg-pain", "back-pain", "pain-medicine", "walked", "note"
MEDICINE_ORDER = ("none", "simple", "strong")
TIER_ORDER = ("emergency", "call-surgeon", "call-within-24h")


class DiaryRecord(NamedTuple):
    """One saved diary entry: its number, the day the answers are for, its kind and its payload."""

    entry_id: int
    on: dt.date
    kind: str
    payload: Mapping[str, object]


class PainPoint(NamedTuple):
    """Leg and back pain (0-10) of one check-in, on a day after surgery."""

    on: dt.date
    day: int
    leg: float | None
    back: float | None


class WeekRow(NamedTuple):
    """One week of check-ins: mean pain, the strongest pain medicine, the longest walk."""

    week: int
    check_ins: int
    leg: float | None
    back: float | None
    medicine: str | None
    walked: float | None


class RaisedFlag(NamedTuple):
    """A red flag a check-in raised: when, its tier, the symptom in the plan's words and the answer behind it."""

    on: dt.date
    day: int
    tier: str
    flag_id: str
    symptom: str
    because: str


class ScoreLine(NamedTuple):
    """A questionnaire answered in the diary: its score, scale, and the comparison with the first answer."""

    questionnaire_id: str
    name: str
    on: dt.date
    day: int
    score: float
    low: float | None
    high: float | None
    better: str | None
    comparison: Comparison | None


class TypicalPain(NamedTuple):
    """A published average pain score for this operation at a time after surgery."""

    question: str
    time_point: str
    from_day: int
    to_day: int
    mean: float
    before_surgery: float | None
    people: int
    sources: tuple[str, ...]


class VisitSummary(NamedTuple):
    """Everything the visit summary shows, in plain values."""

    timeline: Timeline
    since: dt.date | None
    phase: PlannedPhase | None
    coming: tuple[PlannedMilestone, ...]
    pain: tuple[PainPoint, ...]
    weeks: tuple[WeekRow, ...]
    typical: tuple[TypicalPain, ...]
    scores: tuple[ScoreLine, ...]
    red_flags: tuple[RaisedFlag, ...]
    notes: tuple[tuple[dt.date, str], ...]
    last_medicine: str | None


def build_summary(
    kb: KnowledgeBase, t: Timeline, records: Sequence[DiaryRecord], since: dt.date | None
) -> VisitSummary:
    """The summary of `records` (all of the diary: baselines may lie before `since`) shown from `since` on."""
    shown = [r for r in records if since is None or r.on >= since]
    check_ins = [r for r in shown if r.kind == "check-in"]
    day_today = t.day_today
    phase = next((p for p in t.phases if p.start_day <= day_today <= p.end_day), None)
    coming = tuple(m for m in t.milestones if m.day >= day_today)[:3]
    pain = tuple(
        PainPoint(r.on, (r.on - t.surgery_date).days, _number(r, LEG), _number(r, BACK))
        for r in check_ins
        if _number(r, LEG) is not None or _number(r, BACK) is not None
    )
    notes = tuple((r.on, str(_answers(r)[NOTE])) for r in shown if isinstance(_answers(r).get(NOTE), str))
    medicines = [str(_answers(r)[MEDICINE]) for r in check_ins if _answers(r).get(MEDICINE) in MEDICINE_ORDER]
    return VisitSummary(
        timeline=t,
        since=since,
        phase=phase,
        coming=coming,
        pain=pain,
        weeks=tuple(_weeks(t, check_ins)),
        typical=typical_pain(kb, t.procedure_id),
        scores=tuple(_scores(kb, t, records, shown)),
        red_flags=tuple(_raised(t, check_ins)),
        notes=notes,
        last_medicine=medicines[-1] if medicines else None,
    )


def typical_pain(kb: KnowledgeBase, procedure_id: str) -> tuple[TypicalPain, ...]:
    """The published pain figures for this operation, when the knowledge base has a check-in section with them."""
    section = getattr(kb, "check_in", None)
    figures: Iterable[object] = getattr(section, "typical_pain", None) or ()
    found = []
    for figure in figures:
        if getattr(figure, "procedure", None) != procedure_id or getattr(figure, "question", None) not in (LEG, BACK):
            continue
        found.append(
            TypicalPain(
                str(getattr(figure, "question", "")),
                str(getattr(figure, "time_point", "")),
                int(getattr(figure, "from_day", 0)),
                int(getattr(figure, "to_day", 0)),
                float(getattr(figure, "mean", 0)),
                getattr(figure, "before_surgery", None),
                int(getattr(figure, "people", 0)),
                tuple(getattr(figure, "sources", ())),
            )
        )
    return tuple(sorted(found, key=lambda f: (f.question, f.from_day)))


def _answers(record: DiaryRecord) -> Mapping[str, object]:
    answers = record.payload.get("answers")
    return answers if isinstance(answers, Mapping) else {}


def _number(record: DiaryRecord, question: str) -> float | None:
    value = _answers(record).get(question)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _weeks(t: Timeline, check_ins: Sequence[DiaryRecord]) -> list[WeekRow]:
    grouped: dict[int, list[DiaryRecord]] = {}
    for record in check_ins:
        day = (record.on - t.surgery_date).days
        grouped.setdefault(week_of(day) if day >= 0 else 0, []).append(record)
    rows = []
    for week, found in sorted(grouped.items()):
        medicine = [str(_answers(r)[MEDICINE]) for r in found if _answers(r).get(MEDICINE) in MEDICINE_ORDER]
        walks = [w for w in (_number(r, WALKED) for r in found) if w is not None]
        rows.append(
            WeekRow(
                week,
                len(found),
                _mean([_number(r, LEG) for r in found]),
                _mean([_number(r, BACK) for r in found]),
                max(medicine, key=MEDICINE_ORDER.index) if medicine else None,
                max(walks) if walks else None,
            )
        )
    return rows


def _mean(values: Sequence[float | None]) -> float | None:
    given = [v for v in values if v is not None]
    return round(sum(given) / len(given), 1) if given else None


def _raised(t: Timeline, check_ins: Sequence[DiaryRecord]) -> list[RaisedFlag]:
    symptoms = {flag.id: flag.symptom for flag in t.red_flags}
    raised = []
    for record in check_ins:
        flags = record.payload.get("red_flags")
        for flag in flags if isinstance(flags, list) else []:
            if not isinstance(flag, Mapping):
                continue
            flag_id, tier = str(flag.get("id", "")), str(flag.get("action", record.payload.get("tier", "")))
            raised.append(
                RaisedFlag(
                    record.on,
                    (record.on - t.surgery_date).days,
                    tier,
                    flag_id,
                    symptoms.get(flag_id, flag_id),
                    str(flag.get("because", "")),
                )
            )
    return raised


def _scores(
    kb: KnowledgeBase, t: Timeline, records: Sequence[DiaryRecord], shown: Sequence[DiaryRecord]
) -> list[ScoreLine]:
    """Each questionnaire answer shown, compared with the first answer of the same questionnaire (the baseline)."""
    first: dict[str, tuple[dt.date, float]] = {}
    for record in records:
        key, value = record.payload.get("questionnaire"), record.payload.get("score")
        if record.kind == "questionnaire" and isinstance(key, str) and isinstance(value, int | float):
            first.setdefault(key, (record.on, float(value)))
    lines = []
    for record in shown:
        key, value = record.payload.get("questionnaire"), record.payload.get("score")
        if record.kind != "questionnaire" or not isinstance(key, str) or not isinstance(value, int | float):
            continue
        scale = record.payload.get("scale")
        scale = scale if isinstance(scale, Mapping) else {}
        questionnaire = kb.questionnaires.get(key)
        comparison = None
        baseline_on, baseline = first[key]
        if questionnaire is not None and baseline_on < record.on:
            comparison = compare(questionnaire, float(value), baseline, baseline_on, t.surgery_date)
        lines.append(
            ScoreLine(
                key,
                questionnaire.name if questionnaire is not None else key,
                record.on,
                (record.on - t.surgery_date).days,
                float(value),
                _float(scale.get("min")),
                _float(scale.get("max")),
                str(scale["better"]) if scale.get("better") in ("lower", "higher") else None,
                comparison,
            )
        )
    return lines


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
