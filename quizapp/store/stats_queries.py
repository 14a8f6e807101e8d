"""The statistics' reads: the hourly review summary, due dates, states and mastery by deck, the
hardest items and quiz attempts, each aggregated in SQL on the covering indexes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from quizapp.cards.item import ItemView
from quizapp.engine.states import NEW, REVIEW, STATE_NAMES
from quizapp.engine.studyday import StudyDay
from quizapp.store.catalog import item_views
from quizapp.store.counts import STUDIED, Done, done_today
from quizapp.store.database import Store
from quizapp.store.item_states import StateRow, read_states
from quizapp.store.sql import fetch

HARDEST = 10
# Recall at or above the desired retention: reviewed within the horizon. Written as one
# comparison against a bound (lowest recall's read at a million items: 269 -> 162 ms against the
# difference's); a NULL last review, a new item's, is neither recalled nor not.
_RECALLED = "last_review >= :now - stability * :horizon"
# Its opposite, for lowest recall: tested before `stability > 0`, since it rules out most items
# (96% in the bench collections) and the guard then runs on the few left (lowest recall's read
# alone: 253 -> 212 ms at a million items, 26.5 -> 22.1 ms at 100,000). A NULL on either side
# rules the item out, as the NOT of `_RECALLED` did.
_FADED = "last_review < :now - stability * :horizon"


@dataclass(frozen=True)
class StatsRows:
    """What the statistics are computed from."""

    hours: list[tuple[int, int, int, int, int]]  # hour, state before, interval bucket, reviews, recalled
    done: Done
    items_today: int
    due_hours: list[tuple[int, int]]  # hour, items falling due
    states: list[tuple[int, bool, int]]  # state, suspended, items
    mastery: list[tuple[int, int, int]]  # deck id, items, items recalled above the horizon
    decks: dict[int, tuple[str, str]]  # deck id -> slug, title
    leeches: list[int]
    most_lapses: list[int]
    lowest_recall: list[int]  # only items below the desired retention now (not mastered)
    views: dict[int, ItemView]  # of the hardest items
    item_states: dict[int, StateRow | None]
    quizzes: list[tuple[int, Any, int, int, Any]]  # finished at, decks (JSON), correct, questions, details (JSON)


def statistics_rows(
    store: Store, learner_id: int, at: int, today: StudyDay, forecast_end: int, horizon_seconds: float
) -> StatsRows:
    """Every aggregate the statistics need.

    `horizon_seconds` is how long, per unit of stability, recall stays at or above the desired
    retention: an item counts as mastered when its time since the last review is within it.

    Two reads run at once, each on a connection of its own (SQLite works outside the GIL): the
    counts per deck and per state in one, the rest below in the other (at a million items each
    about 200-250 ms side by side, when the machine is quiet). Each read is one snapshot; an
    answer committed between their two starts can show in one and not yet in the other.
    """
    params = {"learner": learner_id, "now": at, "horizon": horizon_seconds}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="stats") as pool:
        counts = pool.submit(_counts, store, params)
        rest = _the_rest(store, params, learner_id, today, forecast_end)
        decks_rows, states, held = counts.result()
    hours, done, items_today, due_hours, decks, leeches, lapses, lowest, views, item_states, quizzes = rest
    return StatsRows(
        hours=[(int(h), int(s), int(b), int(n), int(r)) for h, s, b, n, r in hours],
        done=done,
        items_today=int(items_today),
        due_hours=[(int(h), int(n)) for h, n in due_hours],
        states=[*((state, False, states[state] - held.get(state, 0)) for state in STATE_NAMES),
                (NEW, True, sum(held.values()))],
        mastery=decks_rows,
        decks=decks,
        leeches=leeches,
        most_lapses=lapses,
        lowest_recall=lowest,
        views=views,
        item_states=item_states,
        quizzes=[(int(f), d, int(c), int(q), det) for f, d, c, q, det in quizzes],
    )


def _counts(store: Store, params: dict[str, Any]) -> tuple[list[tuple[int, int, int]], dict[int, int], dict[int, int]]:
    """Per deck its items and those recalled above the horizon; per state its items, and those
    suspended.

    The per-deck read scans ix_state_cite in its order (nothing to sort). Each condition a row is
    tested for there costs this scan time at a million items (the four states' counts took 170 of
    its 380 ms), so the states but review are counted by a seek each on ix_state_study, and the
    reviewed items, the many in a collection studied for long, are what is left of all items. The
    few suspended items are counted by seeks too, and subtracted by the caller."""
    with store.driver_read() as conn:
        decks_rows = [
            (int(deck), int(items), int(recalled))  # PostgreSQL sums integers as numeric
            for deck, items, recalled in fetch(
                conn,
                f"""SELECT deck_id, count(*), count(*) FILTER (WHERE state != {NEW} AND {_RECALLED})
                    FROM item_state WHERE learner_id = :learner AND retired = false GROUP BY deck_id""",
                params,
            )
        ]
        counted = _per_state(conn, params, [state for state in STATE_NAMES if state != REVIEW])
        states = {state: counted.get(state, 0) for state in STATE_NAMES}
        states[REVIEW] = sum(items for _, items, _ in decks_rows) - sum(counted.values())
        held = _per_state(conn, params, list(STATE_NAMES), "AND suspended = true")
    return decks_rows, states, held


def _per_state(conn: Any, params: dict[str, Any], states: list[int], also: str = "") -> dict[int, int]:
    """The learner's items in each of `states` (those matching `also` too): each state is named, so
    the read seeks ix_state_study to each one's items instead of scanning them all."""
    rows = fetch(
        conn,
        f"SELECT state, count(*) FROM item_state WHERE learner_id = :learner AND retired = false "
        f"AND state IN ({', '.join(map(str, states))}) {also} GROUP BY state",
        params,
    )
    return {int(state): int(n) for state, n in rows}


