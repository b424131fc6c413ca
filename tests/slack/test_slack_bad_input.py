"""Bad input at Slack's edge: a broken timestamp header, a demoted admin, a skewed clock."""

from __future__ import annotations

import asyncio
import logging

from sqlmodel import select

from adapters.slack.work import USER_CACHE_SECONDS
from bot.db.models import Channel, Round
from bot.offload import drain
from bot.scheduling.due import tick


async def test_a_non_numeric_timestamp_header_is_a_401_without_an_error_log(slack, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    assert await slack.command("UALICE", "help", headers={"X-Slack-Request-Timestamp": "tomorrow"}) == 401
    assert await slack.command("UALICE", "help", headers={"X-Slack-Request-Timestamp": "١٧٠٠"}) == 401
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert slack.fake.responses == []


async def test_admin_rights_are_dropped_on_user_change(slack) -> None:  # type: ignore[no-untyped-def]
    assert USER_CACHE_SECONDS <= 60
    assert await slack.command("UBOSS", "schedule set 09:00 UTC") == 200
    await slack.fake.wait_for(lambda: slack.fake.responses)
    slack.fake.users["UBOSS"]["is_admin"] = False
    event = {"type": "user_change", "user": dict(slack.fake.users["UBOSS"]), "event_ts": "1.0"}
    assert await slack.event(event) == 200
    await asyncio.sleep(0.05)  # the listener hands the job over
    await drain()  # the user_change job has run
    before = len(slack.fake.responses)
    assert await slack.command("UBOSS", "schedule pause") == 200
    (refusal,) = await slack.fake.wait_for(lambda: slack.fake.responses[before:])
    assert "Only workspace admins" in str(refusal)
    with slack.bot.session() as session:
        assert session.exec(select(Channel.paused)).one() is False


async def test_a_platform_clock_behind_ours_still_finds_the_lost_post(slack, clock) -> None:  # type: ignore[no-untyped-def]
    slack.fake.now = lambda: clock.now().timestamp() - 120  # Slack stamps messages two minutes earlier
    await slack.command("UBOSS", "schedule set 08:00 UTC")
    await slack.fake.wait_for(lambda: slack.fake.responses)
    slack.fake.lose_answer("chat.postMessage")
    await tick(slack.bot)
    (message,) = slack.fake.posted("C1")
    with slack.bot.session() as session:
        round_ = session.exec(select(Round)).one()
    assert round_.status == "posted" and round_.message_id == message["ts"]
