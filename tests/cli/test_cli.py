"""The command line, as a user drives it: every command, option group, error and exit code."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import FIXTURES, run_cli

TIMELINE = ("timeline", "--procedure", "endoscopic", "--date", "2024-05-01", "--today", "2024-05-20")


# --- timeline -----------------------------------------------------------------


def test_timeline_shows_phases_milestones_red_flags_and_disclaimer(runner: CliRunner) -> None:
    """The timeline has dated phases with today marked, milestones, red flags and the disclaimer."""
    code, out, _ = run_cli(runner, *TIMELINE)
    assert code == 0
    assert "Recovery plan: Full-endoscopic lumbar discectomy" in out
    assert "day 19, week 3" in out
    # Day 19 is in the second phase (days 7-41): the first is done, the second NOW, the rest upcoming.
    cells = [line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│ ")]
    marks = [cell for cell in cells if cell in {"done", "NOW", "upcoming"}]
    assert marks[:4] == ["done", "NOW", "upcoming", "upcoming"], marks
    assert "Wed 8 May 2024" in out and "Tue 11 Jun 2024" in out
    assert "First check-up (dressing and stitch removal)" in out
    assert "(most people: weeks 2 to 3)" in out
    assert "Go to the emergency department now" in out
    assert "Call your surgeon now; if you cannot reach them, go to the emergency department" in out
    assert "not medical advice" in out


def test_timeline_activities_table_on_request(runner: CliRunner) -> None:
    """--activities adds when each activity opens, with dates."""
    code, out, _ = run_cli(runner, *TIMELINE, "--activities")
    assert code == 0
    assert "When can I ...?" in out
    assert "Wed 24 Jul 2024 (wk 13)" in out


def test_timeline_future_surgery_counts_down(runner: CliRunner) -> None:
    """A surgery date after today gives the plan ahead."""
    code, out, _ = run_cli(runner, "timeline", "-p", "tubular", "-d", "2030-01-10", "--today", "2030-01-01")
    assert code == 0
    assert "surgery in 9 days" in out


def test_timeline_general_plan_says_how_to_be_specific(runner: CliRunner) -> None:
    """With no --procedure the general MISS plan is shown, with a hint to name the operation."""
    code, out, _ = run_cli(runner, "timeline", "--date", "2024-05-01", "--today", "2024-05-20")
    assert code == 0
    assert "Minimally invasive spine surgery (general)" in out
    assert "add --procedure" in out


def test_timeline_factors_summary_and_explain(runner: CliRunner) -> None:
    """Factors are listed; --explain adds the reason and the sources of each adjustment."""
    args = ("timeline", "-p", "tlif", "-d", "2024-05-01", "--today", "2024-05-20", "--smoker", "--age", "72")
    code, out, _ = run_cli(runner, *args)
    assert code == 0
    assert "Your factors: age 72, smoker" in out
    assert "Run again with --explain" in out
    code, explained, _ = run_cli(runner, *args, "--explain")
    assert code == 0
    assert "Why: Smoking roughly doubles the risk" in explained
    assert "Sources: Nunna et al., meta-analysis of 20 studies" in explained
    assert "nunna-smoking-fusion" not in explained


def test_timeline_json_contract(runner: CliRunner) -> None:
    """Timeline --json has the documented keys with ISO dates."""
    code, out, _ = run_cli(runner, *TIMELINE, "--json", "--diabetes")
    assert code == 0
    document = json.loads(out)
    assert document["procedure"] == "endoscopic"
    assert document["surgery_date"] == "2024-05-01"
    assert document["phases"][0]["start"] == "2024-05-01"
    assert document["phases"][0]["end"] == "2024-05-07"
    assert {"id", "date"} <= set(document["milestones"][0])
    assert document["adjustments"] and document["adjustments"][0]["sources"]
    assert any(f["action"] == "emergency" for f in document["red_flags"])
    assert document["disclaimer"]


# --- can-i ----------------------------------------------------------------------


def test_can_i_lift_week_4_answers_for_general_miss(runner: CliRunner) -> None:
    """The design card's example works: a plain answer, its sources, a red-flag pointer, the disclaimer."""
    code, out, _ = run_cli(runner, "can-i", "lift", "--week", "4")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Can I lift things in week 4 (days 21-27)?"
    assert lines[1].startswith("Limited (no more than 4.5 kg (10 lb)")
    assert "From week 27 (day 182): Yes." in out
    assert "(most people: weeks 14 to 53)" in out
    assert "Sources differ:" in out
    flat = " ".join(out.split())
    assert "For your operation, add --procedure" in flat
    assert "Red flags:" in flat and "spinerecov red-flags" in flat
    assert "not medical advice" in flat


