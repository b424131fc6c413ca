"""Stopping a process on SIGTERM (every deploy) or SIGINT (Ctrl-C) the same way: stop
accepting, finish the work in hand within SHUTDOWN_GRACE_SECONDS, exit 0. Work not
finished by then is still in the inbox and the next process takes it over."""

from __future__ import annotations

import asyncio
import logging
import signal
import time

log = logging.getLogger("drillbot")


class Shutdown:
    def __init__(self) -> None:
        self.requested = asyncio.Event()
        self.failed = asyncio.Event()  # a platform connection failed for good
        self._since: float | None = None

    def install(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._on_signal, sig)

    def _on_signal(self, sig: signal.Signals) -> None:
        if not self.requested.is_set():
            log.info("%s: stopping (finishing the work in hand first)", sig.name)
        self.requested.set()

    async def wait(self) -> None:
        """Until a signal, or a failure that ends the process."""
        waits = [asyncio.ensure_future(self.requested.wait()), asyncio.ensure_future(self.failed.wait())]
        _, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        self._since = time.monotonic()

    def remaining(self, grace: float) -> float:
        """What is left of the grace time since the stop began."""
        since = self._since if self._since is not None else time.monotonic()
        return max(0.0, grace - (time.monotonic() - since))
