"""The knowledge-base cache trusts nothing it did not write itself: planted, foreign, shared or stale files."""

import json
import os
import pickle
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import as_in_a_new_process
from spinerecov.knowledge import cache as kb_cache
from spinerecov.knowledge import loader
from spinerecov.knowledge.cache import cache_key, checker_code
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase

NOBODY = 65534
AS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root (CI runs as root)")


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A fresh cache folder of our own (0700), and the built-in knowledge base's slot in it."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("SPINERECOV_CACHE_DIR", str(folder))
    yield folder


def slot(folder: Path) -> Path:
    """Where the built-in knowledge base (no protocol) is cached: computable offline, as an attacker would."""
    key = cache_key(resolve_kb_path().read_bytes(), None)
    return folder / f"kb-{key[:32]}.json"


def forged_record(kb: KnowledgeBase) -> bytes:
    """A well-formed cache record with the right key whose knowledge base says lifting is fine from day 0."""
    data = kb.model_dump(mode="json")
    for procedure in data["procedures"].values():
        for step in procedure["activities"].get("lift", []):
            step.update(verdict="yes", limit=None)
    key = cache_key(resolve_kb_path().read_bytes(), None)
    return json.dumps({"key": key, "kb": data}).encode()


def lift_on_day_zero(kb: KnowledgeBase) -> str:
    """The verdict for lifting on the surgery day after an endoscopic discectomy."""
    return kb.procedures["endoscopic"].activities["lift"][0].verdict


def fresh_load() -> KnowledgeBase:
    """Load as a new process would (no in-process cache)."""
    as_in_a_new_process()
    return load_knowledge_base(resolve_kb_path())


def test_a_planted_pickle_is_never_executed(cache: Path, tmp_path: Path) -> None:
    """A pickle that would run code, planted in the slot, is read as (bad) JSON and ignored: nothing runs."""
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    slot(cache).write_bytes(pickle.dumps(Evil()))
    slot(cache).chmod(0o600)
    kb = fresh_load()
    assert not marker.exists()
    assert lift_on_day_zero(kb) == "limited"


def test_the_cache_is_trusted_when_private_and_ours(cache: Path) -> None:
    """The control for the tests below: a record in our own 0700 folder, 0600 and ours, is used as it is."""
    kb = fresh_load()
    slot(cache).write_bytes(forged_record(kb))
    slot(cache).chmod(0o600)
    assert lift_on_day_zero(fresh_load()) == "yes"


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666])
def test_a_group_or_other_writable_file_is_ignored(cache: Path, mode: int) -> None:
    """A record that group or others could have written is not trusted, whatever it says."""
    kb = fresh_load()
    slot(cache).write_bytes(forged_record(kb))
    slot(cache).chmod(mode)
    assert lift_on_day_zero(fresh_load()) == "limited"


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777, 0o1777])
def test_a_group_or_other_writable_folder_is_ignored_and_not_written(cache: Path, mode: int) -> None:
    """In a folder others can write to, a planted record is ignored, and nothing is written there."""
    kb = fresh_load()
    slot(cache).write_bytes(forged_record(kb))
    slot(cache).chmod(0o600)
    cache.chmod(mode)
    assert lift_on_day_zero(fresh_load()) == "limited"
    slot(cache).unlink()
    fresh_load()
    assert list(cache.iterdir()) == []


@AS_ROOT
def test_a_file_owned_by_another_user_is_ignored(cache: Path) -> None:
    """A private-looking record that another user owns (planted) is not trusted."""
    kb = fresh_load()
    slot(cache).write_bytes(forged_record(kb))
    slot(cache).chmod(0o600)
    os.chown(slot(cache), NOBODY, NOBODY)
    assert lift_on_day_zero(fresh_load()) == "limited"


@AS_ROOT
def test_a_folder_owned_by_another_user_is_ignored(cache: Path) -> None:
    """A cache folder that another user owns is neither read nor written."""
    kb = fresh_load()
    slot(cache).write_bytes(forged_record(kb))
    slot(cache).chmod(0o600)
    os.chown(cache, NOBODY, NOBODY)
    assert lift_on_day_zero(fresh_load()) == "limited"


def test_a_symlink_in_the_slot_is_not_followed(cache: Path, tmp_path: Path) -> None:
    """A link planted in the slot, even to a record that would be trusted, is not followed."""
    kb = fresh_load()
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(forged_record(kb))
    elsewhere.chmod(0o600)
    slot(cache).unlink()
    slot(cache).symlink_to(elsewhere)
    assert lift_on_day_zero(fresh_load()) == "limited"


def test_a_fifo_in_the_slot_does_not_hang(cache: Path) -> None:
    """A FIFO where the record should be is skipped at once (it would block an ordinary open)."""
    fresh_load()
    slot(cache).unlink()
    os.mkfifo(slot(cache), 0o600)
    assert lift_on_day_zero(fresh_load()) == "limited"


