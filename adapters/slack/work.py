"""What happens after Slack's request is acknowledged: the Slack lookups, the core
call and the reply. A job is a name and plain JSON (Slack's own payload), so it can
run on a worker thread of this process or in a worker process (CORE_PROCESSES), where
it cannot take the interpreter lock from the event loop that acknowledges requests.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import ACTION_PREFIX, blocks_for, fallback_text, home_view, pages
from adapters.slack.inbound import readable
from adapters.slack.port import SlackPort, upload_png
from bot.chat.ports import ChannelRef, Reply, Tenant, ThreadRef, UserRef
from bot.commands.grammar import whole_number
from bot.core import Drillbot
from bot.inbox import Inbox, InboxPolicy, Item
from bot.render import answer_receipt

log = logging.getLogger("drillbot.slack")
USER_CACHE_SECONDS = 60  # admin rights taken away must stop working within a minute
RESPONSE_URL_USES = 5  # Slack: a response_url takes up to five messages within 30 minutes
Overflow = Callable[[Reply], Awaitable[None]]
CHART_FAILED = "I couldn't upload the chart here. Invite me to this channel (`/invite @Drillbot`) and try again."


class People:
    """Display names and admin rights from users.info, cached for a few minutes.
    Admins are workspace admins and owners, plus the SLACK_ADMINS list."""

    def __init__(self, extra_admins: set[str]) -> None:
        self.extra_admins = extra_admins
        self._cache: dict[tuple[str, str], tuple[float, UserRef]] = {}

    def forget(self, team: str, user_id: str) -> None:
        """Slack's `user_change`: the person's name or rights changed; ask again next time."""
        self._cache.pop((team, user_id), None)

    async def get(self, client: AsyncWebClient, team: str, user_id: str, fallback_name: str = "") -> UserRef:
        cached = self._cache.get((team, user_id))
        if cached and time.monotonic() - cached[0] < USER_CACHE_SECONDS:
            return cached[1]
        try:
            info = (await client.users_info(user=user_id))["user"]
        except Exception as error:  # a lookup failure must not lose the answer
            log.warning("users.info failed for %s: %s", user_id, error)
            return UserRef(user_id, fallback_name or user_id, user_id in self.extra_admins)
        profile = info.get("profile") or {}
        name = profile.get("display_name") or info.get("real_name") or info.get("name") or fallback_name or user_id
        admin = bool(info.get("is_admin") or info.get("is_owner")) or user_id in self.extra_admins
        user = UserRef(user_id, name, admin)
        self._cache[(team, user_id)] = (time.monotonic(), user)
        return user


class SlackWork:
    """The jobs: `command`, `button`, `answer`, `message`, `reaction`, `home`."""

    def __init__(self, bot: Drillbot, people: People, inbox_policy: InboxPolicy | None = None) -> None:
        self.bot = bot
        self.people = people
        port = bot.ports["slack"]
        assert isinstance(port, SlackPort)
        self.port = port
        self.inbox = Inbox(bot.engine, "slack", inbox_policy)

    async def run(self, job: str, *args: Any) -> None:
        await getattr(self, job)(*args)

    async def item(self, item_id: int, kind: str, payload: dict[str, Any]) -> bool:
        """An inbox row: processed under its lease, then marked done (bot/inbox.py)."""
        return await self.inbox.process(Item(item_id, kind, payload), lambda: self.run(kind, *payload["args"]))

    async def command(self, body: dict[str, Any]) -> None:
        ctx = Tenant("slack", body["team_id"], body.get("team_domain", ""))
        client = await self.port.client(ctx.workspace_id)
        user = await self.people.get(client, ctx.workspace_id, body["user_id"], body.get("user_name", ""))
        channel = ChannelRef(body["channel_id"], body.get("channel_name", ""))
        text = await readable(body.get("text", ""), keep_mentions=True)
        reply = await self.bot.handle_command(ctx, channel, user, text)
        respond = AsyncRespond(response_url=body["response_url"])
        await respond_with(respond, reply, overflow=self.overflow(client, channel.id, user.id))
        if reply.image is not None:
            try:
                await upload_png(client, channel.id, reply)
            except Exception as error:
                log.warning("chart upload to %s failed: %s", channel.id, error)
                await respond(text=CHART_FAILED, response_type="ephemeral")

    async def button(self, body: dict[str, Any]) -> None:
        action = body["actions"][0]
        ctx = Tenant("slack", body["team"]["id"], body["team"].get("domain", ""))
        client = await self.port.client(ctx.workspace_id)
        user = await self.people.get(client, ctx.workspace_id, body["user"]["id"], body["user"].get("username", ""))
        channel = ChannelRef(body["channel"]["id"], body["channel"].get("name", ""))
        name = action["action_id"].removeprefix(ACTION_PREFIX)
        reply = await self.bot.handle_button(ctx, channel, user, name, action.get("value", ""))
        overflow = self.overflow(client, channel.id, user.id)
        await respond_with(AsyncRespond(response_url=body["response_url"]), reply, overflow, replace_original=False)

    async def answer(self, sub: dict[str, Any]) -> None:
        """An answer box submitted: recorded, and a private receipt with an Edit button."""
        ctx = Tenant("slack", sub["team"])
        client = await self.port.client(ctx.workspace_id)
        user = await self.people.get(client, ctx.workspace_id, sub["user"], sub.get("username", ""))
        number = whole_number(sub.get("round", ""))
        outcome = None
        if number is not None:
            outcome = await self.bot.handle_answer(ctx, number, user, sub.get("text", ""), sub["id"])
        limit = self.bot.config.max_answer_chars
        receipt = answer_receipt(outcome, number or 0, len(sub.get("text", "").strip()), limit)
        if sub.get("channel"):
            text, blocks = fallback_text(receipt), blocks_for(receipt)
            await client.chat_postEphemeral(channel=sub["channel"], user=user.id, text=text, blocks=blocks)

    @staticmethod
    def overflow(client: AsyncWebClient, channel: str, user: str) -> Overflow:
        """Parts beyond what a response_url takes go through the Web API."""

        async def send(part: Reply) -> None:
            text, blocks = fallback_text(part), blocks_for(part)
            if part.private:
                await client.chat_postEphemeral(channel=channel, user=user, text=text, blocks=blocks)
            else:
                await client.chat_postMessage(channel=channel, text=text, blocks=blocks)

        return send

    async def message(self, event: dict[str, Any], team_id: str) -> None:
        ctx = Tenant("slack", team_id)
        subtype = event.get("subtype")
        channel = event.get("channel", "")
        if subtype == "message_changed":
            message = event.get("message") or {}
            if message.get("thread_ts") and not message.get("bot_id"):
                editor = UserRef(message["user"]) if message.get("user") else None
                text = await self.readable(team_id, message.get("text", ""))
                await self.bot.handle_edit(ctx, ThreadRef(channel, message["thread_ts"]), message["ts"], text, editor)
            return
        if subtype == "message_deleted":
            previous = event.get("previous_message") or {}
            if previous.get("thread_ts"):
                await self.bot.handle_delete(ctx, ThreadRef(channel, previous["thread_ts"]), event["deleted_ts"])
            return
        if subtype not in (None, "thread_broadcast", "file_share") or event.get("bot_id"):
            return  # joins, topic changes, other bots
        thread_ts = event.get("thread_ts")
        if not thread_ts or thread_ts == event.get("ts") or not event.get("user"):
            return  # not a reply in a thread
        client = await self.port.client(team_id)
        author = await self.people.get(client, team_id, event["user"])
        text = await self.readable(team_id, event.get("text", ""))
        await self.bot.handle_reply(ctx, ThreadRef(channel, thread_ts), author, text, event["ts"])

    async def readable(self, team_id: str, text: str) -> str:
        """The text as people read it (adapters/slack/inbound.py), mentioned people by name."""
        if "<" not in text and "&" not in text:
            return text
        client = await self.port.client(team_id)

        async def name_of(user_id: str) -> str:
            return (await self.people.get(client, team_id, user_id)).name

        return await readable(text, name_of)

    async def reaction(self, event: dict[str, Any], team_id: str, added: bool) -> None:
        item = event.get("item") or {}
        if item.get("type") != "message":
            return
        client = await self.port.client(team_id)
        giver = await self.people.get(client, team_id, event["user"])
        reaction = event.get("reaction", "")
        await self.bot.handle_reaction(Tenant("slack", team_id), item["channel"], item["ts"], giver, reaction, added)

    async def removed(self, team_id: str, user_ids: list[str] | None) -> None:
        """`app_uninstalled`, or `tokens_revoked`: the tokens are deleted at once; when the
        bot's own went, every schedule stops (the data goes after DELETE_AFTER_DAYS)."""
        await self.port.forget(team_id, user_ids=user_ids)
        if user_ids is None:
            await self.bot.handle_uninstall(Tenant("slack", team_id))

    async def user_change(self, event: dict[str, Any], team_id: str) -> None:
        user = event.get("user") or {}
        if user.get("id"):
            self.people.forget(team_id, user["id"])

    async def home(self, event: dict[str, Any], team_id: str) -> None:
        if event.get("tab", "home") != "home":
            return
        ctx = Tenant("slack", team_id)
        client = await self.port.client(team_id)
        user = await self.people.get(client, team_id, event["user"])
        await client.views_publish(user_id=user.id, view=home_view(await self.bot.home(ctx, user)))


async def respond_with(respond: Any, reply: Reply, overflow: Overflow | None = None, **extra: Any) -> None:
    """A command or button answer through its response_url (ephemeral when private), in
    as many parts as Slack's limits need; a response_url takes RESPONSE_URL_USES
    messages, the rest go through `overflow`."""
    for i, part in enumerate(pages(reply)):
        if i >= RESPONSE_URL_USES and overflow is not None:
            await overflow(part)
            continue
        await respond(
            text=fallback_text(part),
            blocks=blocks_for(part),
            response_type="ephemeral" if part.private else "in_channel",
            **(extra if i == 0 else {"replace_original": False}),
        )
