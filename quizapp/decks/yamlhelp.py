"""YAML syntax errors in words a teacher can act on.

PyYAML's messages ("mapping values are not allowed in this context", "did not find expected
key") name the parser's state, not the mistake. The commonest beginner mistakes each leave a
recognisable trace at the line of the error; `explain` says what to do there, and the caller
keeps PyYAML's own words as a second line for experts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?: +(?P<value>.*))?$")
_ITEM_LINE = re.compile(r"^(?P<indent> *)- ")


@dataclass(frozen=True)
class Advice:
    """What to do about a syntax error, and where (1-based line and column)."""

    message: str
    line: int
    col: int


def explain(text: str, problem: str, line: int, col: int, context: str = "", context_line: int = 0) -> Advice | None:
    """Advice for a syntax error PyYAML reported at `line`:`col` (1-based), or None when the
    mistake is not one we recognise."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines) + 1:
        return None
    current = lines[line - 1] if line <= len(lines) else ""
    for rule in (_tab, _unclosed_quote, _unclosed_flow, _quote_then_more, _flow_then_more, _colon_in_text, _dash_without_space,
                 _missing_space_after_colon, _indentation, _bad_first_character, _alias):
        advice = rule(lines, current, problem, line, col, context, context_line)
        if advice is not None:
            return advice
    return None


def _tab(lines: list[str], current: str, problem: str, line: int, col: int, context: str, context_line: int) -> Advice | None:
    if "tab" not in problem and "\t" not in current[: max(col, 1)]:
        return None
    # The tab may be on the error's line or, for a scalar that runs on, at the start of the next.
    for number in (line, line + 1):
        text = lines[number - 1] if 0 < number <= len(lines) else ""
        lead = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in lead:
            return Advice("this line is indented with a tab: YAML indents with spaces only; replace the tab with spaces",
                          number, lead.index("\t") + 1)
    return None


def _unclosed_quote(lines: list[str], current: str, problem: str, line: int, col: int, context: str,
                    context_line: int) -> Advice | None:
    if "quoted scalar" not in context or not context_line:
        return None
    start = lines[context_line - 1]
    value = _value_of(start)
    mark = value[0] if value and value[0] in "'\"" else '"'
    name = "double quote" if mark == '"' else "single quote"  # named: a quote mark in the message would close it
    return Advice(f"this text opens a {name} that is never closed: add the closing {name} at the end of the text",
                  context_line, max(1, start.find(mark) + 1))


def _value_of(text: str) -> str:
    match = _KEY_LINE.match(text)
    return (match.group("value") or "") if match else text.strip().removeprefix("- ").strip()


def _quote_then_more(lines: list[str], current: str, problem: str, line: int, col: int, context: str,
                     context_line: int) -> Advice | None:
    match = _KEY_LINE.match(current)
    if match is None or problem not in ("did not find expected key", "did not find expected '-' indicator"):
        return None
    value = match.group("value") or ""
    if not value or value[0] not in "\"'":
        return None
    close = value.find(value[0], 1)
    if close < 0 or not value[close + 1 :].strip():
        return None
    key = match.group("key")
    inner = value[1:-1]
    if value[0] == "'" and len(value) > 2 and value.endswith("'") and _apostrophes_only(inner):
        # 'It's here': the outer marks are meant as YAML quotes, and the apostrophe ends the text
        # early. (Double quotes inside double quotes are left to the rule below: "Yes," he said,
        # "soon" may as well be quoted speech, and wrapping it whole loses nothing.)
        return Advice("this text is in single quotes and also holds one (an apostrophe), which ends it early; write it in "
                      f"double quotes instead: {key}: {quoted(inner)}", line, match.start("value") + 1)
    other = "'" if value[0] == '"' else '"'
    fixed = quoted(value)
    return Advice(
        f"this text starts with a quote mark ({value[0]}), so YAML reads the text only up to the closing {value[0]} and "
        f"cannot read what follows; put the whole text in quotes of the other kind ({other}): "
        f"{match.group('key')}: {fixed}",
        line, match.start("value") + 1,
    )


def _apostrophes_only(text: str) -> bool:
    """True when every ' in `text` stands between two letters, as in "It's" or "Korea's"."""
    return all(0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
               for i, char in enumerate(text) if char == "'")


def quoted(value: str) -> str:
    """A YAML scalar holding exactly `value`: single quotes unless the text has one, then double."""
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow_then_more(lines: list[str], current: str, problem: str, line: int, col: int, context: str,
                    context_line: int) -> Advice | None:
    match = _KEY_LINE.match(current)
    if match is None or not problem.startswith("did not find expected"):
        return None
    value = match.group("value") or ""
    if not value or value[0] not in "[{":
        return None
    closing = {"[": "]", "{": "}"}[value[0]]
    end = value.rfind(closing)
    if end < 0 or not value[end + 1 :].strip():
        return None
    kind = "a list" if value[0] == "[" else "a mapping"
    return Advice(
        f"this text starts with {value[0]!r}, which YAML reads as {kind}; put the whole text in quotes: "
        f"{match.group('key')}: {quoted(value)}",
        line, match.start("value") + 1,
    )


