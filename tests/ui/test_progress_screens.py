"""The statistics screen and the mastery map on the hand-built history of the stats tests."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from quizapp.progress.reader import mastery, reading
from quizapp.store.database import Store
from quizapp.ui.app import PRELOAD_AFTER, QuizApp
from quizapp.ui.screens.browse import BrowseScreen
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.reader import ParagraphView, ReaderScreen
from quizapp.ui.screens.stats import StatsScreen
from quizapp.ui.widgets.line_table import LineTable
from quizapp.ui.widgets.page import Page
from quizapp.ui.widgets.title_bar import TitleBar
from tests.builders import NOW, build_history
from tests.helpers import FakeClock, profile
from tests.ui.driving import run, settle, until


def test_statistics_screen_shows_the_figures(ui_store: Store, clock: FakeClock, make_app: Callable[..., QuizApp]) -> None:
    build_history(ui_store)
    clock.now = NOW

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen)
        today = screen.query_one("#figures", Page).text("today")
        assert "3 answers on 2 items" in today and "accuracy 67%" in today and "streak 2 days" in today
        forecast = screen.query_one("#figures", Page).text("forecast-numbers")
        assert forecast.startswith("Tue 10: 2  Wed 11: 0  Thu 12: 1") and "next 30 days: 4" in forecast
        intervals = screen.query_one("#figures", Page).text("retention-intervals-numbers")
        assert "1-2 d: 100% of 2" in intervals and "3-7 d: 50% of 2" in intervals
        figures = screen.query_one("#figures", Page)
        assert "new: 5  learning: 1  review: 2  relearning: 1  suspended: 1" in figures.text("states")
        assert screen.query_one("#mastery", LineTable).rows[0] == ("Example: one card of every type", "10", "4", "40%")
        hardest = screen.query_one("#hardest", LineTable)
        # Every studied item is still above the desired retention: none is listed for low recall.
        assert [row[0] for row in hardest.rows] == ["leech", "lapses"]
        assert "6/8 answered (75%)" in screen.query_one("#quizzes", Page).text("quizzes")
        hardest.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BrowseScreen) and pilot.app.screen.filters.search == "experts"

    run(make_app(), script)


def test_mastery_map_shades_every_paragraph(ui_store: Store, clock: FakeClock, make_app: Callable[..., QuizApp]) -> None:
    build_history(ui_store)
    clock.now = NOW
    ada = profile(ui_store, "ada")
    assert ada.id is not None
    expected = mastery(ui_store, ada, reading(ui_store, ada.id), NOW)
    assert any(v for v in expected.values()) and None in expected.values()

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("m")
        await settle(pilot)
        assert screen.recall == expected
        for view in screen.query(ParagraphView):
            text = str(view.render())
            value = expected.get(view.paragraph.index, "heading")
            if value == "heading":
                continue
            if value is None:
                assert text.startswith("[no card]") and view.has_class("uncited")
            else:
                assert text.startswith(f"[{value * 100:3.0f}%]") and view.styles.background is not None
        assert "Mastery:" in str(screen.query_one("#status", Static).render())
        # From a weak paragraph, one key crams exactly its cards.
        cited = next(v for v in screen.query(ParagraphView) if expected.get(v.paragraph.index))
        screen.set_cursor(cited.paragraph.sentences[0])
        await pilot.press("c")
        await settle(pilot)
        cram: Any = pilot.app.screen
        assert screen.text is not None
        app = pilot.app
        assert isinstance(app, QuizApp)
        cards = app.learning.citing_cards(screen.text, cited.paragraph.sentences)
        items = {i for c in cards for i in c.item_ids}
        assert items and set(cram.driver._views) == items

    run(make_app(), script)


class _Timed:
    """Learning.statistics made slow, and what the statistics screen saw when it was built."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, within_wait: float = 5.0, open_anyway: float = 5.0) -> None:
        from quizapp.learning import Learning
        from quizapp.ui.screens import stats as stats_screen

        monkeypatch.setattr(stats_screen, "SHOW_AT_ONCE_WITHIN", within_wait)
        monkeypatch.setattr(stats_screen, "OPEN_ANYWAY_AFTER", open_anyway)
        self.release = threading.Event()  # the computation finishes when the test says so
        self.computed = 0
        self.built: list[bool] = []  # per screen built: were its figures ready?
        self.loads = 0  # screens that waited for their figures in a worker
        compose, load, statistics = StatsScreen.compose, StatsScreen.load, Learning.statistics

        def composing(screen: StatsScreen) -> Any:
            self.built.append(screen.pending.done())
            return compose(screen)

        def loading(screen: StatsScreen) -> Any:
            self.loads += 1
            return load(screen)

        def slow(learning: Learning) -> Any:
            self.computed += 1
            self.release.wait(timeout=10)
            return statistics(learning)

        monkeypatch.setattr(StatsScreen, "compose", composing)
        monkeypatch.setattr(StatsScreen, "load", loading)
        monkeypatch.setattr(Learning, "statistics", slow)


