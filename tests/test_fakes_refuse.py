"""The fakes refuse what the real APIs refuse, so a renderer that breaks a limit fails
in the suite as it would in production: Slack answers `invalid_blocks` or
`msg_too_long`, Discord answers 400 with code 50035."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.discord_server import FakeDiscord
from tests.fakes.slack_api import FakeSlack


def section(text: str) -> dict:  # type: ignore[type-arg]
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


async def test_the_slack_fake_refuses_over_limit_messages() -> None:
    fake = await FakeSlack().start()
    client = AsyncWebClient(token="xoxb-test", base_url=fake.api_url)
    try:
        for blocks, text, error in [
            ([section("x")] * 51, "t", "invalid_blocks"),
            ([section("x" * 3001)], "t", "invalid_blocks"),
            ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}], "t", "invalid_blocks"),
            ([{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}], "t", "invalid_blocks"),
            ([section("x")], "t" * 40001, "msg_too_long"),
        ]:
            with pytest.raises(SlackApiError) as refused:
                await client.chat_postMessage(channel="C1", text=text, blocks=blocks)
            assert refused.value.response["error"] == error
        assert fake.posted() == []
        await client.chat_postMessage(channel="C1", text="t", blocks=[section("x" * 3000)] * 50)
        assert len(fake.posted()) == 1
    finally:
        await fake.stop()


async def test_the_slack_fake_refuses_text_slack_would_misparse() -> None:
    """Slack itself shows a bare `<`, `>` or `&` wrong (or as a mention); the fake refuses it."""
    fake = await FakeSlack().start()
    client = AsyncWebClient(token="xoxb-test", base_url=fake.api_url)
    try:
        for text in ["p < 0.05", "q > 1", "R&D", "<!channel>x<", "fine", "a &amp;b"]:
            blocks = [section(text)]
            if text in ("fine", "a &amp;b"):
                await client.chat_postMessage(channel="C1", text="t", blocks=blocks)
                continue
            with pytest.raises(SlackApiError) as refused:
                await client.chat_postMessage(channel="C1", text="t", blocks=blocks)
            assert refused.value.response["error"] == "unescaped_text"
        ok = "p &lt; 0.05 <@U1> <#C1|general> <!here> <https://a.example/?a=1&amp;b=2|docs> <!date^1^{time}|1:00>"
        await client.chat_postMessage(channel="C1", text=ok, blocks=[section(ok)])
        assert len(fake.posted()) == 3
    finally:
        await fake.stop()


async def test_the_discord_fake_refuses_over_limit_messages() -> None:
    fake = await FakeDiscord().start()
    headers = {"Authorization": "Bot test-bot-token"}
    url = f"{fake.api_url}/channels/{fake.channel_id}/messages"
    too_big = [
        {"embeds": [{"description": "x" * 4097}]},
        {"embeds": [{"description": "x" * 4000}, {"description": "y" * 2001}]},
        {"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]},
        {"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]},
        {"content": "c" * 2001},
    ]
    try:
        async with aiohttp.ClientSession() as session:
            for body in too_big:
                async with session.post(url, json=body, headers=headers) as response:
                    assert response.status == 400
                    assert (await response.json())["code"] == 50035
            async with session.post(url, json={"embeds": [{"description": "x" * 4096}]}, headers=headers) as ok:
                assert ok.status == 200
        assert "MAX_EMBED_SIZE_EXCEEDED" in str(fake.refused[1])
        assert len(fake.posted(fake.channel_id)) == 1
    finally:
        await fake.stop()


async def test_the_discord_fake_refuses_late_interaction_responses_and_expired_follow_ups() -> None:
    fake = await FakeDiscord().start()
    fake.add_user("11", "Alice")
    reply = {"type": 4, "data": {"content": "hi"}}
    try:
        async with aiohttp.ClientSession() as session:
            late = fake.interaction("11", 2, {})["token"]
            fake.age_interaction(late, 3.5)  # Discord wants the first response within 3 s
            async with session.post(f"{fake.api_url}/interactions/1/{late}/callback", json=reply) as response:
                assert response.status == 404 and (await response.json())["code"] == 10062
            async with session.post(f"{fake.api_url}/webhooks/{fake.app_id}/{late}", json={"content": "x"}) as sent:
                assert sent.status == 401  # a token whose 3 seconds passed unanswered serves nothing
            ok = fake.interaction("11", 2, {})["token"]
            async with session.post(f"{fake.api_url}/interactions/1/{ok}/callback", json=reply) as response:
                assert response.status == 200
            async with session.post(f"{fake.api_url}/webhooks/{fake.app_id}/{ok}", json={"content": "more"}) as sent:
                assert sent.status == 200
            fake.age_interaction(ok, 15 * 60)  # a token serves follow-ups for 15 minutes
            async with session.post(f"{fake.api_url}/webhooks/{fake.app_id}/{ok}", json={"content": "late"}) as sent:
                assert sent.status == 401 and (await sent.json())["code"] == 50027
        assert [c["token"] for c in fake.callbacks] == [ok] and len(fake.followups) == 1
    finally:
        await fake.stop()
