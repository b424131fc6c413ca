"""Which platform adapters this process runs, from the settings."""

from __future__ import annotations

from bot.chat.ports import ChatPort
from bot.settings import Settings


class PlatformUnavailable(Exception):
    """A platform is configured but cannot be started; the message says why."""


def outbound_ports(settings: Settings) -> dict[str, ChatPort]:
    """Ports for every configured platform. The Slack and Discord adapters are not in
    this build yet, so a token for either stops start-up with a clear line instead of
    running a bot that silently never posts."""
    if settings.slack_enabled:
        raise PlatformUnavailable(
            "SLACK_BOT_TOKEN is set, but this build has no Slack adapter yet; unset it for local mode"
        )
    if settings.discord_enabled:
        raise PlatformUnavailable(
            "DISCORD_TOKEN is set, but this build has no Discord adapter yet; unset it for local mode"
        )
    return {}
