"""Database faults: many processes opening one database, read-only and damaged files, a full disk,
a lost server, and passwords that never show."""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from quizapp.cli.main import main
from quizapp.errors import QuizError, StoreError
from quizapp.practice.study import StudySession
from quizapp.store import database, learners, migrate
from quizapp.store.database import Store, _make_engine, resolve_url
from quizapp.store.faults import DamagedError, DiskFullError, ReadOnlyError
from quizapp.store.importer import import_paths
from tests.builders import record_some_answers
from tests.helpers import FakeClock, damage_table, example_deck, profile, write_deck


def _opener(db: str, name: str, deck: Path, go: Event, failures: Queue[str]) -> None:
    """A child process: wait for the common start, then open the database as every command does
    (the migration), import a deck (a read-then-write of its source and cards), add a learner."""
    go.wait()
    try:
        store = Store.open(db)
        import_paths(store, [str(deck)])
        learners.learner(store, name)
        store.close()
    except QuizError as exc:
        failures.put(exc.message)


def _open_at_once(db: str, processes: int, deck: Path) -> list[str]:
    """Fork `processes` children (quizapp already imported, so they start at once), release them
    together, and return the error messages they met."""
    fork = multiprocessing.get_context("fork")
    go, failures = fork.Event(), fork.Queue()
    children = [fork.Process(target=_opener, args=(db, f"learner{n}", deck, go, failures)) for n in range(processes)]
    for child in children:
        child.start()
    time.sleep(0.2)
    go.set()
    for child in children:
        child.join(timeout=120)
    messages = []
    while not failures.empty():
        messages.append(failures.get())
    return messages + [f"exit code {c.exitcode}" for c in children if c.exitcode != 0]


@pytest.mark.parametrize("old", [False, True], ids=["fresh", "old"])
def test_many_processes_open_one_database_at_once(db_url: str, old: bool, tmp_path: Path) -> None:
    """Four processes open a fresh database (or one at the first schema revision) at the same
    instant: each waits its turn for the migration, and all succeed."""
    if old:
        engine = _make_engine(resolve_url(db_url))
        migrate.upgrade(engine, "0001")
        engine.dispose()
    assert _open_at_once(db_url, 4, write_deck(tmp_path / "decks", example_deck())) == []
    store = Store.open(db_url)
    try:
        with store.read() as conn:
            learners = conn.exec_driver_sql("SELECT count(*) FROM learner").scalar()
            decks = conn.exec_driver_sql("SELECT count(*) FROM deck").scalar()
    finally:
        store.close()
    assert learners == 4
    assert decks and decks > 0


def test_opening_a_fresh_file_waits_while_another_opener_switches_it_to_wal(tmp_path: Path) -> None:
    """The rare failure of the test above, made certain: a process that opens a fresh file while
    another is still writing its first page (switching it to write-ahead logging, which holds the
    write lock) got "database is locked" at once, since SQLite does not wait on the busy timeout
    when a read turns into a write inside `PRAGMA journal_mode`. It now waits its turn."""
    db = tmp_path / "fresh.db"
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the other opener, half-way through its switch
    release = threading.Timer(0.5, lambda: other.execute("ROLLBACK"))
    release.start()
    try:
        store = Store.open(str(db))
    finally:
        release.join()
        other.close()
    try:
        assert store.engine.dialect.name == "sqlite"
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        store.close()


# -- read-only, full, damaged ---------------------------------------------------------------------


def _answered_store(tmp_path: Path) -> tuple[str, Path]:
    """An SQLite file with the example deck and a few answers of ada, closed."""
    db = tmp_path / "study.db"
    store = Store.open(str(db))
    import_paths(store, [str(write_deck(tmp_path / "decks", example_deck()))])
    record_some_answers(store, "ada", count=3)
    store.close()
    return str(db), db


def _read_only_mount_works(folder: Path) -> bool:
    probe = subprocess.run(["unshare", "-m", "sh", "-c", f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder}"],
                           capture_output=True)
    return probe.returncode == 0


