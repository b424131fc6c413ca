"""What the core does when a platform refuses a send (issue 13, item 4).

Permanent: the channel stops (paused, with the reason a person can act on), and the
person who asked, or the admin who set the schedule, is told once. Transient: the row's
next attempt time is its lease end (`claim_until`), so no tick sleeps and no other
channel waits; after `give_up_after` failed tries it counts as permanent.
`/drill schedule resume` clears the reason and makes the channel's stuck steps due.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import Session, col

from bot.chat.errors import PermanentSendError, SendError, TransientSendError
from bot.db.engine import rowcount
from bot.db.models import Channel, Round, WeeklySummary
from bot.retry import RetryPolicy

REASON_LIMIT = 300


def classify(error: BaseException) -> SendError:
    """An adapter's own error classes pass through; anything else (a dropped connection,
    a bug in a fake) is treated as transient, so it is retried with backoff."""
    if isinstance(error, SendError):
        return error
    return TransientSendError(f"{type(error).__name__}: {error}"[:200])


def hint_for(error: PermanentSendError, channel: Channel) -> str:
    where = f"#{channel.name}" if channel.name else "this channel"
    return error.hint.replace("{channel}", where)[:REASON_LIMIT]


def next_delay(policy: RetryPolicy, attempt: int, error: TransientSendError) -> timedelta:
    """Exponential backoff, never shorter than the platform's Retry-After."""
    return timedelta(seconds=max(policy.delay(attempt), error.retry_after or 0.0))


def defer(session: Session, table: Any, row_id: int, now: datetime, delay: timedelta) -> None:
    """Give the lease back after a failed try, due again after `delay` (the next attempt
    time is the lease's end, which every claim already respects)."""
    session.execute(
        update(table)
        .where(col(table.id) == row_id)
        .values(claim_until=now + delay if delay > timedelta(0) else None, attempts=table.attempts + 1)
    )


def pause_channel(session: Session, channel_id: int, reason: str) -> bool:
    """Stop the channel with `reason`. True only for the call that stopped it, so the
    person to tell is told once."""
    result = session.execute(
        update(Channel)
        .where(col(Channel.id) == channel_id, col(Channel.paused_reason).is_(None))
        .values(paused=True, paused_reason=reason[:REASON_LIMIT])
    )
    return rowcount(result) == 1


def resume_channel(session: Session, channel_id: int) -> None:
    """`schedule resume`: clear the reason and make the channel's stuck steps due now.
    A tried step keeps one attempt, so its next try still asks the platform first
    whether the earlier one landed (bot/send_once.py)."""
    session.execute(update(Channel).where(col(Channel.id) == channel_id).values(paused_reason=None))
    for table in (Round, WeeklySummary):
        session.execute(
            update(table)
            .where(col(table.channel_id) == channel_id, col(table.status).in_(("pending", "posted", "revealed")))
            .where(or_(col(table.attempts) > 0, col(table.claim_until).is_not(None)))
            .values(attempts=1, claim_until=None)
        )
