"""Getting arrivals into the inbox fast (group commit) and pending rows back out to
the workers (the pump that every serving process runs)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from bot.inbox.store import Arrival, Inbox, Item, describe

log = logging.getLogger("drillbot.inbox")


class GroupWriter:
    """Stores arrivals from an event loop with group commit: those that arrive while one
    transaction is being written go together into the next, so under load an ack waits
    for one commit instead of a queue of them. The writing runs on `executor`."""

    def __init__(self, inbox: Inbox, executor: Any, most: int = 200) -> None:
        self.inbox = inbox
        self.executor = executor
        self.most = most
        self._waiting: list[tuple[Arrival, asyncio.Future[int | None]]] = []
        self._writing = False

    async def put(self, key: str, kind: str, payload: dict[str, Any], workspace: str | None = None) -> int | None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[int | None] = loop.create_future()
        self._waiting.append((Arrival(key, kind, payload, workspace), future))
        if not self._writing:
            self._writing = True
            loop.create_task(self._write())
        return await future

    async def _write(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._waiting:
                batch, self._waiting = self._waiting[: self.most], self._waiting[self.most :]
                arrivals = [arrival for arrival, _ in batch]
                try:
                    ids = await loop.run_in_executor(self.executor, self.inbox.put_many, arrivals)
                except Exception as error:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_, future), result in zip(batch, ids, strict=True):
                    if future.done():  # the caller gave up waiting
                        continue
                    if isinstance(result, Exception):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
        finally:
            self._writing = False


class InboxPump:
    """Finds rows left pending (a crash, a restart, a failed attempt) and hands them to
    `submit`; runs at start-up and then every few seconds in every process that
    serves the source. `queued` says which rows this process has in hand already."""

    def __init__(
        self,
        inbox: Inbox,
        submit: Callable[[Item], None],
        queued: Callable[[int], bool],
        every: float = 2.0,
        prune_every: float = 3600.0,
    ) -> None:
        self.inbox = inbox
        self.submit = submit
        self.queued = queued
        self.every = every
        self.prune_every = prune_every
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        pruned_at = 0.0
        while True:
            try:
                await self.pump_once()
                if time.monotonic() - pruned_at > self.prune_every:
                    pruned_at = time.monotonic()
                    await asyncio.to_thread(self.inbox.prune)
            except Exception as error:  # the database is away: try again on the next round
                log.warning("inbox pump: %s", describe(error))
            await asyncio.sleep(self.every)

    async def pump_once(self) -> int:
        items = [i for i in await asyncio.to_thread(self.inbox.due) if not self.queued(i.id)]
        for item in items:
            self.submit(item)
        if items:
            log.info("inbox: %d pending row(s) handed to workers", len(items))
        return len(items)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
