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
from adapters.send_errors import neutral_errors
from bot.chat.history import ThreadMessage
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
        message = await self._channel(place.channel).send(**send_kwargs(reply))
        thread_id = str(message.id)
        if reply.opens_thread:  # raw REST: a process without the gateway has no guild cache
            thread = await self.client.http.start_thread_with_message(
                message.channel.id, message.id, name=thread_name(reply), auto_archive_duration=1440
            )
            thread_id = str(thread["id"])
        return MessageRef(place.channel, str(message.id), thread_id, place.workspace)

    async def reply_in_thread(self, ref: MessageRef, reply: Reply) -> MessageRef:
        async def send() -> MessageRef:
            message = await self._channel(ref.thread_id or ref.channel).send(**send_kwargs(reply))
            return MessageRef(ref.channel, str(message.id), ref.thread_id, ref.workspace)

        return await self._on_client_loop(send())

    async def update(self, ref: MessageRef, reply: Reply) -> None:
        kwargs = message_kwargs(reply)
        kwargs.pop("file", None)
        await self._on_client_loop(self._channel(ref.channel).get_partial_message(int(ref.message_id)).edit(**kwargs))

    async def react(self, ref: MessageRef, emoji: str) -> None:
        message = self._channel(ref.thread_id or ref.channel).get_partial_message(int(ref.message_id))
        await self._on_client_loop(message.add_reaction(emoji))

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

    async def thread_replies(self, place: Place, thread_id: str, since: datetime | None) -> list[ThreadMessage]:
        """People's messages in the round's thread (one page of the channel's history)."""
        after = discord.utils.time_snowflake(since) - 1 if since else None

        async def read() -> list[ThreadMessage]:
            found = _json(await self.client.http.logs_from(int(thread_id), HISTORY_LIMIT, after=after))
            replies = []
            for message in sorted(found, key=lambda m: int(m["id"])):
                author = message.get("author") or {}
                if author.get("bot") or message.get("type", 0) not in PEOPLE_MESSAGE_TYPES:
                    continue
                name = (message.get("member") or {}).get("nick") or author.get("global_name") or author.get("username")
                person = UserRef(author["id"], name or "")
                replies.append(ThreadMessage(message["id"], person, message.get("content", "")))
            return replies

        return await self._on_client_loop(read())

    async def find_sent(
        self, place: Place, key: str, since: datetime, thread_id: str | None = None
    ) -> MessageRef | None:
        """Our keyed card among the channel's (or thread's) messages since `since`."""
        channel_id = thread_id or place.channel
        after = discord.utils.time_snowflake(since) - 1

        async def search() -> MessageRef | None:
            found = _json(await self.client.http.logs_from(int(channel_id), HISTORY_LIMIT, after=after))
            for message in found:
                if message["author"]["id"] == str(self.client.user.id if self.client.user else "") and carries_key(
                    message, key
                ):
                    thread = (message.get("thread") or {}).get("id") or thread_id
                    return MessageRef(place.channel, message["id"], thread or message["id"], place.workspace)
            return None

        return await self._on_client_loop(search())


def thread_name(reply: Reply) -> str:
    text = plain(reply.body or reply.title).strip()
    first_line = text.splitlines()[0] if text else "Answers"
    return (first_line[: THREAD_NAME_LIMIT - 1] + "…") if len(first_line) > THREAD_NAME_LIMIT else first_line


def _json(messages: list[MessagePayload]) -> list[dict[str, Any]]:
    """REST messages as plain JSON objects: read with `.get`, since fields such as `member`,
    `thread` or `type` may be absent whatever discord.py's TypedDicts promise."""
    return cast(list[dict[str, Any]], messages)
