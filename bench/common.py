"""Shared helpers for the benchmarks: timing medians and printing TARGET lines."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


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


def target(name: str, measured: float, goal: float, unit: str = "x", *, lower_is_better: bool = True) -> bool:
    """Print one `TARGET name measured goal PASS|FAIL` line and return whether it passed."""
    ok = measured <= goal if lower_is_better else measured >= goal
    print(f"TARGET {name} {measured:.3g}{unit} {goal:g}{unit} {'PASS' if ok else 'FAIL'}")
    return ok


def bench_profile(store: object, name: str = "bench") -> object:
    """The benchmark's learner (created on first use) as the engine sees them."""
    from quizapp.learning import profile_of
    from quizapp.store import learners

    return profile_of(learners.learner(store, name))  # type: ignore[arg-type]
