"""Every benchmark in sequence, at the sizes of issue 15, then every TARGET line together.

Run: python bench/run_all.py            (the full set: 10k, 100k and 1M items; the first run
                                          builds and caches the collections, several minutes at 1M;
                                          about 40 minutes in all on a busy 2-core machine today,
                                          most of it browse and the reader at 1M)
     python bench/run_all.py --no-1m    (everything but the million-item runs)
     python bench/run_all.py --quick    (small sizes and few runs: checks the benchmarks work)
     python bench/run_all.py --only engine ui
The whole output is also written to bench/out/run-<date>-<time>.txt. Exits 1 when a target fails.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import HERE, OUT


def plan(quick: bool, big: bool) -> dict[str, list[str]]:
    """Each benchmark's script and arguments."""
    if quick:
        return {
            "import": ["bench_import.py", "--cards", "1000", "--runs", "3"],
            "engine": ["bench_engine.py", "--items", "2000", "--runs", "3", "--answers", "10"],
            "ui": ["bench_ui.py", "--items", "2000", "--runs", "2", "--first-runs", "1", "--answers", "5"],
            "screens": ["bench_screens.py", "--items", "2000", "--runs", "1"],
            "progress": ["bench_progress.py", "--items", "2000", "--runs", "3"],
        }
    sizes = ["100000", "1000000"] if big else ["100000"]
    return {
        "import": ["bench_import.py"],
        "engine": ["bench_engine.py", "--items", *sizes],
        "ui": ["bench_ui.py", "--items", "100000"],
        "screens": ["bench_screens.py", "--items", "10000", *sizes],
        "progress": ["bench_progress.py", "--items", *sizes],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark and list the TARGET lines at the end.")
    parser.add_argument("--quick", action="store_true", help="small sizes and few runs, to check the benchmarks work")
    parser.add_argument("--no-1m", action="store_true", help="skip the million-item collections")
    parser.add_argument("--only", nargs="+", choices=["import", "engine", "ui", "screens", "progress"])
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    log_path = OUT / f"run-{datetime.now():%Y%m%d-%H%M%S}.txt"
    targets: list[str] = []
    failed: list[str] = []
    with log_path.open("w") as log:

        def say(line: str) -> None:
            print(line, flush=True)
            log.write(line + "\n")
            log.flush()

        for name, (script, *script_args) in plan(args.quick, not args.no_1m).items():
            if args.only and name not in args.only:
                continue
            command = [sys.executable, str(HERE / script), *script_args]
            say(f"\n##### {name}: {' '.join(command[1:])}")
            started = time.monotonic()
            with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as child:
                assert child.stdout is not None
                for line in child.stdout:
                    say(line.rstrip("\n"))
                    if line.startswith("TARGET "):
                        targets.append(line.strip())
            if child.returncode not in (0, 1):  # 1: a target failed, which the lines say
                failed.append(f"{name} (exit {child.returncode})")
            say(f"##### {name}: {time.monotonic() - started:.0f} s")
        say("\n##### every target (name, measured, goal, verdict)")
        for line in targets:
            say(line)
        passed = sum(line.endswith(" PASS") for line in targets)
        say(f"{passed} of {len(targets)} targets pass" + (f"; benchmarks that broke: {', '.join(failed)}" if failed else ""))
    print(f"(written to {log_path})")
    return 0 if passed == len(targets) and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
