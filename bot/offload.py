"""Running core work off the event loop.

The core talks to the database synchronously. Inside an adapter's event loop that
would stall every other request while one command runs, so adapters run core calls
here: each in a worker thread with an event loop of its own. Chat clients that open
their HTTP session per call (slack_sdk's AsyncWebClient does) work from any loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
_WORKERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="drillbot-core")


async def off_loop(work: Coroutine[Any, Any, T]) -> T:
    """Await `work` on a worker thread's own event loop."""
    return await asyncio.get_running_loop().run_in_executor(_WORKERS, asyncio.run, work)
