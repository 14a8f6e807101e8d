"""The fault harness in its short form (bench/bench_faults.py runs the long one): answers killed
with SIGKILL at random moments, concurrent writers, hostile input. Nothing lost, nothing damaged,
every item's state its review log replayed."""

from __future__ import annotations

import sys

import pytest

from bench.bench_faults import DECKS, run


@pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL")
def test_the_fault_harness_finds_nothing() -> None:
    results = run(trials=6, writers=4, seconds=1.5, decks=[DECKS], longest=0.5)
    for name, figures in results.items():
        assert figures.ok, (name, figures.errors[:5])
    assert results["kill -9"].acknowledged > 0 and results["concurrent writers"].acknowledged > 0
