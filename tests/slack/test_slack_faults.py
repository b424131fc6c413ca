"""Slack refusing a channel for good, rate limits, uninstalls: against the fake Slack."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import select

from bot.db.models import Channel, Round, Workspace
from bot.scheduling.due import tick


def dms_to(fake, user: str) -> list:  # type: ignore[no-untyped-def]
    return [m for m in fake.posted(user)]


async def schedule(slack, text: str = "schedule set 08:00 UTC") -> None:  # type: ignore[no-untyped-def]
    before = len(slack.fake.responses)
    assert await slack.command("UBOSS", text) == 200
    await slack.fake.wait_for(lambda: slack.fake.responses[before:])


async def last_response(slack, user: str, text: str) -> str:  # type: ignore[no-untyped-def]
    before = len(slack.fake.responses)
    assert await slack.command(user, text) == 200
    (answer,) = await slack.fake.wait_for(lambda: slack.fake.responses[before:])
    return json.dumps(answer)


async def test_not_in_channel_pauses_once_tells_the_admin_and_resume_retries(slack) -> None:  # type: ignore[no-untyped-def]
    await schedule(slack)
    slack.fake.refusals["C1"] = "not_in_channel"
    await tick(slack.bot)
    sent_to = [c["channel"] for c in slack.fake.calls_to("chat.postMessage")]
    assert sent_to == ["C1", "UBOSS"]  # the post was tried once (refused), then the admin's DM
    (dm,) = dms_to(slack.fake, "UBOSS")
    assert "Invite @Drillbot to #general" in dm["text"]
    with slack.bot.session() as session:
        channel = session.exec(select(Channel)).one()
    assert channel.paused and "Invite @Drillbot to #general" in (channel.paused_reason or "")
    calls = len(slack.fake.calls)
    await tick(slack.bot)
    await tick(slack.bot)
    assert len(slack.fake.calls) == calls  # no retries, no second DM
    assert "Paused by Drillbot: Invite @Drillbot to #general" in await last_response(slack, "UALICE", "schedule show")

    del slack.fake.refusals["C1"]
    await schedule(slack, "schedule resume")
    await tick(slack.bot)
    assert len([m for m in slack.fake.posted("C1")]) == 1
    with slack.bot.session() as session:
        assert session.exec(select(Round.status)).one() == "posted"
        assert session.exec(select(Channel.paused_reason)).one() is None


async def test_ask_in_a_channel_drillbot_is_not_in_says_what_to_do(slack) -> None:  # type: ignore[no-untyped-def]
    slack.fake.refusals["C1"] = "channel_not_found"
    answer = await last_response(slack, "UALICE", "ask evaluation")
    assert "invite @Drillbot" in answer and "#general" in answer
    assert dms_to(slack.fake, "UALICE") == []  # told in the command's answer, not twice


async def test_a_429_is_retried_after_its_retry_after_by_a_later_tick(slack, clock) -> None:  # type: ignore[no-untyped-def]
    await schedule(slack)
    slack.fake.fail("chat.postMessage", 429, retry_after=120)
    await tick(slack.bot)
    assert slack.fake.attempts("chat.postMessage") == [429]  # no sleep, no retry inside the tick
    with slack.bot.session() as session:
        round_ = session.exec(select(Round)).one()
    assert round_.status == "pending" and round_.claim_until == clock.now() + timedelta(seconds=120)
    await tick(slack.bot)
    assert slack.fake.attempts("chat.postMessage") == [429]
    clock.advance(timedelta(seconds=121))
    await tick(slack.bot)
    assert slack.fake.attempts("chat.postMessage") == [429, 200]


async def test_app_uninstalled_stops_every_schedule(slack) -> None:  # type: ignore[no-untyped-def]
    await schedule(slack)
    event = {"type": "app_uninstalled", "event_ts": "1.0"}
    assert await slack.event(event) == 200
    await slack.until(lambda s: s.exec(select(Workspace.uninstalled_at)).one() is not None, True)
    with slack.bot.session() as session:
        assert session.exec(select(Channel.paused)).one() is True
    await tick(slack.bot)
    assert slack.fake.posted("C1") == []
