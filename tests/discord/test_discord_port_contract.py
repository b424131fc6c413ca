"""DiscordPort keeps the ChatPort contract against the fake Discord server."""

from __future__ import annotations

from bot.chat.ports import Place
from tests.port_contract import exercise


async def test_the_discord_port_keeps_the_contract(discord) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    await exercise(discord.bot.ports["discord"], Place(fake.guild_id, fake.channel_id), "11")
    assert len(fake.posted(fake.dm_channel("11"))) == 1  # in the DM channel Discord opened
