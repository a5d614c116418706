"""A batch row in a language the clinic protocol has no texts for is told once, with its rows (C-07)."""

from pathlib import Path

from typer.testing import CliRunner

from conftest import ROOT, run_cli

UNTRANSLATED = (
    "source:\n  id: riverside\n  title: Riverside protocol\nclinic:\n  name: Riverside Spine Centre\n"
    '  phone: "020 7946 0321"\n  note: Spine nurse line Mon-Fri 8am-5pm.\n'
)


def _patients(tmp_path: Path) -> Path:
    path = tmp_path / "patients.csv"
    rows = "id,procedure,date,lang\np1,endoscopic,2026-11-01,es\np2,tubular,2026-11-01,en\np3,tubular,2026-11-01,es\n"
    path.write_text(rows, encoding="utf-8")
    return path


def test_spanish_rows_with_an_untranslated_protocol_are_told_once(runner: CliRunner, tmp_path: Path) -> None:
    """One line names the Spanish rows (2 and 4) and the check that lists the untranslated texts."""
    protocol = tmp_path / "riverside.yaml"
    protocol.write_text(UNTRANSLATED, encoding="utf-8")
    args = ["batch", str(_patients(tmp_path)), "--out-dir", str(tmp_path / "out"), "--protocol", str(protocol)]
    code, _, err = run_cli(runner, *args)
    assert code == 0, err
    told = [line for line in err.splitlines() if "without a translation into 'es'" in line]
    assert len(told) == 1
    assert told[0].startswith("2 rows (lines 2, 4):")
    assert f"kb check --protocol {protocol} --lang es" in told[0]


def test_a_protocol_with_its_spanish_says_nothing(runner: CliRunner, tmp_path: Path) -> None:
    """The example protocol carries its Spanish: no such line, where the untranslated one gets it."""
    untranslated = tmp_path / "riverside.yaml"
    untranslated.write_text(UNTRANSLATED, encoding="utf-8")
    for protocol, told in ((untranslated, True), (ROOT / "examples" / "clinic-protocol.yaml", False)):
        out = tmp_path / protocol.stem
        args = ["batch", str(_patients(tmp_path)), "--out-dir", str(out), "--protocol", str(protocol)]
        code, _, err = run_cli(runner, *args)
        assert code == 0, err
        assert ("without a translation" in err) is told
