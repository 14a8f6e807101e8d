"""The study engine against Anki on the same collection (bench/collection_cache.py: 20 decks, 10 review-log
rows per item), at 100,000 and at 1,000,000 items by default.

What is timed, on both sides, on its leanest path:
- answer + next: ours `session.answer(item, GOOD, ...)` then `session.next()` on a
  `quizapp.learning.Learning.study()` session, with the next item's four rating previews (the app
  computes them when the ratings are shown; Anki's queued card comes with its states); Anki's `col.sched.build_answer` +
  `col.sched.answer_card` + `col.sched.get_queued_cards(fetch_limit=1)` (+ the `Card` the
  reviewer makes from it), without rendering, as Anki's own reviewer does;
- today's queue and the first item: ours `study()` + `next()` on a store just opened; Anki's first
  `get_queued_cards` on a collection just opened;
- due counts of every deck: ours `Learning.overview()`; Anki's `deck_due_tree()`.

Honest by construction: repetitions alternate ours and Anki's (A B B A A B ...), each on a fresh
copy of the cached collection, each in a process of its own; every figure is printed as the median
with its spread, and the ratio is taken pair by pair (each repetition against its neighbour).

Targets: answer + next <= 1.0x Anki's at 100k and at 1M (issue 15); queue + first item <= 1.0x;
due counts <= 1.0x; the engine process's peak memory < 200 MB; `optimize` on 100,000 reviews < 5 s.

With --unsynced, both sides answer with `PRAGMA synchronous = OFF` (no sync at each commit), and
only answer + next is printed, with no TARGET line: the work each side does besides the disk's
sync, which a faster disk cannot take away. A diagnostic; the app never runs so.

Needs Anki's library (bench only): pip install -r bench/requirements.txt
Run: python bench/bench_engine.py [--items 100000 1000000] [--runs 7] [--answers 40] [--unsynced]
The collections are built once (about 20 s at 100k, a few minutes at 1M) and cached in bench/out/.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.collection_cache import LEARNER, cached, fresh_copy
from bench.common import OUT, as_installed, child, report_pair, require, size_label, spread, target

COUNT_CALLS = 5


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss over
    from the parent across fork and exec, so a child would report the benchmark's own peak."""
    status = Path("/proc/self/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024


def _unsync_ours() -> None:
    """Every connection the store opens from now on commits without syncing (see --unsynced)."""
    import sqlite3

    from quizapp.store import database

    connect = database._sqlite_connect

    def unsynced(conn: sqlite3.Connection, record: object, *, read_only: bool = False) -> None:
        connect(conn, record, read_only=read_only)
        conn.execute("PRAGMA synchronous = OFF")

    database._sqlite_connect = unsynced  # type: ignore[assignment]


def _time_fsrs() -> list[float]:
    """From now on, the seconds spent in py-fsrs (every answer's and preview's call goes through
    `Scheduler._review`) are added to the list returned (one element)."""
    from quizapp.engine.scheduling import Scheduler

    spent = [0.0]
    review = Scheduler._review

    def timed(self: Scheduler, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return review(self, *args)
        finally:
            spent[0] += time.perf_counter() - started

    Scheduler._review = timed  # type: ignore[method-assign,assignment]
    return spent


def measure_ours(path: Path, answers: int, unsynced: bool = False) -> dict[str, object]:
    """One repetition of ours on its own copy: queue, counts, then `answers` answers + next."""
    from quizapp.engine.scheduling import GOOD
    from quizapp.opening import open_learning

    if unsynced:
        _unsync_ours()
    fsrs = _time_fsrs() if unsynced else [0.0]

    learning = open_learning(str(path), LEARNER)
    started = time.perf_counter()
    session = learning.study()
    item = session.next()
    queue = time.perf_counter() - started
    counts = []
    for _ in range(COUNT_CALLS):
        started = time.perf_counter()
        learning.overview()
        counts.append(time.perf_counter() - started)
    times = []
    fsrs[0] = 0.0
    for _ in range(answers):
        assert item is not None, "the queue ran out: use fewer --answers"
        started = time.perf_counter()
        session.answer(item, GOOD, 3000)
        item = session.next()
        if item is not None:
            item.intervals  # noqa: B018 - the ratings' waits, as Anki's queued card carries its states
        times.append(time.perf_counter() - started)
    learning.close()
    return {"queue": queue, "counts": statistics.median(counts), "answers": times, "peak_mb": _peak_mb(),
            "fsrs": fsrs[0] / answers}


def measure_anki(path: Path, answers: int, unsynced: bool = False) -> dict[str, object]:
    """The same repetition for Anki, on the path its reviewer takes."""
    import anki.collection  # first: anki.cards cannot be imported before it
    import anki.scheduler.v3
    from anki.cards import Card
    from anki.scheduler.v3 import CardAnswer

    Collection = anki.collection.Collection

    col = Collection(str(path))
    if unsynced:
        assert col.db is not None
        col.db.execute("pragma synchronous = off")
    sched = col.sched
    assert isinstance(sched, anki.scheduler.v3.Scheduler)
    started = time.perf_counter()
    queued = sched.get_queued_cards(fetch_limit=1)
    top = queued.cards[0]
    card = Card(col, backend_card=top.card)
    card.start_timer()
    queue = time.perf_counter() - started
    counts = []
    for _ in range(COUNT_CALLS):
        started = time.perf_counter()
        sched.deck_due_tree()
        counts.append(time.perf_counter() - started)
    times = []
    for _ in range(answers):
        started = time.perf_counter()
        sched.answer_card(sched.build_answer(card=card, states=top.states, rating=CardAnswer.GOOD))
        queued = sched.get_queued_cards(fetch_limit=1)
        top = queued.cards[0]
        card = Card(col, backend_card=top.card)
        card.start_timer()
        times.append(time.perf_counter() - started)
    col.close()
    return {"queue": queue, "counts": statistics.median(counts), "answers": times, "peak_mb": _peak_mb()}


def measure_optimize(path: Path) -> dict[str, object]:
    from quizapp.opening import open_learning

    learning = open_learning(str(path), LEARNER)
    started = time.perf_counter()
    result = learning.optimize()
    elapsed = time.perf_counter() - started
    learning.close()
    return {"optimize": elapsed, "reviews": result.reviews}


def run_size(items: int, runs: int, answers: int, unsynced: bool = False) -> list[bool]:
    """Every comparison at one size; returns the targets' outcomes (none when `unsynced`)."""
    ours_db, anki_db = cached("ours", items), cached("anki", items)
    label = size_label(items)
    results: dict[str, list[dict[str, object]]] = {"ours": [], "anki": []}
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        for n in range(runs):  # A B, then B A, ...: neither side always runs on the warmer machine
            order = [("ours", ours_db), ("anki", anki_db)]
            for side, source in order if n % 2 == 0 else order[::-1]:
                copy = fresh_copy(source, Path(tmp))
                results[side].append(child(Path(__file__), "--role", side, "--path", str(copy), "--answers", str(answers),
                                           *(["--unsynced"] if unsynced else [])))
                for leftover in Path(tmp).iterdir():  # the copy, its log, and Anki's media folder
                    shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()

    def per_run(side: str, key: str) -> list[float]:
        if key == "answers":
            return [statistics.median(r["answers"]) for r in results[side]]  # type: ignore[arg-type]
        return [float(r[key]) for r in results[side]]  # type: ignore[arg-type]

    print(f"\n== {items:,} items, {items * 10:,} reviews; {runs} interleaved repetitions, {answers} answers each ==")
    if unsynced:
        report_pair("answer + next, commits not synced on either side (diagnostic, no target)", per_run("ours", "answers"),
                    per_run("anki", "answers"), "Anki", digits=3)
        print(f"  of quizapp's, py-fsrs (the answer and the four previews; a mean): "
              f"{spread(per_run('ours', 'fsrs')).show(digits=3)}")
        return []
    answer = report_pair("answer + next (median of each repetition)", per_run("ours", "answers"), per_run("anki", "answers"),
                         "Anki", digits=3)
    queue = report_pair("today's queue + first item (just opened)", per_run("ours", "queue"), per_run("anki", "queue"), "Anki")
    counts = report_pair("due counts of every deck", per_run("ours", "counts"), per_run("anki", "counts"), "Anki")
    peak = spread(per_run("ours", "peak_mb"))
    print(f"engine process peak memory: quizapp {peak.show(scale=1, unit=' MB', digits=0)}; "
          f"Anki {spread(per_run('anki', 'peak_mb')).show(scale=1, unit=' MB', digits=0)}")
    return [
        target(f"answer_next_vs_anki_{label}", answer.median, 1.0),
        target(f"queue_vs_anki_{label}", queue.median, 1.0),
        target(f"counts_vs_anki_{label}", counts.median, 1.0),
        target(f"engine_peak_memory_{label}_mb", peak.high, 200, "MB"),
    ]


def run_optimize() -> bool:
    source = cached("ours", 10_000, 100_000)
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        copy = fresh_copy(source, Path(tmp))
        measured = child(Path(__file__), "--role", "optimize", "--path", str(copy))
    seconds = float(measured["optimize"])  # type: ignore[arg-type]
    print(f"\noptimize: {measured['reviews']} usable reviews in {seconds:.2f} s")
    return target("optimize_100k_reviews_s", seconds, 5.0, "s")


def main() -> int:
    parser = argparse.ArgumentParser(description="The study engine against Anki's lean path, interleaved.")
    parser.add_argument("--items", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=7, help="repetitions of each side (interleaved)")
    parser.add_argument("--answers", type=int, default=40, help="answers timed in each repetition")
    parser.add_argument("--no-optimize", action="store_true")
    parser.add_argument("--unsynced", action="store_true",
                        help="answer + next only, with no sync at each commit on either side (a diagnostic, no targets)")
    parser.add_argument("--role", default="main", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    require("anki")
    as_installed()
    if args.role != "main":
        path = Path(args.path)
        if args.role == "ours":
            measured = measure_ours(path, args.answers, args.unsynced)
        elif args.role == "anki":
            measured = measure_anki(path, args.answers, args.unsynced)
        else:
            measured = measure_optimize(path)
        print(json.dumps(measured))
        return 0
    outcomes: list[bool] = []
    for items in args.items:
        outcomes += run_size(items, args.runs, args.answers, args.unsynced)
    if not args.no_optimize and not args.unsynced:
        outcomes.append(run_optimize())
    return 0 if all(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
