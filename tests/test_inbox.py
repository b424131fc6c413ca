"""The durable inbox on the database under test: an arrival is stored once, one worker
at a time holds it, a dead worker's lease runs out, database errors are retried, a row
that keeps failing is set aside, done rows are pruned."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from bot.db.models import InboxItem
from bot.inbox import GroupWriter, Inbox, InboxPolicy, Item, utc_now
from tests.conftest import is_postgres

FAST = InboxPolicy(lease=timedelta(seconds=30), base_delay=0, settle=timedelta(0), max_attempts=3)


def rows(engine) -> list[InboxItem]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return list(session.exec(select(InboxItem).order_by(col(InboxItem.id))))


def test_an_arrival_is_stored_once_and_held_by_one_worker(engine) -> None:  # type: ignore[no-untyped-def]
    inbox = Inbox(engine, "slack", FAST)
    first = inbox.put("event:Ev1", "message", {"args": ["hello"]})
    assert first is not None and inbox.put("event:Ev1", "message", {"args": ["hello"]}) is None
    assert Inbox(engine, "discord", FAST).put("event:Ev1", "reply", {}) is not None  # another platform's key space
    assert [i.id for i in inbox.due()] == [first]
    assert inbox.claim(first) and not inbox.claim(first)
    assert inbox.due() == []  # held
    with Session(engine) as session:  # the holder died: its lease ran out
        session.execute(update(InboxItem).values(claim_until=utc_now() - timedelta(seconds=1)))
        session.commit()
    assert [i.id for i in inbox.due()] == [first] and inbox.claim(first)
    inbox.finish(first)
    assert inbox.due() == [] and not inbox.claim(first)


async def test_processing_retries_database_errors_and_sets_a_failing_row_aside(engine) -> None:  # type: ignore[no-untyped-def]
    inbox = Inbox(engine, "slack", FAST)
    flaky = Item(inbox.put("k1", "message", {}), "message", {})  # type: ignore[arg-type]
    calls = []

    async def drops_twice() -> None:
        calls.append(1)
        if len(calls) <= 2:
            raise OperationalError("select 1", {}, Exception("server closed the connection unexpectedly"))

    assert await inbox.process(flaky, drops_twice) and len(calls) == 3
    assert rows(engine)[0].status == "done"

    broken = Item(inbox.put("k2", "message", {}), "message", {})  # type: ignore[arg-type]

    async def bug() -> None:
        raise ValueError("a bug, not the database")

    for _ in range(FAST.max_attempts):
        assert not await inbox.process(broken, bug)
    assert [(r.key, r.status, r.attempts) for r in rows(engine)] == [("k1", "done", 1), ("k2", "failed", 3)]


def test_done_rows_are_pruned_after_a_while(engine) -> None:  # type: ignore[no-untyped-def]
    inbox = Inbox(engine, "slack", FAST)
    old, recent, pending = (inbox.put(k, "message", {}) for k in ("old", "recent", "pending"))
    inbox.finish(old)  # type: ignore[arg-type]
    inbox.finish(recent)  # type: ignore[arg-type]
    with Session(engine) as session:
        session.execute(update(InboxItem).where(col(InboxItem.id) == old).values(done_at=utc_now() - timedelta(days=3)))
        session.commit()
    assert inbox.prune() == 1
    assert [r.key for r in rows(engine)] == ["recent", "pending"]


async def test_arrivals_at_once_are_committed_together(engine, database_url) -> None:  # type: ignore[no-untyped-def]
    inbox = Inbox(engine, "slack", FAST)
    writer = GroupWriter(inbox, ThreadPoolExecutor(1))
    keys = [f"event:Ev{n % 15}" for n in range(20)]  # five redeliveries among them
    ids = await asyncio.gather(*(writer.put(key, "message", {"n": n}) for n, key in enumerate(keys)))
    assert len([i for i in ids if i is not None]) == 15 == len(rows(engine))
    if is_postgres(database_url):  # a row the database refuses fails alone
        results = await asyncio.gather(
            writer.put("ok-1", "message", {}),
            writer.put("x" * 500, "message", {}),
            writer.put("ok-2", "message", {}),
            return_exceptions=True,
        )
        assert isinstance(results[0], int) and isinstance(results[1], Exception) and isinstance(results[2], int)
