"""FSRS memory states replayed from a review history with fsrs-rs (used by `quizapp optimize`
and by imports that bring a review log along). Pure: histories in, memory states out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from fsrs_rs_python import FSRSItem

History = list[tuple[int, int, int]]  # an item's reviews as (study day, rating, instant), oldest first


def day_numbers(zone: ZoneInfo, starts_at: int) -> Callable[[int], int]:
    """Instant -> study-day number, with the zone offset looked up once per hour."""
    offsets: dict[int, int] = {}

    def day(instant: int) -> int:
        hour = instant // 3600
        offset = offsets.get(hour)
        if offset is None:
            moment = datetime.fromtimestamp(instant, tz=UTC).astimezone(zone)
            offset = int(moment.utcoffset().total_seconds())  # type: ignore[union-attr]
            offsets[hour] = offset
        return (instant + offset - starts_at * 3600) // 86400

    return day


def histories(log: Iterable[tuple[int, int, int]], day: Callable[[int], int]) -> dict[int, History]:
    """Per item, its reviews as (study day, rating, instant), from (item, instant, rating) rows
    ordered by item then time."""
    found: dict[int, History] = {}
    for item_id, at, rating in log:
        found.setdefault(item_id, []).append((day(at), rating, at))
    return found


def fsrs_item(rs: Any, reviews: History) -> FSRSItem:
    """An item's answers as fsrs-rs wants them: rating and days since the previous answer."""
    item: FSRSItem = rs.FSRSItem(
        [rs.FSRSReview(rating, day - reviews[k - 1][0] if k else 0) for k, (day, rating, _) in enumerate(reviews)]
    )
    return item


def memory_states(found: dict[int, History], parameters: list[float] | None) -> dict[int, tuple[float, float]]:
    """Stability and difficulty of every item after its history, with the given parameters
    (FSRS's defaults when None)."""
    import fsrs_rs_python as rs  # imported here: only optimize and history imports need it

    model = rs.FSRS(list(parameters or rs.DEFAULT_PARAMETERS))
    ids = list(found)
    states = model.memory_state_batch([fsrs_item(rs, reviews) for reviews in found.values()]) if ids else []
    return {item_id: (float(st.stability), float(st.difficulty)) for item_id, st in zip(ids, states, strict=True)}
