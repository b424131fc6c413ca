"""Shared fixtures. The suite runs on SQLite by default and on PostgreSQL when
DRILLBOT_TEST_DATABASE_URL points at one (`.ci/run` does both). With CI=true an
unreachable PostgreSQL fails the run instead of skipping it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from adapters.schema import ALL_METADATA
from bot.bank.loader import load_bank
from bot.bank.sync import sync_bank
from bot.clock import VirtualClock
from bot.core import CoreConfig, Drillbot
from bot.db import migrate
from bot.db.engine import make_engine, normalize_url
from bot.grading import DefaultScorer
from bot.retry import RetryPolicy
from tests.fakes.chat import RecordingPort

TEST_DB = os.environ.get("DRILLBOT_TEST_DATABASE_URL", "")
os.environ.setdefault("WEB_PORT", "0")  # a `drillbot run` under test serves no web page unless the test asks
IN_CI = os.environ.get("CI", "").lower() == "true"
START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday


def is_postgres(url: str) -> bool:
    return url.startswith("postgres")


def _require_postgres(url: str) -> None:
    try:
        engine = make_engine(url)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:  # pragma: no cover - depends on the machine
        message = f"PostgreSQL at {url} is unreachable: {exc}"
        if IN_CI:
            pytest.exit(message, returncode=1)
        pytest.skip(message)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A freshly migrated database for the whole run."""
    if TEST_DB:
        url = normalize_url(TEST_DB)
        _require_postgres(url)
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    migrate.upgrade(url)
    yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """The shared database, emptied before each test."""
    engine = make_engine(database_url)
    tables = [t for metadata in ALL_METADATA for t in reversed(metadata.sorted_tables)]
    with engine.begin() as conn:
        if is_postgres(database_url):
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(START, frozen=True)


@pytest.fixture
def port() -> RecordingPort:
    return RecordingPort()


@pytest.fixture
def bank_dir() -> Path:
    return Path(__file__).parent / "data" / "bank"


@pytest.fixture
def bot(engine: Engine, clock: VirtualClock, port: RecordingPort, bank_dir: Path) -> Drillbot:
    """A core over the test bank with one fake platform called 'test'."""
    bank = load_bank([bank_dir])
    assert bank.ok, bank.errors
    sync_bank(engine, bank, clock.now())
    config = CoreConfig(default_timezone="UTC", retry=RetryPolicy(attempts=3, base_delay=0))
    return Drillbot(engine, clock, DefaultScorer(), {"test": port}, config)


_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI, a PostgreSQL run that skipped anything did not test PostgreSQL: fail it."""
    if IN_CI and is_postgres(TEST_DB) and _skipped:
        print(f"\nCI=true: {len(_skipped)} test(s) skipped on PostgreSQL: {', '.join(_skipped[:5])}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Semantic-scorer and browser tests need an optional extra (and chromium): they run
    only when asked for with `-m semantic` / `-m browser` (CI installs them and does),
    never silently skipped."""
    asked = config.getoption("markexpr") or ""
    for marker in ("semantic", "browser"):
        if marker in asked:
            continue
        dropped = [item for item in items if item.get_closest_marker(marker)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = [item for item in items if not item.get_closest_marker(marker)]
