"""Test data builders that need the store: a few answers, and a hand-built history whose
right figures the statistics tests work out by hand."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select, text, update

from quizapp.engine.scheduling import GOOD, Memory
from quizapp.store.answers import Answer, rebuild_summary, record
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.store.item_states import StateRow, read_states
from quizapp.store.models import ITEM_STATE_TABLE, ITEM_TABLE, QUIZ_ATTEMPT_TABLE, REVIEW_TABLE
from quizapp.store.sql import json_column
from tests.helpers import example_deck, profile, write_deck


def record_some_answers(store: Store, learner_name: str, count: int, start: int = 1_700_000_000) -> list[int]:
    """Answer the first `count` items Good, a day apart; returns the item ids."""
    learner = profile(store, learner_name)
    assert learner.id is not None
    with store.read() as conn:
        items = conn.execute(select(ITEM_TABLE.c.id, ITEM_TABLE.c.deck_id).order_by(ITEM_TABLE.c.id).limit(count)).all()
    for n, (item_id, deck_id) in enumerate(items):
        at = start + n * 86400
        with store.write() as conn:
            before = read_states(conn, learner.id, [item_id])[item_id]
            after = StateRow(
                Memory(state=2, stability=2.5, difficulty=5.0, due=at + 2 * 86400, last_review=at, reps=1), deck_id=deck_id
            )
            record(conn, learner.id, Answer(item_id, GOOD, at, 2000, False), before, after)
    return [item_id for item_id, _ in items]


H = 3600
D = 86400


def at(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


NOW = at("2026-03-10T12:00")  # TZ is UTC in tests; the study day starts at 04:00
A, B, C, E_ITEM, D_ITEM = 1, 5, 6, 10, 8  # samsung-site (fwd), quad-members, summit-place, experts, buildup-sum

# (item, reviewed at, state before, rating, seconds since the previous answer, duration ms)
HISTORY = [
    (A, "2026-02-28T10:00", 0, 3, None, 5000),
    (A, "2026-03-02T10:00", 2, 3, 2 * D, 4000),
    (A, "2026-03-09T10:00", 2, 1, 7 * D, 6000),
    (B, "2026-03-02T11:00", 0, 3, None, 3000),
    (B, "2026-03-10T10:00", 2, 4, 7 * D + 23 * H, 2000),
    (C, "2026-03-10T11:00", 0, 1, None, 10000),
    (C, "2026-03-10T11:30", 1, 3, 1800, 4000),
    (D_ITEM, "2026-03-09T23:00", 2, 3, 40 * D, 5000),
    (D_ITEM, "2026-03-10T03:00", 2, 2, 4 * H, 1000),  # before 04:00: still the study day of 9 March
]
# item -> (state, stability, last review, due, lapses, suspended, leech, reps, fails)
STATES = {
    A: (3, 2.0, at("2026-03-09T10:00"), at("2026-03-09T10:10"), 1, False, False, 3, 1),
    B: (2, 20.0, at("2026-03-10T10:00"), at("2026-03-30T10:00"), 0, False, False, 2, 0),
    C: (1, 1.0, at("2026-03-10T11:30"), at("2026-03-10T11:40"), 0, False, False, 2, 1),
    D_ITEM: (2, 50.0, at("2026-03-10T03:00"), at("2026-03-12T10:00"), 0, False, False, 2, 0),
    E_ITEM: (2, 3.0, at("2026-02-28T12:00"), at("2026-03-11T10:00"), 3, True, True, 2, 0),
}


def build_history(store: Store) -> Store:
    """Write HISTORY, STATES and one quiz attempt for ada, and create bob with nothing."""
    ada = profile(store, "ada")
    profile(store, "bob")  # a learner with no reviews
    with store.write() as conn:
        conn.execute(insert(REVIEW_TABLE), [
            {"learner_id": ada.id, "item_id": item, "reviewed_at": at(when), "state": state, "rating": rating, "elapsed": elapsed,
             "duration_ms": ms, "auto_graded": False}
            for item, when, state, rating, elapsed, ms in HISTORY
        ])
        for item, (state, stability, last, due, lapses, suspended, leech, reps, fails) in STATES.items():
            conn.execute(
                update(ITEM_STATE_TABLE)
                .where(ITEM_STATE_TABLE.c.learner_id == ada.id, ITEM_STATE_TABLE.c.item_id == item)
                .values(
                    state=state,
                    stability=stability,
                    difficulty=5.0,
                    last_review=last,
                    due=due,
                    lapses=lapses,
                    reps=reps,
                    suspended=suspended,
                    leech=leech,
                    fails=fails,
                )
            )
        rebuild_summary(conn)
        details = [{"deck": "example-every-type", "correct": n < 6} for n in range(8)]
        conn.execute(
            insert(QUIZ_ATTEMPT_TABLE).values(
                learner_id=ada.id,
                started_at=at("2026-03-05T11:50"),
                finished_at=at("2026-03-05T12:00"),
                decks=["example-every-type"],
                questions=8,
                correct=6,
                details=details,
            )
        )
    return store


# What a terminal obeys: C0 controls but newline and tab, DEL, C1 controls, bidi overrides/isolates.
OBEYED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# OSC 52 (write the clipboard), OSC 2 (retitle the window), CSI 2J (clear the screen), the 8-bit
# CSI, Rich/Textual markup that would make a quit link, and a right-to-left override.
EVIL = "\x1b]52;c;aGk=\x07\x1b]2;pwned\x07\x1b[2J\x9b2J[@click=app.quit]x[/]\u202e"
EVIL_NAME = "mallory\x1b]2;pwned\x07"


def hostile_database(path: Path, decks: Path) -> Path:
    """A database whose every stored text carries escape sequences (learner and deck names,
    descriptions, card fields, explanations, the source), as one written by an older quizapp,
    another program or a hostile student on a shared server would be. Learner ada has answers;
    a learner with a hostile name has some too."""
    store = Store.open(str(path))
    try:
        import_paths(store, [str(write_deck(decks, example_deck()))])
        record_some_answers(store, "ada", count=6)
        record_some_answers(store, "bob", count=3)
        with store.write() as conn:
            conn.execute(text("UPDATE learner SET name = :evil WHERE name = 'bob'"), {"evil": EVIL_NAME})
            conn.execute(text("UPDATE deck SET title = :t, description = :t"), {"t": f"Deck {EVIL}"})
            conn.execute(text("UPDATE source SET text = :t || text"), {"t": f"Title {EVIL}\n\n"})
            for card_id, content in conn.execute(text("SELECT id, content FROM card")).all():
                data = json_column(content)
                for key, value in data.items():
                    if isinstance(value, str):
                        data[key] = f"{value} {EVIL}"
                    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                        data[key] = [f"{v} {EVIL}" for v in value]
                conn.execute(text("UPDATE card SET content = :c, explanation = :e WHERE id = :id"),
                             {"c": json.dumps(data), "e": f"Why {EVIL}", "id": card_id})
    finally:
        store.close()
    return path
def right_response(prompt: object) -> object:
    """The response a learner who knows the answer gives to an auto-graded prompt."""
    from quizapp.cards import ChoicePrompt, ClozeTypedPrompt, MatchPrompt, OrderPrompt, TrueFalsePrompt, TypedPrompt

    if isinstance(prompt, ChoicePrompt):
        return sorted(prompt.correct)
    if isinstance(prompt, TrueFalsePrompt):
        return prompt.answer
    if isinstance(prompt, TypedPrompt):
        return prompt.answer
    if isinstance(prompt, ClozeTypedPrompt):
        return list(prompt.gaps)
    if isinstance(prompt, OrderPrompt):
        return list(prompt.correct)
    if isinstance(prompt, MatchPrompt):
        return dict(prompt.pairs)
    raise TypeError(type(prompt).__name__)


def wrong_response(prompt: object, typed: str = "no idea") -> object:
    """A wrong response to an auto-graded prompt (`typed` for typed answers); for a choice, the
    first wrong option."""
    from quizapp.cards import ChoicePrompt, ClozeTypedPrompt, MatchPrompt, OrderPrompt, TrueFalsePrompt, TypedPrompt

    if isinstance(prompt, ChoicePrompt):
        return [min(set(range(len(prompt.options))) - prompt.correct)]
    if isinstance(prompt, TrueFalsePrompt):
        return not prompt.answer
    if isinstance(prompt, TypedPrompt | ClozeTypedPrompt):
        return typed
    if isinstance(prompt, OrderPrompt):
        return list(reversed(prompt.correct))
    if isinstance(prompt, MatchPrompt):
        lefts = list(prompt.pairs)
        return {left: prompt.pairs[lefts[(i + 1) % len(lefts)]] for i, left in enumerate(lefts)}
    raise TypeError(type(prompt).__name__)
