"""Creating engines and sessions for SQLite and PostgreSQL alike."""

from __future__ import annotations

import sqlite3
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
    connection.exec_driver_sql("BEGIN IMMEDIATE")


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
