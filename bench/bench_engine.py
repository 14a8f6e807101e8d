"""The study engine against Anki on the same collection: 100,000 items and 1,000,000 review log
rows for one learner, in 20 decks, built for both in the same run.

Targets (ratios measured in this run):
- building today's queue and showing the first item <= 1.0x Anki's get_queued_cards (+ question)
- answering an item and getting the next <= 2x Anki's answer_card + next
- due counts for every deck <= 1.0x Anki's deck_due_tree
- peak memory of our process < 200 MB
- quizapp optimize on 100,000 reviews < 5 s

Needs the `anki` package (bench only): pip install anki
Run: python bench/bench_engine.py [--items 100000 --reviews 1000000]
Each side is measured in its own subprocess so peak memory is ours alone.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_profile, target

DECKS = 20
DAY = 86400
NOW = int(time.time())


def shape(items: int, reviews: int, seed: int = 1) -> list[dict[str, object]]:
    """The collection both sides get: per item its deck, position, state, due offset and reviews."""
    rng = random.Random(seed)
    per_deck = items // DECKS
    studied = int(items * 0.9)
    reviews_each = reviews // studied
    extra = reviews - reviews_each * studied
    result = []
    for n in range(items):
        deck, position = divmod(n, per_deck)
        new = position >= per_deck * 0.9  # the last 10% of each deck is not studied yet
        item: dict[str, object] = {"deck": deck, "position": position, "new": new}
        if not new:
            learning = rng.random() < 0.01
            stability = rng.uniform(1, 300)
            due_days = -rng.randint(0, 3) if rng.random() < 0.04 else rng.randint(1, 300)
            count = reviews_each + (1 if extra > 0 else 0)
            extra -= 1
            last = NOW + due_days * DAY - int(stability * DAY)
            item |= {
                "learning": learning,
                "stability": stability,
                "difficulty": rng.uniform(2, 9),
                "due": NOW - rng.randint(0, 600) if learning else NOW + due_days * DAY,
                "last": min(last, NOW - 3600),
                "reps": count,
                "lapses": rng.randint(0, 3),
                "reviews": [
                    (NOW - (count - k) * 5 * DAY - rng.randint(0, DAY), rng.choice((1, 3, 3, 3, 4))) for k in range(count)
                ],
            }
        result.append(item)
    return result


# -- quizapp ----------------------------------------------------------------------------------


def build_ours(path: Path, items: int, reviews: int) -> None:
    from sqlalchemy import insert

    from quizapp.store.database import Store
    from quizapp.store.models import Card, Deck, Item, ItemState, Review

    store = Store.open(str(path))
    learner = bench_profile(store)
    data = shape(items, reviews)
    with store.write() as conn:
        for d in range(DECKS):
            conn.execute(
                insert(Deck).values(
                    id=d + 1,
                    slug=f"deck-{d}",
                    title=f"Deck {d:02}",
                    tags=[],
                    content_hash="x",
                    cards=items // DECKS,
                    items=items // DECKS,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
        conn.execute(
            insert(Card),
            [
                {
                    "id": n + 1,
                    "deck_id": it["deck"] + 1,
                    "key": f"c{n}",
                    "type": "basic",
                    "content": {"front": f"Question {n}?", "back": f"Answer {n}", "reverse": False},
                    "quote": None,
                    "explanation": "Because.",
                    "tags": [],
                    "position": it["position"],
                    "retired": False,
                    "content_hash": "x",
                    "updated_at": NOW,
                }
                for n, it in enumerate(data)
            ],
        )
        conn.execute(
            insert(Item),
            [
                {
                    "id": n + 1,
                    "card_id": n + 1,
                    "deck_id": it["deck"] + 1,
                    "key": "fwd",
                    "position": it["position"] * 1000,
                    "retired": False,
                }
                for n, it in enumerate(data)
            ],
        )
        conn.execute(
            insert(ItemState),
            [
                {
                    "learner_id": learner.id,
                    "item_id": n + 1,
                    "deck_id": it["deck"] + 1,
                    "state": 1 if it["learning"] else 2,
                    "step": 0 if it["learning"] else None,
                    "stability": it["stability"],
                    "difficulty": it["difficulty"],
                    "due": it["due"],
                    "last_review": it["last"],
                    "reps": it["reps"],
                    "lapses": it["lapses"],
                    "suspended": False,
                    "buried_until": 0,
                    "flagged": False,
                    "leech": False,
                    "retired": False,
                }
                if not it["new"]
                else {
                    "learner_id": learner.id,
                    "item_id": n + 1,
                    "deck_id": it["deck"] + 1,
                    "state": 0,
                    "step": None,
                    "stability": None,
                    "difficulty": None,
                    "due": it["position"] * 1000,
                    "last_review": None,
                    "reps": 0,
                    "lapses": 0,
                    "suspended": False,
                    "buried_until": 0,
                    "flagged": False,
                    "leech": False,
                    "retired": False,
                }
                for n, it in enumerate(data)
            ],
        )
        batch: list[dict[str, object]] = []
        for n, it in enumerate(data):
            for at, rating in it.get("reviews", ()):  # type: ignore[attr-defined]
                batch.append(
                    {
                        "learner_id": learner.id,
                        "item_id": n + 1,
                        "reviewed_at": at,
                        "rating": rating,
                        "duration_ms": 4000,
                        "auto_graded": False,
                        "state": 2,
                    }
                )
            if len(batch) > 50_000:
                conn.execute(insert(Review), batch)
                batch = []
        if batch:
            conn.execute(insert(Review), batch)
    from quizapp.store.answers import rebuild_summary

    with store.write() as conn:
        rebuild_summary(conn)  # the rows above bypassed the answer path that keeps the summary
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    store.close()


def measure_ours(path: Path, runs: int, answers: int) -> dict[str, float]:
    from quizapp.engine.scheduling import GOOD
    from quizapp.practice.study import StudySession
    from quizapp.store.database import Store
    from quizapp.store.overview import overview

    queue_times, count_times = [], []
    for _ in range(runs):
        store = Store.open(str(path))
        learner = bench_profile(store)
        started = time.perf_counter()
        session = StudySession(store, learner)
        first = session.next()
        queue_times.append(time.perf_counter() - started)
        assert first is not None
        store.close()
    store = Store.open(str(path))
    learner = bench_profile(store)
    for _ in range(runs * 2):
        started = time.perf_counter()
        overview(store, learner, int(time.time()))
        count_times.append(time.perf_counter() - started)
    session = StudySession(store, learner)
    item = session.next()
    answer_times = []
    for _ in range(answers):
        assert item is not None
        started = time.perf_counter()
        session.answer(item, GOOD, 3000)
        item = session.next()
        answer_times.append(time.perf_counter() - started)
    store.close()
    return {
        "queue": _median(queue_times),
        "answer": _median(answer_times),
        "counts": _median(count_times),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def measure_optimize(path: Path) -> dict[str, float]:
    from quizapp.progress.optimize import optimize
    from quizapp.store.database import Store

    store = Store.open(str(path))
    learner = bench_profile(store)
    started = time.perf_counter()
    result = optimize(store, learner)
    elapsed = time.perf_counter() - started
    store.close()
    return {"optimize": elapsed, "reviews": result.reviews, "adopted": float(result.adopted)}


# -- Anki ---------------------------------------------------------------------------------------


def build_anki(path: Path, items: int, reviews: int) -> None:
    from anki.collection import Collection

    col = Collection(str(path))
    col.set_config("fsrs", True)
    model = col.models.by_name("Basic")
    assert model is not None
    parent = col.decks.id("Bench")
    deck_ids = [col.decks.id(f"Bench::Deck {d:02}") for d in range(DECKS)]
    col.decks.select(parent)  # study all the decks, as quizapp's "study all"
    today = col.sched.today
    data = shape(items, reviews)
    notes, cards, revlog = [], [], []
    rid = 1_600_000_000_000
    for n, it in enumerate(data):
        nid = 1_000_000_000 + n
        notes.append((nid, f"g{n}", model["id"], NOW, -1, "", f"Question {n}?\x1fAnswer {n}", f"Question {n}?", 0, 0, ""))
        if it["new"]:
            cards.append((nid, nid, deck_ids[it["deck"]], 0, NOW, -1, 0, 0, it["position"], 0, 0, 0, 0, 0, 0, 0, 0, ""))
        else:
            fsrs = json.dumps({"s": it["stability"], "d": it["difficulty"], "dr": 0.9})
            if it["learning"]:
                cards.append(
                    (
                        nid,
                        nid,
                        deck_ids[it["deck"]],
                        0,
                        NOW,
                        -1,
                        1,
                        1,
                        it["due"],
                        0,
                        2500,
                        it["reps"],
                        it["lapses"],
                        1001,
                        0,
                        0,
                        0,
                        fsrs,
                    )
                )
            else:
                due_day = today + (it["due"] - NOW) // DAY
                ivl = max(1, int(it["stability"]))
                cards.append(
                    (
                        nid,
                        nid,
                        deck_ids[it["deck"]],
                        0,
                        NOW,
                        -1,
                        2,
                        2,
                        due_day,
                        ivl,
                        2500,
                        it["reps"],
                        it["lapses"],
                        0,
                        0,
                        0,
                        0,
                        fsrs,
                    )
                )
            for _at, rating in it["reviews"]:  # type: ignore[attr-defined]
                rid += 1
                revlog.append((rid, nid, -1, rating, 10, 5, 2500, 4000, 1))
    col.close()
    # Bulk rows go in with plain sqlite3 in one transaction: the backend's executemany is far slower.
    import sqlite3

    db = sqlite3.connect(path)
    with db:
        db.executemany("insert into notes values (?,?,?,?,?,?,?,?,?,?,?)", notes)
        db.executemany("insert into cards values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards)
        db.executemany("insert into revlog values (?,?,?,?,?,?,?,?,?)", revlog)
    db.close()
    col = Collection(str(path))
    col.db.execute("analyze")
    col.close()


def measure_anki(path: Path, runs: int, answers: int) -> dict[str, float]:
    from anki.collection import Collection

    queue_times, count_times = [], []
    for _ in range(runs):
        col = Collection(str(path))
        started = time.perf_counter()
        queued = col.sched.get_queued_cards(fetch_limit=1)
        card = col.get_card(queued.cards[0].card.id)
        card.question()
        queue_times.append(time.perf_counter() - started)
        col.close()
    col = Collection(str(path))
    for _ in range(runs * 2):
        started = time.perf_counter()
        col.sched.deck_due_tree()
        count_times.append(time.perf_counter() - started)
    queued = col.sched.get_queued_cards(fetch_limit=1)
    card = col.get_card(queued.cards[0].card.id)
    card.question()
    card.start_timer()
    answer_times = []
    for _ in range(answers):
        started = time.perf_counter()
        col.sched.answerCard(card, 3)
        queued = col.sched.get_queued_cards(fetch_limit=1)
        card = col.get_card(queued.cards[0].card.id)
        card.question()
        card.start_timer()
        answer_times.append(time.perf_counter() - started)
    col.close()
    return {"queue": _median(queue_times), "answer": _median(answer_times), "counts": _median(count_times)}


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2]


def _child(role: str, path: Path, args: argparse.Namespace) -> dict[str, float]:
    cmd = [
        sys.executable,
        __file__,
        "--role",
        role,
        "--path",
        str(path),
        "--items",
        str(args.items),
        "--reviews",
        str(args.reviews),
        "--runs",
        str(args.runs),
        "--answers",
        str(args.answers),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--answers", type=int, default=50)
    parser.add_argument("--role", default="main")
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.role != "main":
        path = Path(args.path)
        jobs = {
            "build-ours": lambda: build_ours(path, args.items, args.reviews),
            "build-anki": lambda: build_anki(path, args.items, args.reviews),
            "measure-ours": lambda: measure_ours(path, args.runs, args.answers),
            "measure-anki": lambda: measure_anki(path, args.runs, args.answers),
            "build-optimize": lambda: build_ours(path, 10_000, 100_000),
            "measure-optimize": lambda: measure_optimize(path),
        }
        print(json.dumps(jobs[args.role]() or {}))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        _child("build-ours", folder / "ours.db", args)
        _child("build-anki", folder / "anki.anki2", args)
        _child("build-optimize", folder / "optimize.db", args)
        print(f"built both collections ({args.items:,} items, {args.reviews:,} reviews) in {time.perf_counter() - started:.0f} s")
        ours = _child("measure-ours", folder / "ours.db", args)
        anki = _child("measure-anki", folder / "anki.anki2", args)
        opt = _child("measure-optimize", folder / "optimize.db", args)
    print(f"{'':34}{'quizapp':>12}{'Anki':>12}")
    for key, label in (
        ("queue", "queue + first item (median)"),
        ("answer", "answer + next (median)"),
        ("counts", "due counts, every deck (median)"),
    ):
        print(f"{label:34}{ours[key] * 1000:10.1f}ms{anki[key] * 1000:10.1f}ms")
    print(f"optimize: {opt['reviews']:.0f} usable reviews in {opt['optimize']:.2f} s")
    results = [
        target("queue_vs_anki", ours["queue"] / anki["queue"], 1.0),
        target("answer_vs_anki", ours["answer"] / anki["answer"], 2.0),
        target("counts_vs_anki", ours["counts"] / anki["counts"], 1.0),
        target("peak_memory_mb", ours["peak_mb"], 200, "MB"),
        target("optimize_100k_reviews_s", opt["optimize"], 5.0, "s"),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
