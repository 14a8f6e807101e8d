"""A class on PostgreSQL: 300 learners x 200 items with 60 days of history, then 30 students
answering at once through the engine (each in its own process, as `quizapp serve` runs them),
and `quizapp report` for the whole class.

Targets: answer + next item p95 under 100 ms with 30 students answering, 0 errors; the whole
class's report (the `quizapp report` command, process start included) within 2 s.
Run: python bench/bench_class.py [--pg URL] [--learners 300 --items 200 --days 60 --students 30 --seconds 60]
The server defaults to $QUIZAPP_BENCH_POSTGRES or $QUIZAPP_TEST_POSTGRES; a database is created
for the run and dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import median_time, target

DAY = 86400


def write_deck(folder: Path, items: int) -> Path:
    """A deck of `items` single-item cards: typed questions and choices, the kinds a class answers."""
    import yaml

    cards: list[dict[str, object]] = []
    for n in range(items):
        if n % 3 == 2:
            cards.append({"id": f"choice-{n}", "type": "choice", "question": f"Which is {n} + 1?",
                          "choices": [str(n + 1), str(n + 2), str(n), str(n + 10)], "answer": str(n + 1),
                          "explanation": "Count on by one."})
        else:
            cards.append({"id": f"typed-{n}", "type": "typed", "question": f"What is {n} + 1?", "answer": str(n + 1),
                          "explanation": "Count on by one."})
    deck = {"quizapp": 1, "deck": "class-bench", "title": "Class benchmark", "cards": cards}
    path = folder / "class-bench.yaml"
    path.write_text(yaml.safe_dump(deck, sort_keys=False), encoding="utf-8")
    return path


def simulate(learner_id: int, item_ids: list[int], days: int, now: int, seed: int) -> tuple[list[tuple[object, ...]],
                                                                                         dict[int, object]]:
    """One learner's history: 20 new items a day, every due review answered, recall as FSRS
    predicts for a learner of this skill. Returns review rows and each item's final memory."""
    from quizapp.engine.scheduling import AGAIN, GOOD, HARD, Memory, Scheduler
    from quizapp.engine.settings import Settings
    from quizapp.engine.states import NEW

    rng = random.Random(seed)
    skill = rng.uniform(0.75, 0.97)
    scheduler = Scheduler(Settings(), fuzz=False)
    memory: dict[int, Memory] = {}
    reviews: list[tuple[object, ...]] = []
    waiting = list(item_ids)
    start = now - days * DAY
    for day in range(days):
        at = start + day * DAY + 10 * 3600 + rng.randrange(3600)
        end = start + (day + 1) * DAY
        if rng.random() < 0.1:
            continue  # a day off
        fresh, waiting = waiting[:20], waiting[20:]
        for item_id in fresh:
            memory[item_id] = Memory()
        for _round in range(6):  # learning steps come back within the day
            due = [i for i, m in memory.items() if m.state == NEW or m.due <= min(at, end)]
            if not due:
                at += 600
                continue
            for item_id in due:
                before = memory[item_id]
                recall = scheduler.retrievability(before, at) if before.state != NEW else skill
                right = rng.random() < min(0.99, (recall or skill) * skill / 0.9)
                rating = (GOOD if rng.random() < 0.85 else HARD) if right else AGAIN
                after = scheduler.review(item_id, before, rating, at)
                elapsed = at - before.last_review if before.last_review is not None else None
                given = json.dumps(str(item_id + 1) if right else str(rng.choice([item_id, item_id + 2, item_id * 10])))
                reviews.append((learner_id, item_id, at, rating, rng.randrange(2000, 12000), True, before.state, elapsed,
                                given, right))
                memory[item_id] = after
                at += rng.randrange(5, 30)
            at += 600
    return reviews, memory


def build(url: str, learners: int, items: int, days: int, folder: Path) -> None:
    """The class: one deck, `learners` students with `days` of history, one teacher."""
    from quizapp.collection import Collection
    from quizapp.engine.states import NEW
    from quizapp.store.answers import rebuild_summary
    from quizapp.store.database import Store

    store = Store.open(url)
    collection = Collection(store)
    reports, _decks = collection.import_paths([str(write_deck(folder, items))])
    assert reports, "the benchmark deck did not import"
    collection.add_learner("teacher", "teacher", password=False)
    for n in range(learners):
        collection.add_learner(f"student-{n:03d}", password=False)
    with store.read() as conn:
        item_ids = [int(r[0]) for r in conn.exec_driver_sql("SELECT id FROM item ORDER BY position").all()]
        ids = dict(conn.exec_driver_sql("SELECT name, id FROM learner").all())
    now = int(time.time())
    started = time.perf_counter()
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        total = 0
        for n in range(learners):
            reviews, memory = simulate(ids[f"student-{n:03d}"], item_ids, days, now, seed=n)
            total += len(reviews)
            with cursor.copy("COPY review (learner_id, item_id, reviewed_at, rating, duration_ms, auto_graded, state, elapsed, "
                             "given, correct) FROM STDIN") as copy:
                for row in reviews:
                    copy.write_row(row)
            cursor.execute("CREATE TEMP TABLE IF NOT EXISTS s (item_id int, state int, step int, stability float8, "
                           "difficulty float8, due bigint, last_review bigint, reps int, lapses int, fails int)")
            cursor.execute("TRUNCATE s")
            fails: dict[int, int] = {}
            for row in reviews:
                fails[int(str(row[1]))] = fails.get(int(str(row[1])), 0) + (row[3] == 1)
            with cursor.copy("COPY s FROM STDIN") as copy:
                for item_id, m in memory.items():
                    if m.state != NEW:
                        copy.write_row((item_id, m.state, m.step, m.stability, m.difficulty, m.due, m.last_review, m.reps,
                                        m.lapses, fails.get(item_id, 0)))
            cursor.execute("""UPDATE item_state AS t SET state = s.state, step = s.step, stability = s.stability,
                                  difficulty = s.difficulty, due = s.due, last_review = s.last_review, reps = s.reps,
                                  lapses = s.lapses, fails = s.fails
                              FROM s WHERE t.learner_id = %s AND t.item_id = s.item_id""", (ids[f"student-{n:03d}"],))
            raw.commit()
        cursor.close()
    with store.write() as conn:
        rebuild_summary(conn)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    store.close()
    took = time.perf_counter() - started
    print(f"built {learners} learners x {items} items, {total:,} reviews over {days} days in {took:.0f} s")


