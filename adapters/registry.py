"""The chat platforms this program knows, one record each (adapters/platform.py).
Adding a platform: its package adapters/NAME/ with a `platform.py` record, one line
here, and its settings in bot/settings.py."""

from __future__ import annotations

from sqlalchemy import Engine

from adapters.discord.platform import PLATFORM as DISCORD
from adapters.platform import Platform, PlatformUnavailable
from adapters.slack.platform import PLATFORM as SLACK
from bot.chat.ports import ChatPort
from bot.settings import Settings

PLATFORMS: tuple[Platform, ...] = (SLACK, DISCORD)
LOCAL = "console"  # local mode: no platform configured, the terminal is the chat

__all__ = ["LOCAL", "PLATFORMS", "PlatformUnavailable", "check_platforms", "outbound_ports", "platform_named"]


def platform_named(name: str) -> Platform:
    return next(p for p in PLATFORMS if p.name == name)


def check_platforms(settings: Settings) -> None:
    """Stop start-up with one clear line when a platform's settings are incomplete."""
    for platform in PLATFORMS:
        platform.check(settings)


def outbound_ports(settings: Settings, engine: Engine) -> dict[str, ChatPort]:
    """The ports the core posts through, one per configured platform."""
    check_platforms(settings)
    return {p.name: p.make_port(settings, engine) for p in PLATFORMS if p.enabled(settings)}
