"""A stored card asks what its model asks, and studying never imports the models or pydantic
(issue 15: importing them was 100-145 ms of the wait between home and the first card)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.cards import prompt_for, prompt_seed
from quizapp.cards.base import CardBase
from quizapp.cards.registry import CARD_TYPES
from quizapp.cards.stored import LABELS, StoredCard
from quizapp.decks.deckfile import read_deck
from quizapp.decks.lint import lint
from quizapp.store.catalog import item_views
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from tests.helpers import DECKS, example_deck, write_deck

BUNDLED = [card for deck in lint([DECKS]).decks for card in deck.cards]


def stored(card: CardBase) -> StoredCard:
    """The card as the database keeps it, read back."""
    content = json.loads(json.dumps(card.content()))  # through JSON, as the card table holds it
    return StoredCard(card.type, card.id, content, quote=card.quote, explanation=card.explanation, tags=card.tags)


def example_cards(tmp_path: Path) -> list[CardBase]:
    deck = read_deck(write_deck(tmp_path, example_deck()))
    return [card for card in deck.cards if card is not None]


@pytest.mark.parametrize("quiz", [False, True])
def test_a_stored_card_asks_what_its_model_asks(tmp_path: Path, quiz: bool) -> None:
    cards = [*BUNDLED, *example_cards(tmp_path)]
    assert {card.type for card in cards} == set(CARD_TYPES)
    for card in cards:
        twin = stored(card)
        assert twin.item_keys() == card.item_keys(), card.id
        assert twin.label == card.LABEL == LABELS[card.type]
        assert (twin.quotes, twin.first_quote, twin.quoted()) == (card.quotes, card.first_quote, card.quoted())
        for key in card.item_keys():
            for turn in range(3):  # shuffles differ by turn: each must come out the same
                seed = prompt_seed(1, 7, turn)
                assert prompt_for(twin, key, seed, quiz=quiz) == prompt_for(card, key, seed, quiz=quiz), (card.id, key)


def test_a_stored_card_gives_back_its_model(tmp_path: Path) -> None:
    for card in example_cards(tmp_path):
        model = stored(card).model
        assert type(model) is type(card)
        assert model.model_dump() == card.model_dump()


def test_fields_added_to_the_format_later_read_as_their_defaults() -> None:
    """A card stored before a field existed lacks it: the stored card reads the model's default."""
    basic = StoredCard("basic", "b", {"front": "F", "back": "B"})
    assert basic.item_keys() == ["fwd"]
    choice = StoredCard("choice", "c", {"question": "Q?", "choices": ["a", "b"], "answer": "a"})
    assert sorted(prompt_for(choice, "main", 1).options) == ["a", "b"]  # type: ignore[attr-defined]
    typed = StoredCard("typed", "t", {"question": "Q?", "answer": "A"})
    assert prompt_for(typed, "main", 1).answers == ("A",)  # type: ignore[attr-defined]


def test_item_views_hold_stored_cards(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "s.db"))
    import_paths(store, [str(write_deck(tmp_path / "decks", example_deck()))])
    with store.driver_read() as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM item")]
        views = item_views(conn, ids)
    assert len(views) == len(ids) > 0
    assert all(isinstance(view.card, StoredCard) for view in views.values())
    store.close()


def test_studying_imports_neither_the_card_models_nor_pydantic(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "s.db"))
    import_paths(store, [str(write_deck(tmp_path / "decks", example_deck()))])
    from tests.helpers import profile

    profile(store, "ada")
    store.close()
    script = f"""
import sys
from quizapp.engine.scheduling import GOOD
from quizapp.opening import open_learning
import quizapp.ui.screens.study, quizapp.ui.widgets.answers, quizapp.ui.widgets.feedback
learning = open_learning({str(tmp_path / "s.db")!r}, "ada")
session = learning.study()
shown = 0
item = session.next()
while item is not None and shown < 20:
    item.prompt.answer_text(), item.intervals, item.view.card.label, item.view.card.quoted()
    session.answer(item, GOOD, 3000)
    shown += 1
    item = session.next()
learning.close()
print(shown, sorted(m for m in sys.modules if m == "pydantic" or m.startswith("pydantic.")
                    or m in ("quizapp.cards.base", "quizapp.cards.registry")))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    shown, imported = done.stdout.strip().split(" ", 1)
    assert int(shown) >= 7  # every card type of the example deck was shown and answered
    assert imported == "[]"
