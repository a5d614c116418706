"""The saved profile: set, show, clear, precedence over options, and broken profiles."""

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.knowledge.patient import Profile
from spinerecov.store.profile import load_profile, merge, profile_path

SET = ("profile", "set", "--procedure", "feld", "--date", "2024-05-01", "--smoker", "--age", "72")


@pytest.fixture
def saved(runner: CliRunner) -> Path:
    """A profile saved through the CLI: endoscopic (typed as 'feld'), 1 May 2024, smoker, 72."""
    code, _, err = run_cli(runner, *SET)
    assert code == 0, err
    return profile_path()


def test_set_saves_ids_not_aliases_privately(saved: Path) -> None:
    """Profile set stores the procedure's id, the date and the factors, readable by the owner only."""
    text = saved.read_text()
    assert 'procedure = "endoscopic"' in text
    assert "surgery_date = 2024-05-01" in text
    assert "smoker = true" in text and "age = 72" in text
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    profile = load_profile(saved)
    assert profile is not None and profile.factors.age == 72


def test_set_updates_only_what_is_given_and_unset_forgets(runner: CliRunner, saved: Path) -> None:
    """A second set keeps other values; --no-smoker turns a flag off; --unset forgets a setting."""
    code, out, _ = run_cli(runner, "profile", "set", "--no-smoker", "--unset", "age", "--diabetes")
    assert code == 0
    profile = load_profile(saved)
    assert profile is not None
    assert profile.procedure == "endoscopic" and profile.surgery_date is not None
    assert profile.factors.smoker is False and profile.factors.diabetes is True
    assert profile.factors.age is None
    assert "Factors:      diabetes" in out


def test_show_and_clear(runner: CliRunner, saved: Path) -> None:
    """Show prints the profile and its path (also as JSON); clear removes it and says so on stderr, like set."""
    code, out, _ = run_cli(runner, "profile", "show")
    assert code == 0 and str(saved) in out and "Procedure:    endoscopic" in out
    code, out, _ = run_cli(runner, "profile", "show", "--json")
    document = json.loads(out)
    assert document["exists"] and document["profile"]["surgery_date"] == "2024-05-01"
    code, out, err = run_cli(runner, "profile", "clear")
    assert code == 0 and "Removed your profile" in err and out == ""
    assert not saved.exists()
    code, out, _ = run_cli(runner, "profile", "show")
    assert code == 0 and "No profile saved yet" in out
    code, out, err = run_cli(runner, "profile", "clear")
    assert code == 0 and "No profile to remove" in err and out == ""


def test_commands_use_the_profile_and_say_so_once(runner: CliRunner, saved: Path) -> None:
    """With a profile, can-i with no week answers for today, and one stderr line says what was used."""
    code, out, err = run_cli(runner, "can-i", "lift", "--today", "2024-05-20")
    assert code == 0
    assert out.startswith("Can I lift things on day 19 (Mon 20 May 2024)?")
    assert "Plan: Full-endoscopic lumbar discectomy." in out
    assert err.count("Using your profile") == 1
    assert "procedure endoscopic, surgery date 2024-05-01, age 72, smoker" in err


def test_explicit_options_win_over_the_profile(runner: CliRunner, saved: Path) -> None:
    """--procedure, --date and --no-smoker override the saved values; only the rest is reported as used."""
    args = ("timeline", "-p", "tubular", "-d", "2024-06-01", "--no-smoker", "--today", "2024-06-02", "--json")
    code, out, err = run_cli(runner, *args)
    assert code == 0
    document = json.loads(out)
    assert document["procedure"] == "tubular"
    assert document["surgery_date"] == "2024-06-01"
    assert document["factors"]["smoker"] is False
    assert document["factors"]["age"] == 72
    assert "Using your profile" in err and "age 72" in err and "smoker" not in err and "procedure" not in err


def test_commands_that_take_part_of_the_profile_report_only_that(runner: CliRunner, saved: Path) -> None:
    """red-flags uses only the procedure; compare uses only the factors."""
    _, _, err = run_cli(runner, "red-flags")
    assert "procedure endoscopic" in err and "age" not in err and "surgery date" not in err
    _, _, err = run_cli(runner, "compare", "tubular", "open-discectomy")
    assert "age 72, smoker" in err and "procedure" not in err


