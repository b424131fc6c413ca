"""`drillbot simulate`: the real scheduler and core on a virtual clock.

Channels are spread over many time zones (with and without daylight saving, and with
half- and quarter-hour offsets) and the clock steps a minute at a time across a
daylight-saving change, ticking exactly as the clock process does. An in-memory chat
port records every post; the report counts posts, reveals, duplicates (more than one
post for a channel and local date), missed slots, the worst lateness and peak memory.
"""

from __future__ import annotations

import asyncio
import resource
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import select

from bot.bank.loader import load_bank
from bot.bank.sync import sync_bank
from bot.chat.ports import MessageRef, Place, Reply, Tenant
from bot.clock import VirtualClock
from bot.core import CoreConfig, Drillbot
from bot.db import migrate
from bot.db.engine import make_engine, session_scope
from bot.db.models import Channel
from bot.grading import DefaultScorer
from bot.retry import RetryPolicy
from bot.scheduling.due import tick
from bot.usecases.directory import ensure_workspace
from bot.usecases.schedules import first_slot_from, plan_next_post, slot_local_date

ZONES = (
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/St_Johns",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tokyo",
    "Australia/Adelaide",
    "Pacific/Chatham",
    "America/Sao_Paulo",
)
START = datetime(2026, 10, 24, 0, 0, tzinfo=UTC)  # spans the EU's autumn daylight-saving change


@dataclass
class MemoryPort:
    """A ChatPort that keeps what it was asked to send, stamped with the virtual time
    plus the real time the current tick had been running: a busy tick makes the last
    channels it posts late in real life, and that must show in the lateness."""

    clock: VirtualClock
    posts: list[tuple[str, datetime]] = field(default_factory=list)
    thread_replies: int = 0
    tick_started: float = 0.0
    keyed: dict[str, MessageRef] = field(default_factory=dict)

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        spent = timedelta(seconds=time.perf_counter() - self.tick_started)
        self.posts.append((place.channel, self.clock.now() + spent))
        message_id = f"{len(self.posts)}.0"
        ref = MessageRef(place.channel, message_id, message_id, place.workspace)
        if reply.key:
            self.keyed[reply.key] = ref
        return ref

    async def reply_in_thread(self, ref: MessageRef, reply: Reply) -> MessageRef:
        self.thread_replies += 1
        return MessageRef(ref.channel, f"r{self.thread_replies}", ref.thread_id, ref.workspace)

    async def update(self, ref: MessageRef, reply: Reply) -> None: ...

    async def react(self, ref: MessageRef, emoji: str) -> None: ...

    async def send_private(self, place: Place, user: str, reply: Reply) -> None: ...

    def pages(self, reply: Reply) -> list[Reply]:
        return [reply]

    async def find_sent(
        self, place: Place, key: str, since: datetime, thread_id: str | None = None
    ) -> MessageRef | None:
        return self.keyed.get(key)


async def simulate(channels: int, days: int, database_url: str | None = None) -> dict[str, Any]:
    url = database_url or f"sqlite:///{tempfile.mkdtemp(prefix='drillbot-sim-')}/sim.db"
    migrate.upgrade(url)
    engine = make_engine(url)
    clock = VirtualClock(START, frozen=True)
    sync_bank(engine, load_bank(), clock.now())
    port = MemoryPort(clock)
    config = CoreConfig(retry=RetryPolicy(attempts=1, base_delay=0))
    bot = Drillbot(engine, clock, DefaultScorer(), {"sim": port}, config)
    rows = _make_channels(bot, channels)
    end = START + timedelta(days=days)
    while clock.now() < end:
        port.tick_started = time.perf_counter()
        await tick(bot)
        clock.advance(timedelta(minutes=1))
    port.tick_started = time.perf_counter()
    await tick(bot)  # reveals due exactly at the end

    expected: dict[tuple[str, str], datetime] = {}
    for row in rows:
        slot = first_slot_from(row, START)
        while slot is not None and slot < end:
            expected[(row.external_id, slot_local_date(row, slot).isoformat())] = slot
            slot = first_slot_from(row, slot + timedelta(minutes=1))
    by_zone = {row.external_id: row for row in rows}

    def slot_of(channel: str, at: datetime) -> tuple[str, str]:
        return channel, slot_local_date(by_zone[channel], at).isoformat()

    posted = Counter(slot_of(channel, at) for channel, at in port.posts)
    lateness = [(at - expected[slot_of(c, at)]).total_seconds() for c, at in port.posts if slot_of(c, at) in expected]
    engine.dispose()
    return {
        "posts": len(port.posts),
        "expected_posts": len(expected),
        "reveals": port.thread_replies,
        "duplicates": sum(n - 1 for n in posted.values() if n > 1),
        "missed": len(set(expected) - set(posted)),
        "max_lateness_s": round(max(lateness, default=0.0), 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _make_channels(bot: Drillbot, count: int) -> list[Channel]:
    now = bot.clock.now()
    with session_scope(bot.engine) as session:
        workspace = ensure_workspace(session, Tenant("sim", "SIM", "Simulation"), now)
        values = []
        for n in range(count):
            channel = Channel(
                workspace_id=workspace.id,
                external_id=f"C{n:05d}",
                scheduled=True,
                timezone=ZONES[n % len(ZONES)],
                post_time=f"{8 + n % 3:02d}:{(n * 7) % 60:02d}",
                weekdays="mon,tue,wed,thu,fri" if n % 4 else "mon,tue,wed,thu,fri,sat,sun",
                reveal_after_minutes=240,
                created_at=now,
            )
            plan_next_post(channel, START, bot.config.post_grace)
            values.append(channel.model_dump(exclude={"id"}))
        session.execute(insert(Channel), values)
    with session_scope(bot.engine) as session:
        return list(session.exec(select(Channel).where(Channel.workspace_id == workspace.id)))


def run(channels: int, days: int, database_url: str | None = None) -> dict[str, Any]:
    return asyncio.run(simulate(channels, days, database_url))
