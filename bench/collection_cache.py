"""The benchmark collections: the same items and review history for quizapp and for Anki, built
with bulk SQL and cached in bench/out/cache/ by size (and by schema revision and DATA_VERSION).

The shape: `items` items in 20 decks of basic cards ("Question n?" / "Answer n", each quoting a
sentence of the bundled article, so the source reader and the mastery map have work to do); the
first 90% of each deck studied with `reviews` review-log rows spread over them (10 per item by
default, as in the issue: 100k items with 1M reviews, 1M items with 10M reviews), 4% of the
studied items due today, 1% in learning; the last 10% of each deck new. The learner is "bench".

Run on its own to build (or check) the cache: python bench/collection_cache.py --items 100000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HERE = Path(__file__).resolve().parent
CACHE = HERE / "out" / "cache"
ARTICLE = HERE.parent / "decks" / "collective-security.txt"
LEARNER = "bench"
DECKS = 20
DAY = 86400
# Part of every cached file's name: bump it whenever a change to shape() or the builders changes
# what a collection holds, so no benchmark ever runs on a stale one.
DATA_VERSION = "data2"
BATCH = 20_000  # items per executemany batch: bounded memory at any size
# The data's "now": the start of today (UTC), so every build of the day has the same items due,
# and a cached collection is used only on the day it was built for (its name says which).
NOW = int(time.time()) // DAY * DAY


@dataclass
class Shaped:
    """One item as both builders see it."""

    n: int
    deck: int
    position: int
    new: bool
    learning: bool = False
    stability: float = 0.0
    difficulty: float = 0.0
    due: int = 0
    last: int = 0
    lapses: int = 0
    reviews: list[tuple[int, int]] = field(default_factory=list)  # (instant, rating), oldest first


def default_reviews(items: int) -> int:
    """Ten review-log rows per item, as the issue's 100k / 1M collections have."""
    return items * 10


