"""The Bolt app: Slack requests in, core calls, Block Kit out.

Slash commands and buttons are acknowledged at once and do their work in the
background afterwards, so Slack always gets its answer within three seconds. Every handler's
work (Slack lookups, the core, the reply) runs on a worker thread's own event loop
(bot/offload.py), so the loop that acknowledges requests is never kept busy by it;
slack_sdk opens an HTTP session per call, so its clients work from any loop. Events are
idempotent in the core (a message id counts once), so a redelivered event
(`x-slack-retry-num`) is processed again safely and never counted twice.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Coroutine
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine

from adapters.slack.blocks import ACTION_PREFIX, blocks_for, fallback_text, home_view
from adapters.slack.port import make_client, upload_png
from adapters.slack.storage import ThreadedInstallationStore, ThreadedStateStore
from bot.chat.ports import ChannelRef, Reply, Tenant, ThreadRef, UserRef
from bot.core import Drillbot
from bot.offload import off_loop
from bot.settings import Settings

log = logging.getLogger("drillbot.slack")
SCOPES = [
    "commands",
    "chat:write",
    "channels:history",
    "groups:history",
    "reactions:read",
    "users:read",
    "files:write",
]
CHART_FAILED = "I couldn't upload the chart here. Invite me to this channel (`/invite @Drillbot`) and try again."
USER_CACHE_SECONDS = 600


class People:
    """Display names and admin rights from users.info, cached for a few minutes.
    Admins are workspace admins and owners, plus the SLACK_ADMINS list."""

    def __init__(self, extra_admins: set[str]) -> None:
        self.extra_admins = extra_admins
        self._cache: dict[tuple[str, str], tuple[float, UserRef]] = {}

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


def build_app(bot: Drillbot, settings: Settings, engine: Engine) -> AsyncApp:
    """The AsyncApp for one workspace (SLACK_BOT_TOKEN) or many (OAuth install)."""
    options: dict[str, Any] = {
        "signing_secret": settings.slack_signing_secret,
        "process_before_response": False,
        "raise_error_for_unhandled_request": False,
    }
    if settings.slack_client_id:
        options["client"] = make_client(None, settings.slack_api_url)
        options["oauth_settings"] = AsyncOAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            scopes=SCOPES,
            installation_store=ThreadedInstallationStore(settings.slack_client_id, engine),
            state_store=ThreadedStateStore(engine),
            install_path="/slack/install",
            redirect_uri_path="/slack/oauth_redirect",
        )
    else:
        options["client"] = make_client(settings.slack_bot_token, settings.slack_api_url)
    app = AsyncApp(**options)
    register(app, bot, People(set(settings.slack_admin_ids)))
    return app


def register(app: AsyncApp, bot: Drillbot, people: People) -> None:
    async def on_command(ack: Any, body: dict[str, Any], client: AsyncWebClient, respond: Any) -> None:
        await ack()
        in_background(command(body, client, respond))

    async def command(body: dict[str, Any], client: AsyncWebClient, respond: Any) -> None:
        ctx = Tenant("slack", body["team_id"], body.get("team_domain", ""))
        user = await people.get(client, ctx.workspace_id, body["user_id"], body.get("user_name", ""))
        channel = ChannelRef(body["channel_id"], body.get("channel_name", ""))
        reply = await bot.handle_command(ctx, channel, user, body.get("text", ""))
        await respond_with(respond, reply)
        if reply.image is not None:
            try:
                await upload_png(client, channel.id, reply)
            except Exception as error:
                log.warning("chart upload to %s failed: %s", channel.id, error)
                await respond(text=CHART_FAILED, response_type="ephemeral")

    async def on_button(ack: Any, body: dict[str, Any], client: AsyncWebClient, respond: Any) -> None:
        await ack()
        in_background(button(body, client, respond))

    async def button(body: dict[str, Any], client: AsyncWebClient, respond: Any) -> None:
        action = body["actions"][0]
        ctx = Tenant("slack", body["team"]["id"], body["team"].get("domain", ""))
        user = await people.get(client, ctx.workspace_id, body["user"]["id"], body["user"].get("username", ""))
        channel = ChannelRef(body["channel"]["id"], body["channel"].get("name", ""))
        name = action["action_id"].removeprefix(ACTION_PREFIX)
        reply = await bot.handle_button(ctx, channel, user, name, action.get("value", ""))
        await respond_with(respond, reply, replace_original=False)

    app.command("/drill")(on_command)
    app.action(re.compile(f"^{ACTION_PREFIX}"))(on_button)

    @app.event("message")
    async def on_message(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        await off_loop(message(event, body, client))

    async def message(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        ctx = Tenant("slack", body["team_id"])
        subtype = event.get("subtype")
        channel = event.get("channel", "")
        if subtype == "message_changed":
            message = event.get("message") or {}
            if message.get("thread_ts") and not message.get("bot_id"):
                await bot.handle_edit(
                    ctx, ThreadRef(channel, message["thread_ts"]), message["ts"], message.get("text", "")
                )
            return
        if subtype == "message_deleted":
            previous = event.get("previous_message") or {}
            if previous.get("thread_ts"):
                await bot.handle_delete(ctx, ThreadRef(channel, previous["thread_ts"]), event["deleted_ts"])
            return
        if subtype not in (None, "thread_broadcast", "file_share") or event.get("bot_id"):
            return  # joins, topic changes, other bots
        thread_ts = event.get("thread_ts")
        if not thread_ts or thread_ts == event.get("ts") or not event.get("user"):
            return  # not a reply in a thread
        author = await people.get(client, ctx.workspace_id, event["user"])
        await bot.handle_reply(ctx, ThreadRef(channel, thread_ts), author, event.get("text", ""), event["ts"])

    async def on_reaction(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, added: bool) -> None:
        item = event.get("item") or {}
        if item.get("type") != "message":
            return
        ctx = Tenant("slack", body["team_id"])
        giver = await people.get(client, ctx.workspace_id, event["user"])
        await bot.handle_reaction(ctx, item["channel"], item["ts"], giver, event.get("reaction", ""), added)

    @app.event("reaction_added")
    async def on_reaction_added(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        await off_loop(on_reaction(event, body, client, added=True))

    @app.event("reaction_removed")
    async def on_reaction_removed(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        await off_loop(on_reaction(event, body, client, added=False))

    @app.event("app_home_opened")
    async def on_home(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        await off_loop(home(event, body, client))

    async def home(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        ctx = Tenant("slack", body["team_id"])
        user = await people.get(client, ctx.workspace_id, event["user"])
        await client.views_publish(user_id=user.id, view=home_view(await bot.home(ctx, user)))


_background: set[asyncio.Future[Any]] = set()


def in_background(work: Coroutine[Any, Any, None]) -> None:
    """Start the work on a core worker after the ack, keeping a reference until it ends.
    (Bolt's lazy listeners would do the same, but copy the whole request on the event
    loop first, which measurably slowed acks under load.)"""
    future = asyncio.ensure_future(off_loop(work))
    _background.add(future)
    future.add_done_callback(_background.discard)


async def respond_with(respond: Any, reply: Reply, **extra: Any) -> None:
    """A command or button answer through its response_url: ephemeral when private."""
    await respond(
        text=fallback_text(reply),
        blocks=blocks_for(reply),
        response_type="ephemeral" if reply.private else "in_channel",
        **extra,
    )
