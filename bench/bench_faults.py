"""The fault harness: kill -9 while answering, concurrent writers, and the hostile-input corpus.

1. kill -9 loop: a child process answers cards as fast as it can, telling the parent each answer's
   review id once `answer()` has returned (committed); the parent kills it with SIGKILL at a random
   moment, then checks the database: integrity, every acknowledged answer present, each item's
   state equal to a replay of its review log through the scheduler, and the hourly summary equal
   to the log summed again. The next trial carries on in the same database.
2. Concurrent writers: several processes answer at once, two per learner (so one learner's two
   sessions race too) for a few seconds; every answer must be acknowledged without a "locked"
   error, and the same checks hold afterwards.
3. Hostile input: every text stored in a database carries terminal escape sequences; the
   commands that print them must print none raw, and hostile profile names must be refused.

The suite runs a short form (tests/unit/test_harness.py, a few seconds); the long form runs on
demand and prints the figures:  python bench/bench_faults.py --trials 300 --writers 4 --seconds 20
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizapp.engine.scheduling import Memory, Scheduler
from quizapp.learning import profile_of
from quizapp.store import learners
from quizapp.store.database import Store
from quizapp.store.sql import fetch

DECKS = Path(__file__).resolve().parent.parent / "decks"
FUZZ = True  # answers are fuzzed as in real use; the fuzz is seeded by item and repetition, so replayable


@dataclass
class Figures:
    """What a run measured; `lost`, `corrupt` and the mismatches must all be zero."""

    trials: int = 0
    acknowledged: int = 0
    lost: int = 0
    committed_unacknowledged: int = 0  # committed just before the kill, its acknowledgement not yet sent: fine
    corrupt: int = 0
    replay_mismatches: int = 0
    summary_mismatches: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was lost, damaged or inconsistent."""
        return not (self.lost or self.corrupt or self.replay_mismatches or self.summary_mismatches or self.errors)


def prepare(db: Path, decks: list[Path]) -> None:
    """A fresh database with the given decks imported."""
    from quizapp.store.importer import import_paths

    store = Store.open(str(db))
    try:
        reports, linted = import_paths(store, [str(d) for d in decks])
        if not reports:
            raise SystemExit(f"the decks do not lint: {[str(p) for d in linted for p in d.problems][:3]}")
    finally:
        store.close()


# -- the answering child -------------------------------------------------------------------------


def answer_forever(db: Path, learner: str, seed: int, ack_fd: int, deadline: float | None = None) -> None:
    """Answer cards until killed (or until `deadline`), writing "review_id item_id" to `ack_fd`
    after each answer is committed. Time is virtual: it starts after the learner's last answer
    and moves on a little with each answer, a day when nothing is left today."""
    from quizapp.practice.study import StudySession

    rng = random.Random(seed)
    store = Store.open(str(db))
    profile = profile_of(learners.learner(store, learner))
    with store.read() as conn:
        (last,) = fetch(conn, "SELECT max(reviewed_at) FROM review WHERE learner_id = :l", {"l": profile.id})[0]
    now = [float(last or 1_767_261_600) + 600]

    def clock() -> float:
        return now[0]

    while deadline is None or time.monotonic() < deadline:
        session = StudySession(store, profile, clock=clock, fuzz=FUZZ)
        answered = 0
        while deadline is None or time.monotonic() < deadline:
            item = session.next()
            if item is None:
                break
            session.answer(item, rng.choice((1, 2, 3, 3, 3, 4)), rng.randint(500, 20_000))
            review_id = session._tally.history[-1].change.review_id  # the row just committed
            os.write(ack_fd, f"{review_id} {item.item_id}\n".encode())
            answered += 1
            now[0] += rng.randint(5, 900)
        if not answered:
            now[0] += 86_400
    store.close()


def _read_acks(fd: int) -> list[tuple[int, int]]:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    lines = b"".join(chunks).decode().splitlines()
    return [(int(a), int(b)) for a, b in (line.split() for line in lines if len(line.split()) == 2)]


# -- the checks -----------------------------------------------------------------------------------


