"""The services every inbound path shares, built once at start-up (bot/bootstrap.py):
the database sessions, the clock, the grader, the ports, the settings the core reads,
and the round lifecycle. Handlers receive this object; nothing reaches back into the
`Drillbot` facade, so the core and the handlers never import each other."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from bot.chat.ports import ChatPort
from bot.clock import Clock
from bot.db.engine import session_scope
from bot.grading import Grader
from bot.lifecycle import RoundLifecycle
from bot.retry import RetryPolicy
from bot.usecases.points import PointRules

DEFAULT_KUDOS_EMOJI = frozenset({"+1", "thumbsup", "clap", "star", "fire", "👍", "👏", "⭐", "🔥"})


@dataclass(frozen=True)
class CoreConfig:
    default_timezone: str = "UTC"
    post_grace: timedelta = timedelta(hours=2)
    retry: RetryPolicy = RetryPolicy()
    kudos_emoji: frozenset[str] = DEFAULT_KUDOS_EMOJI
    points: PointRules = PointRules()  # the defaults; a workspace may set its own
    delete_after: timedelta = timedelta(days=30)  # an uninstalled workspace's data is kept this long
    tick_concurrency: int = 16  # channels (and rounds) a tick works on at once
    max_answer_chars: int = 4000  # a longer answer is refused whole, with a private message saying so
    web_url: str = ""  # where `/drill web` links point (Settings.web_url); '' means the web page is off


class Services:
    """One per process. `ports` maps a platform name to the adapter that speaks it;
    `lifecycle` posts, reveals and summarises rounds through them."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        grader: Grader,
        ports: dict[str, ChatPort] | None = None,
        config: CoreConfig | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.grader = grader
        self.ports: dict[str, ChatPort] = dict(ports or {})
        self.config = config or CoreConfig()
        self.lifecycle = RoundLifecycle(self)

    def session(self) -> AbstractContextManager[Session]:
        """A short transaction: committed on success, rolled back on an exception."""
        return session_scope(self.engine)
