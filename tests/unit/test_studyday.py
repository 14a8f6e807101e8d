"""The study day: it flips at the configured local hour, DST changes included."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.engine.studyday import DayClock

ZONES = ["UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Tokyo", "America/Santiago"]


def local(instant: int, zone: str) -> datetime:
    return datetime.fromtimestamp(instant, tz=UTC).astimezone(ZoneInfo(zone))


def exists(wall: datetime, zone: str) -> bool:
    """True when a local wall-clock time happens in `zone` (it is not inside a DST gap)."""
    aware = wall.replace(tzinfo=ZoneInfo(zone))
    return aware.astimezone(UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None) == wall


@given(st.integers(1_600_000_000, 1_900_000_000), st.sampled_from(ZONES), st.integers(0, 23))
def test_every_instant_lies_in_its_study_day(instant: int, zone: str, hour: int) -> None:
    clock = DayClock(ZoneInfo(zone), hour)
    day = clock.day_of(instant)
    assert day.start <= instant < day.end
    assert clock.day_of(day.end).start == day.end  # days tile the time line
    assert 22 * 3600 <= day.end - day.start <= 26 * 3600
    # The day starts at the configured local hour; when a spring-forward gap swallows that hour,
    # at the first instant after the gap (at most an hour later).
    start_local = local(day.start, zone).replace(tzinfo=None)
    wanted = datetime.combine(day.day, time(hour))
    if exists(wanted, zone):
        assert start_local == wanted
    else:
        assert wanted < start_local <= wanted + timedelta(hours=1)


@given(st.sampled_from(ZONES), st.integers(0, 23), st.integers(1_600_000_000, 1_900_000_000))
def test_day_flips_exactly_at_the_hour(zone: str, hour: int, instant: int) -> None:
    clock = DayClock(ZoneInfo(zone), hour)
    day = clock.day_of(instant)
    assert clock.day_of(day.end - 1).day == day.day
    assert clock.day_of(day.end).day > day.day


def test_dst_days_are_23_and_25_hours_long() -> None:
    clock = DayClock(ZoneInfo("Europe/Paris"), 4)
    spring = clock.day_of(clock.start_of(date(2026, 3, 28)) + 60)  # clocks go forward on the 29th at 2:00
    assert (spring.end - spring.start) == 23 * 3600
    autumn = clock.day_of(clock.start_of(date(2026, 10, 24)) + 60)  # back on the 25th at 3:00
    assert (autumn.end - autumn.start) == 25 * 3600
    assert local(autumn.end, "Europe/Paris").hour == 4


def test_late_night_counts_as_the_day_before() -> None:
    clock = DayClock(ZoneInfo("Asia/Tokyo"), 4)
    at_3am = int(datetime(2026, 5, 2, 3, 30, tzinfo=ZoneInfo("Asia/Tokyo")).timestamp())
    at_5am = int(datetime(2026, 5, 2, 5, 0, tzinfo=ZoneInfo("Asia/Tokyo")).timestamp())
    assert clock.day_of(at_3am).day == date(2026, 5, 1)
    assert clock.day_of(at_5am).day == date(2026, 5, 2)


def test_days_back() -> None:
    clock = DayClock(ZoneInfo("UTC"), 0)
    days = clock.days_back(86400 * 10 + 5, 3)
    assert [d.day.day for d in days] == [9, 10, 11]
    assert all(a.end == b.start for a, b in itertools.pairwise(days))


@pytest.mark.parametrize(("tz", "zone"), [(":Asia/Tokyo", "Asia/Tokyo"), ("America/Lima", "America/Lima"),
                                          ("/usr/share/zoneinfo/Europe/Oslo", "Europe/Oslo"), ("Nowhere/Atlantis", "UTC")])
def test_the_system_zone_is_read_from_tz_without_tzlocal(monkeypatch: pytest.MonkeyPatch, tz: str, zone: str) -> None:
    from quizapp.engine.settings import system_zone

    monkeypatch.setenv("TZ", tz)
    system_zone.cache_clear()
    try:
        assert system_zone().key in (zone, f"Etc/{zone}")
    finally:
        system_zone.cache_clear()  # looked up once per process: the next test reads TZ again