def _title(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one(TitleBar).render())


def test_statistics_within_the_wait_are_in_the_screens_first_paint(ui_store: Store, make_app: Callable[..., QuizApp],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The figures are computed from the key press on, and the screen is built once they are
    ready (building it meanwhile slowed them 2-3x: their threads waited for the GIL), so they are
    in its first paint: no worker, no "Computing…"."""
    timed = _Timed(monkeypatch)
    threading.Timer(0.3, timed.release.set).start()  # slower than a screen's mount, within the wait

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen) and screen.stats is not None
        assert "Today:" in screen.query_one("#figures", Page).text("today")

    run(make_app(), script)
    assert (timed.built, timed.loads) == ([True], 0)


def test_slower_statistics_keep_the_screen_live_and_open_with_their_figures(
    ui_store: Store, make_app: Callable[..., QuizApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slower than the key's wait (a million items), the screen the key was pressed on says the
    statistics are being computed and stays live; they open, figures and all, once computed."""
    timed = _Timed(monkeypatch, within_wait=0.0)

    async def script(pilot: Pilot[None]) -> None:
        before = _title(pilot)
        await pilot.press("s")
        await pilot.pause(0.2)
        assert isinstance(pilot.app.screen, HomeScreen) and "computing statistics…" in _title(pilot)
        await pilot.press("s")  # again meanwhile: still one computation, one screen
        await pilot.press("down", "up")  # the home screen still takes keys
        assert timed.computed == 1 and isinstance(pilot.app.screen, HomeScreen)
        timed.release.set()
        await until(pilot, lambda: isinstance(pilot.app.screen, StatsScreen))
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen) and screen.stats is not None
        assert "Today:" in screen.query_one("#figures", Page).text("today")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen) and _title(pilot) == before

    run(make_app(), script)
    assert (timed.built, timed.loads) == ([True], 0)


