"""Prompts shuffle with a generator seeded on its first draw (quizapp.cards.SeededOnUse): every
learner must still see the order random.Random(seed) gave, or choice orders would change under
them between versions."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from quizapp.cards import SeededOnUse


@given(seed=st.integers(min_value=0, max_value=2**128), size=st.integers(min_value=0, max_value=30))
def test_a_generator_seeded_on_use_draws_as_one_seeded_at_once(seed: int, size: int) -> None:
    lazy, eager = SeededOnUse(seed), random.Random(seed)
    items = list(range(size))
    assert lazy.sample(items, len(items)) == eager.sample(items, len(items))
    first, second = list(items), list(items)
    lazy.shuffle(first)
    eager.shuffle(second)
    assert first == second
    assert (lazy.random(), lazy.randrange(1, 10**20), lazy.gauss(0, 1)) == (eager.random(), eager.randrange(1, 10**20),
                                                                              eager.gauss(0, 1))


def test_a_generator_that_never_draws_is_never_seeded() -> None:
    unused = SeededOnUse(7)
    assert unused._pending == 7
    unused.choice("abc")
    assert unused._pending is None


def test_a_generator_seeded_on_use_keeps_random_randoms_state_and_seeding() -> None:
    lazy, eager = SeededOnUse(11), random.Random(11)
    assert lazy.getstate() == eager.getstate()  # before any draw
    reseeded = SeededOnUse(11)
    reseeded.seed(12)  # a seed given later wins
    assert reseeded.random() == random.Random(12).random()
    restored = SeededOnUse(13)
    restored.setstate(random.Random(14).getstate())
    assert restored.random() == random.Random(14).random()
