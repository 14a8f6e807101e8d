"""Hostile text already in a database, a deck folder or a file name reaches the terminal shown,
never obeyed: every command's output is checked for raw control characters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from quizapp.cli.main import main
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.store.sql import json_column
from tests.builders import record_some_answers
from tests.helpers import ARTICLE, example_deck, write_deck

OBEYED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# OSC 52 (clipboard), OSC 2 (window title), CSI 2J (clear), 8-bit CSI, Rich/Textual markup.
EVIL = "\x1b]52;c;aGk=\x07\x1b]2;pwned\x07\x1b[2J\x9b2J[@click=app.quit]x[/]\u202e"
EVIL_NAME = "mallory\x1b]2;pwned\x07"


def hostile_database(path: Path, decks: Path) -> str:
    """A database whose every stored text carries escape sequences, as one written by an older
    quizapp, another program or a hostile student on a shared server would."""
    db = str(path)
    store = Store.open(db)
    try:
        import_paths(store, [str(write_deck(decks, example_deck()))])
        record_some_answers(store, "ada", count=6)
        record_some_answers(store, "bob", count=3)
        with store.write() as conn:
            conn.execute(text("UPDATE learner SET name = :evil WHERE name = 'bob'"), {"evil": EVIL_NAME})
            conn.execute(text("UPDATE deck SET title = :t, description = :t"), {"t": f"Deck {EVIL}"})
            conn.execute(text("UPDATE source SET text = :t || text"), {"t": f"Title {EVIL}\n\n"})
            for card_id, content in conn.execute(text("SELECT id, content FROM card")).all():
                data = json_column(content)
                for key, value in data.items():
                    if isinstance(value, str):
                        data[key] = f"{value} {EVIL}"
                conn.execute(text("UPDATE card SET content = :c, explanation = :e WHERE id = :id"),
                             {"c": json.dumps(data), "e": f"Why {EVIL}", "id": card_id})
    finally:
        store.close()
    return db


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
    db = hostile_database(tmp_path / "evil.db", tmp_path / "decks")
    result = CliRunner().invoke(main, ["--db", db, "--profile", "ada", *args])
    assert result.exit_code == 0, result.output
    assert_shown_not_obeyed(result.output)
    if "--json" not in args:
        assert "␛" in result.output  # the text is there, its escapes made visible


def test_a_hostile_profile_name_is_refused_and_shown_safely(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "--profile", EVIL_NAME, "decks"])
    assert result.exit_code == 1
    assert "profile name must be printable text" in result.output
    assert_shown_not_obeyed(result.output)


def test_an_existing_hostile_profile_still_opens_and_prints_safely(tmp_path: Path) -> None:
    db = hostile_database(tmp_path / "evil.db", tmp_path / "decks")
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
