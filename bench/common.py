"""Shared helpers for the benchmarks: interleaved repetitions, medians with their spread, sizes,
child processes, and the `TARGET name measured goal PASS|FAIL` lines."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"


@dataclass(frozen=True)
class Spread:
    """A sample summarised: its median, extremes and interquartile range."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    @property
    def iqr(self) -> tuple[float, float]:
        """The first and third quartiles (both the median for fewer than two values)."""
        if len(self.values) < 2:
            return self.median, self.median
        q = statistics.quantiles(self.values, n=4, method="inclusive")
        return q[0], q[2]

    def show(self, scale: float = 1000, unit: str = "ms", digits: int = 1) -> str:
        """`median (IQR q1-q3, min-max low-high, n=N)`, scaled (seconds to ms by default)."""
        q1, q3 = self.iqr
        f = f"{{:.{digits}f}}"

        def fmt(value: float) -> str:
            return f.format(value * scale)

        return (
            f"{fmt(self.median)}{unit} (IQR {fmt(q1)}-{fmt(q3)}, min-max {fmt(self.low)}-{fmt(self.high)}, "
            f"n={len(self.values)})"
        )


def spread(values: Sequence[float]) -> Spread:
    """`values` as a Spread."""
    if not values:
        raise ValueError("no measurements")
    return Spread(tuple(values))


def ratios(ours: Sequence[float], peer: Sequence[float]) -> Spread:
    """The ratio of each interleaved pair (ours / the peer's measured just before or after)."""
    return spread([a / b for a, b in zip(ours, peer, strict=True)])


def interleave(runs: int, ours: Callable[[int], float], peer: Callable[[int], float]) -> tuple[list[float], list[float]]:
    """Run ours and the peer alternately, A B A B ..., and return both samples. The side that
    goes first alternates too (A B B A A B ...), so neither always gets the warmer machine."""
    mine: list[float] = []
    theirs: list[float] = []
    for n in range(runs):
        if n % 2 == 0:
            mine.append(ours(n))
            theirs.append(peer(n))
        else:
            theirs.append(peer(n))
            mine.append(ours(n))
    return mine, theirs


def report_pair(label: str, ours: Sequence[float], peer: Sequence[float], peer_name: str, digits: int = 1) -> Spread:
    """Print both sides (in ms, to `digits` decimals) and their ratio; return the ratio's spread
    (its median is the figure)."""
    ratio = ratios(ours, peer)
    print(f"{label}:")
    print(f"  quizapp   {spread(ours).show(digits=digits)}")
    print(f"  {peer_name:<9} {spread(peer).show(digits=digits)}")
    print(f"  ratio     {ratio.show(scale=1, unit='x', digits=2)}")
    return ratio


def size_label(items: int) -> str:
    """100000 -> "100k", 1000000 -> "1m", 2500 -> "2.5k"."""
    for factor, suffix in ((1_000_000, "m"), (1_000, "k")):
        if items >= factor:
            return f"{items / factor:g}{suffix}"
    return str(items)


def target(name: str, measured: float, goal: float, unit: str = "x", *, lower_is_better: bool = True,
           strict: bool = False) -> bool:
    """Print one `TARGET name measured goal PASS|FAIL` line and return whether it passed.
    `strict` makes the goal a strict bound (measured < goal)."""
    if lower_is_better:
        ok = measured < goal if strict else measured <= goal
    else:
        ok = measured > goal if strict else measured >= goal
    print(f"TARGET {name} {measured:.3g}{unit} {goal:g}{unit} {'PASS' if ok else 'FAIL'}", flush=True)
    return ok


def median_time(func: Callable[[], object], runs: int = 5, setup: Callable[[], object] | None = None) -> float:
    """The median wall time of `func` over `runs` runs, each after `setup` (not timed)."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def require(*modules: str, tmux: bool = False) -> None:
    """Exit with a one-line hint when a bench-only package (or tmux) is missing."""
    import importlib.util
    import shutil

    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if tmux and shutil.which("tmux") is None:
        missing.append("tmux (from the system's packages)")
    if missing:
        print(f"missing: {', '.join(missing)}; run: pip install -r bench/requirements.txt", file=sys.stderr)
        sys.exit(2)


def as_installed() -> None:
    """Byte-compile quizapp's modules, as `pip install` does (the README's quick start installs
    with it). Run from an editable install where PYTHONDONTWRITEBYTECODE is set (this machine sets
    it), the app would otherwise compile every module it imports from source at every launch:
    150 ms more before the first study item, a cost no installed app pays and the peers, whose
    packages pip compiled, never do."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("quizapp")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        compileall.compile_dir(folder, quiet=1)


def child(script: Path, *args: str, timeout: float = 3600) -> dict[str, object]:
    """Run `python script args...` and return the JSON object it printed last (a measurement in a
    process of its own, so its memory and caches are its own)."""
    done = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{script.name} {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]
