"""Personalised FSRS parameters fitted to a learner's own review log with fsrs-rs-python.

The fitted parameters are compared with the current ones on held-out reviews (the latest 20% in
time, never seen by the fit) and adopted only if they predict those reviews better (lower log
loss). Then every item's memory state (stability, difficulty) is recomputed from its history with
the new parameters; due dates are kept, so nothing jumps in the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizapp.engine import settings as config
from quizapp.engine.profile import Profile
from quizapp.engine.replay import day_numbers, fsrs_item, histories, memory_states
from quizapp.store import learners, memory
from quizapp.store.database import Store

if TYPE_CHECKING:
    from fsrs_rs_python import FSRSItem

MIN_REVIEWS = 1000
HOLDOUT = 0.2


@dataclass(frozen=True)
class Evaluation:
    """How well parameters predict reviews."""

    log_loss: float
    rmse_bins: float


@dataclass(frozen=True)
class OptimizeResult:
    """What `quizapp optimize` found and did."""

    reviews: int  # long-term reviews usable for fitting
    adopted: bool
    message: str
    before: Evaluation | None = None
    after: Evaluation | None = None
    parameters: tuple[float, ...] | None = None
    items_updated: int = 0


def optimize(store: Store, profile: Profile) -> OptimizeResult:
    """Fit, compare on held-out reviews, and adopt the parameters if they are better."""
    import fsrs_rs_python as rs  # imported here: only this command needs it

    settings = profile.settings
    found = histories(memory.review_log(store, profile.id), day_numbers(settings.zone(), settings.day_starts_at))
    # One training example per long-term review (one on a later day than the previous review).
    examples: list[tuple[int, FSRSItem]] = []
    for reviews in found.values():
        for end in range(1, len(reviews)):
            if reviews[end][0] > reviews[end - 1][0]:
                examples.append((reviews[end][2], fsrs_item(rs, reviews[: end + 1])))
    if len(examples) < MIN_REVIEWS:
        return OptimizeResult(
            len(examples),
            False,
            f"{len(examples)} reviews on a later day than the one before; at least {MIN_REVIEWS} are needed to fit "
            "parameters reliably, so the current ones are kept. Keep studying and run this again later.",
        )
    examples.sort(key=lambda e: e[0])
    split = int(len(examples) * (1 - HOLDOUT))
    train = [e[1] for e in examples[:split]]
    test = [e[1] for e in examples[split:]]
    current = list(settings.parameters or rs.DEFAULT_PARAMETERS)
    fitted = rs.FSRS(current).compute_parameters(train)
    before = rs.FSRS(current).evaluate(test)
    after = rs.FSRS(fitted).evaluate(test)
    ev_before = Evaluation(before.log_loss, before.rmse_bins)
    ev_after = Evaluation(after.log_loss, after.rmse_bins)
    if not after.log_loss < before.log_loss:
        return OptimizeResult(
            len(examples),
            False,
            "The fitted parameters do not predict your recent reviews better; the current ones are kept.",
            ev_before,
            ev_after,
        )
    final = [float(x) for x in rs.FSRS(current).compute_parameters([e[1] for e in examples])]
    states = memory_states(found, final)
    memory.set_memory(store, profile.id, [(item_id, s, d) for item_id, (s, d) in states.items()])
    updated = len(states)
    learners.save_settings(store, profile.id, config.update(settings, "parameters", final).as_dict())
    return OptimizeResult(
        len(examples), True, "Adopted parameters fitted to your reviews.", ev_before, ev_after, tuple(final), updated
    )

