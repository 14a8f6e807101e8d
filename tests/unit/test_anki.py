"""Anki packages both ways, against Anki's own code: a collection built and reviewed with Anki's
API and exported by Anki, a package written by genanki, and the bundled decks written by us and
opened by Anki."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quizapp.cli.main import main
from quizapp.decks.deckfile import read_deck
from quizapp.engine.replay import day_numbers, histories, memory_states
from quizapp.interchange.anki_package import read_apkg, scratch_collection, write_apkg
from quizapp.interchange.converting import prepare_import
from quizapp.interchange.outgoing import from_yaml
from quizapp.store import learners
from quizapp.store.database import Store
from tests.builders import record_some_answers
from tests.helpers import DECKS, dump

anki_collection = pytest.importorskip("anki.collection")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def reviewed_package(tmp_path: Path) -> Iterator[tuple[Path, list[tuple[int, int, int, int]]]]:
    """An .apkg exported by Anki from a collection made and studied with Anki's API: basic,
    reversed, type-in and cloze notes with HTML, a sound and tags; returns the package and Anki's
    revlog rows (id, card id, ease, type)."""
    (tmp_path / "anki").mkdir()
    col = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    deck = col.decks.id("Capitals")
    assert deck is not None
    reversed_type = col.models.by_name("Basic (and reversed card)")
    for country, city in [("France", "Paris"), ("Japan", "Tokyo"), ("Italy", "<b>Rome</b>&nbsp;[sound:rome.mp3]")]:
        note = col.new_note(reversed_type)
        note["Front"], note["Back"] = f"Capital of <i>{country}</i>?", city
        note.tags = ["geo", "leech"] if country == "Italy" else ["geo"]
        col.add_note(note, deck)
    typed = col.new_note(col.models.by_name("Basic (type in the answer)"))
    typed["Front"], typed["Back"] = "Capital of Spain?", "Madrid"
    col.add_note(typed, deck)
    cloze = col.new_note(col.models.by_name("Cloze"))
    cloze["Text"], cloze["Back Extra"] = "{{c1::Seoul}} is the capital of {{c2::South Korea}}.", "Since 1948."
    col.add_note(cloze, deck)
    col.decks.select(deck)
    for n in range(14):
        card = col.sched.getCard()
        if card is None:
            break
        card.start_timer()
        col.sched.answerCard(card, 1 if n % 5 == 0 else 3)
    unseen = col.new_note(col.models.by_name("Basic"))  # added after the session: still new
    unseen["Front"], unseen["Back"] = "Capital of Peru?", "Lima"
    col.add_note(unseen, deck)
    revlog = [tuple(int(v) for v in row) for row in col.db.all("SELECT id, cid, ease, type FROM revlog ORDER BY id")]
    out = tmp_path / "capitals.apkg"
    col.export_anki_package(out_path=str(out), options=anki_collection.ExportAnkiPackageOptions(
        with_scheduling=True, with_deck_configs=True, with_media=False, legacy=False), limit=None)
    col.close()
    yield out, revlog  # type: ignore[misc]


def test_convert_anki_package_to_a_deck_that_lints(reviewed_package: tuple[Path, list[tuple[int, ...]]]) -> None:
    package, _ = reviewed_package
    code, out, err = run("convert", str(package), "-o", "capitals.yaml")
    assert code == 0, err
    assert "6 cards converted" in out
    assert run("lint", "capitals.yaml")[0] == 0
    cards = {card["id"]: card for card in yaml.safe_load(Path("capitals.yaml").read_text(encoding="utf-8"))["cards"]}
    france = cards["capital-of-france"]
    assert (france["type"], france["front"], france["back"]) == ("basic", "Capital of France?", "Paris")
    assert france["reverse"] is True
    assert cards["capital-of-italy"]["back"] == "Rome"  # HTML became text, the sound is gone and reported
    assert "media skipped" in out
    assert cards["capital-of-spain"]["type"] == "typed"
    cloze = next(card for card in cards.values() if card["type"] == "cloze")
    assert cloze["text"] == "{{c1::Seoul}} is the capital of {{c2::South Korea}}." and cloze["explanation"] == "Since 1948."
    assert cards["capital-of-italy"]["tags"] == ["geo"]  # Anki's leech tag is a state, not a tag


@pytest.mark.parametrize("existing", [False, True], ids=["new learner", "existing learner"])
def test_import_with_history_matches_ankis_revlog(reviewed_package: tuple[Path, list[tuple[int, ...]]],
                                                  tmp_path: Path, existing: bool) -> None:
    package, revlog = reviewed_package
    db = str(tmp_path / "q.db")
    if existing:  # a learner with rows already (their states are rewritten); a new one's are inserted
        store = Store.open(db)
        learners.learner(store, "ann")
        store.close()
    code, out, err = run("--db", db, "--profile", "ann", "import", str(package), "--with-history")
    assert code == 0, err
    answers = [row for row in revlog if 1 <= row[2] <= 4 and row[3] in (0, 1, 2, 3)]
    assert f"history: {len(answers)} reviews" in out
    conn = sqlite3.connect(db)
    ours = conn.execute("SELECT reviewed_at, rating FROM review ORDER BY reviewed_at, id").fetchall()
    assert sorted(ours) == sorted((row[0] // 1000, row[2]) for row in answers)
    # Each item's memory state is FSRS replayed over its Anki answers (default parameters, UTC days).
    log = conn.execute("SELECT item_id, reviewed_at, rating FROM review ORDER BY item_id, reviewed_at, id").fetchall()
    from zoneinfo import ZoneInfo

    expected = memory_states(histories(log, day_numbers(ZoneInfo("UTC"), 4)), None)
    stored = dict(((i, (s, d)) for i, s, d in conn.execute(
        "SELECT item_id, stability, difficulty FROM item_state WHERE stability IS NOT NULL")))
    assert stored.keys() == expected.keys()
    for item_id, (s, d) in expected.items():
        assert stored[item_id] == pytest.approx((s, d))
    assert conn.execute("SELECT count(*) FROM item_state WHERE leech").fetchone()[0] >= 1
    # One row per item for the learner, with what a new row copies from its item and card.
    rows = conn.execute(
        "SELECT i.id, s.retired = i.retired, s.cite_start IS c.quote_start, s.cite_end IS c.quote_end, s.weight, "
        "(SELECT count(*) FROM item AS j WHERE j.card_id = i.card_id AND NOT j.retired) FROM item AS i "
        "JOIN card AS c ON c.id = i.card_id JOIN item_state AS s ON s.item_id = i.id "
        "JOIN learner AS l ON l.id = s.learner_id AND l.name = 'ann'").fetchall()
    assert len(rows) == conn.execute("SELECT count(*) FROM item").fetchone()[0] > len(stored)
    assert all(same_retired and same_start and same_end and weight == pytest.approx(1 / siblings)
               for _, same_retired, same_start, same_end, weight, siblings in rows)
    # Per item, in order: Anki's answers of one card, the first as of a new item (state 0, no
    # interval), each later one in the state Anki's type names and after its gap since the one
    # before; the item's state keeps the last answer's instant and the count of fails.
    anki_cards: dict[int, list[tuple[int, int, int, int | None]]] = {}
    for log_id, card_id, ease, kind in answers:
        done = anki_cards.setdefault(card_id, [])
        at = log_id // 1000
        done.append((at, ease, {0: 1, 1: 2, 2: 3, 3: 2}[kind], at - done[-1][0]) if done else (at, ease, 0, None))
    per_item: dict[int, list[tuple[int, int, int, int | None]]] = {}
    for item_id, at, rating, state, elapsed in conn.execute(
            "SELECT item_id, reviewed_at, rating, state, elapsed FROM review ORDER BY item_id, id"):
        per_item.setdefault(item_id, []).append((at, rating, state, elapsed))
    assert sorted(per_item.values()) == sorted(anki_cards.values())
    for item_id, reviews in per_item.items():
        last, fails = conn.execute("SELECT last_review, fails FROM item_state WHERE item_id = ?", (item_id,)).fetchone()
        assert (last, fails) == (reviews[-1][0], sum(r[1] == 1 for r in reviews))
    conn.close()
    # A second import of the same history is refused, and changes nothing.
    store = Store.open(db)
    before = dump(store)
    code, _, err = run("--db", db, "--profile", "ann", "import", str(package), "--with-history")
    assert code == 1 and "already has reviews" in err and "Traceback" not in err
    assert dump(store) == before
    store.close()


def test_genanki_package_imports(tmp_path: Path) -> None:
    genanki = pytest.importorskip("genanki")
    model = genanki.Model(1607392319, "Simple Model", fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Notes"}],
                          templates=[{"name": "Card 1", "qfmt": "{{Question}}", "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}"}])
    deck = genanki.Deck(2059400110, "Country Capitals")
    deck.add_note(genanki.Note(model=model, fields=["Capital of Argentina", "Buenos Aires", "Largest city too"], tags=["sa"]))
    deck.add_note(genanki.Note(model=model, fields=["Capital of Chile", "Santiago", ""]))
    out = tmp_path / "genanki.apkg"
    genanki.Package(deck).write_to_file(str(out))
    code, stdout, err = run("--db", str(tmp_path / "q.db"), "import", str(out))
    assert code == 0, err
    assert "country-capitals: 2 added" in stdout
    saved = tmp_path / "data" / "decks" / "country-capitals.yaml"
    assert "explanation: Largest city too" in saved.read_text(encoding="utf-8")
    # The database's deck is the kept copy (where `e` opens it and a re-import reads it), not the
    # scratch file the conversion went through.
    with sqlite3.connect(tmp_path / "q.db") as conn:
        (file_path,) = conn.execute("SELECT file_path FROM deck WHERE slug = 'country-capitals'").fetchone()
    assert file_path == str(saved.resolve())


def test_bundled_decks_open_in_anki_with_a_note_per_card(tmp_path: Path) -> None:
    decks = [from_yaml(path) for path in sorted(DECKS.glob("*.yaml"))]
    out = tmp_path / "bundled.apkg"
    assert write_apkg(decks, out) == sum(len(deck.cards) for deck in decks)
    with scratch_collection() as col:
        col.import_anki_package(anki_collection.ImportAnkiPackageRequest(package_path=str(out)))
        assert col.note_count() == sum(len(deck.cards) for deck in decks)
        assert col.card_count() == sum(card.items for deck in decks for card in deck.cards)
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert {deck.title for deck in decks} <= names
    # ... and come back as the same cards.
    back = [card for _, card in read_apkg(out).conversion.cards]
    ours = [card for deck in decks for card in deck.cards]
    assert [(c.kind, c.question, c.answers, c.options, c.pairs, c.order, c.explanation, c.quotes) for c in back] == [
        (c.kind, c.question, c.answers, c.options, c.pairs, c.order, c.explanation, c.quotes) for c in ours]


def test_an_imported_deck_is_the_deck_lint_reads_from_its_yaml(reviewed_package: tuple[Path, list[tuple[int, ...]]],
                                                               tmp_path: Path) -> None:
    """`import FILE.apkg` takes the cards build_deck checked instead of parsing the YAML it wrote
    again: the deck is the one lint reads from that YAML, to its card lines and content hash."""
    package, _ = reviewed_package
    bundled = tmp_path / "bundled.apkg"
    write_apkg([from_yaml(path) for path in sorted(DECKS.glob("*.yaml"))], bundled)
    for path in (package, bundled):
        folder = tmp_path / path.stem
        folder.mkdir()
        prepared = prepare_import(path, folder)
        linted = read_deck(prepared.deck.path, display=prepared.deck.display, warnings=False)
        assert linted.ok and prepared.deck.ok
        assert prepared.deck.header == linted.header
        assert prepared.deck.card_lines == linted.card_lines
        assert [c.model_dump() for c in prepared.deck.cards] == [c.model_dump() for c in linted.cards]
        assert prepared.deck.content_hash() == linted.content_hash()


def test_export_with_a_learners_schedule(tmp_path: Path) -> None:
    db = str(tmp_path / "q.db")
    assert run("--db", db, "import", "--bundled")[0] == 0  # a --db database gets the bundled decks only when asked
    store = Store.open(db)
    items = record_some_answers(store, "bo", 5)
    store.close()
    conn = sqlite3.connect(db)
    (slug, cards), = conn.execute("SELECT d.slug, d.cards FROM deck AS d JOIN item AS i ON i.deck_id = d.id WHERE i.id = ?",
                                  (items[0],)).fetchall()
    conn.close()
    code, out, err = run("--db", db, "export", slug, "--to", "apkg", "-o", "kt.apkg", "--learner", "bo")
    assert code == 0, err
    assert "with bo's schedule" in out
    with scratch_collection() as col:
        col.import_anki_package(anki_collection.ImportAnkiPackageRequest(
            package_path=str(tmp_path / "kt.apkg"), options=anki_collection.ImportAnkiPackageOptions(with_scheduling=True)))
        assert col.note_count() == cards
        assert col.db is not None and col.db.scalar("SELECT count(*) FROM revlog") == 5
        memory = [card.memory_state for cid in col.find_cards("") if (card := col.get_card(cid)).type == 2]
        assert len(memory) == 5 and all(m is not None and m.stability == pytest.approx(2.5) for m in memory)


def test_a_note_with_several_explanation_fields_takes_the_first_in_a_fixed_order(tmp_path: Path) -> None:
    col = anki_collection.Collection(str(tmp_path / "c.anki2"))
    models = col.models
    notetype = models.new("Extras")
    for name in ("Front", "Back", "Notes", "Extra", "Source"):
        models.add_field(notetype, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"], template["afmt"] = "{{Front}}", "{{Back}}"
    models.add_template(notetype, template)
    models.add(notetype)
    note = col.new_note(models.by_name("Extras"))
    note["Front"], note["Back"], note["Notes"], note["Extra"], note["Source"] = "Q?", "A", "from notes", "from extra", "cited"
    col.add_note(note, col.decks.id("Extras"))
    out = tmp_path / "extras.apkg"
    col.export_anki_package(out_path=str(out), options=anki_collection.ExportAnkiPackageOptions(with_scheduling=False),
                            limit=None)
    col.close()
    ((_, card),) = read_apkg(out).conversion.cards
    # "Extra" comes before "Notes" however Python orders its sets; "Source" is the quote.
    assert (card.explanation, card.quotes) == ("from extra", ("cited",))
