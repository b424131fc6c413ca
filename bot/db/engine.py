"""Creating engines and sessions for SQLite and PostgreSQL alike."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, CursorResult, Engine, Result, event
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, create_engine

T = TypeVar("T")


def normalize_url(url: str) -> str:
    """Accept the URLs PaaS hosts hand out and pick the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE matched. `Session.execute` is typed as returning a plain
    `Result`; for those statements it is a `CursorResult`, which carries the count."""
    return cast(CursorResult[Any], result).rowcount


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine whose sessions see each other's commits promptly on both databases.
    `hide_parameters`: a database error must not write answers or tokens into the log."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url, echo=echo, hide_parameters=True, connect_args={"check_same_thread": False, "timeout": 30}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "checkin", _checkpoints_again)
        return engine
    return create_engine(url, echo=echo, hide_parameters=True, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy's documented
    # workaround is to switch it off and emit BEGIN ourselves (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL skips the fsync per commit yet survives a killed process (the
    # write is in the OS before COMMIT returns); only a power cut can lose the last commits.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock up front, so two processes never deadlock
    # upgrading read locks; busy_timeout makes the second one wait instead.
    if connection.get_execution_options().get(POLL_LOCK):
        _begin_polling(connection)
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


POLL_LOCK = "drillbot_poll_lock"  # an execution option: see _begin_polling
POLL_EVERY = 0.0005  # seconds between tries of the write lock
POLL_FOR = 2.0  # then the ordinary wait (busy_timeout) takes over


def _begin_polling(connection: Connection) -> None:
    """Take SQLite's write lock by trying every half millisecond. SQLite's own busy
    handler sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms between tries, so a
    writer that finds the lock held for 3 ms waits 8, and one that finds it held for 30
    waits 78: fine for background work, not for the insert a platform's 200 waits on
    (the durable inbox, bot/inbox/), which opts in with `engine.execution_options(**POLL)`.
    Its commit never runs a WAL checkpoint either (copying the log into the database and
    syncing it can take a hundred milliseconds): the next commit of other work does."""
    raw = connection.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA wal_autocheckpoint=0")
    connection.connection.info[NO_CHECKPOINT] = True
    deadline = time.monotonic() + POLL_FOR
    raw.execute("PRAGMA busy_timeout=0")
    try:
        while time.monotonic() < deadline:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error):
                    break
                time.sleep(POLL_EVERY)
    finally:
        raw.execute("PRAGMA busy_timeout=30000")
    connection.exec_driver_sql("BEGIN IMMEDIATE")  # SQLAlchemy's errors, and the ordinary wait


POLL: dict[str, Any] = {POLL_LOCK: True}
NO_CHECKPOINT = "drillbot_no_checkpoint"


def _checkpoints_again(dbapi_connection: sqlite3.Connection, record: Any) -> None:
    """Back in the pool, a connection that stored arrivals checkpoints as usual again."""
    if record.info.pop(NO_CHECKPOINT, False):
        dbapi_connection.execute("PRAGMA wal_autocheckpoint=1000")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def insert_once(session: Session, row: T) -> T | None:
    """Insert `row`, or return None when a unique constraint says it exists already
    (another worker or process won): the savepoint keeps the session usable."""
    try:
        with session.begin_nested():
            session.add(row)
        return row
    except IntegrityError:
        return None