def test_without_profile_nothing_is_said(runner: CliRunner) -> None:
    """With no profile, commands neither mention one nor need one."""
    code, _, err = run_cli(runner, "can-i", "lift", "--week", "4")
    assert code == 0 and err == ""


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ('procedure = "endoscopic"\nsurgery_date = 2024-05-01\n[factors]\nage = 300\n', 4, "factors.age"),
        ('procedure = "endoscopic\n', 1, "Illegal character"),
        ('surgery_date = "2024-05-01"\n', 1, "write the date without quotes"),
        ("procedure = 'x'\ncolour = 'blue'\n", 2, "colour: unknown setting"),
        ("[factors]\nsmoker = 'yes'\n", 2, "factors.smoker"),
    ],
)
def test_broken_profile_names_file_and_line_and_is_kept(
    runner: CliRunner, content: str, line: int, message: str
) -> None:
    """A broken profile is a clear error (exit 1) with file:line and how to fix it; nothing rewrites it."""
    path = profile_path()
    path.parent.mkdir(parents=True)
    path.write_text(content)
    for args in (("status",), ("profile", "set", "--smoker"), ("can-i", "lift", "-w", "2")):
        code, out, err = run_cli(runner, *args)
        assert code == 1, args
        assert f"{path}:{line}" in err and message in err
        assert "spinerecov profile clear" in err
        assert path.read_text() == content, "a broken profile is never rewritten"
    code, _, _ = run_cli(runner, "profile", "clear")
    assert code == 0 and not path.exists()


def test_profile_set_errors(runner: CliRunner) -> None:
    """Nothing to set, an unknown procedure or an unknown --unset name are usage errors."""
    assert run_cli(runner, "profile", "set")[0] == 2
    code, _, err = run_cli(runner, "profile", "set", "--procedure", "endoscpic")
    assert code == 2 and "Did you mean 'endoscopic'?" in err
    code, _, err = run_cli(runner, "profile", "set", "--unset", "ages")
    assert code == 2 and "Did you mean 'age'?" in err
    assert not profile_path().exists()


def test_default_location_is_the_user_config_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without SPINERECOV_PROFILE the profile lives in the platform's config folder."""
    monkeypatch.delenv("SPINERECOV_PROFILE")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    if os.name == "posix":
        assert profile_path() == tmp_path / "spinerecov" / "profile.toml"


def test_merge_fills_only_what_is_missing() -> None:
    """merge: given values win, missing ones come from the profile and are listed."""
    profile = Profile.model_validate({"procedure": "tubular", "factors": {"diabetes": True, "job": "manual"}})
    resolved = merge(profile, None, None, {"job": "desk", "diabetes": None})
    assert resolved.procedure == "tubular"
    assert resolved.factors.job == "desk" and resolved.factors.diabetes is True
    assert resolved.from_profile == ("procedure tubular", "diabetes")
    assert merge(None, None, None, {}).from_profile == ()


@pytest.mark.parametrize("odd", ["clinic 🦴", 'quote " and \\ backslash', "tab\tand\u007f delete", "Clínica São João"])
def test_any_protocol_path_round_trips(tmp_path: Path, odd: str) -> None:
    """A protocol path with an emoji, quotes, control characters or accents is written as valid TOML."""
    import datetime as dt
    import tomllib

    from spinerecov.knowledge.patient import PatientFactors
    from spinerecov.store.profile import to_toml

    profile = Profile(
        procedure="tlif", surgery_date=dt.date(2024, 5, 1), protocol=f"/p/{odd}/p.yaml", factors=PatientFactors(age=70)
    )
    parsed = tomllib.loads(to_toml(profile))
    assert parsed["protocol"] == f"/p/{odd}/p.yaml"
    assert parsed["surgery_date"] == dt.date(2024, 5, 1) and parsed["factors"] == {"age": 70}
    path = tmp_path / "profile.toml"
    path.write_text(to_toml(profile), encoding="utf-8")
    assert load_profile(path) == profile


