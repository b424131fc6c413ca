"""Where Slack jobs run once a request is acknowledged: on this process's core worker
threads (the default, and what the tests use), or with CORE_PROCESSES=N in N worker
processes that each build their own core from the same settings, so the event loop
acknowledging requests never competes with core work for the interpreter lock."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, Protocol

from adapters.slack.work import People, SlackWork
from bot.core import Drillbot
from bot.offload import off_loop
from bot.settings import Settings

log = logging.getLogger("drillbot.slack")


class Jobs(Protocol):
    def submit(self, job: str, *args: Any) -> None: ...

    async def close(self) -> None: ...


def people_for(settings: Settings) -> People:
    return People(set(settings.slack_admin_ids))


class ThreadJobs:
    def __init__(self, bot: Drillbot, settings: Settings) -> None:
        self.work = SlackWork(bot, people_for(settings))
        self._running: set[asyncio.Future[Any]] = set()

    def submit(self, job: str, *args: Any) -> None:
        future = asyncio.ensure_future(off_loop(self.work.run(job, *args)))
        self._running.add(future)  # keep a reference until it ends
        future.add_done_callback(self._finished)

    def _finished(self, future: asyncio.Future[Any]) -> None:
        self._running.discard(future)
        if not future.cancelled() and future.exception() is not None:
            log.error("a Slack job failed", exc_info=future.exception())

    async def close(self) -> None:
        if self._running:
            await asyncio.wait(list(self._running), timeout=30)


_work: SlackWork | None = None  # one per worker process


def _start_worker(values: dict[str, Any]) -> None:
    """A worker process's own core, database engine and Slack clients."""
    global _work
    from adapters.registry import outbound_ports
    from bot.app import build_bot, configure_logging
    from bot.clock import SystemClock
    from bot.db.engine import make_engine

    settings = Settings(_env_file=None, **values)
    configure_logging(settings, to_file=False)
    engine = make_engine(settings.resolved_database_url())
    bot = build_bot(settings, SystemClock(), engine, outbound_ports(settings, engine))
    _work = SlackWork(bot, people_for(settings))


def _run_job(job: str, args: tuple[Any, ...]) -> None:
    assert _work is not None
    asyncio.run(_work.run(job, *args))


class ProcessJobs:
    def __init__(self, settings: Settings) -> None:
        self.size = settings.core_processes
        self.pool = ProcessPoolExecutor(
            self.size,
            mp_context=get_context("spawn"),  # never a fork of a process with threads and a running loop
            initializer=_start_worker,
            initargs=(settings.model_dump(),),
        )

    async def warm_up(self) -> None:
        """Start every worker (each loads the bank) before the first request."""
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self.pool, int) for _ in range(self.size)))

    def submit(self, job: str, *args: Any) -> None:
        self.pool.submit(_run_job, job, args).add_done_callback(self._finished)

    @staticmethod
    def _finished(future: Future[None]) -> None:
        if not future.cancelled() and future.exception() is not None:
            log.error("a Slack job failed in a worker process", exc_info=future.exception())

    async def close(self) -> None:
        await asyncio.to_thread(self.pool.shutdown, True)


async def make_jobs(bot: Drillbot, settings: Settings) -> Jobs:
    if settings.core_processes:
        jobs = ProcessJobs(settings)
        await jobs.warm_up()
        return jobs
    return ThreadJobs(bot, settings)
