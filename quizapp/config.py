"""A learner's settings: scheduling, daily limits, the study day and the look of the app.

Stored as JSON on the learner row and validated here, so every field has one definition,
one range and one explanation (shown by the settings screen).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from quizapp.errors import SettingsError

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> timedelta:
    """'90s', '10m', '1h' or '2d' as a timedelta."""
    match = _DURATION.match(text)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{text!r} is not a duration like 1m, 10m, 1h or 1d")
    return timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


def _steps(values: list[str]) -> list[str]:
    for value in values:
        if parse_duration(value) >= timedelta(days=1):
            raise ValueError(f"step {value!r} is a day or longer; steps are for the same day")
    return [v.strip() for v in values]


def _zone(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not a time zone name like Europe/Paris or Asia/Tokyo") from None
    return value


def _parameters(values: list[float] | None) -> list[float] | None:
    if values is not None and len(values) != 21:
        raise ValueError("FSRS-6 parameters are a list of 21 numbers")
    return values


class Settings(BaseModel):
    """Per-learner settings. Each field's docstring is the explanation shown in the app."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True, use_attribute_docstrings=True)

    desired_retention: float = Field(0.90, ge=0.70, le=0.99)
    """The share of due reviews you aim to recall. Higher means more reviews and shorter intervals."""

    learning_steps: Annotated[list[str], AfterValidator(_steps)] = Field(default_factory=lambda: ["1m", "10m"], max_length=10)
    """Waits between the first answers to a new item, before it moves to day-long intervals."""

    relearning_steps: Annotated[list[str], AfterValidator(_steps)] = Field(default_factory=lambda: ["10m"], max_length=10)
    """Waits after you forget a review item, before it returns to day-long intervals."""

    maximum_interval: int = Field(36500, ge=1, le=36500)
    """The longest wait, in days, between two reviews of an item."""

    new_per_day: int = Field(20, ge=0, le=9999)
    """How many new items to introduce per study day, across all decks."""

    reviews_per_day: int = Field(200, ge=0, le=99999)
    """The most review items to show per study day, across all decks."""

    day_starts_at: int = Field(4, ge=0, le=23)
    """The local hour at which a new study day begins (4 means 4 a.m., so late nights count as the day before)."""

    timezone: Annotated[str | None, AfterValidator(_zone)] = None
    """Your time zone, for the study day. Empty means the system's time zone."""

    leech_threshold: int = Field(8, ge=1, le=99)
    """After this many lapses an item is tagged leech and suspended, so you can rewrite or drop it."""

    easy_seconds: float = Field(8.0, ge=0, le=300)
    """An auto-graded answer that is right and given within this many seconds suggests Easy instead of Good."""

    fuzz: bool = True
    """Spread review intervals slightly so items learned together do not stay due together."""

    theme: str = "textual-dark"
    """The colour theme of the app."""

    parameters: Annotated[list[float] | None, AfterValidator(_parameters)] = None
    """FSRS parameters fitted to your reviews by `quizapp optimize`; empty means the defaults."""

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


def system_zone() -> ZoneInfo:
    """The system's IANA time zone (tzlocal reads TZ and /etc/localtime), UTC when unknown."""
    try:
        from tzlocal import get_localzone_name

        name = get_localzone_name()
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except Exception:  # noqa: BLE001 - any failure to read the system zone falls back to UTC
        return ZoneInfo("UTC")


def load(data: dict[str, Any]) -> Settings:
    """Settings from stored JSON; unknown keys are dropped and bad values fall back to defaults."""
    try:
        return Settings.model_validate(data)
    except ValidationError:
        good = {}
        for key, value in data.items():
            try:
                Settings.model_validate({key: value})
                good[key] = value
            except ValidationError:
                continue
        return Settings.model_validate(good)


def update(settings: Settings, name: str, value: Any) -> Settings:
    """A copy of `settings` with one field changed; SettingsError explains a bad value."""
    if name not in Settings.model_fields:
        raise SettingsError(f"unknown setting {name!r}; settings are: {', '.join(Settings.model_fields)}")
    try:
        return Settings.model_validate({**settings.model_dump(), name: value})
    except ValidationError as exc:
        raise SettingsError(f"{name}: {_message(exc.errors(include_url=False)[0])}") from None


def _message(error: Any) -> str:
    """A validation error in plain words."""
    kind, ctx = error["type"], error.get("ctx", {})
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}"
    if kind in ("float_parsing", "float_type"):
        return "must be a number"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number"
    if kind == "too_long":
        return f"at most {ctx.get('max_length')} values"
    return str(error["msg"]).removeprefix("Value error, ")


def explain(name: str) -> str:
    """The explanation of a setting."""
    return Settings.model_fields[name].description or ""
