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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.collection import Collection
    from quizapp.learning import Clock, Learning
    from quizapp.store.quickstart import QuickStart


def open_collection(db: str | None, *, bundled: bool, clock: Clock = time.time, fuzz: bool | None = None) -> Collection:
    """Open (creating and migrating if needed) the database named by --db / $QUIZAPP_DB or the
    default file; with `bundled`, the default file gets the bundled decks while it has no decks."""
    from quizapp.collection import Collection
    from quizapp.store.database import Store

    collection = Collection(Store.open(db), clock=clock, fuzz=fuzz)
    if bundled and is_personal(db):
        try:
            collection.import_bundled_if_empty()
        except BaseException:
            collection.close()
            raise
    return collection


def is_personal(db: str | None) -> bool:
    """True for the personal default database (no --db or $QUIZAPP_DB given)."""
    return db is None or not db.strip()


def open_learning(db: str | None, profile: str, *, clock: Clock = time.time, fuzz: bool | None = None) -> Learning:
    """The door for one learner on the database, with the bundled decks in an empty one."""
    collection = open_collection(db, bundled=True, clock=clock, fuzz=fuzz)
    try:
        return collection.learning(profile)
    except BaseException:
        collection.close()
        raise


def first_view(db: str | None, profile: str) -> QuickStart | None:
    """The home screen's first view straight from SQLite, before the store is open (None when the
    ordinary path must open it first: a first run, a migration, PostgreSQL)."""
    from quizapp.store.quickstart import quick_start

    return quick_start(db, profile, int(time.time()))
