"""The app as a user meets it, under tmux, against a minimal Textual app (bench/minimal_app.py)
measured in the same run, interleaved (A B B A ...), each quizapp run on a fresh copy of the
100,000-item collection (bench/collection_cache.py):

- launch to home painted: the deck list with its counts, vs the minimal app's first paint;
  goal <= 1.2x;
- launch to usable: Enter pressed as soon as home shows, until the first study item is painted
  (this waits for the store to open in the background), vs the minimal app launched, Enter
  pressed as soon as it shows, until its second text is painted; goal <= 2x;
- first launch on an empty data folder (the bundled decks imported): first paint < 0.5 s, home
  ready < 2 s;
- grade key to next item painted (one study session of --answers items), whole: its question and
  hint shown and the last card's rating buttons gone; in the app < 16.7 ms (one frame at 60 Hz),
  and as seen through tmux (send-keys, then capture-pane polling) < 30 ms;
- the whole app's memory (VmHWM/VmRSS of the process tree under tmux): at start (usable), after
  the study session, after opening browse, and back home from browse.

"In the app" times come from bench/launch.py's recorder (keys as Textual's driver parsed them,
frames as written, decoded with the pyte terminal emulator); "seen" times from tmux. Launch times
start when the process is let go (tmux itself is started before the clock).

Needs tmux and pyte: pip install -r bench/requirements.txt
Run: python bench/bench_ui.py [--items 100000] [--runs 7] [--answers 30]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.collection_cache import LEARNER, cached, fresh_copy
from bench.common import OUT, as_installed, report_pair, require, size_label, spread, target
from bench.minimal_app import ITEM, READY
from bench.terminal import Memory, Pane, Record, launcher, tree_memory

HOME = re.compile(r"All decks\s+\d+\s+\d+")
QUESTION = re.compile(r"Question (\d+)\?")
# Launches are judged by the app's own frame times, so tmux is polled gently meanwhile (the
# "seen" launch times are then good to about 10 ms); the grade key is polled as fast as tmux goes.
LAUNCH_POLL = 0.01


def home_shown(screen: str) -> bool:
    """The deck list with its counts."""
    return HOME.search(screen) is not None


ANSWERING = "Recall the answer"  # a basic card's hint while it waits for its answer
RATED = "Again"  # on the rating buttons and on the key bar while they are shown


def item_shown(screen: str) -> bool:
    """A study item's question (every card of the benchmark collection asks "Question n?")."""
    return QUESTION.search(screen) is not None


def revealed(question: int) -> Callable[[str], bool]:
    """The back of `question` shown."""
    return lambda screen: f"Answer {question}" in screen


def next_item(question: int) -> Callable[[str], bool]:
    """Another item than `question` shown whole, in its answering phase: its back not revealed,
    its hint shown and the rating buttons of the one before gone (a frame with the new question
    over the old ratings is not the next item yet)."""

    def shown(screen: str) -> bool:
        asked = QUESTION.findall(screen)
        return (bool(asked) and str(question) not in asked and f"Answer {asked[0]}" not in screen
                and ANSWERING in screen and RATED not in screen)

    return shown


def painted(screen: str) -> bool:
    """Anything at all on the screen."""
    return bool(screen.strip())


def quizapp_env(folder: Path, db: Path | None) -> dict[str, str]:
    """The environment of a quizapp run: its own data folder, the benchmark learner."""
    env = {"QUIZAPP_DATA_DIR": str(folder / "data"), "QUIZAPP_PROFILE": LEARNER, "COLORTERM": "truecolor"}
    if db is not None:
        env["QUIZAPP_DB"] = str(db)
    return env


@dataclass(frozen=True)
class Launch:
    """One launch: seconds from the process let go to the first screen and to the first item."""

    home: float  # in the app (frame written)
    usable: float
    home_seen: float  # through tmux
    usable_seen: float


def launch_quizapp(folder: Path, source: Path) -> Launch:
    db = fresh_copy(source, folder, "launch.db")
    record = folder / "record.json"
    with Pane(launcher(record, "quizapp"), quizapp_env(folder, db)) as pane:
        started = pane.start()
        home_seen, _ = pane.wait(home_shown, what="home", poll=LAUNCH_POLL)
        enter = pane.keys("Enter")  # at once
        usable_seen, _ = pane.wait(item_shown, what="the first study item", poll=LAUNCH_POLL)
        log = pane.record(record)
    return _launch(log, started, home_shown, item_shown, enter, home_seen, usable_seen)


def launch_minimal(folder: Path) -> Launch:
    record = folder / "record.json"
    with Pane(launcher(record, "minimal"), {"COLORTERM": "truecolor"}) as pane:
        started = pane.start()
        home_seen, _ = pane.wait(lambda s: READY in s, what="the minimal app", poll=LAUNCH_POLL)
        enter = pane.keys("Enter")
        usable_seen, _ = pane.wait(lambda s: ITEM in s, what="the minimal app's item", poll=LAUNCH_POLL)
        log = pane.record(record)
    return _launch(log, started, lambda s: READY in s, lambda s: ITEM in s, enter, home_seen, usable_seen)


def _launch(log: Record, started: float, home: Callable[[str], bool], item: Callable[[str], bool], enter: float,
            home_seen: float, usable_seen: float) -> Launch:
    first_home = log.first(home)
    first_item = log.first(item, log.key_after("enter", enter))
    assert first_home is not None and first_item is not None, "a screen seen through tmux is missing from the record"
    return Launch(first_home - started, first_item - started, home_seen - started, usable_seen - started)


