"""Hostile decks: a source is read only from inside the deck's folder, as a regular UTF-8 file of
bounded size without control characters; a folder walk never loops; alias and size bombs are
refused in well under a second with bounded memory. Every test drives plain `lint` (and one the
import), so it ran against the code before these rules and failed there."""

from __future__ import annotations

import os
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.main import main
from quizapp.decks.lint import LintResult, lint

HEADER = "quizapp: 1\ndeck: hostile\ntitle: Hostile\n"
CARD = "cards:\n  - id: a\n    front: f\n    back: b\n    quote: root\n    explanation: e\n"
UNQUOTED = CARD.replace("    quote: root\n", "")
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="named pipes and symbolic links as on POSIX")


def deck_naming(folder: Path, source: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "deck.yaml"
    path.write_text(HEADER + f"source: {source}\n" + CARD, encoding="utf-8")
    return path


def lint_within(seconds: float, paths: list[Path]) -> LintResult:
    """Lint in a thread and fail (instead of hanging the suite) when it takes too long."""
    result: list[LintResult] = []
    worker = threading.Thread(target=lambda: result.append(lint(paths)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, f"lint did not finish within {seconds} s"
    return result[0]


def messages(result: LintResult) -> list[str]:
    return [f"{p.line}:{p.col}: {p.severity}: {p.message}" for p in result.problems]


@pytest.mark.parametrize("named", ["/etc/passwd", "/proc/self/environ", "/dev/zero"])
def test_an_absolute_source_is_refused(tmp_path: Path, named: str) -> None:
    result = lint_within(5, [deck_naming(tmp_path, named)])
    assert messages(result) == [
        f"4:9: error: source must be a path relative to the deck file's folder, not an absolute path: {named!r}"
    ]
    assert result.decks[0].source is None


def test_a_source_outside_the_deck_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("root: the password is swordfish.\n", encoding="utf-8")
    result = lint_within(5, [deck_naming(tmp_path / "decks", "../secret.txt")])
    assert messages(result) == [
        "4:9: error: source '../secret.txt' is outside the deck's folder: a deck may only name a file in its own folder or "
        "below it"
    ]


@posix_only
def test_a_symbolic_link_out_of_the_deck_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("root: the password is swordfish.\n", encoding="utf-8")
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "article.txt").symlink_to(tmp_path / "secret.txt")
    result = lint_within(5, [deck_naming(folder, "article.txt")])
    assert "is outside the deck's folder" in messages(result)[0]


@posix_only
def test_a_symbolic_link_inside_the_deck_folder_is_followed(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "real.txt").write_text("The root of it all.\n", encoding="utf-8")
    (folder / "article.txt").symlink_to(folder / "texts" / "real.txt")
    result = lint_within(5, [deck_naming(folder, "article.txt")])
    assert messages(result) == []


@posix_only
def test_a_named_pipe_as_source_is_an_error_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    result = lint_within(5, [deck_naming(tmp_path, "pipe.txt")])
    assert messages(result) == [f"4:9: error: source file is a named pipe, not a regular text file: {tmp_path / 'pipe.txt'}"]


@posix_only
def test_a_named_pipe_given_as_a_deck_is_an_error_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "deck.yaml")
    result = lint_within(5, [tmp_path / "deck.yaml"])
    assert messages(result) == ["1:1: error: file is a named pipe, not a regular text file"]


def test_a_directory_as_source_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    result = lint_within(5, [deck_naming(tmp_path, "texts")])
    assert messages(result) == [f"4:9: error: source file is a directory, not a text file: {tmp_path / 'texts'}"]


@posix_only
def test_a_symbolic_link_loop_as_source_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    result = lint_within(5, [deck_naming(tmp_path, "loop.txt")])
    assert messages(result) == ["4:9: error: source 'loop.txt' is a symbolic link loop"]


@posix_only
def test_symbolic_link_loops_in_a_deck_folder_are_errors_not_hangs(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    (folder / "inner").mkdir(parents=True)
    (folder / "inner" / "up").symlink_to(folder)
    (folder / "self").symlink_to(folder / "self")
    (folder / "deck.yaml").write_text(HEADER + UNQUOTED, encoding="utf-8")
    result = lint_within(5, [folder])
    assert sorted(str(p) for p in result.problems) == [
        f"{folder}/inner/up:1:1: error: symbolic link loop: it leads back to a folder that contains it",
        f"{folder}/self:1:1: error: symbolic link loop: it leads to itself",
    ]
    assert [deck.display for deck in result.decks if deck.header is not None] == [f"{folder}/deck.yaml"]


def test_a_source_over_16_mib_is_refused_without_reading_it(tmp_path: Path) -> None:
    with (tmp_path / "big.txt").open("wb") as big:
        big.truncate(17 * 1024 * 1024)  # sparse: costs no disk
    result = lint_within(5, [deck_naming(tmp_path, "big.txt")])
    assert messages(result) == [
        f"4:9: error: source file is 17.0 MiB; decks and source texts are limited to 16 MiB: {tmp_path / 'big.txt'}"
    ]


def test_a_source_that_is_not_utf8_says_where_and_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes("Caf\u00e9 culture grew.\n".encode("latin-1"))
    result = lint_within(5, [deck_naming(tmp_path, "latin.txt")])
    assert messages(result) == [
        f"4:9: error: source file {tmp_path / 'latin.txt'}:1:4 is not valid UTF-8 (byte 0xe9); it looks like Latin-1 "
        "(Windows-1252) text: save the file as UTF-8"
    ]


def test_control_characters_in_a_source_are_errors_at_their_place(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text("The root of it.\nA title \x1b]2;pwned\x07 here.\n", encoding="utf-8")
    deck = deck_naming(tmp_path, "article.txt")
    result = lint_within(5, [deck])
    source = str(tmp_path / "article.txt")
    assert [str(p) for p in result.problems] == [
        f"{source}:2:9: error: control character U+001B (escape) is not allowed in a source text",
        f"{source}:2:18: error: control character U+0007 (bell) is not allowed in a source text",
    ]
    # Two decks sharing the bad source hear about it once.
    other = tmp_path / "other.yaml"
    other.write_text(deck.read_text(encoding="utf-8").replace("deck: hostile", "deck: other"), encoding="utf-8")
    assert len(lint_within(5, [tmp_path]).problems) == 2


def test_a_deck_with_a_hostile_source_imports_nothing(tmp_path: Path) -> None:
    db = tmp_path / "class.db"
    result = CliRunner().invoke(main, ["--db", str(db), "import", str(deck_naming(tmp_path / "decks", "/etc/passwd"))])
    assert result.exit_code == 1
    assert "nothing imported" in result.output and "root:" not in result.output


# -- resource bombs ------------------------------------------------------------------------------------


def refused_quickly(path: Path, seconds: float = 1.0, megabytes: int = 40) -> LintResult:
    """Lint `path` and check it was refused within the time, with bounded memory. The time is the
    processor time lint spent (its thread's), not the wall clock, which a machine busy with other
    work stretches at will: on a shared, overloaded machine the 1 MB bomb once took 1.06 s of wall
    time for 0.07 s of work."""
    result: list[LintResult] = []
    spent: list[float] = []

    def timed() -> None:
        started = time.thread_time()
        result.append(lint([path]))
        spent.append(time.thread_time() - started)

    tracemalloc.start()
    try:
        worker = threading.Thread(target=timed, daemon=True)
        worker.start()
        worker.join(30)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result, "lint did not finish within 30 s"
    assert not result[0].passed(), messages(result[0])
    assert spent[0] < seconds, f"took {spent[0]:.2f} s of processor time"
    assert peak < megabytes * 1024 * 1024, f"peaked at {peak / 1048576:.0f} MB"
    return result[0]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def long_text_aliases(size: int, count: int) -> Callable[[Path], Path]:
    return lambda folder: write(
        folder / "bomb.yaml",
        HEADER + f"x: &s {'x' * size}\n" + UNQUOTED + "    tags: [" + ", ".join(["*s"] * count) + "]\n",
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        # 210 KB that would build a card of 450 million characters (each text within the field limit).
        (long_text_aliases(9_000, 50_000), "5:1: error: YAML aliases expand to far more data than the file holds"),
        # 1 MB of aliases to one long text: a billion characters; 72 s to lint before, and a 4 GB
        # allocation on import.
        (long_text_aliases(4_000, 250_000), "5:1: error: YAML aliases expand to far more data than the file holds"),
    ],
    ids=["210KB", "1MB"],
)
def test_aliases_of_long_texts_are_refused_fast_with_bounded_memory(tmp_path: Path, make: Callable[[Path], Path],
                                                                    message: str) -> None:
    result = refused_quickly(make(tmp_path))
    assert messages(result) == [message]


def test_an_overlong_text_field_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "long.yaml", HEADER + UNQUOTED.replace("front: f", "front: " + "word " * 300_000))
    result = refused_quickly(path, seconds=2.0, megabytes=60)
    assert messages(result) == [
        "6:12: error: this text is 1,499,999 characters long; a text field holds at most 10,000 (a long text belongs in "
        "the source file)"
    ]


def test_nesting_100000_levels_deep_is_a_clean_error(tmp_path: Path) -> None:
    path = write(tmp_path / "deep.yaml", HEADER + "cards: " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = refused_quickly(path)
    assert messages(result) == ["4:1007: error: YAML nesting deeper than 64 levels"]
