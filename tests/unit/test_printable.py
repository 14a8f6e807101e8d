"""Neutralising control characters and checking profile names (quizapp.printable)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.printable import NAME_MAX, printable, profile_name_problem, unsafe_characters

# What a terminal obeys: C0 controls but newline and tab, DEL, C1 controls, bidi overrides/isolates.
OBEYED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# The attacks of issue 11: the clipboard (OSC 52), the window title (OSC 2), clearing the screen
# (CSI 2J), the same through the 8-bit CSI, a bell, a carriage return that overwrites the line,
# and a right-to-left override that makes text read backwards.
ATTACKS = [
    "\x1b]52;c;aGVsbG8=\x07",
    "\x1b]2;pwned\x1b\\",
    "\x1b[2J\x1b[H",
    "\x9b2J",
    "bell\x07",
    "safe\rEVIL",
    "abc\u202etxt.exe",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_every_attack_is_shown_not_obeyed(attack: str) -> None:
    shown = printable(attack)
    assert OBEYED.search(shown) is None
    assert shown != attack
    assert printable(shown) == shown  # already safe text is left as it is


def test_how_neutralised_characters_look() -> None:
    assert printable("\x1b[2J") == "␛[2J"
    assert printable("a\x07b\x00c\x7f") == "a␇b␀c␡"
    assert printable("\x9b2J") == "\ufffd2J"
    assert printable("abc\u202etxt") == "abc\ufffdtxt"
    assert printable("line\r\nnext\tover") == "line␍\nnext\tover"
    # A byte that was not UTF-8 (a file name, argv) is kept by Python as a lone surrogate; printed
    # as is it would be the raw byte again (0x9B is CSI on an 8-bit terminal).
    assert printable(b"e\x9bvil".decode("utf-8", "surrogateescape")) == "e\ufffdvil"


def test_ordinary_text_is_untouched() -> None:
    text = "Camp David, 18 Aug 2023 — «Zoë» 日本語 👩‍🎓\n\tindented [bold]not markup[/]"
    assert printable(text) is text


def test_unsafe_characters_lists_what_would_change() -> None:
    assert unsafe_characters("ok") == []
    assert unsafe_characters("\x1b]2;x\x07") == ["␛", "␇"]


@given(st.text())
def test_printable_output_is_never_obeyed_and_keeps_the_rest(text: str) -> None:
    shown = printable(text)
    assert OBEYED.search(shown) is None
    assert printable(shown) == shown
    assert len(shown) == len(text)  # one for one: offsets into the text stay right
    assert all(a == b for a, b in zip(text, shown, strict=True) if not OBEYED.match(a))  # the rest is untouched


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("ada", None),
        ("Zoë Ng-Smith (year 2)", None),
        ("日本語", None),
        ("", "cannot be empty"),
        ("x" * (NAME_MAX + 1), f"at most {NAME_MAX} characters"),
        ("evil\x1b]2;pwned\x07", "U+001B is a control or invisible character"),
        ("tab\tname", "U+0009"),
        ("rtl\u202eeman", "U+202E"),
        ("new\nline", "U+000A"),
        ("c1\x9bx", "U+009B"),
        (b"mal\x9b2J".decode("utf-8", "surrogateescape"), "must be valid UTF-8 text; byte 0x9B is not"),
    ],
)
def test_profile_names_are_printable_text_of_a_sane_length(name: str, problem: str | None) -> None:
    found = profile_name_problem(name)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found
