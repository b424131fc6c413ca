"""APScheduler wakes the bot every few seconds; `tick` decides what is due."""

from __future__ import annotations

import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.core import Drillbot
from bot.offload import off_loop
from bot.scheduling.due import tick
from bot.scheduling.leader import Leadership

log = logging.getLogger("drillbot.clock")


class Ticker:
    def __init__(self, bot: Drillbot, every_seconds: int) -> None:
        self.bot = bot
        self.leadership = Leadership(bot.engine)
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self.scheduler.add_job(
            self._tick,
            "interval",
            seconds=every_seconds,
            id="drillbot-tick",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=every_seconds,
        )

    async def _tick(self) -> None:
        try:
            await off_loop(self._tick_if_leader())  # database work must not stall the app's event loop
        except Exception:
            # A lost database or a platform outage must not stop the clock: log and go on.
            log.exception("scheduler tick failed; will try again on the next one")

    async def _tick_if_leader(self) -> None:
        if self.leadership.is_leader():
            await tick(self.bot)

    def start(self) -> None:
        self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.leadership.release()