def _colon_in_text(lines: list[str], current: str, problem: str, line: int, col: int, context: str,
                   context_line: int) -> Advice | None:
    if not problem.startswith("mapping values are not allowed"):
        return None
    match = _KEY_LINE.match(current)
    if match is None or match.group("value") is None:
        return None
    value = match.group("value")
    if col - 1 < match.start("value") or ": " not in value + " ":
        return None
    return Advice(
        "this text has a colon followed by a space, which YAML reads as the start of another field; "
        f"put the whole text in quotes: {match.group('key')}: {quoted(value)}",
        line, col,
    )


def _dash_without_space(lines: list[str], current: str, problem: str, line: int, col: int, context: str,
                        context_line: int) -> Advice | None:
    # The error shows on the dash's line or on the line after it, which no longer fits.
    for number in (line, line - 1):
        text = lines[number - 1] if 0 < number <= len(lines) else ""
        stripped = text.lstrip(" ")
        if stripped.startswith("-") and len(stripped) > 1 and stripped[1].isalnum():
            return Advice(f"a list item needs a space after its dash: write '- {stripped[1:]}'", number, _indent(text) + 1)
    return None


def _unclosed_flow(lines: list[str], current: str, problem: str, line: int, col: int, context: str,
                   context_line: int) -> Advice | None:
    if not context.startswith(("while parsing a flow sequence", "while parsing a flow mapping")) or not context_line:
        return None
    closing = "]" if "sequence" in context else "}"
    opening = "[" if closing == "]" else "{"
    start = lines[context_line - 1]
    return Advice(f"this {'list' if closing == ']' else 'mapping'} in {opening}{closing} is not closed: "
                  f"end it with {closing!r} on the same line, or put a text holding {opening} in quotes",
                  context_line, max(1, start.find(opening) + 1))


def _missing_space_after_colon(lines: list[str], current: str, problem: str, line: int, col: int, context: str,
                               context_line: int) -> Advice | None:
    if "could not find expected ':'" not in problem:
        return None
    at = context_line or line
    text = lines[at - 1] if 0 < at <= len(lines) else ""
    found = re.match(r"^( *(?:- +)?)([A-Za-z_][\w-]*):(\S.*)$", text)
    if found is None:
        return None
    return Advice(f"a field name needs a space after its colon: write '{found.group(2)}: {found.group(3)}'",
                  at, len(found.group(1)) + len(found.group(2)) + 1)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _previous(lines: list[str], line: int) -> tuple[int, str] | None:
    """The nearest line before `line` (1-based) that holds something other than a comment."""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if text.strip() and not text.lstrip().startswith("#"):
            return number, text
    return None


def _indentation(lines: list[str], current: str, problem: str, line: int, col: int, context: str,
                 context_line: int) -> Advice | None:
    if not (problem.startswith(("mapping values are not allowed", "did not find expected"))):
        return None
    # The mistaken line: libyaml may report the line after a wrongly indented one.
    number, text = line, current
    if not text.strip():
        return None
    item = _ITEM_LINE.match(text)
    if item:
        return _misplaced_item(lines, number, text)
    here = _KEY_LINE.match(text)
    before = _previous(lines, number)
    if here is None or before is None:
        return None
    sibling = _KEY_LINE.match(before[1])
    if sibling is None:
        return None
    key_col = _indent(before[1]) + len(sibling.group("dash") or "")
    own_col = _indent(text)
    if own_col == key_col:
        return None
    if own_col > key_col and sibling.group("value") is None:
        return None  # the line before opens a nested block: deeper is right
    how = "deeper" if own_col > key_col else "less deep"
    return Advice(
        f"'{here.group('key')}:' is indented {how} than '{sibling.group('key')}:' on line {before[0]}; "
        f"line '{here.group('key')}:' up with '{sibling.group('key')}:' (column {key_col + 1})",
        number, own_col + 1,
    )


def _misplaced_item(lines: list[str], number: int, text: str) -> Advice | None:
    own = _indent(text)
    for earlier in range(number - 1, 0, -1):
        other = _ITEM_LINE.match(lines[earlier - 1])
        if other and _indent(lines[earlier - 1]) != own:
            # The nearest earlier item is the one this item should line up with.
            column = _indent(lines[earlier - 1]) + 1
            return Advice(
                f"this list item is not lined up with the item on line {earlier}: put its '-' in column {column}",
                number, own + 1,
            )
        if other:
            return None
    return None


def _bad_first_character(lines: list[str], current: str, problem: str, line: int, col: int, context: str,
                         context_line: int) -> Advice | None:
    if "cannot start any token" not in problem:
        return None
    char = current[col - 1] if 0 < col <= len(current) else ""
    match = _KEY_LINE.match(current)
    if not char or match is None or match.group("value") is None:
        return None
    return Advice(
        f"a text cannot start with {char!r} in YAML; put the whole text in quotes: {match.group('key')}: "
        f"{quoted(match.group('value'))}",
        line, col,
    )


def _alias(lines: list[str], current: str, problem: str, line: int, col: int, context: str,
           context_line: int) -> Advice | None:
    if "alias" not in problem and "alias" not in context:
        return None
    at = context_line or line
    text = lines[at - 1] if 0 < at <= len(lines) else ""
    match = _KEY_LINE.match(text)
    if match is None or not (match.group("value") or "").startswith("*"):
        return None
    return Advice(
        "a text starting with '*' is read as a YAML alias (a reference to an anchor); put the whole text in quotes: "
        f"{match.group('key')}: {quoted(match.group('value'))}",
        at, match.start("value") + 1,
    )
