"""The reader shows a Markdown source rendered: headings as headings, list items with their
bullets and close together, emphasis without its asterisks; a hard-wrapped source reflowed. A
card quoting several excerpts shows every one of them, after an answer and in browse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.browse import BrowseScreen
from quizapp.ui.screens.reader import CitationsScreen, ParagraphView, ReaderScreen
from quizapp.ui.widgets.line_table import LineTable
from quizapp.ui.widgets.page import Page
from tests.ui.driving import run, settle, study_screen

MARKDOWN = """# The *Harbour*

The harbour opened in **1887**, when the first pier was
finished.

- Today the harbour holds 240 moorings.
- A small museum shows the log.

Fishing boats came first.
"""
WRAPPED = ("Harbour\n\nThe harbour opened in 1887, when the first pier\nwas finished. Fishing boats came\n"
           "first and the ferries later.\n")


def app_reading(make_app: Callable[..., QuizApp], tmp_path: Path, name: str, text: str) -> QuizApp:
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "deck.yaml").write_text(
        f"quizapp: 1\ndeck: harbour\ntitle: Harbour\nsource: {name}\ncards:\n  - id: a\n    front: When?\n    back: '1887'\n"
        "    quote: The harbour opened in 1887\n    explanation: It says so.\n", encoding="utf-8")
    store = Store.open(str(tmp_path / "reader.db"))
    import_paths(store, [str(tmp_path / "deck.yaml")])
    return make_app(store)


def shown(pilot: Pilot[None]) -> list[tuple[str, set[str]]]:
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return [(str(view.render()), set(view.classes) - {"paragraph"}) for view in screen.query(ParagraphView)]


def read(app: QuizApp) -> list[tuple[str, set[str]]]:
    """Open the reader from home, and every paragraph as shown with its classes."""
    seen: list[list[tuple[str, set[str]]]] = []

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        await settle(pilot)
        seen.append(shown(pilot))

    run(app, script)
    return seen[0]


def test_the_reader_renders_markdown(make_app: Callable[..., QuizApp], tmp_path: Path) -> None:
    assert read(app_reading(make_app, tmp_path, "harbour.md", MARKDOWN)) == [
        ("The Harbour", {"heading"}),
        ("The harbour opened in 1887, when the first pier was finished.", set()),
        ("• Today the harbour holds 240 moorings.", {"item"}),
        ("• A small museum shows the log.", set()),  # the last item keeps the gap below it
        ("Fishing boats came first.", set()),
    ]


def test_the_reader_reflows_a_hard_wrapped_source(make_app: Callable[..., QuizApp], tmp_path: Path) -> None:
    assert read(app_reading(make_app, tmp_path, "harbour.txt", WRAPPED)) == [
        ("Harbour", {"heading"}),
        ("The harbour opened in 1887, when the first pier was finished. Fishing boats came first and the ferries later.",
         set()),
    ]


def test_a_card_quoting_several_excerpts_shows_each(make_app: Callable[..., QuizApp], tmp_path: Path) -> None:
    (tmp_path / "harbour.txt").write_text(WRAPPED, encoding="utf-8")
    (tmp_path / "deck.yaml").write_text(
        "quizapp: 1\ndeck: harbour\ntitle: Harbour\nsource: harbour.txt\ncards:\n  - id: a\n    front: What came first?\n"
        "    back: The pier, then boats\n    quote:\n      - the first pier was finished\n      - Fishing boats came first\n"
        "    explanation: It says so.\n", encoding="utf-8")
    store = Store.open(str(tmp_path / "quotes.db"))
    import_paths(store, [str(tmp_path / "deck.yaml")])
    both = "\u201cthe first pier was finished\u201d \u2026 \u201cFishing boats came first\u201d"
    seen: list[str] = []

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        screen = study_screen(pilot)
        await pilot.press("space")
        await pilot.pause()
        seen.append(str(screen.query_one("#feedback", Static).render()))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BrowseScreen)
        seen.append(pilot.app.screen.query_one("#detail", Page).text("detail"))

    run(make_app(store), script)
    assert f"Source: {both}  (o opens it)" in seen[0].replace("\n", " ")
    assert f"Quote: {both}" in seen[1].replace("\n", " ")


def test_the_cards_citing_a_sentence_are_read_when_asked(bundled_store: Store, make_app: Callable[..., QuizApp],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Enter on a sentence lists the cards citing it (the first LISTED of them; the title says how
    many there are) and c crams every one of them."""
    monkeypatch.setattr(CitationsScreen, "LISTED", 2)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        await settle(pilot)
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen) and reader.text is not None and reader.text.cited
        text = reader.text
        busiest = max(range(len(text.counts)), key=text.counts.__getitem__)
        count = text.counts[busiest]
        assert count > 2
        reader.set_cursor(busiest)
        assert f"cited by {count} cards" in str(reader.query_one("#status", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        listing = pilot.app.screen
        assert isinstance(listing, CitationsScreen)
        app = pilot.app
        assert isinstance(app, QuizApp)
        assert [c.card_id for c in listing.cards] == [c.card_id for c in app.learning.citing_cards(text, [busiest])]
        assert len(listing.cards) == count
        table = listing.query_one(LineTable)
        assert table.row_count == 2
        assert str(table.border_title).startswith(f"{count} cards cite this sentence (the first 2 listed)")
        await pilot.press("c")
        await settle(pilot)
        cram: Any = study_screen(pilot).driver
        assert set(cram._views) == {i for c in listing.cards for i in c.item_ids}

    run(make_app(bundled_store), script)
