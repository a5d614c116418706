"""Translations of the knowledge base's texts, applied like an overlay, keyed by the same ids.

A translation file (the built-in `data/i18n/es.yaml`, or a clinic protocol's
`translations:` section) maps a text's key, such as
`procedures.endoscopic.phases.early.expect`, to its translation and a short
hash of the English it was made from. Applying it replaces each text in the raw
data before validation; a text with no translation, or whose English has
changed since (the hash no longer matches), stays in English. `kb check
--lang es` reports both, so a stale translation never says what the English
no longer says. Source titles stay in their original language, except the
title of a `general` source: spinerecov wrote it, and it is advice ("ask your
surgeon") that a reader must get in their own language. Spanish names people
may type are added to the aliases.
"""

import hashlib
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Field

from spinerecov.i18n import N_, _, gettext_in
from spinerecov.knowledge.models import Identifier, Model, Text
from spinerecov.knowledge.questionnaire_texts import questionnaire_texts

TextKey = str
"""Dotted ids naming one text: `activities.walk.name`, `procedures.tlif.activities.lift.1.limit.text`."""

ENTRY_FIELDS: dict[str, tuple[str, ...]] = {
    "activity": ("name", "verb", "description"),
    "phase": ("name", "expect"),
    "milestone": ("name", "description"),
    "red_flag": ("symptom", "short"),
    "step": ("note",),
    "factor_rule": ("text",),
    "check_in": ("name", "description"),
    "after_surgery": ("text",),
}


class Translated(Model):
    """One text's translation and the short hash of the English it translates."""

    en: Annotated[str, Field(pattern=r"^[0-9a-f]{8}$")]
    text: Text


class Aliases(Model):
    """Names people type in this language, by activity and procedure id."""

    activities: dict[Identifier, list[Identifier]] = {}
    procedures: dict[Identifier, list[Identifier]] = {}


class TranslationBody(Model):
    """Texts by key, and aliases: a clinic protocol's `translations: {es: ...}` entry."""

    texts: dict[str, Translated] = {}
    aliases: Aliases = Aliases()


class Translation(TranslationBody):
    """A translation file: the language, then texts by key, and aliases."""

    lang: Annotated[str, Field(pattern=r"^[a-z]{2}$")]


def english_hash(text: str) -> str:
    """The short hash kept beside a translation: the first 8 hex digits of SHA-256 of the English."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def texts_of(data: Any) -> Iterator[tuple[TextKey, tuple[Any, ...], str]]:
    """Every translatable text in raw knowledge-base data: its key, its path in the data, and the text."""
    if not isinstance(data, dict):
        return
    yield from _fields(data, ("disclaimer",), (), "")
    for source_id, source in _items(data.get("sources")):
        own = ("title", "note") if isinstance(source, dict) and source.get("kind") == "general" else ("note",)
        yield from _fields(source, own, ("sources", source_id), f"sources.{source_id}")
    for activity_id, activity in _items(data.get("activities")):
        yield from _activity(activity, ("activities", activity_id), f"activities.{activity_id}")
    yield from _by_id(data.get("red_flags"), ("red_flags",), "red_flags", ENTRY_FIELDS["red_flag"])
    for procedure_id, procedure in _items(data.get("procedures")):
        yield from _procedure(procedure, ("procedures", procedure_id), f"procedures.{procedure_id}")
    for index, rule in _indexed(data.get("factor_rules")):
        key = f"factor_rules.{rule.get('id', index)}"
        yield from _fields(rule, ENTRY_FIELDS["factor_rule"], ("factor_rules", index), key)
        check_in = rule.get("check_in")
        if isinstance(check_in, dict):
            yield from _fields(
                check_in, ENTRY_FIELDS["check_in"], ("factor_rules", index, "check_in"), f"{key}.check_in"
            )
        after = rule.get("after_surgery")
        if isinstance(after, dict):
            where = ("factor_rules", index, "after_surgery")
            yield from _fields(after, ENTRY_FIELDS["after_surgery"], where, f"{key}.after_surgery")
    yield from _by_id(data.get("not_covered"), ("not_covered",), "not_covered", ("operation", "why"))
    clinic = data.get("clinic")
    if isinstance(clinic, dict):
        yield from _fields(clinic, ("note",), ("clinic",), "clinic")
    check_in = data.get("check_in")
    if isinstance(check_in, dict):
        yield from _check_in(check_in)
    yield from questionnaire_texts(data)


def _check_in(section: dict[str, Any]) -> Iterator[tuple[TextKey, tuple[Any, ...], str]]:
    """The check-in questions' texts (by question id, answers by value), pain time points and reasons."""
    for index, question in _indexed(section.get("questions")):
        key = f"check_in.questions.{question.get('id', index)}"
        path = ("check_in", "questions", index)
        yield from _fields(question, ("text", "short"), path, key)
        for a_index, answer in _indexed(question.get("answers")):
            where = (*path, "answers", a_index)
            yield from _fields(answer, ("label",), where, f"{key}.answers.{answer.get('value', a_index)}")
    for index, figure in _indexed(section.get("typical_pain")):
        key = f"check_in.typical_pain.{index}"
        yield from _fields(figure, ("time_point",), ("check_in", "typical_pain", index), key)
    for index, skipped in _indexed(section.get("not_asked")):
        key = f"check_in.not_asked.{skipped.get('red_flag', index)}"
        yield from _fields(skipped, ("because",), ("check_in", "not_asked", index), key)


