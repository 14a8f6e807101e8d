"""Hostile text already in the database is shown on every screen, never obeyed and never markup:
every screen is visited and what it renders is checked for raw control characters."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select
from textual.widgets._toast import Toast

from quizapp.cards import ClozeTypedPrompt, RevealPrompt, TypedPrompt
from quizapp.store.database import Store
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.browse import BrowseScreen
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.quiz import QuizResultScreen, QuizScreen, QuizSetupScreen
from quizapp.ui.screens.reader import CitationsScreen, ReaderScreen
from quizapp.ui.screens.settings import SettingsScreen
from quizapp.ui.screens.stats import StatsScreen
from quizapp.ui.screens.study import StudyScreen
from tests.builders import EVIL_NAME, OBEYED, hostile_database
from tests.helpers import FakeClock, learning
from tests.ui.driving import answer_prompt, press, run, settle


def rendered(pilot: Pilot[None]) -> str:
    """Every character the current screen (notifications included) would send to the terminal."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def answer_quickly(pilot: Pilot[None], prompt: object) -> None:
    """Answer so the feedback shows: typed answers wrongly with one key (typing the hostile
    answer key by key would take long), the rest rightly."""
    if isinstance(prompt, RevealPrompt):
        await press(pilot, "space")
    elif isinstance(prompt, TypedPrompt):
        await press(pilot, "x", "enter")
    elif isinstance(prompt, ClozeTypedPrompt):
        for _gap in prompt.gaps:
            await press(pilot, "x", "enter")
    else:
        await answer_prompt(pilot, prompt)
        await settle(pilot)


def check(pilot: Pilot[None], where: str, *, shows_evil: bool = True) -> None:
    text = rendered(pilot)
    raw = OBEYED.search(text)
    assert raw is None, f"{where}: raw {raw.group()!r} in {text[max(0, raw.start() - 60):raw.end() + 60]!r}"
    if shows_evil:
        assert "␛" in text, f"{where}: the hostile text is not on screen, so nothing was checked"


def test_every_screen_shows_hostile_text_safely(tmp_path: Path, clock: FakeClock) -> None:
    store = Store.open(str(hostile_database(tmp_path / "evil.db", tmp_path / "decks")))
    app = QuizApp(learning(store, "ada", clock=clock), key_guard=0.0)

    async def script(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app.screen, HomeScreen)
        check(pilot, "home")
        # Study every item to its feedback, each card type in turn.
        await press(pilot, "enter")
        for _ in range(10):
            screen = pilot.app.screen
            if not isinstance(screen, StudyScreen) or screen.item is None:
                break
            check(pilot, f"study question {screen.item.item_id}")
            await answer_quickly(pilot, screen.item.prompt)
            await settle(pilot)
            check(pilot, f"study feedback {screen.item.item_id}")
            await press(pilot, "3")
        await press(pilot, "escape")
        # A quiz: the deck list, a question, its feedback, the results.
        await press(pilot, "t")
        assert isinstance(pilot.app.screen, QuizSetupScreen)
        check(pilot, "quiz setup")
        await press(pilot, "ctrl+s")
        quiz = pilot.app.screen
        assert isinstance(quiz, QuizScreen)
        check(pilot, "quiz question")
        await answer_quickly(pilot, quiz.question.prompt)
        await settle(pilot)
        check(pilot, "quiz feedback")
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, QuizResultScreen)
        check(pilot, "quiz results")
        await press(pilot, "escape")
        # Browse with its detail pane.
        await press(pilot, "b")
        assert isinstance(pilot.app.screen, BrowseScreen)
        check(pilot, "browse")
        await press(pilot, "escape")
        # The reader (its header names the source) and the cards citing a sentence.
        await press(pilot, "r")
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen)
        check(pilot, "reader")
        await press(pilot, "n", "enter")
        assert isinstance(pilot.app.screen, CitationsScreen)
        check(pilot, "citations")
        await pilot.press("escape")
        await press(pilot, "m")
        check(pilot, "mastery map", shows_evil=False)  # scrolled to the cited sentence, below the title
        await press(pilot, "escape")
        # Statistics.
        await press(pilot, "s")
        assert isinstance(pilot.app.screen, StatsScreen)
        seen = ""
        for page in range(5):  # the deck titles and hardest items are further down
            check(pilot, f"statistics page {page}", shows_evil=False)
            seen += rendered(pilot)
            await press(pilot, "pagedown")
        assert "␛" in seen
        await press(pilot, "escape")
        # Settings: the profile list holds the hostile name; switching to it names it in a
        # notification and in the header of every screen.
        await press(pilot, "comma")
        settings = pilot.app.screen
        assert isinstance(settings, SettingsScreen)
        chooser = settings.query_one("#profile", Select)
        chooser.focus()
        await press(pilot, "enter")
        check(pilot, "profile list")
        chooser.value = EVIL_NAME
        await settle(pilot)
        assert app.learning.name == EVIL_NAME
        assert isinstance(pilot.app.screen, HomeScreen)
        check(pilot, "home as the hostile profile")
        toast = list(pilot.app.screen.query(Toast))[-1].render()
        assert "Now studying as mallory␛]2;pwned␇." in toast.plain
        await pilot.pause(0.5)  # the notification slides in
        check(pilot, "home with the notification")
        assert assert_no_raw_in_title(pilot.app)

    run(app, script, notifications=True)
    store.close()


def assert_no_raw_in_title(app: QuizApp) -> bool:
    title = app.format_title(app.title, app.sub_title)
    return OBEYED.search(title.plain) is None and "␛" in title.plain


def test_a_profile_name_in_a_notification_is_never_markup(tmp_path: Path, clock: FakeClock) -> None:
    """A profile named `[@click=app.quit]x[/]` is valid printable text: it is shown as typed, and
    the notification naming it holds no link (clicking it does not quit)."""
    store = Store.open(str(hostile_database(tmp_path / "evil.db", tmp_path / "decks")))
    app = QuizApp(learning(store, "ada", clock=clock), key_guard=0.0)
    name = "[@click=app.quit]x[/]"

    async def script(pilot: Pilot[None]) -> None:
        await press(pilot, "comma")
        box = pilot.app.screen.query_one("#new-profile", Input)
        box.focus()
        box.value = name
        await press(pilot, "enter")
        assert app.learning.name == name
        toasts = list(pilot.app.screen.query(Toast))
        assert toasts, "no notification"
        content = toasts[-1].render()
        assert f"Now studying as {name}." in content.plain
        assert all("@click" not in str(span.style) for span in content.spans)
        await pilot.click(Toast)
        await pilot.pause()
        assert pilot.app.is_running
        assert name in app.format_title(app.title, app.sub_title).plain

    run(app, script, notifications=True)
    store.close()


def test_a_hostile_new_profile_name_is_refused_in_the_app(tmp_path: Path, clock: FakeClock) -> None:
    store = Store.open(str(hostile_database(tmp_path / "evil.db", tmp_path / "decks")))
    app = QuizApp(learning(store, "ada", clock=clock), key_guard=0.0)

    async def script(pilot: Pilot[None]) -> None:
        await press(pilot, "comma")
        box = pilot.app.screen.query_one("#new-profile", Input)
        box.focus()
        box.value = "eve\x1b[2J"
        await press(pilot, "enter")
        assert app.learning.name == "ada"
        toast = list(pilot.app.screen.query(Toast))[-1].render()
        assert "profile name must be printable text; U+001B" in toast.plain
        await pilot.pause(0.5)  # the notification slides in
        check(pilot, "refused profile", shows_evil=False)

    run(app, script, notifications=True)
    store.close()
