"""The core's ChatPort on Slack's Web API, with slack_sdk's retry handlers: a 429
waits for Retry-After, a 5xx or a dropped connection is retried with backoff."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.send_errors import neutral_errors
from adapters.slack.blocks import blocks_for, fallback_text, pages
from adapters.slack.faults import REINSTALL, classify
from adapters.slack.history import HistoryGate
from adapters.slack.inbound import readable
from adapters.slack.storage import ThreadedInstallationStore
from bot.chat.errors import PermanentSendError
from bot.chat.history import ThreadHistory, ThreadMessage, gone_from
from bot.chat.ports import MessageRef, Place, Reply, UserRef

# History (the keyed-send look-up, reading a thread before a reveal) stays within the
# limits for apps outside the Slack Marketplace, and never waits: adapters/slack/history.py.
ANSWER_SUBTYPES = (None, "thread_broadcast", "file_share")


def retry_handlers() -> list[AsyncRetryHandler]:
    return [
        AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        AsyncServerErrorRetryHandler(max_retry_count=3),
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
    ]


def make_client(token: str | None, base_url: str, *, repeatable: bool = True) -> AsyncWebClient:
    """`repeatable=False` is for sends the core de-duplicates and retries itself, with
    the next attempt time in the database: no retry in the client, which would sleep
    (a 429's Retry-After) inside a scheduler tick."""
    handlers = retry_handlers() if repeatable else []
    return AsyncWebClient(token=token, base_url=base_url, retry_handlers=handlers)


CARD_EVENT = "drillbot_card"  # message metadata type that carries a card's key


def card_metadata(reply: Reply) -> dict[str, Any] | None:
    return {"event_type": CARD_EVENT, "event_payload": {"key": reply.key}} if reply.key else None


def has_key(message: dict[str, Any], key: str) -> bool:
    metadata = message.get("metadata") or {}
    return metadata.get("event_type") == CARD_EVENT and (metadata.get("event_payload") or {}).get("key") == key


async def upload_png(client: AsyncWebClient, channel: str, reply: Reply) -> None:
    """Share the reply's chart in the channel (files.getUploadURLExternal, the upload,
    files.completeUploadExternal: slack_sdk's files_upload_v2)."""
    assert reply.image is not None
    await client.files_upload_v2(
        channel=channel, content=reply.image, filename="drillbot-chart.png", title=reply.title or "Drillbot chart"
    )


async def display_name(client: AsyncWebClient, user_id: str) -> str:
    """A person's display name (users.info); empty when it cannot be had, which keeps the
    name the database knows."""
    try:
        info = (await client.users_info(user=user_id))["user"]
    except Exception:
        return ""
    profile = info.get("profile") or {}
    return profile.get("display_name") or info.get("real_name") or info.get("name") or ""


def fixed_token(token: str) -> Callable[[str], Awaitable[str]]:
    async def lookup(workspace: str) -> str:
        return token

    return lookup


def installed_token(store: ThreadedInstallationStore) -> Callable[[str], Awaitable[str]]:
    """A workspace's bot token, Enterprise Grid and org-wide installs included."""

    async def lookup(workspace: str) -> str:
        bot = await store.async_find_bot_for_team(workspace)
        if bot is None or not bot.bot_token:
            raise PermanentSendError("not_installed", REINSTALL)
        return bot.bot_token

    return lookup


class SlackPort:
    def __init__(
        self,
        token_for: Callable[[str], Awaitable[str]],
        base_url: str,
        store: ThreadedInstallationStore | None = None,
    ) -> None:
        self.token_for = token_for
        self.base_url = base_url
        self.store = store  # many-workspace mode: where the tokens are
        self._clients: dict[tuple[str, bool], AsyncWebClient] = {}
        self.history = HistoryGate()

    async def client(self, workspace: str, *, repeatable: bool = True) -> AsyncWebClient:
        token = await self.token_for(workspace)
        if (token, repeatable) not in self._clients:
            self._clients[token, repeatable] = make_client(token, self.base_url, repeatable=repeatable)
        return self._clients[token, repeatable]

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        with neutral_errors(classify):
            client = await self.client(place.workspace, repeatable=not reply.key)
            response = await client.chat_postMessage(
                channel=place.channel,
                text=fallback_text(reply),
                blocks=blocks_for(reply),
                metadata=card_metadata(reply),
                unfurl_links=False,
            )
        ts = response["ts"]
        if reply.image is not None:
            await upload_png(await self.client(place.workspace), place.channel, reply)
        return MessageRef(response.get("channel", place.channel), ts, ts, place.workspace)

    async def message_link(self, ref: MessageRef) -> str | None:
        """The message's permalink (chat.getPermalink), for a refusal that points to it."""
        with neutral_errors(classify):
            client = await self.client(ref.workspace)
            response = await client.chat_getPermalink(channel=ref.channel, message_ts=ref.message_id)
        link = response.get("permalink")
        return str(link) if link else None

    async def reply_in_thread(self, ref: MessageRef, reply: Reply) -> MessageRef:
        with neutral_errors(classify):
            client = await self.client(ref.workspace, repeatable=not reply.key)
            response = await client.chat_postMessage(
                channel=ref.channel,
                thread_ts=ref.thread_id,
                text=fallback_text(reply),
                blocks=blocks_for(reply),
                metadata=card_metadata(reply),
            )
        return MessageRef(ref.channel, response["ts"], ref.thread_id, ref.workspace)

    async def find_sent(
        self, place: Place, key: str, since: datetime, thread_id: str | None = None
    ) -> MessageRef | None:
        """Looks through the channel's (or thread's) messages since `since` for the card
        whose metadata carries `key`."""
        with neutral_errors(classify):
            return await self._find_sent(place, key, since, thread_id)

    async def _find_sent(
        self, place: Place, key: str, since: datetime, thread_id: str | None = None
    ) -> MessageRef | None:
        client = await self.client(place.workspace, repeatable=False)
        window = {"channel": place.channel, "oldest": f"{since.timestamp() - 1:.6f}", "include_all_metadata": True}
        if thread_id:  # oldest first: a reveal's part is near `since`
            pages = self.history.pages(place.workspace, client, "conversations.replies", ts=thread_id, **window)
        else:
            pages = self.history.pages(place.workspace, client, "conversations.history", **window)
        async for page in pages:
            for message in page.get("messages", []):
                if has_key(message, key):
                    ts = message["ts"]
                    return MessageRef(place.channel, ts, thread_id or ts, place.workspace)
        return None

    async def notify(self, workspace: str, user: str, reply: Reply) -> None:
        """A direct message (Drillbot's App Home messages) to the person who can act."""
        with neutral_errors(classify):
            client = await self.client(workspace)
            await client.chat_postMessage(channel=user, text=fallback_text(reply), blocks=blocks_for(reply))

    async def forget(self, workspace: str, *, user_ids: list[str] | None = None) -> None:
        """Delete stored tokens: the workspace's all (uninstalled, or its bot token was
        revoked), or only these users'. Single-token mode stores none."""
        if self.store is None:
            return
        enterprise_id, org_install = await self.store.async_team_owner(workspace)
        team_id = None if org_install else workspace  # an org-wide install is the organisation's
        if user_ids is None:
            await self.store.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)
            return
        for user_id in user_ids:
            await self.store.async_delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)

    async def thread_replies(self, place: Place, thread_id: str, since: datetime | None) -> ThreadHistory:
        """People's replies in the thread (conversations.replies, within Slack's limits),
        and which answers were deleted: those the pages' range covers and does not hold."""
        client = await self.client(place.workspace, repeatable=False)
        oldest = {"oldest": f"{since.timestamp() - 1:.6f}"} if since else {}
        pages = self.history.pages(
            place.workspace, client, "conversations.replies", channel=place.channel, ts=thread_id, **oldest
        )
        read = [page async for page in pages]
        messages = [message for page in read for message in page.get("messages", [])]
        found = []
        names: dict[str, str] = {}
        for message in messages:
            if message.get("ts") == thread_id or message.get("bot_id") or not message.get("user"):
                continue  # the question itself, Drillbot's and other bots' messages
            if message.get("subtype") in ANSWER_SUBTYPES:
                user = message["user"]
                if user not in names:
                    names[user] = await display_name(client, user)
                text = await readable(message.get("text", ""), lambda uid: display_name(client, uid))
                found.append(ThreadMessage(message["ts"], UserRef(user, names[user]), text))
        # Replies come oldest first; when the reading stopped before the end, nothing after it was read.
        through = messages[-1]["ts"] if messages and read[-1].get("has_more") else None
        seen = (m["ts"] for m in messages)
        return ThreadHistory(found, gone_from(seen, ts_order, oldest.get("oldest"), through))

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
        for part in pages(reply):
            await client.chat_postEphemeral(
                channel=place.channel, user=user, text=fallback_text(part), blocks=blocks_for(part)
            )

    def pages(self, reply: Reply) -> list[Reply]:
        return pages(reply)


def ts_order(ts: str) -> int | None:
    """A Slack message ts ("1764612345.123456") as a number in the thread's order."""
    seconds, dot, micros = ts.partition(".")
    if not (dot and seconds.isdigit() and micros.isdigit() and len(micros) == 6):
        return None
    return int(seconds + micros)
