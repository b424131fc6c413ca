"""Start-up shared by every process: settings -> database (migrated) -> bank -> core."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import Engine

from bot.bank.loader import BANK_DIR, Bank, load_bank_or_raise
from bot.bank.sync import sync_bank
from bot.chat.ports import ChatPort
from bot.clock import Clock
from bot.core import CoreConfig, Drillbot
from bot.db import migrate
from bot.db.engine import make_engine
from bot.grading.choose import make_grader
from bot.logsafety import MaskTokens, quiet_libraries
from bot.settings import Settings
from bot.usecases.points import PointRules

log = logging.getLogger("drillbot")


def configure_logging(settings: Settings, *, to_file: bool = False) -> None:
    """Log to stderr, or (local mode, where the terminal is the chat) to DATA_DIR/drillbot.log."""
    handler: logging.Handler = logging.StreamHandler()
    if to_file:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(settings.data_dir / "drillbot.log", encoding="utf-8")
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[handler],
        force=True,
    )
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.getLevelName(settings.log_level)))
    handler.addFilter(MaskTokens())
    quiet_libraries(logging.getLevelName(settings.log_level))


def open_database(settings: Settings) -> Engine:
    """Migrate to the newest schema, then connect."""
    url = settings.resolved_database_url()
    migrate.upgrade(url)
    return make_engine(url)


def load_questions(settings: Settings) -> Bank:
    """The shipped bank plus the team's own folders; any error stops start-up (BankError)."""
    return load_bank_or_raise([BANK_DIR, *settings.extra_content_dirs])


def build_bot(
    settings: Settings, clock: Clock, engine: Engine, ports: dict[str, ChatPort], *, web_port: int | None = None
) -> Drillbot:
    """The core over a migrated database, with the bank loaded (a broken bank raises
    BankError before anything is written). `web_port`: where this process serves the
    web page, when it is not WEB_PORT (the Slack web process serves it on PORT)."""
    bank = load_questions(settings)
    result = sync_bank(engine, bank, clock.now())
    log.info(
        "question bank: %d questions (%d added, %d updated, %d retired)",
        len(bank.questions),
        result.added,
        result.updated,
        result.retired,
    )
    config = CoreConfig(
        default_timezone=settings.default_timezone,
        post_grace=timedelta(minutes=settings.post_grace_minutes),
        kudos_emoji=settings.kudos_emoji_set,
        points=PointRules(kudos_cap=settings.kudos_cap),
        delete_after=timedelta(days=settings.delete_after_days),
        tick_concurrency=settings.tick_concurrency,
        max_answer_chars=settings.max_answer_chars,
        web_url=settings.web_url(web_port),
    )
    return Drillbot(engine, clock, make_grader(settings.grader), ports, config)
