"""Retrying a platform call with exponential backoff, logging every failure."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger("drillbot.retry")


@dataclass(frozen=True)
class RetryPolicy:
    """For the core's sends: a failed try is retried at once only while the backoff is
    zero (`attempts` tries in one call); otherwise the next attempt time is written to
    the database (bot/faults.py). After `give_up_after` failed calls the step stops
    and its channel pauses, as for a permanent refusal."""

    attempts: int = 3
    base_delay: float = 30.0
    max_delay: float = 1800.0
    give_up_after: int = 10

    def delay(self, attempt: int) -> float:
        return min(self.max_delay, self.base_delay * 2 ** (attempt - 1))


async def with_retries(call: Callable[[], Awaitable[T]], policy: RetryPolicy, what: str) -> T:
    """Run `call` until it succeeds or the attempts run out; the last error is raised."""
    for attempt in range(1, policy.attempts + 1):
        try:
            return await call()
        except Exception as exc:
            if attempt == policy.attempts:
                log.warning("%s failed after %d attempts: %s", what, attempt, exc)
                raise
            delay = policy.delay(attempt)
            log.warning("%s failed (attempt %d/%d): %s; retrying in %.1fs", what, attempt, policy.attempts, exc, delay)
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover
