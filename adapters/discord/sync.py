"""Registering `/drill` with Discord (`drillbot discord sync`).

A server copy (`--guild`) updates at once, for testing; the global registration takes
up to an hour to reach every server. A server with both shows `/drill` twice, and the
stale copy fails with "This interaction failed": a global sync therefore removes the
server copies, and `--clear-guild` removes one without touching the global one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import discord

from adapters.discord.app import DrillClient, drill_group, make_client
from bot.settings import Settings


@dataclass
class Synced:
    count: int  # commands registered (0 when only clearing)
    cleared: list[int] = field(default_factory=list)  # servers whose own copy was removed


@asynccontextmanager
async def logged_in(settings: Settings) -> AsyncIterator[DrillClient]:
    """A REST-only client carrying the command tree's shapes (never its callbacks)."""
    client = make_client(settings)
    assert isinstance(client, DrillClient)
    client.tree.add_command(drill_group(None))
    await client.login(settings.discord_token)
    try:
        yield client
    finally:
        await client.close()


async def sync_commands(settings: Settings, guild_id: int | None = None, *, clear_guild: int | None = None) -> Synced:
    """One server's copy (`guild_id`), the global registration (and no server copies
    left behind), or only removing one server's copy (`clear_guild`)."""
    async with logged_in(settings) as client:
        if clear_guild is not None:
            await client.tree.sync(guild=discord.Object(id=clear_guild))  # the tree has none for it: PUT []
            return Synced(0, [clear_guild])
        if guild_id is not None:
            guild = discord.Object(id=guild_id)
            client.tree.copy_global_to(guild=guild)
            return Synced(len(await client.tree.sync(guild=guild)))
        count = len(await client.tree.sync())
        cleared = []
        async for server in client.fetch_guilds(limit=None, with_counts=False):
            if await client.tree.fetch_commands(guild=server):
                await client.tree.sync(guild=server)
                cleared.append(server.id)
        return Synced(count, cleared)
