"""What a grade and a reveal paint: the next card whole in one frame, without laying the screen out
when no box changes its height (StudyScreen.show), and the verdict with its ratings and their
keys in one frame. A frame of the new question over the last card's rating buttons, laid out
only in the frame after, had made the grade look faster than the learner saw it (issue 15)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from textual._compositor import Compositor
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.widgets.answers import HINT, RevealView
from quizapp.ui.widgets.keybar import KeyBar
from quizapp.ui.widgets.rating_bar import RatingBar
from tests.helpers import profile, write_deck
from tests.ui.driving import reviews, run, settle, study_screen


def basic_cards(tmp_path: Path, fronts: list[str]) -> Store:
    """A store of one deck of basic cards with these questions, in this order, and a learner."""
    store = Store.open(str(tmp_path / "basic.db"))
    cards = [{"id": f"c{n}", "front": front, "back": f"Answer {n}"} for n, front in enumerate(fronts)]
    import_paths(store, [str(write_deck(tmp_path, {"quizapp": 1, "deck": "basic", "title": "Basic", "cards": cards}))])
    profile(store, "ada")
    return store


def question(screen: StudyScreen) -> str:
    return str(screen.query_one("#question", Static).render())


def hint_shown(view: RevealView) -> bool:
    return str(view.query_one(".hint", Static).render()) == HINT


@dataclass(frozen=True)
class Drawn:
    """The study screen as it stood when a frame was drawn, or a layout began."""

    kind: str  # "frame" or "layout"
    question: str
    feedback: str
    ratings: bool  # the ratings shown
    hint: bool  # the answering hint shown
    keys: str  # the key bar's text
    painted: frozenset[str] = frozenset()  # which of question, ratings, hint and keys the frame redraws


class Frames:
    """Every frame and layout of a watched study screen, as a Drawn."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.drawn: list[Drawn] = []
        self.screen: StudyScreen | None = None
        render_update, refresh_layout = Compositor.render_update, Screen._refresh_layout

        def rendered(compositor: Compositor, full: bool = False, *args: Any, **kwargs: Any) -> Any:
            whole = full or compositor.size.region in compositor._dirty_regions
            self._note("frame", None if whole else list(compositor._dirty_regions))
            return render_update(compositor, full, *args, **kwargs)

        def laid_out(screen: Screen[Any], *args: Any, **kwargs: Any) -> None:
            self._note("layout")
            refresh_layout(screen, *args, **kwargs)

        monkeypatch.setattr(Compositor, "render_update", rendered)
        monkeypatch.setattr(Screen, "_refresh_layout", laid_out)

    def watch(self, screen: StudyScreen | None) -> None:
        """Record what `screen` draws from now on (None: stop), forgetting what came before."""
        self.screen = screen
        if screen is not None:
            self.drawn.clear()

    def _note(self, kind: str, dirty: list[Region] | None = None) -> None:
        """Record the screen's state; for a frame, which boxes it redraws (all when `dirty` is None:
        the whole screen). The state is the widgets', the painted set what reaches the terminal."""
        screen = self.screen
        if screen is None:
            return
        view = screen.answer_widget
        assert isinstance(view, RevealView)
        boxes = {"question": screen.query_one("#question"), "ratings": screen.query_one(RatingBar),
                 "hint": view.query_one(".hint"), "keys": screen.query_one(KeyBar)}
        painted = frozenset(name for name, box in boxes.items()
                            if dirty is None or any(box.region.overlaps(region) for region in dirty))
        self.drawn.append(Drawn(kind, question(screen), str(screen.query_one("#feedback", Static).render()),
                                bool(screen.query_one(RatingBar).choices), hint_shown(view),
                                str(screen.query_one(KeyBar).render()), painted if kind == "frame" else frozenset()))

    def first_frame(self, shows: Callable[[Drawn], bool]) -> int:
        """The index of the first frame recorded that `shows`."""
        return next(i for i, drawn in enumerate(self.drawn) if drawn.kind == "frame" and shows(drawn))

    def laid_out_in(self, end: int) -> bool:
        """Whether a layout began among the first `end` records."""
        return any(drawn.kind == "layout" for drawn in self.drawn[:end])


def asks(text: str, drawn: Drawn) -> bool:
    return drawn.question == text


