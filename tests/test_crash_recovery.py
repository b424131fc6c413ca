"""A process killed between sending a message and recording it: the round's intent is
in the database, so the next tick (here or in another process) finds the message on
the platform instead of posting it twice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core import Drillbot
from bot.scheduling.due import tick
from bot.usecases.leases import LEASE
from tests.fakes.chat import Crash, CrashAfterSendPort
from tests.helpers import make_channel, rounds_in


def restarted(bot: Drillbot, port: CrashAfterSendPort) -> Drillbot:
    """A new process: its own core over the same database and the same platform."""
    return Drillbot(bot.engine, bot.clock, bot.grader, {"test": port}, bot.config)


async def test_a_crash_after_posting_leaves_no_duplicate(bot, clock) -> None:
    port = CrashAfterSendPort(crash_after="post")
    bot.ports = {"test": port}
    channel = make_channel(bot, timezone="UTC", post_time="08:00")
    with pytest.raises(Crash):
        await tick(bot)
    (round_,) = rounds_in(bot, channel)
    assert round_.status == "pending" and round_.claim_until is not None  # the lease dies with the process

    survivor = restarted(bot, port)
    await tick(survivor)
    assert rounds_in(bot, channel)[0].status == "pending"  # the dead process's lease still holds
    clock.advance(LEASE + timedelta(seconds=1))
    await tick(survivor)

    (round_,) = rounds_in(bot, channel)
    (post,) = port.of_kind("post")
    assert round_.status == "posted"
    assert round_.message_id == post.ref.message_id  # the message that was sent, adopted
    assert port.lookups == 1


async def test_a_crash_after_posting_the_reveal_leaves_no_duplicate(bot, clock) -> None:
    port = CrashAfterSendPort(crash_after="thread")
    bot.ports = {"test": port}
    channel = make_channel(bot, timezone="UTC", post_time="08:00", reveal_after_minutes=60)
    await tick(bot)
    clock.advance(timedelta(hours=1))
    with pytest.raises(Crash):
        await tick(bot)
    assert rounds_in(bot, channel)[0].reveal_posted_at is None

    clock.advance(LEASE + timedelta(seconds=1))
    await tick(restarted(bot, port))
    assert len(port.of_kind("thread")) == 1
    assert rounds_in(bot, channel)[0].reveal_posted_at is not None


async def test_a_first_attempt_does_not_search_the_history(bot, clock) -> None:
    port = CrashAfterSendPort(crash_after="")
    bot.ports = {"test": port}
    make_channel(bot, timezone="UTC", post_time="08:00", reveal_after_minutes=60)
    await tick(bot)
    clock.advance(timedelta(hours=1))
    await tick(bot)
    assert port.lookups == 0
    assert len(port.of_kind("post")) == 1 and len(port.of_kind("thread")) == 1


async def test_a_retry_after_an_error_searches_first(bot, clock) -> None:
    port = CrashAfterSendPort(crash_after="")
    bot.ports = {"test": port}
    channel = make_channel(bot, timezone="UTC", post_time="08:00")
    port.fail_next(1)
    await tick(bot)
    assert rounds_in(bot, channel)[0].status == "posted"
    assert port.lookups == 1 and len(port.of_kind("post")) == 1
