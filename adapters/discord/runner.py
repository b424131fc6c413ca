"""Starting the Discord side of a process: the gateway connection for the discord
role, or only a REST login for a process that just posts (the clock)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import discord

from adapters.discord.app import DrillClient, attach
from bot.core import Drillbot
from bot.settings import Settings

log = logging.getLogger("drillbot.discord")
INTENT_HELP = (
    "Discord refused the Message Content intent. Turn on 'Message Content Intent' under Bot in the "
    "Developer Portal, or set DISCORD_MESSAGE_CONTENT=false (people then answer with the Answer button)."
)


async def start_discord(
    client: DrillClient, bot: Drillbot, settings: Settings, *, gateway: bool, failed: asyncio.Event
) -> Callable[[], Awaitable[None]]:
    """Log in (and connect, for the discord role). A connection that cannot be made
    for good (a bad token, a refused intent) is logged in one clear line and sets
    `failed`, which stops the process; network trouble is discord.py's to retry."""
    if not gateway:
        await client.login(settings.discord_token)
        return client.close
    handlers = attach(client, bot, settings)
    handlers.intake.pump.start()  # events a crash left in the inbox, at once and then every few seconds
    task = asyncio.create_task(client.start(settings.discord_token))

    def finished(done: asyncio.Task[None]) -> None:
        if done.cancelled():
            return
        error = done.exception()
        if isinstance(error, discord.PrivilegedIntentsRequired):
            log.error(INTENT_HELP)
        elif isinstance(error, discord.LoginFailure):
            log.error("Discord rejected DISCORD_TOKEN: %s", error)
        elif error is not None:
            log.error("the Discord connection ended: %r", error)
        failed.set()

    task.add_done_callback(finished)

    async def stop() -> None:
        await handlers.intake.pump.stop()
        await client.close()
        task.cancel()

    return stop
