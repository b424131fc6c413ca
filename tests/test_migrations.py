"""The models and the migrations agree, and the migrations run both ways, on the
database under test (SQLite, or PostgreSQL in CI)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from adapters.schema import ALL_METADATA, all_table_names
from bot.db import migrate
from bot.db.engine import make_engine
from tests.conftest import is_postgres

SCRATCH_SCHEMA = "drillbot_migration_test"


@pytest.fixture
def scratch_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the same kind as the one under test."""
    if not is_postgres(database_url):
        yield f"sqlite:///{tmp_path / 'scratch.db'}"
        return
    admin = make_engine(database_url)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCRATCH_SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCRATCH_SCHEMA}"))
    yield f"{database_url}?options=-csearch_path%3D{SCRATCH_SCHEMA}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCRATCH_SCHEMA} CASCADE"))
    admin.dispose()


def test_models_and_migrations_agree(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, ALL_METADATA)
    engine.dispose()
    assert differences == []


def test_upgrade_downgrade_upgrade(scratch_url: str) -> None:
    expected = all_table_names()
    assert {"slack_installations", "slack_bots", "slack_oauth_states", "kudos"} <= expected

    def tables() -> set[str]:
        engine = make_engine(scratch_url)
        names = set(inspect(engine).get_table_names()) - {"alembic_version"}
        engine.dispose()
        return names

    migrate.upgrade(scratch_url)
    assert tables() == expected
    migrate.downgrade(scratch_url, "base")
    assert tables() == set()
    migrate.upgrade(scratch_url)
    assert tables() == expected


def test_upgrade_twice_is_a_no_op(scratch_url: str) -> None:
    migrate.upgrade(scratch_url)
    migrate.upgrade(scratch_url)
