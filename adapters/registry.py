"""Which platform adapters this process runs, from the settings."""

from __future__ import annotations

from sqlalchemy import Engine

from bot.chat.ports import ChatPort
from bot.settings import Settings


class PlatformUnavailable(Exception):
    """A platform is configured but cannot be started; the message says why."""


def check_platforms(settings: Settings) -> None:
    """Stop start-up with one clear line when a platform's settings are incomplete."""
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


def outbound_ports(settings: Settings, engine: Engine) -> dict[str, ChatPort]:
    """The ports the core posts through, one per configured platform."""
    check_platforms(settings)
    ports: dict[str, ChatPort] = {}
    if settings.slack_enabled:
        from adapters.slack.port import SlackPort, fixed_token, installed_token
        from adapters.slack.storage import ThreadedInstallationStore
        from bot.secrets import Sealer

        store = None
        if settings.slack_client_id:
            store = ThreadedInstallationStore(settings.slack_client_id, engine, Sealer(settings.drillbot_secret_key))
            token_for = installed_token(store)
        else:
            token_for = fixed_token(settings.slack_bot_token)
        ports["slack"] = SlackPort(token_for, settings.slack_api_url, store)
    if settings.discord_enabled:
        from adapters.discord.app import make_client
        from adapters.discord.port import DiscordPort

        ports["discord"] = DiscordPort(make_client(settings))  # logged in by the role that runs
    return ports
