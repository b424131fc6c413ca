"""Alembic environment: migrates SQLModel.metadata on SQLite (batch mode) and PostgreSQL."""

from __future__ import annotations

from typing import Any

from alembic import context

from adapters.schema import ALL_METADATA
from bot.db.engine import make_engine

config = context.config
# Our models, plus slack_sdk's OAuth tables, which our migrations create too.
target_metadata = ALL_METADATA


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from bot.settings import load_settings

    return load_settings().resolved_database_url()


def run_migrations_offline() -> None:
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection: Any) -> None:
    sqlite = connection.dialect.name == "sqlite"
    # SQLite's batch mode rebuilds a table by copy, drop and rename; with foreign keys
    # on, dropping a table other rows refer to fails, so they are off while migrating
    # (Alembic's documented recipe) and checked afterwards. The pragma only works
    # outside a transaction, hence the driver connection.
    raw = connection.connection.driver_connection if sqlite and not connection.in_transaction() else None
    if raw is not None:
        raw.execute("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    try:
        with context.begin_transaction():
            context.run_migrations()
            if raw is not None and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                raise RuntimeError("a migration left rows that refer to missing rows")
    finally:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
