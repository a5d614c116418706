"""Guards for YAML from anyone: encoding, nesting depth, alias expansion, control characters.

A knowledge base or a clinic protocol may come from anyone. Before any value
is built, nesting deeper than `MAX_DEPTH` (the C parser recurses and could crash
the process) and aliases that expand to more than `MAX_NODES` nodes (a "billion
laughs" would hang it) are refused: the event stream is measured, or, with a
libyaml that stops deep nesting itself, the node tree it composed.
Text may hold no control characters: an escape sequence in a clinic's name
could rewrite the terminal and hide the red flags. Nor may it hold invisible
format characters: a right-to-left override shows a phone number backwards
(Unicode TR9; the "Trojan Source" advisory, CVE-2021-42574).
"""

import functools
import re
import unicodedata
from typing import Any

from spinerecov.errors import KnowledgeBaseError
from spinerecov.i18n import _, current_language
from spinerecov.i18n.formats import decimal
from spinerecov.knowledge.input_files import not_utf8

YamlPath = tuple[str | int, ...]
Problem = tuple[YamlPath, str]

MAX_DEPTH = 64
"""Deeper nesting than this is refused before parsing (the built-in knowledge base nests 8 deep)."""
MAX_NODES = 500_000
"""More nodes than this, aliases expanded, is refused (the built-in knowledge base has about 8,000)."""

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def decode_yaml(raw: bytes, filename: str, what: str = "knowledge base") -> str:
    """The text of a YAML file that must be UTF-8 (a UTF-8 byte-order mark is allowed and dropped)."""
    for bom, encoding in _BOMS.items():
        if raw.startswith(bom):
            problem = _("the file is {encoding} text; save it as UTF-8").format(encoding=encoding)
            raise KnowledgeBaseError([f"{filename}:1: {problem}"], filename, what)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line, problem = not_utf8(raw, exc)
        raise KnowledgeBaseError([f"{filename}:{line}: {problem}"], filename, what) from None