def test_can_i_with_date_shows_dates(runner: CliRunner) -> None:
    """With --date the answer shows calendar dates."""
    code, out, _ = run_cli(runner, "can-i", "drive", "-w", "2", "-p", "tubular", "-d", "2024-05-01")
    assert code == 0
    assert "Wed 8 May 2024 - Tue 14 May 2024" in out
    assert "From week 3 (day 14, Wed 15 May 2024)" in out


def test_can_i_on_a_date_and_for_today(runner: CliRunner) -> None:
    """--on asks about a calendar date; with only --date it answers for today."""
    code, out, _ = run_cli(runner, "can-i", "drive", "--on", "2024-05-20", "--date", "2024-05-01")
    assert code == 0
    assert "on day 19 (Mon 20 May 2024)" in out
    code, out, _ = run_cli(runner, "can-i", "drive", "--date", "2024-05-01", "--today", "2024-05-03")
    assert code == 0
    assert "on day 2" in out


def test_can_i_weight_and_json(runner: CliRunner) -> None:
    """--weight answers for a load; --json has the documented keys."""
    code, out, _ = run_cli(runner, "can-i", "lifting", "-w", "4", "--weight", "22lb", "-p", "feld", "--json")
    assert code == 0
    document = json.loads(out)
    assert {"activity", "procedure", "day", "verdict", "limit", "allowed_from_day", "sources"} <= set(document)
    assert document["activity"] == "lift"
    assert document["procedure"] == "endoscopic"
    assert document["day"] == 21
    assert document["verdict"] == "yes"  # 11.3 kg allowed from day 21
    assert document["allowed_from_day"] == 21
    assert document["limit"]["max_kg"] == 11.3
    assert document["weight_kg"] == pytest.approx(9.98, abs=0.01)
    code, out, _ = run_cli(runner, "can-i", "lifting", "-w", "1", "--weight", "22lb", "-p", "feld", "--json")
    document = json.loads(out)
    assert document["verdict"] == "not-yet" and document["allowed_from_day"] == 21
    assert document["allowed_from_range"] == {
        "from_day": 14,
        "to_day": 42,
        "sources": ["advancedneurosurgery-discectomy", "greenberg-discectomy-guide", "chibumd-lumbar"],
    }
    assert all("Sources differ:" in d["shown"] and "Bono" in d["shown"] for d in document["sources_differ"])


def test_can_i_json_limit_is_null_when_not_limited(runner: CliRunner) -> None:
    """A 'yes' or 'not-yet' answer has limit null."""
    code, out, _ = run_cli(runner, "can-i", "bend-twist", "--day", "3", "--json")
    assert code == 0
    document = json.loads(out)
    assert document["verdict"] == "not-yet"
    assert document["limit"] is None


def test_can_i_factor_conditions_are_shown(runner: CliRunner) -> None:
    """Factor rules that add a condition appear in the answer."""
    code, out, _ = run_cli(runner, "can-i", "drive", "-w", "6", "--nerve-damage")
    assert code == 0
    assert "For you (nerve damage before surgery): Only once the strength" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("can-i", "lfit", "--week", "4"), "Unknown activity 'lfit'. Did you mean 'lift'"),
        (("can-i", "lift", "--week", "4", "-p", "endoscpic"), "Did you mean 'endoscopic'?"),
        (("can-i", "lift", "--week", "4", "--day", "3"), "Give only one of --week, --day or --on"),
        (("can-i", "lift"), "Say when: --week N, --day N, or --on YYYY-MM-DD"),
        (("can-i", "lift", "--on", "2024-05-01"), "--on needs your surgery date too"),
        (("can-i", "lift", "--on", "2024-04-01", "--date", "2024-05-01"), "is before your surgery date"),
        (("can-i", "lift", "-w", "4", "--weight", "10"), "needs a unit"),
        (("can-i", "lift", "-w", "4", "--weight", "10st"), "unknown unit 'st'"),
        (("can-i", "drive", "-w", "4", "--weight", "3kg"), "--weight only applies to lift"),
        (("can-i", "lift", "--week", "0"), "Invalid value for '--week'"),
        (("can-i", "lift", "--week", "-3"), "Invalid value for '--week'"),
        (("can-i", "lift", "--week", "9999"), "Invalid value for '--week'"),
        (("can-i", "lift", "--day", "-1"), "Invalid value for '--day'"),
        (("timeline", "-p", "endoscopic"), "Tell me your surgery date with --date"),
        (("timeline", "-d", "2024-02-30"), "'2024-02-30' is not a real date"),
        (("timeline", "-d", "May 1st"), "'May 1st' is not a real date"),
        (("timeline", "-d", "9999-06-01"), "is not a plausible surgery date"),
        (("can-i", "lift", "-w", "2", "-d", "1000-01-01"), "is not a plausible surgery date"),
        (("timeline", "-d", "2024-05-01", "--job", "pilot"), "Invalid value for '--job'"),
        (("timeline", "-d", "2024-05-01", "--age", "300"), "Invalid value for '--age'"),
        (("timeline", "-d", "2024-05-01", "--bmi", "5"), "Invalid value for '--bmi'"),
        (("export", "-d", "2024-05-01", "--format", "pdf"), "Invalid value for '--format'"),
        (("timelime",), "No such command 'timelime'"),
    ],
)
def test_bad_input_is_one_clear_message_and_exit_2(runner: CliRunner, args: tuple[str, ...], message: str) -> None:
    """Usage errors exit 2 with a clear message and no traceback."""
    result = runner.invoke(runner_app(), list(args))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def runner_app() -> typer.Typer:
    """The Typer app (imported here so the import test sees a clean interpreter)."""
    from spinerecov.cli.app import app

    return app


