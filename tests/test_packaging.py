"""Packaging: the wheel carries the knowledge base, and an installed copy finds it."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout (no network: the build backend comes from the test extra)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("spinerecov-*.whl")
    return built


def test_wheel_contains_the_knowledge_base_and_entry_point(wheel: Path) -> None:
    """The YAML is inside the package, byte for byte, and the console script is declared."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "spinerecov/data/procedures.yaml" in names
        assert archive.read("spinerecov/data/procedures.yaml") == (ROOT / "data" / "procedures.yaml").read_bytes()
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "spinerecov = spinerecov.__main__:run" in archive.read(entry_points).decode()


def test_wheel_speaks_spanish(wheel: Path) -> None:
    """The compiled catalog and the knowledge base's Spanish are in the wheel, byte for byte."""
    catalog = "spinerecov/i18n/locale/es/LC_MESSAGES/spinerecov.mo"
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read(catalog) == (ROOT / "src" / catalog).read_bytes()
        assert archive.read("spinerecov/data/i18n/es.yaml") == (ROOT / "data" / "i18n" / "es.yaml").read_bytes()


def test_wheel_ships_every_json_schema(wheel: Path) -> None:
    """Each --json document's schema is in the wheel, byte for byte, where `spinerecov schema` reads it."""
    with zipfile.ZipFile(wheel) as archive:
        for schema in sorted((ROOT / "src" / "spinerecov" / "schemas").glob("*.schema.json")):
            assert archive.read(f"spinerecov/schemas/{schema.name}") == schema.read_bytes()


def test_installed_wheel_finds_its_own_knowledge_base(wheel: Path, tmp_path: Path) -> None:
    """Installed from the wheel (not editable), the tool reads the copy inside the package."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from spinerecov.knowledge.loader import resolve_kb_path, load_knowledge_base;"
        "p = resolve_kb_path(); print(p); print(len(load_knowledge_base(p).procedures));"
        "from spinerecov.i18n import use_language, _; use_language('es');"
        "print(load_knowledge_base(p, None, 'es').activities['walk'].name, _('Not yet').replace(' ', '_'))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True, check=True)
    path, count, walking, not_yet = done.stdout.split()
    assert Path(path) == target / "spinerecov" / "data" / "procedures.yaml"
    assert int(count) >= 6
    assert (walking, not_yet) == ("Caminar", "Todavía_no")


def test_sdist_holds_everything_the_tests_read_and_the_licence(tmp_path: Path) -> None:
    """Every tracked file (tests, examples, .ci, docs, LICENSE) is in the sdist, and its metadata says MIT."""
    import tarfile

    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (sdist,) = tmp_path.glob("spinerecov-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
        pkg_info = archive.extractfile(next(m for m in archive.getmembers() if m.name.endswith("/PKG-INFO")))
        assert pkg_info is not None
        metadata = pkg_info.read().decode()
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False)
    tracked = listed.stdout.split() if listed.returncode == 0 else []
    if not tracked:  # run from an unpacked sdist: no git, so check what the tests need by name
        tracked = ["examples/clinic-protocol.yaml", ".ci/run", "LICENSE", "tests/conftest.py"]
    missing = sorted(set(tracked) - names - {".gitignore"})
    assert not missing, f"missing from the sdist: {missing}"
    assert "License-Expression: MIT" in metadata
    for version in ("3.11", "3.12", "3.13"):
        assert f"Classifier: Programming Language :: Python :: {version}" in metadata
