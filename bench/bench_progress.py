"""Statistics and the mastery map on the engine benchmark's collection (100,000 items,
1,000,000 reviews, every card quoting a sentence of the article).

Targets: the statistics screen's figures in under 500 ms, the mastery map in under 100 ms.
Run: python bench/bench_progress.py [--items 100000 --reviews 1000000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_engine import NOW, build_ours
from bench.common import bench_profile, median_time, target
from quizapp.decks.sourcetext import document
from quizapp.progress.reader import mastery, reading
from quizapp.progress.report import class_report
from quizapp.progress.statistics import statistics
from quizapp.store.database import Store
from quizapp.store.importer import refresh_states

ARTICLE = Path(__file__).resolve().parent.parent / "decks" / "collective-security.txt"


def add_quotes(store: Store) -> None:
    """Give every deck the article as its source and every card a sentence of it as its quote."""
    text = ARTICLE.read_text(encoding="utf-8")
    quotes = [(s.text, s.start, s.end) for s in document(ARTICLE.name, text).sentences]
    with store.write() as conn:
        conn.exec_driver_sql("INSERT INTO source (id, name, sha256, text) VALUES (1, ?, 'x', ?)", (ARTICLE.name, text))
        conn.exec_driver_sql("UPDATE deck SET source_id = 1")
        conn.exec_driver_sql("CREATE TEMP TABLE q (n INTEGER PRIMARY KEY, quote TEXT, start INTEGER, stop INTEGER)")
        conn.exec_driver_sql("INSERT INTO q VALUES (?, ?, ?, ?)", [(i, *q) for i, q in enumerate(quotes)])
        n = len(quotes)
        conn.exec_driver_sql(f"""UPDATE card SET quote = (SELECT quote FROM q WHERE q.n = card.id % {n}),
                                                 quote_start = (SELECT start FROM q WHERE q.n = card.id % {n}),
                                                 quote_end = (SELECT stop FROM q WHERE q.n = card.id % {n})""")
        for (deck_id,) in conn.exec_driver_sql("SELECT id FROM deck").all():
            refresh_states(conn, deck_id)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "progress.db"
        started = time.perf_counter()
        build_ours(path, args.items, args.reviews)
        store = Store.open(str(path))
        add_quotes(store)
        print(f"built {args.items:,} items and {args.reviews:,} reviews in {time.perf_counter() - started:.0f} s")
        learner = bench_profile(store)
        stats_time = median_time(lambda: statistics(store, learner, NOW))
        started = time.perf_counter()
        text = reading(store)
        read_time = time.perf_counter() - started
        mastery_time = median_time(lambda: mastery(store, learner, text, NOW))
        report_time = median_time(lambda: class_report(store, NOW), runs=3)
        store.close()
    print(
        f"statistics: {stats_time * 1000:.0f} ms median; "
        f"opening the reader (loading every citing card): {read_time * 1000:.0f} ms; "
        f"mastery map: {mastery_time * 1000:.0f} ms median; class report: {report_time * 1000:.0f} ms median"
    )
    results = [
        target("statistics_ms", stats_time * 1000, 500, "ms"),
        target("mastery_map_ms", mastery_time * 1000, 100, "ms"),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
