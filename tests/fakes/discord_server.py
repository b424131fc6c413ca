"""A local fake of Discord's REST API and gateway for end-to-end tests.

The real discord.py client connects to it (Route.BASE and the gateway URL are
settings): the gateway says HELLO, takes IDENTIFY and heartbeats, sends READY and
GUILD_CREATE, and tests push MESSAGE_CREATE/UPDATE/DELETE, MESSAGE_REACTION_ADD/
REMOVE and INTERACTION_CREATE with the JSON Discord sends. The REST side keeps the
messages, threads, interaction callbacks and followups the bot sends, in Discord's
wire format, so discord.py's own parsing, thread creation and responses all run.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.loopback import serve
from tests.fakes.platform_limits import discord_mentions, discord_refusal
from tests.fakes.waiting import as_async, eventually

API = "/api/v10"
DISCORD_EPOCH_MS = 1420070400000
MANAGE_GUILD = 1 << 5
SEND_MESSAGES = 1 << 11
# The bot's permissions in the fake's channels, by name (Discord's permission flags).
THREAD_PERMISSIONS = frozenset({"CREATE_PUBLIC_THREADS", "SEND_MESSAGES_IN_THREADS", "MANAGE_THREADS"})
ARCHIVE_MINUTES = (60, 1440, 4320, 10080)  # the auto_archive_duration values Discord accepts
TEXT, DM, VOICE, ANNOUNCEMENT, PUBLIC_THREAD, FORUM = 0, 1, 2, 5, 11, 15
EPHEMERAL = 64


def error_body(code: int, message: str) -> dict[str, Any]:
    return {"message": message, "code": code}


MISSING_PERMISSIONS = error_body(50013, "Missing Permissions")
ARCHIVED = error_body(50083, "Thread is archived")


def json_response(data: Any, status: int = 200) -> web.Response:
    """JSON with the bare content type Discord sends (discord.py compares it exactly)."""
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})


def iso(at: datetime | None = None) -> str:
    return (at or datetime.now(UTC)).isoformat()


def user_json(user_id: str, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": user_id,
        "username": name.lower(),
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


@dataclass
class FakeDiscord:
    guild_id: str = "100"
    guild_name: str = "Study Group"
    channel_id: str = "200"
    app_id: str = "300"
    bot_id: str = "300"
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    admins: set[str] = field(default_factory=set)
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> message JSON (as Discord keeps it)
    ephemeral: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> an ephemeral interaction answer
    threads: dict[str, dict[str, Any]] = field(default_factory=dict)
    callbacks: list[dict[str, Any]] = field(default_factory=list)  # interaction responses
    followups: list[dict[str, Any]] = field(default_factory=list)
    reactions: list[tuple[str, str]] = field(default_factory=list)  # (message id, emoji) the bot added
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # scope -> synced commands
    uploads: list[tuple[str, bytes]] = field(default_factory=list)  # (filename, bytes)
    identified: int = 0
    gateway_closes: list[int | None] = field(default_factory=list)  # close codes of ended gateway connections
    permissions: set[str] = field(default_factory=lambda: set(THREAD_PERMISSIONS))  # the bot's, in every channel
    channel_types: dict[str, int] = field(default_factory=dict)  # channel id -> Discord channel type
    unarchived: list[str] = field(default_factory=list)  # threads the bot unarchived, in order
    guilds: list[str] = field(default_factory=list)  # servers the bot is in (the guild_id's by default)
    _deferred: dict[str, dict[str, bool]] = field(default_factory=dict)  # token -> deferral state
    _issued: dict[str, float] = field(default_factory=dict)  # token -> when its interaction was sent (monotonic)
    response_window: float = 3.0  # Discord: the first response within 3 s, or "Unknown interaction"
    followup_window: float = 15 * 60.0  # Discord: an interaction token works for follow-ups for 15 minutes
    refused: list[dict[str, Any]] = field(default_factory=list)  # 400 bodies for messages over the limits
    _failures: dict[str, list[int]] = field(default_factory=dict)
    _lost_answers: dict[str, int] = field(default_factory=dict)
    _lost_status: dict[str, int] = field(default_factory=dict)
    now: Callable[[], float] = time.time  # Discord's clock: snowflake ids carry the creation time
    _last_id: int = 0
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _seq: itertools.count = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    port: int = 0

    # ---- control ---------------------------------------------------------------------

    def add_user(self, user_id: str, name: str, *, admin: bool = False) -> None:
        self.users[user_id] = user_json(user_id, name)
        if admin:
            self.admins.add(user_id)

    def archive(self, thread_id: str, *, locked: bool = False) -> None:
        """Discord archives a quiet thread after its auto_archive_duration."""
        self.threads[thread_id]["thread_metadata"].update(archived=True, locked=locked)

    def channel_type(self, channel_id: str) -> int:
        if channel_id in self.threads:
            return self.threads[channel_id]["type"]
        if channel_id.startswith("dm"):
            return DM
        return self.channel_types.get(channel_id, TEXT)

    def fail(self, route: str, status: int, *, times: int = 1) -> None:
        """The next `times` calls whose 'METHOD /path' contains `route` answer `status`."""
        self._failures.setdefault(route, []).extend([status] * times)

    def lose_answer(self, route: str, *, times: int = 1, status: int = 500) -> None:
        """Do the next `times` calls matching `route`, then answer `status` (500, or a 503
        that discord.py does not retry itself) as if the reply were lost: the caller cannot
        tell whether Discord acted."""
        self._lost_answers[route] = self._lost_answers.get(route, 0) + times
        self._lost_status[route] = status

    def new_id(self) -> str:
        """A snowflake: milliseconds since Discord's epoch, shifted, unique and rising."""
        self._last_id = max(self._last_id + 1, int(self.now() * 1000 - DISCORD_EPOCH_MS) << 22)
        return str(self._last_id)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def posted(self, channel_id: str | None = None) -> list[dict[str, Any]]:
        return [m for m in self.messages.values() if channel_id is None or m["channel_id"] == channel_id]

    async def wait_for(self, check: Callable[[], Any], timeout: float = 10.0) -> Any:
        return await eventually(as_async(check), timeout, lambda _: "the fake Discord did not see the expected calls")

    async def wait_connected(self, timeout: float = 10.0) -> None:
        await self.wait_for(lambda: self.identified and self._sockets, timeout)

    # ---- gateway events the tests send -------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        payload = json.dumps({"op": 0, "t": event, "s": next(self._seq), "d": data})
        for socket in list(self._sockets):
            if not socket.closed:
                await socket.send_str(payload)

    def member_json(self, user_id: str) -> dict[str, Any]:
        permissions = MANAGE_GUILD | SEND_MESSAGES if user_id in self.admins else SEND_MESSAGES
        return {
            "user": self.users[user_id],
            "nick": None,
            "avatar": None,
            "roles": [],
            "joined_at": iso(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "permissions": str(permissions),
        }

    def user_message(self, channel_id: str, user_id: str, content: str) -> dict[str, Any]:
        message = self._message(channel_id, self.users[user_id], content)
        member = self.member_json(user_id)
        member.pop("user")
        message["member"] = member
        self.messages[message["id"]] = message
        return message

    async def say(self, channel_id: str, user_id: str, content: str) -> dict[str, Any]:
        message = self.user_message(channel_id, user_id, content)
        await self.dispatch("MESSAGE_CREATE", message)
        return message

    async def edit(self, message_id: str, content: str) -> None:
        message = self.messages[message_id]
        message.update(content=content, edited_timestamp=iso())
        await self.dispatch("MESSAGE_UPDATE", message)

    async def delete(self, message_id: str) -> None:
        message = self.messages.pop(message_id)
        await self.dispatch(
            "MESSAGE_DELETE", {"id": message_id, "channel_id": message["channel_id"], "guild_id": self.guild_id}
        )

    async def react(
        self, message_id: str, user_id: str, emoji: str, *, added: bool = True, emoji_id: str | None = None
    ) -> None:
        """A reaction as Discord sends it: a Unicode emoji whole (👍🏽 with its skin tone),
        a custom one by name with its id."""
        message = self.messages[message_id]
        data: dict[str, Any] = {
            "user_id": user_id,
            "channel_id": message["channel_id"],
            "message_id": message_id,
            "guild_id": self.guild_id,
            "emoji": {"id": emoji_id, "name": emoji},
            "burst": False,
            "type": 0,
        }
        if added:
            data["member"] = self.member_json(user_id)
            data["message_author_id"] = message["author"]["id"]
        await self.dispatch("MESSAGE_REACTION_ADD" if added else "MESSAGE_REACTION_REMOVE", data)

    @staticmethod
    def dm_channel(user_id: str | int) -> str:
        """The id of the direct-message channel with a user (a snowflake, as discord.py expects)."""
        return str(9_000_000 + int(user_id))

    def interaction(self, user_id: str, kind: int, data: dict[str, Any], channel_id: str | None = None) -> dict:
        channel = channel_id or self.channel_id
        token = f"tok{self.new_id()}"
        self._issued[token] = time.monotonic()
        return {
            "id": self.new_id(),
            "application_id": self.app_id,
            "type": kind,
            "data": data,
            "guild_id": self.guild_id,
            "channel_id": channel,
            "channel": self.threads.get(channel) or self._text_channel(channel),
            "member": self.member_json(user_id),
            "token": token,
            "version": 1,
            "app_permissions": str(SEND_MESSAGES),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": self.guild_id},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }

    def _text_channel(self, channel_id: str) -> dict[str, Any]:
        """The channel an interaction carries, with the fields Discord sends for its type."""
        channel: dict[str, Any] = {"id": channel_id, "type": self.channel_type(channel_id), "name": "general"}
        channel.update(
            guild_id=self.guild_id,
            position=0,
            permission_overwrites=[],
            nsfw=False,
            parent_id=None,
            rate_limit_per_user=0,
        )
        if channel["type"] == VOICE:
            channel.update(bitrate=64000, user_limit=0, rtc_region=None, last_message_id=None)
        return channel

    async def slash(self, user_id: str, subcommand: str, channel_id: str | None = None, **options: Any) -> str:
        """`/drill SUBCOMMAND option:value ...` as Discord delivers it; returns the token."""
        types = {str: 3, int: 4, bool: 5}
        data = {
            "id": "400",
            "name": "drill",
            "type": 1,
            "options": [
                {
                    "name": subcommand,
                    "type": 1,
                    "options": [{"name": k, "type": types[type(v)], "value": v} for k, v in options.items()],
                }
            ],
        }
        payload = self.interaction(user_id, 2, data, channel_id)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload["token"]

    async def press(self, user_id: str, custom_id: str, message_id: str) -> str:
        payload = self.interaction(user_id, 3, {"custom_id": custom_id, "component_type": 2})
        payload["message"] = self.messages.get(message_id) or self.ephemeral[message_id]
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload["token"]

    async def submit(self, user_id: str, custom_id: str, values: dict[str, str]) -> str:
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": name, "value": value}]}
            for name, value in values.items()
        ]
        payload = self.interaction(user_id, 5, {"custom_id": custom_id, "components": rows})
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload["token"]

    def responses_to(self, token: str) -> list[dict[str, Any]]:
        return [c for c in self.callbacks + self.followups if c["token"] == token]

    # ---- server ------------------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API + "/{path:.*}", self._rest)
        self._runner, self.port = await serve(app)
        return self

    async def stop(self) -> None:
        for socket in self._sockets:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        async for frame in socket:
            if frame.type != WSMsgType.TEXT:
                continue
            message = json.loads(frame.data)
            if message["op"] == 1:
                await socket.send_str(json.dumps({"op": 11}))
            elif message["op"] == 2:
                await self._identify(socket, message["d"])
        if socket in self._sockets:
            self._sockets.remove(socket)
        self.gateway_closes.append(socket.close_code)
        return socket

    async def _identify(self, socket: web.WebSocketResponse, identify: dict[str, Any]) -> None:
        assert identify["token"].startswith("test-bot-token"), "IDENTIFY must carry the bot token"
        self.identified += 1
        shard = identify.get("shard") or [0, 1]
        ready = {
            "v": 10,
            "user": user_json(self.bot_id, "Drillbot", bot=True) | {"verified": True, "mfa_enabled": False},
            "guilds": [{"id": self.guild_id, "unavailable": True}],
            "session_id": f"session{self.identified}",
            "resume_gateway_url": self.gateway_url,
            "shard": shard,
            "application": {"id": self.app_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        await socket.send_str(json.dumps({"op": 0, "t": "READY", "s": next(self._seq), "d": ready}))
        self._sockets.append(socket)
        await socket.send_str(json.dumps({"op": 0, "t": "GUILD_CREATE", "s": next(self._seq), "d": self._guild()}))

    def _guild(self) -> dict[str, Any]:
        return {
            "id": self.guild_id,
            "name": self.guild_name,
            "icon": None,
            "owner_id": "1",
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "features": [],
            "roles": [
                {
                    "id": self.guild_id,
                    "name": "@everyone",
                    "permissions": str(SEND_MESSAGES),
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "emojis": [],
            "stickers": [],
            "channels": [
                {
                    "id": self.channel_id,
                    "type": 0,
                    "name": "general",
                    "position": 0,
                    "permission_overwrites": [],
                    "nsfw": False,
                    "parent_id": None,
                    "topic": None,
                    "last_message_id": None,
                    "rate_limit_per_user": 0,
                }
            ],
            "threads": [],
            "members": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "member_count": len(self.users) + 1,
            "large": False,
            "unavailable": False,
            "joined_at": iso(),
            "premium_progress_bar_enabled": False,
        }

    # ---- REST --------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["path"]
        route = f"{request.method} {path}"
        for pattern, queued in self._failures.items():
            if pattern in route and queued:
                status = queued.pop(0)
                return json_response({"message": "upstream error", "code": 0}, status=status)
        needs_token = not path.startswith(("/interactions/", "/webhooks/"))  # those carry their own token
        if needs_token and request.headers.get("Authorization") != "Bot test-bot-token":
            return json_response({"message": "401: Unauthorized", "code": 0}, status=401)
        parts = path.strip("/").split("/")
        if parts[0] == "webhooks" and len(parts) > 2 and self._expired(parts[2]):
            return json_response(error_body(50027, "Invalid Webhook Token"), status=401)
        body, files = await self._body(request)
        refusal = self._refusal(request.method, parts, body)
        if refusal is not None:
            self.refused.append(refusal)
            return json_response(refusal, status=400)
        forbidden = self._thread_rules(request.method, parts, body)
        if forbidden is not None:
            status, error = forbidden
            self.refused.append(error)
            return json_response(error, status=status)
        answer = self._answer(request.method, parts, body, files, dict(request.query))
        if answer is None:
            return json_response({"message": f"unknown route {route}", "code": 0}, status=404)
        status, data = answer
        for pattern, left in self._lost_answers.items():
            if pattern in route and left:
                self._lost_answers[pattern] -= 1
                return json_response({"message": "upstream timeout", "code": 0}, status=self._lost_status[pattern])
        return json_response(data, status=status) if data is not None else web.Response(status=status)

    async def _body(self, request: web.Request) -> tuple[dict[str, Any], list[tuple[str, bytes]]]:
        if request.content_type == "multipart/form-data":
            body: dict[str, Any] = {}
            files = []
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    body = json.loads(await part.text())
                else:
                    files.append((part.filename or "", bytes(await part.read())))
            return body, files
        raw = await request.read()
        return (json.loads(raw) if raw else {}), []

    def _answer(
        self, method: str, parts: list[str], body: dict[str, Any], files: list[tuple[str, bytes]], query: dict
    ) -> tuple[int, Any] | None:
        match method, parts:
            case "GET", ["users", "@me"]:
                return 200, user_json(self.bot_id, "Drillbot", bot=True) | {"verified": True, "mfa_enabled": False}
            case "GET", ["oauth2", "applications", "@me"]:
                return 200, {
                    "id": self.app_id,
                    "name": "Drillbot",
                    "description": "",
                    "icon": None,
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "owner": user_json("1", "Owner"),
                    "verify_key": "0" * 64,
                    "flags": 0,
                }
            case "GET", ["gateway", "bot"]:
                limits = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
                return 200, {"url": self.gateway_url, "shards": 1, "session_start_limit": limits}
            case "GET", ["gateway"]:
                return 200, {"url": self.gateway_url}
            case "PUT", ["applications", _, "commands"]:
                self.commands["global"] = body  # type: ignore[assignment]
                return 200, [self._command(c) for c in body]  # type: ignore[union-attr]
            case "PUT", ["applications", _, "guilds", guild, "commands"]:
                self.commands[guild] = body  # type: ignore[assignment]
                return 200, [self._command(c, guild) for c in body]  # type: ignore[union-attr]
            case "POST", ["channels", channel, "messages"]:
                if body.get("enforce_nonce") and (same := self._by_nonce(channel, body.get("nonce"))):
                    return 200, same  # Discord's answer to a repeated send with the same nonce
                self.uploads.extend(files)
                message = self._message(channel, self.users_bot, body.get("content") or "", body, files)
                message["nonce"] = body.get("nonce")
                self.messages[message["id"]] = message
                return 200, message
            case "GET", ["channels", channel, "messages"]:
                # Newest first in the answer; with `after`, the `limit` messages right after
                # it (the oldest of those after it), without it the newest.
                after, limit = int(query.get("after", 0)), int(query.get("limit", 50))
                found = sorted((m for m in self.posted(channel) if int(m["id"]) > after), key=lambda m: int(m["id"]))
                page = found[:limit] if "after" in query else found[-limit:]
                return 200, list(reversed(page))
            case "PATCH", ["channels", _, "messages", message_id]:
                self.messages[message_id].update({k: v for k, v in body.items() if k in {"embeds", "components"}})
                return 200, self.messages[message_id]
            case "POST", ["channels", channel, "messages", message_id, "threads"]:
                thread = self._thread(channel, message_id, body.get("name", "thread"), body["auto_archive_duration"])
                self.threads[thread["id"]] = thread
                self.messages[message_id]["thread"] = thread
                return 201, thread
            case "GET", ["channels", channel, "messages", message_id] if message_id in self.messages:
                return 200, self.messages[message_id]
            case "PATCH", ["channels", channel] if channel in self.threads:
                metadata = self.threads[channel]["thread_metadata"]
                if metadata["archived"] and body.get("archived") is False:
                    self.unarchived.append(channel)
                metadata.update({k: body[k] for k in ("archived", "locked") if k in body})
                return 200, self.threads[channel]
            case "POST", ["channels", forum, "threads"] if self.channel_type(forum) == FORUM:
                post = self._thread(forum, self.new_id(), body["name"], body["auto_archive_duration"])
                first = body["message"]
                starter = self._message(post["id"], self.users_bot, first.get("content") or "", first)
                starter["id"] = post["id"]  # a forum post's first message has the post's id
                self.threads[post["id"]], self.messages[post["id"]] = post, starter
                return 201, {**post, "message": starter}
            case "GET", ["guilds", _, "threads", "active"]:
                active = [t for t in self.threads.values() if not t["thread_metadata"]["archived"]]
                return 200, {"threads": active, "members": []}
            case "GET", ["users", "@me", "guilds"]:
                return 200, [{"id": g, "name": g, "icon": None, "owner": False, "permissions": "0", "features": []}
                             for g in self.guilds or [self.guild_id]]  # fmt: skip
            case "GET", ["applications", _, "guilds", guild, "commands"]:
                return 200, [self._command(c, guild) for c in self.commands.get(guild, [])]
            case "PUT", ["channels", _, "messages", message_id, "reactions", emoji, "@me"]:
                self.reactions.append((message_id, emoji))
                return 204, None
            case "POST", ["interactions", _, token, "callback"]:
                if self._age(token) > self.response_window:
                    return 404, error_body(10062, "Unknown interaction")
                if any(c["token"] == token for c in self.callbacks):  # Discord: one response per interaction
                    return 400, error_body(40060, "Interaction has already been acknowledged.")
                return 200, self._callback(token, body, files)
            case "POST", ["webhooks", _, token]:
                self.uploads.extend(files)
                message = self._message(self.channel_id, self.users_bot, body.get("content") or "", body, files)
                deferral = self._deferred.get(token)
                if deferral and deferral["loading"]:  # Discord: it edits the "thinking" message, whose
                    deferral["loading"] = False  # visibility the deferral fixed; the flag is ignored
                    flags = (body.get("flags") or 0) & ~EPHEMERAL | (EPHEMERAL if deferral["ephemeral"] else 0)
                    body = {**body, "flags": flags}
                self.followups.append({"token": token, **body, "message": message})
                return 200, message
            case "PATCH", ["webhooks", _, token, "messages", "@original"]:
                deferral = self._deferred.get(token) or {"ephemeral": False}
                deferral["loading"] = False
                flags = EPHEMERAL if deferral["ephemeral"] else 0
                self.followups.append({"token": token, **body, "flags": flags, "original": True})
                return 200, self._message(self.channel_id, self.users_bot, body.get("content") or "", body)
            case "DELETE", ["webhooks", _, token, "messages", "@original"]:
                if token in self._deferred:  # the "thinking" message is gone: followups are new messages
                    self._deferred[token]["loading"] = False
                for shown in self.followups:
                    if shown["token"] == token and shown.get("original"):
                        shown["deleted"] = True  # nobody sees it any more
                self.followups.append({"token": token, "deleted": True})
                return 204, None
            case "POST", ["users", "@me", "channels"]:
                return 200, {"id": self.dm_channel(body["recipient_id"]), "type": 1, "recipients": [self.users_bot]}
        return None

    @staticmethod
    def _refusal(method: str, parts: list[str], body: dict[str, Any]) -> dict[str, Any] | None:
        """Discord's 400 (code 50035) for a message over its limits, wherever one is sent."""
        match method, parts:
            case "POST", ["channels", _, "messages"] | ["webhooks", _, _]:
                return discord_refusal(body)
            case "PATCH", ["channels", _, "messages", _] | ["webhooks", _, _, "messages", _]:
                return discord_refusal(body)
            case "POST", ["interactions", _, _, "callback"]:
                return discord_refusal(body.get("data") or {})
        return None

    def _thread_rules(self, method: str, parts: list[str], body: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        """What Discord refuses about threads: starting one from a message in a thread or a
        forum (50024) or in a DM (50003), without Create Public Threads (403, 50013), twice from
        one message (160004), or with an auto-archive duration it does not offer (50035); a
        message sent to a forum channel (50008: a forum takes posts, POST /threads); a
        message, edit or reaction in a thread without Send Messages in Threads (403), or in an
        archived thread (50083: the fake is strict, the bot unarchives first); unarchiving a
        locked thread without Manage Threads (403)."""
        match method, parts:
            case "POST", ["channels", channel, "messages", message_id, "threads"]:
                kind = self.channel_type(channel)
                if kind == DM:
                    return 400, error_body(50003, "Cannot execute action on a DM channel")
                if kind not in (TEXT, ANNOUNCEMENT):  # a thread, a forum, a voice channel's chat...
                    return 400, error_body(50024, "Cannot execute action on this channel type")
                if "CREATE_PUBLIC_THREADS" not in self.permissions:
                    return 403, MISSING_PERMISSIONS
                if "thread" in self.messages.get(message_id, {}):
                    return 400, error_body(160004, "A thread has already been created for this message")
                if body.get("auto_archive_duration") not in ARCHIVE_MINUTES:
                    return 400, {"code": 50035, "message": "Invalid Form Body", "errors": {"auto_archive_duration": {}}}
            case (
                ("POST", ["channels", channel, "messages"])
                | ("PATCH", ["channels", channel, "messages", _])
                | ("PUT", ["channels", channel, "messages", _, "reactions", _, "@me"])
            ):
                if self.channel_type(channel) == FORUM and method == "POST":
                    return 400, error_body(50008, "Cannot send messages in a non-text channel")
                thread = self.threads.get(channel)
                if thread is None:
                    return None
                if "SEND_MESSAGES_IN_THREADS" not in self.permissions:
                    return 403, MISSING_PERMISSIONS
                if thread["thread_metadata"]["archived"]:
                    return 400, ARCHIVED
            case "GET", ["channels", channel, "messages"] if self.channel_type(channel) == FORUM:
                return 400, error_body(50024, "Cannot execute action on this channel type")
            case "PATCH", ["channels", channel]:
                thread = self.threads.get(channel)
                if thread and thread["thread_metadata"]["locked"] and "MANAGE_THREADS" not in self.permissions:
                    return 403, MISSING_PERMISSIONS
        return None

    def _by_nonce(self, channel: str, nonce: str | None) -> dict[str, Any] | None:
        found = [m for m in self.posted(channel) if nonce and m.get("nonce") == nonce]
        return found[0] if found else None

    @property
    def users_bot(self) -> dict[str, Any]:
        return user_json(self.bot_id, "Drillbot", bot=True)

    def _age(self, token: str) -> float:
        """Seconds since the interaction with this token was sent (0 for one this fake did not send)."""
        issued = self._issued.get(token)
        return 0.0 if issued is None else time.monotonic() - issued

    def _expired(self, token: str) -> bool:
        """Discord: a token serves follow-ups for 15 minutes, and none at all once its
        first response missed the 3 seconds."""
        answered = any(c["token"] == token for c in self.callbacks)
        return self._age(token) > (self.followup_window if answered else self.response_window)

    def age_interaction(self, token: str, seconds: float) -> None:
        """Make an interaction `seconds` older, as if the bot had been that slow."""
        self._issued[token] -= seconds

    def _callback(self, token: str, body: dict[str, Any], files: list[tuple[str, bytes]]) -> dict[str, Any]:
        self.uploads.extend(files)
        data = body.get("data") or {}
        message = self._message(self.channel_id, self.users_bot, data.get("content") or "", data, files)
        ephemeral = bool((data.get("flags") or 0) & EPHEMERAL)
        if body["type"] == 5:
            self._deferred[token] = {"ephemeral": ephemeral, "loading": True}
        if body["type"] == 4 and not ephemeral:
            self.messages[message["id"]] = message
        elif body["type"] == 4:
            self.ephemeral[message["id"]] = message  # only its recipient sees it; its buttons still work
        self.callbacks.append({"token": token, "type": body["type"], "data": data, "message": message})
        interaction = {
            "id": self.new_id(),
            "type": 2,
            "response_message_id": message["id"],
            "response_message_loading": body["type"] == 5,
            "response_message_ephemeral": ephemeral,
        }
        resource = {"type": body["type"], "message": message} if body["type"] in {4, 7} else {"type": body["type"]}
        return {"interaction": interaction, "resource": resource}

    def _message(
        self,
        channel_id: str,
        author: dict[str, Any],
        content: str,
        body: dict[str, Any] | None = None,
        files: list[tuple[str, bytes]] | None = None,
    ) -> dict[str, Any]:
        body = body or {}
        message_id = self.new_id()
        notified, everyone = discord_mentions({"content": content, **body}) if body else ([], False)
        return {
            "id": message_id,
            "channel_id": channel_id,
            "guild_id": self.guild_id,
            "author": author,
            "content": content,
            "timestamp": iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": everyone,
            "mentions": [self.users.get(u, user_json(u, u)) for u in notified],
            "mention_roles": [],
            "attachments": [
                {
                    "id": self.new_id(),
                    "filename": name,
                    "size": len(data),
                    "url": f"https://cdn.example/{name}",
                    "proxy_url": f"https://cdn.example/{name}",
                }
                for name, data in files or []
            ],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": body.get("flags") or 0,
        }

    def _thread(self, parent: str, message_id: str, name: str, archive_minutes: int = 1440) -> dict[str, Any]:
        """A thread started from a message has the message's id, as on Discord."""
        return {
            "id": message_id,
            "guild_id": self.guild_id,
            "parent_id": parent,
            "owner_id": self.bot_id,
            "type": 11,
            "name": name,
            "last_message_id": None,
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": archive_minutes,
                "archive_timestamp": iso(),
                "locked": False,
            },
            "total_message_sent": 0,
        }

    def _command(self, command: dict[str, Any], guild: str | None = None) -> dict[str, Any]:
        return {
            "id": self.new_id(),
            "application_id": self.app_id,
            "version": "1",
            "type": command.get("type", 1),
            "guild_id": guild,
            "default_member_permissions": None,
            "dm_permission": True,
            "nsfw": False,
            **command,
        }
