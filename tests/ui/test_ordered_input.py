"""Keys typed in a burst (fast typing, a loaded machine, a terminal delivering several at once)
edit every text input in the order they were typed: Textual's Input runs its own bindings
(backspace, the arrows, enter) only after the characters that arrived with them (issue 6605)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from quizapp.cards import ClozeTypedPrompt, TypedPrompt
from quizapp.collection import Collection
from quizapp.store.database import Store
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.password import PasswordScreen
from quizapp.ui.screens.sign_in import SignInScreen
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.widgets.answers import AnswerView, ClozeTypedView, TypedView
from quizapp.ui.widgets.ordered_input import OrderedInput
from tests.helpers import FakeClock
from tests.ui.conftest import FrozenMonotonic
from tests.ui.driving import answer_right, open_browse, run, settle, study_screen

UI = Path(__file__).resolve().parents[2] / "quizapp" / "ui"


def burst(app: App[None], *keys: str) -> None:
    """Post keys to the app all at once, as the driver does with a chunk read from the terminal."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


class OneInput(App[None]):
    def __init__(self, widget: Input) -> None:
        super().__init__()
        self.widget = widget
        self.submitted: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submitted.append(event.value)


async def _typed_in_a_burst(widget: Input) -> tuple[str, list[str]]:
    app = OneInput(widget)
    async with app.run_test() as pilot:
        await pilot.pause()
        burst(app, "1", "9", "backspace", "1", "left", "0", "end", "enter", "x")
        await pilot.pause(0.2)
        return widget.value, app.submitted


def test_a_burst_of_keys_edits_in_the_order_typed() -> None:
    import asyncio

    assert asyncio.run(_typed_in_a_burst(OrderedInput())) == ("101x", ["101"])
    # Textual's own Input, for contrast: what this widget is for (drop this once Textual orders them).
    assert asyncio.run(_typed_in_a_burst(Input())) != ("101x", ["101"])


def test_every_text_input_of_the_app_is_an_ordered_one() -> None:
    plain = []
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Input":
                plain.append(f"{path.relative_to(UI)}:{node.lineno}")
    assert plain == []


async def study_until_typed(pilot: Pilot[None]) -> tuple[StudyScreen, TypedPrompt]:
    """Start studying and answer items right until a typed one is shown."""
    await pilot.press("enter")
    screen = study_screen(pilot)
    for _ in range(10):
        assert screen.item is not None
        if isinstance(screen.item.prompt, TypedPrompt):
            return screen, screen.item.prompt
        await answer_right(pilot, screen)
        await pilot.press("3")
        await settle(pilot)
    raise AssertionError("no typed item in ten")


