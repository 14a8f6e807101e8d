"""Safe YAML loading that keeps every node's position and rejects what a deck never needs.

PyYAML's C parser composes the node graph; we build plain values from it ourselves so that
duplicate keys, foreign tags and alias bombs are caught, and so that any value can be traced
back to its line and column when validation fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml; a source build may not
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
# Scalars with these tags are kept as the text the author wrote ("2025", "1.50", "2023-05-01"),
# so a text field never silently loses a leading zero or a trailing digit.
_TEXT_TAGS = frozenset({_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"})
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_TRUE = frozenset({"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
# Control characters other than tab, newline and carriage return (CRLF files are fine).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    col: int


class YamlProblem(Exception):
    """The file is not a YAML document we accept; carries where and why."""

    def __init__(self, message: str, position: Position) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def _position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def decode(data: bytes) -> str:
    """Decode a deck file as UTF-8, reporting the first bad byte or control character."""
    if len(data) > MAX_FILE_BYTES:
        raise YamlProblem(
            f"file is {len(data) / 1048576:.1f} MiB; decks are limited to {MAX_FILE_BYTES // 1048576} MiB",
            Position(1, 1),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})", Position(line, col)) from None
    bad = CONTROL.search(text)
    if bad:
        raise YamlProblem(f"control character U+{ord(bad.group()):04X} is not allowed", offset_position(text, bad.start()))
    return text


def offset_position(text: str, offset: int) -> Position:
    """The line and column of a character offset in `text`."""
    line = text.count("\n", 0, offset) + 1
    return Position(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def compose(text: str) -> Node | None:
    """Parse one YAML document into its node graph (None for an empty file)."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        problem = (exc.problem or "invalid YAML").strip()
        if exc.context and "single document" in exc.context:
            problem = "a deck file holds one YAML document; found a second one"
        elif exc.context and exc.context_mark is not None and mark is not None and exc.context_mark.line != mark.line:
            problem = f"{problem} ({exc.context} that starts on line {exc.context_mark.line + 1})"
        elif exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlProblem(f"YAML syntax error: {problem}", position) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks for everything we know
        raise YamlProblem(f"YAML error: {exc}", Position(1, 1)) from None


class _Builder:
    """Turns a node graph into dicts, lists, str, bool and None with a bounded amount of work."""

    def __init__(self, budget: int) -> None:
        # Without aliases a document has fewer nodes than characters; spending more than that
        # means aliases are being expanded over and over (a "billion laughs" bomb).
        self.budget = budget
        self.top_key: Node | None = None  # the top-level key being built, a stable place to blame

    def build(self, node: Node, depth: int = 0) -> Any:
        self.budget -= 1
        if self.budget < 0:
            blame = self.top_key or node
            raise YamlProblem("YAML aliases expand to far more data than the file holds", _position(blame))
        if depth > MAX_DEPTH:
            raise YamlProblem(f"YAML nesting deeper than {MAX_DEPTH} levels", _position(node))
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag in _TEXT_TAGS:
                value: str = node.value
                if node.style == '"' and CONTROL.search(value):
                    raise YamlProblem("control characters are not allowed (from an escape sequence)", _position(node))
                return value
            if tag == _BOOL:
                return node.value in _TRUE
            if tag == _NULL:
                return None
            raise YamlProblem(_foreign_tag(tag), _position(node))
        if isinstance(node, SequenceNode):
            if tag != _SEQ:
                raise YamlProblem(_foreign_tag(tag), _position(node))
            return [self.build(child, depth + 1) for child in node.value]
        if isinstance(node, MappingNode):
            if tag != _MAP:
                raise YamlProblem(_foreign_tag(tag), _position(node))
            result: dict[str, Any] = {}
            first_seen: dict[str, Node] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag not in _TEXT_TAGS:
                    raise YamlProblem("mapping keys must be plain text", _position(key_node))
                key = key_node.value
                if key in first_seen:
                    first = first_seen[key].start_mark.line + 1
                    raise YamlProblem(f"duplicate key {key!r} (first given on line {first})", _position(key_node))
                first_seen[key] = key_node
                if depth == 0:
                    self.top_key = key_node
                self.budget -= 1
                result[key] = self.build(value_node, depth + 1)
            return result
        raise YamlProblem("unsupported YAML node", _position(node))  # pragma: no cover


def _foreign_tag(tag: str) -> str:
    short = tag.replace("tag:yaml.org,2002:", "!!")
    return f"YAML tag {short!r} is not allowed in a deck (decks hold only text, lists and mappings)"


def build(root: Node, text_length: int) -> Any:
    """Plain values of a composed document; raises YamlProblem for anything a deck never needs."""
    return _Builder(budget=text_length + 1024).build(root)


def locate(root: Node, path: tuple[str | int, ...], *, key: bool = False) -> Position:
    """The position of the value at `path` (or of its key, with key=True).

    When the path leads to something absent (a missing field), the nearest existing ancestor
    is returned, which is where the author has to add it.
    """
    node = root
    key_node: Node | None = None
    for step in path:
        if isinstance(node, MappingNode) and isinstance(step, str):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == step:
                    key_node, node = k, v
                    break
            else:
                return _position(node)
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            key_node, node = None, node.value[step]
        elif isinstance(node, MappingNode) and isinstance(step, int) and 0 <= step < len(node.value):
            # Index into a mapping: the step-th entry's value (for positional errors in `pairs`).
            key_node, node = node.value[step]
        else:
            return _position(node)
    if key and key_node is not None:
        return _position(key_node)
    return _position(node)
