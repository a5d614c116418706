"""The protocol overlay in detail: what it cites, and where it says an error comes from."""

import copy
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import raw_knowledge_base
from spinerecov.errors import KnowledgeBaseError
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.protocol import Protocol, Provenance, merge_protocol, overlay_locator
from spinerecov.knowledge.yaml_reader import YamlPath

RAW = raw_knowledge_base()
ENDOSCOPIC_MILESTONES = len(RAW["procedures"]["endoscopic"]["milestones"])
HEAD = {"clinic": {"name": "Test Clinic"}, "source": {"id": "test-clinic", "title": "Test protocol"}}


def _merge(**body: Any) -> tuple[dict[str, Any], Provenance]:
    """The built-in raw data with an overlay of `body` (plus a clinic and a source) merged in."""
    return merge_protocol(copy.deepcopy(RAW), {**HEAD, **body})


def _where(provenance: Provenance, path: YamlPath) -> str:
    """Where the overlay locator places `path`, with locators that spell the path out ('base:' or 'clinic:')."""
    where = overlay_locator(
        lambda p: "base:" + ".".join(map(str, p)), lambda p: "clinic:" + ".".join(map(str, p)), provenance
    )
    return where(path)


def _after(place: str, change: str) -> str:
    return f"base:{place}, after the protocol's change at clinic:{change}"


# --- what the merged facts cite ------------------------------------------------------


def test_a_patched_fact_keeps_its_own_sources_after_the_protocol() -> None:
    """A changed milestone cites the protocol first, then the sources it gives, without citing the protocol twice."""
    patch = {"id": "wound-check", "day": 12, "sources": ["test-clinic", "follow-up-practice"]}
    merged, _provenance = _merge(procedures={"endoscopic": {"milestones": [patch]}})
    wound = next(m for m in merged["procedures"]["endoscopic"]["milestones"] if m["id"] == "wound-check")
    assert wound["sources"] == ["test-clinic", "follow-up-practice"]
    assert wound["day"] == 12


def test_a_new_procedure_and_its_hospital_stay_cite_the_protocol() -> None:
    """A procedure the protocol adds cites it, and so does its hospital stay, after the stay's own sources' place."""
    stay = {"text": "Home the same day.", "sources": ["uk-tessys-2015"]}
    merged, provenance = _merge(procedures={"new-op": {"name": "New", "hospital_stay": stay}})
    added = merged["procedures"]["new-op"]
    assert added["sources"] == ["test-clinic"]
    assert added["hospital_stay"]["sources"] == ["test-clinic", "uk-tessys-2015"]
    assert provenance[("procedures", "new-op")] == ("procedures", "new-op")


def test_a_new_procedure_without_a_hospital_stay_is_merged_without_one() -> None:
    """Leaving out the stay is not a crash while merging: the procedure has none (validation then says so)."""
    merged, _provenance = _merge(procedures={"new-op": {"name": "New"}})
    assert "hospital_stay" not in merged["procedures"]["new-op"]
    assert merged["procedures"]["new-op"]["name"] == "New"


def test_an_activity_schedule_needs_at_least_one_step() -> None:
    """An empty schedule in a protocol is refused; a single step is enough."""
    step = {"from_day": 0, "verdict": "yes"}
    Protocol.model_validate({**HEAD, "procedures": {"endoscopic": {"activities": {"walk": [step]}}}})
    with pytest.raises(ValidationError):
        Protocol.model_validate({**HEAD, "procedures": {"endoscopic": {"activities": {"walk": []}}}})


# --- where an error is said to come from --------------------------------------------


def test_an_error_inside_an_added_milestone_points_into_the_protocol() -> None:
    """A new milestone is appended; an error in one of its fields names that field's place in the protocol."""
    new = {"id": "extra-visit", "name": "Extra visit", "kind": "visit", "day": 20, "phase": "nowhere"}
    _merged, provenance = _merge(procedures={"endoscopic": {"milestones": [{"id": "wound-check", "day": 12}, new]}})
    path = ("procedures", "endoscopic", "milestones", ENDOSCOPIC_MILESTONES, "phase")
    assert _where(provenance, path) == "clinic:procedures.endoscopic.milestones.1.phase"


def test_an_error_far_from_every_change_is_placed_in_the_base_alone() -> None:
    """An error in another procedure, or in the same one but outside any changed section, names the base only."""
    _merged, provenance = _merge(
        procedures={"endoscopic": {"name": "Renamed", "phases": [{"id": "first-week", "end": 9}]}}
    )
    assert (
        _where(provenance, ("procedures", "tubular", "phases", 1, "start")) == "base:procedures.tubular.phases.1.start"
    )
    assert (
        _where(provenance, ("procedures", "endoscopic", "milestones", 2)) == "base:procedures.endoscopic.milestones.2"
    )


