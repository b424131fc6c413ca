"""The real Bolt app served over HTTP on loopback, the real core on the test database,
and the fake Slack Web API; requests are signed exactly as Slack signs them."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

from adapters.registry import outbound_ports
from adapters.slack.app import build_app
from adapters.slack.jobs import make_jobs
from adapters.slack.server import start_http
from bot.bank.loader import load_bank
from bot.bank.sync import sync_bank
from bot.bootstrap import bootstrap
from bot.core import CoreConfig, Drillbot
from bot.grading import DefaultScorer
from bot.inbox import InboxPump
from bot.offload import drain
from bot.retry import RetryPolicy
from bot.settings import Settings
from tests.fakes.platform_limits import slack_escaped
from tests.fakes.slack_api import FakeSlack, signed_headers
from tests.fakes.waiting import until_db

SECRET = "test-signing-secret"


@dataclass
class SlackWorld:
    fake: FakeSlack
    bot: Drillbot
    url: str
    session: aiohttp.ClientSession
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    jobs: Any = None

    async def send(
        self,
        body: str,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        timestamp: int | None = None,
        signed: bool = True,
    ) -> int:
        all_headers = (
            signed_headers(SECRET, body, timestamp=timestamp, content_type=content_type)
            if signed
            else {"Content-Type": content_type}
        )
        all_headers.update(headers or {})
        async with self.session.post(self.url, data=body.encode(), headers=all_headers) as response:
            await response.read()
            return response.status

    async def command(self, user: str, text: str, channel: str = "C1", **kwargs: Any) -> int:
        body = urlencode(
            {
                "token": "legacy",
                "team_id": self.fake.team_id,
                "team_domain": "team-one",
                "channel_id": channel,
                "channel_name": "general",
                "user_id": user,
                "user_name": user.lower(),
                "command": "/drill",
                "text": slack_escaped(text),  # as Slack sends what was typed
                "api_app_id": "A1",
                "response_url": self.fake.response_url(f"cmd{next(self._ids)}"),
                "trigger_id": "1.2.3",
                **{k: str(v).lower() if isinstance(v, bool) else v for k, v in self.fake.grid().items()},
            }
        )
        return await self.send(body, "application/x-www-form-urlencoded", **kwargs)

    async def event(
        self, event: dict[str, Any], *, retry_num: int | None = None, event_id: str | None = None, **kwargs: Any
    ) -> int:
        event = as_sent(event)
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": self.fake.team_id,
                "api_app_id": "A1",
                "type": "event_callback",
                "event": event,
                "event_id": event_id or f"Ev{next(self._ids)}",
                "event_time": int(time.time()),
                "authorizations": [
                    {"team_id": self.fake.team_id, "user_id": self.fake.bot_user_id, "is_bot": True, **self.fake.grid()}
                ],
                **({"enterprise_id": self.fake.enterprise_id} if self.fake.enterprise_id else {}),
            }
        )
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else {}
        return await self.send(body, "application/json", headers=headers, **kwargs)

    async def button(
        self, user: str, action: str, value: str, channel: str = "C1", *, trigger_id: str | None = None
    ) -> int:
        payload = {
            "type": "block_actions",
            "team": {"id": self.fake.team_id, "domain": "team-one"},
            "user": {"id": user, "username": user.lower(), "team_id": self.fake.team_id},
            "api_app_id": "A1",
            "token": "legacy",
            "trigger_id": trigger_id or self.fake.issue_trigger(),
            "channel": {"id": channel, "name": "general"},
            "container": {"type": "message"},
            "response_url": self.fake.response_url(f"btn{next(self._ids)}"),
            "actions": [
                {
                    "action_id": f"drill_{action}",
                    "block_id": "b1",
                    "value": value,
                    "type": "button",
                    "action_ts": str(time.time()),
                }
            ],
        }
        return await self.send(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    async def submit_view(self, user: str, view: dict[str, Any], values: dict[str, dict[str, str]]) -> int:
        """Submit an opened modal as Slack does: `values` is block_id -> action_id -> text."""
        state = {
            block: {action: {"type": "plain_text_input", "value": text} for action, text in inputs.items()}
            for block, inputs in values.items()
        }
        payload = {
            "type": "view_submission",
            "team": {"id": self.fake.team_id, "domain": "team-one"},
            "user": {"id": user, "username": user.lower(), "team_id": self.fake.team_id},
            "api_app_id": "A1",
            "token": "legacy",
            "trigger_id": self.fake.issue_trigger(),
            "view": {**view, "state": {"values": state}, "hash": f"h{next(self._ids)}"},
        }
        return await self.send(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    async def until(self, query: Any, expected: Any, timeout: float = 10.0) -> None:
        await until_db(self.bot, query, expected, timeout)

    def reply_event(self, user: str, text: str, thread_ts: str, ts: str, channel: str = "C1") -> dict[str, Any]:
        return {
            "type": "message",
            "channel": channel,
            "user": user,
            "text": text,
            "ts": ts,
            "thread_ts": thread_ts,
            "channel_type": "channel",
            "event_ts": ts,
        }


def as_sent(event: dict[str, Any]) -> dict[str, Any]:
    """The event with its text (and an edited message's) escaped as Slack sends it."""
    event = dict(event)
    if "text" in event:
        event["text"] = slack_escaped(event["text"])
    if isinstance(event.get("message"), dict) and "text" in event["message"]:
        event["message"] = {**event["message"], "text": slack_escaped(event["message"]["text"])}
    return event


@pytest.fixture
async def slack(slack_world) -> AsyncIterator[SlackWorld]:  # type: ignore[no-untyped-def]
    """One workspace, configured with SLACK_BOT_TOKEN."""
    async for world in slack_world(slack_bot_token="xoxb-test-token"):
        yield world


@pytest.fixture
def slack_world(engine, clock, bank_dir, monkeypatch, database_url):  # type: ignore[no-untyped-def]
    """A builder of Slack worlds with the given Slack settings (bot token, or OAuth)."""
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_APP_TOKEN", "SLACK_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)

    async def build(**slack_settings: Any) -> AsyncIterator[SlackWorld]:
        fake = await FakeSlack(now=lambda: clock.now().timestamp()).start()
        for user, name, admin in (("UALICE", "Alice", False), ("UBOB", "Bob", False), ("UBOSS", "Boss", True)):
            fake.add_user(user, name, admin=admin)
        settings = Settings(
            _env_file=None,
            slack_signing_secret=SECRET,
            slack_api_url=fake.api_url,
            default_timezone="UTC",
            database_url=database_url,
            **slack_settings,
        )
        sync_bank(engine, load_bank([bank_dir]), clock.now())
        config = CoreConfig(retry=RetryPolicy(attempts=3, base_delay=0))
        ports = outbound_ports(settings, engine)
        core = bootstrap(engine, clock, ports, settings=settings, sync=False, grader=DefaultScorer(), config=config)
        jobs = await make_jobs(core, settings)
        runner = await start_http(build_app(core, settings, engine, jobs), engine, "127.0.0.1", 0)
        port = runner.addresses[0][1]
        pump = InboxPump(jobs.inbox, jobs.submit_item, jobs.queued, every=0.2)
        pump.start()
        try:
            async with aiohttp.ClientSession() as session:
                yield SlackWorld(fake, core, f"http://127.0.0.1:{port}/slack/events", session, jobs=jobs)
        finally:
            await asyncio.sleep(0.05)  # let lazy listeners hand their work over
            await pump.stop()
            await drain()  # before the next test empties the database under it
            await jobs.close()
            await runner.cleanup()
            await fake.stop()

    return build
