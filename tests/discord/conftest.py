"""The real discord.py client, connected to the fake Discord (REST and gateway) over
loopback, with the real core on the test database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from adapters.discord.app import DrillClient, attach
from adapters.registry import outbound_ports
from bot.bank.loader import load_bank
from bot.bank.sync import sync_bank
from bot.core import CoreConfig, Drillbot
from bot.grading import DefaultScorer
from bot.offload import drain
from bot.retry import RetryPolicy
from bot.settings import Settings
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.waiting import until_db

TOKEN = "test-bot-token"


@dataclass
class DiscordWorld:
    fake: FakeDiscord
    bot: Drillbot
    client: DrillClient
    settings: Settings

    async def until(self, query: Any, expected: Any, timeout: float = 10.0) -> None:
        await until_db(self.bot, query, expected, timeout)

    async def answer_of(self, token: str) -> dict[str, Any]:
        """The interaction's answer: its callback or, when a slow reply was deferred (as
        Discord allows), the follow-up that carries it, in the callback's shape. The edited
        "thinking" message of a deferral that a public reply replaces is only a note."""

        def answered() -> list[dict[str, Any]]:
            return [
                r
                for r in self.fake.responses_to(token)
                if r.get("type") != DEFERRED and not r.get("deleted") and not r.get("original")
            ]

        first, *_ = await self.fake.wait_for(answered)
        if "type" in first:
            return first
        return {"type": 4, "data": {k: v for k, v in first.items() if k not in ("token", "message")}}


DEFERRED = 5  # DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE


def settings_for(fake: FakeDiscord, **extra: Any) -> Settings:
    return Settings(
        _env_file=None,
        discord_token=TOKEN,
        discord_api_url=fake.api_url,
        discord_gateway_url=fake.gateway_url,
        default_timezone="UTC",
        **extra,
    )


@pytest.fixture
async def fake_discord(clock) -> AsyncIterator[FakeDiscord]:  # type: ignore[no-untyped-def]
    fake = await FakeDiscord(now=lambda: clock.now().timestamp()).start()
    fake.add_user("11", "Alice")
    fake.add_user("12", "Bob")
    fake.add_user("19", "Boss", admin=True)
    yield fake
    await fake.stop()


@pytest.fixture
async def discord_world(engine, clock, bank_dir, fake_discord) -> AsyncIterator[Callable[..., Any]]:  # type: ignore[no-untyped-def]
    """Start a Drillbot process (core + client) against the fake; call it again after
    closing the first for a restart. Every process is shut down at the end."""
    started: list[DiscordWorld] = []
    sync_bank(engine, load_bank([bank_dir]), clock.now())

    async def start(**extra: Any) -> DiscordWorld:
        settings = settings_for(fake_discord, **extra)
        config = CoreConfig(retry=RetryPolicy(attempts=3, base_delay=0))
        ports = outbound_ports(settings, engine)
        core = Drillbot(engine, clock, DefaultScorer(), ports, config)
        client = ports["discord"].client  # type: ignore[attr-defined]
        attach(client, core, settings)
        world = DiscordWorld(fake_discord, core, client, settings)
        started.append(world)
        asyncio.create_task(client.start(TOKEN))  # noqa: RUF006  (closed below)
        await asyncio.wait_for(client.wait_until_ready(), 10)
        return world

    yield start
    for world in started:
        if not world.client.is_closed():
            await world.client.close()
    await asyncio.sleep(0.05)
    await drain()


@pytest.fixture
async def discord(discord_world) -> DiscordWorld:  # type: ignore[no-untyped-def]
    return await discord_world()
