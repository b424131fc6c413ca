"""A local Slack Web API emulator for end-to-end tests.

It speaks Slack's wire format (form, query or JSON requests with a Bearer token; JSON
answers with `ok`), records every call, answers `response_url` posts, and can be told
to fail the next calls of a method with a 429 (and Retry-After) or a 5xx. The real
slack_sdk client and the real Bolt app talk to it; nothing of ours is mocked.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from slack_sdk.signature import SignatureVerifier


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str
    status: int


@dataclass
class FakeSlack:
    team_id: str = "T1"
    team_name: str = "Team One"
    bot_user_id: str = "UBOT"
    bot_id: str = "BBOT"
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    teams_by_token: dict[str, str] = field(default_factory=dict)  # tokens issued by the OAuth flow
    codes: dict[str, str] = field(default_factory=dict)  # OAuth code -> team id it installs into
    calls: list[Call] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)  # posts to response_url
    _failures: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    port: int = 0

    # ---- control ---------------------------------------------------------------------

    def add_user(self, user_id: str, name: str, *, admin: bool = False, owner: bool = False) -> None:
        self.users[user_id] = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name.lower(),
            "real_name": name,
            "is_admin": admin,
            "is_owner": owner,
            "is_bot": False,
            "profile": {"display_name": name, "real_name": name},
        }

    def fail(self, method: str, status: int, *, times: int = 1, retry_after: int | None = None) -> None:
        self._failures.setdefault(method, []).extend([(status, retry_after)] * times)

    def calls_to(self, method: str, *, ok_only: bool = True) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method and (c.status == 200 or not ok_only)]

    def attempts(self, method: str) -> list[int]:
        return [c.status for c in self.calls if c.method == method]

    async def wait_for(self, check: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until `check()` is truthy (lazy listeners finish after the ack)."""
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError("the fake Slack did not receive the expected calls in time")
            await asyncio.sleep(0.02)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r") -> str:
        return f"http://127.0.0.1:{self.port}/respond/{name}"

    # ---- server ----------------------------------------------------------------------

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{name}", self._respond)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _respond(self, request: web.Request) -> web.Response:
        self.responses.append({"name": request.match_info["name"], **(await request.json())})
        return web.Response(text="ok")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = dict(request.query)
        body = await request.read()
        if body:
            if request.content_type == "application/json":
                params.update(json.loads(body))
            else:
                params.update(parse_qsl(body.decode()))
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        queued = self._failures.get(method)
        if queued:
            status, retry_after = queued.pop(0)
            self.calls.append(Call(method, params, token, status))
            headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
            if status == 429:
                return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers=headers)
            return web.Response(status=status, text="upstream error", headers=headers)
        self.calls.append(Call(method, params, token, 200))
        if method == "oauth.v2.access":
            return web.json_response(self._exchange_code(params, request.headers.get("Authorization", "")))
        if not token.startswith("xox"):
            return web.json_response({"ok": False, "error": "not_authed"})
        return web.json_response(self._answer(method, params, token))

    def _answer(self, method: str, params: dict[str, Any], token: str) -> dict[str, Any]:
        if method == "auth.test":
            team = self.teams_by_token.get(token, self.team_id)
            return {
                "ok": True,
                "url": f"https://{team.lower()}.example/",
                "team": self.team_name if team == self.team_id else f"Team {team}",
                "user": "drillbot",
                "team_id": team,
                "user_id": self.bot_user_id,
                "bot_id": self.bot_id,
                "is_enterprise_install": False,
            }
        if method in {"chat.postMessage", "chat.postEphemeral", "chat.update"}:
            ts = params.get("ts") or f"{1764000000 + next(self._ts)}.000100"
            message = {
                "type": "message",
                "user": self.bot_user_id,
                "bot_id": self.bot_id,
                "ts": ts,
                "text": params.get("text", ""),
            }
            if method == "chat.postEphemeral":
                return {"ok": True, "message_ts": ts}
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}
        if method in {"reactions.add", "reactions.remove"}:
            return {"ok": True}
        if method == "users.info":
            user = self.users.get(params.get("user", ""))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "views.publish":
            view = params.get("view")
            view = json.loads(view) if isinstance(view, str) else view
            return {"ok": True, "view": {"id": "V1", **(view or {})}}
        return {"ok": False, "error": "unknown_method"}

    def _exchange_code(self, params: dict[str, Any], authorization: str) -> dict[str, Any]:
        """oauth.v2.access: a valid code (and client credentials) buys a bot token."""
        team = self.codes.pop(params.get("code", ""), None)
        if team is None or not (authorization.startswith("Basic ") or params.get("client_secret")):
            return {"ok": False, "error": "invalid_code"}
        token = f"xoxb-{team}-installed"
        self.teams_by_token[token] = team
        return {
            "ok": True,
            "access_token": token,
            "token_type": "bot",
            "scope": "commands,chat:write",
            "bot_user_id": self.bot_user_id,
            "app_id": "A1",
            "team": {"name": f"Team {team}", "id": team},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": "UINSTALLER", "scope": "", "access_token": None, "token_type": None},
        }


def signed_headers(secret: str, body: str, *, timestamp: int | None = None, content_type: str) -> dict[str, str]:
    """Headers Slack sends with every request: a timestamp and an HMAC signature."""
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature, "Content-Type": content_type}