def test_a_stale_key_is_ignored(cache: Path) -> None:
    """A record whose key is not the key of these files (other content, other versions) is ignored."""
    kb = fresh_load()
    record = json.loads(forged_record(kb))
    record["key"] = cache_key(b"another knowledge base", None)
    slot(cache).write_text(json.dumps(record))
    slot(cache).chmod(0o600)
    assert lift_on_day_zero(fresh_load()) == "limited"


def test_the_key_covers_the_protocol_and_every_byte() -> None:
    """One changed byte, or a protocol, gives another key (SHA-256, not a checksum)."""
    raw = resolve_kb_path().read_bytes()
    keys = {cache_key(raw, None), cache_key(raw + b"\n", None), cache_key(raw, b""), cache_key(raw, b"x")}
    assert len(keys) == 4 and all(len(k) == 64 for k in keys)


def test_the_key_covers_the_code_that_checks(tmp_path: Path) -> None:
    """A change to any module of knowledge/ (a new check, a fixed overlay) gives another checker hash."""
    package = Path(kb_cache.__file__).parent
    modules = sorted(package.glob("*.py"))
    assert {"cross_checks.py", "fidelity.py", "protocol.py", "yaml_guards.py"} <= {m.name for m in modules}
    hashes = set()
    for changed in modules:
        copy = tmp_path / changed.stem
        copy.mkdir()
        for module in modules:
            extra = b"\n# a new check\n" if module == changed else b""
            (copy / module.name).write_bytes(module.read_bytes() + extra)
        hashes.add(checker_code(copy))
    assert len(hashes) == len(modules) and checker_code(package) not in hashes


def test_a_record_accepted_by_other_checking_code_is_rebuilt(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache written before a check was added is not trusted: the knowledge base is read and checked again."""
    kb = fresh_load()
    slot(cache).write_bytes(forged_record(kb))
    slot(cache).chmod(0o600)
    assert lift_on_day_zero(fresh_load()) == "yes"  # the forged record stands for "what older code accepted"
    monkeypatch.setattr(kb_cache, "checker_code", lambda: b"newer checking code")
    assert lift_on_day_zero(fresh_load()) == "limited"


def test_the_warm_path_loads_from_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second load reads the cache and parses no YAML, and gives the same knowledge base."""
    first = fresh_load()
    assert slot(cache).exists()

    def no_parsing(*args: object) -> None:
        raise AssertionError("the warm path parsed the YAML")

    monkeypatch.setattr(loader, "parse_knowledge_base", no_parsing)
    assert fresh_load() == first


def test_folder_and_file_are_private_whatever_the_umask(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Under umask 000 the cache folder is still made 0700 and the record 0600."""
    folder = tmp_path / "new" / "cache"
    monkeypatch.setenv("SPINERECOV_CACHE_DIR", str(folder))
    previous = os.umask(0)
    try:
        fresh_load()
    finally:
        os.umask(previous)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    (record,) = folder.glob("kb-*.json")
    assert stat.S_IMODE(record.stat().st_mode) == 0o600


def test_a_process_reads_its_cache_record_once(cache: Path) -> None:
    """What a process wrote to (or read from) the cache is kept: loading again reads no file, until a new process."""
    first = fresh_load()
    slot(cache).unlink()
    load_knowledge_base.cache_clear()  # the same process, loading again
    assert load_knowledge_base(resolve_kb_path()) is first
    assert not slot(cache).exists()
    again = fresh_load()  # a new process: the files are read and the record written again
    assert again == first and again is not first and slot(cache).exists()
    slot(cache).write_bytes(forged_record(again))
    assert lift_on_day_zero(fresh_load()) == "yes"  # read from the record, not from what was kept before
    slot(cache).unlink()
    load_knowledge_base.cache_clear()
    assert lift_on_day_zero(load_knowledge_base(resolve_kb_path())) == "yes"  # kept as it was read


def test_what_one_cache_folder_gave_is_not_handed_out_for_another(
    cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each folder is its own cache: a record planted in another folder is what a load from it gives."""
    kb = fresh_load()
    other = tmp_path / "other"
    other.mkdir(mode=0o700)
    slot(other).write_bytes(forged_record(kb))
    slot(other).chmod(0o600)
    monkeypatch.setenv("SPINERECOV_CACHE_DIR", str(other))
    load_knowledge_base.cache_clear()
    assert lift_on_day_zero(load_knowledge_base(resolve_kb_path())) == "yes"


def test_only_the_last_few_knowledge_bases_are_kept(cache: Path, tmp_path: Path) -> None:
    """One knowledge base more than are kept: the first is read from its record again."""
    files = []
    for number in range(kb_cache.KEPT + 1):
        file = tmp_path / f"kb{number}.yaml"
        file.write_text(resolve_kb_path().read_text(encoding="utf-8") + f"\n# copy {number}\n", encoding="utf-8")
        files.append(file)
    first = [load_knowledge_base(file) for file in files]
    load_knowledge_base.cache_clear()
    assert load_knowledge_base(files[-1]) is first[-1]
    assert load_knowledge_base(files[0]) is not first[0]
