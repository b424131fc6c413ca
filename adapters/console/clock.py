"""`/clock +8h` in local mode: the step a person typed, checked. The clock it moves is
bot.local_mode.SavedClock, kept in the database so a restart (or a crash) resumes on the
same virtual day and answers land in that day's round.
Moves are forward only (rounds and points already recorded cannot be undone) and at most
366 days at a time, so a typo cannot jump centuries ahead.
"""

from __future__ import annotations

import re
from datetime import timedelta

MAX_STEP = timedelta(days=366)
STEP = re.compile(r"^([+-]?)(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")
USAGE = "Usage: /clock +8h (forward only; days d, hours h, minutes m; for example +1d, +90m, +2h30m; at most +366d)"


class ClockStepError(ValueError):
    """A `/clock` step the console refuses; the message says why and what works."""


def parse_step(text: str) -> timedelta:
    """`+8h`, `1d`, `+2h30m` -> a positive timedelta of at most 366 days."""
    match = STEP.match(text.strip().lower())
    if not match or not any(match.groups()[1:]):
        raise ClockStepError(USAGE)
    sign, days, hours, minutes = match.groups()
    step = timedelta(days=int(days or 0), hours=int(hours or 0), minutes=int(minutes or 0))
    if sign == "-":
        raise ClockStepError(
            f"The clock only moves forward: answers and points already recorded cannot be undone. {USAGE}"
        )
    if not step:
        raise ClockStepError(f"That moves the clock by nothing. {USAGE}")
    if step > MAX_STEP:
        raise ClockStepError(f"{text.strip()} is more than 366 days; move at most +366d at a time.")
    return step
