"""The app's stylesheet parses each source once, however many screens add theirs, and parses
again when the CSS variables change (a theme): issue 15, 35 ms off the first study screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import textual.css.stylesheet as textual_stylesheet
from textual.color import Color
from textual.pilot import Pilot

from quizapp.ui.app import QuizApp
from quizapp.ui.stylesheet import ReusingStylesheet
from tests.ui.driving import run, settle


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources Textual's parser reads, by the name they were read from."""
    sources: list[str] = []  # "path class-variable"
    parse = textual_stylesheet.parse  # type: ignore[attr-defined]  # the function Stylesheet parses with

    def counting(scope: str, css: str, read_from: tuple[str, str], **kwargs: Any) -> Any:
        sources.append(" ".join(read_from))
        return parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    return sources


def background(stylesheet: ReusingStylesheet) -> Color:
    (rule,) = [rule for rule in stylesheet.rules if rule.selectors == "Screen"]
    return rule.styles.background


def test_a_reparse_parses_only_the_new_sources(parsed: list[str]) -> None:
    stylesheet = ReusingStylesheet(variables={"paper": "red"})
    stylesheet.add_source("Screen { background: $paper; }", read_from=("first", ""))
    stylesheet.parse()
    stylesheet.add_source("Static { color: $paper; }", read_from=("second", ""))
    stylesheet.reparse()
    stylesheet.add_source("Button { color: $paper; }", read_from=("third", ""))
    stylesheet.reparse()
    assert parsed == ["first ", "second ", "third "]
    assert background(stylesheet) == Color.parse("red")


def test_new_variables_parse_every_source_again(parsed: list[str]) -> None:
    stylesheet = ReusingStylesheet(variables={"paper": "red"})
    stylesheet.add_source("Screen { background: $paper; }", read_from=("first", ""))
    stylesheet.parse()
    stylesheet.set_variables({"paper": "blue"})  # what a change of theme does
    stylesheet.reparse()
    assert parsed == ["first ", "first "]
    assert background(stylesheet) == Color.parse("blue")


def test_the_app_parses_each_stylesheet_once_and_follows_the_theme(
    make_app: Callable[..., QuizApp], parsed: list[str]
) -> None:
    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app.stylesheet, ReusingStylesheet)
        await settle(pilot)
        at_home = len(parsed)
        await pilot.press("enter")  # the study screen, with styles and widgets home does not have
        await settle(pilot)
        assert type(app.screen).__name__ == "StudyScreen"
        assert len(parsed) > at_home  # the study screen brought styles of its own
        again = sorted(set(parsed[:at_home]) & set(parsed[at_home:]))
        assert again == [], again
        dark = app.screen.styles.background
        app.theme = "textual-light"
        await settle(pilot)
        assert app.screen.styles.background != dark
        assert app.screen.styles.background == Color.parse(app.theme_variables["background"])

    run(make_app(), script)


def test_the_current_theme_is_read_without_copying_every_theme(
    make_app: Callable[..., QuizApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual asks for the current theme at every rendered line, and its own answer copies the
    dict of all themes each time; the app's reads the registered theme directly."""
    from textual.app import App

    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        await settle(pilot)

        def copying(self: App[None]) -> dict[str, object]:
            raise AssertionError("the themes were copied to find the current one")

        monkeypatch.setattr(App, "available_themes", property(copying))
        assert app.current_theme.name == app.theme
        monkeypatch.undo()
        app.theme = "textual-light"
        await settle(pilot)
        monkeypatch.setattr(App, "available_themes", property(copying))
        assert app.current_theme.name == "textual-light" and not app.current_theme.dark
        await pilot.press("s")  # a screen drawn from scratch in the new theme
        await settle(pilot)
        assert type(app.screen).__name__ == "StatsScreen"
        monkeypatch.undo()

    run(make_app(), script)


def test_a_pushed_screen_is_styled_at_mount_and_not_again_as_it_first_resumes(
    make_app: Callable[..., QuizApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual styles every node of a screen again when it resumes, the first time included,
    right after the mount styled them (5-11 ms of the statistics' way to their frame, issue 15).
    The first resume keeps the mount's styles; a later one asked to restyle still does, and a
    theme changed meanwhile still shows."""
    from textual import events
    from textual.app import App
    from textual.dom import DOMNode

    restyled: list[str] = []
    update_styles = App.update_styles

    def recording(self: App[None], node: DOMNode, animate: bool = True) -> None:
        if node is self.screen:  # the whole screen, as a resume asks
            restyled.append(type(node).__name__)
        update_styles(self, node, animate)

    monkeypatch.setattr(App, "update_styles", recording)

    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        await settle(pilot)
        restyled.clear()
        await pilot.press("s")
        await settle(pilot)
        stats = app.screen
        assert type(stats).__name__ == "StatsScreen"
        assert restyled == []  # styled once, at its mount
        again = events.ScreenResume()
        stats._keep_the_mount_styles(again)  # type: ignore[attr-defined]
        assert again.refresh_styles  # a later resume is left as Textual asks
        dark = stats.styles.background
        app.theme = "textual-light"
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert app.screen.styles.background != dark

    run(make_app(), script)
