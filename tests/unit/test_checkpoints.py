"""SQLite's write-ahead log is folded back into the database file once writes pause, on a thread
of its own, not inside the commit of whichever answer crosses SQLite's own threshold."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.store.checkpoints import QUIET, Checkpointer
from quizapp.store.database import Store
from quizapp.store.sql import fetch


def _in_the_file(path: Path) -> list[int]:
    """What the database file itself holds, the write-ahead log left out (an immutable reader
    never looks at the log)."""
    conn = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_schema WHERE name = 'marks'").fetchall():
            return []
        return [int(n) for (n,) in conn.execute("SELECT n FROM marks ORDER BY n")]
    finally:
        conn.close()


def _eventually(condition: Callable[[], bool], timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _folders() -> set[threading.Thread]:
    """The folding threads alive (another test's store, left open, may have one of its own)."""
    return {t for t in threading.enumerate() if t.name == "quizapp-checkpoint"}


def test_the_log_is_folded_back_once_writes_pause_and_not_in_the_commit(tmp_path: Path) -> None:
    path = tmp_path / "study.db"
    others = _folders()
    store = Store.open(str(path))
    try:
        with store.driver_write() as conn:
            fetch(conn, "CREATE TABLE marks (n INTEGER NOT NULL)")
            fetch(conn, "INSERT INTO marks (n) VALUES (1)")
        committed = time.monotonic()
        assert _in_the_file(path) == []  # committed to the log only: the commit folded nothing back
        assert _eventually(lambda: _in_the_file(path) == [1])
        assert time.monotonic() - committed >= QUIET * 0.9  # it waited for the pause
        with store.driver_write() as conn:  # and again after the next write
            fetch(conn, "INSERT INTO marks (n) VALUES (2)")
        assert _eventually(lambda: _in_the_file(path) == [1, 2])
        with store.driver_read() as conn:
            assert fetch(conn, "SELECT n FROM marks ORDER BY n") == [(1,), (2,)]
    finally:
        store.close()
    assert not _folders() - others  # closing stops the thread


def test_a_burst_of_writes_is_folded_back_after_it_ends(tmp_path: Path) -> None:
    path = tmp_path / "burst.db"
    store = Store.open(str(path))
    try:
        with store.driver_write() as conn:
            fetch(conn, "CREATE TABLE marks (n INTEGER NOT NULL)")
        started = time.monotonic()
        n = 0
        while time.monotonic() - started < QUIET * 1.5:  # writes closer together than the pause
            n += 1
            with store.driver_write() as conn:
                fetch(conn, "INSERT INTO marks (n) VALUES (:n)", {"n": n})
            time.sleep(QUIET / 10)
        # Folding while writes come in would be harmless but pointless; it waits for the pause.
        assert len(_in_the_file(path)) < n
        assert _eventually(lambda: _in_the_file(path) == list(range(1, n + 1)))
    finally:
        store.close()


def test_the_thread_ends_when_no_write_comes_and_never_creates_a_missing_file(tmp_path: Path) -> None:
    gone = tmp_path / "moved-away.db"
    others = _folders()
    folder = Checkpointer(gone, quiet=0.01, linger=0.2)
    folder.wrote()
    assert _folders() - others
    assert _eventually(lambda: not _folders() - others)  # the fold failed quietly, then the thread ended
    assert not gone.exists()
    folder.close()


def test_a_read_only_store_starts_no_thread(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    Store.open(str(path)).close()
    others = _folders()
    store = Store.open(str(path), read_only=True)
    try:
        with store.driver_read() as conn:
            fetch(conn, "SELECT count(*) FROM item")
        assert not _folders() - others
    finally:
        store.close()


def test_a_commit_stands_when_no_thread_can_be_started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    store = Store.open(str(tmp_path / "busy.db"))
    try:
        monkeypatch.setattr(threading.Thread, "start", refused)
        with store.driver_write() as conn:  # raises nothing: the answer is committed
            fetch(conn, "CREATE TABLE marks (n INTEGER NOT NULL)")
            fetch(conn, "INSERT INTO marks (n) VALUES (7)")
        monkeypatch.undo()
        with store.driver_read() as conn:
            assert fetch(conn, "SELECT n FROM marks") == [(7,)]
    finally:
        store.close()


class _CountingCondition(threading.Condition):
    def __init__(self) -> None:
        super().__init__()
        self.notified = 0

    def notify(self, n: int = 1) -> None:
        self.notified += 1
        super().notify(n)


def _counted(folder: Checkpointer) -> _CountingCondition:
    counting = _CountingCondition()
    folder._changed = counting
    return counting


def test_writes_in_a_row_do_not_wake_the_thread_each_time(tmp_path: Path) -> None:
    # Each wake-up took the GIL from the writer in the middle of its next answer (answer + next
    # at 100k, interleaved: 1.10 -> 0.97 ms); the thread reads the last write's time at its deadline.
    path = tmp_path / "row.db"
    sqlite3.connect(path).close()
    timing = Checkpointer(path, quiet=60, linger=60)  # no fold comes between these writes
    counting = _counted(timing)
    try:
        for _ in range(50):
            timing.wrote()
        assert counting.notified == 0  # the thread started with the first write, timing its fold
    finally:
        timing.close()
    waiting = Checkpointer(path, quiet=0.05, linger=60)
    counting = _counted(waiting)
    try:
        waiting.wrote()
        assert _eventually(lambda: waiting._last_write is None)  # folded once writes paused
        waiting.wrote()  # the thread now waits for a write with nothing to fold: this one wakes it
        assert counting.notified == 1
        assert _eventually(lambda: waiting._last_write is None, timeout=5)  # folded long before linger
    finally:
        waiting.close()
