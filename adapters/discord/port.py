"""The core's ChatPort on Discord's REST API through discord.py's HTTP client.

discord.py's HTTP session belongs to the client's event loop, while core work runs on
worker threads (bot/offload.py): every call is handed to the client's loop. 5xx and
429 answers are retried by discord.py itself; the core's retry adds the rest.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

import discord

from adapters.discord.embeds import carries_key, message_kwargs, pages, send_kwargs
from adapters.discord.faults import classify
from adapters.discord.threads import (
    NOT_A_TEXT_CHANNEL,
    archive_minutes,
    forum_post,
    open_thread,
    unarchived,
    without_thread,
)
from adapters.send_errors import neutral_errors
from bot.chat.history import ThreadHistory, ThreadMessage, gone_from
from bot.chat.ports import MessageRef, Place, Reply, UserRef
from bot.chat.text import plain

if TYPE_CHECKING:  # discord.types is for type checkers: importing it at run time is circular
    from discord.types.message import Message as MessagePayload

    from adapters.discord.app import DrillClient

T = TypeVar("T")
THREAD_NAME_LIMIT = 100
HISTORY_LIMIT = 100
PEOPLE_MESSAGE_TYPES = (0, 19)  # a message, a reply (not joins, pins or the thread's starter)


class DiscordPort:
    def __init__(self, client: DrillClient) -> None:
        self.client = client

    async def _on_client_loop(self, work: Coroutine[Any, Any, T]) -> T:
        """Run on the client's loop; Discord's errors come back as the core's neutral ones."""
        loop = self.client.loop
        with neutral_errors(classify):
            if asyncio.get_running_loop() is loop:
                return await work
            return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, loop))

    def _channel(self, channel_id: str) -> discord.PartialMessageable:
        return self.client.get_partial_messageable(int(channel_id))

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        return await self._on_client_loop(self._post(place, reply))

    async def _post(self, place: Place, reply: Reply) -> MessageRef:
        """The card alone: its thread is the next step (`open_thread`), so a card whose
        thread Discord refuses is still a card, and never taken for a thread."""
        try:
            message = await self._channel(place.channel).send(**send_kwargs(reply))
        except discord.HTTPException as error:
            if error.code not in NOT_A_TEXT_CHANNEL or not reply.opens_thread:
                raise
            post = await forum_post(self.client.http, place.channel, reply, thread_name(reply))
            return MessageRef(place.channel, str(post["id"]), str(post["id"]), place.workspace)
        return MessageRef(place.channel, str(message.id), None, place.workspace)

    async def open_thread(self, ref: MessageRef, card: Reply) -> MessageRef:
        """The card's thread (raw REST: a process without the gateway has no guild cache),
        open until the reveal. Without one, the ref has no thread and says why."""

        async def edit_card() -> None:
            await self.update(ref, without_thread(card))

        minutes = archive_minutes(card.open_for)
        work = open_thread(self.client.http, ref, thread_name(card), minutes, edit_card)
        return await self._on_client_loop(work)

    async def message_link(self, ref: MessageRef) -> str | None:
        """Discord's message URL (guild, channel, message): no API call needed."""
        if not ref.workspace:
            return None
        return f"https://discord.com/channels/{ref.workspace}/{ref.channel}/{ref.message_id}"

    async def reply_in_thread(self, ref: MessageRef, reply: Reply) -> MessageRef:
        """In the round's thread (unarchived first if Discord archived it), or in the
        channel for a round that has no thread."""

        async def send() -> MessageRef:
            message = await self._channel(ref.thread_id or ref.channel).send(**send_kwargs(reply))
            return MessageRef(ref.channel, str(message.id), ref.thread_id, ref.workspace)

        return await self._on_client_loop(unarchived(self.client.http, ref.thread_id, send))

    async def update(self, ref: MessageRef, reply: Reply) -> None:
        kwargs = message_kwargs(reply)
        kwargs.pop("file", None)
        message = self._channel(ref.channel).get_partial_message(int(ref.message_id))
        await self._on_client_loop(message.edit(**kwargs))

    async def react(self, ref: MessageRef, emoji: str) -> None:
        message = self._channel(ref.thread_id or ref.channel).get_partial_message(int(ref.message_id))
        await self._on_client_loop(unarchived(self.client.http, ref.thread_id, lambda: message.add_reaction(emoji)))

    async def send_private(self, place: Place, user: str, reply: Reply) -> None:
        async def send() -> None:
            channel = await self.client.http.start_private_message(int(user))
            for part in pages(reply):
                await self._channel(str(channel["id"])).send(**message_kwargs(part))

        await self._on_client_loop(send())

    async def notify(self, workspace: str, user: str, reply: Reply) -> None:
        """A direct message to the person who can act (the server is `workspace`)."""
        await self.send_private(Place(workspace, ""), user, reply)

    def pages(self, reply: Reply) -> list[Reply]:
        return pages(reply)

    async def thread_replies(self, place: Place, thread_id: str, since: datetime | None) -> ThreadHistory:
        """People's messages in the round's thread (one page: the oldest after `since`),
        and which answers were deleted: those the page's range covers and does not hold."""
        after = discord.utils.time_snowflake(since) - 1 if since else None

        async def read() -> ThreadHistory:
            found = _json(await self.client.http.logs_from(int(thread_id), HISTORY_LIMIT, after=after))
            replies = []
            ordered = sorted(found, key=lambda m: int(m["id"]))
            for message in ordered:
                author = message.get("author") or {}
                if author.get("bot") or message.get("type", 0) not in PEOPLE_MESSAGE_TYPES:
                    continue
                name = (message.get("member") or {}).get("nick") or author.get("global_name") or author.get("username")
                person = UserRef(author["id"], name or "")
                replies.append(ThreadMessage(message["id"], person, message.get("content", "")))
            through = ordered[-1]["id"] if len(found) >= HISTORY_LIMIT else None  # a full page: more may follow
            start = None if after is None else str(after)
            return ThreadHistory(replies, gone_from((m["id"] for m in found), snowflake_order, start, through))

        return await self._on_client_loop(read())

    async def find_sent(
        self, place: Place, key: str, since: datetime, thread_id: str | None = None
    ) -> MessageRef | None:
        """Our keyed card among the channel's (or thread's) messages since `since`."""
        channel_id = thread_id or place.channel
        after = discord.utils.time_snowflake(since) - 1

        async def search() -> MessageRef | None:
            try:
                found = _json(await self.client.http.logs_from(int(channel_id), HISTORY_LIMIT, after=after))
            except discord.HTTPException as error:
                if error.code not in NOT_A_TEXT_CHANNEL or thread_id:
                    raise
                return await self._find_forum_post(place, key, after)  # a forum has posts, not messages
            for message in found:
                if self._ours(message, key):
                    # the card's thread if it has one; never the message's own id as a thread
                    thread = (message.get("thread") or {}).get("id") or thread_id
                    return MessageRef(place.channel, message["id"], thread, place.workspace)
            return None

        return await self._on_client_loop(search())

    def _ours(self, message: dict[str, Any], key: str) -> bool:
        me = str(self.client.user.id if self.client.user else "")
        return message["author"]["id"] == me and carries_key(message, key)

    async def _find_forum_post(self, place: Place, key: str, after: int) -> MessageRef | None:
        """Our keyed forum post: among the server's active threads in that forum since
        `after`, the one whose first message (it has the post's id) carries the key."""
        active = await self.client.http.get_active_threads(int(place.workspace))
        for thread in active.get("threads", []):
            post = str(thread["id"])
            if str(thread.get("parent_id")) != place.channel or int(post) <= after:
                continue
            (starter,) = _json([await self.client.http.get_message(int(post), int(post))])
            if self._ours(starter, key):
                return MessageRef(place.channel, post, post, place.workspace)
        return None


def thread_name(reply: Reply) -> str:
    text = plain(reply.body or reply.title).strip()
    first_line = text.splitlines()[0] if text else "Answers"
    return (first_line[: THREAD_NAME_LIMIT - 1] + "…") if len(first_line) > THREAD_NAME_LIMIT else first_line


def _json(messages: list[MessagePayload]) -> list[dict[str, Any]]:
    """REST messages as plain JSON objects: read with `.get`, since fields such as `member`,
    `thread` or `type` may be absent whatever discord.py's TypedDicts promise."""
    return cast(list[dict[str, Any]], messages)


def snowflake_order(message_id: str) -> int | None:
    """A Discord id as a number in the thread's order (snowflakes grow with time)."""
    return int(message_id) if message_id.isascii() and message_id.isdigit() else None
