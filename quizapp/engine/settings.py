"""A learner's settings: scheduling, daily limits, the study day and the look of the app.

Stored as JSON on the learner row. Each field is declared once below with its default, its check
and the explanation the settings screen shows. A plain dataclass (no pydantic) keeps this module
cheap to import: the home screen reads settings before its first paint.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from quizapp.errors import SettingsError

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> timedelta:
    """'90s', '10m', '1h' or '2d' as a timedelta."""
    match = _DURATION.match(text) if isinstance(text, str) else None
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{text!r} is not a duration like 1m, 10m, 1h or 1d")
    return timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


def _number(low: float, high: float, *, whole: bool) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("must be a whole number" if whole else "must be a number")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError("must be a whole number" if whole else "must be a number") from None
        if whole and number != int(number):
            raise ValueError("must be a whole number")
        if number < low:
            raise ValueError(f"must be at least {low:g}")
        if number > high:
            raise ValueError(f"must be at most {high:g}")
        return int(number) if whole else number

    return check


def _steps(value: Any) -> list[str]:
    if not isinstance(value, (list, tuple)) or len(value) > 10:
        raise ValueError("must be a list of up to 10 durations like 1m 10m")
    for step in value:
        if parse_duration(step) >= timedelta(days=1):
            raise ValueError(f"step {step!r} is a day or longer; steps are for the same day")
    return [str(step).strip() for step in value]


def _zone(value: Any) -> str | None:
    if value is None or value == "":
        return None
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not a time zone name like Europe/Paris or Asia/Tokyo") from None
    return str(value)


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("must be true or false")


def _theme(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a theme name")
    return value


def _parameters(value: Any) -> list[float] | None:
    if value is None:
        return None
    if not isinstance(value, (list, tuple)) or len(value) != 21:
        raise ValueError("FSRS-6 parameters are a list of 21 numbers")
    return [float(x) for x in value]


@dataclass(frozen=True)
class Setting:
    """One setting: how to check a value and what it means."""

    check: Callable[[Any], Any]
    explanation: str


# The explanation of every field, as shown in the app, and its check.
SETTINGS: dict[str, Setting] = {
    "desired_retention": Setting(
        _number(0.70, 0.99, whole=False),
        "The share of due reviews you aim to recall. Higher means more reviews and shorter intervals.",
    ),
    "learning_steps": Setting(_steps, "Waits between the first answers to a new item, before it moves to day-long intervals."),
    "relearning_steps": Setting(_steps, "Waits after you forget a review item, before it returns to day-long intervals."),
    "maximum_interval": Setting(_number(1, 36500, whole=True), "The longest wait, in days, between two reviews of an item."),
    "new_per_day": Setting(_number(0, 9999, whole=True), "How many new items to introduce per study day, across all decks."),
    "reviews_per_day": Setting(_number(0, 99999, whole=True), "The most review items to show per study day, across all decks."),
    "day_starts_at": Setting(
        _number(0, 23, whole=True),
        "The local hour at which a new study day begins (4 means 4 a.m., so late nights count as the day before).",
    ),
    "timezone": Setting(_zone, "Your time zone, for the study day. Empty means the system's time zone."),
    "leech_threshold": Setting(
        _number(1, 99, whole=True), "After this many lapses an item is tagged leech and suspended, so you can rewrite or drop it."
    ),
    "easy_seconds": Setting(
        _number(0, 300, whole=False),
        "An auto-graded answer that is right and given within this many seconds suggests Easy instead of Good.",
    ),
    "fuzz": Setting(_flag, "Spread review intervals slightly so items learned together do not stay due together."),
    "theme": Setting(_theme, "The colour theme of the app."),
    "parameters": Setting(_parameters, "FSRS parameters fitted to your reviews by `quizapp optimize`; empty means the defaults."),
}


@dataclass(frozen=True)
class Settings:
    """Per-learner settings; every value is checked on construction."""

    desired_retention: float = 0.90
    learning_steps: list[str] = field(default_factory=lambda: ["1m", "10m"])
    relearning_steps: list[str] = field(default_factory=lambda: ["10m"])
    maximum_interval: int = 36500
    new_per_day: int = 20
    reviews_per_day: int = 200
    day_starts_at: int = 4
    timezone: str | None = None
    leech_threshold: int = 8
    easy_seconds: float = 8.0
    fuzz: bool = True
    theme: str = "textual-dark"
    parameters: list[float] | None = None

    def __post_init__(self) -> None:
        for name, setting in SETTINGS.items():
            try:
                object.__setattr__(self, name, setting.check(getattr(self, name)))
            except ValueError as exc:
                raise SettingsError(f"{name}: {exc}") from None

    def as_dict(self) -> dict[str, Any]:
        """The settings as stored JSON."""
        return dataclasses.asdict(self)

    def learning_deltas(self) -> tuple[timedelta, ...]:
        """The learning steps as timedeltas."""
        return tuple(parse_duration(s) for s in self.learning_steps)

    def relearning_deltas(self) -> tuple[timedelta, ...]:
        """The relearning steps as timedeltas."""
        return tuple(parse_duration(s) for s in self.relearning_steps)

    def zone(self) -> ZoneInfo:
        """The learner's time zone: the setting, or the system's."""
        if self.timezone:
            return ZoneInfo(self.timezone)
        return system_zone()


@lru_cache(maxsize=1)
def system_zone() -> ZoneInfo:
    """The system's IANA time zone (TZ, then /etc/localtime), UTC when unknown. Looked up once
    per process: the home screen's first paint needs it, and tzlocal's imports alone took longer
    than the whole read of the first view; tzlocal is asked only where the two usual places say
    nothing (Windows, an /etc/localtime that is a copy rather than a link)."""
    name = _zone_name_from_the_system()
    if name is not None:
        try:
            return ZoneInfo(name)
        except (ValueError, OSError, ZoneInfoNotFoundError):
            pass  # not a zone this system knows: ask tzlocal
    try:
        from tzlocal import get_localzone_name

        name = get_localzone_name()
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except Exception:  # noqa: BLE001 - any failure to read the system zone falls back to UTC
        return ZoneInfo("UTC")


def _zone_name_from_the_system() -> str | None:
    """The zone's name from TZ (":Europe/Paris" or "Europe/Paris") or from the link
    /etc/localtime -> .../zoneinfo/Europe/Paris; None when neither names one."""
    tz = os.environ.get("TZ", "").removeprefix(":").strip()
    if tz:
        return tz.split("zoneinfo/", 1)[-1] if tz.startswith("/") else tz
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        return None
    return target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else None


def load(data: dict[str, Any] | None) -> Settings:
    """Settings from stored JSON; unknown keys are dropped and bad values fall back to defaults."""
    good: dict[str, Any] = {}
    for name, value in (data or {}).items():
        setting = SETTINGS.get(name)
        if setting is None:
            continue
        try:
            good[name] = setting.check(value)
        except ValueError:
            continue
    return Settings(**good)


def update(settings: Settings, name: str, value: Any) -> Settings:
    """A copy of `settings` with one field changed; SettingsError explains a bad value."""
    if name not in SETTINGS:
        raise SettingsError(f"unknown setting {name!r}; settings are: {', '.join(SETTINGS)}")
    return dataclasses.replace(settings, **{name: value})


def explain(name: str) -> str:
    """The explanation of a setting."""
    return SETTINGS[name].explanation
