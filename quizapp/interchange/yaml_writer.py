"""A deck mapping written as block YAML, laid out as PyYAML's emitter lays it out, several times faster.

PyYAML's C emitter calls back into Python for every scalar (its representer, then its resolver),
which made writing a 10,000-card deck about 0.3 s of an Anki import. A deck is a tree of
mappings, lists, text, integers and booleans, so the layout is simple. Each scalar is written
plain when the safe loader reads it back as the same text, in single quotes when it is one line
of printable text, as a literal block when it has lines, and in double quotes otherwise;
anything this module cannot write safely (a float, a character the loader refuses raw) goes to
PyYAML for that one scalar. `tests/unit/test_yaml_writer.py` checks that the safe loader reads
back exactly what was written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import yaml

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

# What YAML 1.1 lets stand raw in a scalar: printable, without its extra line breaks (NEL, the
# line and paragraph separators) and without a byte order mark.
_PRINTABLE = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
_PRINTABLE_LINE = re.compile(f"[{_PRINTABLE}]*")
_LITERAL_BODY = re.compile(f"[{_PRINTABLE}\n]*")
_QUOTABLE = re.compile(f"[\x00-\x1f{_PRINTABLE}]*")  # JSON escapes the C0 controls itself
_INDICATORS = frozenset(" \t-?:,[]{}#&*!|>'\"%@`")
# A plain scalar's first character -> the patterns that would read it as something else than text
# (true, null, 12, 1.5, 2024-01-01, ...), from the safe loader's own resolver.
_NOT_TEXT: dict[str, list[re.Pattern[str]]] = {
    first: [pattern for tag, pattern in rules if tag != "tag:yaml.org,2002:str"]
    for first, rules in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def dump_deck(data: dict[str, Any]) -> str:
    """A deck mapping as block YAML text (keys in their order, no line folding)."""
    if not data:
        return "{}\n"
    out: list[str] = []
    _mapping(data, 0, out.append, first_inline=False)
    return "".join(out)


def _plain(value: str) -> bool:
    """Whether the printable one-line `value` reads back as itself unquoted."""
    if not value or value[0] in _INDICATORS or value[-1] in " :" or ": " in value or " #" in value:
        return False
    rules = _NOT_TEXT.get(value[0])
    return rules is None or not any(rule.match(value) for rule in rules)


def _literal(value: str) -> bool:
    return ("\n" in value and value[0] not in " \n" and not value.endswith("\n\n")
            and " \n" not in value and not value.endswith(" ") and _LITERAL_BODY.fullmatch(value) is not None)


def _scalar(value: Any) -> str:
    """A scalar on one line."""
    if type(value) is str:
        if _PRINTABLE_LINE.fullmatch(value) is not None:
            return value if _plain(value) else "'" + value.replace("'", "''") + "'"
        if _QUOTABLE.fullmatch(value) is not None:
            return json.dumps(value, ensure_ascii=False)  # JSON's escapes are YAML double-quoted ones
    elif value is None:
        return "null"
    elif type(value) is bool:
        return "true" if value else "false"
    elif type(value) is int:
        return str(value)
    text: str = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, width=1 << 30,
                          default_style='"' if type(value) is str else None)
    return text.removesuffix("\n...\n").rstrip("\n")


def _value(value: Any, indent: int, write: Callable[[str], object]) -> None:
    """A value after "key:" or "-" (which are written), down to its line end."""
    if type(value) is str and _literal(value):
        pad = " " * (indent + 2)
        write(" |-\n" if value[-1] != "\n" else " |\n")
        write("".join(f"{pad}{line}\n" if line else "\n" for line in value.removesuffix("\n").split("\n")))
    elif type(value) is dict and value:
        write("\n")
        _mapping(value, indent + 2, write, first_inline=False)
    elif type(value) is list and value:
        write("\n")
        _sequence(value, indent, write)
    elif type(value) is dict:
        write(" {}\n")
    elif type(value) is list:
        write(" []\n")
    else:
        write(f" {_scalar(value)}\n")


def _mapping(data: dict[Any, Any], indent: int, write: Callable[[str], object], *, first_inline: bool) -> None:
    pad = " " * indent
    for n, (key, value) in enumerate(data.items()):
        write(f"{'' if first_inline and n == 0 else pad}{_scalar(key)}:")
        _value(value, indent, write)


def _sequence(items: list[Any], indent: int, write: Callable[[str], object]) -> None:
    pad = " " * indent
    for item in items:
        if type(item) is dict and item:
            write(f"{pad}- ")
            _mapping(item, indent + 2, write, first_inline=True)
        elif type(item) is list and item:
            write(f"{pad}-\n")
            _sequence(item, indent + 2, write)
        else:
            write(f"{pad}-")
            _value(item, indent, write)
