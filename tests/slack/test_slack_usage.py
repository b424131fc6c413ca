"""On Slack, help and usage lines keep the text syntax people type after `/drill`."""

from __future__ import annotations

from tests.slack.test_slack_e2e import blocks_text


async def test_help_and_usage_in_the_text_syntax(slack) -> None:  # type: ignore[no-untyped-def]
    assert await slack.command("UALICE", "help") == 200
    (listing,) = await slack.fake.wait_for(lambda: slack.fake.responses)
    assert "/drill leaderboard [week|month|season|all] [channel | group NAME] [chart]" in blocks_text(listing)
    assert "period:" not in blocks_text(listing)
    assert await slack.command("UALICE", "group join") == 200
    usage = await slack.fake.wait_for(lambda: slack.fake.responses[1:])
    assert "Usage: `/drill group create NAME | join NAME | leave NAME | members NAME | list`" in blocks_text(usage[0])
