"""`spinerecov profile set | show | clear`: save your inputs once."""

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from spinerecov.cli.app import app, group_language, out, reports_errors, say, warn
from spinerecov.cli.language import LangOption
from spinerecov.cli.option_groups import FactorValues, with_factors
from spinerecov.cli.options import JsonOption, KbOption, ProcedureOption, ProtocolOption, SurgeryDateOption
from spinerecov.cli.plan_inputs import load_kb, note_ambiguous
from spinerecov.cli.usage import SpeakingGroup
from spinerecov.errors import UsageError, clip_path
from spinerecov.i18n import _, current_language
from spinerecov.store.profile_update import SETTINGS

if TYPE_CHECKING:
    from spinerecov.knowledge.patient import Profile
    from spinerecov.output.json.catalogue_shapes import ProfileDoc

profile_app = typer.Typer(
    cls=SpeakingGroup,
    help=_("Save your operation, surgery date and factors once; every command then uses them (options you give win)."),
    no_args_is_help=True,
)
profile_app.callback()(group_language)
app.add_typer(profile_app, name="profile")


@profile_app.command("set")
@reports_errors
@with_factors
def set_profile(
    procedure: ProcedureOption = None,
    date: SurgeryDateOption = None,
    protocol: ProtocolOption = None,
    unset: Annotated[
        Optional[list[str]],
        typer.Option(
            "--unset",
            metavar="SETTING",
            help=_("Forget a saved setting (repeatable): {settings}.").format(settings=", ".join(SETTINGS)),
        ),
    ] = None,
    kb: KbOption = None,
    factors: FactorValues = None,
    lang: LangOption = None,
) -> None:
    """Save or update your profile; settings you do not give keep their saved values.

    --lang es saves Spanish as the language every command answers in.

    \b
    Examples:
      spinerecov profile set --procedure endoscopic --date 2024-05-01
      spinerecov profile set --smoker --age 72
      spinerecov profile set --no-smoker --unset age
      spinerecov profile set --lang es
    """
    from spinerecov.knowledge.patient import Profile
    from spinerecov.store.files import write_atomic
    from spinerecov.store.profile import load_profile, locked_profile, profile_path, to_toml
    from spinerecov.store.profile_update import Change, changed_profile, settings_to_forget

    given = {k: v for k, v in (factors or {}).items() if v is not None}
    chosen = current_language() if lang is not None else None
    change = Change(procedure, date, protocol, given, chosen, settings_to_forget(unset or []))
    if change.is_empty():
        raise UsageError(
            _("Nothing to save: give --procedure, --date, a factor such as --smoker, --lang, or --unset SETTING.")
        )
    path = profile_path()
    # Read, change and write under the profile's lock: a concurrent `profile set` never loses an update.
    with locked_profile(path) as real:
        saved = load_profile(path) or Profile()
        # The protocol being forgotten must not be needed to check the procedure.
        protocol_in_use = protocol or (None if "protocol" in change.forget else saved.protocol)
        procedure_id = _procedure_id(procedure, kb, protocol_in_use)
        checked = None if "protocol" in change.forget else _checked_protocol(protocol, kb)
        change = change._replace(procedure=procedure_id, protocol=checked)
        updated = changed_profile(saved, change)
        write_atomic(real, to_toml(updated), force=True, private=True, make_parents=True, warn=warn)
    say(_("Saved your profile to {path}").format(path=clip_path(path)))
    out(_describe(updated))


def _procedure_id(procedure: str | None, kb: str | None, protocol: str | None) -> str | None:
    """The id of the procedure named (an alias or a name), checked against the knowledge base in use."""
    if procedure is None:
        return None
    from spinerecov.knowledge.lookup import find_procedure

    knowledge = load_kb(kb, protocol)
    note_ambiguous(knowledge, procedure)
    return find_procedure(knowledge, procedure)[0]


def _checked_protocol(protocol: str | None, kb: str | None) -> str | None:
    """The protocol as an absolute path, after checking that it loads (so a broken one is not saved)."""
    if protocol is None:
        return None
    from pathlib import Path

    path = Path(protocol).resolve()
    load_kb(kb, str(path))
    return str(path)


def _describe(profile: "Profile") -> str:
    from spinerecov.output.wording import describe_factors

    procedure = profile.procedure or _("(not set: general minimally invasive surgery)")
    date = profile.surgery_date.isoformat() if profile.surgery_date else _("(not set)")
    lines = [
        _("Procedure:    {procedure}").format(procedure=procedure),
        _("Surgery date: {date}").format(date=date),
        _("Factors:      {factors}").format(factors=", ".join(describe_factors(profile.factors)) or _("(none)")),
    ]
    if profile.protocol:
        lines.append(_("Protocol:     {protocol}").format(protocol=profile.protocol))
    if profile.lang:
        lines.append(_("Language:     {lang}").format(lang=profile.lang))
    return "\n".join(lines) + "\n"


@profile_app.command("show")
@reports_errors
def show_profile(json_output: JsonOption = False) -> None:
    """Show your saved profile and where it is stored.

    \b
    Examples:
      spinerecov profile show
      spinerecov profile show --json
    """
    from spinerecov.store.profile import load_profile, profile_path

    path = profile_path()
    saved = load_profile(path)
    if json_output:
        from spinerecov.output.json.encoding import to_json

        document: ProfileDoc = {
            "schema": "spinerecov/profile/v1",
            "path": str(path),
            "exists": saved is not None,
            "profile": saved.model_dump(mode="json") if saved else None,
        }
        out(to_json(document))
        return
    if saved is None:
        hint = _("Create one with: spinerecov profile set --procedure NAME --date YYYY-MM-DD")
        out(_("No profile saved yet ({path}).").format(path=clip_path(path)) + f"\n{hint}\n")
        return
    out(_("Your profile ({path}):").format(path=clip_path(path)) + f"\n{_describe(saved)}")


@profile_app.command("clear")
@reports_errors
def clear_profile() -> None:
    """Delete your saved profile (even one that is not valid).

    \b
    Examples:
      spinerecov profile clear
    """
    from spinerecov.errors import ProfileError
    from spinerecov.store.profile import profile_path

    path = profile_path()
    try:
        path.unlink()
    except FileNotFoundError:
        typer.echo(_("No profile to remove ({path}).").format(path=clip_path(path)), err=True)
        return
    except OSError as exc:
        reason = exc.strerror or exc
        raise ProfileError(
            _("Cannot remove your profile {path}: {reason}.").format(path=clip_path(path), reason=reason)
        ) from None
    typer.echo(_("Removed your profile ({path}).").format(path=clip_path(path)), err=True)
