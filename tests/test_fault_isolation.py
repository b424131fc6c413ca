"""A hundred broken channels delay no other channel's post or reveal by more than a second
(issue 13, item 4): permanent refusals pause their channel at once, transient ones are
due again later (the time is in the database), and a tick works channels concurrently."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field, replace
from datetime import timedelta

from sqlmodel import col, select

from bot.chat.errors import PermanentSendError, TransientSendError
from bot.chat.ports import ChannelRef, MessageRef, Place, Reply
from bot.db.models import Channel, Round
from bot.retry import RetryPolicy
from bot.scheduling.due import tick
from tests.fakes.chat import RecordingPort
from tests.helpers import OTHER_TENANT, make_channel

BROKEN = 100
LATENCY = 0.05  # a platform's answer takes this long, refusals included


@dataclass
class BrokenChannelsPort(RecordingPort):
    """Refuses every channel named BAD*: even ones for good (not in channel), odd ones
    with a 503. Records when each healthy message went out."""

    sent_at: dict[str, float] = field(default_factory=dict)
    broken_calls: int = 0

    async def _answer(self, channel: str) -> None:
        await asyncio.sleep(LATENCY)
        if channel.startswith("BAD"):
            self.broken_calls += 1
            if int(channel[3:]) % 2 == 0:
                raise PermanentSendError("not_in_channel", "Invite @Drillbot to {channel}.")
            raise TransientSendError("503 from the platform")

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        await self._answer(place.channel)
        self.sent_at[f"post {place.channel}"] = time.monotonic()
        return await super().post(place, reply)

    async def reply_in_thread(self, ref: MessageRef, reply: Reply) -> MessageRef:
        await self._answer(ref.channel)
        self.sent_at[f"reveal {ref.channel}"] = time.monotonic()
        return await super().reply_in_thread(ref, reply)

    async def find_sent(self, place, key, since, thread_id=None):  # type: ignore[no-untyped-def]
        await self._answer(place.channel)
        return await super().find_sent(place, key, since, thread_id)


async def test_a_hundred_broken_channels_do_not_delay_a_healthy_one(bot, clock) -> None:
    """Against a baseline: the same tick with a hundred healthy channels instead. Broken
    channels must cost no more than healthy ones (before: 1 s + 2 s of sleep each)."""
    port = BrokenChannelsPort()
    bot.ports = {"test": port}
    bot.config = replace(bot.config, retry=RetryPolicy(), tick_concurrency=16)
    for n in range(BROKEN):  # the baseline: a hundred healthy channels at 08:00
        make_channel(bot, OTHER_TENANT, ChannelRef(f"OK{n:03d}"), post_time="08:00", reveal_after_minutes=180)
    make_channel(bot, OTHER_TENANT, ChannelRef("GOOD0", "good"), post_time="08:00", reveal_after_minutes=180)
    for n in range(BROKEN):  # a hundred broken ones at 09:00
        make_channel(bot, channel=ChannelRef(f"BAD{n:03d}", f"bad-{n}"), post_time="09:00", reveal_after_minutes=60)
    make_channel(bot, channel=ChannelRef("GOOD", "good"), post_time="09:00", reveal_after_minutes=60)  # last in line

    started = time.monotonic()
    await tick(bot)
    baseline = port.sent_at["post GOOD0"] - started
    assert port.broken_calls == 0

    clock.advance(timedelta(hours=1))
    started = time.monotonic()
    await tick(bot)
    # Each due channel costs the same database work, broken or not; what broken ones must
    # not add is waiting (sleeps, retries). Allowance: 1 s, or a quarter of the baseline on
    # a machine slow enough for timing noise to exceed that.
    extra = port.sent_at["post GOOD"] - started - baseline
    assert extra < max(1.0, 0.25 * baseline), f"broken channels added {extra:.2f}s (baseline {baseline:.2f}s)"
    assert port.broken_calls == BROKEN  # each broken channel tried once, no retry inside the tick
    with bot.session() as session:
        paused = session.exec(select(Channel.external_id).where(col(Channel.paused_reason).is_not(None))).all()
        waiting = session.exec(
            select(Round.claim_until).where(Round.status == "pending", col(Round.claim_until).is_not(None))
        ).all()
    assert len(paused) == BROKEN // 2 and all(name.startswith("BAD") for name in paused)
    assert len(waiting) == BROKEN // 2 and all(until > clock.now() for until in waiting)  # due again later

    clock.advance(timedelta(seconds=20))
    await tick(bot)
    assert port.broken_calls == BROKEN  # paused ones stay quiet, deferred ones are not due yet

    clock.advance(timedelta(minutes=60) - timedelta(seconds=20))  # GOOD's reveal is due, and the deferred posts again
    started = time.monotonic()
    await tick(bot)
    assert port.sent_at["reveal GOOD"] - started < 1.0  # reveals go first
