"""A first use without a stumble: version and help conventions, clean piped text, dates and names people write."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.knowledge.date_forms import meant_date


def _invoke(runner: CliRunner, *args: str, columns: int = 100) -> tuple[int, str, str]:
    """Run the CLI as the installed command does (the app `__main__` picks), at `columns` columns."""
    from spinerecov.cli import app_for

    result = runner.invoke(app_for(list(args)), list(args), env={"COLUMNS": str(columns)})
    return result.exit_code, result.stdout, result.stderr


def test_dash_v_prints_the_version(runner: CliRunner) -> None:
    """`-V` is `--version` (K-01)."""
    from spinerecov import __version__

    code, out, _ = run_cli(runner, "-V")
    assert code == 0
    assert out.strip() == f"spinerecov {__version__}"


def test_help_subcommand_shows_the_same_help_as_dash_h(runner: CliRunner) -> None:
    """`help can-i` and `help kb check` show what `-h` shows; `help` alone lists the commands (K-01)."""
    for words in (["can-i"], ["kb", "check"]):
        code, out, _ = _invoke(runner, "help", *words)
        assert code == 0
        assert out == _invoke(runner, *words, "-h")[1]
    code, out, _ = _invoke(runner, "help")
    assert code == 0
    assert "timeline" in out and "can-i" in out and "Usage: spinerecov [OPTIONS] COMMAND" in out


def test_help_for_an_unknown_command_suggests_the_close_one(runner: CliRunner) -> None:
    """`help timelin` exits 2 with "did you mean 'timeline'", no traceback."""
    code, out, err = _invoke(runner, "help", "timelin")
    assert code == 2
    assert "'timeline'" in err
    assert "Traceback" not in err and out == ""


def test_top_level_command_list_fits_80_columns_without_cutting(runner: CliRunner) -> None:
    """At 80 columns every command's line in --help is whole: no '...', no line over 80 (K-06)."""
    code, out, _ = _invoke(runner, "--help", columns=80)
    assert code == 0
    commands = out.split("Commands:", 1)[1].splitlines()[1:]
    assert len([line for line in commands if line.strip()]) >= 12
    for line in commands:
        assert len(line) <= 80, line
        assert not line.rstrip().endswith("..."), line


def test_can_i_help_names_its_argument_activity(runner: CliRunner) -> None:
    """`can-i -h` writes the argument as ACTIVITY, in the usage line and the Arguments list (K-02)."""
    code, out, _ = run_cli(runner, "can-i", "-h")
    assert code == 0
    assert "ACTIVITY" in out.splitlines()[0]
    assert "activity <str>" not in out and "{activity}" not in out


@pytest.mark.parametrize(
    ("args", "columns"),
    [
        (("timeline", "-p", "tubular", "-d", "2026-11-20", "--today", "2026-12-06", "--activities"), 80),
        (("compare", "tubular", "endoscopic"), 50),
        (("status", "-p", "endoscopic", "-d", "2026-11-26", "--today", "2026-12-06"), 100),
        (("procedures",), 50),
        (("activities",), 80),
    ],
)
def test_piped_output_has_no_trailing_spaces(runner: CliRunner, args: tuple[str, ...], columns: int) -> None:
    """Off a terminal no line ends in padding to the width (K-03)."""
    code, out, err = _invoke(runner, *args, columns=columns)
    assert code == 0, err
    padded = [line for line in out.splitlines() if line != line.rstrip()]
    assert padded == []


def test_say_when_tells_that_the_surgery_date_alone_answers_for_today(runner: CliRunner) -> None:
    """`can-i drive` with no date and no week says a surgery date alone asks about today (P-12)."""
    code, _, err = run_cli(runner, "can-i", "drive", "-p", "endoscopic")
    assert code == 2
    assert "--date YYYY-MM-DD" in err and "today" in err
    code, out, _ = run_cli(runner, "can-i", "drive", "-p", "endoscopic", "-d", "2026-11-26", "--today", "2026-12-06")
    assert code == 0 and "day 10" in out


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("26/11/2026", "2026-11-26"),
        ("11/26/2026", "2026-11-26"),
        ("2026/11/26", "2026-11-26"),
        ("26.11.2026", "2026-11-26"),
    ],
)
def test_a_date_in_another_form_gets_did_you_mean(runner: CliRunner, written: str, meant: str) -> None:
    """`--date 26/11/2026` is "not in the form YYYY-MM-DD; did you mean 2026-11-26?", exit 2 (P-13)."""
    code, _, err = run_cli(runner, "can-i", "drive", "-p", "endoscopic", "--date", written)
    assert code == 2
    assert f"did you mean {meant}?" in err
    assert "not a real date" not in err


def test_an_ambiguous_date_is_not_guessed(runner: CliRunner) -> None:
    """`03/04/2026` (3 April or 4 March) is said to read two ways, not guessed; 2024-02-30 is not a real date."""
    code, _, err = run_cli(runner, "can-i", "drive", "-p", "endoscopic", "--date", "03/04/2026")
    assert code == 2
    assert "did you mean" not in err and "could be read two ways" in err
    _, _, err = run_cli(runner, "can-i", "drive", "-p", "endoscopic", "--date", "2024-02-30")
    assert "is not a real date" in err


@given(st.dates(dt.date(1950, 1, 1), dt.date(2200, 12, 31)), st.sampled_from(["/", ".", "-"]))
def test_a_guess_is_only_made_when_one_date_fits(date: dt.date, separator: str) -> None:
    """Day/month/year is read back to the same date whenever no other reading exists, and never to another date."""
    written = separator.join([f"{date.day:02d}", f"{date.month:02d}", f"{date.year:04d}"])
    guess = meant_date(written)
    if date.day > 12 or date.day == date.month:
        assert guess == date
    else:
        assert guess is None


