"""Start-up shared by every process: logging, the migrated database, the bank's folders.
The core itself is built by bot/bootstrap.py."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from bot.bank.loader import BANK_DIR, Bank, load_bank_or_raise
from bot.db import migrate
from bot.db.engine import make_engine
from bot.logsafety import MaskTokens, quiet_libraries
from bot.settings import Settings

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
