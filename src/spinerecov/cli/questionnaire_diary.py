"""Questionnaires in the diary: earlier scores for the baseline, and saving an answered questionnaire."""

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinerecov.errors import SpinerecovError
from spinerecov.i18n import _

if TYPE_CHECKING:
    from spinerecov.plan.questionnaire_result import PastScore, QuestionnaireResult
    from spinerecov.plan.timeline import Timeline


def past_scores(diary: Path | None, t: "Timeline", questionnaire_id: str) -> "list[PastScore]":
    """Earlier scores of this questionnaire for this operation (same procedure and surgery date)."""
    from spinerecov.plan.questionnaire_result import PastScore

    store = _diary_store()
    if store is None:
        return []
    past: list[PastScore] = []
    for entry in store.read_entries(store.diary_location(diary), kind="questionnaire"):
        payload = entry.payload
        same_operation = entry.procedure == t.procedure_id and entry.surgery_date == t.surgery_date
        value = payload.get("score")
        if same_operation and payload.get("questionnaire") == questionnaire_id and isinstance(value, int | float):
            past.append(PastScore(entry.on, float(value)))
    return past


def save_result(diary: Path | None, t: "Timeline", result: "QuestionnaireResult") -> int:
    """Save the answered questionnaire in the diary; its entry id."""
    store = _diary_store()
    if store is None:
        raise SpinerecovError(_("This build has no diary to save in: use --no-save."))
    scoring = result.questionnaire.scoring
    scale = None if scoring is None else {"min": scoring.min, "max": scoring.max, "better": scoring.better}
    payload = {
        "questionnaire": result.questionnaire_id,
        "answers": dict(result.answers),
        "score": result.score,
        "scale": scale,
        "timepoint": result.timepoint,
        "day": result.day,
        "week": result.week,
    }
    entry = store.NewEntry(
        kind="questionnaire", on=result.on, procedure=t.procedure_id, surgery_date=t.surgery_date, payload=payload
    )
    entry_id: int = store.save_entry(store.diary_location(diary), entry)
    return entry_id


def _diary_store() -> Any:
    """The diary store (`store/diary.py`), or None in a build without it."""
    try:
        return importlib.import_module("spinerecov.store.diary")
    except ModuleNotFoundError:
        return None
