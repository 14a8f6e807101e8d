"""Regression tests for issue 10: every screen crash-free, every key safe, every word true."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Static

from quizapp.cards import ChoicePrompt, MatchPrompt, OrderPrompt, TrueFalsePrompt, TypedPrompt
from quizapp.engine.scheduling import AGAIN
from quizapp.practice.study import StudyItem
from quizapp.store.database import Store
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.browse import BrowseScreen
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.quiz import QuizResultScreen, QuizScreen
from quizapp.ui.screens.reader import ReaderScreen
from quizapp.ui.screens.stats import StatsScreen
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.widgets.answers import Row
from quizapp.ui.widgets.keybar import KeyBar
from quizapp.ui.widgets.line_table import LineTable
from quizapp.ui.widgets.page import Page
from quizapp.ui.widgets.ticks import TickBox, TickList
from tests.builders import NOW, build_history
from tests.helpers import FakeClock, profile
from tests.ui.driving import answer_prompt, answer_right, reviews, settle, study_screen


def run_at(app: QuizApp, size: tuple[int, int], script: Callable[[Pilot[None]], object]) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await script(pilot)  # type: ignore[misc]

    asyncio.run(main())


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
def test_statistics_of_a_new_learner_scroll_to_the_end(size: tuple[int, int], make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StatsScreen)
        for _ in range(6):
            await pilot.press("pagedown")
            await pilot.pause()
        for _ in range(14):
            await pilot.press("down")
        await settle(pilot)
        assert pilot.app.is_running
        screen = pilot.app.screen
        assert "No due reviews yet" in screen.query_one("#figures", Page).text("retention-weeks-numbers")

    run_at(make_app(), size, script)


@pytest.mark.parametrize("size", [(120, 40), (200, 60)])
def test_statistics_with_no_reviews_in_the_last_twelve_weeks_scroll_to_the_end(
        size: tuple[int, int], make_app: Callable[..., QuizApp], ui_store: Store, clock: FakeClock) -> None:
    build_history(ui_store)
    clock.now = NOW + 120 * 86400  # ada's reviews are all older than the weekly chart

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StatsScreen)
        for _ in range(6):
            await pilot.press("pagedown")
            await pilot.pause()
        await settle(pilot)
        assert pilot.app.is_running
        screen = pilot.app.screen
        assert "No due reviews yet" in screen.query_one("#figures", Page).text("retention-weeks-numbers")
        assert "1-2 d: 100% of 2" in screen.query_one("#figures", Page).text("retention-intervals-numbers")  # older figures stay

    run_at(make_app(), size, script)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_the_review_calendar_fits_the_width_with_its_weeks_aligned(
        size: tuple[int, int], make_app: Callable[..., QuizApp], ui_store: Store, clock: FakeClock) -> None:
    build_history(ui_store)
    clock.now = NOW

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await settle(pilot)
        page = pilot.app.screen.query_one("#figures", Page)
        lines = page.lines("calendar")
        # Seven weekdays, the legend, the total: nothing wrapped.
        assert len(lines) == len(page.text("calendar").splitlines()) == 9
        assert all(len(line) <= page.content_size.width for line in lines)
        weeks = [line.split(" ", 1)[1] for line in lines[:7]]
        today = datetime.fromtimestamp(NOW, UTC).date().weekday()  # the last week is shown up to today
        # Each column is one week: the cells of the last column are the days of this week up to today.
        assert [len(row) for row in weeks[: today + 1]] == [len(weeks[0])] * (today + 1)
        assert all(len(row) == len(weeks[0]) - 2 for row in weeks[today + 1:])

    run_at(make_app(), size, script)


# -- keys ------------------------------------------------------------------------------------------


async def study_until(pilot: Pilot[None], wanted: Callable[[StudyItem], bool]) -> StudyScreen:
    """Start studying and answer (right, rated Good) every item until one matches `wanted`."""
    await pilot.press("enter")
    await settle(pilot)
    screen = study_screen(pilot)
    for _ in range(12):
        assert screen.item is not None
        if wanted(screen.item):
            return screen
        await answer_right(pilot, screen)
        await pilot.press("3")
        await pilot.pause()
    raise AssertionError("no such item")


def of_type(kind: type[object], *, multiple: bool | None = None) -> Callable[[StudyItem], bool]:
    return lambda item: isinstance(item.prompt, kind) and (multiple is None or getattr(item.prompt, "multiple", None) == multiple)


def test_a_second_enter_never_answers_the_next_card(make_app: Callable[..., QuizApp], ui_store: Store) -> None:
    """Rating with enter then pressing enter again at once does nothing to the next card."""

    async def script(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, QuizApp)
        await pilot.press("enter")
        await settle(pilot)
        screen = study_screen(pilot)
        for done in range(5):
            widget = screen.answer_widget
            assert widget is not None
            for _ in range(100):  # the guard passes by itself (its timer is real time)
                if widget.armed:
                    break
                await pilot.pause(0.05)
            assert widget.armed
            first = screen.item
            assert first is not None
            await answer_right(pilot, screen)
            app.monotonic.now += 1  # type: ignore[attr-defined]  # the learner reads the feedback
            # The next card's guard outlasts any pause of a loaded machine, so the second enter
            # surely falls inside it (a guard of 0.5 s passed before the checks under load).
            app.key_guard = 3600
            await pilot.press("enter", "enter")  # accept, and a second enter straight after
            await pilot.pause()
            assert screen.phase == "answer" and screen.item is not None and screen.item.item_id != first.item_id
            assert screen.answer_widget is not None and not screen.answer_widget.armed
            assert notice(screen) == ""  # the second enter reached nothing: no "choose first", no "give up?"
            assert len(reviews(ui_store)) == done + 1  # only the rated answers reached the database
            app.key_guard = 0.5
            app.arm_after_guard(screen.answer_widget, screen._armed)  # the learner waits out the guard

    run_at(make_app(key_guard=0.5), (80, 24), script)


def test_an_empty_typed_answer_is_not_submitted(make_app: Callable[..., QuizApp], ui_store: Store) -> None:
    async def script(pilot: Pilot[None]) -> None:
        screen = await study_until(pilot, of_type(TypedPrompt))
        await pilot.press("enter")
        assert screen.phase == "answer"
        assert "press enter again to give up" in notice(screen)
        await pilot.press("x", "backspace", "enter")  # typing clears the question; asked again
        assert screen.phase == "answer"
        await pilot.press("enter")  # asked twice: the learner gives up and sees the answer
        assert screen.phase == "rate" and screen.suggested == AGAIN

    run_at(make_app(), (80, 24), script)


def notice(screen: StudyScreen) -> str:
    assert screen.answer_widget is not None
    found = screen.answer_widget.query(".notice")
    return str(found.first(Static).render()) if found else ""


def test_a_single_choice_needs_a_choice_before_enter(make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        screen = await study_until(pilot, of_type(ChoicePrompt, multiple=False))
        await pilot.press("enter")
        assert screen.phase == "answer" and "Choose an answer first" in notice(screen)
        await pilot.press("down", "enter")  # the first option, chosen with the arrows
        assert screen.phase == "rate"

    run_at(make_app(), (80, 24), script)


def test_incomplete_select_all_match_and_order_answers_are_refused(make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        screen = await study_until(pilot, of_type(ChoicePrompt, multiple=True))
        await pilot.press("enter")
        assert screen.phase == "answer" and "Tick at least one answer" in notice(screen)
        await answer_right(pilot, screen)
        await pilot.press("3")
        for _ in range(8):
            item = screen.item
            assert item is not None
            if isinstance(item.prompt, MatchPrompt):
                await pilot.press("1", "a", "enter")
                assert screen.phase == "answer" and "Pair every entry first" in notice(screen)
                await pilot.press("backspace")
                await answer_right(pilot, screen)
                assert screen.phase == "rate"
                return
            if isinstance(item.prompt, OrderPrompt):
                await pilot.press("enter")
                assert screen.phase == "answer" and "press enter again" in notice(screen)
                await pilot.press("enter")  # confirmed: submitted as shown (always wrong)
                assert screen.phase == "rate" and screen.suggested == AGAIN
            else:
                await answer_right(pilot, screen)
            await pilot.press("3")
            await pilot.pause()
        raise AssertionError("no match card")

    run_at(make_app(), (80, 24), script)


def test_undo_before_rating_goes_back_to_answering_this_card(make_app: Callable[..., QuizApp], ui_store: Store) -> None:
    async def script(pilot: Pilot[None]) -> None:
        screen = await study_until(pilot, of_type(TrueFalsePrompt))
        before = reviews(ui_store)
        card = screen.item
        assert card is not None and before
        await pilot.press("t")
        assert screen.phase == "rate"
        await pilot.press("u")
        await pilot.pause()
        assert screen.phase == "answer" and screen.item is card  # the same card, to answer again
        assert reviews(ui_store) == before  # nothing recorded, nothing undone
        await pilot.press("f", "3")
        await pilot.pause()
        assert len(reviews(ui_store)) == len(before) + 1

    run_at(make_app(), (80, 24), script)


def test_the_summary_keys_do_what_it_says(make_app: Callable[..., QuizApp], ui_store: Store) -> None:
    profile(ui_store, "ada", new_per_day=1)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        screen = study_screen(pilot)
        await answer_right(pilot, screen)
        await pilot.press("4")  # Easy: out of today's queue
        await pilot.pause()
        assert screen.phase == "done"
        summary = str(screen.query_one("#question", Static).render())
        assert "Press enter or escape to go home." in summary
        assert "today's new limit (1, shared by all decks) is used up; change it in settings (,)" in summary
        assert "⏎ Home" in keybar(pilot) and "esc Home" in keybar(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)

    run_at(make_app(), (80, 24), script)


def keybar(pilot: Pilot[None]) -> str:
    return " ".join(str(pilot.app.screen.query_one(KeyBar).render()).split())


def test_the_feedback_is_in_view_and_scrolls_with_the_keyboard(make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        screen = await study_until(pilot, of_type(MatchPrompt))
        await answer_right(pilot, screen)
        await settle(pilot)
        card = screen.query_one("#card", VerticalScroll)
        box = screen.query_one("#feedback", Static)
        assert card.max_scroll_y > 0  # at 80x16 the feedback does not fit...
        assert box.region.y < card.region.bottom  # ...but it was brought into view
        card.scroll_home(animate=False)
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        assert card.scroll_y > 0
        await pilot.press("k")
        await pilot.press("j", "j")
        await pilot.pause()
        assert screen.phase == "rate" and card.scroll_y > 0

    run_at(make_app(), (80, 16), script)


def test_browse_search_gives_the_keys_back_with_enter(make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("slash", *"samsung", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.focused, LineTable)
        await pilot.press("c")
        await settle(pilot)
        cram = study_screen(pilot)
        assert cram.is_cram and cram.title_text == "Cram: 4 items from browse"
        assert "esc Back" in keybar(pilot) and "esc Home" not in keybar(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, BrowseScreen)

    run_at(make_app(), (80, 24), script)


def test_help_shows_every_key_as_people_write_it(make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")
        await settle(pilot)
        home = help_text(pilot)
        assert "enter" in home and "study the highlighted deck" in home and "," in home
        await pilot.press("escape", "enter")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        study = help_text(pilot)
        for shown in ("!", "-", "*", "backspace", "PageDown", "1 / 2 / 3 / 4", "u "):
            assert shown in study, shown
        for internal in ("exclamation_mark", "minus ", "asterisk", "question_mark"):
            assert internal not in study
        assert "go back where the cram started" not in study  # escape goes home here

    run_at(make_app(), (80, 24), script)


def help_text(pilot: Pilot[None]) -> str:
    return "\n".join(str(row.render()) for row in pilot.app.screen.query(".key-row"))


def test_checkboxes_read_without_colour(make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("t")
        await settle(pilot)
        box = pilot.app.screen.query_one("#setup-schedule", TickBox)
        assert str(box.render()).startswith("[ ]")
        box.value = True
        await pilot.pause()
        assert str(box.render()).startswith("[x]")
        decks = pilot.app.screen.query_one("#setup-decks", TickList)
        assert "".join(s.text for s in decks.render_line(0))[:3] == "[x]"
        decks.deselect_all()
        await pilot.pause()
        assert "".join(s.text for s in decks.render_line(0))[:3] == "[ ]"

    run_at(make_app(), (80, 24), script)


def test_feedback_marks_missed_and_wrong_picks_in_words(make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        screen = await study_until(pilot, of_type(ChoicePrompt, multiple=True))
        item = screen.item
        assert item is not None and isinstance(item.prompt, ChoicePrompt)
        right = sorted(item.prompt.correct)
        wrong = next(i for i in range(len(item.prompt.options)) if i not in item.prompt.correct)
        await pilot.press(str(right[0] + 1), str(wrong + 1), "enter")
        rows = [str(r.render()) for r in screen.query(Row)]
        assert "right, chosen" in rows[right[0]] and "right, missed" in rows[right[1]] and "wrong, chosen" in rows[wrong]
        await pilot.press("3")
        await pilot.pause()
        while screen.item is not None and not isinstance(screen.item.prompt, TrueFalsePrompt):
            await answer_right(pilot, screen)
            await pilot.press("3")
            await pilot.pause()
        assert screen.item is not None and isinstance(screen.item.prompt, TrueFalsePrompt)
        await pilot.press("t" if not screen.item.prompt.answer else "f")
        rows = [str(r.render()) for r in screen.query(Row)]
        assert any("✗ your answer" in r for r in rows) and any("✓ right" in r for r in rows)

    run_at(make_app(), (80, 24), script)


def test_home_says_the_new_limit_is_shared(make_app: Callable[..., QuizApp], ui_store: Store) -> None:
    profile(ui_store, "ada", new_per_day=3)

    async def script(pilot: Pilot[None]) -> None:
        line = str(pilot.app.screen.query_one("#limit", Static).render())
        assert line == "New today: 3 of 3 left, shared by all decks · change it in settings (,)"

    run_at(make_app(), (80, 24), script)


def test_learning_items_waiting_are_announced_not_repeated(make_app: Callable[..., QuizApp], ui_store: Store,
                                                            clock: FakeClock) -> None:
    profile(ui_store, "ada", new_per_day=1)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        screen = study_screen(pilot)
        first = screen.item
        await answer_right(pilot, screen)
        await pilot.press("1")  # Again: back in a minute
        await pilot.pause()
        assert screen.phase == "waiting" and screen.item is None
        assert "1 card you are learning comes back in 1 min" in str(screen.query_one("#question", Static).render())
        clock.advance(61)
        screen.check_waiting()
        await pilot.pause()
        assert screen.phase == "answer" and screen.item is not None and first is not None
        assert screen.item.item_id == first.item_id

    run_at(make_app(), (80, 24), script)


def test_cram_from_the_reader_names_the_paragraph_as_a_reader_counts(make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        await settle(pilot)
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen) and reader.text is not None
        cited = next(p for p in reader.text.paragraphs if any(reader.text.counts[s] for s in p.sentences))
        number = [p.index for p in reader.text.paragraphs if p.sentences].index(cited.index) + 1
        assert number < cited.index + 1  # the title and the byline are not counted
        reader.set_cursor(cited.sentences[0])
        await pilot.press("c")
        await settle(pilot)
        assert study_screen(pilot).title_text.startswith(f"Cram: paragraph {number} (")

    run_at(make_app(), (80, 24), script)


def test_a_quiz_ended_early_shows_the_skipped_questions(make_app: Callable[..., QuizApp]) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, QuizScreen)
        await answer_prompt(pilot, screen.question.prompt)
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        result = pilot.app.screen
        assert isinstance(result, QuizResultScreen)
        score = str(result.query_one("#result-score", Static).render())
        assert score.startswith("Score: 1 / 1 answered (100%)") and "7 of 8 skipped" in score

    run_at(make_app(), (80, 24), script)


def test_an_unexpected_error_is_two_lines_and_a_log_never_a_traceback(make_app: Callable[..., QuizApp],
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(self: StatsScreen, stats: object) -> None:
        secret = "postgresql://teacher:hunter2@db/class"  # a local no one must see
        raise RuntimeError(f"boom {len(secret)}")

    monkeypatch.setattr(StatsScreen, "show", broken)
    app = make_app()

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await settle(pilot)

    with pytest.raises(Exception, match="boom"):  # Pilot hands the real error to the test
        run_at(app, (80, 24), script)
    assert app.return_code == 1
    printed = " ".join(capsys.readouterr().err.split())
    assert "quizapp stopped after an unexpected error: RuntimeError in on_mount (ui/screens/stats.py:" in printed
    assert "hunter2" not in printed and "Traceback" not in printed
    (log,) = (tmp_path / "data" / "logs").glob("quizapp-errors.log")
    assert str(log) in printed.replace(" ", "")
    report = log.read_text()
    assert "RuntimeError: boom 37" in report and "hunter2" not in report  # the traceback, without locals


def test_the_key_bar_repaints_its_line_without_laying_the_screen_out(make_app: Callable[..., QuizApp]) -> None:
    """New keys redraw the docked one-line bar only: a layout of the whole screen each time the
    keys change (after every answer and every reveal) cost 8-15 ms of a slow machine's frame."""
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        bar = pilot.app.screen.query_one(KeyBar)
        before = keybar(pilot)
        asked: list[bool] = []
        refresh = bar.refresh

        def spy(*regions: Any, repaint: bool = True, layout: bool = False, recompose: bool = False) -> KeyBar:
            asked.append(layout)
            return refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

        bar.refresh = spy  # type: ignore[method-assign]
        bar._shown = None  # as if the keys had changed
        bar.redraw()
        await settle(pilot)
        assert asked == [False] and keybar(pilot) == before

    run_at(make_app(), (100, 30), script)
