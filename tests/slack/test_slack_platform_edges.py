"""Slack as it really behaves (issue #23): Enterprise Grid and org-wide installs, and
reactions sent with a skin tone, through the HTTP app, the core and the fake Slack."""

from __future__ import annotations

import time
from typing import Any

import pytest
from slack_sdk.oauth.installation_store import Installation
from sqlmodel import func, select

from adapters.slack.storage import SealedInstallationStore
from bot.db.models import Answer, Kudos, Round
from bot.scheduling.due import tick
from bot.secrets import Sealer, new_key
from tests.slack.conftest import SlackWorld

KEY = new_key()
BOT = {"app_id": "A1", "bot_id": "BBOT", "bot_user_id": "UBOT", "user_id": "UINSTALLER"}


@pytest.fixture
async def world(slack_world):  # type: ignore[no-untyped-def]
    async for built in slack_world(slack_client_id="111.222", slack_client_secret="shh", drillbot_secret_key=KEY):
        yield built


def install(engine: Any, **where: Any) -> None:
    store = SealedInstallationStore("111.222", engine, Sealer(KEY))
    store.save(Installation(installed_at=time.time(), **BOT, **where))


async def a_question_is_posted(world: SlackWorld) -> str:
    """Schedule the channel as an admin, let the clock post: the token it posted with."""
    assert await world.command("UBOSS", "schedule set 08:00 UTC") == 200
    (answer,) = await world.fake.wait_for(lambda: world.fake.responses)
    assert "reinstall" not in str(answer) and answer["response_type"] == "in_channel"
    await tick(world.bot)
    await world.until(lambda s: s.exec(select(Round.status)).one(), "posted")
    (card,) = [c for c in world.fake.calls if c.method == "chat.postMessage" and c.status == 200]
    return card.token


async def test_a_grid_workspace_gets_its_questions(world) -> None:  # type: ignore[no-untyped-def]
    install(world.bot.engine, enterprise_id="E1", team_id="T5", bot_token="xoxb-T5-grid")
    world.fake.team_id, world.fake.enterprise_id = "T5", "E1"
    assert await a_question_is_posted(world) == "xoxb-T5-grid"


async def test_an_org_wide_install_serves_every_workspace_of_the_organisation(world) -> None:  # type: ignore[no-untyped-def]
    install(world.bot.engine, enterprise_id="E1", team_id=None, is_enterprise_install=True, bot_token="xoxb-org")
    world.fake.team_id, world.fake.enterprise_id, world.fake.org_install = "T7", "E1", True
    assert await a_question_is_posted(world) == "xoxb-org"


async def test_a_kudos_reaction_with_a_skin_tone_counts(slack, clock) -> None:  # type: ignore[no-untyped-def]
    await slack.command("UBOSS", "schedule set 08:00 UTC")
    await slack.fake.wait_for(lambda: slack.fake.responses)
    await tick(slack.bot)
    await slack.until(lambda s: s.exec(select(Round.status)).one(), "posted")
    with slack.bot.session() as session:
        thread = session.exec(select(Round.thread_id)).one()
    await slack.event(slack.reply_event("UALICE", "Split into folds and average.", thread, "100.1"))
    await slack.event(slack.reply_event("UBOB", "Hold one fold out each time.", thread, "100.2"))
    await slack.until(lambda s: s.exec(select(func.count()).select_from(Answer)).one(), 2)
    for giver, emoji, ts in (("UBOB", "+1::skin-tone-5", "100.1"), ("UALICE", "clap::skin-tone-2", "100.2")):
        item = {"type": "message", "channel": "C1", "ts": ts}
        event = {"type": "reaction_added", "user": giver, "reaction": emoji, "item": item, "event_ts": "101.0"}
        await slack.event(event)
    await slack.until(lambda s: s.exec(select(func.count()).select_from(Kudos)).one(), 2)
