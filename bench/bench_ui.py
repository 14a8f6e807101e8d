"""The terminal UI under tmux, in one run:

- startup: launching `quizapp` until the home screen shows the decks with their counts, against a
  minimal Textual app (one Static) until its first paint; goal at most 1.5x;
- grading: on the 100,000-item collection of the engine benchmark, the time from the grade
  keypress to the next item painted; goal under 50 ms median.

Run: python bench/bench_ui.py  (needs tmux and the installed `quizapp`)
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_engine import build_ours
from bench.common import target

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
QUIZAPP = str(Path(sys.executable).parent / "quizapp")


class Tmux:
    """One tmux session running a command."""

    def __init__(self, command: str, env: dict[str, str]) -> None:
        self.name = f"bench-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        self.started = time.perf_counter()
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", "100", "-y", "30", f"env {exports} {command}"], check=True
        )

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True).stdout

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def wait(self, ready: Callable[[str], bool], timeout: float = 60) -> float:
        """Seconds since `self.started` when `ready` first held."""
        while True:
            text = self.screen()
            if ready(text):
                return time.perf_counter() - self.started
            if time.perf_counter() - self.started > timeout:
                raise TimeoutError(text)
            time.sleep(0.002)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def home_ready(screen: str) -> bool:
    return re.search(r"All decks\s+\d+\s+\d+", screen) is not None


def startup(data_dir: str, runs: int) -> tuple[float, float]:
    """Median seconds to the first useful paint: the minimal app, then quizapp (interleaved)."""
    minimal, ours = [], []
    for _ in range(runs):
        term = Tmux(f"{PYTHON} {HERE / 'minimal_app.py'}", {})
        minimal.append(term.wait(lambda s: "minimal app ready" in s))
        term.close()
        term = Tmux(QUIZAPP, {"QUIZAPP_DATA_DIR": data_dir, "QUIZAPP_PROFILE": "bench"})
        ours.append(term.wait(home_ready))
        term.close()
    return statistics.median(minimal), statistics.median(ours)


def grading(db: str, answers: int, probe_out: Path) -> tuple[float, float]:
    """Median seconds from the grade key to the next item painted: inside the app (the key handled
    to the frame written), and as seen from outside through tmux (send-keys, then capture-pane
    polling, which adds its own latency)."""
    env = {"QUIZAPP_DB": db, "QUIZAPP_PROFILE": "bench", "PROBE_OUT": str(probe_out), "PYTHONPATH": str(HERE.parent)}
    term = Tmux(f"{PYTHON} {HERE / 'ui_probe.py'}", env)
    try:
        term.wait(home_ready, timeout=120)
        term.keys("a")  # study all decks
        term.wait(lambda s: "Recall the answer" in s, timeout=120)
        times = []
        for n in range(answers):
            term.keys("Space")
            term.wait(lambda s: "1 Again" in s)
            term.started = time.perf_counter()
            term.keys("3")
            times.append(term.wait(lambda s, done=n + 1: f"Done {done} " in s and "1 Again" not in s))
        term.keys("Escape")
        term.wait(home_ready)
        term.keys("q")
        deadline = time.perf_counter() + 10
        while not probe_out.exists() and time.perf_counter() < deadline:
            time.sleep(0.05)
        inside = [float(x) for x in probe_out.read_text().split()]
        return statistics.median(inside), statistics.median(times)
    finally:
        term.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--answers", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = str(Path(tmp) / "data")
        # A first launch imports the bundled decks and creates the learner; the timed ones reopen.
        subprocess.run(
            [QUIZAPP, "--profile", "bench", "decks"],
            env={"QUIZAPP_DATA_DIR": data_dir, "PATH": "/usr/bin:/bin"},
            check=True,
            capture_output=True,
        )
        minimal, ours = startup(data_dir, args.runs)
        print(
            f"startup to the first useful paint (median of {args.runs}): minimal Textual app {minimal * 1000:.0f} ms, "
            f"quizapp home with counts {ours * 1000:.0f} ms"
        )
        db = Path(tmp) / "big.db"
        build_ours(db, args.items, args.reviews)
        grade, outside = grading(str(db), args.answers, Path(tmp) / "probe.txt")
        print(
            f"grade key to next item painted on {args.items:,} items (median of {args.answers}): "
            f"{grade * 1000:.1f} ms in the app; "
            f"{outside * 1000:.1f} ms seen through tmux (send-keys and capture-pane polling included)"
        )
    results = [target("startup_vs_minimal_app", ours / minimal, 1.5), target("grade_to_next_item_ms", grade * 1000, 50, "ms")]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
