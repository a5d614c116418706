"""Reading YAML strictly and safely, and pointing at the line where a problem is.

PyYAML reads YAML 1.1, where unquoted yes/no/on/off become booleans and 2024-05-01 becomes a
date; our loader keeps them as text, and rejects duplicate keys. Line numbers are recovered only
when something is wrong. Every problem, whatever part of PyYAML finds it, becomes a
`KnowledgeBaseError` that names the file, the line and what the file is ("clinic protocol" or
"knowledge base"); `yaml_guards` refuses hostile shapes before any value is constructed, and only
plain data (text, numbers, true/false, lists, mappings) is.
"""

import functools
from collections.abc import Callable
from typing import Any

from spinerecov.errors import KnowledgeBaseError, clip
from spinerecov.i18n import _
from spinerecov.knowledge.identity import (
    ID_PATTERN,
    ID_RULE,
    IDENTIFIER_SYSTEM_PATTERN,
    IDENTIFIER_SYSTEM_RULE,
    SOURCE_ID_PATTERN,
    SOURCE_ID_RULE,
)
from spinerecov.knowledge.parsed_texts import copied, earlier_data, earlier_tree, remember
from spinerecov.knowledge.yaml_guards import Problem as Problem
from spinerecov.knowledge.yaml_guards import YamlPath as YamlPath
from spinerecov.knowledge.yaml_guards import composed_within_limits, control_character_problems, may_hide_characters


def parse_yaml(text: str, filename: str, what: str = "knowledge base") -> Any:
    """YAML to plain data, without YAML 1.1's surprises; every problem names file:line and `what` the file is."""
    import yaml

    def fail(problem: str) -> KnowledgeBaseError:
        return KnowledgeBaseError([problem], filename, what)

    earlier = earlier_data(text)  # `kb check` reads one file in several steps
    if earlier is not None:
        return earlier
    try:
        loader = strict_loader()(text)
        try:
            root = composed_within_limits(loader, text)
            data = None if root is None else loader.construct_document(root)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise fail(_marked(exc, filename)) from None
    except yaml.reader.ReaderError as exc:
        raise fail(_reader(exc, text, filename)) from None
    except yaml.YAMLError as exc:
        raise fail(f"{filename}: {exc}") from None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError) as exc:
        # Defence in depth: constructors' own errors are located in StrictLoader.construct_object.
        reason = f"{type(exc).__name__}: {str(exc)[:200]}"
        problem = _("cannot read a value ({reason})").format(reason=reason)
        raise fail(f"{filename}: {problem}") from None
    if not isinstance(data, dict):
        problem = _("the top level must be a mapping of keys")
        raise fail(f"{filename}:1: {problem}")
    problems = control_character_problems(data) if may_hide_characters(text) else []
    if problems:
        raise KnowledgeBaseError(locate(problems, text_locator(text, filename)), filename, what)
    remember(text, None if "<<" in text else root, data)  # building a merge (<<) rewrites its tree
    return copied(data)


def _marked(exc: Any, filename: str) -> str:
    mark = exc.problem_mark or exc.context_mark
    where = f"{filename}:{mark.line + 1}" if mark else filename
    ours = _anchor_problem(exc)
    if ours is not None:
        return f"{where}: {ours}"
    message = str(exc.problem or exc.context)
    if exc.context and exc.context_mark and mark and exc.context_mark.line != mark.line:
        context = _("({context} that starts on line {line})").format(
            context=exc.context, line=exc.context_mark.line + 1
        )
        message += f" {context}"
    return f"{where}: {message}"


def _anchor_problem(exc: Any) -> str | None:
    """An anchor or alias problem in our words (libyaml and PyYAML say it in English), else None."""
    context, problem = str(exc.context or ""), str(exc.problem or "")
    if context.startswith("found duplicate anchor") and exc.context_mark is not None:
        return _("an anchor is defined twice (first on line {line}); give each anchor its own name").format(
            line=exc.context_mark.line + 1
        )
    if problem.startswith("found undefined alias"):
        return _("an alias refers to no anchor defined before it")
    return None


def _reader(exc: Any, text: str, filename: str) -> str:
    """A reader error (a character YAML does not allow) at its line, in our words."""
    import yaml

    # The C reader counts bytes of the UTF-8 text; the pure-Python one counts characters.
    c_reader = hasattr(yaml, "CSafeLoader")
    before = text.encode("utf-8")[: exc.position] if c_reader else text[: exc.position].encode("utf-8")
    line = before.count(b"\n") + 1
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    problem = _("character {character} is not allowed in YAML ({reason})")
    return f"{filename}:{line}: {problem.format(character=f'U+{character:04X}', reason=exc.reason)}"


YAML_TAG = "tag:yaml.org,2002:"
STR_TAG = YAML_TAG + "str"
PLAIN_TAGS = frozenset(YAML_TAG + kind for kind in ("str", "int", "float", "bool", "null", "seq", "map", "merge"))
"""The tags that build plain data (text, numbers, true/false, lists, mappings); no other is constructed."""