def check_shape(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, aliases that expand past MAX_NODES or that refer to themselves.

    This reads only the event stream (no recursion, nothing built), before the loader builds anything.

    Raises:
        yaml.MarkedYAMLError: At the first event that goes too deep, too far or round in a circle.
    """
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None:
        _measure(text, yaml.SafeLoader)
        return
    try:
        _measure(text, fast)
    except yaml.MarkedYAMLError as fast_error:
        if getattr(fast_error, "from_guard", False):
            raise  # this guard's own words already
        # libyaml may stop a file with limits of its own, in its own words (PyYAML 6.0.4 and later do, on
        # deep nesting, before this guard sees level 64). The pure-Python parser has no such limit, so read
        # the stream again with it: this guard's own message wins; any other error stays libyaml's.
        try:
            _measure(text, yaml.SafeLoader)
        except yaml.MarkedYAMLError as slow_error:
            if getattr(slow_error, "from_guard", False):
                raise slow_error from None
        raise


def composed_within_limits(loader: Any, text: str) -> Any:
    """The node tree `loader` composes from `text`, once `check_shape` would let it through.

    With a libyaml that refuses nesting past its own limit (1,000 levels, so its recursion cannot run
    away), a text short enough that its tree cannot outgrow MAX_NODES (every node but an alias takes
    a character, and an empty value its key's) is composed first and measured after: reading its
    events twice took longer. Anything found wrong, and any error composing, is said as `check_shape`
    says it.

    Raises:
        yaml.MarkedYAMLError: As `check_shape`, or the loader's own error.
    """
    import yaml

    if len(text) > MAX_NODES // 2 or not _composes_with_libyaml(loader) or not _libyaml_stops_deep_nesting():
        check_shape(text)
        return loader.get_single_node()
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError:
        check_shape(text)  # our own words for a limit passed before libyaml stopped (deep nesting)
        raise
    problem = None if root is None else past_limits(root)
    if problem is not None:
        check_shape(text)  # says which limit, at which line
        raise _limit(*problem)  # should the two measures ever differ, the tree's finding stands
    return root


def _composes_with_libyaml(loader: Any) -> bool:
    try:
        from yaml._yaml import CParser
    except ImportError:  # PyYAML without libyaml
        return False
    return isinstance(loader, CParser)


@functools.cache
def _libyaml_stops_deep_nesting() -> bool:
    """Whether libyaml refuses nesting past its own limit, in flow and in block (0.2.6 does; older ones did not)."""
    import yaml

    for deep in ("[" * 1001 + "]" * 1001, "- " * 1001 + "x"):
        try:
            yaml.compose(deep, Loader=yaml.CSafeLoader)
        except yaml.MarkedYAMLError:
            continue
        return False
    return True


def past_limits(root: Any) -> tuple[str, Any] | None:
    """None for a composed tree within `check_shape`'s limits, else the problem and the node it is at.

    The limits: no deeper than MAX_DEPTH, no more than MAX_NODES values with aliases expanded, no
    alias inside the node it names. Nodes are walked in the order of the text, so a node met a second
    time is an alias to it: its size counts again and it is not walked again; met while it is still
    open, it contains itself. The count stops at the limit, so a "billion laughs" costs no more than
    its text.
    """
    import yaml

    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Any, int, list[Any] | None]] = [(root, 1, None)]  # children: once the node is walked
    while stack:
        node, depth, walked = stack.pop()
        if walked is not None:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in walked)
            if sizes[id(node)] > MAX_NODES:
                return _too_many(), node
            open_nodes.discard(id(node))
            continue
        if id(node) in open_nodes:
            return _too_many(), node  # an alias inside the node it names expands without end
        if id(node) in sizes:
            continue  # an alias: its size is known
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        if depth > MAX_DEPTH:
            return _("nesting deeper than {limit} levels is not allowed").format(limit=MAX_DEPTH), node
        open_nodes.add(id(node))
        children = _children(node)
        stack.append((node, depth, children))
        stack.extend((child, depth + 1, None) for child in reversed(children))
    return None


def _children(node: Any) -> list[Any]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _measure(text: str, loader: Any) -> None:
    import yaml

    sizes: dict[str, int] = {}
    open_collections: list[tuple[str | None, int]] = []  # (anchor, nodes produced before it)
    produced = 0  # nodes so far, every alias counted as the whole node it repeats
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_collections) >= MAX_DEPTH:
                raise _limit(_("nesting deeper than {limit} levels is not allowed").format(limit=MAX_DEPTH), event)
            open_collections.append((event.anchor, produced))
            produced += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, before = open_collections.pop()
            if anchor is not None:
                sizes[anchor] = produced - before
        elif isinstance(event, yaml.ScalarEvent):
            produced += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _before in open_collections):
                raise _limit(
                    _("the alias *{anchor} refers to a node that contains it").format(anchor=event.anchor), event
                )
            produced += sizes.get(event.anchor or "", 1)
        if produced > MAX_NODES:
            raise _limit(_too_many(), event)


def _too_many() -> str:
    problem = _("its aliases expand to more than {limit} values; write the data out instead")
    return problem.format(limit=f"{MAX_NODES:,}" if current_language() == "en" else decimal(MAX_NODES))


def _limit(problem: str, event: Any) -> Exception:
    """The guard's error for `problem` at an event's (or a node's) start."""
    import yaml

    error = yaml.constructor.ConstructorError(None, None, problem, event.start_mark)
    error.from_guard = True  # type: ignore[attr-defined]
    return error


CONTROL_CHARACTERS = frozenset(range(0x00, 0x20)) - {0x09, 0x0A} | frozenset(range(0x7F, 0xA0))
"""C0 and C1 control characters (and DEL), except tab and newline: they could rewrite a terminal."""


_CONTROL = re.compile("[" + "".join(f"\\x{code:02x}" for code in sorted(CONTROL_CHARACTERS)) + "]")
"""Any one of CONTROL_CHARACTERS (a regular expression finds it far quicker than a loop over the text)."""
_CONTROL_BUT_CR = re.compile(_CONTROL.pattern.replace("\\x0d", ""))
"""The same without the carriage return: in a YAML file's text it is only ever a line end."""


def control_character(text: str) -> str | None:
    """'U+001B' for the first control character in `text`, or None."""
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


FORMAT_CATEGORIES = frozenset({"Cf", "Zl", "Zp"})
"""Unicode format characters (bidi controls U+202A-202E, U+2066-2069, U+200E/F, U+061C; zero-width U+200B-200D;
U+FEFF; U+2060 ...) and the line and paragraph separators U+2028/2029: invisible, or they reorder what is shown."""

_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def format_character(text: str) -> str | None:
    """'U+202E' for the first invisible or direction-changing character in `text`, or None."""
    for match in _NOT_ASCII.finditer(text):
        if unicodedata.category(match.group()) in FORMAT_CATEGORIES:
            return f"U+{ord(match.group()):04X}"
    return None


def text_problem(text: str, in_key: bool = False) -> str | None:
    """Why `text` (a value, or a key) may not be shown: a control or format character in it; None if fine."""
    found = control_character(text)
    if found:
        if in_key:
            return _("control character {character} is not allowed in a key").format(character=found)
        return _("control character {character} is not allowed in text").format(character=found)
    found = format_character(text)
    if found:
        if in_key:
            problem = _("invisible or direction-changing character {character} is not allowed in a key")
        else:
            problem = _("invisible or direction-changing character {character} is not allowed in text")
        return problem.format(character=found)
    return None


def may_hide_characters(text: str) -> bool:
    r"""Whether the values read from the YAML `text` could hold a control or format character.

    YAML builds text only from the file's own characters, except for the escapes of double-quoted
    text ("\e", "\u202e"), which need a backslash, and its line breaks, which become newlines: a
    carriage return (a file saved on Windows) never reaches a value, and the other breaks are found
    here. Without a backslash or such a character, walking every value is not needed.
    """
    return "\\" in text or _CONTROL_BUT_CR.search(text) is not None or format_character(text) is not None


def control_character_problems(data: Any, path: YamlPath = ()) -> list[Problem]:
    """Every key or text value holding a control or format character (it could hide or reverse the red flags)."""
    problems: list[Problem] = []
    if isinstance(data, str):
        found = text_problem(data)
        if found:
            problems.append((path, found))
    elif isinstance(data, dict):
        for key, value in data.items():
            found = text_problem(key, in_key=True) if isinstance(key, str) else None
            if found:
                problems.append(((*path, key), found))
            problems += control_character_problems(value, (*path, key))
    elif isinstance(data, list):
        for position, item in enumerate(data):
            problems += control_character_problems(item, (*path, position))
    return problems
