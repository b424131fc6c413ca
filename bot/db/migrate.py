"""Running Alembic from code, so `drillbot migrate` and `drillbot run` need no alembic.ini lookup."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from bot.db.engine import normalize_url

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(url: str) -> Config:
    config = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return config


# The revision that added the leaderboard totals: a database upgraded across it gets its
# totals built from the ledger after the last migration, with the models of that moment.
TOTALS_REVISION = "0007"


def current_revision(url: str) -> str | None:
    engine = create_engine(normalize_url(url))
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def crosses(config: Config, before: str | None, after: str | None, revision: str) -> bool:
    """True when upgrading from `before` to `after` applies `revision`."""
    if after is None:
        return False
    script = ScriptDirectory.from_config(config)
    applied_after = {r.revision for r in script.iterate_revisions(after, "base")}
    applied_before = {r.revision for r in script.iterate_revisions(before, "base")} if before else set()
    return revision in applied_after and revision not in applied_before


def upgrade(url: str, revision: str = "head") -> None:
    config = alembic_config(url)
    before = current_revision(url)
    command.upgrade(config, revision)
    if before is not None and crosses(config, before, current_revision(url), TOTALS_REVISION):
        rebuild_totals(url)


def rebuild_totals(url: str) -> None:
    from bot.db.engine import make_engine, session_scope
    from bot.usecases.rebuild import rebuild_all

    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            rebuild_all(session)
    finally:
        engine.dispose()


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)
