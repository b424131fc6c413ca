"""Many workspaces: a workspace's installation is read once and cached for the ack path
(no `auth.test` before every ack), and dropped when Slack says its tokens were revoked."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import text

from adapters.slack.authorize import CachedAuthorize
from adapters.slack.storage import SealedInstallationStore, ThreadedInstallationStore
from bot.secrets import Sealer, new_key

INSTALLED = {"app_id": "A1", "bot_id": "BBOT", "bot_user_id": "UBOT", "user_id": "UINSTALLER"}


@pytest.fixture
async def world(slack_world):  # type: ignore[no-untyped-def]
    async for built in slack_world(slack_client_id="111.222", slack_client_secret="shh", drillbot_secret_key=KEY):
        yield built


KEY = new_key()


def install(engine: Any, team: str) -> None:
    store = SealedInstallationStore("111.222", engine, Sealer(KEY))
    store.save(Installation(team_id=team, bot_token=f"xoxb-{team}-installed", installed_at=time.time(), **INSTALLED))


class CountingStore(ThreadedInstallationStore):
    finds = 0

    async def async_find_bot(self, **kwargs: Any) -> Bot | None:
        self.finds += 1
        return await super().async_find_bot(**kwargs)


async def test_a_workspace_is_read_once_until_its_tokens_are_revoked(engine) -> None:  # type: ignore[no-untyped-def]
    install(engine, "T3")
    store = CountingStore("111.222", engine, Sealer(KEY))
    authorize = CachedAuthorize(store, AsyncWebClient(base_url="http://127.0.0.1:9/api/"))
    context = SimpleNamespace(is_enterprise_install=False)

    async def ask() -> Any:
        return await authorize(context=context, enterprise_id=None, team_id="T3", user_id="UBOSS")

    first, second = await ask(), await ask()
    assert first is second and first.bot_token == "xoxb-T3-installed" and first.bot_user_id == "UBOT"
    assert store.finds == 1
    authorize.forget_for({"type": "event_callback", "team_id": "T3", "event": {"type": "tokens_revoked"}})
    with engine.begin() as conn:
        conn.execute(text("delete from slack_bots"))
        conn.execute(text("delete from slack_installations"))
    assert await ask() is None and await ask() is None  # a miss is not cached: a reinstall works at once
    assert store.finds == 3
    install(engine, "T3")
    assert (await ask()).bot_token == "xoxb-T3-installed"


async def test_the_ack_path_never_calls_auth_test(world) -> None:  # type: ignore[no-untyped-def]
    install(world.bot.engine, "T3")
    world.fake.team_id = "T3"
    for _ in range(3):
        assert await world.command("UBOSS", "help") == 200
    await world.fake.wait_for(lambda: len(world.fake.responses) == 3)
    assert all("reinstall" not in str(answer) for answer in world.fake.responses)
    assert world.fake.calls_to("auth.test") == []

    with world.bot.engine.begin() as conn:  # uninstalled: Slack says so with tokens_revoked
        conn.execute(text("delete from slack_bots"))
        conn.execute(text("delete from slack_installations"))
    await world.event({"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}, "event_ts": "1.0"})
    assert await world.command("UBOSS", "help") == 200
    (refusal,) = await world.fake.wait_for(lambda: world.fake.responses[3:])
    assert "reinstall" in refusal["text"]
