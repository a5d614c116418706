"""A clinic's protocol: an overlay of changes on top of a knowledge base.

The overlay is checked on its own first (so a typo points into the clinic's
file), then merged into the base's raw data, then validated with the same
models and cross-checks as any knowledge base. A provenance map remembers
which merged paths came from the overlay, so that every later error names the
overlay's file:line. Every fact the overlay adds or changes cites the
protocol as its source.
"""

import json
from typing import Annotated, Any, Literal

from pydantic import Field

from spinerecov.i18n import _
from spinerecov.knowledge.check_in_models import CheckInPatch
from spinerecov.knowledge.models import (
    ActivityStep,
    Clinic,
    Day,
    DayRange,
    Identifier,
    Model,
    RedFlagAction,
    SourcesDiffer,
    Text,
)
from spinerecov.knowledge.questionnaire_models import Questionnaire, QuestionnaireTimepoint
from spinerecov.knowledge.translation import TranslationBody
from spinerecov.knowledge.yaml_reader import Locator, YamlPath


class CitedText(Model):
    """Text with optional sources (the protocol is always added): a hospital stay or an activity condition."""

    text: Text
    sources: list[str] = []


class ProtocolSource(Model):
    """How the protocol is cited."""

    id: Identifier = "clinic-protocol"
    title: Text


class StepPatch(ActivityStep):
    """An activity step in a protocol: an ordinary step whose sources default to the protocol."""

    sources: list[str] = []


class PhasePatch(Model):
    """Changes to a phase (by id), or a new phase."""

    id: Identifier
    new: bool = False
    name: Text | None = None
    start: Day | None = None
    range: DayRange | None = None
    end: Day | None = None
    cautious_end: Day | None = None
    expect: Text | None = None
    goals: list[Text] | None = None
    sources: list[str] = []


class MilestonePatch(Model):
    """Changes to a milestone (by id), or a new one."""

    id: Identifier
    new: bool = False
    name: Text | None = None
    kind: str | None = None
    day: Day | None = None
    cautious_day: Day | None = None
    range: DayRange | None = None
    activity: Identifier | None = None
    phase: Identifier | None = None
    optional: bool | None = None
    description: Text | None = None
    sources: list[str] = []
    sources_differ: SourcesDiffer | None = None


class RedFlagPatch(Model):
    """Changes to a red flag (by id), or a new one."""

    id: Identifier
    new: bool = False
    symptom: Text | None = None
    short: Text | None = None
    action: RedFlagAction | None = None
    sources: list[str] = []


class ActivityPatch(Model):
    """Changes to an activity of the catalogue, or a new activity."""

    name: Text | None = None
    verb: Text | None = None
    aliases: list[Identifier] | None = None
    key: bool | None = None
    description: Text | None = None
    conditions: list[CitedText] | None = None


class ProcedurePatch(Model):
    """Changes to a procedure (phases, milestones and red flags by id; activity schedules whole), or a new one."""

    name: Text | None = None
    category: str | None = None
    family: str | None = None
    open_counterpart: Identifier | None = None
    aliases: list[Identifier] | None = None
    codes: list[str] | None = None
    description: Text | None = None
    sources: list[str] = []
    hospital_stay: CitedText | None = None
    phases: list[PhasePatch] = []
    milestones: list[MilestonePatch] = []
    red_flags: list[RedFlagPatch] = []
    activities: dict[Identifier, Annotated[list[StepPatch], Field(min_length=1)]] = {}


class Protocol(Model):
    """A clinic's protocol overlay (see README "For clinics")."""

    clinic: Clinic
    source: ProtocolSource
    procedures: dict[Identifier, ProcedurePatch] = {}
    activities: dict[Identifier, ActivityPatch] = {}
    red_flags: list[RedFlagPatch] = []
    check_in: CheckInPatch = CheckInPatch()
    questionnaires: dict[Identifier, Questionnaire] = {}
    questionnaire_schedule: list[QuestionnaireTimepoint] = []
    translations: dict[Literal["es"], TranslationBody] = {}


Provenance = dict[YamlPath, YamlPath]
"""Merged path -> the overlay path it came from."""