def test_own_plan_is_not_titled_for_comparison(runner: CliRunner) -> None:
    """The own plan reads "Open lumbar discectomy"; only the procedures list says "for comparison" (P-04)."""
    code, out, _ = run_cli(runner, "timeline", "-p", "microdiscectomy", "-d", "2026-11-15", "--today", "2026-12-06")
    assert code == 0
    assert out.splitlines()[0] == "Recovery plan: Open lumbar discectomy"
    _, listing, _ = _invoke(runner, "procedures", columns=200)
    assert "Open lumbar discectomy (for comparison)" in listing
    assert "Open lumbar fusion (for comparison)" in listing
    assert "Tubular microdiscectomy (for" not in listing


@pytest.mark.parametrize(("job", "activity"), [("desk", "desk work"), ("light", "light"), ("heavy", "manual or heavy")])
def test_can_i_work_answers_for_the_patients_own_job(runner: CliRunner, job: str, activity: str) -> None:
    """`can-i work` (or "go back to work") answers for --job: desk work for desk, manual for heavy (P-02)."""
    for word in ("work", "go back to work"):
        code, out, err = run_cli(runner, "can-i", word, "-p", "endoscopic", "--week", "3", "--job", job)
        assert code == 0, err
        assert activity in out.splitlines()[0].lower()


def test_can_i_work_uses_the_saved_job(runner: CliRunner) -> None:
    """The profile's job answers `can-i work` when --job is not given."""
    run_cli(runner, "profile", "set", "--procedure", "endoscopic", "--job", "manual")
    code, out, _ = run_cli(runner, "can-i", "work", "--week", "3")
    assert code == 0
    assert "manual" in out.splitlines()[0].lower()


def test_can_i_work_without_a_job_asks_which(runner: CliRunner) -> None:
    """Without a job, `can-i work` exits 2 asking for --job and naming all three work activities."""
    code, out, err = run_cli(runner, "can-i", "work", "-p", "endoscopic", "--week", "3")
    assert code == 2 and out == ""
    assert "--job" in err
    for ident in ("work-desk", "work-light", "work-manual"):
        assert ident in err


def test_did_you_mean_suggests_the_procedure_name_nearly_typed(runner: CliRunner) -> None:
    """`microdisectomy` gets "did you mean 'microdiscectomy'", the alias nearly typed, not an id (P-03)."""
    code, out, err = run_cli(runner, "can-i", "drive", "-p", "microdisectomy", "--week", "3")
    assert code == 2 and out == ""
    assert "Did you mean 'microdiscectomy'" in err


@pytest.mark.parametrize(("name", "closest"), [("laminectomy", "open-discectomy"), ("XLIF", "mis-fusion")])
def test_an_operation_with_no_plan_is_said_so_with_the_closest_and_why(
    runner: CliRunner, name: str, closest: str
) -> None:
    """`laminectomy` and `XLIF` are "not in the knowledge base", with the closest covered operation and why (P-03)."""
    code, out, err = run_cli(runner, "timeline", "-p", name, "-d", "2026-11-26")
    assert code == 2 and out == ""
    assert f"'{name}' is not in the knowledge base" in err
    assert f"closest operation it covers is {closest}" in err
    assert "recovery" in err and "Did you mean" not in err


def test_a_protocol_that_adds_an_uncovered_operation_covers_it(runner: CliRunner) -> None:
    """`mis-decompression` is "not in the knowledge base", but with the example protocol it is that plan."""
    from conftest import ROOT

    code, _, err = run_cli(runner, "can-i", "drive", "-p", "mis-decompression", "--week", "3")
    assert code == 2 and "'mis-decompression' is not in the knowledge base" in err
    protocol = str(ROOT / "examples" / "clinic-protocol.yaml")
    code, out, err = run_cli(runner, "can-i", "drive", "-p", "mis-decompression", "--week", "3", "--protocol", protocol)
    assert code == 0, err
    assert "not in the knowledge base" not in err and out


def test_a_near_miss_of_an_uncovered_name_is_never_sent_to_another_operation(runner: CliRunner) -> None:
    """`laminectomi` is offered only the uncovered name itself, never a covered operation's name."""
    code, _, err = run_cli(runner, "can-i", "drive", "-p", "laminectomi", "--week", "3")
    assert code == 2
    assert "Did you mean 'laminectom" in err
    assert "discectomy" not in err


def test_kb_check_refuses_an_unknown_closest_operation(runner: CliRunner, tmp_path: Path) -> None:
    """A `not_covered` entry whose closest operation does not exist is a located error of `kb check`."""
    from conftest import ROOT

    text = (ROOT / "data" / "procedures.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "kb.yaml"
    broken.write_text(text.replace("    closest: mis-fusion\n", "    closest: mis-fusoin\n", 1), encoding="utf-8")
    code, _, err = run_cli(runner, "kb", "check", str(broken))
    assert code == 1
    assert "not_covered[1].closest" in err and "'mis-fusoin'" in err


def test_every_command_help_has_examples(runner: CliRunner) -> None:
    """Every leaf command's --help shows examples, as the README promises (R-03)."""
    import typer

    from spinerecov.cli import app

    def leaves(command: object, path: list[str]) -> list[list[str]]:
        children = getattr(command, "commands", None)
        if not children:
            return [path]
        return [leaf for name, child in children.items() for leaf in leaves(child, [*path, name])]

    for path in leaves(typer.main.get_command(app), []):
        code, out, _ = run_cli(runner, *path, "--help")
        assert code == 0, path
        assert "Examples:" in out, path
