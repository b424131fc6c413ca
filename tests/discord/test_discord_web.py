"""`/drill web` as a Discord slash command: its choices reach the shared grammar, the link
is ephemeral, and only Manage Server rotates it or shows answers."""

from __future__ import annotations

import re
from dataclasses import replace

EPHEMERAL = 1 << 6


async def test_drill_web_on_discord(discord) -> None:  # type: ignore[no-untyped-def]
    discord.bot.config = replace(discord.bot.config, web_url="https://drillbot.example.com")
    answer = (await discord.answer_of(await discord.fake.slash("11", "web")))["data"]
    assert answer["flags"] & EPHEMERAL
    assert re.search(r"https://drillbot\.example\.com/t/[A-Za-z0-9_-]{22}/", answer["embeds"][0]["description"])
    for action in ("rotate", "show-answers on"):
        refused = (await discord.answer_of(await discord.fake.slash("11", "web", action=action)))["data"]
        assert "Only workspace admins" in refused["embeds"][0]["description"]
    rotated = (await discord.answer_of(await discord.fake.slash("19", "web", action="rotate")))["data"]
    assert rotated["flags"] & EPHEMERAL and "1 old link stopped working" in rotated["embeds"][0]["description"]
    shown = (await discord.answer_of(await discord.fake.slash("19", "web", action="show-answers on")))["data"]
    assert "now shows" in shown["embeds"][0]["description"]
