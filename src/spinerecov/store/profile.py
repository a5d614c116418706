"""The saved profile: where it lives, reading it strictly, writing it, and merging it with options.

The profile is a small TOML file (read with the standard library's tomllib,
which is cheap to import, because every command looks at the profile). A
broken profile is reported with its file and line and is never rewritten or
deleted behind the user's back.
"""

import contextlib
import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from spinerecov.errors import OutputFileError, ProfileError, SpinerecovError, clip_path
from spinerecov.i18n import N_, _, current_language
from spinerecov.i18n.formats import decimal
from spinerecov.knowledge.factors import by_name
from spinerecov.knowledge.patient import PatientFactors, Profile

PROFILE_ENV = "SPINERECOV_PROFILE"
MAX_PROFILE_BYTES = 1024 * 1024
"""A real profile is a few hundred bytes."""
READ_PERMISSION_HINT = N_("Check that you may read it and its folders, or name another file with SPINERECOV_PROFILE.")


def profile_path() -> Path:
    """$SPINERECOV_PROFILE, else profile.toml in the user's config folder (platformdirs)."""
    from spinerecov.knowledge.loader import from_environment

    chosen = from_environment(PROFILE_ENV, _("a profile file"))
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_config_dir("spinerecov")) / "profile.toml"


def load_profile(path: Path) -> Profile | None:
    """The profile at `path`, None if there is none; a `ProfileError` with file:line if it is broken."""
    from spinerecov.knowledge.input_files import not_utf8, read_regular_file

    try:
        raw = read_regular_file(path, MAX_PROFILE_BYTES)
    except FileNotFoundError:
        return None
    except PermissionError as exc:  # the file may be fine: permissions (its own or a folder's) stop us
        problem = _("Cannot read your saved profile {path}: {reason}.")
        hint = _(READ_PERMISSION_HINT)
        raise ProfileError(problem.format(path=clip_path(path), reason=exc.strerror or exc), hint) from None
    except OSError as exc:
        raise _broken(path, None, _("cannot be read ({reason})").format(reason=exc.strerror or exc)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _broken(path, *not_utf8(raw, exc)) from None
    return parse_profile(text, path)


def saved_language() -> str | None:
    """The profile's language, if a readable profile has one (a broken profile is reported by the command).

    Asked up to three times a run (before the help is built, while parsing, by the command), so the
    answer is kept for as long as the file is unchanged.
    """
    try:
        path = profile_path()
        info = path.stat()
    except (SpinerecovError, OSError):
        return None
    key = (str(path), info.st_mtime_ns, info.st_size, info.st_ino)
    if _language_seen[0] != key:
        try:
            profile = load_profile(path)
        except SpinerecovError:
            profile = None
        _language_seen[:] = [key, profile.lang if profile is not None else None]
    language = _language_seen[1]
    return language if isinstance(language, str) else None


_language_seen: list[object] = [None, None]
"""(file identity, its language) of the profile last read by `saved_language`."""


def speak_chosen_language(argv: list[str]) -> None:
    """Speak the language `argv`, the environment, this profile or the locale chose, before the command runs.

    Help texts and usage errors come before the command settles its language; a bad --lang or
    $SPINERECOV_LANG leaves English here, and the command reports it as a usage error.
    """
    from spinerecov.i18n import use_language
    from spinerecov.i18n.choose import UnknownLanguage, choose_language, lang_in_argv

    try:
        use_language(choose_language(lang_in_argv(argv), os.environ, saved_language))
    except UnknownLanguage:
        use_language("en")


@contextlib.contextmanager
def locked_profile(path: Path) -> Iterator[Path]:
    """Hold the profile's lock around reading, changing and writing it; give the real file to write.

    Two `profile set` run at once must not lose either change, so each takes
    an exclusive lock on a lock file beside the profile first. A profile that
    is a symbolic link (into a dotfiles folder, say) is written through: the
    real file is replaced and the link stays.

    Raises:
        OutputFileError: The profile's folder cannot be made or locked.
    """
    real = Path(os.path.realpath(path))
    try:
        real.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(
            real.parent / f".{real.name}.lock", os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600
        )
    except OSError as exc:
        reason = exc.strerror or exc
        raise OutputFileError(_("Cannot write {path}: {reason}.").format(path=clip_path(path), reason=reason)) from None
    try:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, as before
            pass
        else:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield real
    finally:
        os.close(descriptor)


def parse_profile(text: str, path: Path) -> Profile:
    """Parse and validate profile TOML text."""
    import tomllib

    from pydantic import ValidationError

    from spinerecov.store.profile_values import line_of, long_number_line, value_problem

    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise _broken(path, None, _("it is nested too deeply to read")) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+)", str(exc))
        raise _broken(path, int(match.group(1)) if match else None, str(exc).split(" (at line")[0]) from None
    except ValueError:  # a number with thousands of digits, which Python refuses to read
        raise _broken(path, long_number_line(text), _("a number in it is far too long")) from None
    problem = value_problem(data)
    if problem is not None:
        loc, message = problem
        raise _broken(path, line_of(text, loc), f"{'.'.join(loc)}: {message}")
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        from spinerecov.knowledge.yaml_reader import clean_message

        error = exc.errors()[0]
        loc = [str(part) for part in error["loc"]]
        message = clean_message(error)  # an id that breaks the id rule says the rule, not pydantic's pattern
        if error["type"] == "extra_forbidden":
            message = _("unknown setting")
        elif loc == ["surgery_date"] and isinstance(error.get("input"), str):
            message = _("write the date without quotes, e.g. surgery_date = 2024-05-01")
        raise _broken(path, line_of(text, loc), f"{'.'.join(loc)}: {message}") from None


