"""Browse pages, searches and sorts in SQL (issue 15): page after page gives exactly the rows the
former in-memory browse gave (every item decoded and prompted, filtered and sorted in Python), on
SQLite and PostgreSQL; and the browse text follows a card edited in its deck file."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.cards import prompt_for
from quizapp.engine.states import NEW
from quizapp.locations import bundled_decks_dir
from quizapp.progress import browse
from quizapp.progress.browse import BrowseRow, Filters, SortKey
from quizapp.store import browse_queries
from quizapp.store.catalog import item_views
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.store.sql import fetch
from tests.helpers import example_deck, profile, write_deck

SORTS: list[SortKey] = ["deck", "type", "prompt", "state", "due", "lapses"]


def reference(store: Store, learner_id: int) -> list[BrowseRow]:
    """Every row as browse built them before issue 15: each card decoded and prompted."""
    with store.read() as conn:
        states = fetch(conn, """SELECT s.item_id, s.state, s.due, s.lapses, s.reps, s.suspended, s.flagged, s.leech
                                FROM item_state AS s JOIN item AS i ON i.id = s.item_id
                                WHERE s.learner_id = :l AND i.retired = false""", {"l": learner_id})
        views = item_views(conn, [r[0] for r in states])
    rows = []
    for item_id, state, due, lapses, reps, suspended, flagged, leech in states:
        view = views[item_id]
        prompt = prompt_for(view.card, view.item_key, 0)
        rows.append(BrowseRow(item_id, view.deck_slug, view.deck_title, view.card.id, view.item_key, view.card.type,
                              prompt.question, prompt.answer_text(), int(state), int(due), int(lapses), int(reps),
                              bool(suspended), bool(flagged), bool(leech), view.tags))
    return sorted(rows, key=lambda r: (r.deck_title, r.item_id))


def matches(row: BrowseRow, filters: Filters) -> bool:
    haystack = " ".join((row.prompt, row.answer, row.deck_title, row.card_key, *row.tags)).casefold()
    return ((filters.deck is None or row.deck_slug == filters.deck) and (filters.tag is None or filters.tag in row.tags)
            and (filters.state is None or row.state == filters.state) and (not filters.flagged or row.flagged)
            and (not filters.suspended or row.suspended) and (not filters.leech or row.leech)
            and all(word in haystack for word in filters.search.casefold().split()))


def ordered(rows: list[BrowseRow], key: SortKey, reverse: bool) -> list[BrowseRow]:
    keys = {
        "deck": lambda r: (r.deck_title, r.item_id),
        "type": lambda r: (r.type, r.item_id),
        "prompt": lambda r: (r.prompt.lower(), r.item_id),  # ASCII prompts here: lower() on both backends
        "state": lambda r: (r.state, r.item_id),
        "due": lambda r: (r.state == NEW, r.due, r.item_id),
        "lapses": lambda r: (r.lapses, r.item_id),
    }
    return sorted(rows, key=keys[key], reverse=reverse)


def paged(store: Store, who: object, filters: Filters, key: SortKey, reverse: bool, size: int) -> list[BrowseRow]:
    got: list[BrowseRow] = []
    after = None
    while True:
        page = browse.page(store, who, filters, key, reverse, after, size)  # type: ignore[arg-type]
        got += page.rows
        assert len(page.rows) <= size
        if page.after is None:
            return got
        after = page.after


@pytest.fixture
def bundled(store: Store) -> Store:
    reports, _ = import_paths(store, [str(bundled_decks_dir())])
    assert reports
    return store


def test_pages_in_every_order_give_the_rows_browse_gave(bundled: Store) -> None:
    ada = profile(bundled, "ada")
    every = reference(bundled, ada.id)
    assert len(every) > 100
    # A few items with a history, so state, due and lapses sort something.
    with bundled.write() as conn:
        for n, row in enumerate(every[::7]):
            fetch(conn, "UPDATE item_state SET state = :s, due = :d, lapses = :l, flagged = :f WHERE learner_id = :a "
                        "AND item_id = :i", {"s": 1 + n % 3, "d": 1000 - n, "l": n % 4, "f": n % 2 == 0, "a": ada.id,
                                             "i": row.item_id})
    every = reference(bundled, ada.id)
    assert browse.browse_rows(bundled, ada) == every
    for key in SORTS:
        for reverse in (False, True):
            assert paged(bundled, ada, Filters(), key, reverse, 37) == ordered(every, key, reverse), (key, reverse)


@pytest.mark.parametrize("filters", [
    Filters(search="samsung"), Filters(search="SAMSUNG korea"), Filters(search="japan"), Filters(search="50%"),
    Filters(search="a_b"), Filters(search="zzzz-nothing"), Filters(state=NEW), Filters(flagged=True),
])
def test_search_and_filters_match_as_before(bundled: Store, filters: Filters) -> None:
    ada = profile(bundled, "ada")
    with bundled.write() as conn:
        fetch(conn, "UPDATE item_state SET flagged = true WHERE learner_id = :a AND item_id % 5 = 0", {"a": ada.id})
    expected = [r for r in reference(bundled, ada.id) if matches(r, filters)]
    keys: list[SortKey] = ["deck", "prompt"]
    for key in keys:
        assert paged(bundled, ada, filters, key, False, 25) == ordered(expected, key, False)
    assert browse.count(bundled, ada, filters, 10_000) == len(expected)
    assert browse.count(bundled, ada, filters, 3) == min(3, len(expected))
    for size in (5, 1_000):  # a page that leaves matches out (counted), and one that holds them all
        first, found = browse.search(bundled, ada, filters, "deck", False, size, 10_000)
        assert first.rows == ordered(expected, "deck", False)[:size] and found == len(expected), size
    assert browse.matching_ids(bundled, ada, filters) == [r.item_id for r in expected]


def test_deck_titles_tags_and_card_ids_are_searched_and_filtered(example_store: Store) -> None:
    ada = profile(example_store, "ada")
    every = reference(example_store, ada.id)
    decks, tags = browse.choices(example_store)
    assert decks == sorted({(r.deck_title, r.deck_slug) for r in every})
    assert tags == sorted({t for r in every for t in r.tags})
    searches = [every[0].deck_title.split()[0], every[3].card_key, *tags[:3]]
    for word in searches:
        want = [r for r in every if matches(r, Filters(search=word))]
        assert want and browse.page(example_store, ada, Filters(search=word)).rows == want, word
    for tag in tags:
        want = [r for r in every if tag in r.tags]
        assert want and browse.page(example_store, ada, Filters(tag=tag)).rows == want, tag
    assert browse.page(example_store, ada, Filters(deck=every[0].deck_slug)).rows == every


def test_the_browse_text_follows_an_edited_card(store: Store, tmp_path: Path) -> None:
    data = example_deck()
    path = write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    ada = profile(store, "ada")
    data["cards"][0]["front"] = "Which port city hosts the Quokka summit?"
    write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    assert browse.browse_rows(store, ada) == reference(store, ada.id)
    (found,) = {r.card_key for r in browse.page(store, ada, Filters(search="quokka")).rows}
    assert found == data["cards"][0]["id"]


def test_a_page_never_reads_more_rows_than_it_shows(bundled: Store) -> None:
    ada = profile(bundled, "ada")
    rows = browse_queries.page(bundled, ada.id, browse_queries.Conditions(), "deck", False, None, 5)
    assert len(rows) == 5
