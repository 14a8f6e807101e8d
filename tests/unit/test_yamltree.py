"""Safe YAML loading: values kept as written, positions found, hostile input refused quickly."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from quizapp.decks.deckfile import read_deck
from quizapp.decks.files import MAX_FILE_BYTES
from quizapp.decks.yamltree import YamlProblem, build, compose, decode, locate


def load(text: str) -> object:
    root = compose(text)
    assert root is not None
    return build(root, len(text))


def test_scalars_keep_the_text_the_author_wrote() -> None:
    assert load("a: 2025\nb: 1.50\nc: 007\nd: 2023-05-01\ne: yes\nf: ~\ng: 'x'\n") == {
        "a": "2025", "b": "1.50", "c": "007", "d": "2023-05-01", "e": True, "f": None, "g": "x",
    }


def test_modest_aliases_are_allowed() -> None:
    assert load("t: &t [a, b]\nu: *t\n") == {"t": ["a", "b"], "u": ["a", "b"]}


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(YamlProblem):
        load("a: &a [*a]\n")


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(YamlProblem, match="nesting"):
        load("a: " + "[" * 200 + "]" * 200 + "\n")


def test_alias_bomb_is_refused_fast_with_bounded_memory() -> None:
    levels = ["a: &a [" + ", ".join(["lol"] * 10) + "]"]
    for n in range(1, 12):  # 10**12 expanded strings if it were expanded
        prev = chr(ord("a") + n - 1)
        name = chr(ord("a") + n)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    text = "\n".join(levels) + "\n"
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(YamlProblem, match="aliases expand"):
        load(text)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 20 * 1024 * 1024


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    deck = read_deck(path)
    assert [(p.line, p.col, p.severity) for p in deck.problems] == [(1, 1, "error")]
    assert "limited to 16 MiB" in deck.problems[0].message


def test_byte_order_mark_and_crlf_are_fine() -> None:
    text = decode("\ufeffa: b\r\nc: d\r\n".encode())
    assert load(text) == {"a": "b", "c": "d"}


def test_locate_points_at_keys_values_and_missing_fields() -> None:
    text = "cards:\n  - id: x\n    front: f\n"
    root = compose(text)
    assert root is not None
    assert (locate(root, ("cards", 0, "front")).line, locate(root, ("cards", 0, "front")).col) == (3, 12)
    assert locate(root, ("cards", 0, "front"), key=True).col == 5
    assert (locate(root, ("cards", 0, "back")).line, locate(root, ("cards", 0, "back")).col) == (2, 5)
