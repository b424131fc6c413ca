"""Starting the web page: `drillbot serve web` (its own process, on every interface) and
local mode (on 127.0.0.1:WEB_PORT, beside the console; WEB_PORT=0 turns it off)."""

from __future__ import annotations

import logging
import sys

from aiohttp import web
from sqlalchemy import Engine

from bot.clock import Clock, SystemClock
from bot.settings import Settings
from bot.web.app import start_web

log = logging.getLogger("drillbot.web")
LOCAL_HOST = "127.0.0.1"


async def start_local_web(settings: Settings, engine: Engine, clock: Clock) -> tuple[web.AppRunner | None, int]:
    """Local mode's page on the virtual clock; returns the runner and the port it serves
    on, 0 when it is off or the port is taken (said once, and local mode goes on)."""
    if not settings.web_port:
        return None, 0
    try:
        return await start_web(engine, clock, LOCAL_HOST, settings.web_port), settings.web_port
    except OSError as error:
        print(
            f"drillbot: the web page could not listen on {LOCAL_HOST}:{settings.web_port} ({error.strerror}); "
            "set WEB_PORT to a free port, or 0 to turn it off. Carrying on without it.",
            file=sys.stderr,
        )
        return None, 0


async def serve_web(settings: Settings, port: int | None) -> int:
    """`drillbot serve web`: the page alone from the same database, until SIGTERM/SIGINT."""
    from bot.app import open_database
    from bot.shutdown import Shutdown

    port = settings.web_port if port is None else port
    if not 0 < port < 65536:
        print("drillbot: serve web needs a port: --port N or WEB_PORT (not 0)", file=sys.stderr)
        return 2
    engine = open_database(settings)
    shutdown = Shutdown()
    shutdown.install()
    runner = await start_web(engine, SystemClock(), "0.0.0.0", port, min(5.0, settings.shutdown_grace_seconds))
    print(f"drillbot: web page on port {port}; `/drill web` in chat gives a team its link", file=sys.stderr)
    try:
        await shutdown.wait()
    finally:
        await runner.cleanup()
        engine.dispose()
    return 0
