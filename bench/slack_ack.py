"""How fast Drillbot acknowledges /drill, against a bare Bolt app, on loopback.

    .venv/bin/python bench/slack_ack.py [--requests 500] [--rounds 5] [--concurrency 20] [--oauth [--workspaces 200]]

Uses a throw-away SQLite file, or DATABASE_URL (PostgreSQL, as in production).
Both apps run behind the same aiohttp server code in this process, as they would in
production: alone. The local fake of the Slack Web API (users.info, response_url) and
the load generator run in processes of their own, as Slack does, so their work never
competes with the app under test. The load generator sends freshly signed
slash-command requests and measures the time to the HTTP response (the ack).
Drillbot's background work (users.info, the core, the response_url post) runs in this
process while later requests are being acked, which is the cost this compares; after
each Drillbot run the bench waits for that work to finish, so it never slows the bare
app's next run. Every Drillbot ack includes its inbox insert (the request is stored
before the 200). Once every app is built the start-up heap is frozen out of the
collector's view, as `drillbot serve` does (bot/heap.py); without that a full
collection (~80 ms here) lands in one app's round at random.

The apps take turns for `--rounds` rounds (the order flips each round), all in this one
process, so a noisy moment on a shared machine spoils one round rather than one app. It
prints each round's p50 and p99 per app and its p99 ratio, then the median of the
rounds' ratios: the figure to compare with the target (at most 1.3x).

With --oauth a third app runs in many-workspace mode (SLACK_CLIENT_ID, installations in
the database, Bolt's authorize on every request) with `--workspaces` teams installed,
and the requests are spread over them; it prints that app's p99 beside the
single-token one (the target is at most 1.3x).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from multiprocessing import get_context
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp  # noqa: E402
from slack_bolt.async_app import AsyncApp  # noqa: E402

from adapters.registry import outbound_ports  # noqa: E402
from adapters.slack.app import build_app  # noqa: E402
from adapters.slack.jobs import make_jobs  # noqa: E402
from adapters.slack.port import make_client  # noqa: E402
from adapters.slack.server import start_http  # noqa: E402
from bot.app import open_database  # noqa: E402
from bot.bootstrap import bootstrap  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.heap import settle_heap  # noqa: E402
from bot.secrets import new_key  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.fakes.slack_api import FakeSlack, signed_headers  # noqa: E402

SECRET = "bench-secret"
SPAWN = get_context("spawn")  # helpers start clean, not as copies of this busy process


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def p99(values: list[float]) -> float:
    return percentile(values, 99)


def ms(values: list[float], p: float) -> float:
    return 1000 * percentile(values, p)


def fmt(ratios: list[float]) -> str:
    return ", ".join(f"{r:.2f}" for r in ratios)


async def hammer(url: str, fake: FakeSlack, requests: int, concurrency: int, teams: int = 0) -> list[float]:
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    run = uuid.uuid4().hex[:12]  # Slack's response_url and trigger_id are unique to each invocation

    async def one(session: aiohttp.ClientSession, n: int) -> None:
        body = urlencode(
            {
                "team_id": f"T{n % teams}" if teams else "T1",
                "team_domain": "bench",
                "channel_id": "C1",
                "channel_name": "general",
                "user_id": f"U{n % 40}",
                "user_name": f"user{n % 40}",
                "command": "/drill",
                "text": "stats",
                "response_url": fake.response_url(f"{run}-{n}"),
                "trigger_id": f"{run}.{n}",
            }
        )
        headers = signed_headers(SECRET, body, content_type="application/x-www-form-urlencoded")
        async with gate:
            started = time.perf_counter()
            async with session.post(url, data=body.encode(), headers=headers) as response:
                await response.read()
                assert response.status == 200, response.status
            latencies.append(time.perf_counter() - started)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(one(session, n) for n in range(requests)))
    return latencies


def serve_fake_slack(ports: Queue, answered: Any) -> None:  # type: ignore[type-arg]
    """The fake Slack's own process: it serves until killed and keeps `answered` (a
    shared counter) equal to the number of response_url posts it received."""

    async def serve() -> None:
        fake = await FakeSlack().start()
        for n in range(40):
            fake.add_user(f"U{n}", f"user{n}")
        ports.put(fake.port)
        while True:
            answered.value = len(fake.responses)
            await asyncio.sleep(0.02)

    asyncio.run(serve())


def generate_load(url: str, fake_port: int, requests: int, concurrency: int, teams: int, results: Queue) -> None:  # type: ignore[type-arg]
    fake = FakeSlack(port=fake_port)  # only for its response_url addresses
    results.put(asyncio.run(hammer(url, fake, requests, concurrency, teams)))


def install_workspaces(settings: Settings, engine: Any, count: int) -> None:
    """`count` teams installed through the OAuth flow, as the installation store keeps them."""
    from slack_sdk.oauth.installation_store import Installation

    from adapters.slack.storage import SealedInstallationStore
    from bot.secrets import Sealer

    store = SealedInstallationStore(settings.slack_client_id, engine, Sealer(settings.drillbot_secret_key))
    for n in range(count):
        store.save(
            Installation(
                app_id="A1",
                team_id=f"T{n}",
                team_name=f"Team {n}",
                bot_token=f"xoxb-T{n}-bench",
                bot_id="BBOT",
                bot_user_id="UBOT",
                bot_scopes="commands,chat:write",
                user_id="UINSTALLER",
                installed_at=time.time(),
            )
        )


async def in_own_process(target: Any, *args: Any) -> Any:
    """Run `target(*args, queue)` in a fresh process and await what it puts on the queue."""
    results: Queue = SPAWN.Queue()  # type: ignore[type-arg]
    process = SPAWN.Process(target=target, args=(*args, results))
    process.start()
    value = await asyncio.to_thread(results.get)
    await asyncio.to_thread(process.join)
    return value


async def main(
    requests: int, concurrency: int, core_processes: int, oauth: bool, workspaces: int, repeats: int
) -> None:
    fake_ports: Queue = SPAWN.Queue()  # type: ignore[type-arg]
    answered = SPAWN.Value("i", 0)
    fake_process = SPAWN.Process(target=serve_fake_slack, args=(fake_ports, answered), daemon=True)
    fake_process.start()
    fake = FakeSlack(port=await asyncio.to_thread(fake_ports.get))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        slack_bot_token="xoxb-bench",
        slack_signing_secret=SECRET,
        slack_api_url=fake.api_url,
        log_level="WARNING",
        core_processes=core_processes,
    )
    engine = open_database(settings)
    bot = bootstrap(engine, SystemClock(), outbound_ports(settings, engine), settings=settings)
    jobs = await make_jobs(bot, settings)
    drillbot = await start_http(build_app(bot, settings, engine, jobs), engine, "127.0.0.1", 0)

    bare_app = AsyncApp(signing_secret=SECRET, client=make_client("xoxb-bench", fake.api_url))

    @bare_app.command("/drill")
    async def ack_only(ack):  # type: ignore[no-untyped-def]
        await ack()

    bare = await start_http(bare_app, engine, "127.0.0.1", 0)
    runners = [("bare", bare), ("drillbot", drillbot)]
    all_jobs = [jobs]
    if oauth:
        many = settings.model_copy(
            update={
                "slack_bot_token": "",
                "slack_client_id": "bench-client",
                "slack_client_secret": "bench-secret",
                "drillbot_secret_key": new_key(),  # many-workspace mode keeps tokens encrypted
            }
        )
        install_workspaces(many, engine, workspaces)
        many_bot = bootstrap(engine, SystemClock(), outbound_ports(many, engine), settings=many)
        many_jobs = await make_jobs(many_bot, many)
        all_jobs.append(many_jobs)
        many_app = build_app(many_bot, many, engine, many_jobs)
        runners.append(("oauth", await start_http(many_app, engine, "127.0.0.1", 0)))
    settle_heap()  # as `drillbot serve` does once it is built (bot/heap.py)
    urls = {name: f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events" for name, runner in runners}
    results: dict[str, list[float]] = {name: [] for name, _ in runners}
    sent = 0

    async def run(name: str, count: int) -> list[float]:
        nonlocal sent
        teams = workspaces if name == "oauth" else 0
        latencies = await in_own_process(generate_load, urls[name], fake.port, count, concurrency, teams)
        if name != "bare":  # let its background work finish, so it never slows the next run
            sent += count
            await fake.wait_for(lambda: answered.value >= sent, 300)
        return latencies

    for name in results:  # warm-up (every workspace once: steady state, not the first request of each)
        await run(name, max(min(100, requests), workspaces if name == "oauth" else 0))
    rounds: list[dict[str, list[float]]] = []
    for n in range(repeats):
        # Alternating, in one process: a noisy moment on a shared machine hurts one round,
        # not one app, and the order flips each round so neither always goes first.
        order = list(results) if n % 2 == 0 else list(reversed(results))
        latencies = {name: await run(name, requests) for name in order}
        rounds.append(latencies)
        for name, values in latencies.items():
            results[name] += values
    where = f"{core_processes} worker processes" if core_processes else "worker threads"
    print(f"{repeats} rounds of {requests} signed /drill requests per app, concurrency {concurrency}, loopback,"
          f" {engine.dialect.name}; Drillbot's core work on {where}")
    ratios = [p99(r["drillbot"]) / p99(r["bare"]) for r in rounds]
    many = [p99(r["oauth"]) / p99(r["drillbot"]) for r in rounds] if oauth else []
    for n, latencies in enumerate(rounds, 1):
        figures = "  ".join(f"{name} p50 {ms(v, 50):6.1f} p99 {ms(v, 99):6.1f}" for name, v in latencies.items())
        extra = f"  oauth/single {many[n - 1]:.2f}" if oauth else ""
        print(f"round {n}: {figures} ms  drillbot/bare {ratios[n - 1]:.2f}{extra}")
    for name, values in results.items():
        print(f"all rounds {name:9} p50 {ms(values, 50):7.1f} ms   p99 {ms(values, 99):7.1f} ms")
    print(f"p99 ratio drillbot/bare: median {statistics.median(ratios):.2f} (rounds: {fmt(ratios)})")
    if oauth:
        print(f"p99 ratio many-workspace ({workspaces} installed)/single-token: median {statistics.median(many):.2f}"
              f" (rounds: {fmt(many)})")
    print(f"every Drillbot command was answered through its response_url: {answered.value == sent}")
    for _, runner in runners:
        await runner.cleanup()
    for each in all_jobs:
        await each.close()
    fake_process.kill()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=500, help="per app and round")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds; the median ratio is reported")
    parser.add_argument("--concurrency", type=int, default=20, help="requests in flight (the target's figure)")
    parser.add_argument(
        "--core-processes", type=int, default=1, help="CORE_PROCESSES for Drillbot (0: core work on threads)"
    )
    parser.add_argument("--oauth", action="store_true", help="also a many-workspace (OAuth) app")
    parser.add_argument("--workspaces", type=int, default=200, help="teams installed for --oauth")
    args = parser.parse_args()
    asyncio.run(
        main(args.requests, args.concurrency, args.core_processes, args.oauth, args.workspaces, args.rounds)
    )
