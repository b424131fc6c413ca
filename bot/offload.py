"""Running core work off the event loop.

The core talks to the database synchronously. Inside an adapter's event loop that
would stall every other request while one command runs, so adapters run core calls
here: each in a worker thread with an event loop of its own. Chat clients that open
their HTTP session per call (slack_sdk's AsyncWebClient does) work from any loop.
Two workers: the database work is mostly Python holding the GIL, and more threads
would only take turns away from the event loop that acknowledges requests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

T = TypeVar("T")
_WORKERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="drillbot-core")
_in_flight: set[Future[Any]] = set()


async def off_loop(work: Coroutine[Any, Any, T]) -> T:
    """Await `work` on a worker thread's own event loop."""
    future = _WORKERS.submit(asyncio.run, work)
    _in_flight.add(future)
    future.add_done_callback(_in_flight.discard)
    return await asyncio.wrap_future(future)


async def drain(timeout: float = 30.0) -> None:
    """Wait for every piece of core work already handed to the workers (at shutdown)."""
    pending = list(_in_flight)
    if pending:
        await asyncio.to_thread(wait, pending, timeout)


def busy() -> bool:
    """Whether any core work is still running (a drain ran out of time)."""
    return any(not future.done() for future in _in_flight)