def _the_rest(store: Store, params: dict[str, Any], learner_id: int, today: StudyDay, forecast_end: int) -> Any:
    with store.driver_read() as conn:
        hours = fetch(
            conn,
            "SELECT hour, state, bucket, sum(reviews), sum(recalled) FROM review_hour "
            "WHERE learner_id = :learner GROUP BY 1, 2, 3",
            params,
        )
        done = done_today(conn, learner_id, today)
        ((items_today,),) = fetch(
            conn,
            "SELECT count(DISTINCT item_id) FROM review WHERE learner_id = :learner "
            "AND reviewed_at >= :start AND reviewed_at < :end",
            {**params, "start": today.start, "end": today.end},
        )
        due_hours = fetch(
            conn,
            f"""SELECT due / 3600, count(*) FROM item_state WHERE learner_id = :learner AND retired = false
                   AND state IN ({STUDIED}) AND suspended = false AND due < :end GROUP BY 1""",
            {**params, "end": forecast_end},
        )
        decks = {int(r[0]): (str(r[1]), str(r[2])) for r in fetch(conn, "SELECT id, slug, title FROM deck")}
        leeches = [
            int(r[0])
            for r in fetch(
                conn,
                f"SELECT item_id FROM item_state WHERE learner_id = :learner AND leech "
                f"AND retired = false ORDER BY lapses DESC, item_id DESC LIMIT {HARDEST}",
                params,
            )
        ]
        lapses = [
            int(r[0])
            for r in fetch(
                conn,
                f"SELECT item_id FROM item_state WHERE learner_id = :learner AND lapses > 0 "
                f"AND retired = false ORDER BY lapses DESC, item_id DESC LIMIT {HARDEST}",
                params,
            )
        ]
        lowest = [
            int(r[0])
            for r in fetch(
                conn,
                f"""SELECT item_id FROM item_state WHERE learner_id = :learner AND retired = false
                       AND state IN ({STUDIED}) AND suspended = false AND {_FADED} AND stability > 0
                       ORDER BY (:now - last_review) * 1.0 / stability DESC, item_id LIMIT {HARDEST}""",
                params,
            )
        ]
        hard = [*leeches, *lapses, *lowest]
        views = item_views(conn, hard)
        item_states = read_states(conn, learner_id, hard)
        quizzes = fetch(
            conn,
            "SELECT finished_at, decks, correct, questions, details FROM quiz_attempt WHERE learner_id = :learner "
            "ORDER BY finished_at, id",
            params,
        )
    return hours, done, items_today, due_hours, decks, leeches, lapses, lowest, views, item_states, quizzes
