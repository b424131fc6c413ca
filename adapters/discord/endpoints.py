"""Pointing one discord.py client at another Discord (a local emulator, the test fake)
when DISCORD_API_URL / DISCORD_GATEWAY_URL are set, without touching discord.py's
globals: the client's own aiohttp connector sends what was addressed to discord.com
and to the gateway to the configured URLs instead. Every request of that client (REST,
interaction callbacks, the gateway) goes through its connector; other clients in the
same process are not affected."""

from __future__ import annotations

from typing import Any

import aiohttp
import discord
from discord.gateway import DiscordWebSocket
from yarl import URL

from bot.settings import Settings


def redirects(settings: Settings) -> dict[URL, URL]:
    """Real base URL -> the configured one, for what the settings override."""
    moved: dict[URL, URL] = {}
    if settings.discord_api_url:
        moved[URL(discord.http.Route.BASE)] = URL(settings.discord_api_url.rstrip("/"))
    if settings.discord_gateway_url:
        moved[DiscordWebSocket.DEFAULT_GATEWAY] = URL(settings.discord_gateway_url)
    return moved


def redirected(url: URL, moved: dict[URL, URL]) -> URL:
    """`url` under the configured base when it is under a real one it replaces."""
    for real, there in moved.items():
        prefix = real.raw_path.rstrip("/")
        if url.host == real.host and (url.raw_path == prefix or url.raw_path.startswith(prefix + "/")):
            rest = url.raw_path[len(prefix) :]
            path = there.raw_path.rstrip("/") + ("" if rest == "/" else rest)
            return URL.build(
                scheme=there.scheme,
                host=there.raw_host or "",
                port=there.explicit_port,
                path=path or "/",
                query_string=url.raw_query_string,
                encoded=True,
            )
    return url


class RedirectingConnector(aiohttp.TCPConnector):
    """A connector that sends requests for the real Discord to the configured URLs."""

    def __init__(self, moved: dict[URL, URL], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.moved = moved

    async def connect(self, req: Any, traces: Any, timeout: Any) -> Any:
        req.url = redirected(req.url, self.moved)
        return await super().connect(req, traces, timeout)
