"""A review log brought in from another program (Anki): its answers appended to a learner's log,
the hourly summary kept in step, and the items' states set, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.store.answers import _SUMMARY_ADD, bucket
from quizapp.store.database import Store
from quizapp.store.item_states import COPIED_COLUMNS, StateRow, missing_rows, read_states
from quizapp.store.sql import execute_rows, fetch, id_lists

# One answer of the foreign log, already mapped to our item: (item id, instant, rating, duration
# in ms, the item's state before the answer, seconds since its previous answer or None). A plain
# tuple, written to the log as it is: an import makes one per review, 100,000 for a year of Anki.
LoggedAnswer = tuple[int, int, int, int, int, int | None]


def item_ids(conn: Any, deck_slug: str) -> dict[tuple[str, str], tuple[int, int]]:
    """Every active item of a deck by (card key, item key): its id and its deck's id."""
    rows = fetch(conn, "SELECT c.key, i.key, i.id, d.id FROM item AS i JOIN card AS c ON c.id = i.card_id "
                       "JOIN deck AS d ON d.id = c.deck_id WHERE d.slug = :slug AND i.retired = false", {"slug": deck_slug})
    return {(str(card), str(item)): (int(item_id), int(deck_id)) for card, item, item_id, deck_id in rows}


def reviewed_items(conn: Any, learner_id: int, items: Iterable[int]) -> int:
    """How many of the items the learner has answered already."""
    ids = list(items)
    count = 0
    for chunk, bound in id_lists(ids):
        ((found,),) = fetch(conn, f"SELECT count(DISTINCT item_id) FROM review WHERE learner_id = :learner "
                                  f"AND item_id IN ({chunk})", {**bound, "learner": learner_id})
        count += int(found)
    return count


def add_history(conn: Any, learner_id: int, answers: Sequence[LoggedAnswer], states: dict[int, StateRow]) -> None:
    """Append answers to the learner's log (and its hourly summary) and store the items' states."""
    execute_rows(
        conn,
        "INSERT INTO review (learner_id, item_id, reviewed_at, rating, duration_ms, auto_graded, state, elapsed) "
        f"VALUES ({int(learner_id)}, :item, :at, :rating, :duration, false, :state, :elapsed)",  # our own integer
        answers,
    )
    deck_of = {item_id: state.deck_id for item_id, state in states.items()}
    summary: dict[tuple[int, int, int, int], list[int]] = {}  # key -> [answers, recalled, duration]
    buckets: dict[int | None, int] = {}
    for item_id, at, rating, ms, state, elapsed in answers:
        found = buckets.get(elapsed)
        if found is None:
            found = buckets[elapsed] = bucket(elapsed)
        key = (deck_of[item_id], at // 3600, state, found)
        sums = summary.get(key)
        if sums is None:
            summary[key] = [1, int(rating > 1), ms]
        else:
            sums[0] += 1
            sums[1] += rating > 1
            sums[2] += ms
    execute_rows(conn, _SUMMARY_ADD, [(learner_id, *key, *sums) for key, sums in summary.items()])
    if not states:
        return
    columns = tuple(next(iter(states.values())).values())  # the order of every row's values
    # An item the learner has no row for yet (a learner created for this import) gets its row
    # inserted: cheaper than making a new row and then rewriting it and two of its indexes.
    missing = missing_rows(conn, learner_id, states)
    names = (*columns, *COPIED_COLUMNS)
    execute_rows(
        conn,
        f"INSERT INTO item_state (learner_id, item_id, {', '.join(names)}) "
        f"VALUES ({int(learner_id)}, :item_id, {', '.join(f':{c}' for c in names)})",  # our own integer
        [(item_id, *state.values().values(), *missing[item_id]) for item_id, state in states.items() if item_id in missing],
    )
    execute_rows(
        conn,
        f"UPDATE item_state SET {', '.join(f'{c} = :{c}' for c in columns)} WHERE learner_id = :learner AND item_id = :item",
        [(*state.values().values(), learner_id, item_id) for item_id, state in states.items() if item_id not in missing],
    )


@dataclass(frozen=True)
class ItemHistory:
    """A learner's state of one item and their answers to it (for an export that carries them)."""

    deck: str
    card: str
    item: str
    state: StateRow
    answers: tuple[tuple[int, int, int, int], ...]  # (instant, rating, duration ms, state before)


def learner_history(store: Store, learner_id: int, deck_slugs: Sequence[str]) -> list[ItemHistory]:
    """Every active item of the decks with the learner's state and answers."""
    with store.driver_read() as conn:
        keys: dict[int, tuple[str, str, str]] = {}
        for slug in deck_slugs:
            for (card, item), (item_id, _deck) in item_ids(conn, slug).items():
                keys[item_id] = (slug, card, item)
        states = read_states(conn, learner_id, keys)
        answers: dict[int, list[tuple[int, int, int, int]]] = {}
        for item_id, at, rating, duration, state in fetch(
            conn, "SELECT item_id, reviewed_at, rating, duration_ms, state FROM review WHERE learner_id = :learner "
                  "ORDER BY item_id, reviewed_at, id", {"learner": learner_id}):
            if item_id in keys:
                answers.setdefault(int(item_id), []).append((int(at), int(rating), int(duration), int(state)))
    return [ItemHistory(*keys[item_id], state, tuple(answers.get(item_id, ())))
            for item_id, state in states.items() if state is not None]
