"""How much broken channels delay a healthy one in a scheduler tick (issue 13, item 4).

    .venv/bin/python bench/broken_channels.py [--broken 100] [--latency 0.05] [--concurrency 16]

A fake platform answers every call after `--latency` seconds; channels named BAD* are
refused (half for good, like `not_in_channel`, half with a 503). Prints, for the healthy
channel created last: its post delay in a tick beside a hundred healthy channels (the
baseline), its post delay beside a hundred broken ones, and its reveal delay in the tick
where the deferred broken posts are due again. Uses a throw-away SQLite file unless
DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.bank.loader import load_bank  # noqa: E402
from bot.bootstrap import bootstrap  # noqa: E402
from bot.chat.errors import PermanentSendError, TransientSendError  # noqa: E402
from bot.chat.ports import ChannelRef, MessageRef, Place, Reply, Tenant  # noqa: E402
from bot.clock import VirtualClock  # noqa: E402
from bot.core import CoreConfig, Drillbot  # noqa: E402
from bot.db import migrate  # noqa: E402
from bot.db.engine import make_engine  # noqa: E402
from bot.grading import DefaultScorer  # noqa: E402
from bot.retry import RetryPolicy  # noqa: E402
from bot.scheduling.due import tick  # noqa: E402
from bot.usecases.directory import ensure_channel, ensure_workspace  # noqa: E402
from bot.usecases.schedules import plan_next_post  # noqa: E402

START = datetime(2026, 11, 23, 7, 59, tzinfo=UTC)  # a Monday


class LatencyPort:
    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.sent_at: dict[str, float] = {}
        self.count = 0

    async def _answer(self, channel: str) -> None:
        await asyncio.sleep(self.latency)
        if channel.startswith("BAD"):
            if int(channel[3:]) % 2 == 0:
                raise PermanentSendError("not_in_channel", "Invite @Drillbot to {channel}.")
            raise TransientSendError("503 from the platform")

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        await self._answer(place.channel)
        self.sent_at[f"post {place.channel}"] = time.perf_counter()
        self.count += 1
        return MessageRef(place.channel, f"{self.count}.0", f"{self.count}.0", place.workspace)

    async def reply_in_thread(self, ref: MessageRef, reply: Reply) -> MessageRef:
        await self._answer(ref.channel)
        self.sent_at[f"reveal {ref.channel}"] = time.perf_counter()
        self.count += 1
        return MessageRef(ref.channel, f"{self.count}.0", ref.thread_id, ref.workspace)

    async def find_sent(
        self, place: Place, key: str, since: datetime, thread_id: str | None = None
    ) -> MessageRef | None:
        await self._answer(place.channel)
        return None

    async def send_private(self, place: Place, user: str, reply: Reply) -> None: ...


def add_channels(bot: Drillbot, team: str, names: list[str], post_time: str, reveal_after: int) -> None:
    now = bot.clock.now()
    with bot.session() as session:
        workspace = ensure_workspace(session, Tenant("bench", team), now)
        for name in names:
            row = ensure_channel(session, workspace, ChannelRef(name, name.lower()), now)
            row.scheduled, row.post_time, row.reveal_after_minutes = True, post_time, reveal_after
            plan_next_post(row, now, bot.config.post_grace)
            session.add(row)


async def run(broken: int, latency: float, concurrency: int) -> None:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp(prefix='drillbot-bench-')}/bench.db"
    migrate.upgrade(url)
    engine = make_engine(url)
    clock = VirtualClock(START, frozen=True)
    port = LatencyPort(latency)
    config = replace(CoreConfig(), retry=RetryPolicy(), tick_concurrency=concurrency)
    bot = bootstrap(engine, clock, {"bench": port}, bank=load_bank(), grader=DefaultScorer(), config=config)
    add_channels(bot, "HEALTHY", [f"OK{n:03d}" for n in range(broken)] + ["GOOD0"], "08:00", 180)
    add_channels(bot, "BROKEN", [f"BAD{n:03d}" for n in range(broken)] + ["GOOD"], "09:00", 60)

    clock.advance(timedelta(minutes=1))
    started = time.perf_counter()
    await tick(bot)
    baseline = port.sent_at["post GOOD0"] - started
    clock.advance(timedelta(hours=1))
    started = time.perf_counter()
    await tick(bot)
    beside_broken = port.sent_at["post GOOD"] - started
    tick_seconds = time.perf_counter() - started
    clock.advance(timedelta(hours=1))
    started = time.perf_counter()
    await tick(bot)
    reveal = port.sent_at["reveal GOOD"] - started
    engine.dispose()
    print(
        f"database: {engine.dialect.name}; {broken} broken channels; latency {latency * 1000:.0f} ms; "
        f"tick concurrency {concurrency}"
    )
    print(f"healthy post beside {broken} healthy channels (baseline): {baseline:.2f} s")
    print(
        f"healthy post beside {broken} broken channels:             {beside_broken:.2f} s "
        f"(extra {beside_broken - baseline:+.2f} s; whole tick {tick_seconds:.2f} s)"
    )
    print(f"healthy reveal while the deferred broken posts are due:   {reveal:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--broken", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    logging.getLogger("drillbot").setLevel(logging.ERROR)  # a line per refused channel is not the point here
    asyncio.run(run(args.broken, args.latency, args.concurrency))


if __name__ == "__main__":
    main()
