"""Where Slack jobs run once a request is stored and acknowledged: on this process's
core worker threads (the default, and what the tests use), or with CORE_PROCESSES=N in
N worker processes that each build their own core from the same settings, so the event
loop acknowledging requests never competes with core work for the interpreter lock.

A job is an inbox row (bot/inbox.py). At shutdown the rows still in hand get their
leases back, so the next process (or another one alive) takes them over at once; worker
processes watch their parent and exit when it is gone, whatever killed it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, wait
from datetime import timedelta
from multiprocessing import get_context
from typing import Any, Protocol

from adapters.slack.work import People, SlackWork
from bot.core import Drillbot
from bot.inbox import Inbox, InboxPolicy, Item, describe
from bot.offload import off_loop
from bot.settings import Settings

log = logging.getLogger("drillbot.slack")
PARENT_CHECK_SECONDS = 0.5


class Jobs(Protocol):
    inbox: Inbox

    def submit_item(self, item: Item) -> None: ...

    def queued(self, item_id: int) -> bool: ...

    async def close(self, grace: float = 10.0) -> None: ...


def people_for(settings: Settings) -> People:
    return People(set(settings.slack_admin_ids))


def inbox_policy(settings: Settings) -> InboxPolicy:
    return InboxPolicy(lease=timedelta(seconds=settings.inbox_lease_seconds))


class ThreadJobs:
    def __init__(self, bot: Drillbot, settings: Settings) -> None:
        self.work = SlackWork(bot, people_for(settings), inbox_policy(settings))
        self.inbox = self.work.inbox
        self._running: dict[int, asyncio.Future[Any]] = {}

    def submit_item(self, item: Item) -> None:
        if item.id in self._running:
            return
        future = asyncio.ensure_future(off_loop(self.work.item(item.id, item.kind, item.payload)))
        self._running[item.id] = future  # keep a reference until it ends
        future.add_done_callback(lambda done: self._finished(item.id, done))

    def queued(self, item_id: int) -> bool:
        return item_id in self._running

    def _finished(self, item_id: int, future: asyncio.Future[Any]) -> None:
        self._running.pop(item_id, None)
        error = None if future.cancelled() else future.exception()
        if error is not None:
            log.error("a Slack job failed: %s", describe(error))

    async def close(self, grace: float = 10.0) -> None:
        if self._running:
            await asyncio.wait(list(self._running.values()), timeout=grace)
        await give_back(self.inbox, list(self._running))


async def give_back(inbox: Inbox, item_ids: list[int]) -> None:
    """Leases of rows not finished by the end of the grace time go back at once."""
    if item_ids:
        log.warning("shutting down with %d event(s) unfinished; they stay in the inbox", len(item_ids))
        try:
            await asyncio.to_thread(inbox.release, item_ids)
        except Exception as error:  # their leases run out by themselves
            log.warning("could not give the leases back: %s", describe(error))


_work: SlackWork | None = None  # one per worker process


def _watch_parent(parent: int) -> None:
    """A worker process must never outlive the process that started it (a kill -9 of
    the parent included): when the parent is gone, exit at once. Its unfinished row
    keeps its lease only until the lease runs out."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _start_worker(values: dict[str, Any], parent: int) -> None:
    """A worker process's own core, database engine and Slack clients."""
    global _work
    threading.Thread(target=_watch_parent, args=(parent,), name="drillbot-parent-watch", daemon=True).start()
    from adapters.registry import outbound_ports
    from bot.app import configure_logging
    from bot.bootstrap import bootstrap
    from bot.clock import SystemClock
    from bot.db.engine import make_engine
    from bot.heap import settle_heap

    settings = Settings(_env_file=None, **values)
    configure_logging(settings, to_file=False)
    engine = make_engine(settings.resolved_database_url())
    bot = bootstrap(engine, SystemClock(), outbound_ports(settings, engine), settings=settings)
    _work = SlackWork(bot, people_for(settings), inbox_policy(settings))
    settle_heap()


def _run_item(item_id: int, kind: str, payload: dict[str, Any]) -> bool:
    assert _work is not None
    return asyncio.run(_work.item(item_id, kind, payload))


class ProcessJobs:
    def __init__(self, bot: Drillbot, settings: Settings) -> None:
        self.size = settings.core_processes
        self.inbox = Inbox(bot.engine, "slack", inbox_policy(settings))
        self._running: dict[int, Future[bool]] = {}
        self.pool = ProcessPoolExecutor(
            self.size,
            mp_context=get_context("spawn"),  # never a fork of a process with threads and a running loop
            initializer=_start_worker,
            initargs=(settings.model_dump(), os.getpid()),
        )

    async def warm_up(self) -> None:
        """Start every worker (each loads the bank) before the first request."""
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self.pool, int) for _ in range(self.size)))

    def submit_item(self, item: Item) -> None:
        if item.id in self._running:
            return
        try:
            future = self.pool.submit(_run_item, item.id, item.kind, item.payload)
        except RuntimeError as error:  # shutting down: the row stays pending for the next process
            log.warning("not handing inbox row %s to a worker: %s", item.id, error)
            return
        self._running[item.id] = future
        future.add_done_callback(lambda done: self._finished(item.id, done))

    def queued(self, item_id: int) -> bool:
        return item_id in self._running

    def _finished(self, item_id: int, future: Future[bool]) -> None:
        self._running.pop(item_id, None)
        error = None if future.cancelled() else future.exception()
        if error is not None:
            log.error("a Slack job failed in a worker process: %s", describe(error))

    async def close(self, grace: float = 10.0) -> None:
        """Finish what the workers have started within `grace`; what is left (queued or
        running) goes back to the inbox, and the workers are stopped."""
        running = list(self._running.values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        if running:
            await asyncio.to_thread(wait, running, grace)
        await give_back(self.inbox, list(self._running))
        for process in list((self.pool._processes or {}).values()):  # noqa: SLF001
            if process.is_alive():
                process.terminate()


async def make_jobs(bot: Drillbot, settings: Settings) -> Jobs:
    if settings.core_processes:
        jobs = ProcessJobs(bot, settings)
        await jobs.warm_up()
        return jobs
    return ThreadJobs(bot, settings)