def check(db: Path, acked: list[tuple[int, int]], figures: Figures) -> None:
    """The invariants after a crash; adds what it finds to `figures` (lost answers, damage,
    replay and summary mismatches, and how many answers were committed but never acknowledged)."""
    import sqlite3

    from quizapp.store.answers import rebuild_summary

    raw = sqlite3.connect(db, isolation_level=None)
    try:
        result = raw.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            figures.corrupt += 1
            figures.errors.append(f"integrity: {result[:3]}")
            return
        columns = "learner_id, deck_id, hour, state, bucket, reviews, recalled, duration_ms"
        summary = sorted(raw.execute(f"SELECT {columns} FROM review_hour").fetchall())
        raw.execute("BEGIN")
        rebuild_summary(raw)  # the hourly summary must be the log summed again
        rebuilt = sorted(raw.execute(f"SELECT {columns} FROM review_hour").fetchall())
        raw.execute("ROLLBACK")
        reviews = raw.execute("SELECT id, learner_id, item_id, reviewed_at, rating FROM review "
                              "ORDER BY reviewed_at, id").fetchall()
        states = {(int(r[0]), int(r[1])): Memory(*r[2:10]) for r in raw.execute(
            "SELECT learner_id, item_id, state, step, stability, difficulty, due, last_review, reps, lapses "
            "FROM item_state WHERE reps > 0")}
    finally:
        raw.close()
    if rebuilt != summary:
        figures.summary_mismatches += 1
        figures.errors.append("review_hour differs from the review log summed again")
    store = Store.open(str(db))
    try:
        schedulers = {row.id: Scheduler(profile_of(row).settings, fuzz=FUZZ) for row in learners.all_learners(store)}
    finally:
        store.close()
    present = {int(r[0]): int(r[2]) for r in reviews}
    for review_id, item_id in acked:
        if present.get(review_id) != item_id:
            figures.lost += 1
            figures.errors.append(f"acknowledged review {review_id} of item {item_id} is missing")
    # Each item's state is its review log replayed through the scheduler.
    replayed: dict[tuple[int, int], Memory] = {}
    for _id, learner_id, item_id, at, rating in reviews:
        key = (int(learner_id), int(item_id))
        replayed[key] = schedulers[key[0]].review(key[1], replayed.get(key, Memory()), int(rating), int(at))
    for key, memory in replayed.items():
        if not _same(states.get(key), memory):
            figures.replay_mismatches += 1
            figures.errors.append(f"item {key[1]} of learner {key[0]}: stored {states.get(key)} != replayed {memory}")
    for key in states.keys() - replayed.keys():
        figures.replay_mismatches += 1
        figures.errors.append(f"item {key[1]} of learner {key[0]} has a state but no review")
    figures.acknowledged = len(acked)
    figures.committed_unacknowledged = len(set(present) - {r for r, _ in acked})


def _same(stored: Memory | None, replayed: Memory) -> bool:
    if stored is None:
        return False
    for name in Memory.__dataclass_fields__:
        a, b = getattr(stored, name), getattr(replayed, name)
        if isinstance(a, float) or isinstance(b, float):
            if a is None or b is None or abs(float(a) - float(b)) > 1e-9 * max(1.0, abs(float(b))):
                return False
        elif a != b:
            return False
    return True


# -- 1. kill -9 -------------------------------------------------------------------------------------


def kill_loop(db: Path, trials: int, seed: int = 1, longest: float = 0.8) -> Figures:
    """`trials` children killed at random moments up to `longest` seconds in; the database is
    checked after each kill, and the run stops at the first problem."""
    figures = Figures()
    rng = random.Random(seed)
    acked: list[tuple[int, int]] = []
    for trial in range(trials):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: answer until killed
            os.close(read_fd)
            try:
                answer_forever(db, "ada", seed * 1000 + trial, write_fd)
            finally:
                os._exit(0)
        os.close(write_fd)
        time.sleep(rng.uniform(0.05, longest))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        acked += _read_acks(read_fd)
        os.close(read_fd)
        figures.trials += 1
        check(db, acked, figures)
        if not figures.ok:
            break
    return figures


# -- 2. concurrent writers -------------------------------------------------------------------------------


