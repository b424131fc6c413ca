"""SlackPort keeps the ChatPort contract against the fake Slack Web API."""

from __future__ import annotations

from bot.chat.ports import Place
from tests.port_contract import exercise


async def test_the_slack_port_keeps_the_contract(slack) -> None:  # type: ignore[no-untyped-def]
    await exercise(slack.bot.ports["slack"], Place(slack.fake.team_id, "C1"), "UALICE")
    assert slack.fake.calls_to("chat.postEphemeral")
