"""How long a big reveal takes, grading and every post, against the local fakes of
Slack and Discord (which refuse over-limit messages as the real APIs do).

    .venv/bin/python bench/reveal.py [--answers 300]

For each platform: posts a practice question, records N answers through the core
(not timed), then times `reveal_round`: grading, scoring and posting every part of
the reveal in the thread. Prints the seconds, the number of parts and whether the
fake refused anything. Uses a throw-away SQLite file unless DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from adapters.registry import outbound_ports  # noqa: E402
from bot.bank.loader import load_bank  # noqa: E402
from bot.bank.sync import sync_bank  # noqa: E402
from bot.chat.ports import ChannelRef, Tenant, ThreadRef, UserRef  # noqa: E402
from bot.clock import VirtualClock  # noqa: E402
from bot.core import Drillbot  # noqa: E402
from bot.db import migrate  # noqa: E402
from bot.db.engine import make_engine  # noqa: E402
from bot.db.models import Round  # noqa: E402
from bot.grading import DefaultScorer  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.fakes.discord_server import FakeDiscord  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402
from tests.reveal_helpers import answer_many  # noqa: E402


async def one_platform(platform: str, answers: int, url: str) -> None:
    engine = make_engine(url)
    clock = VirtualClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    sync_bank(engine, load_bank([ROOT / "tests" / "data" / "bank"]), clock.now())
    if platform == "slack":
        fake: FakeSlack | FakeDiscord = await FakeSlack(now=lambda: clock.now().timestamp()).start()
        settings = Settings(
            _env_file=None, slack_bot_token="xoxb-bench", slack_signing_secret="s", slack_api_url=fake.api_url
        )
        tenant, channel, user_id = Tenant("slack", "T1"), "C1", (lambda i: f"UB{i:05d}")
    else:
        fake = await FakeDiscord(now=lambda: clock.now().timestamp()).start()
        settings = Settings(
            _env_file=None,
            discord_token="test-bot-token",
            discord_api_url=fake.api_url,
            discord_gateway_url=fake.gateway_url,
        )
        tenant, channel, user_id = Tenant("discord", fake.guild_id), fake.channel_id, (lambda i: str(10**17 + i))
    ports = outbound_ports(settings, engine)
    if platform == "discord":
        await ports["discord"].client.login("test-bot-token")  # type: ignore[attr-defined]
    bot = Drillbot(engine, clock, DefaultScorer(), ports)
    await bot.handle_command(tenant, ChannelRef(channel), UserRef("boss", "Boss", True), "ask evaluation new")
    with bot.session() as session:
        round_ = session.exec(select(Round).where(Round.workspace_id != None).order_by(Round.id.desc())).first()  # noqa: E711
    assert round_ is not None and round_.thread_id is not None
    thread = ThreadRef(channel, round_.thread_id)
    await answer_many(bot, tenant, thread, answers, user_id)
    started = time.perf_counter()
    assert await bot.reveal_round(round_.id)  # type: ignore[arg-type]
    took = time.perf_counter() - started
    with bot.session() as session:
        posted = session.get_one(Round, round_.id).reveal_posted_at is not None
    if isinstance(fake, FakeSlack):
        parts = [m for m in fake.posted(channel) if m.get("thread_ts") == round_.thread_id]
    else:
        parts = [m for m in fake.posted(round_.thread_id) if m["author"]["id"] == fake.bot_id]
    print(
        f"{platform:8} {answers} answers: reveal (grading + every post) {took:.2f} s, "
        f"{len(parts)} part(s), complete={posted}, refused={len(fake.refused)}"
    )
    if platform == "discord":
        await ports["discord"].client.close()  # type: ignore[attr-defined]
    await fake.stop()
    engine.dispose()


async def main(answers: int) -> None:
    for platform in ("slack", "discord"):
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
        migrate.upgrade(url)
        await one_platform(platform, answers, url)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=300)
    asyncio.run(main(parser.parse_args().answers))
