"""Bulk writes: a plain INSERT binds many rows per statement and keeps every row in order; an
upsert keeps one row per statement, so repeated keys still add up. Lists of ids are bound, not
written into the statement (SQLite and PostgreSQL)."""

from __future__ import annotations

from quizapp.store.database import Store
from quizapp.store.sql import execute_rows, fetch, id_lists


def test_a_bulk_insert_keeps_every_row_in_order_and_an_upsert_adds_up(store: Store) -> None:
    with store.driver_write() as conn:
        fetch(conn, "CREATE TABLE bulk (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, label TEXT, share FLOAT)")
        fetch(conn, "CREATE TABLE tally (k INTEGER PRIMARY KEY, total INTEGER NOT NULL)")
        rows = [(n, None if n % 7 == 0 else f"row {n} it's", n / 3) for n in range(1, 1_235)]  # several statements and a rest
        execute_rows(conn, "INSERT INTO bulk (id, n, label, share) VALUES (:id, :n * 2, :label, :share)",
                     [(n, n, label, share) for n, label, share in rows])
        execute_rows(conn, "INSERT INTO tally (k, total) VALUES (:k, :total) "
                           "ON CONFLICT (k) DO UPDATE SET total = tally.total + excluded.total",
                     [(n % 3, 1) for n in range(3_000)])
    with store.driver_read() as conn:
        stored = fetch(conn, "SELECT id, n, label, share FROM bulk ORDER BY id")
        tally = fetch(conn, "SELECT k, total FROM tally ORDER BY k")
    assert [(int(i), int(n), label) for i, n, label, _ in stored] == [(n, 2 * n, label) for n, label, _ in rows]
    assert [float(share) for *_, share in stored] == [share for *_, share in rows]
    assert [(int(k), int(t)) for k, t in tally] == [(0, 1_000), (1, 1_000), (2, 1_000)]


def test_id_lists_bind_their_values_so_equal_lengths_share_one_statement(store: Store) -> None:
    # The driver's statement cache keys on the text: an item's view read with its id written in
    # was parsed and planned anew for every answer.
    (first, first_values), = id_lists([17, 4242])
    (second, second_values), = id_lists([99, 3])
    assert first == second == ":id0, :id1"
    assert (first_values, second_values) == ({"id0": 17, "id1": 4242}, {"id0": 99, "id1": 3})
    wanted = list(range(3, 2_600, 2))  # several lists and a rest
    with store.driver_write() as conn:
        fetch(conn, "CREATE TABLE numbers (id INTEGER PRIMARY KEY)")
        execute_rows(conn, "INSERT INTO numbers (id) VALUES (:id)", [(n,) for n in range(1, 3_000)])
        found = [int(r[0]) for chunk, values in id_lists(wanted)
                 for r in fetch(conn, f"SELECT id FROM numbers WHERE id IN ({chunk}) AND id > :floor",
                                {**values, "floor": 0})]
    assert sorted(found) == wanted
    assert [len(values) for _, values in id_lists(wanted)] == [500, 500, 299]
