"""Pilot tests of every flow, asserting on what reached the database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, Static

from quizapp.cards import (
    ChoicePrompt,
    ClozeTypedPrompt,
    MatchPrompt,
    RevealPrompt,
    TrueFalsePrompt,
    TypedPrompt,
)
from quizapp.engine.scheduling import AGAIN, EASY, GOOD
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.store.models import ITEM_STATE_TABLE, QUIZ_ATTEMPT_TABLE
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.quiz import QuizResultScreen, QuizScreen, QuizSetupScreen
from quizapp.ui.screens.reader import ReaderScreen
from quizapp.ui.screens.settings import SettingsScreen
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.widgets.answers import LETTERS
from quizapp.ui.widgets.line_table import LineTable
from tests.helpers import FakeClock, profile, write_deck
from tests.ui.driving import answer_prompt, answer_right, open_browse, reviews, run, settle, study_screen


def test_home_shows_decks_counts_and_today(make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app.screen, HomeScreen)
        table = pilot.app.screen.query_one("#decks", LineTable)
        assert table.row_count == 2  # the deck and the "All decks" row
        assert table.rows[0] == ("Example: one card of every type", "8", "10", "0", "0")
        assert table.rows[1][0] == "All decks" and table.strong == {1}
        # The deck column fits the longest title; the counts follow it, right-aligned.
        assert table.row_text(0) == " Example: one card of every type     8    10     0     0 "
        assert "Today: 0 answers" in str(pilot.app.screen.query_one("#today", Static).render())

    run(make_app(), script)


def test_studying_every_card_type(make_app: Callable[..., QuizApp], ui_store: Store, clock: FakeClock) -> None:
    seen: list[str] = []

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        screen = study_screen(pilot)
        for _ in range(20):
            if screen.phase == "waiting":
                # The two self-graded cards come back from their 10-minute step: wait for them.
                assert "come back in 10 min" in str(screen.query_one("#question", Static).render())
                clock.advance(600)
                screen.check_waiting()
                await pilot.pause()
            item = screen.item
            if item is None:
                break
            seen.append(item.view.card.type)
            await answer_right(pilot, screen)
            assert screen.phase == "rate"
            feedback = str(screen.query_one("#feedback", Static).render())
            assert ("Answer:" in feedback) or ("✓" in feedback)
            if item.auto_graded:
                assert "✓" in feedback
            await pilot.press("enter")  # accept the preselected rating
            await pilot.pause()
        assert screen.phase == "done"
        # Eight cards, and the two self-graded ones come back once from their 10-minute step.
        assert "Items: 8    Answers: 10" in str(screen.query_one("#question", Static).render())

    run(make_app(), script)
    assert sorted(set(seen)) == ["basic", "choice", "cloze", "match", "order", "truefalse", "typed"]
    assert sorted(seen).count("basic") == 2 and sorted(seen).count("cloze") == 2
    rows = reviews(ui_store)
    assert len(rows) == 10
    # Self-graded cards accept Good; right auto-graded answers given at once suggest Easy.
    assert [(rating, auto) for _, rating, auto in rows] == [
        (GOOD, False) if kind in ("basic", "cloze") else (EASY, True) for kind in seen
    ]


def test_override_the_suggested_rating(make_app: Callable[..., QuizApp], ui_store: Store) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        study_screen(pilot)
        await pilot.press("space")  # reveal the basic card
        await pilot.press("1")  # Again
        await pilot.pause()

    run(make_app(), script)
    assert [r[1:] for r in reviews(ui_store)] == [(AGAIN, False)]


def test_undo_twice_restores_both_answers(make_app: Callable[..., QuizApp], ui_store: Store) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        screen = study_screen(pilot)
        first = screen.item
        assert first is not None
        for _ in range(2):
            await answer_right(pilot, screen)
            await pilot.press("3")
            await pilot.pause()
        assert len(reviews(ui_store)) == 2
        await pilot.press("u")
        await pilot.press("u")
        await pilot.pause()
        assert reviews(ui_store) == []
        assert screen.item is not None and screen.item.item_id == first.item_id
        assert screen.driver.progress().done == 0  # type: ignore[union-attr]

    run(make_app(), script)


def test_suspend_bury_and_flag(make_app: Callable[..., QuizApp], ui_store: Store) -> None:
    ids: list[int] = []

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        screen = study_screen(pilot)
        assert screen.item is not None
        ids.append(screen.item.item_id)
        await pilot.press("space")  # in the rating phase the single-letter keys act on the card
        await pilot.press("asterisk")
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert screen.item is not None and screen.item.item_id != ids[0]
        ids.append(screen.item.item_id)
        await pilot.press("space")
        await pilot.press("minus")
        await pilot.pause()

    run(make_app(), script)
    with ui_store.read() as conn:
        states = {r.item_id: r for r in conn.execute(select(ITEM_STATE_TABLE).where(ITEM_STATE_TABLE.c.item_id.in_(ids)))}
    assert states[ids[0]].suspended and states[ids[0]].flagged
    assert states[ids[1]].buried_until > 0 and not states[ids[1]].suspended
    # Suspending or burying after answering saves the answer first (the preselected Good), then acts.
    assert reviews(ui_store) == [(ids[0], GOOD, False), (ids[1], GOOD, False)]


def test_a_whole_quiz_to_its_result(make_app: Callable[..., QuizApp], ui_store: Store) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QuizSetupScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, QuizScreen)
        total = len(screen.quiz.questions)
        assert total == 8
        for n in range(total):
            question = screen.question
            if n < 5:
                await answer_prompt(pilot, question.prompt)
            else:  # the last three are answered wrong on purpose
                await wrong_quiz(pilot, question.prompt)
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        result = pilot.app.screen
        assert isinstance(result, QuizResultScreen)
        assert (result.result.correct, result.result.total) == (5, 8)
        score = str(result.query_one("#result-score", Static).render())
        assert score.startswith("Score: 5 / 8 answered (62%)")
        assert len(result.query(".missed")) == 3
        await pilot.press("r")  # retry the missed ones
        await settle(pilot)
        retry = pilot.app.screen
        assert isinstance(retry, QuizScreen) and len(retry.quiz.questions) == 3

    run(make_app(), script)
    with ui_store.read() as conn:
        attempts = conn.execute(select(QUIZ_ATTEMPT_TABLE.c.correct, QUIZ_ATTEMPT_TABLE.c.questions)).all()
    assert [tuple(a) for a in attempts] == [(5, 8)]
    assert reviews(ui_store) == []  # a quiz leaves the schedule alone


async def wrong_quiz(pilot: Pilot[None], prompt: object) -> None:
    if isinstance(prompt, ChoicePrompt):
        wrong = next(i for i in range(len(prompt.options)) if i not in prompt.correct)
        await pilot.press(str(wrong + 1))
        if prompt.multiple:
            await pilot.press("enter")
    elif isinstance(prompt, TrueFalsePrompt):
        await pilot.press("f" if prompt.answer else "t")
    elif isinstance(prompt, (TypedPrompt, ClozeTypedPrompt)):
        for _ in getattr(prompt, "gaps", [0]):
            await pilot.press("z", "q", "enter")
    elif isinstance(prompt, RevealPrompt):
        await pilot.press("space", "n")  # revealed: "I didn't know it"
    elif isinstance(prompt, MatchPrompt):  # every pair shifted by one: all wrong
        for n in range(len(prompt.lefts)):
            await pilot.press(str(n + 1), LETTERS[(prompt.rights.index(prompt.pairs[prompt.lefts[n]]) + 1) % len(prompt.rights)])
        await pilot.press("enter")
    else:
        await pilot.press("enter", "enter")  # an order submitted as shown (confirmed): wrong


def test_browse_search_filter_and_suspend(make_app: Callable[..., QuizApp], ui_store: Store) -> None:
    async def script(pilot: Pilot[None]) -> None:
        screen = await open_browse(pilot)
        table = screen.query_one("#cards", LineTable)
        assert table.row_count == 10
        await pilot.press("slash", *"samsung")
        await pilot.pause()
        assert table.row_count == 4  # the basic card both ways and both cloze numbers
        assert "4 of 10 items" in str(screen.query_one("#count", Static).render())
        await pilot.press("escape")  # back to the table
        await pilot.press("exclamation_mark")
        await pilot.pause()
        screen.query_one("#search", Input).value = ""
        screen.query_one("#suspended").value = True  # type: ignore[attr-defined]
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("s")  # sort by the next column
        await pilot.pause()
        assert screen.sort_key == "deck" and screen.reverse

    run(make_app(), script)
    with ui_store.read() as conn:
        assert conn.execute(select(ITEM_STATE_TABLE.c.item_id).where(ITEM_STATE_TABLE.c.suspended.is_(True))).all()


def test_jump_from_a_card_to_its_quote(make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        screen = study_screen(pilot)
        quote = screen.item.view.card.quote  # type: ignore[union-attr]
        await pilot.press("space", "o")
        await settle(pilot)
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen) and reader.text is not None and quote
        assert reader.target is not None
        sentence = reader.text.sentences[reader.cursor]
        assert sentence.start <= reader.target[0] < sentence.end
        assert "Yokohama" in reader.text.text[reader.target[0] : reader.target[1]]
        await pilot.press("m")  # the mastery map
        await settle(pilot)
        assert reader.recall is not None and all(v in (None, 0.0) for v in reader.recall.values())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, StudyScreen)

    run(make_app(), script)


def test_changing_a_setting(make_app: Callable[..., QuizApp], ui_store: Store) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("comma")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SettingsScreen)
        box = screen.query_one("#field-new_per_day", Input)
        box.value = "oops"
        await pilot.pause()
        assert "whole number" in str(screen.query_one("#error-new_per_day", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SettingsScreen)  # not saved while invalid
        box.value = "3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        table = pilot.app.screen.query_one("#decks", LineTable)
        assert table.rows[0][2] == "3"

    run(make_app(), script)
    assert profile(ui_store, "ada").settings.new_per_day == 3


def test_card_text_is_never_markup(tmp_path: Path, make_app: Callable[..., QuizApp]) -> None:
    store = Store.open(str(tmp_path / "markup.db"))
    deck = {
        "quizapp": 1,
        "deck": "markup",
        "title": "[bold]Title[/]",
        "cards": [
            {
                "id": "m",
                "front": "[bold]x[/] [@click=app.quit]click me[/] [red]",
                "back": "[/]",
                "explanation": "[link=x]y[/link]",
            }
        ],
    }
    import_paths(store, [str(write_deck(tmp_path, deck))])
    profile(store, "ada")

    async def script(pilot: Pilot[None]) -> None:
        home = pilot.app.screen
        assert "[bold]Title[/]" in home.query_one("#decks", LineTable).row_text(0)
        await pilot.press("enter")
        screen = study_screen(pilot)
        question = str(screen.query_one("#question", Static).render())
        assert question == "[bold]x[/] [@click=app.quit]click me[/] [red]"
        await pilot.click("#question", offset=(16, 0))
        await pilot.press("space")
        await pilot.pause()
        feedback = str(screen.query_one("#feedback", Static).render())
        assert "Answer: [/]" in feedback and "Why: [link=x]y[/link]" in feedback
        assert pilot.app.is_running

    run(make_app(store), script)


def test_command_palette_offers_the_actions(make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        titles = {command.title for command in pilot.app.get_system_commands(pilot.app.screen)}
        assert {
            "Study all decks",
            "Quiz",
            "Browse cards",
            "Statistics",
            "Read the source",
            "Settings",
            "Keys",
            "Cram today's failures",
            "Cram leeches",
        } <= titles
        pilot.app.cram_mode("leeches", "Leeches")  # type: ignore[attr-defined]
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)  # nothing to cram: told, and still home
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "KeysScreen"

    run(make_app(), script)
