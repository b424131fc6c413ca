"""Discord gateway events that change state (answers, edits, deletions, reactions, the
Answer modal) go through the durable inbox (bot/inbox.py) like Slack's: stored first,
processed under a lease, marked done. A process that dies between the two leaves the
row pending, and the discord role's pump takes it over after a restart. Messages in
threads that are not a round's are never stored."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from bot.chat.ports import Tenant, ThreadRef, UserRef
from bot.core import Drillbot
from bot.inbox import Inbox, InboxPolicy, InboxPump, Item
from bot.offload import off_loop
from bot.usecases.answers import ReplyOutcome
from bot.usecases.directory import find_workspace
from bot.usecases.rounds import round_for_thread

log = logging.getLogger("drillbot.discord")


class DiscordIntake:
    def __init__(self, bot: Drillbot, policy: InboxPolicy | None = None) -> None:
        self.bot = bot
        self.inbox = Inbox(bot.engine, "discord", policy)
        self.pump = InboxPump(self.inbox, self.submit, self.queued)
        self._running: dict[int, asyncio.Future[Any]] = {}

    # ---- in -------------------------------------------------------------------------------

    async def reply(self, guild: str, thread: str, author: UserRef, text: str, message_id: str) -> None:
        if not await asyncio.to_thread(self._is_round_thread, guild, thread):
            return
        payload = {"guild": guild, "thread": thread, "user": [author.id, author.name], "text": text, "id": message_id}
        await self.accept(f"message:{message_id}", "reply", payload)

    async def edit(
        self, guild: str, thread: str, message_id: str, text: str, edited_at: str, author: str | None = None
    ) -> None:
        if not await asyncio.to_thread(self._is_round_thread, guild, thread):
            return
        payload = {"guild": guild, "thread": thread, "id": message_id, "text": text, "author": author}
        await self.accept(f"edit:{message_id}:{edited_at or uuid.uuid4().hex}", "edit", payload)

    async def delete(self, guild: str, thread: str, message_id: str) -> None:
        await self.accept(f"delete:{message_id}", "delete", {"guild": guild, "thread": thread, "id": message_id})

    async def reaction(
        self, guild: str, channel: str, message_id: str, giver: UserRef, emoji: str, added: bool
    ) -> None:
        if not self.bot.gives_kudos(emoji):
            return
        payload = {
            "guild": guild,
            "channel": channel,
            "id": message_id,
            "user": [giver.id, giver.name],
            "emoji": emoji,
            "added": added,
        }
        # A reaction event carries no id of its own; add, remove and add again all count.
        await self.accept(f"reaction:{uuid.uuid4().hex}", "reaction", payload)

    async def answer(self, guild: str, round_id: int, author: UserRef, text: str, interaction_id: str) -> Any:
        """The Answer modal: stored, then recorded; returns the core's outcome (None when
        the round is not this server's)."""
        payload = {"guild": guild, "round": round_id, "user": [author.id, author.name], "text": text}
        payload["id"] = interaction_id
        return await self.accept(f"answer:{interaction_id}", "answer", payload)

    async def accept(self, key: str, kind: str, payload: dict[str, Any]) -> Any:
        item_id = await asyncio.to_thread(self.inbox.put, key, kind, payload, payload.get("guild") or None)
        if item_id is None:
            return ReplyOutcome.DUPLICATE  # the gateway replayed it after a resume
        return await self._run(Item(item_id, kind, payload))

    # ---- processing ---------------------------------------------------------------------

    def submit(self, item: Item) -> None:
        """For the pump: rows left pending by a crash."""
        if item.id not in self._running:
            self._running[item.id] = asyncio.ensure_future(self._run(item))

    def queued(self, item_id: int) -> bool:
        return item_id in self._running

    async def _run(self, item: Item) -> Any:
        result: list[Any] = []

        async def work() -> None:
            result.append(await self.work(item.kind, item.payload))

        try:
            await off_loop(self.inbox.process(item, work))
        finally:
            self._running.pop(item.id, None)
        return result[0] if result else None

    async def work(self, kind: str, p: dict[str, Any]) -> Any:
        ctx = Tenant("discord", p["guild"])
        thread = ThreadRef(p["thread"], p["thread"]) if "thread" in p else None
        if kind == "reply" and thread:
            return await self.bot.handle_reply(ctx, thread, UserRef(*p["user"]), p["text"], p["id"])
        if kind == "edit" and thread:
            editor = UserRef(p["author"]) if p.get("author") else None  # told if the edit is too long
            return await self.bot.handle_edit(ctx, thread, p["id"], p["text"], editor)
        if kind == "delete" and thread:
            return await self.bot.handle_delete(ctx, thread, p["id"])
        if kind == "reaction":
            giver = UserRef(*p["user"])
            return await self.bot.handle_reaction(ctx, p["channel"], p["id"], giver, p["emoji"], p["added"])
        if kind == "answer":
            return await self.bot.handle_answer(ctx, p["round"], UserRef(*p["user"]), p["text"], p["id"])
        raise ValueError(f"unknown inbox kind {kind!r}")

    def _is_round_thread(self, guild: str, thread: str) -> bool:
        with self.bot.session() as session:
            workspace = find_workspace(session, Tenant("discord", guild))
            return workspace is not None and round_for_thread(session, workspace.id, thread, thread) is not None
