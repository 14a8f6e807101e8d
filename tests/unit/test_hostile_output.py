"""Hostile text already in a database, a deck folder or a file name reaches the terminal shown,
never obeyed: every command's output is checked for raw control characters."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.main import main
from tests.builders import EVIL, EVIL_NAME, OBEYED, hostile_database
from tests.helpers import ARTICLE, example_deck, write_deck


def assert_shown_not_obeyed(output: str) -> None:
    raw = OBEYED.search(output)
    assert raw is None, f"raw {raw.group()!r} at {output[max(0, raw.start() - 40):raw.end() + 40]!r}"


@pytest.mark.parametrize(
    "args",
    [
        ["decks"],
        ["stats"],
        ["report"],
        ["report", "--csv"],
        ["report", "--json"],
        ["stats", "--json"],
        ["decks", "--json"],
    ],
    ids=lambda a: " ".join(a),
)
def test_stored_text_is_shown_not_obeyed(args: list[str], tmp_path: Path) -> None:
    db = str(hostile_database(tmp_path / "evil.db", tmp_path / "decks"))
    result = CliRunner().invoke(main, ["--db", db, "--profile", "ada", *args])
    assert result.exit_code == 0, result.output
    assert_shown_not_obeyed(result.output)
    if "--json" not in args:
        assert "␛" in result.output  # the text is there, its escapes made visible


def test_a_hostile_profile_name_is_refused_and_shown_safely(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "learners", "add", EVIL_NAME])
    assert result.exit_code == 1
    assert "profile name must be printable text" in result.output
    assert_shown_not_obeyed(result.output)


def test_an_existing_hostile_profile_still_opens_and_prints_safely(tmp_path: Path) -> None:
    db = str(hostile_database(tmp_path / "evil.db", tmp_path / "decks"))
    result = CliRunner().invoke(main, ["--db", db, "--profile", EVIL_NAME, "decks"])
    assert result.exit_code == 0, result.output
    assert "learner: mallory␛]2;pwned␇" in result.output


def test_coverage_of_a_hostile_source_is_shown_not_obeyed(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    source = decks / "evil.txt"
    source.write_text(f"Heading {EVIL}\n\n{ARTICLE.read_text(encoding='utf-8')}\n\nA last sentence {EVIL} no card cites.\n",
                      encoding="utf-8")
    deck = example_deck()
    deck["source"] = "evil.txt"
    write_deck(decks, deck)
    result = CliRunner().invoke(main, ["coverage", str(decks)])
    assert_shown_not_obeyed(result.output)


def test_file_names_in_lint_and_errors_are_shown_not_obeyed(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "evil\x1b]2;pwned\x07.yaml").write_text("deck: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(folder)])
    assert result.exit_code == 1
    assert "evil␛]2;pwned␇.yaml" in result.output
    assert_shown_not_obeyed(result.output)
    missing = CliRunner().invoke(main, ["lint", str(tmp_path / "no\x1b[2Jsuch.yaml")])
    assert missing.exit_code == 1
    assert_shown_not_obeyed(missing.output)


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["decks"], 0, "deck"),  # an unknown learner: the decks are listed without one's counts
        (["stats"], 1, "quizapp: error: no learner named 'mal\\udc9b2J' in this database"),
        (["learners", "add", "--no-password"], 1, "quizapp: error: a profile name must be valid UTF-8 text; byte 0x9B"),
    ],
    ids=lambda a: a[0] if isinstance(a, list) else None,
)
def test_a_profile_name_that_is_not_utf8_is_refused_clearly(args: list[str], code: int, said: str, tmp_path: Path) -> None:
    """A name from argv or $QUIZAPP_PROFILE holding bytes that are not UTF-8 (Python keeps them as
    lone surrogates) is a learner that cannot exist, not an unexpected crash with a log; the
    stray byte (0x9B is CSI on an 8-bit terminal) is never echoed raw."""
    db = str(hostile_database(tmp_path / "evil.db", tmp_path / "decks"))
    name = b"mal\x9b2J".decode("utf-8", "surrogateescape")
    given = [*args, name] if args[0] == "learners" else ["--profile", name, *args]
    result = CliRunner().invoke(main, ["--db", db, *given])
    assert (result.exit_code, result.output.splitlines()[0][:len(said)]) == (code, said), result.output
    assert "unexpected" not in result.output
    assert_shown_not_obeyed(result.output)
    assert "\udc9b" not in result.output


def test_printable_neutralises_exactly_the_characters_it_lists() -> None:
    """Every code point, in one string: the characters found unsafe are exactly those of the
    table (the search runs on ranges compiled from it), each shown one for one."""
    from quizapp.printable import _TABLE, printable, unsafe_characters

    everything = "".join(map(chr, range(0x110000)))
    assert unsafe_characters(everything) == [_TABLE[code] for code in sorted(_TABLE)]
    shown = printable(everything)
    assert len(shown) == len(everything)
    assert [i for i, (a, b) in enumerate(zip(everything, shown, strict=True)) if a != b] == sorted(_TABLE)
