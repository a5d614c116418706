"""Shared fixtures: a fixed terminal, an isolated cache, the built-in knowledge base, a CLI runner."""

import datetime as dt
import functools
import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from spinerecov.cli.app import app
from spinerecov.i18n import use_language
from spinerecov.knowledge.cache import forget_kept
from spinerecov.knowledge.factors import FACTORS, Factor
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.plan.personalise import personalise
from spinerecov.plan.timeline import Timeline, build_timeline

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
SURGERY = dt.date(2024, 5, 1)
TODAY = dt.date(2024, 5, 20)

# Property tests must not flake in CI: same examples on every run.
settings.register_profile("ci", derandomize=True, max_examples=150, deadline=None)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def _factor_values(factor: Factor) -> st.SearchStrategy[Any]:
    """Any value of one factor: yes or no, a number within its bounds, one of its words (or not given)."""
    if factor.kind == "yes-no":
        return st.booleans()
    if factor.kind == "choice":
        return st.none() | st.sampled_from(list(factor.choices))
    assert factor.bounds is not None
    low, high = factor.bounds
    if factor.kind == "whole":
        return st.none() | st.integers(int(low), int(high))
    return st.none() | st.floats(low, high, allow_nan=False)


PATIENT_FACTORS = st.builds(PatientFactors, **{factor.name: _factor_values(factor) for factor in FACTORS})
"""Any patient's factors, for property tests."""


def pytest_collection_finish(session: pytest.Session) -> None:
    """Collect garbage less often in a test process, which lives long and holds much.

    A worker keeps what every test loaded (pydantic's schemas, hypothesis, the parsed knowledge base), and
    the collector's full passes over all of it, every few thousand allocations, took about a quarter of the
    suite's CPU. Full passes now come a hundred times less often; young garbage is still collected as
    usual. (Freezing what collection loaded, as the product does after its imports, gains nothing more
    here and upsets hypothesis 6.100, the lowest version the test extra allows.)
    """
    import gc

    gc.set_threshold(10_000, 50, 1_000)


