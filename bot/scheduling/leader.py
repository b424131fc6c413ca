"""Which clock process ticks. On PostgreSQL one process holds a session advisory lock
and ticks; the others stand by and take over within a tick if it dies (its connection
closes, so the lock goes). SQLite has no such lock: every process ticks, and the unique
constraints and leases keep each post and reveal to one. Either way the database
constraints, not the election, are what guarantee exactly-once."""

from __future__ import annotations

import logging

from sqlalchemy import Connection, Engine, text

log = logging.getLogger("drillbot.clock")
LOCK_KEY = 0x44524C42  # "DRLB"


class Leadership:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._held: Connection | None = None

    def is_leader(self) -> bool:
        if self.engine.dialect.name != "postgresql":
            return True
        if self._held is not None:
            try:
                self._held.execute(text("select 1"))
                return True
            except Exception:
                log.warning("lost the scheduler lock's connection; trying to take it again")
                self._drop()
        connection = self.engine.connect()
        try:
            taken = connection.execute(text("select pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}).scalar()
            connection.commit()
        except Exception:
            connection.close()
            raise
        if taken:
            self._held = connection
            log.info("this process now runs the scheduler")
            return True
        connection.close()
        return False

    def release(self) -> None:
        if self._held is not None:
            try:
                self._held.execute(text("select pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
                self._held.commit()
            finally:
                self._drop()

    def _drop(self) -> None:
        if self._held is not None:
            try:
                self._held.close()
            finally:
                self._held = None
