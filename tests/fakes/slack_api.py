"""A local Slack Web API emulator for end-to-end tests.

It speaks Slack's wire format (form, query or JSON requests with a Bearer token; JSON
answers with `ok`), records every call, answers `response_url` posts, and can be told
to fail the next calls of a method with a 429 (and Retry-After) or a 5xx. The real
slack_sdk client and the real Bolt app talk to it; nothing of ours is mocked.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from tests.fakes.loopback import serve
from tests.fakes.platform_limits import mrkdwn_texts, slack_escaped, slack_refusal, slack_unescaped, slack_view_refusal
from tests.fakes.waiting import as_async, eventually


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
    # Enterprise Grid: the organisation the workspace belongs to, and whether the app is
    # installed org-wide; every payload then carries them, as Slack's do.
    enterprise_id: str | None = None
    org_install: bool = False
    bot_user_id: str = "UBOT"
    bot_id: str = "BBOT"
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    teams_by_token: dict[str, str] = field(default_factory=dict)  # tokens issued by the OAuth flow
    codes: dict[str, str] = field(default_factory=dict)  # OAuth code -> team id it installs into
    calls: list[Call] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)  # posts to response_url
    messages: list[dict[str, Any]] = field(default_factory=list)  # what chat.postMessage delivered
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # uploads: id -> filename, bytes, channel
    refusals: dict[str, str] = field(default_factory=dict)  # channel -> Slack's error (not_in_channel, ...)
    _failures: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)
    _lost_answers: dict[str, int] = field(default_factory=dict)
    page_cap: int | None = None  # apps outside the Marketplace get at most 15 messages a history call
    now: Callable[[], float] = time.time  # Slack's clock: message ts are the time of posting
    _last_ts: int = 0  # microseconds
    _runner: web.AppRunner | None = None
    port: int = 0
    # Slack allows about one post a second per channel, with short bursts: when set, more
    # than `post_burst` posts to one channel within a second answer 429 with Retry-After.
    post_burst: int | None = None
    _recent_posts: dict[str, list[float]] = field(default_factory=dict)
    _response_uses: dict[str, int] = field(default_factory=dict)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (method, error) Slack refused
    triggers: dict[str, float] = field(default_factory=dict)  # trigger_id -> when Slack issued it
    used_triggers: set[str] = field(default_factory=set)
    views: list[dict[str, Any]] = field(default_factory=list)  # modals opened by views.open

    # ---- control ---------------------------------------------------------------------

    def grid(self) -> dict[str, Any]:
        """The Enterprise Grid fields of a payload ({} outside Grid)."""
        if self.enterprise_id is None:
            return {}
        return {"enterprise_id": self.enterprise_id, "is_enterprise_install": self.org_install}

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

    def issue_trigger(self) -> str:
        """A trigger_id as Slack puts in an interaction: usable once, for 3 seconds."""
        trigger = f"{len(self.triggers) + 1}.{int(self.now())}.{abs(hash(self.now())) % 10**8:08d}"
        self.triggers[trigger] = self.now()
        return trigger

    def fail(self, method: str, status: int, *, times: int = 1, retry_after: int | None = None) -> None:
        self._failures.setdefault(method, []).extend([(status, retry_after)] * times)

    def lose_answer(self, method: str, *, times: int = 1) -> None:
        """Do the next calls of `method`, then answer 500 as if the reply were lost on
        the way back: the caller cannot tell whether Slack acted."""
        self._lost_answers[method] = self._lost_answers.get(method, 0) + times

    def user_reply(self, user: str, text: str, thread_ts: str, channel: str = "C1") -> str:
        """A person's reply in a thread that reaches the history but whose event is never
        delivered (the app was down); returns its ts."""
        ts = self._next_ts()
        self.messages.append(
            {
                "type": "message",
                "user": user,
                "text": slack_escaped(text),
                "ts": ts,
                "thread_ts": thread_ts,
                "channel": channel,
            }
        )
        return ts

    def posted(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Messages chat.postMessage delivered (thread replies included)."""
        return [m for m in self.messages if channel is None or m["channel"] == channel]

    def calls_to(self, method: str, *, ok_only: bool = True) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method and (c.status == 200 or not ok_only)]

    def attempts(self, method: str) -> list[int]:
        return [c.status for c in self.calls if c.method == method]

    async def wait_for(self, check: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until `check()` is truthy (the work after an ack lands a moment later)."""
        return await eventually(as_async(check), timeout, lambda _: "the fake Slack did not receive the expected calls")

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
        app.router.add_post("/upload/{file_id}", self._upload)
        self._runner, self.port = await serve(app)
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _respond(self, request: web.Request) -> web.Response:
        """A response_url takes five messages, each within the message limits."""
        name = request.match_info["name"]
        body = await request.json()
        self._response_uses[name] = self._response_uses.get(name, 0) + 1
        if self._response_uses[name] > 5:
            self.refused.append(("response_url", "used_url"))
            return web.Response(status=404, text="used_url")
        refusal = slack_refusal(body)
        if refusal:
            self.refused.append(("response_url", refusal))
            return web.Response(status=400, text=refusal)
        self.responses.append({"name": name, **body})
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload URL files.getUploadURLExternal hands out: it takes the raw bytes."""
        file = self.files.get(request.match_info["file_id"])
        if file is None:
            return web.Response(status=404, text="unknown upload")
        file["content"] = await request.read()
        return web.Response(text=f"OK - {len(file['content'])}")

    def shared_files(self, channel: str) -> list[dict[str, Any]]:
        return [f for f in self.files.values() if f.get("channel") == channel and f.get("content")]

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
        if method == "oauth.v2.access":
            self.calls.append(Call(method, params, token, 200))
            return web.json_response(self._exchange_code(params, request.headers.get("Authorization", "")))
        if not token.startswith("xox"):
            self.calls.append(Call(method, params, token, 200))
            return web.json_response({"ok": False, "error": "not_authed"})
        refusal = slack_refusal(params) if method in {"chat.postMessage", "chat.postEphemeral", "chat.update"} else None
        if refusal:
            self.refused.append((method, refusal))
            self.calls.append(Call(method, params, token, 200))
            return web.json_response({"ok": False, "error": refusal})
        if method == "chat.postMessage" and self._burst(str(params.get("channel"))):
            self.calls.append(Call(method, params, token, 429))
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"})
        answer = self._answer(method, params, token)
        if self._lost_answers.get(method):
            self._lost_answers[method] -= 1
            self.calls.append(Call(method, params, token, 500))
            return web.Response(status=500, text="upstream timeout")
        self.calls.append(Call(method, params, token, 200))
        return web.json_response(answer)

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
                "enterprise_id": self.enterprise_id,
                "is_enterprise_install": self.org_install,
            }
        posting = method in {"chat.postMessage", "chat.postEphemeral", "chat.update"}
        if posting and params.get("channel") in self.refusals:
            return {"ok": False, "error": self.refusals[params["channel"]]}  # HTTP 200, as Slack answers
        if method in {"chat.postMessage", "chat.postEphemeral", "chat.update"}:
            ts = params.get("ts") or self._next_ts()
            message = {
                "type": "message",
                "user": self.bot_user_id,
                "bot_id": self.bot_id,
                "ts": ts,
                "text": params.get("text", ""),
            }
            if method == "chat.postEphemeral":
                return {"ok": True, "message_ts": ts}
            if method == "chat.postMessage":
                self._deliver(params, message)
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}
        if method == "files.getUploadURLExternal":
            file_id = f"F{len(self.files) + 1}"
            self.files[file_id] = {"id": file_id, "filename": params.get("filename"), "length": params.get("length")}
            return {"ok": True, "file_id": file_id, "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            listed = params.get("files")
            listed = json.loads(listed) if isinstance(listed, str) else listed
            for entry in listed or []:
                self.files[entry["id"]].update(title=entry.get("title"), channel=params.get("channel_id"))
            return {"ok": True, "files": [{"id": e["id"], "title": e.get("title")} for e in listed or []]}
        if method in {"conversations.history", "conversations.replies"}:
            return self._page(method, params)
        if method in {"reactions.add", "reactions.remove"}:
            return {"ok": True}
        if method == "chat.getPermalink":
            return self._permalink(params, token)
        if method == "users.info":
            user = self.users.get(params.get("user", ""))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "views.open":
            return self._open_view(params)
        if method == "views.publish":
            view = params.get("view")
            view = json.loads(view) if isinstance(view, str) else view
            if any(slack_unescaped(t) for t in mrkdwn_texts({"blocks": (view or {}).get("blocks")})):
                self.refused.append((method, "unescaped_text"))
                return {"ok": False, "error": "unescaped_text"}
            return {"ok": True, "view": {"id": "V1", **(view or {})}}
        return {"ok": False, "error": "unknown_method"}

    def _open_view(self, params: dict[str, Any]) -> dict[str, Any]:
        """views.open: refuses an unknown, used or expired (over 3 s) trigger_id and a view
        Slack would refuse, as Slack does (HTTP 200, ok false)."""
        trigger = str(params.get("trigger_id") or "")
        view = params.get("view")
        view = json.loads(view) if isinstance(view, str) else view
        if trigger not in self.triggers:
            error: str | None = "invalid_trigger_id"
        elif trigger in self.used_triggers:
            error = "exchanged_trigger_id"
        elif self.now() - self.triggers[trigger] > 3.0:
            error = "expired_trigger_id"
        else:
            error = slack_view_refusal(view)
        if error:
            self.refused.append(("views.open", error))
            return {"ok": False, "error": error}
        self.used_triggers.add(trigger)
        opened = {"id": f"V{len(self.views) + 1:04d}", **view, "state": {"values": {}}}  # type: ignore[dict-item]
        self.views.append(opened)
        return {"ok": True, "view": opened}

    def _burst(self, channel: str) -> bool:
        """Whether this post goes over the channel's burst (wall-clock time, like Slack)."""
        if self.post_burst is None:
            return False
        now = time.monotonic()
        recent = [t for t in self._recent_posts.get(channel, []) if now - t < 1.0]
        if len(recent) >= self.post_burst:
            self._recent_posts[channel] = recent
            return True
        self._recent_posts[channel] = [*recent, now]
        return False

    def _next_ts(self) -> str:
        """Like Slack's: the posting time in microseconds, unique within a channel."""
        micros = max(round(self.now() * 1_000_000), self._last_ts + 1)  # whole microseconds: floats collide
        self._last_ts = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _deliver(self, params: dict[str, Any], message: dict[str, Any]) -> None:
        metadata = params.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        stored = {**message, "channel": params.get("channel")}
        if params.get("thread_ts"):
            stored["thread_ts"] = params["thread_ts"]
        if metadata:
            stored["metadata"] = metadata
        self.messages.append(stored)

    def _permalink(self, params: dict[str, Any], token: str) -> dict[str, Any]:
        """As Slack answers: the message must exist in that channel (GET or POST, both
        arguments required); the link names the workspace's domain and `p` + the ts
        without its dot."""
        channel, ts = params.get("channel"), params.get("message_ts")
        if not channel or not ts:
            return {"ok": False, "error": "invalid_arguments"}
        if not any(m["channel"] == channel and m["ts"] == ts for m in self.messages):
            return {"ok": False, "error": "message_not_found"}
        team = self.teams_by_token.get(token, self.team_id)
        link = f"https://{team.lower()}.example/archives/{channel}/p{str(ts).replace('.', '')}"
        return {"ok": True, "channel": channel, "permalink": link}

    def _page(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """Slack's cursor paging: `limit` (capped at 1000, or at `page_cap`), an opaque
        `cursor`, `has_more` and `response_metadata.next_cursor` ("" on the last page)."""
        channel, root = params.get("channel"), params.get("ts")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if method == "conversations.replies":
            if not root:
                return {"ok": False, "error": "invalid_arguments"}
            if not any(m["channel"] == channel and m["ts"] == root for m in self.messages):
                return {"ok": False, "error": "thread_not_found"}
        try:
            limit = int(params.get("limit") or (1000 if method == "conversations.replies" else 100))
            cursor = params.get("cursor")
            offset = int(base64.b64decode(cursor).decode().removeprefix("next_ts:")) if cursor else 0
        except (ValueError, UnicodeDecodeError):
            return {"ok": False, "error": "invalid_cursor" if params.get("cursor") else "invalid_limit"}
        limit = max(1, min(limit, 1000, self.page_cap or 1000))
        found = self._history(method, params)
        page = found[offset : offset + limit]
        more = offset + limit < len(found)
        next_cursor = base64.b64encode(f"next_ts:{offset + limit}".encode()).decode() if more else ""
        return {"ok": True, "messages": page, "has_more": more, "response_metadata": {"next_cursor": next_cursor}}

    def _history(self, method: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Newest first for history (top-level messages), oldest first for replies,
        metadata only when asked for, as Slack does; `oldest` and `latest` bound the
        range (exclusive unless `inclusive`)."""
        oldest, root = float(params.get("oldest") or 0), params.get("ts")
        latest = float(params.get("latest") or "inf")
        inclusive = str(params.get("inclusive", "")).lower() in {"1", "true"}

        def in_scope(m: dict[str, Any]) -> bool:
            if method == "conversations.replies":
                return root in {m["ts"], m.get("thread_ts")}
            return "thread_ts" not in m

        def in_range(ts: float) -> bool:
            return oldest <= ts <= latest if inclusive else oldest < ts < latest

        channel = params.get("channel")
        found = [m for m in self.messages if m["channel"] == channel and in_range(float(m["ts"])) and in_scope(m)]
        with_metadata = str(params.get("include_all_metadata", "")).lower() in {"1", "true"}
        shown = [m if with_metadata else {k: v for k, v in m.items() if k != "metadata"} for m in found]
        return shown if method == "conversations.replies" else list(reversed(shown))

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