def _activity(activity: Any, path: tuple[Any, ...], key: str) -> Iterator[tuple[TextKey, tuple[Any, ...], str]]:
    yield from _fields(activity, ENTRY_FIELDS["activity"], path, key)
    for index, condition in _indexed(activity.get("conditions")):
        yield from _fields(condition, ("text",), (*path, "conditions", index), f"{key}.conditions.{index}")


def _procedure(procedure: Any, path: tuple[Any, ...], key: str) -> Iterator[tuple[TextKey, tuple[Any, ...], str]]:
    yield from _fields(procedure, ("name", "description"), path, key)
    stay = procedure.get("hospital_stay")
    if isinstance(stay, dict):
        yield from _fields(stay, ("text",), (*path, "hospital_stay"), f"{key}.hospital_stay")
    for index, phase in _indexed(procedure.get("phases")):
        phase_key = f"{key}.phases.{phase.get('id', index)}"
        yield from _fields(phase, ENTRY_FIELDS["phase"], (*path, "phases", index), phase_key)
        goals = phase.get("goals")
        for goal, text in enumerate(goals if isinstance(goals, list) else []):
            if isinstance(text, str):
                yield f"{phase_key}.goals.{goal}", (*path, "phases", index, "goals", goal), text
    for index, milestone in _indexed(procedure.get("milestones")):
        milestone_key = f"{key}.milestones.{milestone.get('id', index)}"
        where = (*path, "milestones", index)
        yield from _fields(milestone, ENTRY_FIELDS["milestone"], where, milestone_key)
        yield from _differ(milestone, where, milestone_key)
    yield from _by_id(procedure.get("red_flags"), (*path, "red_flags"), f"{key}.red_flags", ENTRY_FIELDS["red_flag"])
    schedules = procedure.get("activities")
    for activity_id, steps in schedules.items() if isinstance(schedules, dict) else ():
        for index, step in _indexed(steps):
            step_key = f"{key}.activities.{activity_id}.{index}"
            where = (*path, "activities", activity_id, index)
            yield from _fields(step, ENTRY_FIELDS["step"], where, step_key)
            limit = step.get("limit")
            if isinstance(limit, dict):
                yield from _fields(limit, ("text",), (*where, "limit"), f"{step_key}.limit")
            yield from _differ(step, where, step_key)