def test_a_grade_paints_the_next_card_whole_in_one_frame_without_a_layout(
    tmp_path: Path, make_app: Callable[..., QuizApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    frames = Frames(monkeypatch)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        screen = study_screen(pilot)
        for _ in range(3):
            await pilot.press("space")
            await settle(pilot)
            before = question(screen)
            view = screen.answer_widget
            assert isinstance(view, RevealView)
            assert screen.query_one(RatingBar).choices and not hint_shown(view)
            assert "Again" in str(screen.query_one(KeyBar).render())
            frames.watch(screen)
            await pilot.press("3")
            await settle(pilot)
            frames.watch(None)

            after = question(screen)
            assert after != before and screen.answer_widget is view  # the next basic card, in the same widget
            first = frames.first_frame(partial(asks, after))
            # Its first frame shows it whole: the ratings gone from the screen and the key bar, the
            # hint back; and as no box took another height, nothing was laid out for it.
            assert not frames.laid_out_in(first + 1), frames.drawn
            shown = frames.drawn[first]
            assert not shown.ratings and shown.hint and "Again" not in shown.keys, shown
            # ...and that frame is the first to reach the terminal, and redraws all four together.
            assert not frames.drawn[:first] and shown.painted == {"question", "ratings", "hint", "keys"}, frames.drawn
            half_drawn = [d for d in frames.drawn if d.question == after and (d.ratings or not d.hint)]
            assert not half_drawn, frames.drawn
            assert view.query_one(".hint").region.height == 1
            assert str(screen.query_one("#feedback", Static).render()) == ""
            assert screen.query_one("#question").region.height == 1

    run(make_app(basic_cards(tmp_path, [f"Question number {n}?" for n in range(5)])), script)


def test_a_reveal_paints_the_verdict_the_ratings_and_their_keys_in_one_frame(
    tmp_path: Path, make_app: Callable[..., QuizApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    frames = Frames(monkeypatch)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        screen = study_screen(pilot)
        for _ in range(2):
            frames.watch(screen)
            await pilot.press("space")
            await settle(pilot)
            frames.watch(None)
            keys = str(screen.query_one(KeyBar).render())
            assert "Again" in keys and isinstance(screen.focused, RatingBar)  # the ratings have the keys
            first = frames.first_frame(lambda drawn: "Answer" in drawn.feedback)
            assert frames.laid_out_in(first), frames.drawn
            shown = frames.drawn[first]
            assert shown.ratings and shown.keys == keys, shown  # the keys as they stay, in that frame
            assert {"ratings", "hint", "keys"} <= shown.painted, shown
            await pilot.press("3")
            await settle(pilot)

    run(make_app(basic_cards(tmp_path, [f"Question number {n}?" for n in range(4)])), script)


def test_a_longer_next_question_gets_its_height(tmp_path: Path, make_app: Callable[..., QuizApp]) -> None:
    store = basic_cards(tmp_path, ["Short?", "A question long enough to wrap " * 8])

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        screen = study_screen(pilot)
        assert question(screen) == "Short?"
        await pilot.press("space", "3")
        await settle(pilot)
        assert question(screen).startswith("A question long")
        box = screen.query_one("#question")
        assert box.region.height == len(box.render_lines(box.region.reset_offset)) > 1  # every line shown

    run(make_app(store), script)


def test_a_grade_after_a_long_verdict_lays_the_card_out_again(tmp_path: Path, make_app: Callable[..., QuizApp]) -> None:
    """A verdict taller than the card scrolls it; the next card is laid out again, not drawn in the
    verdict's stale height with its scroll bar."""
    store = Store.open(str(tmp_path / "long.db"))
    cards = [{"id": f"c{n}", "front": f"Question {n}?", "back": f"Answer {n}", "explanation": "Because. " * 200}
             for n in range(3)]
    import_paths(store, [str(write_deck(tmp_path, {"quizapp": 1, "deck": "long", "title": "Long", "cards": cards}))])
    profile(store, "ada")

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        screen = study_screen(pilot)
        card = screen.query_one("#card")
        await pilot.press("space")
        await settle(pilot)
        assert card.max_scroll_y > 0  # the verdict overflows the card
        await pilot.press("3")
        await settle(pilot)
        assert card.max_scroll_y == 0 and str(screen.query_one("#feedback", Static).render()) == ""

    run(make_app(store), script)


@pytest.mark.parametrize(("keys", "rating"), [(("left",), 2), (("right", "right"), 1), ((), 3)])
def test_the_ratings_move_with_the_arrows_and_enter_chooses(
    tmp_path: Path, make_app: Callable[..., QuizApp], keys: tuple[str, ...], rating: int
) -> None:
    store = basic_cards(tmp_path, ["One?", "Two?"])

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press(*keys, "enter")
        await settle(pilot)
        assert [r for _, r, _ in reviews(store)] == [rating]  # Good is suggested; right from Easy wraps to Again

    run(make_app(store), script)


def test_a_click_on_a_rating_rates_with_it(tmp_path: Path, make_app: Callable[..., QuizApp]) -> None:
    store = basic_cards(tmp_path, ["One?", "Two?"])

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        bar = study_screen(pilot).query_one(RatingBar)
        hard = next(start for start, _, r in bar._spans if r == 2)
        assert bar.rating_at(hard) == 2 and bar.rating_at(0) is None  # the margin before the ratings
        await pilot.click(RatingBar, offset=(hard + 1, 0))
        await settle(pilot)
        assert [r for _, r, _ in reviews(store)] == [2]

    run(make_app(store), script)
