"""DISCORD_API_URL / DISCORD_GATEWAY_URL move one client, never discord.py's globals."""

from __future__ import annotations

import discord
from discord.gateway import DiscordWebSocket
from yarl import URL

from adapters.discord.app import make_client
from adapters.discord.endpoints import redirected, redirects
from bot.settings import Settings

EMULATOR = Settings(
    _env_file=None,
    discord_token="t",
    discord_api_url="http://127.0.0.1:8081/api/v10/",
    discord_gateway_url="ws://127.0.0.1:8081/gateway",
)


def test_requests_for_discord_go_to_the_configured_urls() -> None:
    moved = redirects(EMULATOR)
    rest = URL("https://discord.com/api/v10/channels/200/messages?limit=5")
    assert str(redirected(rest, moved)) == "http://127.0.0.1:8081/api/v10/channels/200/messages?limit=5"
    gateway = URL("wss://gateway.discord.gg/?v=10&encoding=json")
    assert str(redirected(gateway, moved)) == "ws://127.0.0.1:8081/gateway?v=10&encoding=json"
    elsewhere = URL("https://cdn.discordapp.com/avatars/1/a.png")
    assert redirected(elsewhere, moved) is elsewhere
    assert redirects(Settings(_env_file=None, discord_token="t")) == {}


async def test_an_emulator_client_leaves_discord_py_globals_alone(fake_discord) -> None:  # type: ignore[no-untyped-def]
    base, gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    settings = EMULATOR.model_copy(update={"discord_api_url": fake_discord.api_url})
    client = make_client(settings)
    await client.login("test-bot-token")  # over the redirected connector, to the fake
    try:
        assert discord.http.Route.BASE == base == "https://discord.com/api/v10"
        assert gateway == DiscordWebSocket.DEFAULT_GATEWAY
        assert make_client(Settings(_env_file=None, discord_token="t")).moved == {}  # type: ignore[attr-defined]
    finally:
        await client.http.close()
