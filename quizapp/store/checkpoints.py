"""Folding SQLite's write-ahead log back into the database file while the learner thinks.

SQLite folds the log back itself inside the commit that takes it past 1000 pages: about one
answer in 65 then waits while up to 1000 pages are copied to their places in the file and the
file is synced (at a million items on this machine's SSD, that answer and the next item took
15-18 ms against about 2.5 ms; scattered writes on slower storage take longer). Here the log is
folded back on a thread of its own once writes pause for QUIET seconds, as they do while a
learner reads the next card, so no answer waits for it, and the log stays small: the next commit
writes it from its start again. In a burst of writes without a pause SQLite's own folding still
runs as before. Durability is the same either way: a commit is on disk once its log frames are
synced.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

QUIET = 0.5  # seconds without a write before the log is folded back (a learner reads longer)
LINGER = 30.0  # seconds the thread waits for another write before it ends


class Checkpointer:
    """Folds one SQLite file's log back after writes pause, on a daemon thread started by a write
    and ended after LINGER seconds without one. Each fold opens a connection of its own and closes
    it, so nothing is held open between folds; it opens the file only if it is still there (never
    creating one where a file was moved away)."""

    def __init__(self, path: Path, quiet: float = QUIET, linger: float = LINGER) -> None:
        self._uri = f"{path.resolve().as_uri()}?mode=rw"
        self._quiet = quiet
        self._linger = linger
        self._changed = threading.Condition()
        self._last_write: float | None = None  # when the last write not yet folded back committed
        self._closed = False
        self._thread: threading.Thread | None = None

    def wrote(self) -> None:
        """Note a committed write (called after each commit: a lock and a clock read). Never
        raises: the write is committed whatever happens here."""
        with self._changed:
            if self._closed:
                return
            waiting = self._last_write is None
            self._last_write = time.monotonic()
            if self._thread is None:
                thread = threading.Thread(target=self._run, name="quizapp-checkpoint", daemon=True)
                try:
                    thread.start()
                except RuntimeError:
                    return  # no thread to be had: SQLite's own folding still runs
                self._thread = thread
            elif waiting:
                # A thread already timing a fold wakes at its deadline and reads the new time
                # then: waking it for every write would hand the GIL back and forth per answer.
                self._changed.notify()

    def close(self) -> None:
        """Stop the thread, after a fold in progress ends (its connection closes with it)."""
        with self._changed:
            self._closed = True
            thread = self._thread
            self._changed.notify()
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _due(self) -> bool:
        """Wait until a fold is due (True), or until the checkpointer is closed or no write came
        for LINGER seconds (False: the thread ends, and the next write starts another)."""
        with self._changed:
            while not self._closed:
                if self._last_write is None:
                    if not self._changed.wait(self._linger) and self._last_write is None:
                        self._thread = None
                        return False
                    continue
                left = self._last_write + self._quiet - time.monotonic()
                if left <= 0:
                    self._last_write = None  # a write during the fold sets it again
                    return True
                self._changed.wait(left)
            return False

    def _run(self) -> None:
        while self._due():
            try:
                conn = sqlite3.connect(self._uri, uri=True, isolation_level=None)
                try:
                    conn.execute("PRAGMA synchronous = FULL")  # as the pool's: the fold syncs the file
                    # PASSIVE never waits for a lock and never holds up readers or a writer.
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                finally:
                    conn.close()
            except sqlite3.Error:
                pass  # not folded this time: SQLite's own folding still runs, and writes report their own faults
