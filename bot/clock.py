"""Time sources. The core asks a Clock for `now()` so tests and local mode can move time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class VirtualClock:
    """A clock that runs with real time from a start point and can be pushed forward."""

    def __init__(self, start: datetime | None = None, *, frozen: bool = False) -> None:
        self._offset = timedelta(0)
        self._start = start or datetime.now(UTC)
        self._real_start = datetime.now(UTC)
        self._frozen = frozen

    def now(self) -> datetime:
        elapsed = timedelta(0) if self._frozen else datetime.now(UTC) - self._real_start
        return self._start + elapsed + self._offset

    def advance(self, delta: timedelta) -> None:
        self._offset += delta
