"""Waiting for work that lands a moment after a request was acknowledged."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any


async def eventually(check: Callable[[], Awaitable[Any]], timeout: float, failure: Callable[[Any], str]) -> Any:
    """Await `check()` until it is truthy; `failure(last value)` explains a timeout."""
    deadline = time.monotonic() + timeout
    while not (result := await check()):
        if time.monotonic() > deadline:
            raise AssertionError(failure(result))
        await asyncio.sleep(0.02)
    return result


def as_async(check: Callable[[], Any]) -> Callable[[], Awaitable[Any]]:
    async def call() -> Any:
        return check()

    return call


async def until_db(bot: Any, query: Callable[[Any], Any], expected: Any, timeout: float = 10.0) -> None:
    """Wait until `query(session)` on the bot's database returns `expected`: events are
    handled after the platform's request was acknowledged, so their effects land a
    moment later. The database is read on a thread, so the event loop serving the fakes
    and the app is never blocked by it."""

    def read() -> Any:
        with bot.session() as session:
            return query(session)

    async def check() -> Any:
        found = await asyncio.to_thread(read)
        return (found,) if found == expected else None

    await eventually(check, timeout, lambda _: f"waited for {expected!r}, the database still says {read()!r}")
