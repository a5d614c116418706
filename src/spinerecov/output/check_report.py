"""`kb check`'s report as plain text: a summary and the warnings, or every error with its file:line."""

from spinerecov.errors import clip_path
from spinerecov.i18n import N_plural, _, ngettext
from spinerecov.knowledge.check import CheckResult
from spinerecov.knowledge.quality import Finding

SOURCE_KINDS = {
    "general": N_plural("{count} general", "{count} general"),
    "guideline": N_plural("{count} guideline", "{count} guideline"),
    "handout": N_plural("{count} handout", "{count} handout"),
    "paper": N_plural("{count} paper", "{count} paper"),
    "protocol": N_plural("{count} protocol", "{count} protocol"),
    "seed": N_plural("{count} seed", "{count} seed"),
}
"""How many sources of each kind, as the summary counts them (the kind's word, in the language)."""


def source_count(kind: str, count: int) -> str:
    """'28 handout' / '28 folletos': a count of sources of one kind (an unknown kind is shown as it is)."""
    words = SOURCE_KINDS.get(kind)
    return f"{count} {kind}" if words is None else ngettext(*words, count).format(count=count)


def check_report(result: CheckResult) -> str:
    """The "Not valid" heading and each error, or the "Valid" summary of what it holds and each warning."""
    return _not_valid(result) if result.errors else _valid(result)


def _checked(result: CheckResult) -> str:
    """What was checked: the file (or the built-in knowledge base), and the protocol on top of it."""
    label = _("the built-in knowledge base") if result.built_in else str(result.path)
    if not result.protocol:
        return clip_path(label)
    with_protocol = _("{knowledge_base} with the clinic protocol {protocol}")
    return with_protocol.format(knowledge_base=clip_path(label), protocol=clip_path(result.protocol))


def _not_valid(result: CheckResult) -> str:
    count = len(result.errors)
    if not result.translation_errors:
        problems = ngettext("{count} clinical-fidelity problem", "{count} clinical-fidelity problems", count)
    elif count > result.translation_errors:
        problems = ngettext("{count} problem", "{count} problems", count)
    else:
        problems = ngettext("{count} translation problem", "{count} translation problems", count)
    heading = _("Not valid: {checked} ({problems}):").format(
        checked=_checked(result), problems=problems.format(count=count)
    )
    return "\n".join([heading, *_located(result.errors)])


def _valid(result: CheckResult) -> str:
    counts, found = result.summary, result.warnings
    procedures, activities = counts["procedures"], counts["activities"]
    lines = [
        _("Valid: {checked}").format(checked=_checked(result)),
        _("  {count} procedures: {names}").format(count=len(procedures), names=", ".join(procedures)),
        _("  {phases} phases, {milestones} milestones, {red_flags} red flags, {factor_rules} factor rules").format(
            **{key: counts[key] for key in ("phases", "milestones", "red_flags", "factor_rules")}
        ),
        _("  {count} activities: {names}").format(count=len(activities), names=", ".join(activities)),
        _("  sources: {counts}").format(
            counts=", ".join(source_count(kind, n) for kind, n in sorted(counts["sources"].items()))
        ),
    ]
    if counts["clinic"]:
        lines.append(_("  clinic: {clinic}").format(clinic=counts["clinic"]))
    if result.protocol is not None:
        return "\n".join([*lines, *_protocol_warnings(result)])
    if found:
        lines.append(ngettext("{count} warning:", "{count} warnings:", len(found)).format(count=len(found)))
    else:
        lines.append(_("{count} warnings.").format(count=0))
    return "\n".join([*lines, *_located(found)])


def _protocol_warnings(result: CheckResult) -> list[str]:
    """The protocol's own warnings first and apart; the knowledge base's own only counted, with where to see them."""
    theirs = result.warnings[: len(result.warnings) - result.built_in_warnings]
    lines = [
        ngettext("{count} warning about your protocol:", "{count} warnings about your protocol:", len(theirs)).format(
            count=len(theirs)
        )
        if theirs
        else _("No warnings about your protocol."),
        *_located(theirs),
    ]
    if result.built_in_warnings:
        command = "spinerecov kb check" + ("" if result.built_in else f" {result.path}")
        lines.append(
            ngettext(
                "The knowledge base itself has {count} more warning, not about your protocol ('{command}' lists it).",
                "The knowledge base itself has {count} more warnings, not about your protocol"
                " ('{command}' lists them).",
                result.built_in_warnings,
            ).format(count=result.built_in_warnings, command=command)
        )
    return lines


def _located(findings: list[Finding]) -> list[str]:
    return [f"  {f.path} ({f.where}): {f.message}" for f in findings]
