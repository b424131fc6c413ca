"""The durable inbox's rows: whatever a platform was told we received is first a row here.

An adapter writes the row (one small insert) before it answers the platform, then
hands the row to a worker. Processing takes a short lease on the row, so of all the
processes that see it pending only one works on it at a time, and marks it done after.
A crash, a deploy or a dropped database connection between the two leaves the row
pending; the pump of whichever process is alive finds it once its lease has run out
and processes it again. The core's own constraints (a message id counts once) make a
second run of a half-done row harmless. Rows hold user text: they are never logged.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Engine, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError, StatementError
from sqlmodel import Session, col

from bot.db.engine import POLL
from bot.db.models import InboxItem, table_of

T = TypeVar("T")
log = logging.getLogger("drillbot.inbox")


def describe(error: BaseException) -> str:
    """An error for the log without the statement's parameters (they hold user text)."""
    if isinstance(error, StatementError):
        return f"{type(error).__name__} ({type(error.orig).__name__})"
    return repr(error)[:300]


def is_transient(error: BaseException) -> bool:
    """A database error worth retrying: the connection dropped, the server restarted,
    SQLite was busy. Integrity and programming errors are not."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


@dataclass(frozen=True)
class InboxPolicy:
    lease: timedelta = timedelta(seconds=30)  # a dead worker's rows are taken over after this
    max_attempts: int = 8  # processing attempts before a row is set aside as failed
    db_retries: int = 6  # tries of one database step on a transient error
    base_delay: float = 0.05  # backoff between those tries, doubling
    settle: timedelta = timedelta(seconds=2)  # the pump leaves rows this fresh to their own worker
    keep: timedelta = timedelta(days=2)  # done rows are pruned after this

    def delay(self, attempt: int) -> float:
        return min(2.0, self.base_delay * 2 ** (attempt - 1))


class Arrival(NamedTuple):
    """What a platform sent, to be stored: `workspace` is the platform's id of the
    tenant (Slack team, Discord guild) when the event names one, so deleting the
    workspace deletes its rows too (bot/usecases/tenancy.py)."""

    key: str
    kind: str
    payload: dict[str, Any]
    workspace: str | None = None


@dataclass(frozen=True)
class Item:
    id: int
    kind: str
    payload: dict[str, Any]


def utc_now() -> datetime:
    """Leases measure real time (whether a process is alive), never a virtual clock."""
    return datetime.now(UTC)


class Inbox:
    """The rows of one source (platform). Every method is synchronous and retried on
    transient database errors; adapters call them off their event loop."""

    def __init__(self, engine: Engine, source: str, policy: InboxPolicy | None = None) -> None:
        self.engine = engine
        self.source = source
        self.policy = policy or InboxPolicy()
        self._storing = engine.execution_options(**POLL)  # an arrival waits on its insert: no lock backoff
        # One statement, compiled once, whatever the batch's size (the rows go as its parameters): at an
        # ack's pace, compiling a fresh multi-row INSERT each time cost more than the commit.
        table = table_of(InboxItem)
        dialect_insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        self._insert = (
            dialect_insert(table)
            .on_conflict_do_nothing(index_elements=["source", "key"])
            .returning(table.c.id, table.c.key)
        )

    def _retrying(self, step: Callable[[], T], what: str) -> T:
        for attempt in range(1, self.policy.db_retries + 1):
            try:
                return step()
            except Exception as error:
                if not is_transient(error) or attempt == self.policy.db_retries:
                    raise
                log.warning("inbox: %s failed (%s), retry %d", what, type(error).__name__, attempt)
                time.sleep(self.policy.delay(attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def put(self, key: str, kind: str, payload: dict[str, Any], workspace: str | None = None) -> int | None:
        """Store an arrival; None when (source, key) is stored already (a redelivery)."""
        (stored,) = self.put_many([Arrival(key, kind, payload, workspace)])
        if isinstance(stored, Exception):
            raise stored
        return stored

    def put_many(self, arrivals: list[Arrival]) -> list[int | None | Exception]:
        """Store several arrivals in one transaction (one commit, one disk flush): the id
        of each, None for one stored already, or the error of one the database refused
        (the others are stored all the same). One INSERT ... ON CONFLICT DO NOTHING for
        all of them; only when the database refuses it are they stored one by one."""

        def insert() -> list[int | None | Exception]:
            try:
                return self._insert_all(arrivals)
            except DBAPIError as error:
                if is_transient(error):
                    raise
            return self._insert_each(arrivals)

        return self._retrying(insert, "storing arrivals")

    def _row(self, arrival: Arrival) -> dict[str, Any]:
        key, kind, payload, workspace = arrival
        return {
            "source": self.source, "key": key, "kind": kind, "payload": payload, "workspace_external_id": workspace,
            "status": "pending", "attempts": 0, "received_at": utc_now(),
        }

    def _insert_all(self, arrivals: list[Arrival]) -> list[int | None | Exception]:
        with self._storing.begin() as conn:
            stored = {row.key: row.id for row in conn.execute(self._insert, [self._row(a) for a in arrivals])}
        # A key twice in one batch (a redelivery that came at once) is stored for the first.
        return [stored.pop(arrival.key, None) for arrival in arrivals]

    def _insert_each(self, arrivals: list[Arrival]) -> list[int | None | Exception]:
        ids: list[int | None | Exception] = []
        with Session(self._storing) as session:
            for arrival in arrivals:
                row = InboxItem(**self._row(arrival))  # not validated: the database says what it refuses
                try:
                    with session.begin_nested():
                        session.add(row)
                    ids.append(row.id)
                except IntegrityError:
                    ids.append(None)
                except DBAPIError as error:
                    if is_transient(error):
                        raise
                    ids.append(error)
            session.commit()
        return ids

    def claim(self, item_id: int) -> bool:
        """Take the lease on a pending row nobody holds; counts the attempt."""

        def take() -> bool:
            now = utc_now()
            with self.engine.begin() as conn:
                result = conn.execute(
                    update(InboxItem)
                    .where(
                        col(InboxItem.id) == item_id,
                        col(InboxItem.status) == "pending",
                        or_(col(InboxItem.claim_until).is_(None), col(InboxItem.claim_until) < now),
                    )
                    .values(claim_until=now + self.policy.lease, attempts=col(InboxItem.attempts) + 1)
                )
            return result.rowcount == 1

        return self._retrying(take, "claiming")

    def finish(self, item_id: int, status: str = "done") -> None:
        def mark() -> None:
            now = utc_now()
            with self.engine.begin() as conn:
                conn.execute(
                    update(InboxItem)
                    .where(col(InboxItem.id) == item_id)
                    .values(status=status, done_at=now, claim_until=None)
                )

        self._retrying(mark, "marking done")

    def release(self, item_ids: list[int]) -> None:
        """Give leases back (a failed attempt, or a shutdown): the rows are due at once."""
        if not item_ids:
            return

        def give_back() -> None:
            with self.engine.begin() as conn:
                conn.execute(
                    update(InboxItem)
                    .where(col(InboxItem.id).in_(item_ids), col(InboxItem.status) == "pending")
                    .values(claim_until=None)
                )

        self._retrying(give_back, "releasing")

    def attempts(self, item_id: int) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(col(InboxItem.attempts)).where(col(InboxItem.id) == item_id)).scalar_one()

    def due(self, limit: int = 100) -> list[Item]:
        """Pending rows nobody holds, oldest first, except those that just arrived
        (their own worker is about to take them)."""

        def read() -> list[Item]:
            now = utc_now()
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(col(InboxItem.id), col(InboxItem.kind), col(InboxItem.payload))
                    .where(
                        col(InboxItem.source) == self.source,
                        col(InboxItem.status) == "pending",
                        or_(col(InboxItem.claim_until).is_(None), col(InboxItem.claim_until) < now),
                        col(InboxItem.received_at) < now - self.policy.settle,
                    )
                    .order_by(col(InboxItem.id))
                    .limit(limit)
                ).all()
            return [Item(row.id, row.kind, row.payload) for row in rows]

        return self._retrying(read, "listing due rows")

    def prune(self) -> int:
        """Delete rows done (or failed) longer ago than the policy keeps them."""

        def remove() -> int:
            with self.engine.begin() as conn:
                result = conn.execute(
                    delete(InboxItem).where(
                        col(InboxItem.source) == self.source,
                        col(InboxItem.done_at) < utc_now() - self.policy.keep,
                    )
                )
            return result.rowcount

        return self._retrying(remove, "pruning")

    async def process(self, item: Item, work: Callable[[], Awaitable[None]]) -> bool:
        """Run `work` for the row under its lease and mark it done. False when another
        worker holds it or has done it. A transient database error inside `work` is
        retried here with backoff (the core's steps are idempotent); any other error
        gives the lease back for a later attempt, until the attempts run out. Runs off
        the acknowledging event loop (a core worker thread or process), like the core."""
        if not self.claim(item.id):
            return False
        for attempt in range(1, self.policy.db_retries + 1):
            try:
                await work()
                break
            except Exception as error:
                if is_transient(error) and attempt < self.policy.db_retries:
                    log.warning("inbox %s: database error (%s), retry %d", item.id, type(error).__name__, attempt)
                    await asyncio.sleep(self.policy.delay(attempt))
                    continue
                self._failed(item, error)
                return False
        self.finish(item.id)
        return True

    def _failed(self, item: Item, error: Exception) -> None:
        # The error's type and message only: a payload holds user text and never reaches the log.
        attempts, reason = self.attempts(item.id), describe(error)
        if attempts >= self.policy.max_attempts:
            log.error("inbox %s (%s) failed %d times, set aside: %s", item.id, item.kind, attempts, reason)
            self.finish(item.id, "failed")
        else:
            log.warning("inbox %s (%s) failed (attempt %d), will retry: %s", item.id, item.kind, attempts, reason)
            self.release([item.id])
