"""Changing a saved profile: what `profile set` can forget, and the profile after a change.

Light at module level (the command line reads `SETTINGS` for its help): the
models come in when a profile is changed.
"""

import datetime as dt
from typing import TYPE_CHECKING, Any, NamedTuple

from spinerecov.i18n import Language
from spinerecov.knowledge.factors import FACTORS

if TYPE_CHECKING:
    from spinerecov.knowledge.patient import Profile

SETTINGS = ("procedure", "date", *(factor.option for factor in FACTORS), "protocol", "lang")
"""What `--unset` can forget: every saved input, each factor named like its option."""


class Change(NamedTuple):
    """What to save (None: keep the saved value) and what to forget, by field name."""

    procedure: str | None
    surgery_date: dt.date | None
    protocol: str | None
    factors: dict[str, Any]
    lang: Language | None
    forget: frozenset[str]

    def is_empty(self) -> bool:
        """Whether the change neither saves nor forgets anything."""
        values = (self.procedure, self.surgery_date, self.protocol, self.lang)
        return all(value is None for value in values) and not self.factors and not self.forget


def settings_to_forget(names: list[str]) -> frozenset[str]:
    """The field names of the settings `names` (as --unset takes them: 'nerve-damage', 'date').

    Raises:
        UnknownNameError: A name is not a setting (with the closest ones).
    """
    from spinerecov.errors import UnknownNameError

    forget = set()
    for name in names:
        setting = name.strip().lower().replace("_", "-")
        if setting not in SETTINGS:
            raise UnknownNameError("setting", name, {s: s for s in SETTINGS}, "profile set --help")
        forget.add(setting.replace("-", "_"))
    return frozenset(forget)


def changed_profile(saved: "Profile", change: Change) -> "Profile":
    """`saved` with `change`: given values win, forgotten ones go, the rest (and the patient id) stay.

    Raises:
        ValueProblem: The surgery date is outside the years a plan can be dated in.
    """
    from spinerecov.knowledge.patient import PatientFactors, Profile
    from spinerecov.knowledge.values import check_surgery_date

    forget = change.forget
    kept = {k: v for k, v in saved.factors.model_dump(exclude_defaults=True).items() if k not in forget}
    date = check_surgery_date(change.surgery_date) if change.surgery_date else saved.surgery_date
    return Profile.model_validate(
        {
            "procedure": None if "procedure" in forget else (change.procedure or saved.procedure),
            "surgery_date": None if "date" in forget else date,
            "protocol": None if "protocol" in forget else change.protocol or saved.protocol,
            "factors": PatientFactors.model_validate({**kept, **change.factors}),
            "patient_id": saved.patient_id,
            "lang": None if "lang" in forget else (change.lang or saved.lang),
        }
    )
