"""The composition root: opening the database for the app, the command line and the first paint.

Every entry point opens the store here, so the bundled-deck rule lives in one place: the decks
shipped with quizapp are imported only into the personal default SQLite database (no --db, no
$QUIZAPP_DB), only while it holds no decks at all, and only when the caller asks for it (the app
and `quizapp decks`). A database named with --db or $QUIZAPP_DB, such as a class server, never
gets them unasked: `quizapp import --bundled` adds them on purpose. Read-only commands open a
learner with `create=False`, so they never create one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.collection import Collection
    from quizapp.learning import Clock, Learning
    from quizapp.store.backups import Restored
    from quizapp.store.database import Store
    from quizapp.store.quickstart import QuickStart


def open_collection(db: str | None, *, bundled: bool, clock: Clock = time.time, fuzz: bool | None = None,
                    progress: Callable[[str], None] | None = None, check: bool = False) -> Collection:
    """Open (creating and migrating if needed) the database named by --db / $QUIZAPP_DB or the
    default file; with `bundled`, the default file gets the bundled decks while it has no decks;
    with `check`, an SQLite file is integrity-checked first and a damaged one refused
    (DamagedError). `progress` hears what is happening, as one line (the app shows it while it
    opens in the background)."""
    from quizapp.collection import Collection
    from quizapp.store.database import Store

    if progress is not None:
        progress("Opening the database…")
    collection = Collection(Store.open(db, check=check), clock=clock, fuzz=fuzz)
    if bundled and is_personal(db):
        try:
            collection.import_bundled_if_empty(progress)
        except BaseException:
            collection.close()
            raise
    return collection


def is_personal(db: str | None) -> bool:
    """True for the personal default database (no --db or $QUIZAPP_DB given)."""
    return db is None or not db.strip()


def open_learning(db: str | None, profile: str, *, clock: Clock = time.time, fuzz: bool | None = None,
                  progress: Callable[[str], None] | None = None, check_later: bool = False) -> Learning:
    """The door for one learner on the database, with the bundled decks in an empty one; the app
    opens it this way, so an SQLite database is also checked and backed up once a day here
    (a damaged one raises DamagedError, whose message says how to recover).

    With `check_later`, the daily check and backup are left to `finish_opening`, which the app
    runs in the background once the learner can study: on a large collection they take longer
    than everything else before the first item (PRAGMA quick_check reads every page). Until it
    has run, every write waits for its verdict, so an answer never goes into a damaged file.
    """
    collection = open_collection(db, bundled=True, clock=clock, fuzz=fuzz, progress=progress)
    try:
        if not check_later:
            _daily_backup(collection.store, clock)
        learning = collection.learning(profile)
        if check_later:
            collection.store.hold_writes()
        return learning
    except BaseException:
        collection.close()
        raise


def finish_opening(learning: Learning) -> None:
    """The daily check and backup that open_learning(check_later=True) left for later; writes
    wait until they are done. Raises DamagedError for a damaged database, which then refuses
    every write."""
    try:
        _daily_backup(learning.store, learning.clock)
    finally:
        learning.store.release_writes()


def _daily_backup(store: Store, clock: Clock) -> None:
    from quizapp import crashlog
    from quizapp.store import backups
    from quizapp.store.faults import DamagedError

    try:
        backups.daily(store, clock())
    except DamagedError:
        raise
    except Exception as exc:  # noqa: BLE001 - a backup that cannot be written must not stop studying
        crashlog.record(exc, "daily backup")


def restore(db: str | None, source: Path) -> Restored:
    """Bring back the backup `source` as the SQLite database named by --db / $QUIZAPP_DB (see
    quizapp.store.backups.restore), then open it once, which migrates a backup made by an older
    quizapp and checks the result."""
    from quizapp.errors import StoreError
    from quizapp.store import backups
    from quizapp.store.database import Store, resolve_url

    url = resolve_url(db)
    if not url.drivername.startswith("sqlite") or not url.database:
        raise StoreError("restore is for an SQLite database; restore a PostgreSQL server with pg_restore")
    done = backups.restore(Path(url.database), source)
    Store.open(db, check=True).close()
    return done


def first_view(db: str | None, profile: str) -> QuickStart | None:
    """The home screen's first view straight from SQLite, before the store is open (None when the
    ordinary path must open it first: a first run, a migration, PostgreSQL)."""
    from quizapp import locations

    path = locations.sqlite_file(db)
    if path is None or not path.is_file():
        return None  # known before importing the quick view's modules: 20-27 ms of a first launch's first paint
    from quizapp.store.quickstart import quick_start

    return quick_start(db, profile, int(time.time()))
