"""The database failing under the inbox: connections dropped while replies are stored
and processed lose nothing (what got no 200 is sent again, as Slack does), and
`/healthz` answers at once and says 503 when the database hangs."""

from __future__ import annotations

import asyncio
import random
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator

import aiohttp
import pytest
from slack_bolt.async_app import AsyncApp
from sqlalchemy import Engine, event, func, text
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine, select

from adapters.slack.port import make_client
from adapters.slack.server import start_http
from bot.db.engine import make_engine, normalize_url
from bot.db.models import Answer, AnswerMessage, InboxItem
from tests.conftest import is_postgres
from tests.fakes.slack_api import FakeSlack, signed_headers
from tests.slack.conftest import SECRET
from tests.slack.test_slack_e2e import ask_and_get_thread

REPLIES = 50


class DroppedConnections:
    """PostgreSQL: every 50 ms, terminate every other backend of the test database (the
    app's connections die mid-statement, as in a failover). SQLite has no connection to
    drop; the nearest real failure is an OperationalError on a statement, injected into
    one statement in twenty."""

    def __init__(self, engine: Engine, database_url: str) -> None:
        self.engine = engine
        self.database_url = database_url
        self.stop = threading.Event()
        self.dropped = 0
        self._random = random.Random(13)

    def _terminate_loop(self) -> None:
        admin = create_engine(normalize_url(self.database_url), poolclass=NullPool)
        while not self.stop.is_set():
            with admin.begin() as conn:
                self.dropped += conn.execute(
                    text(
                        "select count(pg_terminate_backend(pid)) from pg_stat_activity "
                        "where datname = current_database() and pid <> pg_backend_pid() "
                        "and backend_type = 'client backend'"
                    )
                ).scalar_one()
            time.sleep(0.05)
        admin.dispose()

    def _fail_sometimes(self, *args: object) -> None:
        if not self.stop.is_set() and self._random.random() < 1 / 20:
            self.dropped += 1
            raise sqlite3.OperationalError("disk I/O error")

    def __enter__(self) -> DroppedConnections:
        if is_postgres(self.database_url):
            self.thread = threading.Thread(target=self._terminate_loop, daemon=True)
            self.thread.start()
        else:
            event.listen(self.engine, "before_cursor_execute", self._fail_sometimes)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if is_postgres(self.database_url):
            self.thread.join()
        else:
            event.remove(self.engine, "before_cursor_execute", self._fail_sometimes)


@pytest.fixture
async def slack_fast_takeover(slack_world):  # type: ignore[no-untyped-def]
    async for world in slack_world(slack_bot_token="xoxb-test-token", inbox_lease_seconds=1):
        yield world


async def test_dropped_database_connections_lose_nothing(slack_fast_takeover, engine, database_url) -> None:  # type: ignore[no-untyped-def]
    slack = slack_fast_takeover
    thread = await ask_and_get_thread(slack)
    base = time.time()
    replies = {f"Ev{n}": (f"U{n:03}", f"{base + n / 1000:.6f}") for n in range(REPLIES)}
    acked: set[str] = set()
    gate = asyncio.Semaphore(10)

    async def deliver(event_id: str, retry: int) -> None:
        user, ts = replies[event_id]
        event_ = slack.reply_event(user, f"Folds {event_id}: hold each out once and average.", thread, ts)
        async with gate:
            if await slack.event(event_, event_id=event_id, retry_num=retry or None) == 200:
                acked.add(event_id)

    with DroppedConnections(engine, database_url) as faults:
        for attempt in range(6):  # Slack's retries of whatever got no 200
            await asyncio.gather(*(deliver(e, attempt) for e in replies if e not in acked))
            if len(acked) == REPLIES:
                break
        await asyncio.sleep(1.0)  # processing under fire
    assert faults.dropped > 0 and len(acked) == REPLIES

    reader = make_engine(database_url)
    try:

        def done() -> tuple[list[str], int]:
            with Session(reader) as session:
                ids = sorted(session.exec(select(AnswerMessage.message_id)))
                pending = session.exec(select(func.count()).select_from(InboxItem).where(InboxItem.status != "done"))
                return ids, pending.one()

        expected = (sorted(ts for _, ts in replies.values()), 0)
        deadline = time.monotonic() + 30
        while (found := await asyncio.to_thread(done)) != expected and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        assert found == expected  # every reply once, every inbox row done
        with Session(reader) as session:
            assert session.exec(select(func.count()).select_from(Answer)).one() == REPLIES
    finally:
        reader.dispose()


@pytest.fixture
def hanging_database() -> Iterator[str]:
    """A TCP server that accepts connections and never says a word: a hung database."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"postgresql://drillbot@127.0.0.1:{server.getsockname()[1]}/drillbot"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


async def test_healthz_answers_at_once_when_the_database_hangs(hanging_database) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(hanging_database)
    fake = await FakeSlack().start()
    app = AsyncApp(signing_secret=SECRET, client=make_client("xoxb-test-token", fake.api_url))

    @app.command("/drill")
    async def ack_only(ack):  # type: ignore[no-untyped-def]
        await ack()

    runner = await start_http(app, engine, "127.0.0.1", 0)
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    statuses: list[tuple[int, str]] = []
    try:
        async with aiohttp.ClientSession() as session:
            started = time.monotonic()
            while time.monotonic() - started < 3.0:
                began = time.monotonic()
                async with session.get(f"{base}/healthz") as response:
                    statuses.append((response.status, (await response.json()).get("database", "")))
                assert time.monotonic() - began < 0.1  # never waits on the database
                # Meanwhile the loop acknowledges Slack at once.
                body = "command=%2Fdrill&team_id=T1&user_id=U1&channel_id=C1&text=help"
                headers = signed_headers(SECRET, body, content_type="application/x-www-form-urlencoded")
                began = time.monotonic()
                async with session.post(f"{base}/slack/events", data=body, headers=headers) as response:
                    assert response.status == 200
                assert time.monotonic() - began < 0.5
                await asyncio.sleep(0.1)
    finally:
        await runner.cleanup()
        await fake.stop()
    assert all(status == 503 for status, _ in statuses)
    assert statuses[-1] == (503, "no answer within 2s")