def test_broken_knowledge_base_exits_1_with_file_and_line(runner: CliRunner) -> None:
    """A broken --kb exits 1 naming the file, line and YAML path."""
    broken = FIXTURES / "kb" / "broken" / "phase-gap.yaml"
    code, out, err = run_cli(runner, "procedures", "--kb", str(broken))
    assert code == 1
    assert f"procedures.demo.phases[2].start ({broken}:69)" in err
    assert out == ""


def test_knowledge_base_from_environment(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """SPINERECOV_KB points every command at another knowledge base."""
    monkeypatch.setenv("SPINERECOV_KB", str(FIXTURES / "kb" / "minimal.yaml"))
    code, out, _ = run_cli(runner, "procedures", "--json")
    assert code == 0
    assert [p["id"] for p in json.loads(out)["procedures"]] == ["demo"]


def test_unexpected_failures_are_one_line(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug shows one line asking for a report (exit 1), never a traceback with patient data."""
    import spinerecov.plan.dated

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(spinerecov.plan.dated, "build_timeline", broken)
    result = runner.invoke(runner_app(), list(TIMELINE))
    assert result.exit_code == 1
    assert "unexpected failure (RuntimeError: boom)" in result.stderr
    assert "Traceback" not in result.output


# --- export ----------------------------------------------------------------------


def test_export_writes_markdown_file_and_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    """Export writes the plan atomically, owner-readable; a second run without --force changes nothing."""
    target = tmp_path / "plan.md"
    args = ("export", "-p", "endoscopic", "-d", "2024-05-01", "--output", str(target))
    code, _, err = run_cli(runner, *args)
    assert code == 0
    assert f"Saved your plan (markdown) to {target}" in err
    first = target.read_text()
    assert first.startswith("# Recovery plan: Full-endoscopic lumbar discectomy")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    target.write_text("my own notes")
    code, _, err = run_cli(runner, *args)
    assert code == 1
    assert "already exists" in err and "--force" in err
    assert target.read_text() == "my own notes"
    code, _, _ = run_cli(runner, *args, "--force")
    assert code == 0
    assert target.read_text() == first
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"], "no temporary files left behind"


def test_export_default_name_and_json_by_extension(runner: CliRunner, tmp_path: Path) -> None:
    """Without --output the file is named after procedure and date; a .json name picks JSON."""
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code, _, _ = run_cli(runner, "export", "-p", "tubular", "-d", "2024-05-01")
        assert code == 0
        assert (tmp_path / "recovery-plan-tubular-2024-05-01.md").exists()
        code, _, _ = run_cli(runner, "export", "-p", "tubular", "-d", "2024-05-01", "-o", "plan.json")
        assert code == 0
        assert json.loads((tmp_path / "plan.json").read_text())["procedure"] == "tubular"
    finally:
        os.chdir(cwd)


def test_export_to_stdout(runner: CliRunner) -> None:
    """--output - prints the plan; --format json prints the timeline JSON document."""
    code, out, _ = run_cli(runner, "export", "-p", "endoscopic", "-d", "2024-05-01", "-o", "-")
    assert code == 0
    assert out.startswith("# Recovery plan")
    code, out, _ = run_cli(runner, "export", "-p", "endoscopic", "-d", "2024-05-01", "-f", "json", "-o", "-")
    assert code == 0
    assert json.loads(out)["schema"] == "spinerecov/timeline/v1"


def test_export_unwritable_place_exits_1_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    """A folder that does not exist, or a folder as the target, is a clear error with exit 1."""
    code, _, err = run_cli(runner, "export", "-d", "2024-05-01", "-o", str(tmp_path / "missing" / "plan.md"))
    assert code == 1
    assert "Cannot write" in err
    code, _, err = run_cli(runner, "export", "-d", "2024-05-01", "-o", str(tmp_path))
    assert code == 1
    assert "it is a folder" in err
    assert list(tmp_path.iterdir()) == []


# --- catalogue commands --------------------------------------------------------------


def test_procedures_and_activities_list_aliases(runner: CliRunner) -> None:
    """Procedures and activities list ids with aliases, as tables and as JSON."""
    code, out, _ = run_cli(runner, "procedures")
    assert code == 0
    assert "mis-fusion" in out and "mis-tlif" in out and "(default)" in out
    code, out, _ = run_cli(runner, "activities")
    assert code == 0
    assert "work-desk" in out and "desk-work" in out
    code, out, _ = run_cli(runner, "procedures", "--json")
    assert (
        "tubular-microdiscectomy" in next(p for p in json.loads(out)["procedures"] if p["id"] == "tubular")["aliases"]
    )
    code, out, _ = run_cli(runner, "activities", "--json")
    assert {a["id"] for a in json.loads(out)["activities"]} >= {"lift", "drive", "fly", "sex"}


def test_red_flags_command(runner: CliRunner) -> None:
    """red-flags lists general and procedure-specific warning signs with what to do."""
    code, out, _ = run_cli(runner, "red-flags", "-p", "mis-fusion")
    assert code == 0
    assert "saddle" in out and "screws or cage" in out
    code, out, _ = run_cli(runner, "red-flags", "--json")
    document = json.loads(out)
    assert document["procedure"] == "miss"
    assert {f["action"] for f in document["red_flags"]} == {"emergency", "call-surgeon", "call-within-24h"}


def test_help_teaches_and_version(runner: CliRunner) -> None:
    """--help explains the week rule and gives examples; --version prints the version."""
    code, out, _ = run_cli(runner, "--help")
    assert code == 0
    assert "week N is days 7(N-1) to 7N-1" in out
    code, out, _ = run_cli(runner, "can-i", "--help")
    assert "spinerecov can-i lift --week 4" in out
    code, out, _ = run_cli(runner, "--version")
    assert out.startswith("spinerecov 0.")


def test_no_arguments_shows_help(runner: CliRunner) -> None:
    """Running with no command shows the help."""
    result = runner.invoke(runner_app(), [])
    assert result.exit_code == 2  # Click's "no command given" code, after the help
    assert result.output.startswith("Usage: spinerecov [OPTIONS] COMMAND [ARGS]...")
    assert "timeline" in result.output


def test_python_dash_m_runs_the_cli() -> None:
    """Python -m spinerecov works like the spinerecov command."""
    done = subprocess.run(
        [sys.executable, "-m", "spinerecov", "can-i", "walk", "--day", "0"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Can I walk on day 0?")


@pytest.mark.parametrize(
    "args",
    [
        ["can-i", "lift", "--week", "4"],
        ["can-i", "lift", "--week", "0"],
        ["can-i", "--help"],
        ["timeline", "-d", "2024-05-01", "--today", "2024-05-20"],
        ["profile", "show"],
        ["red-flags", "--json"],
    ],
)
def test_single_command_app_behaves_like_the_full_app(runner: CliRunner, args: list[str]) -> None:
    """The entry point builds only the command being run; output and exit codes are the same."""
    from spinerecov.cli import app_for
    from spinerecov.cli.app import app

    lean = app_for(args)
    assert lean is not app
    full_result = runner.invoke(app, args)
    lean_result = runner.invoke(lean, args)
    assert (lean_result.exit_code, lean_result.output) == (full_result.exit_code, full_result.output)


def test_anything_but_a_command_name_gets_the_full_app() -> None:
    """Help, --version, typos and no arguments run the full app (for its help and did-you-mean)."""
    from spinerecov.cli import app_for
    from spinerecov.cli.app import app

    for argv in ([], ["--help"], ["--version"], ["timelime"], ["-p", "tubular"]):
        assert app_for(argv) is app


def test_console_script_entry_point_runs() -> None:
    """The console script's function runs a command in a fresh process."""
    code = (
        "import sys; sys.argv = ['spinerecov', 'can-i', 'walk', '--day', '0'];"
        " from spinerecov.__main__ import run; run()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Can I walk on day 0?")


def test_commands_keep_their_order_and_live_in_modules_named_for_them() -> None:
    """--help lists the commands in their usual order; `status` and `compare` each live in a module of that name."""
    from spinerecov.cli import app

    commands = {(c.name or getattr(c.callback, "__name__", "")): c.callback for c in app.registered_commands}
    assert list(commands) == [
        "procedures",
        "activities",
        "red-flags",
        "timeline",
        "can-i",
        "status",
        "compare",
        "questionnaire",
        "summary",
        "batch",
        "check-in",
        "export",
        "schema",
        "due",
        "help",
    ]
    for name in ("status", "compare", "questionnaire", "summary", "batch", "export", "schema", "due"):
        assert getattr(commands[name], "__module__", None) == f"spinerecov.cli.{name}", name
    assert getattr(commands["check-in"], "__module__", None) == "spinerecov.cli.check_in"