def test_a_typed_answer_with_a_correction_typed_fast_is_graded_right(make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        screen, prompt = await study_until_typed(pilot)
        burst(pilot.app, "z", "backspace", *prompt.answer[:-1], "z", "backspace", prompt.answer[-1], "enter")
        await settle(pilot)
        assert screen.phase == "rate"
        # Exactly what was meant, not a near miss forgiven as a typo.
        assert screen.query_one("#typed-input", Input).value == prompt.answer
        grade = screen.query_one(TypedView).grade
        assert grade is not None and grade.case == "exact"

    run(make_app(), script)


def test_a_grade_key_typed_with_enter_never_joins_the_answer(make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        screen, prompt = await study_until_typed(pilot)
        burst(pilot.app, *prompt.answer, "enter", "3")
        await settle(pilot)
        # Graded on what was typed before enter, exactly (Textual's Input would add the "3" first:
        # graded wrong). The "3" reached the box before it locked, so it is not taken as a rating
        # (the learner presses it again), and the box shows the answer as graded, not "...3".
        assert screen.phase == "rate"
        grade = screen.query_one(TypedView).grade
        assert grade is not None and grade.case == "exact"
        assert screen.query_one("#typed-input", Input).value == prompt.answer

    run(make_app(), script)


class OneCloze(App[None]):
    def __init__(self, view: ClozeTypedView) -> None:
        super().__init__()
        self.view = view
        self.responses: list[object] = []

    def compose(self) -> ComposeResult:
        yield self.view

    def on_answer_view_submitted(self, message: AnswerView.Submitted) -> None:
        self.responses.append(message.response)


def test_a_cloze_typed_in_one_burst_fills_each_gap_with_its_own_answer() -> None:
    """Enter hands the focus to the next gap at once; the keys routed to a gap after it are
    passed on, so "Seoul", enter, "Tokyo", enter fill two gaps (not "SeoulTokyo" and nothing)."""
    import asyncio

    prompt = ClozeTypedPrompt("[...] and [...]", "Seoul and Tokyo", ("Seoul", "Tokyo"), (None, None))

    async def main() -> tuple[list[str], list[object]]:
        view = ClozeTypedView(prompt)
        app = OneCloze(view)
        async with app.run_test() as pilot:
            await pilot.pause()
            view.arm()
            await pilot.pause()
            burst(app, *"Seoul", "enter", *"Tokyo", "enter")
            await pilot.pause(0.2)
            return [box.value for box in view.query(OrderedInput)], app.responses

    assert asyncio.run(main()) == (["Seoul", "Tokyo"], [["Seoul", "Tokyo"]])


def test_a_sign_in_typed_in_one_burst_signs_in(ui_store: Store, clock: FakeClock) -> None:
    """Name, enter, password, enter in one burst, as a password manager types them: the password
    goes to its own box (not after the name), and both new-password boxes get theirs."""
    collection = Collection(ui_store, clock=clock, fuzz=False)
    secret = collection.add_learner("sam")
    assert secret is not None
    app = QuizApp(collection=collection, monotonic=FrozenMonotonic())

    async def script(pilot: Pilot[None]) -> None:
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen)
        burst(app, *"sam", "enter", *secret, "enter")
        await settle(pilot)
        assert isinstance(app.screen, PasswordScreen), app.screen.query_one("#sign-in-error").render()
        burst(app, *"a fine passphrase", "enter", *"a fine passphrase", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)

    run(app, script)
    assert collection.sign_in("sam", "a fine passphrase").name == "sam"


def test_a_browse_search_and_the_keys_after_its_enter_in_one_burst(make_app: Callable[..., QuizApp]) -> None:
    from quizapp.ui.widgets.line_table import LineTable

    async def script(pilot: Pilot[None]) -> None:
        screen = await open_browse(pilot)
        await pilot.press("slash")
        burst(pilot.app, *"samsung", "enter", "s")
        await settle(pilot)
        # The search holds what was typed before enter, and "s" went to the rows: it sorted.
        assert screen.query_one("#search", Input).value == "samsung"
        assert isinstance(screen.focused, LineTable)
        assert (screen.sort_key, screen.reverse) == ("deck", True)
        assert len(screen.shown) == 4

    run(make_app(), script)


def test_a_character_typed_repaints_the_input_without_a_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from textual.screen import Screen

    layouts: list[int] = []
    original = Screen._refresh_layout

    def counted(self: Screen[object], *args: object, **kwargs: object) -> None:
        layouts.append(1)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    class Narrow(OneInput):
        CSS = "OrderedInput { width: 20; }"

    async def go() -> None:
        widget = OrderedInput(compact=True)
        app = Narrow(widget)
        async with app.run_test() as pilot:
            await pilot.pause()
            monkeypatch.setattr(Screen, "_refresh_layout", counted)
            await pilot.press(*"a long answer typed past the box's end")
            await pilot.pause()
            assert widget.value == "a long answer typed past the box's end"
            assert not layouts  # each character repainted the box, nothing else
            assert widget.scroll_x > 0 and "end" in widget.render_line(0).text  # the cursor is still in view
            widget.styles.width = 30  # a change of the box itself is still laid out
            await pilot.pause()
            assert layouts and widget.size.width == 30

    asyncio.run(go())


def test_a_browse_search_typed_in_one_burst_with_its_slash(make_app: Callable[..., QuizApp],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from quizapp.ui.screens.browse import BrowseScreen

    edited: list[object] = []

    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        monkeypatch.setattr(type(app), "edit_card", lambda *args: edited.append(args))
        screen = await open_browse(pilot)
        # "s" sorts, "e" edits and "c" crams in the table: typed right after "/", they are text.
        for key, character in [("slash", "/"), *((c, c) for c in "sec"), ("slash", "/"), ("x", "x")]:
            app.post_message(events.Key(key, character))  # one burst, as the driver reads it
        await settle(pilot)
        assert not edited and app.screen is screen and isinstance(screen, BrowseScreen)
        assert screen.query_one("#search", Input).value == "sec/x"  # a "/" in the box is text too
        assert (screen.sort_key, screen.reverse) == ("deck", False)

    run(make_app(), script)