def test_statistics_slower_than_a_second_open_saying_computing(ui_store: Store, make_app: Callable[..., QuizApp],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Slower still (a distant server), the screen opens anyway, says "Computing…", and its worker
    fills it in once the figures come."""
    timed = _Timed(monkeypatch, within_wait=0.0, open_anyway=0.3)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await until(pilot, lambda: isinstance(pilot.app.screen, StatsScreen))
        await pilot.pause(0.1)
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen) and screen.stats is None
        assert screen.query_one("#figures", Page).text("today") == "Computing…"
        timed.release.set()
        await settle(pilot)
        assert screen.stats is not None and "Today:" in screen.query_one("#figures", Page).text("today")

    run(make_app(), script)
    assert (timed.built, timed.loads) == ([False], 1)


def test_statistics_stay_closed_when_the_learner_went_elsewhere_meanwhile(
    ui_store: Store, make_app: Callable[..., QuizApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    timed = _Timed(monkeypatch, within_wait=0.0, open_anyway=0.5)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await pilot.pause(0.1)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BrowseScreen)
        timed.release.set()
        await pilot.pause(0.8)  # past the figures and the timer
        await settle(pilot)
        assert isinstance(pilot.app.screen, BrowseScreen)
        assert not any(isinstance(s, StatsScreen) for s in pilot.app.screen_stack)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen) and "computing" not in _title(pilot)

    run(make_app(), script)
    assert timed.built == []


def test_the_main_screens_styles_are_parsed_while_home_waits(ui_store: Store, make_app: Callable[..., QuizApp]) -> None:
    reparsed: list[str] = []

    async def script(pilot: Pilot[None]) -> None:
        await pilot.pause(PRELOAD_AFTER)
        stylesheet = pilot.app.stylesheet
        stats_css = str((Path(inspect.getfile(StatsScreen)).parent / str(StatsScreen.CSS_PATH)).resolve())
        for _ in range(100):  # the preload runs on a timer, late on a loaded machine
            if stylesheet.has_source(stats_css, ""):
                break
            await pilot.pause(0.1)
        assert stylesheet.has_source(stats_css, ""), "the screens' styles were never preloaded"
        original, parse = stylesheet.reparse, stylesheet.parse

        def reparse() -> None:
            reparsed.append(type(pilot.app.screen).__name__)
            original()

        def parsing() -> None:  # a widget's styles seen for the first time
            reparsed.append(f"{type(pilot.app.screen).__name__} (a widget's)")
            parse()

        stylesheet.reparse = reparse  # type: ignore[method-assign]
        stylesheet.parse = parsing  # type: ignore[method-assign]
        for key in ("b", "s", "r", "enter"):
            await pilot.press(key)
            await settle(pilot)
            opened = type(pilot.app.screen).__name__
            assert opened != "HomeScreen", key
            await pilot.press("escape")
            await settle(pilot)
            if opened == "StudyScreen" and type(pilot.app.screen).__name__ != "HomeScreen":
                await pilot.press("y")  # leave the session
                await settle(pilot)

    run(make_app(), script)
    assert reparsed == [], reparsed  # no screen parsed every stylesheet again at its first opening


def test_statistics_scrollbar_is_there_from_the_first_layout(
    ui_store: Store, clock: FakeClock, make_app: Callable[..., QuizApp]
) -> None:
    """With `overflow-y: auto` the scrollbar appears after the first layout (even with its gutter
    kept), which lays every section out again and paints a second frame, its thumb the only
    change: the statistics always overflow a terminal, so the bar is shown from the start."""
    build_history(ui_store)
    clock.now = NOW

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await settle(pilot)
        sections = pilot.app.screen.query_one("#stats")
        assert sections.styles.overflow_y == "scroll"
        assert sections.show_vertical_scrollbar and sections.max_scroll_y > 0

    run(make_app(), script)


def test_statistics_page_takes_the_focus_after_the_first_frame(
    ui_store: Store, clock: FakeClock, make_app: Callable[..., QuizApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Focusing the page styles every node under it again (5-10 ms), so it is focused once the
    first frame is out; then the keys scroll it and tab reaches the hardest items, as before.
    (Textual is pinned: its private `_display` marks a frame drawn.)"""
    from textual.app import App
    from textual.dom import DOMNode

    build_history(ui_store)
    clock.now = NOW
    events: list[str] = []
    restyle, display = DOMNode.update_node_styles, App._display

    def restyled(node: DOMNode, *args: Any, **kwargs: Any) -> Any:
        if isinstance(getattr(node, "screen", None), StatsScreen):
            events.append("restyle")
        return restyle(node, *args, **kwargs)

    def drawn(app: App[Any], *args: Any, **kwargs: Any) -> Any:
        if isinstance(app.screen, StatsScreen):
            events.append("frame")
        return display(app, *args, **kwargs)

    monkeypatch.setattr(DOMNode, "update_node_styles", restyled)
    monkeypatch.setattr(App, "_display", drawn)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen)
        page = screen.query_one("#stats")
        assert screen.focused is page
        await pilot.press("down", "down", "down")
        await settle(pilot)
        assert page.scroll_y > 0
        await pilot.press("tab")
        assert screen.focused is screen.query_one("#hardest", LineTable)

    run(make_app(), script)
    assert "frame" in events
    assert "restyle" not in events[: events.index("frame")]  # nothing styled again before the first frame