def test_a_symlinked_profile_is_written_through(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A profile that links into a dotfiles folder keeps its link; the real file gets the change."""
    real = tmp_path / "dotfiles" / "spinerecov.toml"
    real.parent.mkdir()
    real.write_text('procedure = "endoscopic"\n')
    link = tmp_path / "profile.toml"
    link.symlink_to(real)
    monkeypatch.setenv("SPINERECOV_PROFILE", str(link))
    code, _, err = run_cli(runner, "profile", "set", "--age", "40")
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == real
    assert "age = 40" in real.read_text() and 'procedure = "endoscopic"' in real.read_text()


def test_concurrent_profile_sets_never_lose_an_update(tmp_path: Path) -> None:
    """Four `profile set` at once, each changing one thing: every change is in the file afterwards."""
    import subprocess
    import sys

    path = tmp_path / "profile.toml"
    path.write_text('procedure = "endoscopic"\n')
    env = {**os.environ, "SPINERECOV_PROFILE": str(path)}  # and the test run's shared cache, warm
    changes = (["--age", "50"], ["--smoker"], ["--job", "manual"], ["--health", "poor"])
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "spinerecov", "profile", "set", *change],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for change in changes
    ]
    assert [process.wait(timeout=60) for process in running] == [0, 0, 0, 0]
    saved = path.read_text()
    assert all(line in saved for line in ("age = 50", "smoker = true", 'job = "manual"', 'health = "poor"')), saved


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks to see a process wait")
def test_profile_set_waits_for_the_lock_held_by_another(tmp_path: Path) -> None:
    """While another `profile set` holds the profile's lock, a second one waits, then reads and writes after it.

    The kernel's table of locks shows the second process blocked on the lock; only then is the lock let go.
    """
    import fcntl
    import subprocess
    import sys
    import time

    path = tmp_path / "profile.toml"
    path.write_text('procedure = "endoscopic"\n')
    env = {**os.environ, "SPINERECOV_PROFILE": str(path)}  # and the test run's shared cache, warm
    holder = os.open(tmp_path / ".profile.toml.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        command = [sys.executable, "-m", "spinerecov", "profile", "set", "--smoker"]
        waiting = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while not _blocked_on_a_lock(waiting.pid):
            assert waiting.poll() is None, f"it did not wait: {waiting.communicate()[1]!r}"
            assert time.monotonic() < deadline, "it never reached the lock"
            time.sleep(0.01)
        path.write_text('procedure = "endoscopic"\n\n[factors]\nage = 60\n')  # what the holder writes
    finally:
        os.close(holder)
    _output, errors = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, errors
    saved = path.read_text()
    assert "age = 60" in saved and "smoker = true" in saved, saved  # read after the holder wrote, not before


def _blocked_on_a_lock(pid: int) -> bool:
    """Whether process `pid` waits for a lock ("->" lines of /proc/locks are the blocked ones)."""
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields and str(pid) in fields:
            return True
    return False


def test_unset_protocol_does_not_need_the_protocol(runner: CliRunner, tmp_path: Path) -> None:
    """`profile set --unset protocol --procedure tubular` works after the saved protocol file is gone."""
    from conftest import ROOT

    protocol = tmp_path / "clinic.yaml"
    protocol.write_text((ROOT / "examples" / "clinic-protocol.yaml").read_text())
    assert run_cli(runner, "profile", "set", "--protocol", str(protocol))[0] == 0
    protocol.unlink()
    code, _, err = run_cli(runner, "profile", "set", "--unset", "protocol", "--procedure", "tubular")
    assert code == 0, err
    saved = load_profile(profile_path())
    assert saved is not None and saved.protocol is None and saved.procedure == "tubular"


@pytest.mark.parametrize(
    ("content", "line", "field", "word"),
    [
        ("factors = { age = 300 }\n", 1, "factors.age", "120"),
        ('procedure = "endoscopic"\nfactors = { smoker = true, age = 300 }\n', 2, "factors.age", "120"),
        ("[surgery_date]\nyear = 2024\n", 1, "surgery_date", "date"),
        ("[factors]\nsmoker = 'yes'\n", 2, "factors.smoker", "boolean"),
    ],
)
def test_profile_errors_point_at_inline_tables_and_table_headers(
    content: str, line: int, field: str, word: str
) -> None:
    """An inline `factors = {...}` and a `[table]` header are located too; only the date gets the quotes hint."""
    from spinerecov.errors import ProfileError
    from spinerecov.store.profile import parse_profile

    with pytest.raises(ProfileError) as caught:
        parse_profile(content, Path("p.toml"))
    located = caught.value.message.split(f"p.toml:{line}: {field}: ", 1)
    assert len(located) == 2 and word in located[1].split("\n")[0], caught.value.message  # the rest is pydantic's
    assert "without quotes" not in caught.value.message


def test_an_empty_profile_variable_is_a_usage_error(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """SPINERECOV_PROFILE= (set but empty) is an error, not a silent fall back to the default place."""
    monkeypatch.setenv("SPINERECOV_PROFILE", "")
    code, _, err = run_cli(runner, "status")
    assert code == 2 and "SPINERECOV_PROFILE is set but empty" in err


def test_a_profile_date_out_of_range_is_not_blamed_on_date(runner: CliRunner) -> None:
    """A saved surgery date of 1900 is the profile's error, at its line, not a --date the user never typed."""
    path = profile_path()
    path.parent.mkdir(parents=True)
    path.write_text('procedure = "endoscopic"\nsurgery_date = 1900-01-01\n')
    code, _, err = run_cli(runner, "status")
    assert code == 1 and "--date 1900" not in err
    assert "profile.toml:2: surgery_date: 1900-01-01 is not a plausible surgery date" in err


@pytest.mark.parametrize("factor", ["workers-comp", "depression-anxiety"])
def test_every_saved_factor_can_be_unset(runner: CliRunner, factor: str) -> None:
    """A factor added after the first release (workers' comp, depression and anxiety, levels) can be forgotten too."""
    assert run_cli(runner, "profile", "set", f"--{factor}", "--levels", "2")[0] == 0
    code, stdout, err = run_cli(runner, "profile", "set", "--unset", factor, "--unset", "levels")
    assert code == 0, err
    assert "Factors:      (none)" in stdout