LONGEST_FIRST = (
    "tests/output/test_html_print.py",  # the browser prints every handout: about 9 s
    "tests/cli/test_completion_shells.py",
    "tests/cli/test_batch_rows.py",
    "tests/i18n/test_spanish_output.py",
    "tests/cli/test_streams.py",
    "tests/cli/test_batch_interrupt.py",
)
"""The modules that take longest, begun first: the workers take modules in turn, and end at about the same time."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest modules first, the others in their own order (a module's tests keep theirs)."""
    rank = {path: position for position, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Collect the session's garbage once, then set aside what is left, before pytest's closing collections.

    At the end pytest collects garbage (twice, five times on older versions) to report any exception
    raised while an object was finalised. Over all a worker still holds each pass took most of a
    second. This one pass frees the same garbage (pytest still reports what its finalisers raised),
    and pytest's own passes then look only at what is made after it.
    """
    import gc

    gc.collect()
    gc.freeze()


_HOMES = itertools.count()
"""Numbers for the folders of tests that ask for no tmp_path (made only if spinerecov writes there)."""


def _home(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where a test's profile, diary and data live: its tmp_path if it asks for one, else a new folder of its own.

    Most tests write nothing there; pytest makes a tmp_path by listing every earlier test's folder
    to number it, which took more of the suite's time than many tests do.
    """
    if "tmp_path" in request.fixturenames:
        return Path(request.getfixturevalue("tmp_path"))
    return tmp_path_factory.getbasetemp() / "homes" / str(next(_HOMES))


@pytest.fixture(autouse=True)
def _fixed_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[None]:
    """Fixed width, no colour, our own cache and profile, no knowledge-base override from the caller's shell."""
    tmp_path = _home(request, tmp_path_factory)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("SPINERECOV_KB", raising=False)
    monkeypatch.delenv("SPINERECOV_NO_CACHE", raising=False)
    monkeypatch.setenv("SPINERECOV_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "kb-cache"))
    # Never read or write the real user's profile.
    monkeypatch.setenv("SPINERECOV_PROFILE", str(tmp_path / "config" / "profile.toml"))
    # Nor the real user's diary.
    monkeypatch.setenv("SPINERECOV_DIARY", str(tmp_path / "data" / "diary.sqlite3"))
    # Never read or write the real user's data folder (what each calendar export was).
    monkeypatch.setenv("SPINERECOV_DATA_DIR", str(tmp_path / "data"))
    # English unless a test asks for Spanish, whatever the caller's locale.
    for name in ("SPINERECOV_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    use_language("en")
    load_knowledge_base.cache_clear()
    yield
    load_knowledge_base.cache_clear()
    use_language("en")


def as_in_a_new_process() -> None:
    """Forget every knowledge base this process loaded or kept from the cache, as a new run of spinerecov would.

    (Each test starts with `load_knowledge_base` forgotten; what the cache folder gave is kept across tests,
    by folder and by the content of every file read, so a test that plants or spoils a cache record must call
    this before it loads.)
    """
    load_knowledge_base.cache_clear()
    forget_kept()


@pytest.fixture
def kb() -> KnowledgeBase:
    """The built-in knowledge base."""
    return load_knowledge_base(resolve_kb_path())


def _help_words(app: Any) -> tuple[Any, ...]:
    """What Typer reads from `app` when it builds the click command.

    The app's own settings (completion, markup, suggestions ...), every field of its info, of each
    command's and of each group's (help and short help included), groups followed all the way down.
    """
    settings = tuple((name, value) for name, value in vars(app).items() if not name.startswith("registered_"))
    words: list[Any] = [settings, tuple(vars(app.info).items()), app.registered_callback]
    for command in app.registered_commands:
        words.append((command, tuple(vars(command).items())))
    for group in app.registered_groups:
        inner = group.typer_instance
        words.append((group, tuple(vars(group).items()), _help_words(inner) if inner else ()))
    return tuple(words)


@pytest.fixture(autouse=True, scope="session")
def _each_app_is_built_once() -> Iterator[None]:
    """CliRunner builds the click command again for every invoke (20 ms for the full app); build it once.

    A run in the product builds it once too. An app is known by what Typer reads when it builds: every field
    of the app's, the commands' and the groups' info (the help `translate_help` and `give_short_help`
    set included) and Typer's own environment variables (such as the one that turns off shell
    detection), so a changed app, a Spanish help or another setting is built anew.
    """
    import typer.testing

    plain = getattr(typer.testing, "_get_command", None)
    if plain is None:  # a Typer that builds otherwise: every invoke builds, as it did before
        yield
        return
    built: list[tuple[Any, Any]] = []  # (what Typer reads, the click command built from it), newest first

    def get_command(app: Any) -> Any:
        words = (_help_words(app), sorted((k, v) for k, v in os.environ.items() if "TYPER" in k))
        # Equal words give the same command: `app_for` makes a new app for each run, of the same commands.
        command = next((command for kept, command in built if kept == words), None)
        if command is None:
            command = plain(app)
            built.insert(0, (words, command))
            del built[64:]
        return command

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", get_command)
        yield


@pytest.fixture(autouse=True, scope="session")
def _every_json_document_is_checked() -> Iterator[None]:
    """Every JSON document a command prints in any test (through a CliRunner) is validated against its schema."""
    from json_documents import validate_output

    plain = CliRunner.invoke

    def invoke(self: CliRunner, *args: Any, **kwargs: Any) -> Any:
        result = plain(self, *args, **kwargs)
        if result.exit_code == 0:
            validate_output(result.stdout)
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CliRunner, "invoke", invoke)
        yield


@pytest.fixture
def runner() -> CliRunner:
    """A Typer CLI runner."""
    return CliRunner()


def run_cli(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    """Run the CLI; return (exit code, stdout, stderr)."""
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def make_timeline(kb: KnowledgeBase, procedure: str = "endoscopic", factors: PatientFactors | None = None) -> Timeline:
    """A timeline for `procedure` operated on SURGERY, seen on TODAY."""
    chosen = factors or PatientFactors()
    return build_timeline(kb, personalise(kb, procedure, chosen), chosen, SURGERY, TODAY)


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME.

    SPINERECOV_UPDATE_GOLDEN=1 rewrites a file that differs and then fails the
    test all the same, so an update can never pass silently: review the diff,
    then run again without the variable. Under CI the variable is refused.
    """
    path = GOLDEN / name
    if os.environ.get("SPINERECOV_UPDATE_GOLDEN"):
        assert not os.environ.get("CI"), "SPINERECOV_UPDATE_GOLDEN is for a developer's machine, never for CI"
        if not path.exists() or path.read_text(encoding="utf-8") != actual:
            path.write_text(actual, encoding="utf-8")
            pytest.fail(f"{name} was rewritten; review the diff (git diff tests/golden) and rerun without the variable")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from the golden file; rerun with SPINERECOV_UPDATE_GOLDEN=1 if intended"


@functools.cache
def _raw_knowledge_base_pickle() -> bytes:
    import pickle

    return pickle.dumps(plain_yaml((ROOT / "data" / "procedures.yaml").read_text(encoding="utf-8")))


def plain_yaml(text: str) -> Any:
    """`text` read with plain PyYAML's safe loader (libyaml's when PyYAML has it): nothing of spinerecov's."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


def raw_knowledge_base() -> dict[str, Any]:
    """data/procedures.yaml read with plain PyYAML (nothing of spinerecov's): a fresh copy to change at will.

    The file is parsed once per test process; each call unpickles a copy (about a hundredth of the time),
    with YAML's shared nodes (anchors) still shared, as PyYAML gives them.
    """
    import pickle

    return pickle.loads(_raw_knowledge_base_pickle())  # type: ignore[no-any-return]  # noqa: S301 - our own bytes


def dump_yaml(data: Any) -> str:
    """`data` as YAML text, as a person would write it (keys in their order, non-ASCII kept), for a changed copy."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True)


def raw_procedure(procedure: str) -> dict[str, Any]:
    """The procedure as written in data/procedures.yaml, read with plain PyYAML: nothing of spinerecov's."""
    return raw_knowledge_base()["procedures"][procedure]  # type: ignore[no-any-return]


def day_date(day: int, style: str = "text") -> str:
    """SURGERY + day, as the text outputs write it ('Wed 8 May 2024') or in ISO form."""
    date = SURGERY + dt.timedelta(days=day)
    return date.isoformat() if style == "iso" else f"{date:%a} {date.day} {date:%b %Y}"


def assert_raw_dates_in(
    text: str, procedure: str, style: str, phases: set[str] | None = None, milestones: set[str] | None = None
) -> None:
    """The dates of the named phases and milestones (all, if None), from the raw YAML, appear in `text`."""
    raw = raw_procedure(procedure)
    for phase in raw["phases"]:
        if phases is None or phase["id"] in phases:
            assert day_date(phase["start"], style) in text and day_date(phase["end"], style) in text, phase["id"]
    for milestone in raw["milestones"]:
        if isinstance(milestone.get("day"), int) and (milestones is None or milestone["id"] in milestones):
            assert day_date(milestone["day"], style) in text, milestone["id"]
