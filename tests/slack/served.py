"""`drillbot serve slack` as a real subprocess against the fake Slack, and a sender of
signed thread replies that behaves like Slack: what got no 200 is delivered again."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

import aiohttp

from tests.fakes.platform_limits import slack_escaped
from tests.fakes.slack_api import FakeSlack, signed_headers
from tests.helpers import ROOT

SECRET = "served-signing-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@dataclass
class Served:
    """One `drillbot serve slack` process."""

    fake: FakeSlack
    database_url: str
    env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, **env: str) -> Served:
        self.port = free_port()
        values = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "SLACK_BOT_TOKEN": "xoxb-served",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": self.fake.api_url,
            "LOG_LEVEL": "WARNING",
            "INBOX_LEASE_SECONDS": "2",
            "SHUTDOWN_GRACE_SECONDS": "5",
            "CORE_PROCESSES": "0",
            **self.env,
            **env,
        }
        for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_APP_TOKEN", "DISCORD_TOKEN"):
            values.pop(name, None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "slack", "--port", str(self.port)],
            cwd=ROOT,
            env=values,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise AssertionError(f"drillbot exited: {self.process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
                try:
                    async with session.get(f"{self.url}/healthz") as response:
                        if response.status == 200:
                            return self
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError("drillbot serve slack did not come up")

    def signal(self, sig: signal.Signals) -> None:
        assert self.process is not None
        self.process.send_signal(sig)

    async def exit_code(self, timeout: float = 20) -> int:
        assert self.process is not None
        return await asyncio.to_thread(self.process.wait, timeout)

    def stderr(self) -> str:
        assert self.process is not None and self.process.stderr is not None
        return self.process.stderr.read().decode()


@dataclass
class Sender:
    """Signed Events API deliveries; remembers which ones Slack would count as acknowledged."""

    fake: FakeSlack
    acked: set[str] = field(default_factory=set)  # event ids that got a 200

    def reply_body(self, event_id: str, user: str, text: str, thread_ts: str, ts: str) -> str:
        event = {
            "type": "message",
            "channel": "C1",
            "user": user,
            "text": slack_escaped(text),
            "ts": ts,
            "thread_ts": thread_ts,
            "channel_type": "channel",
            "event_ts": ts,
        }
        return json.dumps(
            {
                "token": "legacy",
                "team_id": self.fake.team_id,
                "api_app_id": "A1",
                "type": "event_callback",
                "event": event,
                "event_id": event_id,
                "event_time": int(time.time()),
                "authorizations": [{"team_id": self.fake.team_id, "user_id": self.fake.bot_user_id, "is_bot": True}],
            }
        )

    async def deliver(self, session: aiohttp.ClientSession, url: str, event_id: str, body: str, retry: int = 0) -> bool:
        headers = signed_headers(SECRET, body, content_type="application/json")
        if retry:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_error"})
        try:
            async with session.post(f"{url}/slack/events", data=body.encode(), headers=headers) as response:
                await response.read()
                if response.status == 200:
                    self.acked.add(event_id)
                    return True
        except (TimeoutError, aiohttp.ClientError):
            pass
        return False

    async def command(self, session: aiohttp.ClientSession, url: str, user: str, text: str) -> int:
        from urllib.parse import urlencode

        body = urlencode(
            {
                "team_id": self.fake.team_id,
                "team_domain": "team-one",
                "channel_id": "C1",
                "channel_name": "general",
                "user_id": user,
                "user_name": user.lower(),
                "command": "/drill",
                "text": slack_escaped(text),
                "response_url": self.fake.response_url(f"cmd-{time.monotonic_ns()}"),
                "trigger_id": str(time.monotonic_ns()),
            }
        )
        headers = signed_headers(SECRET, body, content_type="application/x-www-form-urlencoded")
        async with session.post(f"{url}/slack/events", data=body.encode(), headers=headers) as response:
            await response.read()
            return response.status
