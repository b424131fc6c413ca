"""How fast the core records answers and reveals a round, on the configured database.

    .venv/bin/python bench/answers.py [--members 200] [--replies 3]

Prints replies recorded per second through `Drillbot.handle_reply` and the time to
grade and score one round, beside a baseline of inserting the same rows with bare SQL
in the same run, so the ratio shows what the core's exactly-once checks cost. Uses a
throw-away SQLite file unless DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from bot.bank.loader import load_bank  # noqa: E402
from bot.bootstrap import bootstrap  # noqa: E402
from bot.chat.ports import ChannelRef, MessageRef, Place, Reply, Tenant, ThreadRef, UserRef  # noqa: E402
from bot.clock import VirtualClock  # noqa: E402
from bot.core import CoreConfig  # noqa: E402
from bot.db import migrate  # noqa: E402
from bot.db.engine import make_engine  # noqa: E402
from bot.grading import DefaultScorer  # noqa: E402
from bot.usecases.directory import ensure_channel, ensure_workspace  # noqa: E402

ANSWER = "We split the data into k folds, hold each out once and average the scores; a single split can be lucky."


class NullPort:
    async def post(self, place: Place, reply: Reply) -> MessageRef:
        return MessageRef(place.channel, "1.0", "1.0")

    async def reply_in_thread(self, ref: MessageRef, reply: Reply) -> MessageRef:
        return MessageRef(ref.channel, "2.0", ref.thread_id, ref.workspace)

    async def send_private(self, place: Place, user: str, reply: Reply) -> None: ...

    async def find_sent(
        self, place: Place, key: str, since: datetime, thread_id: str | None = None
    ) -> MessageRef | None:
        return None  # keeps nothing: the bench never retries a send


async def main(members: int, replies: int) -> None:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    migrate.upgrade(url)
    engine = make_engine(url)
    clock = VirtualClock(datetime(2026, 11, 23, 9, tzinfo=UTC), frozen=True)
    bot = bootstrap(engine, clock, {"bench": NullPort()}, bank=load_bank(), grader=DefaultScorer(), config=CoreConfig())
    tenant = Tenant("bench", f"W{time.time_ns()}")
    with bot.session() as session:
        workspace = ensure_workspace(session, tenant, clock.now())
        channel = ensure_channel(session, workspace, ChannelRef("C1"), clock.now())
    await bot.post_daily(channel.id, date(2026, 11, 23))  # type: ignore[arg-type]
    thread = ThreadRef("C1", "1.0")

    started = time.perf_counter()
    for m in range(members):
        user = UserRef(f"U{m}", f"member{m}")
        for r in range(replies):
            await bot.handle_reply(tenant, thread, user, ANSWER, f"{m}.{r}")
    core_seconds = time.perf_counter() - started
    total = members * replies

    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS bench_baseline"))
        conn.execute(text("CREATE TABLE bench_baseline (round_id int, member text, message text, body text)"))
    started = time.perf_counter()
    for m in range(members):
        for r in range(replies):
            with engine.begin() as conn:  # one transaction per reply, as a chat event gets
                conn.execute(
                    text("INSERT INTO bench_baseline VALUES (1, :m, :id, :body)"),
                    {"m": f"U{m}", "id": f"{m}.{r}", "body": ANSWER},
                )
    baseline_seconds = time.perf_counter() - started
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE bench_baseline"))

    started = time.perf_counter()
    with bot.session() as session:
        from bot.usecases.rounds import latest_open_round

        round_id = latest_open_round(session, channel.id).id  # type: ignore[arg-type,union-attr]
    await bot.reveal_round(round_id)  # type: ignore[arg-type]
    reveal_seconds = time.perf_counter() - started

    print(f"database: {engine.dialect.name}")
    print(f"replies recorded: {total} in {core_seconds:.2f}s = {total / core_seconds:.0f}/s through the core")
    print(f"baseline bare inserts: {total / baseline_seconds:.0f}/s (one transaction each)")
    print(f"ratio core/baseline time: {core_seconds / baseline_seconds:.1f}x")
    print(f"reveal (grade + ledger) of {members} answers: {reveal_seconds * 1000:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--replies", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.members, args.replies))