def test_an_error_near_a_change_names_the_change() -> None:
    """A phase start broken by the previous phase's changed end names the base place and the protocol's change."""
    _merged, provenance = _merge(procedures={"endoscopic": {"phases": [{"id": "first-week", "end": 9}]}})
    place = "procedures.endoscopic.phases.1.start"
    assert _where(provenance, tuple(place.split(".")[:3]) + (1, "start")) == _after(
        place, "procedures.endoscopic.phases.0.end"
    )


def test_an_error_on_the_whole_list_names_the_change_inside_it() -> None:
    """An error about the phases as a whole (a path shorter than the change's) names the change in that list."""
    _merged, provenance = _merge(procedures={"endoscopic": {"phases": [{"id": "first-week", "end": 9}]}})
    path = ("procedures", "endoscopic", "phases")
    assert _where(provenance, path) == _after("procedures.endoscopic.phases", "procedures.endoscopic.phases.0.end")


def test_of_two_changes_the_one_sharing_more_of_the_path_is_named() -> None:
    """A milestone change and a phase change: an error in a phase names the phase change, not the milestone's."""
    _merged, provenance = _merge(
        procedures={
            "endoscopic": {
                "milestones": [{"id": "wound-check", "day": 12}],
                "phases": [{"id": "first-week", "end": 9}],
            }
        }
    )
    place = "procedures.endoscopic.phases.1.start"
    assert _where(provenance, ("procedures", "endoscopic", "phases", 1, "start")) == _after(
        place, "procedures.endoscopic.phases.0.end"
    )


def test_of_two_equally_near_changes_the_first_is_named() -> None:
    """Two changed phases around a broken one: the error names the first change the protocol makes."""
    patches = [{"id": "first-week", "end": 9}, {"id": "sport-return", "name": "Back to sport"}]
    _merged, provenance = _merge(procedures={"endoscopic": {"phases": patches}})
    place = "procedures.endoscopic.phases.1.start"
    assert _where(provenance, ("procedures", "endoscopic", "phases", 1, "start")) == _after(
        place, "procedures.endoscopic.phases.0.end"
    )


def test_a_changed_fact_is_named_by_the_field_changed_not_by_its_id() -> None:
    """Inside a patched phase, an error in a field the protocol left alone names the changed field, not the id."""
    _merged, provenance = _merge(procedures={"endoscopic": {"phases": [{"id": "first-week", "end": 9}]}})
    place = "procedures.endoscopic.phases.0.start"
    assert _where(provenance, ("procedures", "endoscopic", "phases", 0, "start")) == _after(
        place, "procedures.endoscopic.phases.0.end"
    )


def test_a_change_elsewhere_with_the_same_names_is_not_named() -> None:
    """A catalogue activity changed under the name of a procedure's section is never blamed for that procedure."""
    provenance: Provenance = {("activities", "endoscopic", "phases"): ("activities", "endoscopic", "phases")}
    path = ("procedures", "endoscopic", "phases", 1, "start")
    assert _where(provenance, path) == "base:procedures.endoscopic.phases.1.start"
    other: Provenance = {("procedures", "tubular", "phases", 0, "end"): ("procedures", "tubular", "phases", 0, "end")}
    assert _where(other, path) == "base:procedures.endoscopic.phases.1.start"


def test_a_changed_procedure_field_is_not_blamed_for_its_sections() -> None:
    """Renaming a procedure shares only the procedure with an error in its phases: the base alone is named."""
    _merged, provenance = _merge(procedures={"endoscopic": {"name": "Renamed"}})
    path = ("procedures", "endoscopic", "phases", 1, "start")
    assert _where(provenance, path) == "base:procedures.endoscopic.phases.1.start"


def test_a_protocol_adding_a_broken_milestone_is_reported_at_its_line(tmp_path: Path) -> None:
    """Loading a protocol whose new milestone names an unknown phase: the error is at that milestone in the file."""
    protocol = tmp_path / "protocol.yaml"
    protocol.write_text(
        "clinic:\n  name: Test Clinic\nsource:\n  id: test-clinic\n  title: Test protocol\n"
        "procedures:\n  endoscopic:\n    milestones:\n      - id: wound-check\n        day: 12\n"
        "      - id: extra-visit\n        new: true\n        name: Extra visit\n"
        "        kind: visit\n        phase: nowhere\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(resolve_kb_path(), protocol)
    located = [p for p in caught.value.problems if f"milestones[{ENDOSCOPIC_MILESTONES}]" in p]
    assert located, caught.value.problems
    assert all(f"({protocol}:" in p for p in located), located
    assert not any("after the protocol's change" in p for p in located), located
