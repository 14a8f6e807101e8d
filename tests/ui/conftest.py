"""UI test fixtures: an app on a temporary database with frozen clocks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.ui.app import QuizApp
from tests.helpers import FakeClock, example_deck, learning, profile, write_deck


class FrozenMonotonic:
    """A monotonic clock that only moves when told, so answer times (and Easy) are fixed."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Input cursors do not blink, so a snapshot of a screen with a focused input (settings,
    browse, the quiz dialog) is the same on every run."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def ui_store(tmp_path: Path) -> Store:
    """An SQLite store with the example deck (one card of every type) and learner ada."""
    store = Store.open(str(tmp_path / "ui.db"))
    import_paths(store, [str(write_deck(tmp_path / "decks", example_deck()))])
    profile(store, "ada")
    return store


@pytest.fixture
def make_app(ui_store: Store, clock: FakeClock) -> Callable[..., QuizApp]:
    """Build the app on the example store with fixed clocks and no fuzz."""

    def build(store: Store | None = None, *, key_guard: float = 0.0) -> QuizApp:
        target = store or ui_store
        return QuizApp(learning(target, "ada", clock=clock), monotonic=FrozenMonotonic(), key_guard=key_guard)

    return build


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long monkey walks run only when asked for: pytest -m monkey_long."""
    if "monkey_long" in (config.getoption("markexpr", "") or ""):
        return
    skip = pytest.mark.skip(reason="the long monkey walk runs with -m monkey_long")
    for item in items:
        if "monkey_long" in item.keywords:
            item.add_marker(skip)
