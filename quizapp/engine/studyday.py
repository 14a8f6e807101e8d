"""The study day: when "today" starts and ends for a learner, in their local time.

A study day starts at a configured local hour (4 a.m. by default) rather than midnight, so a
late-night session counts as the day before. Computed with IANA zones, so the day boundaries
stay at the right wall-clock hour across daylight-saving changes (days of 23 or 25 hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class StudyDay:
    """One study day: its date and its bounds as epoch seconds, [start, end)."""

    day: date
    start: int
    end: int


class DayClock:
    """Maps instants to study days for one zone and starting hour."""

    def __init__(self, zone: ZoneInfo, starts_at: int = 4) -> None:
        self.zone = zone
        self.starts_at = starts_at

    def start_of(self, day: date) -> int:
        """The instant (epoch seconds) at which study day `day` begins."""
        local = datetime.combine(day, time(self.starts_at), tzinfo=self.zone)
        # A start hour inside a spring-forward gap resolves to the first instant after it.
        return int(local.astimezone(UTC).timestamp())

    def day_of(self, instant: int) -> StudyDay:
        """The study day containing `instant`."""
        local = datetime.fromtimestamp(instant, tz=UTC).astimezone(self.zone)
        day = local.date()
        start = self.start_of(day)
        if instant < start:
            day -= timedelta(days=1)
            start = self.start_of(day)
        return StudyDay(day, start, self.start_of(day + timedelta(days=1)))

    def days_back(self, instant: int, count: int) -> list[StudyDay]:
        """The `count` study days ending with the one containing `instant`, oldest first."""
        today = self.day_of(instant).day
        days = [today - timedelta(days=i) for i in range(count - 1, -1, -1)]
        starts = [self.start_of(d) for d in days] + [self.start_of(today + timedelta(days=1))]
        return [StudyDay(d, starts[i], starts[i + 1]) for i, d in enumerate(days)]