@functools.cache
def strict_loader() -> type:
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

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            # Plain data only: a tag that builds anything else (!!set, !!binary, !!timestamp ...) is refused.
            if node.tag not in PLAIN_TAGS:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    _("the tag {tag} is not allowed here").format(tag=node.tag.replace(YAML_TAG, "!!")),
                    node.start_mark,
                )
            # A constructor's own error (`!!int twelve`, 5,000 digits) gets this node's line.
            try:
                return super().construct_object(node, deep=deep)
            except yaml.YAMLError:
                raise
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
                kind = node.tag.replace(YAML_TAG, "")
                value = node.value if isinstance(node.value, str) else node.id
                if len(value) > 40:
                    count = f"{len(value):,}"
                    value = _("{start}... ({count} characters)").format(start=value[:20], count=count)
                problem = _("'{value}' is not a valid {kind}").format(value=value, kind=kind)
                raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            if not isinstance(node, yaml.MappingNode):
                raise yaml.constructor.ConstructorError(
                    None, None, _("expected a mapping, found {node}").format(node=node.id), node.start_mark
                )
            seen: set[Any] = set()
            for key_node, _value in node.value:
                if key_node.tag == YAML_TAG + "merge":
                    continue  # `<<: *base` is flattened by the base class
                if not isinstance(key_node, yaml.ScalarNode):
                    raise yaml.constructor.ConstructorError(
                        None, None, _("a key must be plain text, not a list or mapping"), key_node.start_mark
                    )
                # A text key is its own value; only another kind (a number, say) needs constructing.
                key = key_node.value if key_node.tag == STR_TAG else self.construct_object(key_node, deep=True)
                if key in seen:
                    problem = _("duplicate key '{key}'").format(key=key)
                    raise yaml.constructor.ConstructorError(None, None, problem, key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    StrictLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return StrictLoader


def clean_loc(loc: tuple[Any, ...]) -> YamlPath:
    """A pydantic error location as a YAML path."""
    # pydantic adds markers such as '[key]' or a union member's type name.
    return tuple(
        part
        for part in loc
        if part != "[key]" and not (isinstance(part, str) and part.startswith(("function-", "literal[")))
    )


_ID_RULES = {ID_PATTERN: ID_RULE, SOURCE_ID_PATTERN: SOURCE_ID_RULE, IDENTIFIER_SYSTEM_PATTERN: IDENTIFIER_SYSTEM_RULE}
"""Patterns of ids, and the rule to say when a value does not match (rather than the pattern itself)."""


def clean_message(error: Any) -> str:
    """A pydantic error message in our words."""
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return _("unknown key (not allowed here)")
    if error["type"] == "missing":
        return _("is required but missing")
    if error["type"] == "string_pattern_mismatch":
        rule = _ID_RULES.get(str(error.get("ctx", {}).get("pattern")))
        if rule is not None:
            shown = clip(repr(error.get("input")), 60)
            return _("{value} cannot be an id: {rule}").format(value=shown, rule=_(rule))
    return message[:1].lower() + message[1:]


Locator = Callable[[YamlPath], str]
"""Maps a YAML path to 'file:line' (or just 'file' when the line is unknown)."""


def text_locator(text: str, filename: str) -> Locator:
    """A locator for paths inside one YAML text; the line index is built only if asked."""

    @functools.cache
    def lines() -> dict[YamlPath, int]:
        return line_index(text)

    def where(path: YamlPath) -> str:
        line = best_line(lines(), path)
        return f"{filename}:{line}" if line else filename

    return where


def locate(problems: list[Problem], where: Locator) -> list[str]:
    """'procedures.x.phases[2].end (file:41): message' for each problem, each (place, message) once."""
    located: list[str] = []
    # A block reused through a YAML alias fails once per use; report it once.
    seen: set[tuple[str, str]] = set()
    for path, message in problems:
        place = where(path)
        if (place, message) in seen:
            continue
        seen.add((place, message))
        named = dotted(path) or _("(top level)")
        located.append(f"{named} ({place}): {message}")
    return located


def validation_problems(exc: Any) -> list[Problem]:
    """A pydantic ValidationError as (path, message) problems."""
    return [(clean_loc(err["loc"]), clean_message(err)) for err in exc.errors()]


def dotted(path: YamlPath) -> str:
    """('procedures', 'x', 'phases', 2) -> 'procedures.x.phases[2]'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def best_line(lines: dict[YamlPath, int], path: YamlPath) -> int | None:
    """The line of `path`, or of its nearest ancestor that has one."""
    for length in range(len(path), -1, -1):
        if path[:length] in lines:
            return lines[path[:length]]
    return None


def line_index(text: str) -> dict[YamlPath, int]:
    """Map each YAML path to the 1-based line where its value starts.

    A node reached again through an alias is not walked again: its own lines
    are already known, and walking every use would expand an alias bomb.
    """
    import yaml

    root = earlier_tree(text)
    if root is None:
        loader = strict_loader()(text)
        try:
            root = composed_within_limits(loader, text)
        except yaml.YAMLError:
            return {}
        finally:
            loader.dispose()
    index: dict[YamlPath, int] = {}
    walked: set[int] = set()
    stack: list[tuple[Any, YamlPath]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        index.setdefault(path, node.start_mark.line + 1)
        if id(node) in walked:
            continue
        walked.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = (*path, key_node.value)
                index[child] = key_node.start_mark.line + 1
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for position, item in enumerate(node.value):
                stack.append((item, (*path, position)))
    return index
