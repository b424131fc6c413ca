"""Short leases on a row's next step (post a round, post a summary), so that of all
the workers and processes that see the step due, one does it at a time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import Session, col

from bot.db.engine import rowcount

LEASE = timedelta(minutes=2)


def claim(session: Session, table: Any, row_id: int, status: str, now: datetime) -> bool:
    """Take the lease if the row is in `status` and nobody holds a live lease."""
    result = session.execute(
        update(table)
        .where(
            col(table.id) == row_id,
            col(table.status) == status,
            or_(col(table.claim_until).is_(None), col(table.claim_until) < now),
        )
        .values(claim_until=now + LEASE)
    )
    return rowcount(result) == 1


def release(session: Session, table: Any, row_id: int) -> None:
    """Give the lease back after a failed attempt, counting the attempt."""
    session.execute(update(table).where(col(table.id) == row_id).values(claim_until=None, attempts=table.attempts + 1))


def was_tried(row: Any) -> bool:
    """Whether a worker has attempted the row's step before (it failed, or it died
    holding the lease): the step may have reached the platform already."""
    return row.claim_until is not None or row.attempts > 0