def merge_protocol(base: dict[str, Any], overlay: dict[str, Any]) -> tuple[dict[str, Any], Provenance]:
    """The base raw data with the (already checked) overlay merged in, and where each change came from."""
    # A JSON round trip copies without YAML aliases' sharing: changing one procedure must not change another.
    merged: dict[str, Any] = json.loads(json.dumps(base))
    source_id = overlay["source"].get("id", "clinic-protocol")
    provenance: Provenance = {}

    def note(merged_path: YamlPath, overlay_path: YamlPath) -> None:
        provenance[merged_path] = overlay_path

    def cited(fact: dict[str, Any]) -> dict[str, Any]:
        return {**fact, "sources": [source_id, *[s for s in fact.get("sources", []) if s != source_id]]}

    merged.setdefault("sources", {})[source_id] = {"title": overlay["source"]["title"], "kind": "protocol"}
    note(("sources", source_id), ("source",))
    merged["clinic"] = overlay["clinic"]
    note(("clinic",), ("clinic",))
    for activity_id, patch in overlay.get("activities", {}).items():
        if "conditions" in patch:
            patch = {**patch, "conditions": [cited(c) for c in patch["conditions"]]}
        _merge_fields(merged.setdefault("activities", {}), activity_id, patch, ("activities",), note)
    _merge_by_id(merged.setdefault("red_flags", []), overlay.get("red_flags", []), ("red_flags",), cited, note)
    for procedure_id, patch in overlay.get("procedures", {}).items():
        _merge_procedure(merged.setdefault("procedures", {}), procedure_id, patch, cited, note)
    check_in = overlay.get("check_in", {})
    section = merged.setdefault("check_in", {})
    _merge_by_id(
        section.setdefault("questions", []), check_in.get("questions", []), ("check_in", "questions"), cited, note
    )
    for index, skipped in enumerate(check_in.get("not_asked", [])):
        section.setdefault("not_asked", []).append(skipped)
        note(("check_in", "not_asked", len(section["not_asked"]) - 1), ("check_in", "not_asked", index))
    # A questionnaire comes whole (its items, scoring and licence belong together); a time point by id.
    for questionnaire_id, questionnaire in overlay.get("questionnaires", {}).items():
        merged.setdefault("questionnaires", {})[questionnaire_id] = cited(questionnaire)
        note(("questionnaires", questionnaire_id), ("questionnaires", questionnaire_id))
    schedule = overlay.get("questionnaire_schedule", [])
    _merge_by_id(merged.setdefault("questionnaire_schedule", []), schedule, ("questionnaire_schedule",), cited, note)
    return merged, provenance


def _merge_procedure(
    procedures: dict[str, Any], procedure_id: str, patch: dict[str, Any], cited: Any, note: Any
) -> None:
    here: YamlPath = ("procedures", procedure_id)
    if procedure_id not in procedures:
        procedures[procedure_id] = {}
        note(here, here)
        if "hospital_stay" in patch:
            patch = {**patch, "hospital_stay": cited(patch["hospital_stay"])}
        patch = cited(patch)
    target = procedures[procedure_id]
    for key, value in patch.items():
        if key in ("phases", "milestones", "red_flags"):
            _merge_by_id(target.setdefault(key, []), value, (*here, key), cited, note)
        elif key == "activities":
            for activity_id, steps in value.items():
                target.setdefault("activities", {})[activity_id] = [cited(step) for step in steps]
                note((*here, "activities", activity_id), (*here, "activities", activity_id))
        elif key == "hospital_stay":
            target[key] = cited(value)
            note((*here, key), (*here, key))
        else:
            target[key] = value
            note((*here, key), (*here, key))


def _merge_by_id(
    items: list[dict[str, Any]], patches: list[dict[str, Any]], path: YamlPath, cited: Any, note: Any
) -> None:
    """Update items with the same id field by field (the result cites the protocol), append new ones."""
    for patch_index, given in enumerate(patches):
        where = (*path, patch_index)
        patch = {k: v for k, v in given.items() if k != "new"}  # `new: true` only says the id is meant to be new
        index = next((i for i, item in enumerate(items) if item.get("id") == patch["id"]), None)
        if index is None:
            items.append(cited(patch))
            note((*path, len(items) - 1), where)
            continue
        changed = {k: v for k, v in patch.items() if k != "sources"}
        items[index] = cited({**items[index], **changed, "sources": patch.get("sources", [])})
        for key in patch:
            note((*path, index, key), (*where, key))
        note((*path, index, "sources"), (*where, "id"))


def _merge_fields(mapping: dict[str, Any], key: str, patch: dict[str, Any], path: YamlPath, note: Any) -> None:
    if key not in mapping:
        mapping[key] = patch
        note((*path, key), (*path, key))
        return
    mapping[key] = {**mapping[key], **patch}
    for field in patch:
        note((*path, key, field), (*path, key, field))


def overlay_locator(base: Locator, overlay: Locator, provenance: Provenance) -> Locator:
    """Locate a merged path in the overlay when it came from there, else in the base."""

    def where(path: YamlPath) -> str:
        for length in range(len(path), 0, -1):
            origin = provenance.get(path[:length])
            if origin is not None:
                return overlay((*origin, *path[length:]))
        # In the base, but perhaps broken by a nearby change (a phase end moved, say): name that change too.
        cause = _nearest_change(path, provenance)
        if cause is None:
            return base(path)
        return _("{place}, after the protocol's change at {change}").format(place=base(path), change=overlay(cause))

    return where


def _nearest_change(path: YamlPath, provenance: Provenance) -> YamlPath | None:
    """The overlay change sharing the longest prefix with `path` (at least the same procedure section)."""
    best: tuple[int, YamlPath] | None = None
    for merged_path, origin in provenance.items():
        if merged_path[-1] in ("sources", "id"):
            continue  # the id names the fact and sources are added by the merge: neither is the change
        shared = 0
        while shared < min(len(path), len(merged_path)) and path[shared] == merged_path[shared]:
            shared += 1
        if shared >= 3 and (best is None or shared > best[0]):
            best = (shared, origin)
    return best[1] if best else None
