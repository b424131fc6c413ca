"""Discord: `/drill` is for servers only, a refused channel pauses with what to do, and
removing Drillbot from a server stops its schedules (issue 13, items 4, 5 and 8)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from adapters.discord.app import DM_REFUSAL
from adapters.discord.sync import sync_commands
from bot.db.models import Channel, Round, Workspace
from bot.scheduling.due import tick
from tests.discord.conftest import settings_for

EPHEMERAL = 64


async def test_drill_is_registered_for_servers_only(fake_discord) -> None:  # type: ignore[no-untyped-def]
    await sync_commands(settings_for(fake_discord), 100)
    (drill,) = fake_discord.commands["100"]
    assert drill.get("contexts") == [0] or drill.get("dm_permission") is False


async def test_a_dm_interaction_is_refused_politely_and_nothing_is_stored(discord) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    data = {"id": "400", "name": "drill", "type": 1, "options": [{"name": "leaderboard", "type": 1, "options": []}]}
    payload = fake.interaction("11", 2, data, channel_id="900")
    payload.pop("guild_id")
    payload["user"] = payload.pop("member")["user"]
    payload["channel"] = {"id": "900", "type": 1}
    payload["context"] = 1
    payload["authorizing_integration_owners"] = {"1": "11"}
    await fake.dispatch("INTERACTION_CREATE", payload)
    answer = await discord.answer_of(payload["token"])
    assert answer["data"]["content"] == DM_REFUSAL and answer["data"]["flags"] & EPHEMERAL
    with discord.bot.session() as session:
        assert session.exec(select(Workspace)).all() == []


async def test_a_forbidden_channel_pauses_and_resume_retries(discord, clock) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    token = await fake.slash("19", "schedule", args="set 09:00 UTC")
    await discord.answer_of(token)
    fake.fail(f"POST /channels/{fake.channel_id}/messages", 403)
    clock.advance(timedelta(hours=1))
    await tick(discord.bot)
    with discord.bot.session() as session:
        reason = session.exec(select(Channel.paused_reason)).one()
    assert reason and "permissions" in reason
    token = await fake.slash("11", "schedule", args="show")
    assert "Paused by Drillbot" in str((await discord.answer_of(token))["data"])
    await tick(discord.bot)  # paused: nothing is tried
    token = await fake.slash("19", "schedule", args="resume")
    await discord.answer_of(token)
    await tick(discord.bot)
    with discord.bot.session() as session:
        assert session.exec(select(Round.status)).one() == "posted"


async def test_removing_drillbot_from_a_server_stops_its_schedules(discord, clock) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    token = await fake.slash("19", "schedule", args="set 09:00 UTC")
    await discord.answer_of(token)
    await fake.dispatch("GUILD_DELETE", {"id": fake.guild_id})
    await discord.until(lambda s: s.exec(select(Workspace.uninstalled_at)).one() is not None, True)
    clock.advance(timedelta(hours=1))
    await tick(discord.bot)
    with discord.bot.session() as session:
        assert session.exec(select(Round)).all() == []
        assert session.exec(select(Channel.paused)).one() is True
