"""Importing decks: history kept across edits, retire and revive, idempotence, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from quizapp.cards.registry import CARD_TYPES
from quizapp.decks.lint import lint
from quizapp.decks.sourcetext import document
from quizapp.engine.scheduling import GOOD, Memory
from quizapp.engine.textnorm import fold
from quizapp.errors import DeckError
from quizapp.store import importer
from quizapp.store.answers import Answer, history, record
from quizapp.store.catalog import load_deck
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.store.item_states import StateRow, read_states
from quizapp.store.models import CARD_TABLE, ITEM_TABLE
from quizapp.store.sql import json_column
from tests.helpers import ARTICLE, counting_writes, dump, example_deck, profile, write_deck


def items_of(store: Store, slug: str, card_key: str) -> dict[str, tuple[int, bool]]:
    with store.read() as conn:
        rows = conn.execute(
            select(ITEM_TABLE.c.key, ITEM_TABLE.c.id, ITEM_TABLE.c.retired)
            .join(CARD_TABLE, CARD_TABLE.c.id == ITEM_TABLE.c.card_id)
            .where(CARD_TABLE.c.key == card_key)
        )
        return {r.key: (r.id, r.retired) for r in rows}


def answer(store: Store, learner_id: int, item_id: int, at: int) -> None:
    with store.write() as conn:
        before = read_states(conn, learner_id, [item_id])[item_id]
        after = StateRow(Memory(state=2, stability=3.0, difficulty=5.0, due=at + 86400, last_review=at, reps=1), deck_id=1)
        record(conn, learner_id, Answer(item_id, GOOD, at, 1500, False), before, after)


def test_import_reports_and_reimport_writes_nothing(store: Store, tmp_path: Path) -> None:
    path = write_deck(tmp_path, example_deck())
    reports, _ = import_paths(store, [str(path)])
    assert [(r.slug, r.added, r.updated, r.retired, r.unchanged) for r in reports] == [("example-every-type", 8, 0, 0, 0)]
    with counting_writes(store) as writes:
        again, _ = import_paths(store, [str(path)])
    assert writes == []
    assert [(r.added, r.updated, r.retired, r.unchanged) for r in again] == [(0, 0, 0, 8)]


def test_history_survives_an_edit_of_the_wording(store: Store, tmp_path: Path) -> None:
    data = example_deck()
    path = write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    learner = profile(store, "ada")
    assert learner.id is not None
    item_id = items_of(store, "example-every-type", "samsung-site")["fwd"][0]
    answer(store, learner.id, item_id, 1_700_000_000)
    answer(store, learner.id, item_id, 1_700_090_000)
    with store.read() as conn:
        state_before = read_states(conn, learner.id, [item_id])[item_id]

    data["cards"][0]["front"] = "Near which Japanese city will Samsung build its R&D facility?"
    write_deck(tmp_path, data)
    reports, _ = import_paths(store, [str(path)])
    assert (reports[0].updated, reports[0].unchanged) == (1, 7)

    assert items_of(store, "example-every-type", "samsung-site")["fwd"] == (item_id, False)
    with store.read() as conn:
        assert [h["reviewed_at"] for h in history(conn, learner.id, item_id)] == [1_700_000_000, 1_700_090_000]
        assert read_states(conn, learner.id, [item_id])[item_id] == state_before
    assert load_deck(store, "example-every-type").cards[0].front.startswith("Near which")  # type: ignore[attr-defined]


def test_removed_card_is_retired_and_comes_back_with_its_history(store: Store, tmp_path: Path) -> None:
    data = example_deck()
    path = write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    learner = profile(store, "ada")
    assert learner.id is not None
    item_id = items_of(store, "example-every-type", "buildup-sum")["main"][0]
    answer(store, learner.id, item_id, 1_700_000_000)

    removed = data["cards"].pop(5)
    write_deck(tmp_path, data)
    reports, _ = import_paths(store, [str(path)])
    assert (reports[0].retired, reports[0].unchanged) == (1, 7)
    assert items_of(store, "example-every-type", "buildup-sum")["main"] == (item_id, True)
    assert "buildup-sum" not in [c.id for c in load_deck(store, "example-every-type").cards]

    data["cards"].insert(5, removed)
    write_deck(tmp_path, data)
    reports, _ = import_paths(store, [str(path)])
    assert (reports[0].added, reports[0].restored) == (1, 1)
    assert items_of(store, "example-every-type", "buildup-sum")["main"] == (item_id, False)
    with store.read() as conn:
        assert len(history(conn, learner.id, item_id)) == 1


def test_cloze_numbers_come_and_go_with_their_items(store: Store, tmp_path: Path) -> None:
    data = example_deck()
    path = write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    before = items_of(store, "example-every-type", "samsung-cloze")
    assert set(before) == {"c1", "c2"}
    data["cards"][1]["text"] = "Samsung is the world's largest {{c1::memory chipmaker}}."
    write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    after = items_of(store, "example-every-type", "samsung-cloze")
    assert after == {"c1": (before["c1"][0], False), "c2": (before["c2"][0], True)}
    # Numbers may not skip (lint refuses c1, c3): c2 comes back with its item, c3 is new.
    data["cards"][1]["text"] = "Samsung is the world's largest {{c1::memory chipmaker}}, {{c2::Japan}} and {{c3::more}}."
    write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    final = items_of(store, "example-every-type", "samsung-cloze")
    assert final["c1"] == before["c1"] and final["c2"] == before["c2"] and final["c3"][1] is False


def test_a_failure_half_way_imports_nothing(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = write_deck(tmp_path, example_deck())
    second_data = example_deck() | {"deck": "second-deck"}
    second = write_deck(tmp_path, second_data)
    calls = {"n": 0}
    real = importer._sync_cards

    def failing(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        real(*args, **kwargs)

    monkeypatch.setattr(importer, "_sync_cards", failing)
    before = dump(store)
    with pytest.raises(RuntimeError):
        import_paths(store, [str(first), str(second)])
    assert dump(store) == before


def test_decks_with_errors_are_refused(store: Store, tmp_path: Path) -> None:
    data = example_deck()
    data["cards"][0]["anwser"] = "x"
    path = write_deck(tmp_path, data)
    reports, decks = import_paths(store, [str(path)])
    assert reports == [] and not decks[0].ok
    with pytest.raises(DeckError):
        importer.import_decks(store, decks)
    assert dump(store)["deck"] == []


# --- the round trip: any valid deck survives write -> lint -> import -> read back unchanged ---

words = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff\ufffe\uffff"), min_size=1, max_size=30
).filter(lambda s: s.strip() != "" and s == s.strip())
ident = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
common = {
    "quote": st.none(),
    "explanation": st.none() | words,
    "tags": st.lists(st.from_regex(r"\A[a-z]{1,6}\Z"), max_size=2, unique=True),
}


def distinct(min_size: int = 2) -> st.SearchStrategy[list[str]]:
    # Distinct as lint sees them: case and typographic quotes and dashes do not make a new choice.
    return st.lists(words, min_size=min_size, max_size=8, unique_by=lambda s: fold(s).casefold())


@st.composite
def cards(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(sorted(CARD_TYPES)))
    card: dict[str, Any] = {"type": kind, **{k: draw(v) for k, v in common.items()}}
    if kind == "basic":
        card |= {"front": draw(words), "back": draw(words), "reverse": draw(st.booleans())}
    elif kind == "cloze":
        parts = draw(
            st.lists(
                st.tuples(words.filter(lambda s: "{" not in s and "}" not in s and ":" not in s), st.integers(1, 3)),
                min_size=1,
                max_size=4,
            )
        )
        # Numbers may repeat but not skip one (c1, c3 is a lint error): renumber them densely.
        dense = {n: i + 1 for i, n in enumerate(sorted({n for _, n in parts}))}
        card["text"] = " ".join(f"x {{{{c{dense[n]}::{w}}}}}" for w, n in parts)
    elif kind == "choice":
        choices = draw(distinct())
        multiple = draw(st.booleans())
        card |= {"question": draw(words), "choices": choices, "shuffle": draw(st.booleans())}
        card["answer"] = (
            draw(st.lists(st.sampled_from(choices), min_size=1, unique=True)) if multiple else draw(st.sampled_from(choices))
        )
    elif kind == "truefalse":
        card |= {"statement": draw(words), "answer": draw(st.booleans())}
    elif kind == "typed":
        card |= {"question": draw(words), "answer": draw(words), "accept": draw(st.lists(words, max_size=3))}
    elif kind == "order":
        card |= {"question": draw(words), "items": draw(distinct())}
    else:
        lefts = draw(distinct())
        rights = draw(distinct(len(lefts)).map(lambda r: r[: len(lefts)]).filter(lambda r: len(r) == len(lefts)))
        card |= {"question": draw(words), "pairs": dict(zip(lefts, rights, strict=False))}
    return card


decks = st.fixed_dictionaries(
    {
        "quizapp": st.just(1),
        "deck": ident,
        "title": words,
        "description": st.none() | words,
        "tags": st.lists(st.from_regex(r"\A[a-z]{1,6}\Z"), max_size=2, unique=True),
        "cards": st.lists(cards(), min_size=1, max_size=6),
    }
)


# Whole sentences of the article, which a card may quote alone or several together.
EXCERPTS = [s.text for s in document(ARTICLE.name, ARTICLE.read_text(encoding="utf-8")).sentences]
quotes = st.lists(st.lists(st.sampled_from(EXCERPTS), min_size=1, max_size=3), min_size=6, max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=decks, excerpts=st.none() | quotes)
def test_any_valid_deck_round_trips(data: dict[str, Any], excerpts: list[list[str]] | None, store: Store,
                                    tmp_path: Path) -> None:
    for i, card in enumerate(data["cards"]):
        card["id"] = f"card-{i}"
        if excerpts is not None:  # a deck with a source: every card quotes one excerpt or a list
            card["quote"] = excerpts[i][0] if len(excerpts[i]) == 1 else excerpts[i]
    if excerpts is not None:
        data["source"] = ARTICLE.name
    path = write_deck(tmp_path / data["deck"], data, name="deck.yaml")
    result = lint([path])
    assert result.errors == 0, [str(p) for p in result.problems]
    import_paths(store, [str(path)])
    stored = load_deck(store, data["deck"])
    assert (stored.title, stored.description, stored.tags) == (data["title"], data["description"], data["tags"])
    assert [c.model_dump() for c in stored.cards] == [c.model_dump() for c in result.decks[0].cards]
    assert [c.item_keys() for c in stored.cards] == [c.item_keys() for c in result.decks[0].cards]
    for written, back in zip(data["cards"], stored.cards, strict=False):
        for field_name, value in written.items():
            assert getattr(back, field_name) == value


def _deck_on(slug: str, source: Path) -> Path:
    """The example deck as `slug`, beside `source` (a deck reads sources from its own folder)."""
    data = example_deck()
    data["deck"], data["source"] = slug, source.name
    return write_deck(source.parent, data)


def _spans(store: Store, slug: str) -> dict[str, tuple[int | None, int | None]]:
    with store.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT c.key, c.quote_start, c.quote_end FROM card AS c JOIN deck AS d ON d.id = c.deck_id "
            f"WHERE d.slug = '{slug}' AND c.quote IS NOT NULL").all()
    return {str(k): (s, e) for k, s, e in rows}


def test_reimport_after_only_the_source_changed_says_so_and_rechecks_the_quotes(store: Store, tmp_path: Path) -> None:
    from tests.helpers import ARTICLE

    source = tmp_path / "decks" / "article.txt"
    source.parent.mkdir()
    text = ARTICLE.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    deck = _deck_on("first", source)
    other = _deck_on("second", source)  # a deck on the same source, not imported again below
    import_paths(store, [str(deck), str(other)])
    before = _spans(store, "first")
    source.write_text("A new opening paragraph, added by the editor.\n\n" + text, encoding="utf-8")
    reports, _ = import_paths(store, [str(deck)])
    (report,) = reports
    assert "source article.txt changed" in str(report)
    assert f"{len(before)} quotes checked, {len(before)} moved" in str(report)
    shift = len("A new opening paragraph, added by the editor.\n\n")
    after = _spans(store, "first")
    assert after == {k: (s + shift, e + shift) for k, (s, e) in before.items() if s is not None and e is not None}
    assert _spans(store, "second") == after  # the other deck's quotes were checked and moved too
    with store.read() as conn:
        assert conn.exec_driver_sql("SELECT text FROM source").scalar() == source.read_text(encoding="utf-8")


def test_a_source_change_that_breaks_another_decks_quote_is_refused(store: Store, tmp_path: Path) -> None:
    from tests.helpers import ARTICLE

    source = tmp_path / "decks" / "article.txt"
    source.parent.mkdir()
    text = ARTICLE.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    deck = _deck_on("first", source)
    other_data = example_deck()
    other_data["deck"], other_data["source"] = "second", source.name
    other_data["cards"] = [c for c in other_data["cards"] if c["id"] == "summit-place"]
    other = write_deck(source.parent, other_data)
    import_paths(store, [str(deck), str(other)])
    first_data = example_deck()
    first_data["deck"], first_data["source"] = "first", source.name
    first_data["cards"] = [c for c in first_data["cards"] if c["id"] != "summit-place"]
    write_deck(source.parent, first_data)
    source.write_text(text.replace("attended a summit with", "met"), encoding="utf-8")
    before = dump(store)
    with pytest.raises(DeckError, match="quote of card summit-place of deck second"):
        import_paths(store, [str(deck)])
    assert dump(store) == before


def test_quote_lists_and_card_lines_are_stored_and_survive_edits(store: Store, tmp_path: Path) -> None:
    from quizapp.store.models import DECK_TABLE

    data = example_deck()
    path = write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    learner = profile(store, "ada")
    assert learner.id is not None
    order_item = items_of(store, "example-every-type", "colonial-to-armistice")["main"][0]
    answer(store, learner.id, order_item, 1_700_000_000)
    with store.read() as conn:
        row = conn.execute(select(CARD_TABLE.c.quote, CARD_TABLE.c.quote_start, CARD_TABLE.c.quotes, CARD_TABLE.c.line)
                           .where(CARD_TABLE.c.key == "colonial-to-armistice")).one()
        file_path = conn.execute(select(DECK_TABLE.c.file_path)).scalar_one()
    article = ARTICLE.read_text(encoding="utf-8")
    first, second = data["cards"][6]["quote"]
    # The first excerpt is in the span columns (for the mastery index); every excerpt, with its
    # span, in quotes.
    assert row.quote == first and article[row.quote_start : row.quote_start + len(first)] == first.replace("'", "\u2019")
    spans = [(q["text"], article[q["start"] : q["end"]]) for q in json_column(row.quotes)]
    assert spans == [(first, first.replace("'", "\u2019")), (second, second)]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert row.line == next(n for n, line in enumerate(lines, 1) if line.endswith("id: colonial-to-armistice"))
    assert file_path == str(path.resolve())
    assert load_deck(store, "example-every-type").cards[6].quote == [first, second]
    # A card moved down the file by an edit above it keeps its history; only its line changes.
    path.write_text(path.read_text(encoding="utf-8").replace("cards:\n", "cards:\n  # the cards, in study order\n"))
    reports, _ = import_paths(store, [str(path)])
    assert (reports[0].updated, reports[0].unchanged) == (0, 8)
    with store.read() as conn:
        line = conn.execute(select(CARD_TABLE.c.line).where(CARD_TABLE.c.key == "colonial-to-armistice")).scalar_one()
        assert line == row.line + 1
        assert len(history(conn, learner.id, order_item)) == 1
    # One more excerpt is an update in place: same item, history kept.
    data["cards"][6]["quote"] = [first, second, "Tensions remain between North and South Korea"]
    write_deck(tmp_path, data)
    reports, _ = import_paths(store, [str(path)])
    assert reports[0].updated == 1
    assert items_of(store, "example-every-type", "colonial-to-armistice")["main"] == (order_item, False)
    assert load_deck(store, "example-every-type").cards[6].quote == data["cards"][6]["quote"]
    # Back to a single excerpt: the list column is cleared.
    data["cards"][6]["quote"] = first
    write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    with store.read() as conn:
        assert conn.execute(select(CARD_TABLE.c.quotes).where(CARD_TABLE.c.key == "colonial-to-armistice")).scalar_one() is None


def test_cards_and_items_are_numbered_in_the_order_of_the_deck(store: Store, tmp_path: Path) -> None:
    # Browse lists a deck's items by id, and new cards come out of the queue by position: both
    # follow the deck file, whatever the card ids sort as.
    data = example_deck()
    data["cards"] = list(reversed(data["cards"]))  # ids no longer in alphabetical order
    import_paths(store, [str(write_deck(tmp_path, data))])
    with store.read() as conn:
        cards = [str(r.key) for r in conn.execute(select(CARD_TABLE.c.key).order_by(CARD_TABLE.c.id))]
        items = conn.execute(select(ITEM_TABLE.c.id, ITEM_TABLE.c.position).order_by(ITEM_TABLE.c.id)).all()
    assert cards == [card["id"] for card in data["cards"]]
    assert [r.position for r in items] == sorted(r.position for r in items)


def test_a_card_added_above_moves_every_item_below_it_and_keeps_their_ids(store: Store, tmp_path: Path) -> None:
    data = example_deck()
    path = write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    with store.read() as conn:
        before = {(r.card_id, r.key): r.id for r in conn.execute(select(ITEM_TABLE.c.id, ITEM_TABLE.c.card_id, ITEM_TABLE.c.key))}
    first = dict(data["cards"][0], id="a-new-first-card")
    data["cards"].insert(0, first)
    write_deck(tmp_path, data)
    reports, _ = import_paths(store, [str(path)])
    assert (reports[0].added, reports[0].unchanged) == (1, len(data["cards"]) - 1)
    with store.read() as conn:
        keys = {int(r.id): str(r.key) for r in conn.execute(select(CARD_TABLE.c.id, CARD_TABLE.c.key))}
        items = conn.execute(select(ITEM_TABLE.c.id, ITEM_TABLE.c.card_id, ITEM_TABLE.c.key, ITEM_TABLE.c.position,
                                    ITEM_TABLE.c.retired)).all()
    assert all(not r.retired for r in items)
    assert {(r.card_id, r.key): r.id for r in items if keys[r.card_id] != first["id"]} == before  # same items, history kept
    in_order = [keys[r.card_id] for r in sorted(items, key=lambda r: r.position)]
    assert list(dict.fromkeys(in_order)) == [card["id"] for card in data["cards"]]  # positions follow the file
