"""Discord's entry in the platform registry. discord.py is imported only when Discord
is configured."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine

from adapters.platform import Platform, Serving, Stop
from bot.chat.ports import ChatPort
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.core import Drillbot


def make_port(settings: Settings, engine: Engine) -> ChatPort:
    from adapters.discord.app import make_client
    from adapters.discord.port import DiscordPort

    return DiscordPort(make_client(settings))  # logged in by `start`, as the role needs


async def start(bot: Drillbot, settings: Settings, engine: Engine, port: ChatPort, serving: Serving) -> list[Stop]:
    """The discord role connects to the gateway; any other process logs in to post."""
    from adapters.discord.app import DrillClient
    from adapters.discord.port import DiscordPort
    from adapters.discord.runner import start_discord

    assert isinstance(port, DiscordPort) and isinstance(port.client, DrillClient)  # made by make_port
    failed = serving.shutdown.failed
    return [await start_discord(port.client, bot, settings, gateway=serving.role, failed=failed)]


PLATFORM = Platform(
    name="discord",
    needs="DISCORD_TOKEN",
    enabled=lambda settings: settings.discord_enabled,
    check=lambda settings: None,  # a token is all it needs
    make_port=make_port,
    start=start,
)
