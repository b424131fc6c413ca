"""Slack's entry in the platform registry. Slack's libraries are imported only when
Slack is configured."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine

from adapters.platform import Platform, PlatformUnavailable, Serving, Stop
from bot.chat.ports import ChatPort
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.core import Drillbot


def check(settings: Settings) -> None:
    if settings.slack_client_id and not (settings.slack_client_secret and settings.slack_signing_secret):
        raise PlatformUnavailable("SLACK_CLIENT_ID needs SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET too")
    if settings.slack_client_id and not settings.drillbot_secret_key:
        raise PlatformUnavailable(
            "SLACK_CLIENT_ID (many workspaces) needs DRILLBOT_SECRET_KEY to encrypt their tokens;"
            " `drillbot secrets new-key` prints one"
        )
    if settings.slack_bot_token and not (settings.slack_signing_secret or settings.slack_app_token):
        raise PlatformUnavailable(
            "SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)"
        )


def make_port(settings: Settings, engine: Engine) -> ChatPort:
    from adapters.slack.port import SlackPort, fixed_token, installed_token
    from adapters.slack.storage import ThreadedInstallationStore
    from bot.secrets import Sealer

    store = None
    if settings.slack_client_id:
        store = ThreadedInstallationStore(settings.slack_client_id, engine, Sealer(settings.drillbot_secret_key))
        token_for = installed_token(store)
    else:
        token_for = fixed_token(settings.slack_bot_token)
    return SlackPort(token_for, settings.slack_api_url, store)


async def start(bot: Drillbot, settings: Settings, engine: Engine, port: ChatPort, serving: Serving) -> list[Stop]:
    """The web role: Slack's HTTP events (or Socket Mode) into the inbox, the workers and
    the pump. A process that only posts needs nothing started: the port is HTTP calls."""
    if not serving.role:
        return []
    from adapters.slack.app import build_app
    from adapters.slack.jobs import make_jobs
    from adapters.slack.server import start_http, start_socket_mode
    from bot.inbox import InboxPump

    stops: list[Stop] = []  # in order: stop accepting first, then finish the work in hand
    jobs = await make_jobs(bot, settings)
    bolt = build_app(bot, settings, engine, jobs)
    if settings.slack_app_token:
        handler = await start_socket_mode(bolt, settings.slack_app_token)
        stops.append(handler.close_async)
    else:
        timeout = min(5.0, serving.grace / 2)
        runner = await start_http(bolt, engine, "0.0.0.0", serving.http_port, shutdown_timeout=timeout)
        stops.append(runner.cleanup)
    pump = InboxPump(jobs.inbox, jobs.submit_item, jobs.queued)
    pump.start()  # rows left pending by a crash or a deploy, at once and then every few seconds
    stops.append(pump.stop)

    async def close_jobs() -> None:
        await jobs.close(serving.shutdown.remaining(serving.grace))

    stops.append(close_jobs)
    return stops


PLATFORM = Platform(
    name="slack",
    needs="SLACK_BOT_TOKEN or SLACK_CLIENT_ID",
    enabled=lambda settings: settings.slack_enabled,
    check=check,
    make_port=make_port,
    start=start,
)
