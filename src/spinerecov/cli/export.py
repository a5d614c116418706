"""`spinerecov export`: the plan as a file to keep (markdown, JSON or calendar)."""

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from spinerecov.cli.app import app, dated_plan, out, reports_errors, resolve_inputs, say, warn
from spinerecov.cli.options import (
    PLAN_EXTENSIONS,
    AgeOption,
    BmiOption,
    DepressionAnxietyOption,
    DiabetesOption,
    HealthOption,
    JobOption,
    KbOption,
    LevelsOption,
    NerveDamageOption,
    PlanFormat,
    ProcedureOption,
    ProtocolOption,
    SmokerOption,
    SurgeryDateOption,
    TodayOption,
    WorkersCompOption,
    given_factors,
)
from spinerecov.errors import clip_path

if TYPE_CHECKING:
    pass


@app.command()
@reports_errors
def export(
    procedure: ProcedureOption = None,
    date: SurgeryDateOption = None,
    age: AgeOption = None,
    smoker: SmokerOption = None,
    diabetes: DiabetesOption = None,
    bmi: BmiOption = None,
    job: JobOption = None,
    nerve_damage: NerveDamageOption = None,
    health: HealthOption = None,
    workers_comp: WorkersCompOption = None,
    depression_anxiety: DepressionAnxietyOption = None,
    levels: LevelsOption = None,
    output_format: Annotated[
        Optional[PlanFormat],
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="markdown, json or ics (a calendar). Default: from the file name, else markdown.",
        ),
    ] = None,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|-",
            help="Where to write; '-' prints it. Default: recovery-plan-PROCEDURE-DATE.md (or .json, .ics) here.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
    today: TodayOption = None,
    protocol: ProtocolOption = None,
    kb: KbOption = None,
) -> None:
    """Save your plan as markdown (to keep, print or share), JSON, or a calendar (ics).

    The markdown has your details, the disclaimer, the phases, a milestone
    checklist, when each activity opens, a mermaid chart, the red flags and the
    sources. The calendar has an all-day event for every milestone and phase,
    with a reminder the day before each visit; importing an updated plan
    replaces its events. An existing file is never replaced without --force.

    \b
    Examples:
      spinerecov export --procedure endoscopic --date 2024-05-01
      spinerecov export -p tlif -d 2024-05-01 --smoker --output plan.md
      spinerecov export --format ics --output plan.ics
      spinerecov export -p endoscopic -d 2024-05-01 --format json --output -
    """
    from spinerecov.output.plan_formats import render_plan
    from spinerecov.store.files import write_atomic

    inputs = resolve_inputs(
        procedure,
        date,
        given_factors(age, smoker, diabetes, bmi, job, nerve_damage, health, workers_comp, depression_anxiety, levels),
        protocol,
    )
    chosen = output_format or _format_from_name(output)
    knowledge, built = dated_plan(kb, inputs, today, "spinerecov export --procedure endoscopic --date 2024-05-01")
    content = render_plan(built, knowledge, chosen.value)
    if output == "-":
        out(content.decode("utf-8") if isinstance(content, bytes) else content)
        return
    extension = PLAN_EXTENSIONS[chosen]
    target = output or f"recovery-plan-{built.procedure_id}-{built.surgery_date.isoformat()}.{extension}"
    written = write_atomic(target, content, force=force, private=True, warn=warn)
    say(f"Saved your plan ({chosen.value}) to {clip_path(written)}")


def _format_from_name(output: str | None) -> PlanFormat:
    suffix = (output or "").lower().rsplit(".", 1)[-1]
    return {"json": PlanFormat.json, "ics": PlanFormat.ics}.get(suffix, PlanFormat.markdown)
