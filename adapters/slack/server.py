"""Serving the Slack app over HTTP (aiohttp) or Socket Mode.

HTTP routes: POST /slack/events (commands, events, interactivity), GET /slack/install
and /slack/oauth_redirect (the OAuth install flow, when configured), GET /healthz, and
the team web page (bot/web/app.py: /t/TOKEN/...).
Any number of these processes can serve at once: all state is in the database.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from sqlalchemy import Engine

from bot.clock import SystemClock
from bot.health import DatabaseHealth
from bot.web.app import add_routes as add_web_routes

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

log = logging.getLogger("drillbot.slack")
EVENTS_PATH = "/slack/events"
TIMESTAMP_HEADER = "X-Slack-Request-Timestamp"


def timestamp_is_numeric(value: str | None) -> bool:
    """Bolt's signature check calls int() on this header; anything else would be a 500
    and an ERROR per request. A missing header is left to Bolt (it answers 401)."""
    return value is None or (value.isascii() and value.isdigit())


def web_app(bolt: AsyncApp, engine: Engine) -> web.Application:
    app = web.Application()
    database = DatabaseHealth(engine)

    async def events(request: web.Request) -> web.Response:
        if not timestamp_is_numeric(request.headers.get(TIMESTAMP_HEADER)):
            return web.Response(status=401, text="invalid request timestamp")  # an unsigned request, not our fault
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def install(request: web.Request) -> web.Response:
        flow = bolt.oauth_flow
        assert flow is not None
        return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

    async def oauth_redirect(request: web.Request) -> web.Response:
        flow = bolt.oauth_flow
        assert flow is not None
        return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

    async def healthz(request: web.Request) -> web.Response:
        """Never blocks the loop: the database is checked on a thread (bot/health.py)."""
        health = await database.status()
        if not health.ok:
            log.warning("health check: database %s", health.reason)
            return web.json_response({"ok": False, "database": health.reason}, status=503)
        return web.json_response({"ok": True})

    app.router.add_post(EVENTS_PATH, events)
    app.router.add_get("/healthz", healthz)
    if bolt.oauth_flow is not None:
        app.router.add_get(bolt.oauth_flow.install_path, install)
        app.router.add_get(bolt.oauth_flow.redirect_uri_path, oauth_redirect)
    add_web_routes(app, engine, SystemClock())
    return app


async def start_http(
    bolt: AsyncApp, engine: Engine, host: str, port: int, shutdown_timeout: float = 5.0
) -> web.AppRunner:
    """`shutdown_timeout`: at cleanup, requests in flight get this long to finish."""
    runner = web.AppRunner(web_app(bolt, engine), access_log=None, shutdown_timeout=shutdown_timeout)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("Slack app listening on http://%s:%d%s", host, port, EVENTS_PATH)
    return runner


async def start_socket_mode(bolt: AsyncApp, app_token: str) -> AsyncSocketModeHandler:
    """Socket Mode for development: Slack connects out to us, no public URL needed."""
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    handler = AsyncSocketModeHandler(bolt, app_token)
    await handler.connect_async()
    log.info("Slack app connected in Socket Mode")
    return handler
