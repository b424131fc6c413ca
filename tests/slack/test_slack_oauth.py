"""Many workspaces: the OAuth install flow stores the installation in our database
(slack_sdk's tables, created by our migrations), and the bot then works there."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

import pytest
from sqlalchemy import text
from sqlmodel import select

from bot.db.models import Round
from bot.secrets import Sealer, new_key

KEY = new_key()


@pytest.fixture
async def world(slack_world):  # type: ignore[no-untyped-def]
    """Many workspaces: SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, no bot token."""
    async for built in slack_world(slack_client_id="111.222", slack_client_secret="shh", drillbot_secret_key=KEY):
        yield built


async def test_install_flow_then_the_new_workspace_is_served(world) -> None:  # type: ignore[no-untyped-def]
    base = world.url.removesuffix("/slack/events")
    async with world.session.get(f"{base}/slack/install") as page:
        assert page.status == 200
        html = await page.text()
        cookie = SimpleCookie(page.headers["Set-Cookie"])
    state = re.search(r"state=([\w-]+)", html).group(1)  # type: ignore[union-attr]
    assert "client_id=111.222" in html and cookie["slack-app-oauth-state"].value == state

    world.fake.codes["good-code"] = "T2"
    async with world.session.get(
        f"{base}/slack/oauth_redirect",
        params={"code": "bad-code", "state": state},
        headers={"Cookie": f"slack-app-oauth-state={state}"},
    ) as failed:
        assert failed.status in (400, 401)
    async with world.session.get(f"{base}/slack/install") as page:
        state = re.search(r"state=([\w-]+)", await page.text()).group(1)  # type: ignore[union-attr]
    async with world.session.get(
        f"{base}/slack/oauth_redirect",
        params={"code": "good-code", "state": state},
        headers={"Cookie": f"slack-app-oauth-state={state}"},
    ) as done:
        assert done.status == 200
    with world.bot.engine.connect() as conn:
        rows = conn.execute(text("select team_id, bot_token from slack_bots")).all()
    assert [(team, Sealer(KEY).open(token)) for team, token in rows] == [("T2", "xoxb-T2-installed")]
    assert "xoxb" not in rows[0][1]  # sealed at rest

    # A command from the new workspace, and a question posted there with its own token.
    world.fake.team_id = "T2"
    assert await world.command("UBOSS", "ask evaluation") == 200
    await world.fake.wait_for(lambda: world.fake.responses)
    (post,) = await world.fake.wait_for(
        lambda: [c for c in world.fake.calls if c.method == "chat.postMessage" and c.status == 200]
    )
    assert post.token == "xoxb-T2-installed"
    with world.bot.session() as session:
        assert session.exec(select(Round.status)).one() == "posted"

    # A workspace that never installed the app gets Bolt's polite refusal, and no work is done.
    world.fake.team_id = "T9"
    before = len(world.fake.responses)
    assert await world.command("UBOSS", "help") == 200
    (refusal,) = await world.fake.wait_for(lambda: world.fake.responses[before:])
    assert "reinstall" in refusal["text"]
    with world.bot.engine.connect() as conn:
        assert conn.execute(text("select count(*) from workspace where external_id = 'T9'")).scalar() == 0