def student(url: str, name: str, seconds: float, seed: int, results: multiprocessing.Queue[object]) -> None:
    """One student answering for `seconds`: each answer graded, committed, and the next item
    loaded, timed together as the app does after a grade key."""
    from quizapp.cards import ChoicePrompt, TypedPrompt
    from quizapp.opening import open_collection

    def respond(prompt: object, right: bool) -> object:
        if isinstance(prompt, ChoicePrompt):
            return sorted(prompt.correct) if right else [min(set(range(len(prompt.options))) - prompt.correct)]
        assert isinstance(prompt, TypedPrompt)
        return prompt.answer if right else "no idea"

    rng = random.Random(seed)
    timings: list[float] = []
    errors: list[str] = []
    try:
        learning = open_collection(url, bundled=False).learning(name, create=False)
        session = learning.study()
        item = session.next()
        deadline = time.monotonic() + seconds
        while item is not None and time.monotonic() < deadline:
            time.sleep(rng.uniform(0.3, 1.5))  # reading and typing
            response = respond(item.prompt, rng.random() < 0.8)
            started = time.perf_counter()
            grade = session.grade(item, response, 4000)
            session.answer(item, grade.rating, 4000, auto_graded=True)
            item = session.next()
            timings.append(time.perf_counter() - started)
        learning.close()
    except Exception as exc:  # noqa: BLE001 - a benchmark counts every failure
        errors.append(f"{type(exc).__name__}: {exc}")
    results.put((timings, errors))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default=os.environ.get("QUIZAPP_BENCH_POSTGRES") or os.environ.get("QUIZAPP_TEST_POSTGRES"))
    parser.add_argument("--learners", type=int, default=300)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--keep", metavar="NAME", help="Build into (or reuse) this database and keep it, to run again.")
    args = parser.parse_args()
    if not args.pg:
        print("needs a PostgreSQL server: --pg postgresql+psycopg://user@host/db (or $QUIZAPP_BENCH_POSTGRES)")
        return 2
    from sqlalchemy import create_engine, text

    name = args.keep or f"quizapp_bench_class_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is not None
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = args.pg.rsplit("/", 1)[0] + f"/{name}"
    try:
        if not exists:
            with tempfile.TemporaryDirectory() as tmp:
                build(url, args.learners, args.items, args.days, Path(tmp))
        context = multiprocessing.get_context("spawn")
        results: multiprocessing.Queue[object] = context.Queue()
        processes = [context.Process(target=student, args=(url, f"student-{n:03d}", args.seconds, n, results))
                     for n in range(args.students)]
        for process in processes:
            process.start()
        timings: list[float] = []
        errors: list[str] = []
        for _ in processes:
            got, failed = results.get(timeout=args.seconds + 600)  # type: ignore[misc]
            timings += got
            errors += failed
        for process in processes:
            process.join()
        quantiles = statistics.quantiles(timings, n=100) if len(timings) > 1 else [float("nan")] * 99
        p50, p95 = quantiles[49] * 1000, quantiles[94] * 1000
        print(f"{args.students} students answering at once: {len(timings):,} answers, answer + next p50 {p50:.1f} ms, "
              f"p95 {p95:.1f} ms, {len(errors)} errors")
        for error in errors[:5]:
            print(f"  error: {error}")
        env = {**os.environ, "QUIZAPP_DB": url}
        command = [sys.executable, "-m", "quizapp", "report"]
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        report_time = median_time(lambda: subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL), runs=3)
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime) / 3
        out = subprocess.run([*command, "--json"], env=env, check=True, capture_output=True, text=True).stdout
        rows = len(json.loads(out)["learners"])
        from quizapp.progress.report import class_report
        from quizapp.store.database import Store

        store = Store.open(url)
        inside = median_time(lambda: class_report(store, int(time.time())), runs=3)
        store.close()
        print(f"quizapp report, whole class ({rows} student rows): {report_time:.2f} s median as a command "
              f"({cpu:.2f} s of its own CPU; {inside * 1000:.0f} ms inside the process); "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        ok = [
            target("class_answer_next_p95_ms", p95, 100, "ms"),
            target("class_answer_errors", len(errors), 0, ""),
            target("class_report_s", report_time, 2, "s"),
        ]
        return 0 if all(ok) else 1
    finally:
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
