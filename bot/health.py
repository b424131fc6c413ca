"""The database check behind `/healthz`, which must never block an event loop.

The check (`select 1` on a raw pooled connection) runs on a thread of its own, one at a
time; the caller waits for it only briefly. A check still running after `bound` seconds
reports the database unhealthy, and a hung check never piles up more threads.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass

from sqlalchemy import Engine


@dataclass(frozen=True)
class Health:
    ok: bool
    reason: str = ""


class DatabaseHealth:
    def __init__(self, engine: Engine, *, bound: float = 2.0, wait: float = 0.05, fresh: float = 1.0) -> None:
        self.engine = engine
        self.bound = bound  # a check running longer than this: unhealthy
        self.wait = wait  # how long a caller waits for a check it started
        self.fresh = fresh  # a result younger than this is reused
        self._lock = threading.Lock()
        self._started: float | None = None  # when the running check began
        self._result: tuple[float, Health] | None = None

    def _check(self) -> None:
        try:
            connection = self.engine.raw_connection()  # no transaction: SQLite's BEGIN IMMEDIATE would wait on writers
            try:
                cursor = connection.cursor()
                cursor.execute("select 1")
                cursor.fetchall()
                cursor.close()
            finally:
                connection.close()
            health = Health(True)
        except Exception as error:
            health = Health(False, f"unreachable: {type(error).__name__}")
        with self._lock:
            self._result = (time.monotonic(), health)
            self._started = None

    def _start(self) -> None:
        with self._lock:
            if self._started is not None:
                return
            self._started = time.monotonic()
        threading.Thread(target=self._check, name="drillbot-health", daemon=True).start()

    async def status(self) -> Health:
        """At most `wait` seconds on the caller's loop, whatever the database does."""
        now = time.monotonic()
        result = self._result
        if result is None or now - result[0] > self.fresh:
            self._start()
            deadline = now + self.wait
            while self._started is not None and time.monotonic() < deadline:
                await asyncio.sleep(0.005)
        with self._lock:
            started, result = self._started, self._result
        if started is not None and time.monotonic() - started > self.bound:
            return Health(False, f"no answer within {self.bound:g}s")
        if result is None:
            return Health(False, "checking")
        return result[1]
