"""Nothing Slack was told we received is lost: `drillbot serve slack` runs as a real
subprocess against the fake Slack, is killed (kill -9, SIGTERM, SIGINT) in the middle
of 50 thread replies sent at concurrency 10, and is restarted; what got no 200 is
delivered again, as Slack would. Every acknowledged answer is recorded, none twice."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bot.db.engine import make_engine
from bot.db.models import Answer, AnswerMessage, InboxItem, Round
from tests.fakes.slack_api import FakeSlack
from tests.fakes.waiting import as_async, eventually
from tests.slack.served import Sender, Served, alive, children_of

REPLIES = 50
CONCURRENCY = 10


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()  # Slack's own clock: the served process runs on real time
    fake.add_user("UBOSS", "Boss", admin=True)
    yield fake
    await fake.stop()


def read(database_url: str, query):  # type: ignore[no-untyped-def]
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            return query(session)
    finally:
        engine.dispose()


async def wait_db(database_url: str, query, expected, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    async def check() -> object:
        found = await asyncio.to_thread(read, database_url, query)
        return (found,) if found == expected else None

    await eventually(check, timeout, lambda _: f"waited for {expected!r}: {read(database_url, query)!r}")


async def open_round(served: Served, sender: Sender, session: aiohttp.ClientSession, database_url: str) -> str:
    assert await sender.command(session, served.url, "UBOSS", "ask") == 200
    await wait_db(database_url, lambda s: s.exec(select(Round.status)).first(), "posted")
    return read(database_url, lambda s: s.exec(select(Round.thread_id)).one())


def unfinished(session: Session) -> int:
    return session.exec(select(func.count()).select_from(InboxItem).where(InboxItem.status != "done")).one()


def recorded(session: Session) -> list[str]:
    return sorted(session.exec(select(AnswerMessage.message_id)))


async def stop_in_the_middle(
    served: Served, sender: Sender, session: aiohttp.ClientSession, events: dict[str, str], stop: signal.Signals
) -> set[str]:
    """Deliver every event at concurrency 10 and send `stop` once half are acknowledged;
    returns what was acknowledged before the process ended."""
    gate = asyncio.Semaphore(CONCURRENCY)
    before = set(sender.acked)
    stopped = False

    async def deliver(event_id: str) -> None:
        nonlocal stopped
        async with gate:
            await sender.deliver(session, served.url, event_id, events[event_id])
            if len(sender.acked - before) >= len(events) // 2 and not stopped:
                stopped = True
                served.signal(stop)

    await asyncio.gather(*(deliver(event_id) for event_id in events))
    code = await served.exit_code()
    if stop != signal.SIGKILL:
        assert code == 0, served.stderr()[-2000:]  # a graceful stop: drained, exit 0
    acked = (sender.acked - before) & set(events)
    assert 0 < len(acked) < len(events)  # the stop really came in the middle
    return acked


async def redeliver(sender: Sender, session: aiohttp.ClientSession, url: str, events: dict[str, str]) -> None:
    """What got no 200 comes again, with X-Slack-Retry-Num, as Slack does."""
    for attempt in range(1, 4):
        missing = [event_id for event_id in events if event_id not in sender.acked]
        await asyncio.gather(*(sender.deliver(session, url, e, events[e], retry=attempt) for e in missing))
    assert set(events) <= sender.acked


async def test_kill_9_sigterm_and_sigint_in_the_middle_lose_no_acknowledged_answer(engine, database_url, fake) -> None:  # type: ignore[no-untyped-def]
    """Three processes in turn: the first (with a worker process) is killed with kill -9
    in the middle of 50 replies, the second takes its rows over and gets SIGTERM in the
    middle of 50 more, the third takes those over and stops on SIGINT."""
    sender = Sender(fake)
    first = await Served(fake, database_url).start(CORE_PROCESSES="1")
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        thread = await open_round(first, sender, session, database_url)
        assert first.process is not None
        workers = children_of(first.process.pid)
        assert workers  # the worker process (and multiprocessing's helper)
        base = time.time()
        sent: dict[str, str] = {}  # event id -> the reply's ts

        def batch(start: int) -> dict[str, str]:
            events = {}
            for n in range(start, start + REPLIES):
                event_id, ts = f"Ev{n:03}", f"{base + n / 1000:.6f}"
                sent[event_id] = ts
                text = f"Answer {n}: split the data into k folds and average."
                events[event_id] = sender.reply_body(event_id, f"U{n:03}", text, thread, ts)
            return events

        first_batch = batch(0)
        acked_by_first = await stop_in_the_middle(first, sender, session, first_batch, signal.SIGKILL)
        await eventually(
            as_async(lambda: not any(alive(pid) for pid in workers)),
            10,
            lambda _: f"worker processes {workers} outlived their parent",
        )

        second = await Served(fake, database_url).start()
        await redeliver(sender, session, second.url, first_batch)
        await wait_db(database_url, recorded, sorted(sent.values()))
        second_batch = batch(REPLIES)
        await stop_in_the_middle(second, sender, session, second_batch, signal.SIGTERM)

        third = await Served(fake, database_url).start(CORE_PROCESSES="1")
        await redeliver(sender, session, third.url, second_batch)
        await wait_db(database_url, recorded, sorted(sent.values()))
        # A late redelivery of something already processed changes nothing.
        again = sorted(acked_by_first)[:5]
        await asyncio.gather(*(sender.deliver(session, third.url, e, first_batch[e], retry=1) for e in again))
        await wait_db(database_url, unfinished, 0)
        third.signal(signal.SIGINT)
        assert await third.exit_code() == 0

    assert read(database_url, recorded) == sorted(sent.values())  # every acknowledged answer, once
    assert read(database_url, lambda s: s.exec(select(func.count()).select_from(Answer)).one()) == 2 * REPLIES
    keys = read(database_url, lambda s: list(s.exec(select(InboxItem.key))))
    assert len(keys) == len(set(keys)) == 2 * REPLIES + 1  # the replies and the /drill ask, each stored once
