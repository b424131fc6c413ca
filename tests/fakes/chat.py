"""An in-memory ChatPort for core tests: records every call, can fail on demand."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime

from bot.chat.paging import paginate
from bot.chat.ports import MessageRef, Place, Reply


class PlatformDown(Exception):
    pass


@dataclass
class Sent:
    kind: str  # post | thread | private
    channel: str
    reply: Reply | None
    ref: MessageRef | None = None


@dataclass
class RecordingPort:
    sent: list[Sent] = field(default_factory=list)
    failures_left: int = 0
    lookups: int = 0
    rows_per_page: int = 50
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def fail_next(self, times: int) -> None:
        self.failures_left = times

    def _maybe_fail(self) -> None:
        if self.failures_left > 0:
            self.failures_left -= 1
            raise PlatformDown("503 from the platform")

    def of_kind(self, kind: str) -> list[Sent]:
        return [s for s in self.sent if s.kind == kind]

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        self._maybe_fail()
        message_id = f"{next(self._ids)}.000"
        ref = MessageRef(place.channel, message_id, message_id, place.workspace)
        self.sent.append(Sent("post", place.channel, reply, ref))
        return ref

    async def reply_in_thread(self, ref: MessageRef, reply: Reply) -> MessageRef:
        self._maybe_fail()
        new = MessageRef(ref.channel, f"{next(self._ids)}.000", ref.thread_id)
        self.sent.append(Sent("thread", ref.channel, reply, new))
        return new

    async def send_private(self, place: Place, user: str, reply: Reply) -> None:
        self.sent.append(Sent("private", place.channel, reply))

    def pages(self, reply: Reply) -> list[Reply]:
        """Like a platform with a small limit: at most `rows_per_page` rows a part."""
        return paginate(reply, lambda part: len(part.rows) <= self.rows_per_page)

    async def find_sent(
        self, place: Place, key: str, since: datetime, thread_id: str | None = None
    ) -> MessageRef | None:
        self.lookups += 1
        for sent in self.sent:
            if sent.kind in {"post", "thread"} and sent.reply is not None and sent.reply.key == key:
                return sent.ref
        return None


class Crash(BaseException):
    """A process dying mid-call: not an Exception, so nothing of ours catches it."""


@dataclass
class CrashAfterSendPort(RecordingPort):
    """Delivers the next message of kind `crash_after` ("post" or "thread"), then dies
    before the core can record it."""

    crash_after: str = "post"

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        return self._crash_if("post", await super().post(place, reply))

    async def reply_in_thread(self, ref: MessageRef, reply: Reply) -> MessageRef:
        return self._crash_if("thread", await super().reply_in_thread(ref, reply))

    def _crash_if(self, kind: str, ref: MessageRef) -> MessageRef:
        if self.crash_after == kind:
            self.crash_after = ""
            raise Crash(f"killed after sending a {kind}")
        return ref