def _differ(entry: dict[str, Any], path: tuple[Any, ...], key: str) -> Iterator[tuple[TextKey, tuple[Any, ...], str]]:
    differ = entry.get("sources_differ")
    if isinstance(differ, dict):
        yield from _fields(differ, ("text",), (*path, "sources_differ"), f"{key}.sources_differ")


def _by_id(
    entries: Any, path: tuple[Any, ...], key: str, fields: tuple[str, ...]
) -> Iterator[tuple[TextKey, tuple[Any, ...], str]]:
    for index, entry in _indexed(entries):
        yield from _fields(entry, fields, (*path, index), f"{key}.{entry.get('id', index)}")


def _fields(
    entry: dict[str, Any], names: tuple[str, ...], path: tuple[Any, ...], key: str
) -> Iterator[tuple[TextKey, tuple[Any, ...], str]]:
    for name in names:
        text = entry.get(name)
        if isinstance(text, str):
            yield (f"{key}.{name}" if key else name), (*path, name), text


def _items(mapping: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(mapping, dict):
        yield from ((k, v) for k, v in mapping.items() if isinstance(v, dict))


def _indexed(entries: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(entries, list):
        yield from ((i, v) for i, v in enumerate(entries) if isinstance(v, dict))


OWN_DESCRIPTOR = " (patient-education text)"
"""What spinerecov adds to a seed text's title to say what it is: its words, said in the reader's language."""


def apply_translation(data: dict[str, Any], translation: TranslationBody, language: str) -> dict[str, Any]:
    """`data` with each text whose translation is current replaced, and the aliases added (in place).

    The descriptor is said in `language`, not in whatever the process speaks now: the result is cached
    per language.
    """
    for _ident, source in _items(data.get("sources")):
        title = source.get("title")
        if isinstance(title, str) and title.endswith(OWN_DESCRIPTOR):
            source["title"] = title.removesuffix(OWN_DESCRIPTOR) + " ({})".format(
                gettext_in(language, N_("patient-education text"))
            )
    for key, path, english in list(texts_of(data)):
        entry = translation.texts.get(key)
        if entry is not None and entry.en == english_hash(english):
            _set(data, path, entry.text)
    for kind in ("activities", "procedures"):
        known = data.get(kind)
        if not isinstance(known, dict):
            continue
        for ident, names in getattr(translation.aliases, kind).items():
            target = known.get(ident)
            if isinstance(target, dict):
                own = list(target.get("aliases") or [])
                target["aliases"] = own + [n for n in names if n not in own and n != ident]
    return data


def _set(data: Any, path: tuple[Any, ...], value: str) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def translation_problems(data: dict[str, Any], translation: TranslationBody, lang: str) -> list[tuple[str, str]]:
    """(key, problem) for every text missing or stale in `translation`, and every key that names no text."""
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for key, _path, english in texts_of(data):
        seen.add(key)
        entry = translation.texts.get(key)
        if entry is None:
            problems.append(
                (
                    key,
                    _("no '{lang}' translation of: {english} (en: {hash})").format(
                        lang=lang, english=english, hash=english_hash(english)
                    ),
                )
            )
        elif entry.en != english_hash(english):
            problem = _("stale: the English changed after it was translated; it now reads: {english} (en: {hash})")
            problems.append((key, problem.format(english=english, hash=english_hash(english))))
    for key in translation.texts:
        if key not in seen:
            problems.append((key, _("translates a text that the knowledge base does not have")))
    for kind in ("activities", "procedures"):
        section = data.get(kind)
        known: dict[str, Any] = section if isinstance(section, dict) else {}
        for ident in getattr(translation.aliases, kind):
            if ident not in known:
                unknown = _("names an unknown activity") if kind == "activities" else _("names an unknown procedure")
                problems.append((f"aliases.{kind}.{ident}", unknown))
    return problems
