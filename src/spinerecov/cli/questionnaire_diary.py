"""Questionnaires in the diary: earlier scores for the baseline, and saving an answered questionnaire."""

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spinerecov.plan.questionnaire_result import PastScore, QuestionnaireResult
    from spinerecov.plan.timeline import Timeline


def past_scores(diary: Path | None, t: "Timeline", questionnaire_id: str) -> "list[PastScore]":
    """Earlier scores of this questionnaire for this operation (same procedure and surgery date).

    Reading never creates the diary: a diary that does not exist yet has no earlier scores.
    """
    from spinerecov.plan.questionnaire_result import PastScore
    from spinerecov.store.diary import diary_location, read_entries

    past: list[PastScore] = []
    for entry in read_entries(diary_location(diary), kind="questionnaire"):
        payload = entry.payload
        same_operation = entry.procedure == t.procedure_id and entry.surgery_date == t.surgery_date
        value = payload.get("score")
        if same_operation and payload.get("questionnaire") == questionnaire_id and isinstance(value, int | float):
            past.append(PastScore(entry.on, float(value)))
    return past


def save_result(diary: Path | None, t: "Timeline", result: "QuestionnaireResult") -> int:
    """Save the answered questionnaire in the diary (the shape the diary keeps); its entry id."""
    from spinerecov.store.diary import NewEntry, diary_location, save_entry

    scoring = result.questionnaire.scoring
    payload = {
        "questionnaire": result.questionnaire_id,
        "answers": dict(result.answers),
        "score": result.score,
        "scale": {"min": scoring.min, "max": scoring.max, "better": scoring.better},
        "timepoint": result.timepoint,
        "day": result.day,
        "week": result.week,
    }
    entry = NewEntry(
        kind="questionnaire", on=result.on, procedure=t.procedure_id, surgery_date=t.surgery_date, payload=payload
    )
    return save_entry(diary_location(diary), entry)