def _quizapp_read_only(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run quizapp with `folder` read-only: a read-only mount (even root cannot write there) when
    running as root, the folder's and files' permissions otherwise."""
    command = [sys.executable, "-m", "quizapp", *args]
    if os.geteuid() != 0:
        for path in (*folder.iterdir(), folder):
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=120)
        finally:
            for path in (folder, *folder.iterdir()):
                path.chmod(0o755 if path.is_dir() else 0o644)
    script = f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && exec {shlex.join(command)}"
    return subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120)


def _fingerprint(db: Path) -> str:
    """The database's content as SQLite sees it (robust to the WAL being folded in or not)."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def test_a_read_only_database_reads_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    db, path = _answered_store(tmp_path)
    if os.geteuid() == 0 and (shutil.which("unshare") is None or not _read_only_mount_works(tmp_path)):
        pytest.skip("running as root without mount namespaces: nothing is read-only to root")
    before = _fingerprint(path)
    deck = write_deck(tmp_path / "other", {**example_deck(), "deck": "another"})
    listed = _quizapp_read_only(tmp_path, "--db", db, "--profile", "ada", "decks")
    assert listed.returncode == 0, listed.stderr
    assert "learner: ada" in listed.stdout
    result = _quizapp_read_only(tmp_path, "--db", db, "--profile", "ada", "import", str(deck))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is read-only: nothing was saved" in lines[0], result.stderr
    assert _fingerprint(path) == before


def test_a_read_only_database_can_be_backed_up(tmp_path: Path) -> None:
    """A class database on a read-only share is copied whole; the copy failed before ("cannot
    write the backup ...: unable to open database file") because the backup read the file without
    the immutable flag a read-only folder needs, and blamed the target."""
    share = tmp_path / "share"
    share.mkdir()
    db, path = _answered_store(share)
    if os.geteuid() == 0 and (shutil.which("unshare") is None or not _read_only_mount_works(share)):
        pytest.skip("running as root without mount namespaces: nothing is read-only to root")
    assert sorted(p.name for p in share.iterdir()) == ["decks", "study.db"]  # closed: no -wal, no -shm
    before = _fingerprint(Path(shutil.copy(path, tmp_path / "before.db")))
    copy = tmp_path / "copy.db"
    result = _quizapp_read_only(share, "--db", db, "backup", str(copy))
    assert result.returncode == 0, result.stderr
    assert _fingerprint(copy) == before


def test_a_read_only_store_creates_nothing(tmp_path: Path) -> None:
    db, path = _answered_store(tmp_path)
    before = _fingerprint(path)
    store = Store.open(db, read_only=True)
    try:
        assert learners.learner(store, "ada").name == "ada"  # an existing profile opens
        with pytest.raises(ReadOnlyError, match="the new profile 'newbie' cannot be created"):
            learners.learner(store, "newbie")
        with pytest.raises(ReadOnlyError, match="is read-only: nothing was saved"):
            import_paths(store, [str(write_deck(tmp_path / "other", {**example_deck(), "deck": "another"}))])
    finally:
        store.close()
    with pytest.raises(ReadOnlyError, match="is not writable"):
        Store.open(str(tmp_path / "new.db"), read_only=True)
    assert _fingerprint(path) == before


@pytest.fixture
def small_disk(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Make every SQLite connection opened from now on see a disk with `pages` free pages left
    (PRAGMA max_page_count: SQLite then fails exactly as on a full disk, SQLITE_FULL)."""

    def limit(pages: int) -> None:
        original = database._sqlite_connect

        def connect(dbapi_conn: sqlite3.Connection, record: Any, *, read_only: bool = False) -> None:
            original(dbapi_conn, record, read_only=read_only)
            used = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count = {used + pages}")

        monkeypatch.setattr(database, "_sqlite_connect", connect)

    return limit


def test_a_full_disk_fails_an_import_in_one_line_and_changes_nothing(tmp_path: Path, small_disk: Callable[[int], None]) -> None:
    db, path = _answered_store(tmp_path)
    before = _fingerprint(path)
    small_disk(0)
    result = CliRunner().invoke(main, ["--db", db, "import", str(write_deck(tmp_path / "big", _big_deck(300)))])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "is full: nothing was saved" in lines[0], result.output
    assert _fingerprint(path) == before


def _big_deck(cards: int) -> dict[str, Any]:
    return {"quizapp": 1, "deck": "big", "title": "Big",
            "cards": [{"id": f"c{n}", "front": f"Question {n} " + "x" * 200, "back": f"Answer {n}"} for n in range(cards)]}


def test_a_full_disk_loses_no_acknowledged_answer(tmp_path: Path, small_disk: Callable[[int], None], clock: FakeClock) -> None:
    """An answer that cannot be written raises a one-line StoreError before anything counts it;
    once there is space again, it is given again and kept, and every earlier answer is there."""
    db, path = _answered_store(tmp_path)
    small_disk(0)
    store = Store.open(db)
    ada = profile(store, "ada")
    session = StudySession(store, ada, clock=clock, fuzz=False)
    item = session.next()
    assert item is not None
    _fill(store, ada.id, item.item_id)
    before = _ratings(path, ada.id)
    with pytest.raises(DiskFullError, match="is full: nothing was saved"):
        session.answer(item, 3, 1000)
    assert session.progress().done == 0  # not counted: the learner rates it again
    assert _ratings(path, ada.id) == before
    store.close()
    small_disk(10_000)  # space is free again
    store = Store.open(db)
    try:
        session = StudySession(store, profile(store, "ada"), clock=clock, fuzz=False)
        again = session.next()
        assert again is not None and again.item_id == item.item_id
        session.answer(again, 3, 1000)
    finally:
        store.close()
    assert _ratings(path, ada.id) == [*before, (item.item_id, 3)]


def _fill(store: Store, learner_id: int, item_id: int) -> None:
    """Use up every free page: answers of a filler learner until the disk is full."""
    filler = learners.learner(store, "filler").id
    insert = ("INSERT INTO review (learner_id, item_id, reviewed_at, rating, duration_ms, auto_graded, state, elapsed) "
              f"VALUES ({filler}, {item_id}, 0, 3, 0, 0, 0, NULL)")
    rows = 64
    while rows:
        try:
            with store.write() as conn:
                for _ in range(rows):
                    conn.exec_driver_sql(insert)
        except DiskFullError:
            rows //= 2


def _ratings(db: Path, learner_id: int) -> list[tuple[int, int]]:
    conn = sqlite3.connect(db)
    try:
        return [(int(a), int(b)) for a, b in conn.execute(
            "SELECT item_id, rating FROM review WHERE learner_id = ? ORDER BY id", (learner_id,))]
    finally:
        conn.close()


def _count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_import_refuses_a_damaged_database_before_writing(tmp_path: Path) -> None:
    db, path = _answered_store(tmp_path)
    damage_table(path)
    before = path.read_bytes()
    other = write_deck(tmp_path / "other", {**example_deck(), "deck": "b"})
    result = CliRunner().invoke(main, ["--db", db, "import", str(other)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "is damaged" in lines[0], result.output
    assert "quizapp restore" in lines[0] and ".recover" in lines[0]
    assert path.read_bytes() == before


def test_a_damaged_page_met_while_writing_refuses_every_later_write(tmp_path: Path) -> None:
    db, path = _answered_store(tmp_path)
    damage_table(path)
    store = Store.open(db)  # no check: the damage is met at the first write that touches it
    try:
        with pytest.raises(DamagedError, match="is damaged"):
            with store.write() as conn:
                conn.exec_driver_sql("UPDATE item_state SET fails = fails + 1")
                conn.exec_driver_sql("UPDATE review SET duration_ms = duration_ms + 1")
        with pytest.raises(DamagedError):
            learners.learner(store, "someone-new")
    finally:
        store.close()


# -- secrets ------------------------------------------------------------------------------------------


class Proxy:
    """A TCP forwarder to the PostgreSQL server that can be cut, as a server going down would be."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        """Drop every connection and refuse new ones."""
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread, or it keeps listening
        self.listener.close()
        with self.lock:
            for s in self.open:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()


SECRET = "hunter2:y/z"  # a password with : and / in it, as people write them unencoded


@pytest.mark.postgres
def test_postgres_going_down_mid_session_loses_nothing_and_shows_no_password(db_url: str, clock: FakeClock) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    url = make_url(db_url)
    seeded = Store.open(db_url)
    import_paths(seeded, [str(write_deck(Path.cwd() / "decks", example_deck()))])
    seeded.close()
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
    # The test server trusts every local connection, so the password is carried but unused.
    secret_url = f"{url.drivername}://{url.username}:{SECRET}@127.0.0.1:{proxy.port}/{url.database}"
    store = Store.open(secret_url)
    try:
        session = StudySession(store, profile(store, "ada"), clock=clock, fuzz=False)
        first = session.next()
        assert first is not None
        session.answer(first, 3, 1000)
        second = session.next()
        assert second is not None
        proxy.cut()
        with pytest.raises(StoreError) as failure:
            session.answer(second, 3, 1000)
        assert "lost the connection to the database server" in failure.value.message
        assert "nothing was saved" in failure.value.message
        assert "hunter2" not in failure.value.message and "y:z" not in failure.value.message
        assert session.progress().done == 1
    finally:
        store.close()
    check = Store.open(db_url)
    try:
        with check.read() as conn:
            answered = conn.exec_driver_sql("SELECT item_id FROM review").fetchall()
    finally:
        check.close()
    assert answered == [(first.item_id,)]


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://someone:hunter2@x/y@127.0.0.1:9/nowhere",
        "postgresql+psycopg://someone@127.0.0.1:9/nowhere?password=hunter2",
        "postgresql+psycopg://someone:hunter2@127.0.0.1:notaport/nowhere",
        "postgresql+psycopg://someone:hunter2@127.0.0.1:99999/nowhere",
        "postgresql+psycopg://someone:hunter2@[::1/nowhere",
        "postgresql+psycopg://someone:hun ter2@[::1/nowhere",
        "postgresql+psycopg://someone:hun ter2@127.0.0.1:9/nowhere",
    ],
    ids=["unencoded-at", "password-parameter", "port-not-a-number", "port-out-of-range", "bad-host", "space-bad-host",
         "space"],
)
def test_a_database_url_password_never_shows(url: str) -> None:
    result = CliRunner().invoke(main, ["--db", url, "decks"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("quizapp: error: "), result.output
    assert "hunter2" not in result.output and "ter2" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql+psycopg://someone:hunter2@x/y@127.0.0.1:9/nowhere",
         "quizapp: error: invalid database URL 'postgresql+psycopg://someone:***@127.0.0.1:9/nowhere': write an @ in the "
         "password as %40"),
        ("postgresql+psycopg://someone@127.0.0.1:9/nowhere?password=hunter2",
         "quizapp: error: cannot open database postgresql+psycopg://someone@127.0.0.1:9/nowhere?password=***: connection "
         "failed: "),
        ("postgresql+psycopg://someone@127.0.0.1:9/nowhere?password=hun:ter2&sslmode=disable",
         "quizapp: error: cannot open database postgresql+psycopg://someone@127.0.0.1:9/nowhere?password=***&sslmode="
         "disable: connection failed: "),
    ],
    ids=["unencoded-at", "password-parameter", "password-with-a-colon"],
)
def test_a_hidden_password_leaves_the_rest_of_the_message_whole(url: str, said: str) -> None:
    """Hiding the password hid more than it: the unencoded-@ message lost the host and half its
    advice (the mask ran to the last @ of the line, the one in the advice), and a password
    parameter swallowed the colon after the URL."""
    result = CliRunner().invoke(main, ["--db", url, "decks"])
    assert result.exit_code == 1
    assert result.output.startswith(said), result.output
    assert "hunter2" not in result.output and "hun:ter2" not in result.output and "ter2" not in result.output


def test_an_unexpected_failure_is_one_redacted_line_and_a_log_without_locals(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(self: object, *args: object, **kwargs: object) -> None:
        password = SECRET  # a local holding the password, as a driver's frame would  # noqa: F841
        raise RuntimeError(f"lost postgresql://u:{SECRET}@db/x during a query")

    from quizapp.collection import Collection

    monkeypatch.setattr(Collection, "learning", explode)
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "stats"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("quizapp: error: unexpected RuntimeError: lost postgresql://u:***@db/x")
    assert "hunter2" not in result.output and "Traceback" not in result.output
    log = tmp_path / "data" / "logs" / "quizapp-errors.log"
    assert str(log) in lines[0]
    written = log.read_text(encoding="utf-8")
    assert "Traceback" in written and "explode" in written
    assert "hunter2" not in written and "password = " not in written.split("raise RuntimeError")[-1]


def test_the_bare_app_command_fails_in_one_redacted_line_too(monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from quizapp import entry

    def launch(db: str | None, profile: str) -> int:
        raise ConnectionError(f"server at postgresql://u:{SECRET}@db/x went away")

    monkeypatch.setattr(entry, "launch", launch)
    monkeypatch.setattr(sys, "argv", ["quizapp"])
    with pytest.raises(SystemExit) as stopped:
        entry.main()
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("quizapp: error: unexpected ConnectionError: server at postgresql://u:***@db/x")
    assert "hunter2" not in err


def test_decks_on_a_damaged_database_is_one_line(tmp_path: Path) -> None:
    db, path = _answered_store(tmp_path)
    damage_table(path, "ix_state_study")  # the index the deck counts read
    result = CliRunner().invoke(main, ["--db", db, "--profile", "ada", "decks"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "is damaged" in lines[0] and "Traceback" not in result.output, result.output
