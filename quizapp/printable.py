"""Text from decks, source files, the database or a user made safe to show on a terminal.

Every place that shows such text (the command line's output and the terminal UI) passes it
through `printable`, so an escape sequence stored anywhere is shown, never obeyed: it can neither
write the clipboard (OSC 52), retitle the window (OSC 2), clear the screen (CSI 2J) nor reorder
what the reader sees (bidirectional overrides, the "Trojan source" trick).

How a neutralised character looks (decided here, documented in the README): one character for
one, so offsets into a text (a sentence, a highlighted quote) stay right after it is made safe.
- C0 controls and DEL become their Unicode "control pictures": ESC shows as ␛, BEL as ␇, a
  carriage return as ␍, NUL as ␀, DEL as ␡. Newline and tab are kept.
- C1 controls (U+0080-U+009F, which some terminals obey like ESC sequences), the
  bidirectional embedding, override and isolate controls, and lone surrogates (bytes of a file
  name or an argument that were not UTF-8) have no pictures; they show as the replacement
  character �.
"""

from __future__ import annotations

import re

NAME_MAX = 64  # characters in a profile name

REPLACEMENT = "\ufffd"
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\n\t"} | {0x7F: "\u2421"}
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
# Lone surrogates are bytes that were not UTF-8 (a file name, argv): written back out they would be
# those raw bytes again, and 0x9B is CSI on an 8-bit terminal.
_SURROGATES = range(0xD800, 0xE000)
_TABLE = _PICTURES | dict.fromkeys((*range(0x80, 0xA0), *_BIDI, *_SURROGATES), REPLACEMENT)


def _character_class(codes: list[int]) -> str:
    """A regular expression's class of the given code points, written as runs (a-b): a class of
    two thousand single characters took 4 ms to compile, before the first paint."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in runs) + "]"


_UNSAFE = re.compile(_character_class(sorted(_TABLE)))


def printable(text: str) -> str:
    """`text` with every character a terminal would obey shown visibly instead, one character for
    one (see the module docstring); newlines and tabs are kept. Safe text is returned as is."""
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_TABLE)


def unsafe_characters(text: str) -> list[str]:
    """The characters `printable` would neutralise, as they would be shown, in order (empty for
    safe text)."""
    return [_TABLE[ord(match)] for match in _UNSAFE.findall(text)]


def profile_name_problem(name: str) -> str | None:
    """Why `name` (already stripped) cannot be a profile name, or None when it can: a name is 1 to
    NAME_MAX characters of printable text (letters, digits, punctuation, symbols and plain spaces;
    no control, format or line-separator characters), since it is shown on every terminal that
    reads the database, a teacher's class report included."""
    if not name:
        return "a profile name cannot be empty"
    if len(name) > NAME_MAX:
        return f"a profile name has at most {NAME_MAX} characters (this one has {len(name)})"
    stray = next((c for c in name if 0xDC80 <= ord(c) <= 0xDCFF), None)
    if stray is not None:  # how Python keeps a byte of argv or the environment that was not UTF-8
        return f"a profile name must be valid UTF-8 text; byte 0x{ord(stray) - 0xDC00:02X} is not"
    bad = next((c for c in name if not c.isprintable()), None)
    if bad is not None:
        return f"a profile name must be printable text; U+{ord(bad):04X} is a control or invisible character"
    return None
