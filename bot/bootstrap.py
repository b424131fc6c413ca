"""The one place a Drillbot is built (cosmicpython's bootstrap): every process, test
world, simulation and bench calls `bootstrap()`, so the services (sessions, clock,
grader, ports, config, lifecycle) are wired the same way everywhere.

It syncs the question bank into the database first (the settings' folders, so
CONTENT_DIRS counts, unless a bank is passed in); a broken bank raises BankError
before anything is written."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import Engine

from bot.bank.loader import Bank
from bot.bank.sync import sync_bank
from bot.chat.ports import ChatPort
from bot.clock import Clock
from bot.core import Drillbot
from bot.grading import Grader
from bot.grading.choose import make_grader
from bot.services import CoreConfig, Services
from bot.settings import Settings
from bot.usecases.points import PointRules

log = logging.getLogger("drillbot")


def core_config(settings: Settings, web_port: int | None = None) -> CoreConfig:
    """The settings the core reads, from the environment's. `web_port`: where this
    process serves the web page, when it is not WEB_PORT (Slack's web process: PORT)."""
    return CoreConfig(
        default_timezone=settings.default_timezone,
        post_grace=timedelta(minutes=settings.post_grace_minutes),
        kudos_emoji=settings.kudos_emoji_set,
        points=PointRules(kudos_cap=settings.kudos_cap),
        delete_after=timedelta(days=settings.delete_after_days),
        tick_concurrency=settings.tick_concurrency,
        max_answer_chars=settings.max_answer_chars,
        web_url=settings.web_url(web_port),
    )


def bootstrap(
    engine: Engine,
    clock: Clock,
    ports: dict[str, ChatPort] | None = None,
    *,
    settings: Settings | None = None,
    bank: Bank | None = None,
    grader: Grader | None = None,
    config: CoreConfig | None = None,
    sync: bool = True,
    web_port: int | None = None,
) -> Drillbot:
    """The core over a migrated database. What is not passed comes from `settings`
    (default: the built-in defaults, not the environment): the bank from its folders,
    the grader it names, its CoreConfig. `sync=False` when another process syncs."""
    settings = settings or Settings(_env_file=None)
    if sync:
        if bank is None:
            from bot.app import load_questions

            bank = load_questions(settings)
        result = sync_bank(engine, bank, clock.now())
        log.info(
            "question bank: %d questions (%d added, %d updated, %d retired)",
            len(bank.questions),
            result.added,
            result.updated,
            result.retired,
        )
    services = Services(
        engine,
        clock,
        grader or make_grader(settings.grader),
        ports,
        config or core_config(settings, web_port),
    )
    return Drillbot(services)