def _broken(path: Path, line: int | None, problem: str) -> ProfileError:
    where = f"{clip_path(path)}:{line}" if line else clip_path(path)
    return ProfileError(
        _("Your saved profile is not valid: {where}: {problem}.").format(where=where, problem=problem),
        _("Fix the file, or start again with 'spinerecov profile clear' (then 'spinerecov profile set ...')."),
    )


def to_toml(profile: Profile) -> str:
    """The profile as TOML text, with a header that says what it is.

    tomli-w writes the values, so any path or name (an emoji, a quote, a control
    character) round-trips through tomllib.
    """
    import tomli_w

    document: dict[str, Any] = {}
    if profile.procedure is not None:
        document["procedure"] = profile.procedure
    if profile.surgery_date is not None:
        document["surgery_date"] = profile.surgery_date
    if profile.protocol is not None:
        document["protocol"] = str(profile.protocol)
    if profile.patient_id is not None:
        document["patient_id"] = profile.patient_id
    if profile.lang is not None:
        document["lang"] = profile.lang
    factors = profile.factors.model_dump(exclude_defaults=True)
    if factors:
        document["factors"] = factors
    header = (
        "# "
        + _("spinerecov profile: your operation, surgery date and recovery factors.")
        + "\n# "
        + _("Change it with 'spinerecov profile set', see it with 'spinerecov profile show'.")
        + "\n"
    )
    body = tomli_w.dumps(document)
    return header + body


def remembered_patient_id(path: Path) -> tuple[str | None, bool]:
    """The saved profile's patient id, and whether it was just made; (None, False) when there is no profile.

    A profile without one gets a random id, saved once, so later exports name the same patient.
    """
    from spinerecov.knowledge.identity import random_patient_id
    from spinerecov.store.files import write_atomic

    profile = load_profile(path)
    if profile is None:
        return None, False
    if profile.patient_id is not None:
        return profile.patient_id, False
    updated = profile.model_copy(update={"patient_id": random_patient_id()})
    write_atomic(path, to_toml(updated), force=True, private=True)
    return updated.patient_id, True


class Resolved(NamedTuple):
    """Inputs after merging the command line over the profile."""

    procedure: str | None
    surgery_date: dt.date | None
    factors: PatientFactors
    protocol: str | None
    from_profile: tuple[str, ...]


ALL_INPUTS = frozenset({"procedure", "date", "factors", "protocol"})


def merge(
    profile: Profile | None,
    procedure: str | None,
    surgery_date: dt.date | None,
    given: dict[str, Any],
    protocol: str | None = None,
    takes: frozenset[str] = ALL_INPUTS,
) -> Resolved:
    """Command-line values win; the profile fills what was not given; `from_profile` says what it filled.

    Args:
        profile: The saved profile, if any.
        procedure: --procedure, or None when not given.
        surgery_date: --date, or None when not given.
        given: Factor options by field name; None means "not given".
        protocol: The clinic protocol given (--protocol or its environment variable), or None.
        takes: Which inputs the command uses ("procedure", "date", "factors", "protocol");
            the profile fills only those.
    """
    # No empty Profile() for "no profile": constructing one would build validators (start-up time).
    used: list[str] = []
    if "procedure" in takes and procedure is None and profile and profile.procedure is not None:
        procedure = profile.procedure
        used.append(_("procedure {procedure}").format(procedure=profile.procedure))
    if "date" in takes and surgery_date is None and profile and profile.surgery_date is not None:
        surgery_date = profile.surgery_date
        used.append(_("surgery date {date}").format(date=profile.surgery_date.isoformat()))
    values = {name: value for name, value in given.items() if value is not None}
    if "factors" in takes and profile is not None:
        for name, value in profile.factors.model_dump(exclude_defaults=True).items():
            if name not in values:
                values[name] = value
                used.append(_factor_words(name, value))
    if "protocol" in takes and protocol is None and profile and profile.protocol is not None:
        protocol = profile.protocol
        used.append(_("clinic protocol {protocol}").format(protocol=clip_path(profile.protocol)))
    # Both sources were validated already (Typer or the profile's model).
    return Resolved(procedure, surgery_date, PatientFactors.model_construct(**values), protocol, tuple(used))


def _factor_words(name: str, value: Any) -> str:
    """A saved factor in its row's words, as said when the profile supplies it ('no smoker', 'age 72', 'job desk')."""
    factor = by_name()[name]
    if isinstance(factor.saved, tuple):
        return _(factor.saved[0 if value else 1])
    shown = decimal(value) if isinstance(value, float) and current_language() != "en" else value
    return _(factor.saved).format(value=shown)
