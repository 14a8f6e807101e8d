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

from quizapp.decks.files import MAX_FILE_BYTES
from quizapp.decks.yamlhelp import explain

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml; a source build may not
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
MAX_TEXT_CHARS = 10_000  # one text field; a whole article belongs in a source file
# Aliases may repeat what the file holds, within bounds: the values built from a file hold at most
# twice its characters plus this much.
ALIAS_ALLOWANCE = 64 * 1024

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


class Refused:
    """Stands for a value the builder refused (a foreign tag), already reported: validation
    skips it rather than report it again as a value of the wrong kind."""

    def __repr__(self) -> str:
        return "refused"


REFUSED = Refused()


class YamlProblem(Exception):
    """The file is not a YAML document we accept; carries where and why."""

    def __init__(self, message: str, position: Position) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def _position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def decode(data: bytes, problems: list[YamlProblem] | None = None) -> str:
    """Decode a deck or source file as UTF-8. A bad byte raises (nothing can be read after it);
    control characters are reported (into `problems`, or raised when it is None) and read as
    U+FFFD so the rest of the file can still be checked."""
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
        raise YamlProblem(f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}){_encoding_hint(data)}",
                          Position(line, col)) from None
    found = 0
    for bad in CONTROL.finditer(text):
        problem = YamlProblem(f"control character {control_name(bad.group())} is not allowed", offset_position(text, bad.start()))
        if problems is None:
            raise problem
        found += 1
        if found <= MAX_CONTROL_REPORTS:
            problems.append(problem)
    if found > MAX_CONTROL_REPORTS and problems is not None:
        problems.append(YamlProblem(f"{found - MAX_CONTROL_REPORTS} more control characters", Position(1, 1)))
    return CONTROL.sub("\ufffd", text) if found else text


MAX_CONTROL_REPORTS = 10
_CONTROL_NAMES = {0: "NUL", 7: "bell", 8: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "escape", 0x7F: "delete"}


def control_name(char: str) -> str:
    """A control character as a teacher can look it up: U+001B (escape)."""
    name = _CONTROL_NAMES.get(ord(char))
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _encoding_hint(data: bytes) -> str:
    """What to do about a file that is not UTF-8."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "; save the file as UTF-8"
    return "; it looks like Latin-1 (Windows-1252) text: save the file as UTF-8"


def offset_position(text: str, offset: int) -> Position:
    """The line and column of a character offset in `text`."""
    line = text.count("\n", 0, offset) + 1
    return Position(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def compose(text: str) -> Node | None:
    """Parse one YAML document into its node graph (None for an empty file). A syntax error is
    explained in words a teacher can act on, with PyYAML's own words as a second line."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        problem = (exc.problem or "invalid YAML").strip()
        if "maximum nesting depth" in problem:
            raise YamlProblem(f"YAML nesting deeper than {MAX_DEPTH} levels", position) from None
        if exc.context and "single document" in exc.context:
            raise YamlProblem("a deck file holds one YAML document; found a second one", position) from None
        original = problem
        if exc.context and exc.context_mark is not None and mark is not None and exc.context_mark.line != mark.line:
            original = f"{problem} ({exc.context} that starts on line {exc.context_mark.line + 1})"
        elif exc.context:
            original = f"{problem} ({exc.context})"
        context_line = exc.context_mark.line + 1 if exc.context_mark is not None else 0
        advice = explain(text, problem, position.line, position.col, exc.context or "", context_line)
        if advice is None:
            raise YamlProblem(f"YAML syntax error: {original}", position) from None
        raise YamlProblem(f"{advice.message}\n    (YAML syntax error: {original})", Position(advice.line, advice.col)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks for everything we know
        raise YamlProblem(f"YAML error: {exc}", Position(1, 1)) from None


class _Builder:
    """Turns a node graph into dicts, lists, str, bool and None with a bounded amount of work.

    Every node and every character of every text built counts against a budget: without aliases a
    document builds fewer characters than it holds, so spending far more means aliases are being
    expanded over and over (a "billion laughs" bomb, or one long text repeated by thousands of
    aliases), and the file is refused before the values grow. Problems that leave the rest of the
    file readable (a duplicate key, a foreign tag, an escaped control character, an overlong
    text) are collected, so lint can go on to report everything else too.
    """

    def __init__(self, budget: int, problems: list[YamlProblem] | None) -> None:
        self.budget = budget
        self.problems = problems
        self.top_key: Node | None = None  # the top-level key being built, a stable place to blame

    def problem(self, message: str, node: Node) -> None:
        problem = YamlProblem(message, _position(node))
        if self.problems is None:
            raise problem
        self.problems.append(problem)

    def spend(self, amount: int, node: Node) -> None:
        self.budget -= amount
        if self.budget < 0:
            blame = self.top_key or node
            raise YamlProblem("YAML aliases expand to far more data than the file holds", _position(blame))

    def text(self, node: ScalarNode) -> str:
        value: str = node.value
        self.spend(len(value), node)
        if node.style == '"' and CONTROL.search(value):
            self.problem("control characters are not allowed (from an escape sequence)", node)
            value = CONTROL.sub("\ufffd", value)
        if len(value) > MAX_TEXT_CHARS:
            self.problem(f"this text is {len(value):,} characters long; a text field holds at most {MAX_TEXT_CHARS:,} "
                         "(a long text belongs in the source file)", node)
            value = value[:MAX_TEXT_CHARS]
        return value

    def build(self, node: Node, depth: int = 0) -> Any:
        self.spend(1, node)
        if depth > MAX_DEPTH:
            raise YamlProblem(f"YAML nesting deeper than {MAX_DEPTH} levels", _position(node))
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag in _TEXT_TAGS:
                return self.text(node)
            if tag == _BOOL:
                return node.value in _TRUE
            if tag == _NULL:
                return None
            self.problem(_foreign_tag(tag), node)
            return REFUSED
        if isinstance(node, SequenceNode):
            if tag != _SEQ:
                self.problem(_foreign_tag(tag), node)
                return REFUSED
            return [self.build(child, depth + 1) for child in node.value]
        if isinstance(node, MappingNode):
            if tag != _MAP:
                self.problem(_foreign_tag(tag), node)
                return REFUSED
            result: dict[str, Any] = {}
            first_seen: dict[str, Node] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag not in _TEXT_TAGS:
                    self.problem("mapping keys must be plain text", key_node)
                    continue
                key = self.text(key_node)
                if key in first_seen:
                    first = first_seen[key].start_mark.line + 1
                    self.problem(f"duplicate key {key!r} (first given on line {first}; the first is used)", key_node)
                    continue
                first_seen[key] = key_node
                if depth == 0:
                    self.top_key = key_node
                result[key] = self.build(value_node, depth + 1)
            return result
        raise YamlProblem("unsupported YAML node", _position(node))  # pragma: no cover


def _foreign_tag(tag: str) -> str:
    short = tag.replace("tag:yaml.org,2002:", "!!")
    return f"YAML tag {short!r} is not allowed in a deck (decks hold only text, lists and mappings)"


def build(root: Node, text_length: int, problems: list[YamlProblem] | None = None) -> Any:
    """Plain values of a composed document. A bomb (aliases expanding far beyond the file, or
    nesting deeper than a deck needs) raises YamlProblem; other problems are collected into
    `problems` when a list is given, and raised otherwise."""
    return _Builder(2 * text_length + ALIAS_ALLOWANCE, problems).build(root)


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
