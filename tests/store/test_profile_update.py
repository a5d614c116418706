"""Changing a saved profile, below the command line: given values win, forgotten ones go, the rest stay."""

import datetime as dt

import pytest

from spinerecov.errors import UnknownNameError
from spinerecov.knowledge.factors import FACTORS
from spinerecov.knowledge.patient import PatientFactors, Profile
from spinerecov.store.profile_update import SETTINGS, Change, changed_profile, settings_to_forget

SAVED = Profile(
    procedure="endoscopic",
    surgery_date=dt.date(2024, 5, 1),
    factors=PatientFactors(age=72, smoker=True),
    patient_id="p-1",
    lang="es",
)


def _change(**values: object) -> Change:
    fields: dict[str, object] = {
        "procedure": None,
        "surgery_date": None,
        "protocol": None,
        "factors": {},
        "lang": None,
        "forget": frozenset(),
    }
    return Change(**{**fields, **values})  # type: ignore[arg-type]


def test_given_values_win_and_the_rest_stay() -> None:
    """A new factor and date replace the saved ones; the procedure, other factors, id and language stay."""
    updated = changed_profile(SAVED, _change(surgery_date=dt.date(2024, 6, 1), factors={"smoker": False}))
    assert updated.surgery_date == dt.date(2024, 6, 1)
    assert updated.factors.smoker is False and updated.factors.age == 72
    assert (updated.procedure, updated.patient_id, updated.lang) == ("endoscopic", "p-1", "es")


def test_forgotten_settings_go() -> None:
    """--unset age, date and lang forget exactly those."""
    updated = changed_profile(SAVED, _change(forget=settings_to_forget(["age", "DATE", " lang "])))
    assert updated.factors.age is None and updated.factors.smoker is True
    assert updated.surgery_date is None and updated.lang is None and updated.procedure == "endoscopic"


def test_every_factor_can_be_forgotten_by_its_option_name() -> None:
    """Each factor of the table is a setting --unset takes, named like its option ('nerve-damage')."""
    assert {factor.option for factor in FACTORS} <= set(SETTINGS)
    assert settings_to_forget(["nerve-damage", "workers_comp"]) == {"nerve_damage", "workers_comp"}


def test_an_unknown_setting_is_refused_with_a_suggestion() -> None:
    """A misspelt setting is an error that names it and suggests the closest one."""
    with pytest.raises(UnknownNameError) as error:
        settings_to_forget(["smokr"])
    assert "smokr" in error.value.message and "smoker" in str(error.value.suggestions)


def test_an_empty_change_is_empty() -> None:
    """A change that saves and forgets nothing says so; one factor makes it a change."""
    assert _change().is_empty()
    assert not _change(factors={"smoker": True}).is_empty()
