"""What a chat platform gives the rest of the program: one record per platform, listed
in adapters/registry.py. The command line loops over the records; nothing else names
a platform."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from bot.chat.ports import ChatPort
from bot.settings import Settings
from bot.shutdown import Shutdown

if TYPE_CHECKING:
    from bot.core import Drillbot

Stop = Callable[[], Awaitable[None]]


class PlatformUnavailable(Exception):
    """A platform is configured but cannot be started; the message says why."""


@dataclass(frozen=True)
class Serving:
    """How this process runs a platform: `role` True when it serves the platform's
    inbound side (HTTP events, the gateway), False when it only posts (the clock)."""

    role: bool
    http_port: int
    grace: float
    shutdown: Shutdown


@dataclass(frozen=True)
class Platform:
    name: str  # the Tenant.platform value, the `drillbot serve NAME` role and the port's key
    needs: str  # the settings that turn it on, for "the NAME role needs ..." messages
    enabled: Callable[[Settings], bool]
    check: Callable[[Settings], None]  # raises PlatformUnavailable naming a missing setting
    make_port: Callable[[Settings, Engine], ChatPort]
    # Start the platform's side of this process; the stops run in order at shutdown.
    start: Callable[[Drillbot, Settings, Engine, ChatPort, Serving], Awaitable[list[Stop]]]
