"""The values a channel's schedule is made of, shared by the `/drill schedule` parser
(which builds them) and the schedule use cases (which apply them), so neither imports
the other."""

from __future__ import annotations

from dataclasses import dataclass

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_WEEKDAYS = "mon,tue,wed,thu,fri"  # what `schedule set` means when it names no days
DEFAULT_REVEAL_AFTER_MINUTES = 8 * 60


@dataclass(frozen=True)
class ScheduleChange:
    """Only the fields the admin typed are set; `schedule set` gives the rest their
    documented defaults (see schedules.apply_change), except the time zone, which stays."""

    post_time: str | None = None
    timezone: str | None = None
    weekdays: str | None = None
    reveal_time: str | None = None
    reveal_after_minutes: int | None = None
    topics: list[str] | None = None
    difficulties: list[int] | None = None
    answers: str | None = None  # thread | private
    pick: str | None = None  # adaptive | random
