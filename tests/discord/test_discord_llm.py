"""Discord's topic autocomplete offers `llm`, end to end: an autocomplete interaction
through the fake gateway, answered by the real client with Discord's callback type 8."""

from __future__ import annotations

from typing import Any

AUTOCOMPLETE = 4  # interaction type APPLICATION_COMMAND_AUTOCOMPLETE
CHOICES = 8  # callback type APPLICATION_COMMAND_AUTOCOMPLETE_RESULT


async def typed_topic(discord: Any, text: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Type `text` into `/drill ask topic:` and return the choices the bot offers."""
    fake = discord.fake
    option = {"name": "topic", "type": 3, "value": text, "focused": True}
    data = {"id": "400", "name": "drill", "type": 1, "options": [{"name": "ask", "type": 1, "options": [option]}]}
    payload = fake.interaction("11", AUTOCOMPLETE, data)
    await fake.dispatch("INTERACTION_CREATE", payload)
    (callback,) = await fake.wait_for(lambda: fake.responses_to(payload["token"]))
    assert callback["type"] == CHOICES
    return callback["data"]["choices"]


async def test_autocomplete_offers_the_llm_topic(discord) -> None:  # type: ignore[no-untyped-def]
    assert await typed_topic(discord, "LL") == [{"name": "llm", "value": "llm"}]
    offered = [c["value"] for c in await typed_topic(discord, "")]
    assert "llm" in offered and len(offered) <= 25
