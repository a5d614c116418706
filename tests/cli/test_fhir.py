"""`export --format fhir`, `batch --format fhir`: files, patient ids, the profile's id, and bad input."""

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import ROOT, run_cli
from fhir_models import resources, validate_bundle
from spinerecov.cli.app import app

EXPORT = ("export", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-20")


def _patient_identifier(bundle: dict[str, Any]) -> str:
    return str(resources(bundle, "Patient")[0]["identifier"][0]["value"])


def test_export_fhir_writes_a_private_bundle_and_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    """--format fhir with --patient-id writes a valid bundle for that patient; a rerun needs --force."""
    target = tmp_path / "plan.fhir.json"
    args = (*EXPORT, "--format", "fhir", "--patient-id", "MRN-123", "-o", str(target))
    code, _, err = run_cli(runner, *args)
    assert code == 0, err
    assert err == f"Saved your plan (fhir) to {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    bundle = json.loads(target.read_text())
    validate_bundle(bundle)
    assert _patient_identifier(bundle) == "MRN-123"
    target.write_text("kept")
    code, _, err = run_cli(runner, *args)
    assert code == 1 and "already exists" in err and "--force" in err
    assert target.read_text() == "kept"
    assert run_cli(runner, *args, "--force")[0] == 0
    assert json.loads(target.read_text()) == bundle


def test_a_fhir_json_name_picks_fhir(runner: CliRunner, tmp_path: Path) -> None:
    """A .fhir.json file name picks FHIR; the default name ends in .fhir.json."""
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert run_cli(runner, *EXPORT, "--patient-id", "p1", "-o", "mine.fhir.json")[0] == 0
        assert json.loads(Path("mine.fhir.json").read_text())["resourceType"] == "Bundle"
        assert run_cli(runner, *EXPORT, "--patient-id", "p1", "-f", "fhir")[0] == 0
        assert Path("recovery-plan-endoscopic-2024-05-01.fhir.json").exists()
    finally:
        os.chdir(cwd)


def test_without_a_profile_a_random_id_is_used_and_the_user_is_told(runner: CliRunner) -> None:
    """No --patient-id and no profile: a random urn:uuid, and stderr says --patient-id keeps re-imports updating."""
    code, out, err = run_cli(runner, *EXPORT, "-f", "fhir", "-o", "-")
    assert code == 0
    assert "--patient-id" in err and "re-importing" in err
    first = _patient_identifier(json.loads(out))
    assert first.startswith("urn:uuid:")
    assert _patient_identifier(json.loads(run_cli(runner, *EXPORT, "-f", "fhir", "-o", "-")[1])) != first


def test_the_profile_keeps_one_random_id(runner: CliRunner) -> None:
    """With a profile, a random id is saved in it once and reused, so two exports name the same records."""
    assert run_cli(runner, "profile", "set", "--procedure", "endoscopic", "--date", "2024-05-01")[0] == 0
    code, out, err = run_cli(runner, "export", "-f", "fhir", "-o", "-", "--today", "2024-05-20")
    assert code == 0 and "Saved a random patient id in your profile" in err
    code, again, err = run_cli(runner, "export", "-f", "fhir", "-o", "-", "--today", "2024-05-20", "--smoker")
    assert code == 0 and "patient id" not in err
    assert resources(json.loads(out), "CarePlan")[0]["id"] == resources(json.loads(again), "CarePlan")[0]["id"]
    assert run_cli(runner, "profile", "set", "--age", "50")[0] == 0
    code, kept, _ = run_cli(runner, "export", "-f", "fhir", "-o", "-", "--today", "2024-05-20")
    assert _patient_identifier(json.loads(kept)) == _patient_identifier(json.loads(out))


@pytest.mark.parametrize("bad", ["a b", "-x", "", "x" * 65, "mrn/../1"])
def test_a_bad_patient_id_is_a_usage_error(runner: CliRunner, tmp_path: Path, bad: str) -> None:
    """An unusable --patient-id is one clear line and exit 2, and nothing is written."""
    result = runner.invoke(app, [*EXPORT, "-f", "fhir", "--patient-id", bad, "-o", str(tmp_path / "p.fhir.json")])
    assert result.exit_code == 2
    assert any(m in result.stderr for m in ("is not a usable patient id", "requires an argument", "it is empty"))
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_batch_fhir_writes_one_bundle_per_patient_with_its_id(runner: CliRunner, tmp_path: Path) -> None:
    """Batch --format fhir writes DIR/ID.fhir.json; each names its own patient; no id is shared."""
    patients = tmp_path / "patients.csv"
    patients.write_text("id,procedure,date\np001,endoscopic,2026-12-01\np002,endoscopic,2026-12-01\n")
    out_dir = tmp_path / "plans"
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(out_dir), "--format", "fhir")
    assert code == 0, err
    bundles = {name: json.loads((out_dir / f"{name}.fhir.json").read_text()) for name in ("p001", "p002")}
    ids = {}
    for name, bundle in bundles.items():
        validate_bundle(bundle)
        assert _patient_identifier(bundle) == name
        ids[name] = {e["resource"]["id"] for e in bundle["entry"]} | {bundle["id"]}
    assert not ids["p001"] & ids["p002"]


def test_kb_fhir_prints_a_bundle_and_reports_a_missing_protocol(runner: CliRunner, tmp_path: Path) -> None:
    """`kb fhir` prints valid JSON PlanDefinitions; a protocol that does not exist is one line, exit 1."""
    code, out, _ = run_cli(runner, "kb", "fhir", "--protocol", str(ROOT / "examples" / "clinic-protocol.yaml"))
    assert code == 0
    bundle = json.loads(out)
    validate_bundle(bundle)
    assert "urn:spinerecov:plandefinition:example-spine-clinic:mis-decompression" in {
        d["url"] for d in resources(bundle, "PlanDefinition")
    }
    code, out, err = run_cli(runner, "kb", "fhir", "--protocol", str(tmp_path / "missing.yaml"))
    assert code == 1 and out == ""
    assert err.startswith("Error: Cannot read the clinic protocol") and len(err.strip().splitlines()) == 1
