"""The core's ChatPort on Slack's Web API, with slack_sdk's retry handlers: a 429
waits for Retry-After, a 5xx or a dropped connection is retried with backoff."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import blocks_for, fallback_text
from bot.chat.ports import MessageRef, Place, Reply


def retry_handlers() -> list:  # type: ignore[type-arg]
    return [
        AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        AsyncServerErrorRetryHandler(max_retry_count=3),
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
    ]


def make_client(token: str | None, base_url: str) -> AsyncWebClient:
    return AsyncWebClient(token=token, base_url=base_url, retry_handlers=retry_handlers())


class NotInstalled(Exception):
    """No bot token is known for a workspace (the app was removed, or never installed)."""


def fixed_token(token: str) -> Callable[[str], Awaitable[str]]:
    async def lookup(workspace: str) -> str:
        return token

    return lookup


def installed_token(store: AsyncInstallationStore) -> Callable[[str], Awaitable[str]]:
    async def lookup(workspace: str) -> str:
        bot = await store.async_find_bot(enterprise_id=None, team_id=workspace)
        if bot is None or not bot.bot_token:
            raise NotInstalled(f"Drillbot is not installed in Slack workspace {workspace}")
        return bot.bot_token

    return lookup


class SlackPort:
    def __init__(self, token_for: Callable[[str], Awaitable[str]], base_url: str) -> None:
        self.token_for = token_for
        self.base_url = base_url
        self._clients: dict[str, AsyncWebClient] = {}

    async def client(self, workspace: str) -> AsyncWebClient:
        token = await self.token_for(workspace)
        if token not in self._clients:
            self._clients[token] = make_client(token, self.base_url)
        return self._clients[token]

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        client = await self.client(place.workspace)
        response = await client.chat_postMessage(
            channel=place.channel, text=fallback_text(reply), blocks=blocks_for(reply), unfurl_links=False
        )
        ts = response["ts"]
        return MessageRef(response.get("channel", place.channel), ts, ts, place.workspace)

    async def reply_in_thread(self, ref: MessageRef, reply: Reply) -> MessageRef:
        client = await self.client(ref.workspace)
        response = await client.chat_postMessage(
            channel=ref.channel, thread_ts=ref.thread_id, text=fallback_text(reply), blocks=blocks_for(reply)
        )
        return MessageRef(ref.channel, response["ts"], ref.thread_id, ref.workspace)

    async def update(self, ref: MessageRef, reply: Reply) -> None:
        client = await self.client(ref.workspace)
        await client.chat_update(
            channel=ref.channel, ts=ref.message_id, text=fallback_text(reply), blocks=blocks_for(reply)
        )

    async def react(self, ref: MessageRef, emoji: str) -> None:
        client = await self.client(ref.workspace)
        await client.reactions_add(channel=ref.channel, timestamp=ref.message_id, name=emoji)

    async def send_private(self, place: Place, user: str, reply: Reply) -> None:
        client = await self.client(place.workspace)
        await client.chat_postEphemeral(
            channel=place.channel, user=user, text=fallback_text(reply), blocks=blocks_for(reply)
        )