def concurrent_writers(db: Path, writers: int, seconds: float, seed: int = 2) -> Figures:
    """`writers` processes answering at once for `seconds`, two sessions per learner."""
    figures = Figures(trials=1)
    children: list[tuple[int, int]] = []
    for n in range(writers):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            code = 0
            try:
                answer_forever(db, f"writer-{n // 2}", seed * 1000 + n, write_fd, deadline=time.monotonic() + seconds)
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, which counts it
                os.write(write_fd, f"error {type(exc).__name__}: {exc}\n".encode())
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        children.append((pid, read_fd))
    acked: list[tuple[int, int]] = []
    for pid, read_fd in children:
        chunks = []
        while chunk := os.read(read_fd, 65536):
            chunks.append(chunk)
        os.close(read_fd)
        _, status = os.waitpid(pid, 0)
        for line in b"".join(chunks).decode().splitlines():
            if line.startswith("error"):
                figures.errors.append(line)
            else:
                a, b = line.split()
                acked.append((int(a), int(b)))
        if os.waitstatus_to_exitcode(status) != 0 and not figures.errors:
            figures.errors.append(f"writer {pid} exited with {os.waitstatus_to_exitcode(status)}")
    check(db, acked, figures)
    return figures


# -- 3. hostile input ------------------------------------------------------------------------------------

ATTACKS = ["\x1b]52;c;aGk=\x07", "\x1b]2;pwned\x1b\\", "\x1b[2J\x1b[H", "\x9b2J", "\x07", "x\ry", "\u202etxt", "\x00", "\x7f"]
OBEYED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_corpus(folder: Path) -> Figures:
    """Every attack stored in every text the commands print; counts raw characters that got out
    (`corrupt` here) and hostile profile names that were accepted (`lost`)."""
    from click.testing import CliRunner
    from sqlalchemy import text

    from quizapp.cli.main import main

    figures = Figures()
    db = folder / "hostile.db"
    prepare(db, [DECKS])
    evil = "".join(ATTACKS) + "[@click=app.quit]x[/]"
    store = Store.open(str(db))
    try:
        learners.learner(store, "ada")
        with store.write() as conn:
            conn.execute(text("INSERT INTO learner (name, created_at, settings) VALUES (:n, 0, '{}')"), {"n": f"eve{evil}"[:64]})
            conn.execute(text("UPDATE deck SET title = :t || title, description = :t"), {"t": evil})
            conn.execute(text("UPDATE card SET explanation = :t"), {"t": evil})
            conn.execute(text("UPDATE source SET text = :t || text, name = :t || name"), {"t": evil})
    finally:
        store.close()
    runner = CliRunner()
    commands = (["decks"], ["stats"], ["report"], ["report", "--csv"], ["report", "--json"],
                ["--profile", f"eve{evil}"[:64], "decks"])
    for args in commands:
        result = runner.invoke(main, ["--db", str(db), "--profile", "ada", *args])
        figures.trials += 1
        raw = OBEYED.findall(result.output)
        if raw:
            figures.corrupt += len(raw)
            figures.errors.append(f"{' '.join(args)}: {len(raw)} raw control characters")
    for attack in ATTACKS:
        result = runner.invoke(main, ["--db", str(db), "learners", "add", f"mallory{attack}"])
        figures.trials += 1
        if result.exit_code == 0 or OBEYED.search(result.output):
            figures.lost += 1
            figures.errors.append(f"profile name {attack!r} was accepted or echoed raw")
    return figures


def run(trials: int, writers: int, seconds: float, decks: list[Path], longest: float = 0.8) -> dict[str, Figures]:
    """Every part of the harness in a temporary folder; the figures of each."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prepare(folder / "kill.db", decks)
        killed = kill_loop(folder / "kill.db", trials, longest=longest)
        prepare(folder / "writers.db", decks)
        concurrent = concurrent_writers(folder / "writers.db", writers, seconds)
        hostile = hostile_corpus(folder)
    return {"kill -9": killed, "concurrent writers": concurrent, "hostile input": hostile}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--trials", type=int, default=300, help="kill -9 trials")
    parser.add_argument("--writers", type=int, default=4, help="processes answering at once")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long the writers answer")
    args = parser.parse_args()
    started = time.perf_counter()
    results = run(args.trials, args.writers, args.seconds, [DECKS])
    for name, figures in results.items():
        shown: dict[str, Any] = {k: v for k, v in asdict(figures).items() if k != "errors"}
        print(f"{name:20} {'ok' if figures.ok else 'FAILED'}  " + "  ".join(f"{k} {v}" for k, v in shown.items()))
        for error in figures.errors[:5]:
            print(f"    {error}")
    print(f"in {time.perf_counter() - started:.0f} s")
    return 0 if all(f.ok for f in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
