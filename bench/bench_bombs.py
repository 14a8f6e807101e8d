"""Hostile decks: how long `quizapp lint` and `quizapp import` take to refuse each one, and the peak
memory of the process that refuses it.

Each case runs in a child process (so its peak resident memory is its own) with a time limit; a
case that is not refused within the limit is reported as TIMEOUT. Goal: every case refused in
under a second, with the peak memory of a plain `quizapp lint` of a small deck plus a few MB.
Run: python bench/bench_bombs.py [--limit SECONDS]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HEADER = "quizapp: 1\ndeck: bomb\ntitle: Bomb\n"
CARD = "cards:\n  - id: a\n    front: f\n    back: b\n    explanation: e\n"


def billion_laughs(folder: Path) -> Path:
    """Nested lists of aliases: 10**9 strings if expanded."""
    lines = ["a: &a [" + ", ".join(["lol"] * 10) + "]"]
    for n in range(1, 9):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ", ".join([f"*{chr(96 + n)}"] * 10) + "]")
    return _write(folder, "laughs.yaml", "quizapp: 1\n" + "\n".join(lines) + "\n")


def long_string_aliases(size: int, count: int) -> Callable[[Path], Path]:
    """One long string anchored once and repeated by `count` aliases in a card's tags."""

    def make(folder: Path) -> Path:
        text = (HEADER + f"x: &s {'x' * size}\n" + CARD + "    tags: [" + ", ".join(["*s"] * count) + "]\n")
        return _write(folder, f"aliases-{size}-{count}.yaml", text)

    return make


def huge_field(folder: Path) -> Path:
    """One 15 MB text field (under the 16 MiB file limit)."""
    return _write(folder, "field.yaml", HEADER + CARD.replace("front: f", "front: " + "word " * 3_000_000))


def deep_nesting(folder: Path) -> Path:
    """100,000 levels of nested flow lists."""
    return _write(folder, "nesting.yaml", HEADER + "cards: " + "[" * 100_000 + "]" * 100_000 + "\n")


def source(target: str) -> Callable[[Path], Path]:
    """A deck whose source names a file it must not read."""

    def make(folder: Path) -> Path:
        return _write(folder, "source.yaml", HEADER + f"source: {target}\n" + CARD + "    quote: x\n")

    return make


def outside_source(folder: Path) -> Path:
    """A deck whose source climbs out of its folder to a file that exists."""
    _write(folder.parent, "outside.txt", "A secret. Another one.\n")
    return source("../outside.txt")(folder)


def fifo_source(folder: Path) -> Path:
    """A deck whose source is a named pipe nobody writes to."""
    os.mkfifo(folder / "pipe.txt")
    return source("pipe.txt")(folder)


def loop_folder(folder: Path) -> Path:
    """A deck folder holding a symlink loop; lint is given the folder."""
    (folder / "loop").symlink_to(folder / "loop")
    (folder / "a").mkdir()
    (folder / "a" / "up").symlink_to(folder)
    _write(folder, "deck.yaml", HEADER + CARD)
    return folder


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


CASES: list[tuple[str, Callable[[Path], Path]]] = [
    ("billion-laughs", billion_laughs),
    ("aliases-210KB", long_string_aliases(9_000, 50_000)),
    ("aliases-1MB", long_string_aliases(4_000, 250_000)),
    ("15MB-field", huge_field),
    ("nesting-100k", deep_nesting),
    ("source-/dev/zero", source("/dev/zero")),
    ("source-/etc/passwd", source("/etc/passwd")),
    ("source-/proc/self/environ", source("/proc/self/environ")),
    ("source-../", outside_source),
    ("source-fifo", fifo_source),
    ("folder-symlink-loop", loop_folder),
]


def run(command: list[str], limit: float) -> tuple[str, float, float]:
    """Exit status, wall seconds and peak resident MB of one child process (for a child that
    prints them itself, its own status, seconds and memory growth)."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "try:\n"
        f"    done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout={limit})\n"
        "    rc, out = done.returncode, done.stdout.split()\n"
        "except subprocess.TimeoutExpired:\n"
        "    rc, out = 'TIMEOUT', []\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(*(out if len(out) == 3 else (rc, time.perf_counter() - t, peak)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, check=True).stdout.split()
    return out[0], float(out[1]), int(out[2]) / 1024


LINT_IN_PROCESS = (
    "import resource, sys, time\n"
    "from quizapp.decks.lint import lint\n"
    "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "t = time.perf_counter()\n"
    "result = lint([sys.argv[1]])\n"
    "print(int(not result.passed()), time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=float, default=20.0, help="seconds before a case counts as a timeout")
    args = parser.parse_args()
    quizapp = [sys.executable, "-m", "quizapp"]
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        small = _write(base, "small.yaml", HEADER + CARD)
        _, _, baseline = run([*quizapp, "lint", str(small)], args.limit)
        print(f"baseline: lint of a one-card deck peaks at {baseline:.0f} MB (the whole process)")
        print("refused: exit status 1; lint() is the call alone, in its process (time, growth of its peak memory);")
        print("the command columns are whole processes, Python's start-up and imports included")
        print(f"{'case':<28} {'file':>9} {'lint()':>17} {'quizapp lint':>18} {'quizapp import':>18}")
        for name, make in CASES:
            folder = base / name.replace("/", "_")
            folder.mkdir()
            path = make(folder)
            size = path.stat().st_size if path.is_file() else 0
            cells = []
            status, seconds, grown = run([sys.executable, "-c", LINT_IN_PROCESS, str(path)], args.limit)
            cells.append(f"{status:>3} {seconds * 1000:6.0f}ms +{grown:4.0f}MB")
            for command in (["lint"], ["--db", str(folder / "bomb.db"), "import"]):
                status, seconds, peak = run([*quizapp, *command, str(path)], args.limit)
                cells.append(f"{status:>7} {seconds:5.2f}s {peak:4.0f}MB")
            print(f"{name:<28} {size / 1024:8.0f}K {cells[0]:>17} {cells[1]:>18} {cells[2]:>18}")


if __name__ == "__main__":
    os.environ.setdefault("QUIZAPP_DATA_DIR", tempfile.mkdtemp())
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
    main()
