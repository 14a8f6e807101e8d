"""The study session: queue order and limits, answers committed at once, undo, leeches, siblings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, text, update

from quizapp.cards import RevealPrompt
from quizapp.engine.profile import Profile
from quizapp.engine.scheduling import AGAIN, EASY, GOOD, HARD, Memory
from quizapp.engine.states import NEW, REVIEW
from quizapp.practice.study import StudySession
from quizapp.store.database import Store
from quizapp.store.item_states import NEW_STATES_FOR_LEARNER, StateRow, read_states, write_state
from quizapp.store.models import ITEM_STATE_TABLE, ITEM_TABLE, REVIEW_TABLE
from quizapp.store.sql import driver_sql
from tests.helpers import TABLES, FakeClock, dump, profile

DAY = 86400


def learner(store: Store, **overrides: object) -> Profile:
    return profile(store, "ada", **overrides)


def all_items(store: Store) -> list[tuple[int, int, int]]:
    with store.read() as session:
        return [
            tuple(r)
            for r in session.execute(
                select(ITEM_TABLE.c.id, ITEM_TABLE.c.card_id, ITEM_TABLE.c.deck_id).order_by(ITEM_TABLE.c.id)
            )
        ]


def set_state(store: Store, learner_id: int, item_id: int, deck_id: int, **values: Any) -> None:
    with store.write() as conn:
        before = read_states(conn, learner_id, [item_id])[item_id]
        row = StateRow(Memory(), deck_id)
        memory_fields = {k: v for k, v in values.items() if k in Memory.__dataclass_fields__}
        other = {k: v for k, v in values.items() if k not in Memory.__dataclass_fields__}
        write_state(conn, learner_id, item_id, before, replace(row, memory=replace(row.memory, **memory_fields), **other))


def test_answers_are_committed_before_the_next_item(example_store: Store, clock: FakeClock, db_url: str) -> None:
    ada = learner(example_store)
    session = StudySession(example_store, ada, clock=clock, fuzz=False)
    item = session.next()
    assert item is not None
    session.answer(item, GOOD, 4200)
    # A second connection (another process after a crash) sees the answer already.
    other = Store.open(db_url)
    with other.read() as s:
        rows = s.execute(
            select(REVIEW_TABLE.c.item_id, REVIEW_TABLE.c.rating, REVIEW_TABLE.c.duration_ms, REVIEW_TABLE.c.auto_graded)
        ).all()
    other.close()
    assert [tuple(r) for r in rows] == [(item.item_id, GOOD, 4200, False)]


def test_queue_order_learning_then_reviews_by_overdueness_then_new(example_store: Store, clock: FakeClock) -> None:
    ada = learner(example_store, new_per_day=2)
    assert ada.id is not None
    one_per_card = list({card: (item, card, deck) for item, card, deck in reversed(all_items(example_store))}.values())[::-1]
    now = int(clock())
    (i1, _, d1), (i2, _, d2), (i3, _, d3), (i4, _, d4) = one_per_card[:4]
    set_state(
        example_store,
        ada.id,
        i1,
        d1,
        state=REVIEW,
        stability=10.0,
        difficulty=5.0,
        due=now - 2 * DAY,
        last_review=now - 12 * DAY,
        reps=3,
    )
    set_state(
        example_store,
        ada.id,
        i2,
        d2,
        state=REVIEW,
        stability=1.0,
        difficulty=5.0,
        due=now - DAY,
        last_review=now - 2 * DAY,
        reps=2,
    )
    set_state(
        example_store, ada.id, i3, d3, state=1, step=1, stability=1.0, difficulty=5.0, due=now - 60, last_review=now - 600, reps=1
    )
    set_state(example_store, ada.id, i4, d4, suspended=True)
    session = StudySession(example_store, ada, clock=clock, fuzz=False)
    assert session.progress().learning == 1 and session.progress().due == 2 and session.progress().new == 2
    shown: list[tuple[int, int]] = []
    while (item := session.next()) is not None and len(shown) < 5:
        shown.append((item.item_id, item.kind))
        session.answer(item, EASY, 1000)
    assert shown[0] == (i3, 1)  # the learning item that is due
    assert shown[1] == (i2, REVIEW)  # overdue by 1 day on a stability of 1: most overdue relatively
    assert shown[2][1] == NEW or shown[2] == (i1, REVIEW)
    assert {s[0] for s in shown[1:]} >= {i1, i2}
    assert [s[1] for s in shown].count(NEW) == 2
    assert i4 not in {s[0] for s in shown}


kinds = st.sampled_from(
    ["none", "new-suspended", "new-buried", "learning", "review-due", "review-later", "suspended", "buried", "retired"]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plan=st.lists(kinds, min_size=10, max_size=10),
    new_limit=st.integers(0, 4),
    review_limit=st.integers(0, 4),
    done_new=st.integers(0, 3),
    done_reviews=st.integers(0, 3),
)
def test_limits_hold_and_hidden_items_never_show(
    example_store: Store, plan: list[str], new_limit: int, review_limit: int, done_new: int, done_reviews: int
) -> None:
    clock = FakeClock()
    ada = learner(example_store, new_per_day=new_limit, reviews_per_day=review_limit)
    assert ada.id is not None
    with example_store.write() as conn:
        conn.execute(delete(REVIEW_TABLE))
        conn.execute(delete(ITEM_STATE_TABLE))
        conn.execute(update(ITEM_TABLE).values(retired=False))
        conn.exec_driver_sql(driver_sql(conn, NEW_STATES_FOR_LEARNER), {"learner": ada.id})  # every item new again
    now = int(clock())
    hidden: set[int] = set()
    items = all_items(example_store)
    for (item_id, _card, deck_id), kind in zip(items, plan, strict=False):
        if kind == "new-suspended":
            set_state(example_store, ada.id, item_id, deck_id, suspended=True)
        elif kind == "new-buried":
            set_state(example_store, ada.id, item_id, deck_id, buried_until=now + 3600)
        elif kind == "learning":
            set_state(
                example_store,
                ada.id,
                item_id,
                deck_id,
                state=1,
                step=0,
                stability=1.0,
                difficulty=5.0,
                due=now - 5,
                last_review=now - 65,
                reps=1,
            )
        elif kind in ("review-due", "review-later", "suspended", "buried"):
            due = now + 30 * DAY if kind == "review-later" else now - DAY
            set_state(
                example_store,
                ada.id,
                item_id,
                deck_id,
                state=REVIEW,
                stability=3.0,
                difficulty=5.0,
                due=due,
                last_review=due - 3 * DAY,
                reps=2,
                suspended=kind == "suspended",
                buried_until=now + 3600 if kind == "buried" else 0,
            )
        elif kind == "retired":
            with example_store.write() as conn:
                conn.execute(update(ITEM_TABLE).where(ITEM_TABLE.c.id == item_id).values(retired=True))
                conn.execute(update(ITEM_STATE_TABLE).where(ITEM_STATE_TABLE.c.item_id == item_id).values(retired=True))
        if kind in ("new-suspended", "new-buried", "suspended", "buried", "retired", "review-later"):
            hidden.add(item_id)
    # Earlier today the learner already studied some new items and reviews (of other learners' ids: the log only).
    with example_store.write() as conn:
        for n in range(done_new + done_reviews):
            conn.execute(
                text(
                    "INSERT INTO review (learner_id, item_id, reviewed_at, rating, duration_ms, auto_graded, state) "
                    "VALUES (:l, :i, :t, 3, 1000, false, :s)"
                ),
                {"l": ada.id, "i": items[0][0], "t": now - 60 - n, "s": NEW if n < done_new else REVIEW},
            )
    session = StudySession(example_store, ada, clock=clock, fuzz=False)
    shown_new = shown_reviews = 0
    for _ in range(100):
        item = session.next()
        if item is None:
            break
        assert item.item_id not in hidden
        shown_new += item.kind == NEW and item.memory.reps == 0
        shown_reviews += item.kind == REVIEW
        session.answer(item, EASY, 1000)
        clock.advance(30)
    assert shown_new <= max(0, new_limit - done_new)
    assert shown_reviews <= max(0, review_limit - done_reviews)
    busy_cards = {card for (_, card, _), kind in zip(items, plan, strict=False) if kind in ("learning", "review-due")}
    if new_limit > done_new and any(
        kind == "none" and card not in busy_cards for (_, card, _), kind in zip(items, plan, strict=False)
    ):
        assert shown_new >= 1  # new items do come when the limit allows


actions = st.lists(
    st.one_of(st.sampled_from([AGAIN, HARD, GOOD, EASY]), st.sampled_from(["suspend", "bury", "flag"])), min_size=1, max_size=8
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=actions, gaps=st.lists(st.integers(0, 2 * DAY), min_size=8, max_size=8))
def test_undo_restores_the_database_exactly(sqlite_store: Store, tmp_path: Path, steps: list[int | str], gaps: list[int]) -> None:
    from quizapp.store.importer import import_paths
    from tests.helpers import example_deck, write_deck

    import_paths(sqlite_store, [str(write_deck(tmp_path / "d", example_deck()))])
    clock = FakeClock()
    ada = learner(sqlite_store, leech_threshold=1)  # leeches happen too
    before = dump(sqlite_store, TABLES)
    session = StudySession(sqlite_store, ada, clock=clock, fuzz=True)
    done = 0
    for step, gap in zip(steps, gaps, strict=False):
        item = session.next()
        if item is None:
            break
        if step == "suspend":
            session.suspend(item)
        elif step == "bury":
            session.bury(item)
        elif step == "flag":
            session.toggle_flag(item)
        else:
            session.answer(item, int(step), 1234)
        done += 1
        clock.advance(gap)
    for _ in range(done):
        session.undo()
    assert not session.can_undo()
    assert dump(sqlite_store, TABLES) == before


def test_undo_brings_the_item_back(example_store: Store, clock: FakeClock) -> None:
    session = StudySession(example_store, learner(example_store), clock=clock, fuzz=False)
    first = session.next()
    assert first is not None
    session.answer(first, GOOD, 1000)
    second = session.next()
    assert second is not None and second.item_id != first.item_id
    again = session.undo()
    assert again is not None and again.item_id == first.item_id
    assert session.progress().done == 0


def test_siblings_are_buried_for_the_day(example_store: Store, clock: FakeClock) -> None:
    ada = learner(example_store)
    session = StudySession(example_store, ada, clock=clock, fuzz=False)
    seen_cards: dict[int, int] = {}
    while (item := session.next()) is not None:
        assert item.view.card_id not in seen_cards or seen_cards[item.view.card_id] == item.item_id
        seen_cards[item.view.card_id] = item.item_id
        outcome = session.answer(item, EASY, 1000)
        if item.view.card.id in ("samsung-site", "samsung-cloze"):
            assert outcome.buried_siblings == 1
    assert len(seen_cards) == 8  # one item of each card today
    clock.advance(DAY)
    tomorrow = StudySession(example_store, ada, clock=clock, fuzz=False)
    assert tomorrow.progress().new == 2  # the reverse side and the second cloze


def test_leech_is_tagged_suspended_and_reported(example_store: Store, clock: FakeClock) -> None:
    ada = learner(example_store, leech_threshold=2, relearning_steps=["1m"], learning_steps=["1m"])
    assert ada.id is not None
    lapses = 0
    target: int | None = None
    for _ in range(40):
        session = StudySession(example_store, ada, clock=clock, fuzz=False)
        item = session.next()
        while item is not None and target is not None and item.item_id != target:
            session.bury(item)
            item = session.next()
        if item is None:
            clock.advance(DAY)
            continue
        target = item.item_id
        rating = AGAIN if item.kind == REVIEW else EASY
        outcome = session.answer(item, rating, 1000)
        if item.kind == REVIEW:
            lapses += 1
            if outcome.leech:
                break
        clock.advance(30 * DAY)
    assert outcome.leech and lapses == 2 and target is not None
    with example_store.read() as s:
        state = read_states(s, ada.id, [target])[target]
    assert state is not None and state.leech and state.suspended


def test_actions_suspend_bury_flag(example_store: Store, clock: FakeClock) -> None:
    ada = learner(example_store)
    assert ada.id is not None
    session = StudySession(example_store, ada, clock=clock, fuzz=False)
    total = session.progress().remaining
    item = session.next()
    assert item is not None
    assert session.toggle_flag(item) is True
    session.suspend(item)
    assert session.progress().remaining == total - 1
    other = session.next()
    assert other is not None and other.item_id != item.item_id
    session.bury(other)
    with example_store.read() as s:
        states = read_states(s, ada.id, [item.item_id, other.item_id])
    assert states[item.item_id] is not None and states[item.item_id].suspended and states[item.item_id].flagged  # type: ignore[union-attr]
    assert states[other.item_id] is not None and states[other.item_id].buried_until > clock()  # type: ignore[union-attr]
    # Buried until tomorrow: a new session today does not show it; tomorrow's does (suspended never).
    assert other.item_id not in {q.item_id for q in StudySession(example_store, ada, clock=clock)._queue.main}


def test_prompts_by_type(example_store: Store, clock: FakeClock) -> None:
    session = StudySession(example_store, learner(example_store, new_per_day=50), clock=clock, fuzz=False)
    types = {}
    while (item := session.next()) is not None:
        types[item.view.card.type] = type(item.prompt).__name__
        assert item.auto_graded == (not isinstance(item.prompt, RevealPrompt))
        session.answer(item, EASY, 1000)
    assert types == {
        "basic": "RevealPrompt",
        "cloze": "RevealPrompt",
        "choice": "ChoicePrompt",
        "truefalse": "TrueFalsePrompt",
        "typed": "TypedPrompt",
        "order": "OrderPrompt",
        "match": "MatchPrompt",
    }


def test_summary(example_store: Store, clock: FakeClock) -> None:
    session = StudySession(example_store, learner(example_store), clock=clock, fuzz=False)
    ratings = [AGAIN, GOOD, EASY, EASY]
    for rating in ratings:
        item = session.next()
        assert item is not None
        session.answer(item, rating, 2000)
    summary = session.summary()
    assert (summary.studied, summary.correct, summary.seconds) == (4, 3, 8.0)
    assert summary.accuracy == pytest.approx(0.75)
    assert summary.later_today == 2  # the Again and the Good come back within the day


def test_learning_items_not_yet_due_wait_instead_of_repeating(example_store: Store, clock: FakeClock) -> None:
    """With only learning items left and none due, the session says how many come back and when,
    rather than showing the card just failed again and again."""
    ada = learner(example_store, new_per_day=2)
    session = StudySession(example_store, ada, clock=clock, fuzz=False)
    first = session.next()
    assert first is not None
    session.answer(first, AGAIN, 1000)
    second = session.next()
    assert second is not None and second.item_id != first.item_id
    session.answer(second, AGAIN, 1000)
    clock.advance(30)
    assert session.next() is None  # nothing is due now...
    waiting = session.waiting()
    assert waiting is not None and waiting.count == 2  # ...but two come back today
    assert 0 < waiting.seconds_left(int(clock())) <= 10 * 60
    assert session.progress().remaining == 2 and session.progress().learning == 2
    # Study the next one now, if the learner asks...
    early = session.next(ahead=True)
    assert early is not None and early.item_id == first.item_id
    # ...or wait: once it is due it is simply the next item.
    clock.advance(waiting.seconds_left(int(clock())))
    assert session.waiting() is None
    due = session.next()
    assert due is not None and due.item_id == first.item_id
    for _ in range(6):  # Easy graduates both: then nothing is left today, and nothing waits
        if (item := session.next(ahead=True)) is not None:
            session.answer(item, EASY, 1000)
    assert session.next() is None and session.waiting() is None


def test_summary_counts_items_and_answers_apart(example_store: Store, clock: FakeClock) -> None:
    ada = learner(example_store, new_per_day=1)
    session = StudySession(example_store, ada, clock=clock, fuzz=False)
    item = session.next()
    assert item is not None
    session.answer(item, AGAIN, 1000)
    clock.advance(3600)
    again = session.next()
    assert again is not None and again.item_id == item.item_id
    session.answer(again, GOOD, 1000)
    summary = session.summary()
    assert (summary.items, summary.answers) == (1, 2)
    session.undo()
    assert (session.summary().items, session.summary().answers) == (1, 1)


def test_the_overview_says_how_much_of_the_shared_new_limit_is_left(example_store: Store, clock: FakeClock) -> None:
    from quizapp.store.overview import overview

    ada = learner(example_store, new_per_day=3)
    view = overview(example_store, ada, int(clock()))
    (deck,) = view.decks
    assert (view.new_per_day, view.new_left, deck.new, deck.new_held, view.new_held) == (3, 3, 3, 7, 7)
    session = StudySession(example_store, ada, clock=clock, fuzz=False)
    for _ in range(2):
        session.answer(session.next(), GOOD, 1000)  # type: ignore[arg-type]
    view = overview(example_store, ada, int(clock()))
    (deck,) = view.decks
    assert (view.new_left, deck.new, deck.new_held) == (1, 1, 5)  # two siblings wait for tomorrow too


def test_the_summary_says_when_the_shared_new_limit_held_cards_back(example_store: Store, clock: FakeClock) -> None:
    ada = learner(example_store, new_per_day=1)
    session = StudySession(example_store, ada, clock=clock, fuzz=False)
    session.answer(session.next(), EASY, 1000)  # type: ignore[arg-type]
    assert session.next() is None
    assert session.summary().new_held == 8  # the other new items (a sibling waits for tomorrow anyway)
    other = StudySession(example_store, learner(example_store, new_per_day=20), clock=clock, fuzz=False)
    assert other.summary().new_held == 0


def test_two_sessions_of_one_learner_never_log_a_negative_interval(example_store: Store, db_url: str) -> None:
    """Two sessions of one learner (two terminals, or two machines whose clocks disagree) answer
    the same item; the one whose clock is behind commits last. Its answer is logged at the other's
    time, not before it: no negative interval, and the log replays in the order it was written."""
    ada = learner(example_store)
    ahead, behind = FakeClock(), FakeClock()
    ahead.advance(90)
    first = StudySession(example_store, ada, clock=ahead, fuzz=False)
    second = StudySession(example_store, ada, clock=behind, fuzz=False)
    item_a, item_b = first.next(), second.next()
    assert item_a is not None and item_b is not None and item_a.item_id == item_b.item_id
    first.answer(item_a, AGAIN, 1000)
    second.answer(item_b, GOOD, 1000)
    with example_store.read() as s:
        rows = s.execute(select(REVIEW_TABLE.c.reviewed_at, REVIEW_TABLE.c.elapsed).order_by(REVIEW_TABLE.c.id)).all()
        state = read_states(s, ada.id, [item_a.item_id])[item_a.item_id]
    assert [tuple(r) for r in rows] == [(int(ahead()), None), (int(ahead()), 0)]
    assert state is not None and state.memory.last_review == int(ahead()) and state.memory.reps == 2


def test_review_ids_are_never_reused_after_an_undo(example_store: Store, clock: FakeClock) -> None:
    """An undone answer's log row is deleted; the next answer gets a new id, never the old one
    (exports and anything else that keeps review ids must not see one id mean two answers)."""
    session = StudySession(example_store, learner(example_store), clock=clock, fuzz=False)
    item = session.next()
    assert item is not None
    session.answer(item, GOOD, 1000)
    with example_store.read() as s:
        (undone,) = s.execute(select(REVIEW_TABLE.c.id)).scalars().all()
    again = session.undo()
    assert again is not None
    clock.advance(5)
    session.answer(again, GOOD, 1000)
    with example_store.read() as s:
        (given,) = s.execute(select(REVIEW_TABLE.c.id)).scalars().all()
    assert given > undone


def test_the_ratings_waits_are_computed_when_asked_and_match_the_answer(example_store: Store, clock: FakeClock,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """An item is loaded without running FSRS for its four ratings (the grade key waits for the
    next item, not for them); asked for, the waits are what each rating then schedules."""
    from quizapp.engine.scheduling import Scheduler

    session = StudySession(example_store, learner(example_store), clock=clock, fuzz=False)
    calls: list[int] = []
    preview = Scheduler.preview

    def counted(self: Scheduler, item_id: int, memory: Memory, at: int) -> dict[int, int]:
        calls.append(item_id)
        return preview(self, item_id, memory, at)

    monkeypatch.setattr(Scheduler, "preview", counted)
    item = session.next()
    assert item is not None and calls == []
    waits = item.intervals
    assert calls == [item.item_id] and item.intervals is waits and calls == [item.item_id]  # once
    assert set(waits) == {AGAIN, HARD, GOOD, EASY}
    clock.advance(30)  # the learner reads the card, then rates it
    outcome = session.answer(item, GOOD, 3000)
    assert outcome.memory.due - clock.now == waits[GOOD]
