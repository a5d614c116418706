"""The translatable texts of the questionnaires and their schedule, keyed like every other text."""

from collections.abc import Iterator
from typing import Any

TextEntry = tuple[str, tuple[Any, ...], str]


def questionnaire_texts(data: dict[str, Any]) -> Iterator[TextEntry]:
    """Each questionnaire's and time point's texts: key, path in the raw data, English."""
    questionnaires = data.get("questionnaires")
    for ident, q in questionnaires.items() if isinstance(questionnaires, dict) else ():
        if isinstance(q, dict):
            yield from _questionnaire(q, ("questionnaires", ident), f"questionnaires.{ident}")
    schedule = data.get("questionnaire_schedule")
    for index, point in enumerate(schedule if isinstance(schedule, list) else []):
        if isinstance(point, dict):
            key = f"questionnaire_schedule.{point.get('id', index)}"
            yield from _fields(point, ("name", "description"), ("questionnaire_schedule", index), key)
            differ = point.get("sources_differ")
            if isinstance(differ, dict):
                where = ("questionnaire_schedule", index, "sources_differ")
                yield from _fields(differ, ("text",), where, f"{key}.sources_differ")


def _questionnaire(q: dict[str, Any], path: tuple[Any, ...], key: str) -> Iterator[TextEntry]:
    yield from _fields(q, ("name", "description", "licence"), path, key)
    scoring = q.get("scoring")
    if isinstance(scoring, dict):
        yield from _fields(scoring, ("text",), (*path, "scoring"), f"{key}.scoring")
    for index, item in _indexed(q.get("items")):
        item_key = f"{key}.items.{item.get('id', index)}"
        yield from _fields(item, ("text", "unit"), (*path, "items", index), item_key)
        for position, answer in _indexed(item.get("answers")):
            where = (*path, "items", index, "answers", position)
            yield from _fields(answer, ("text",), where, f"{item_key}.answers.{answer.get('id', position)}")
    for index, threshold in _indexed(q.get("meaningful_change")):
        where = (*path, "meaningful_change", index)
        yield from _fields(threshold, ("population",), where, f"{key}.meaningful_change.{index}")


def _indexed(entries: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(entries, list):
        yield from ((i, v) for i, v in enumerate(entries) if isinstance(v, dict))


def _fields(entry: dict[str, Any], names: tuple[str, ...], path: tuple[Any, ...], key: str) -> Iterator[TextEntry]:
    for name in names:
        text = entry.get(name)
        if isinstance(text, str):
            yield f"{key}.{name}", (*path, name), text
