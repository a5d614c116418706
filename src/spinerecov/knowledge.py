"""Find, parse, validate, cross-check and cache the knowledge base.

Errors always name the YAML path and file:line. Parsing keeps no line numbers
on the fast path: they are recovered only when something is wrong.
"""

from __future__ import annotations

import functools
import os
import pickle
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinerecov.errors import KnowledgeBaseError, UnknownNameError

if TYPE_CHECKING:
    from spinerecov.models import Activity, KnowledgeBase, Procedure

KB_ENV = "SPINERECOV_KB"
CACHE_ENV = "SPINERECOV_CACHE_DIR"
NO_CACHE_ENV = "SPINERECOV_NO_CACHE"
PACKAGE_DIR = Path(__file__).resolve().parent

YamlPath = tuple[str | int, ...]


def resolve_kb_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the knowledge base is: `--kb`, then $SPINERECOV_KB, the installed copy, the checkout."""
    chosen = explicit or os.environ.get(KB_ENV)
    if chosen:
        return Path(chosen)
    installed = PACKAGE_DIR / "data" / "procedures.yaml"
    if installed.is_file():
        return installed
    # Editable installs do not see files outside src/, so look in the checkout.
    return PACKAGE_DIR.parent.parent / "data" / "procedures.yaml"


@functools.cache
def load_knowledge_base(path: Path) -> KnowledgeBase:
    """Read, validate and cross-check the knowledge base at `path` (cached per process and on disk)."""
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise KnowledgeBaseError.unreadable(str(path), str(exc.strerror or exc)) from None
    slot = _cache_slot(raw_bytes)
    cached = _read_cache(slot)
    if cached is not None:
        return cached
    kb = parse_knowledge_base(raw_bytes.decode("utf-8", errors="replace"), str(path))
    _write_cache(slot, kb)
    return kb


def parse_knowledge_base(text: str, filename: str) -> KnowledgeBase:
    """Parse and check knowledge-base YAML text; raise `KnowledgeBaseError` with file:line."""
    from pydantic import ValidationError

    from spinerecov.models import KnowledgeBase

    data = parse_yaml(text, filename)
    try:
        kb = KnowledgeBase.model_validate(data)
    except ValidationError as exc:
        problems = [(_clean_loc(err["loc"]), _clean_message(err)) for err in exc.errors()]
        raise KnowledgeBaseError(_locate(problems, text, filename), filename) from None
    problems = cross_check(kb)
    if problems:
        raise KnowledgeBaseError(_locate(problems, text, filename), filename)
    return kb


def parse_yaml(text: str, filename: str) -> Any:
    """YAML to plain data, without YAML 1.1's surprises; syntax errors name file:line."""
    import yaml

    try:
        data = yaml.load(text, Loader=_strict_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{filename}:{mark.line + 1}" if mark else filename
        message = str(exc.problem or exc.context)
        if exc.context and exc.context_mark and mark and exc.context_mark.line != mark.line:
            message += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
        raise KnowledgeBaseError([f"{where}: {message}"], filename) from None
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError([f"{filename}: {exc}"], filename) from None
    if not isinstance(data, dict):
        raise KnowledgeBaseError([f"{filename}:1: the top level must be a mapping of keys"], filename)
    return data


@functools.cache
def _strict_loader() -> type:
    """A safe loader that keeps `yes`/`no`/`on`/`off` and dates as text and rejects duplicate keys."""
    import re

    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dropped = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}

    class StrictLoader(base):  # type: ignore[valid-type, misc]
        yaml_implicit_resolvers = {
            first: [(tag, rx) for tag, rx in resolvers if tag not in dropped]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if key in seen:
                    raise yaml.constructor.ConstructorError(None, None, f"duplicate key '{key}'", key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    StrictLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return StrictLoader


# --- cross-checks ----------------------------------------------------------

Problem = tuple[YamlPath, str]


def cross_check(kb: KnowledgeBase) -> list[Problem]:
    """Checks that need the whole knowledge base; each problem has its YAML path."""
    problems: list[Problem] = []
    if kb.default_procedure not in kb.procedures:
        problems.append((("default_procedure",), f"unknown procedure '{kb.default_procedure}'"))
    problems += _check_names("procedures", {k: p.aliases for k, p in kb.procedures.items()})
    problems += _check_names("activities", {k: a.aliases for k, a in kb.activities.items()})
    problems += _check_sources(kb)
    problems += _check_unique(("red_flags",), [f.id for f in kb.red_flags])
    problems += _check_unique(("factor_rules",), [r.id for r in kb.factor_rules])
    for proc_id, procedure in kb.procedures.items():
        problems += _check_procedure(kb, proc_id, procedure)
    for index, rule in enumerate(kb.factor_rules):
        problems += _check_rule(kb, index, rule)
    return problems


def _check_names(section: str, aliases_by_id: dict[str, list[str]]) -> list[Problem]:
    owner: dict[str, str] = {name: name for name in aliases_by_id}
    problems: list[Problem] = []
    for ident, aliases in aliases_by_id.items():
        for index, alias in enumerate(aliases):
            if alias in owner and owner[alias] != ident:
                problems.append(((section, ident, "aliases", index), f"alias '{alias}' also names '{owner[alias]}'"))
            owner.setdefault(alias, ident)
    return problems


def _check_unique(path: YamlPath, ids: list[str]) -> list[Problem]:
    seen: set[str] = set()
    problems: list[Problem] = []
    for index, ident in enumerate(ids):
        if ident in seen:
            problems.append(((*path, index, "id"), f"id '{ident}' is used twice"))
        seen.add(ident)
    return problems


def _check_sources(kb: KnowledgeBase) -> list[Problem]:
    """Every `sources` list anywhere names sources the catalogue has."""
    problems: list[Problem] = []
    data = kb.model_dump(exclude={"sources"})
    for path, source in _walk_source_ids(data, ()):
        if source not in kb.sources:
            problems.append((path, f"unknown source '{source}' (add it to the top-level 'sources')"))
    return problems


def _walk_source_ids(value: Any, path: YamlPath) -> list[tuple[YamlPath, str]]:
    found: list[tuple[YamlPath, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" and isinstance(item, list):
                found += [((*path, key, i), s) for i, s in enumerate(item)]
            else:
                found += _walk_source_ids(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _walk_source_ids(item, (*path, index))
    return found


def _check_procedure(kb: KnowledgeBase, proc_id: str, procedure: Procedure) -> list[Problem]:
    base: YamlPath = ("procedures", proc_id)
    problems = _check_phases(base, procedure)
    last_day = procedure.phases[-1].end
    problems += _check_unique((*base, "phases"), [p.id for p in procedure.phases])
    problems += _check_unique((*base, "milestones"), [m.id for m in procedure.milestones])
    general_flags = {f.id for f in kb.red_flags}
    for index, flag in enumerate(procedure.red_flags):
        if flag.id in general_flags:
            problems.append(((*base, "red_flags", index, "id"), f"id '{flag.id}' is already a general red flag"))
    for activity in kb.activities:
        if activity not in procedure.activities:
            problems.append(((*base, "activities"), f"says nothing about activity '{activity}'"))
    for activity, steps in procedure.activities.items():
        if activity not in kb.activities:
            problems.append(((*base, "activities", activity), _unknown("activity", activity, kb.activities)))
        problems += _check_steps((*base, "activities", activity), steps)
    phase_ids = {p.id for p in procedure.phases}
    if "full-recovery" not in {m.id for m in procedure.milestones}:
        problems.append(((*base, "milestones"), "needs a 'full-recovery' milestone"))
    for index, milestone in enumerate(procedure.milestones):
        where = (*base, "milestones", index)
        latest = milestone.cautious_day if milestone.cautious_day is not None else milestone.day
        if latest is not None and latest > last_day:
            problems.append((where, f"day {latest} is after the plan ends (day {last_day})"))
        if milestone.phase is not None and milestone.phase not in phase_ids:
            problems.append(((*where, "phase"), _unknown("phase", milestone.phase, phase_ids)))
        if milestone.activity is not None:
            steps = procedure.activities.get(milestone.activity, [])
            if milestone.activity not in kb.activities:
                problems.append(((*where, "activity"), _unknown("activity", milestone.activity, kb.activities)))
            elif steps and all(step.verdict == "not-yet" for step in steps):
                problems.append(((*where, "activity"), f"'{milestone.activity}' never opens in this procedure"))
    return problems


def _check_phases(base: YamlPath, procedure: Procedure) -> list[Problem]:
    problems: list[Problem] = []
    phases = procedure.phases
    if phases[0].start != 0:
        problems.append(((*base, "phases", 0, "start"), "the first phase must start on day 0 (the surgery day)"))
    for index in range(1, len(phases)):
        previous, phase = phases[index - 1], phases[index]
        if phase.start != previous.end + 1:
            problems.append(
                (
                    (*base, "phases", index, "start"),
                    f"must start on day {previous.end + 1}, the day after the previous phase ends",
                )
            )
        if previous.cautious_end is not None and previous.cautious_end >= phase.end:
            problems.append(
                ((*base, "phases", index - 1, "cautious_end"), f"must be before the next phase ends (day {phase.end})")
            )
    return problems


def _check_steps(path: YamlPath, steps: list[Any]) -> list[Problem]:
    problems: list[Problem] = []
    if steps[0].from_day != 0:
        problems.append(((*path, 0, "from_day"), "the first step must start on day 0"))
    for index in range(1, len(steps)):
        previous, step = steps[index - 1], steps[index]
        if step.from_day <= previous.from_day:
            problems.append(
                ((*path, index, "from_day"), f"must be later than the previous step (day {previous.from_day})")
            )
        if previous.cautious_from_day is not None and previous.cautious_from_day >= step.from_day:
            problems.append(
                ((*path, index - 1, "cautious_from_day"), f"must be before the next step (day {step.from_day})")
            )
    return problems


def _check_rule(kb: KnowledgeBase, index: int, rule: Any) -> list[Problem]:
    where: YamlPath = ("factor_rules", index)
    problems: list[Problem] = []
    for proc_index, proc_id in enumerate(rule.procedures or []):
        if proc_id not in kb.procedures:
            problems.append(((*where, "procedures", proc_index), _unknown("procedure", proc_id, kb.procedures)))
    applicable = [kb.procedures[p] for p in (rule.procedures or kb.procedures) if p in kb.procedures]
    for target_index, target in enumerate(rule.targets):
        if not any(_target_movable(p, target) for p in applicable):
            problems.append(
                (
                    (*where, "targets", target_index),
                    f"'{target}' has no cautious value to move to in any procedure it applies to",
                )
            )
    if rule.activity is not None and rule.activity not in kb.activities:
        problems.append(((*where, "activity"), _unknown("activity", rule.activity, kb.activities)))
    if rule.check_in is not None:
        for procedure in applicable:
            if rule.check_in.day > procedure.phases[-1].end:
                problems.append(((*where, "check_in", "day"), "is after the plan ends"))
                break
            if rule.check_in.id in {m.id for m in procedure.milestones}:
                problems.append(((*where, "check_in", "id"), f"'{rule.check_in.id}' is already a milestone id"))
                break
    return problems


def _target_movable(procedure: Procedure, target: str) -> bool:
    kind, _, ident = target.partition(":")
    if kind == "phase":
        return any(p.id == ident and p.cautious_end is not None for p in procedure.phases)
    if kind == "milestone":
        return any(m.id == ident and m.cautious_day is not None for m in procedure.milestones)
    return any(s.cautious_from_day is not None for s in procedure.activities.get(ident, []))


def _unknown(kind: str, name: str, known: Any) -> str:
    from spinerecov.errors import suggest

    close = suggest(name, known)
    hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
    return f"unknown {kind} '{name}'{hint}"


# --- locating problems -----------------------------------------------------


def _clean_loc(loc: tuple[Any, ...]) -> YamlPath:
    # pydantic adds markers such as '[key]' or a union member's type name.
    return tuple(
        part
        for part in loc
        if part != "[key]" and not (isinstance(part, str) and part.startswith(("function-", "literal[")))
    )


def _clean_message(error: Any) -> str:
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return "unknown key (not allowed here)"
    if error["type"] == "missing":
        return "is required but missing"
    return message[:1].lower() + message[1:]


def _locate(problems: list[Problem], text: str, filename: str) -> list[str]:
    """'procedures.x.phases[2].end (file:41): message' for each problem."""
    lines = _line_index(text)
    located: list[str] = []
    # A block reused through a YAML alias fails once per use; report it once.
    seen: set[tuple[int | None, str]] = set()
    for path, message in problems:
        line = _best_line(lines, path)
        if (line, message) in seen:
            continue
        seen.add((line, message))
        where = f"{filename}:{line}" if line else filename
        located.append(f"{_dotted(path) or '(top level)'} ({where}): {message}")
    return located


def _dotted(path: YamlPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _best_line(lines: dict[YamlPath, int], path: YamlPath) -> int | None:
    for length in range(len(path), -1, -1):
        if path[:length] in lines:
            return lines[path[:length]]
    return None


def _line_index(text: str) -> dict[YamlPath, int]:
    """Map each YAML path to the 1-based line where its value starts."""
    import yaml

    try:
        root = yaml.compose(text, Loader=_strict_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        return {}
    index: dict[YamlPath, int] = {}
    stack: list[tuple[Any, YamlPath]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        index.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = (*path, key_node.value)
                index[child] = key_node.start_mark.line + 1
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for position, item in enumerate(node.value):
                stack.append((item, (*path, position)))
    return index


# --- on-disk cache ---------------------------------------------------------


CacheSlot = tuple[Path, str]
"""Where a cached knowledge base lives, and the key it must carry to be trusted."""


def _cache_slot(raw_bytes: bytes) -> CacheSlot | None:
    if os.environ.get(NO_CACHE_ENV):
        return None
    from spinerecov import __version__

    # The models' source is part of the key: a changed model must not meet an old pickle.
    # crc32 (zlib is loaded anyway) names the file; the full key stored inside it rules out collisions.
    models_source = (PACKAGE_DIR / "models.py").read_bytes()
    key = "|".join(
        [
            f"{zlib.crc32(raw_bytes):08x}",
            str(len(raw_bytes)),
            f"{zlib.crc32(models_source):08x}",
            __version__,
            sys.version.split()[0],
        ]
    )
    root = os.environ.get(CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "spinerecov"
    )
    return Path(root) / f"kb-{zlib.crc32(key.encode()):08x}.pickle", key


def _read_cache(slot: CacheSlot | None) -> KnowledgeBase | None:
    if slot is None:
        return None
    path, key = slot
    try:
        with path.open("rb") as handle:
            stored_key, kb = pickle.load(handle)  # noqa: S301 - our own cache in the user's own directory
    except Exception:  # noqa: BLE001 - any unreadable cache is simply rebuilt
        return None
    from spinerecov.models import KnowledgeBase

    return kb if stored_key == key and isinstance(kb, KnowledgeBase) else None


def _write_cache(slot: CacheSlot | None, kb: KnowledgeBase) -> None:
    if slot is None:
        return
    path, key = slot
    try:
        from spinerecov.files import write_atomic

        data = pickle.dumps((key, _share_equal_parts(kb, {})), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(path, data, force=True, private=True, make_parents=True)
    except Exception:  # noqa: BLE001, S110 - a cache that cannot be written only costs speed
        pass


def _share_equal_parts(value: Any, memo: dict[tuple[type, str], Any]) -> Any:
    """A copy in which equal sub-models are one object (the models are frozen, so sharing is safe).

    Blocks reused through YAML aliases become separate copies when validated;
    sharing them again makes the cached file about a third smaller and quicker to load.
    """
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        fields = {name: _share_equal_parts(item, memo) for name, item in value.__dict__.items()}
        rebuilt = type(value).model_construct(_fields_set=value.model_fields_set, **fields)
        return memo.setdefault((type(value), repr(rebuilt)), rebuilt)
    if isinstance(value, list):
        return [_share_equal_parts(item, memo) for item in value]
    if isinstance(value, dict):
        return {key: _share_equal_parts(item, memo) for key, item in value.items()}
    return value


# --- lookups ---------------------------------------------------------------


def find_procedure(kb: KnowledgeBase, name: str | None) -> tuple[str, Procedure]:
    """The procedure called `name` (an id or alias, any case); the default when `name` is None."""
    ids_by_name = _ids_by_name({k: p.aliases for k, p in kb.procedures.items()})
    ident = ids_by_name.get(_normalise(name or kb.default_procedure))
    if ident is None:
        raise UnknownNameError("procedure", str(name), ids_by_name, "procedures")
    return ident, kb.procedures[ident]


def find_activity(kb: KnowledgeBase, name: str) -> tuple[str, Activity]:
    """The activity called `name` (an id or alias, any case)."""
    ids_by_name = _ids_by_name({k: a.aliases for k, a in kb.activities.items()})
    ident = ids_by_name.get(_normalise(name))
    if ident is None:
        raise UnknownNameError("activity", name, ids_by_name, "activities")
    return ident, kb.activities[ident]


def _ids_by_name(aliases_by_id: dict[str, list[str]]) -> dict[str, str]:
    names = {ident: ident for ident in aliases_by_id}
    for ident, aliases in aliases_by_id.items():
        for alias in aliases:
            names.setdefault(alias, ident)
    return names


def _normalise(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(" ", "-")