def startup(source: Path, runs: int) -> list[bool]:
    ours: list[Launch] = []
    peer: list[Launch] = []
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        folder = Path(tmp)
        for n in range(runs):  # A B, B A, ...: neither side always gets the warmer machine
            for side in ("ours", "peer") if n % 2 == 0 else ("peer", "ours"):
                if side == "ours":
                    ours.append(launch_quizapp(folder, source))
                else:
                    peer.append(launch_minimal(folder))
    print(f"\n== start-up on {source.name.split('-')[1]} items, {runs} interleaved launches each ==")
    home = report_pair("launch to home painted (in the app) vs the minimal app's first paint",
                       [x.home for x in ours], [x.home for x in peer], "minimal")
    seen = report_pair("  the same seen through tmux", [x.home_seen for x in ours], [x.home_seen for x in peer], "minimal")
    usable = report_pair("launch to the first study item, Enter at once (in the app) vs the minimal app's",
                         [x.usable for x in ours], [x.usable for x in peer], "minimal")
    usable_seen = report_pair("  the same seen through tmux", [x.usable_seen for x in ours], [x.usable_seen for x in peer],
                              "minimal")
    del seen, usable_seen
    return [target("startup_home_vs_minimal", home.median, 1.2), target("startup_usable_vs_minimal", usable.median, 2.0)]


def first_launch(runs: int) -> list[bool]:
    """An empty data folder: the database is created and the bundled decks imported."""
    first: list[float] = []
    ready: list[float] = []
    OUT.mkdir(exist_ok=True)
    for _ in range(runs):
        with tempfile.TemporaryDirectory(dir=OUT) as tmp:
            folder = Path(tmp)
            record = folder / "record.json"
            with Pane(launcher(record, "quizapp"), quizapp_env(folder, None)) as pane:
                started = pane.start()
                pane.wait(home_shown, what="home on a first launch", poll=LAUNCH_POLL)
                log = pane.record(record)
            shown, home = log.first(painted), log.first(home_shown)
            assert shown is not None and home is not None
            first.append(shown - started)
            ready.append(home - started)
    print(f"\n== first launch on an empty data folder, {runs} launches ==")
    print(f"first paint (anything on screen): {spread(first).show()}")
    print(f"home ready with the bundled decks: {spread(ready).show()}")
    return [target("first_launch_first_paint_s", statistics.median(first), 0.5, "s", strict=True),
            target("first_launch_ready_s", statistics.median(ready), 2.0, "s", strict=True)]


def session(source: Path, answers: int) -> list[bool]:
    """One study session: grade key to next item, and the whole app's memory along the way."""
    OUT.mkdir(exist_ok=True)
    inside: list[float] = []
    seen: list[float] = []
    memory: dict[str, Memory] = {}
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        folder = Path(tmp)
        db = fresh_copy(source, folder, "session.db")
        record = folder / "record.json"
        with Pane(launcher(record, "quizapp"), quizapp_env(folder, db)) as pane:
            pane.start()
            pane.wait(home_shown, what="home")
            pane.keys("Enter")
            _, screen = pane.wait(item_shown, what="the first study item")
            pane.settle()
            memory["at start (first item shown)"] = tree_memory(pane.pid)
            sends: list[tuple[float, int]] = []
            for _ in range(answers):
                question = int(QUESTION.findall(screen)[0])
                # A learner reads the card first: a key within the app's guard window after the
                # card is painted (quizapp.ui.app.KEY_GUARD, 0.35 s) is dropped on purpose.
                pane.settle(quiet=0.4)
                pane.keys("Space")  # reveal the back
                pane.wait(revealed(question), what="the revealed answer")
                pane.settle(quiet=0.4)  # the rating keys have the same guard after the reveal
                sent = pane.keys("3")  # Good
                at, screen = pane.wait(next_item(question), what="the next item")
                seen.append(at - sent)
                sends.append((sent, question))
            log = pane.record(record)
            memory[f"after a study session ({answers} answers)"] = tree_memory(pane.pid)
            for sent, question in sends:
                key = log.key_after("3", sent)
                shown = log.first(next_item(question), key)
                assert shown is not None
                inside.append(shown - key)
            pane.keys("Escape")
            pane.wait(home_shown, what="home again")
            pane.settle()
            pane.keys("b")
            pane.wait(lambda s: len(set(QUESTION.findall(s))) >= 3, timeout=600, what="browse rows")
            pane.settle(timeout=600)
            memory["after opening browse"] = tree_memory(pane.pid)
            pane.keys("Escape")
            pane.wait(home_shown, what="home after browse")
            pane.settle()
            memory["back home from browse"] = tree_memory(pane.pid)
    print(f"\n== one study session on {source.name.split('-')[1]} items, {answers} answers ==")
    print(f"grade key to next item painted, in the app: {spread(inside).show()}")
    print(f"grade key to next item, seen through tmux (send-keys + capture-pane): {spread(seen).show()}")
    print("the whole app's memory (process tree):")
    for when, mem in memory.items():
        print(f"  {when:<40} peak {mem.peak:6.0f} MB, now {mem.current:6.0f} MB")
    return [target("grade_to_next_inapp_ms", statistics.median(inside) * 1000, 16.7, "ms", strict=True),
            target("grade_to_next_tmux_ms", statistics.median(seen) * 1000, 30, "ms", strict=True)]


def main() -> int:
    parser = argparse.ArgumentParser(description="Start-up, first launch, grading and memory, under tmux.")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7, help="launches of each side (interleaved)")
    parser.add_argument("--first-runs", type=int, default=3, help="first launches on an empty data folder")
    parser.add_argument("--answers", type=int, default=30)
    args = parser.parse_args()
    require("pyte", tmux=True)
    as_installed()
    source = cached("ours", args.items)
    print(f"collection: {size_label(args.items)} items ({source.name})")
    outcomes = startup(source, args.runs)
    outcomes += first_launch(args.first_runs)
    outcomes += session(source, args.answers)
    return 0 if all(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
