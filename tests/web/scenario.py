"""A played week for the web tests: alice and bob answered a revealed question, carol
answered late, a study group exists; and an HTTP client on the real aiohttp app."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

from aiohttp.test_utils import TestClient, TestServer

from bot.core import Drillbot
from bot.web.app import web_app
from tests.helpers import ALICE, BOB, BOSS, CAROL, GENERAL, TENANT, make_channel, post_today

GOOD = "You split into folds, hold out each fold once and average the scores."
PARTLY = "You split into folds and that is about it."
BASE = "http://drillbot.test"
LINK = re.compile(r"http://drillbot\.test(/t/[A-Za-z0-9_-]{22}/)")


def with_web(bot: Drillbot) -> Drillbot:
    bot.config = replace(bot.config, web_url=BASE)  # type: ignore[misc]
    return bot


async def command(bot: Drillbot, text: str, user=ALICE):  # type: ignore[no-untyped-def]
    return await bot.handle_command(TENANT, GENERAL, user, text)


async def play(bot: Drillbot) -> int:
    """One revealed round; returns its id."""
    channel = make_channel(bot, topics="evaluation")
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    await bot.handle_reply(TENANT, thread, BOB, PARTLY, "m2")
    await command(bot, "group create nlp", BOB)
    await bot.reveal_round(round_.id)  # type: ignore[arg-type]
    await bot.handle_reply(TENANT, thread, CAROL, GOOD, "m3")  # late
    return round_.id  # type: ignore[return-value]


async def link_path(bot: Drillbot, text: str = "web", user=ALICE) -> str:  # type: ignore[no-untyped-def]
    reply = await command(bot, text, user)
    found = LINK.search(reply.body)
    assert found, reply.body
    return found.group(1)


@asynccontextmanager
async def client(bot: Drillbot) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(web_app(bot.engine, bot.clock))) as http:
        yield http


__all__ = ["BOSS", "client", "command", "link_path", "play", "with_web"]
