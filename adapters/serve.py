"""Running the program: `drillbot run` (everything configured in one process, or local
mode without any platform) and `drillbot serve ROLE` (one role per process, see the
Procfile). Platforms come from the registry; nothing here names one."""

from __future__ import annotations

import sys

from sqlalchemy import Engine

from adapters import registry
from adapters.platform import PlatformUnavailable, Serving, Stop
from adapters.registry import check_platforms, outbound_ports, platform_named
from bot.chat.ports import ChatPort
from bot.cli_tools import SEMANTIC_MISSING
from bot.settings import Settings

CLOCK = "clock"  # the scheduler's role: ticks, posts and reveals for every configured platform


def roles() -> list[str]:
    """What `drillbot serve` accepts: each platform's inbound side, and the clock."""
    return [p.name for p in registry.PLATFORMS] + [CLOCK]


async def run(settings: Settings, user: str | None, http_port: int, default_user: str) -> int:
    """Everything configured in one process; local mode when no platform is set."""
    from bot.app import open_database

    check_platforms(settings)  # a missing setting is one line, before anything else happens
    engine = open_database(settings)
    ports = outbound_ports(settings, engine)
    if not ports:
        return await _run_console(settings, engine, user or default_user)
    return await _serve(settings, engine, ports, set(ports) | {CLOCK}, http_port)


async def serve_role(settings: Settings, role: str, http_port: int) -> int:
    """One role: a platform's inbound side, or the clock (which posts on every platform)."""
    from bot.app import open_database

    check_platforms(settings)  # a missing setting is one line, before anything else happens
    if role != CLOCK and not platform_named(role).enabled(settings):
        raise PlatformUnavailable(f"the {role} role needs {platform_named(role).needs}; see the README")
    engine = open_database(settings)
    ports = outbound_ports(settings, engine)
    if not ports:
        needs = " or ".join(p.needs for p in registry.PLATFORMS)
        raise PlatformUnavailable(f"the clock needs a chat platform ({needs}); for local mode use `drillbot run`")
    return await _serve(settings, engine, ports, {role}, http_port)


async def _run_console(settings: Settings, engine: Engine, user: str) -> int:
    from adapters.console.app import run_console
    from bot.bootstrap import bootstrap
    from bot.grading.scorer import DefaultScorer
    from bot.local_mode import SavedClock
    from bot.web.serve import start_local_web

    clock = SavedClock(engine, str(settings.data_dir.resolve()))
    runner, web_port = await start_local_web(settings, engine, clock)
    bot = bootstrap(engine, clock, {}, settings=settings, web_port=web_port)
    if settings.grader == "semantic" and type(bot.grader) is DefaultScorer:  # the log is a file here: say it once
        print(f"drillbot: {SEMANTIC_MISSING}", file=sys.stderr)
    await run_console(
        bot,
        clock,
        stdin=sys.stdin,
        out=sys.stdout,
        user=user,
        tick_seconds=settings.tick_seconds,
        charts=settings.data_dir / "charts",
        history=settings.data_dir / "history",
    )
    if runner is not None:
        await runner.cleanup()
    return 0


async def _serve(
    settings: Settings, engine: Engine, ports: dict[str, ChatPort], serving: set[str], http_port: int
) -> int:
    """Run the chosen roles until SIGTERM or SIGINT (then drain and return 0) or until a
    platform connection fails for good (2)."""
    from bot.bootstrap import bootstrap
    from bot.clock import SystemClock
    from bot.heap import settle_heap
    from bot.offload import drain
    from bot.scheduling.ticker import Ticker
    from bot.shutdown import Shutdown

    grace = settings.shutdown_grace_seconds
    shutdown = Shutdown()
    shutdown.install()
    stops: list[Stop] = []  # in order: stop accepting first, then finish the work in hand
    slack_http = "slack" in serving and "slack" in ports and not settings.slack_app_token
    web_port = http_port if slack_http else 0  # Slack's HTTP app mounts the web page
    if not web_port and CLOCK in serving and len(serving) > 1 and settings.web_port:  # `drillbot run`, no Slack HTTP
        from bot.web.app import start_web

        web = await start_web(engine, SystemClock(), "0.0.0.0", settings.web_port, min(5.0, grace / 2))
        stops.append(web.cleanup)
        web_port = settings.web_port
    bot = bootstrap(engine, SystemClock(), ports, settings=settings, web_port=web_port)
    for platform in registry.PLATFORMS:
        if platform.name in ports:
            how = Serving(platform.name in serving, http_port, grace, shutdown)
            stops += await platform.start(bot, settings, engine, ports[platform.name], how)
    ticker = Ticker(bot, settings.tick_seconds) if CLOCK in serving else None
    if ticker is not None:
        ticker.start()
    settle_heap()
    try:
        await shutdown.wait()
    finally:
        if ticker is not None:
            ticker.stop()
        for stop in stops:
            await stop()
        await drain(shutdown.remaining(grace))
    return 2 if shutdown.failed.is_set() else 0