def shape(items: int, reviews: int, now: int, seed: int = 1) -> Iterator[Shaped]:
    """The items both sides get, generated lazily (a million items never sit in memory)."""
    rng = random.Random(seed)
    per_deck = max(1, items // DECKS)
    studied = sum(1 for n in range(items) if n % per_deck < per_deck * 0.9)
    each, extra = divmod(reviews, max(1, studied))
    for n in range(items):
        deck, position = divmod(n, per_deck)
        deck = min(deck, DECKS - 1)
        position = n - deck * per_deck
        item = Shaped(n, deck, position, new=position >= per_deck * 0.9)
        if not item.new:
            item.learning = rng.random() < 0.01
            item.stability = rng.uniform(1, 300)
            item.difficulty = rng.uniform(2, 9)
            due_days = -rng.randint(0, 3) if rng.random() < 0.04 else rng.randint(1, 300)
            item.due = now - rng.randint(0, 600) if item.learning else now + due_days * DAY
            count = each + (1 if extra > 0 else 0)
            extra -= 1
            item.last = min(now + due_days * DAY - int(item.stability * DAY), now - 3600)
            item.lapses = rng.randint(0, 3)
            item.reviews = [
                (now - (count - k) * 5 * DAY - rng.randint(0, DAY), rng.choice((1, 3, 3, 3, 4))) for k in range(count)
            ]
        yield item


def _quotes() -> list[tuple[str, int, int]]:
    from quizapp.decks.sourcetext import document

    return [(s.text, s.start, s.end) for s in document(ARTICLE.name, ARTICLE.read_text(encoding="utf-8")).sentences]


# -- quizapp ----------------------------------------------------------------------------------


def build_ours(path: Path, items: int, reviews: int, now: int = NOW) -> None:
    """Our collection at `path`: the schema from quizapp itself, the rows in bulk with sqlite3."""
    from quizapp.opening import open_collection

    collection = open_collection(str(path), bundled=False)
    learner_id = collection.learning(LEARNER).profile.id
    collection.close()
    quotes = _quotes()
    article = ARTICLE.read_text(encoding="utf-8")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")  # a build is all or nothing: the cache file is renamed in at the end
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -200000")
    db.execute("BEGIN")
    # Indexes are dropped for the load and made again once, which is several times faster; not the
    # review log's. Made at once, an index's leaves are full, and every answer then splits one: 15
    # log frames per commit instead of 10 (page 1 too, for the new page). A learner's log is
    # indexed as it grows, and Anki's collection below is loaded with its log's indexes in place
    # (88% full), so ours are too (89-91%).
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('item_state', "
        "'item', 'card')"
    ).fetchall()
    for name, _sql in indexes:
        db.execute(f'DROP INDEX "{name}"')
    db.execute(
        "INSERT INTO source (id, name, sha256, text) VALUES (1, ?, ?, ?)",
        (ARTICLE.name, hashlib.sha256(article.encode()).hexdigest(), article),
    )
    per_deck = max(1, items // DECKS)
    for d in range(DECKS):
        size = per_deck if d < DECKS - 1 else items - per_deck * (DECKS - 1)
        db.execute(
            "INSERT INTO deck (id, slug, title, description, source_id, tags, content_hash, cards, items, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, 1, '[]', 'x', ?, ?, ?, ?)",
            (d + 1, f"deck-{d:02}", f"Deck {d:02}", f"Benchmark deck {d:02}", size, size, now, now),
        )
    Row = tuple[object, ...]
    cards: list[Row] = []
    item_rows: list[Row] = []
    states: list[Row] = []
    log: list[Row] = []
    review_id = 0

    def flush() -> None:
        db.executemany(
            "INSERT INTO card (id, deck_id, key, type, content, quote, quote_start, quote_end, explanation, tags, position, "
            "retired, content_hash, updated_at) VALUES (?, ?, ?, 'basic', ?, ?, ?, ?, 'Because.', '[]', ?, 0, 'x', ?)",
            cards,
        )
        db.executemany("INSERT INTO item (id, card_id, deck_id, key, position, retired, prompt, answer, search, tags) "
                       "VALUES (?, ?, ?, 'fwd', ?, 0, ?, ?, ?, ?)", item_rows)
        db.executemany(
            "INSERT INTO item_state (learner_id, item_id, deck_id, state, step, stability, difficulty, due, last_review, reps, "
            "lapses, suspended, buried_until, flagged, leech, fails, retired, cite_start, cite_end, weight) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?, 0, ?, ?, 1.0)",
            states,
        )
        db.executemany(
            "INSERT INTO review (id, learner_id, item_id, reviewed_at, rating, duration_ms, auto_graded, state, elapsed) "
            "VALUES (?, ?, ?, ?, ?, 4000, 0, ?, ?)",
            log,
        )
        for rows in (cards, item_rows, states, log):
            rows.clear()

    for it in shape(items, reviews, now):
        ident = it.n + 1
        quote, start, end = quotes[it.n % len(quotes)]
        content = json.dumps({"front": f"Question {it.n}?", "back": f"Answer {it.n}", "reverse": False})
        cards.append((ident, it.deck + 1, f"c{it.n}", content, quote, start, end, it.position, now))
        # What quizapp's import writes for browse (quizapp/store/browse_text.py) of such a card.
        item_rows.append((ident, ident, it.deck + 1, it.position * 1000, f"Question {it.n}?", f"Answer {it.n}",
                          f"question {it.n}? answer {it.n} c{it.n}", "\n"))
        if it.new:
            states.append((learner_id, ident, it.deck + 1, 0, None, None, None, it.position * 1000, None, 0, 0, 0, start, end))
        else:
            fails = sum(1 for _, rating in it.reviews if rating == 1)
            states.append(
                (learner_id, ident, it.deck + 1, 1 if it.learning else 2, 0 if it.learning else None, it.stability,
                 it.difficulty, it.due, it.last, len(it.reviews), it.lapses, fails, start, end)
            )
            previous = None
            for k, (at, rating) in enumerate(it.reviews):
                review_id += 1
                elapsed: int | None = None if previous is None else at - previous
                log.append((review_id, learner_id, ident, at, rating, 0 if k == 0 else 2, elapsed))
                previous = at
        if len(cards) >= BATCH:
            flush()
    flush()
    for _name, sql in indexes:
        db.execute(sql)
    db.execute("COMMIT")
    db.close()
    from quizapp.store.answers import rebuild_summary
    from quizapp.store.database import Store

    store = Store.open(str(path))
    with store.write() as conn:
        rebuild_summary(conn)  # the rows above bypassed the answer path that keeps the summary
    store.close()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode = WAL")  # as the app leaves it
    db.close()


# -- Anki --------------------------------------------------------------------------------------


def build_anki(path: Path, items: int, reviews: int, now: int = NOW) -> None:
    """The same collection for Anki (FSRS on, every deck under one parent that is selected)."""
    from anki.collection import Collection

    col = Collection(str(path))
    col.set_config("fsrs", True)
    model = col.models.by_name("Basic")
    assert model is not None
    parent = col.decks.id("Bench")
    assert parent is not None
    deck_ids = [col.decks.id(f"Bench::Deck {d:02}") for d in range(DECKS)]
    col.decks.select(parent)  # study every deck, as quizapp's Enter on "All decks" would
    today = col.sched.today
    col.close()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous = OFF")
    db.execute("BEGIN")
    Row = tuple[object, ...]
    notes: list[Row] = []
    cards: list[Row] = []
    revlog: list[Row] = []
    rid = 1_600_000_000_000

    def flush() -> None:
        db.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", notes)
        db.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards)
        db.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", revlog)
        for rows in (notes, cards, revlog):
            rows.clear()

    for it in shape(items, reviews, now):
        nid = 1_000_000_000 + it.n
        did = deck_ids[it.deck]
        front = f"Question {it.n}?"
        notes.append((nid, f"g{it.n}", model["id"], now, -1, "", f"{front}\x1fAnswer {it.n}", front, 0, 0, ""))
        if it.new:
            cards.append((nid, nid, did, 0, now, -1, 0, 0, it.position, 0, 0, 0, 0, 0, 0, 0, 0, ""))
            continue
        fsrs = json.dumps({"s": it.stability, "d": it.difficulty, "dr": 0.9})
        if it.learning:
            row = (nid, nid, did, 0, now, -1, 1, 1, it.due, 0, 2500, len(it.reviews), it.lapses, 1001, 0, 0, 0, fsrs)
        else:
            due_day = today + (it.due - now) // DAY
            row = (nid, nid, did, 0, now, -1, 2, 2, due_day, max(1, int(it.stability)), 2500, len(it.reviews), it.lapses, 0, 0,
                   0, 0, fsrs)
        cards.append(row)
        for _at, rating in it.reviews:
            rid += 1
            revlog.append((rid, nid, -1, rating, 10, 5, 2500, 4000, 1))
        if len(notes) >= BATCH:
            flush()
    flush()
    db.execute("COMMIT")
    db.close()
    col = Collection(str(path))
    assert col.db is not None
    col.db.execute("analyze")
    col.close()


# -- the cache ----------------------------------------------------------------------------------


def _ours_tag() -> str:
    from quizapp.store.sql import SCHEMA_REVISION

    return f"schema{SCHEMA_REVISION}"


def _anki_tag() -> str:
    from importlib.metadata import version

    return f"anki{version('anki')}"


def cached(kind: str, items: int, reviews: int | None = None) -> Path:
    """The path of a built collection ("ours" or "anki"), building it on first use.

    Keyed by kind, size, the day it was built for (items are due relative to it), DATA_VERSION
    and the schema revision (ours) or the Anki version; older files of the same kind and size
    are removed. Never open the cached file itself: benchmarks work on copies (fresh_copy).
    """
    reviews = default_reviews(items) if reviews is None else reviews
    tag = _ours_tag() if kind == "ours" else _anki_tag()
    suffix = ".db" if kind == "ours" else ".anki2"
    stem = f"{kind}-{items}-{reviews}"
    path = CACHE / f"{stem}-{NOW // DAY}-{DATA_VERSION}-{tag}{suffix}"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob(f"{stem}-*"):
        old.unlink()
    # Built in a scratch folder (Anki adds a media folder beside its file) and renamed in at the end.
    scratch = CACHE / f"partial-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    started = time.perf_counter()
    try:
        built = scratch / f"collection{suffix}"
        (build_ours if kind == "ours" else build_anki)(built, items, reviews)
        built.rename(path)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"built {kind} collection: {items:,} items, {reviews:,} reviews in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def fresh_copy(source: Path, folder: Path, name: str | None = None) -> Path:
    """A private copy of a cached collection (each repetition gets its own, so none sees another's
    answers, caches or write-ahead log)."""
    target = folder / (name or source.name)
    for extra in ("-wal", "-shm"):
        Path(f"{target}{extra}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    # Written back before anything is timed: at a million items the copy is about 1 GB, whose
    # write-back otherwise lands in the next repetition's commits (their fsyncs wait behind it).
    os.sync()
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, nargs="+", default=[100_000])
    parser.add_argument("--anki", action="store_true", help="build Anki's collection too (needs `pip install anki`)")
    args = parser.parse_args()
    for items in args.items:
        print(cached("ours", items))
        if args.anki:
            print(cached("anki", items))
    return 0


if __name__ == "__main__":
    sys.exit(main())
