"""How often and how late the core retries a platform call."""

from __future__ import annotations

from dataclasses import dataclass


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
