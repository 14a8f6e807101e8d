"""The trigram index browse searches on SQLite (quizapp.store.search_index): it finds exactly
what reading every item finds, stays in step with imports, edits and deletions, and a database
made where SQLite has no trigram tokenizer works without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.progress import browse
from quizapp.progress.browse import Filters
from quizapp.store import decks_admin, search_index
from quizapp.store.database import Store
from quizapp.store.importer import ensure_bundled, import_paths
from quizapp.store.sql import fetch
from tests.helpers import example_deck, profile, write_deck

WORDS = ["samsung", "korea japan", "sam", "50%", "a_b", "zzzz-nothing", "ko", "the", "security", "2023", "yoon",
         "\"sam", "an\"d", "ère", "sungsam", "ea ja", "AND", "*", "sam OR"]


def consistent(store: Store) -> None:
    """FTS5's own check that the index holds exactly the text of every item (raises if not)."""
    with store.driver_write() as conn:
        fetch(conn, f"INSERT INTO {search_index.TABLE} ({search_index.TABLE}) VALUES ('integrity-check')")


def without_index(store: Store) -> None:
    with store.driver_write() as conn:
        search_index.drop(conn)


@pytest.mark.parametrize("dense", [search_index.DENSE, 5])  # 5: common words are read item by item
def test_the_index_finds_what_reading_every_item_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dense: int) -> None:
    indexed, plain = Store.open(str(tmp_path / "a.db")), Store.open(str(tmp_path / "b.db"))
    for store in (indexed, plain):
        ensure_bundled(store)
    without_index(plain)
    with indexed.driver_read() as conn:
        assert search_index.present(conn)
    monkeypatch.setattr(search_index, "DENSE", dense)
    ada, bea = profile(indexed, "ada"), profile(plain, "ada")
    for word in WORDS:
        for key in ("deck", "prompt", "due"):
            got = browse.page(indexed, ada, Filters(search=word), key).rows
            want = browse.page(plain, bea, Filters(search=word), key).rows
            assert [r.item_id for r in got] == [r.item_id for r in want], (word, key)
        assert browse.count(indexed, ada, Filters(search=word), 10_000) == browse.count(plain, bea, Filters(search=word), 10_000)
        got_first, got_found = browse.search(indexed, ada, Filters(search=word), "deck", False, 3, 10_000)
        want_first, want_found = browse.search(plain, bea, Filters(search=word), "deck", False, 3, 10_000)
        assert ([r.item_id for r in got_first.rows], got_found) == ([r.item_id for r in want_first.rows], want_found), word
    assert browse.page(indexed, ada, Filters(search="samsung")).rows  # the searches found something
    indexed.close()
    plain.close()


def test_the_index_follows_imports_edits_and_deletions(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "c.db"))
    ada = profile(store, "ada")
    data = example_deck()
    path = write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    consistent(store)
    data["cards"][0]["front"] = "Which port city hosts the Quokka summit?"
    write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    consistent(store)
    (found,) = {r.card_key for r in browse.page(store, ada, Filters(search="quokka")).rows}
    assert found == data["cards"][0]["id"]
    decks_admin.purge(store, data["deck"])
    consistent(store)
    assert browse.page(store, ada, Filters(search="quokka")).rows == []
    store.close()


def test_an_sqlite_without_trigrams_works_without_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As on SQLite before 3.34: the tokenizer is unknown, so neither a new file nor a migrated
    # one gets the index (or its triggers), and search reads every item.
    broken = (search_index.STATEMENTS[0].replace("'trigram'", "'no_such_tokenizer'"), *search_index.STATEMENTS[1:])
    monkeypatch.setattr(search_index, "STATEMENTS", broken)
    for fresh in (True, False):
        store = Store.open(str(tmp_path / f"old-{fresh}.db"), fresh_by_script=fresh)
        ensure_bundled(store)
        with store.driver_read() as conn:
            assert not search_index.present(conn)
            assert not fetch(conn, "SELECT name FROM sqlite_master WHERE type = 'trigger'")
        ada = profile(store, "ada")
        assert browse.page(store, ada, Filters(search="samsung")).rows
        store.close()


def _triggers(store: Store) -> list[str]:
    with store.driver_read() as conn:
        return [str(n) for (n,) in fetch(conn, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")]


def test_a_bulk_insert_indexes_its_items_and_puts_the_trigger_back_even_when_it_fails(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "d.db"))
    ada = profile(store, "ada")
    triggers = _triggers(store)
    assert f"{search_index.TABLE}_insert" in triggers
    first = example_deck()
    import_paths(store, [str(write_deck(tmp_path, first))])  # an import inserts its items in bulk
    assert _triggers(store) == triggers
    consistent(store)
    assert browse.page(store, ada, Filters(search="quokka")).rows == []

    # A failure inside the block undoes its items and the trigger's removal alike.
    with pytest.raises(RuntimeError), store.driver_write() as conn, search_index.bulk_insert(conn):
        fetch(conn, "INSERT INTO item (card_id, deck_id, key, position, retired, search) "
                    "SELECT card_id, deck_id, 'x', 99, false, 'quokka' FROM item LIMIT 1")
        raise RuntimeError("failed halfway")
    assert _triggers(store) == triggers
    consistent(store)

    # Items inserted one by one afterwards are indexed by the trigger again.
    with store.driver_write() as conn:
        fetch(conn, "INSERT INTO item (card_id, deck_id, key, position, retired, search) "
                    "SELECT card_id, deck_id, 'x', 99, false, 'quokka' FROM item LIMIT 1")
    consistent(store)
    with store.driver_read() as conn:
        assert len(search_index.holding(conn, "quokka") or ()) == 1
    store.close()


def test_an_edit_re_indexes_only_the_items_whose_search_text_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.open(str(tmp_path / "e.db"))
    triggers = _triggers(store)
    data = example_deck()
    path = write_deck(tmp_path, data)
    import_paths(store, [str(path)])

    re_indexed: list[int] = []
    bulk_update = search_index.bulk_update

    def recorded(conn: object, item_ids: list[int]) -> object:
        re_indexed.extend(item_ids)
        return bulk_update(conn, item_ids)

    monkeypatch.setattr(search_index, "bulk_update", recorded)

    def holding(word: str) -> int:
        with store.driver_read() as conn:
            return len(search_index.holding(conn, word) or ())

    # An explanation is not searched: editing it leaves the index alone.
    data["cards"][0]["explanation"] = "An explanation about a Quokka."
    write_deck(tmp_path, data)
    assert import_paths(store, [str(path)])[0][0].updated == 1
    assert re_indexed == [] and holding("quokka") == 0
    # Neither is a change of case (search text is case-folded), though the prompt shown changes.
    data["cards"][0]["front"] = data["cards"][0]["front"].upper()
    write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    with store.driver_read() as conn:
        prompts = [str(p) for (p,) in fetch(conn, "SELECT i.prompt FROM item AS i JOIN card AS c ON c.id = i.card_id "
                                                   "WHERE c.key = :key", {"key": data["cards"][0]["id"]})]
    assert data["cards"][0]["front"] in prompts and re_indexed == []
    consistent(store)
    # A new wording is: the old words leave the index and the new ones come, in bulk.
    old_front = data["cards"][0]["front"]
    data["cards"][0]["front"] = "Which port city hosts the Quokka summit?"
    write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    consistent(store)
    assert _triggers(store) == triggers
    with store.driver_read() as conn:
        ((items,),) = fetch(conn, "SELECT count(*) FROM item AS i JOIN card AS c ON c.id = i.card_id "
                                  "WHERE c.key = :key AND i.retired = false", {"key": data["cards"][0]["id"]})
    assert holding("quokka") == items == len(re_indexed) > 0 and holding(old_front.casefold()[:12]) == 0

    # A failure inside the block leaves the index and the trigger as they were.
    with store.driver_read() as conn:
        ((item_id,),) = fetch(conn, "SELECT id FROM item WHERE search LIKE '%quokka%' LIMIT 1")
    with pytest.raises(RuntimeError), store.driver_write() as conn, search_index.bulk_update(conn, [item_id]):
        fetch(conn, "UPDATE item SET search = 'walrus' WHERE id = :id", {"id": item_id})
        raise RuntimeError("failed halfway")
    assert _triggers(store) == triggers
    consistent(store)
    assert holding("quokka") == items and holding("walrus") == 0
    store.close()
