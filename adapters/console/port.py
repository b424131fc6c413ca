"""The console's ChatPort: every message is printed; thread replies are indented and
name their round ("in the thread of the question of the day, Tue 01 Dec (Evaluation)")."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from adapters.console.render import private_note, render_text
from bot.chat.ports import MessageRef, Place, Reply


def new_message_id() -> str:
    """Unique across restarts too: a thread id must never point at two rounds."""
    return "m" + uuid.uuid4().hex[:6]


class ConsolePort:
    def __init__(
        self, out: TextIO, stamp: Callable[[], str], charts: Path, name_thread: Callable[[str], str] | None = None
    ) -> None:
        self.out = out
        self.stamp = stamp
        self.charts = charts
        self.name_thread = name_thread or (lambda _thread_id: "earlier message")
        self._keyed: dict[str, MessageRef] = {}  # this process's sends, by key

    def _emit(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    async def post(self, place: Place, reply: Reply) -> MessageRef:
        message_id = new_message_id()
        self._emit(f"\n[{self.stamp()}] #{place.channel}\n{render_text(reply, charts=self.charts)}")
        return self._remember(reply, MessageRef(place.channel, message_id, message_id, place.workspace))

    async def reply_in_thread(self, ref: MessageRef, reply: Reply) -> MessageRef:
        message_id = new_message_id()
        where = self.name_thread(ref.thread_id or ref.message_id)
        self._emit(f"\n[{self.stamp()}] ↳ in the thread of the {where}\n{render_text(reply, indent='  ')}")
        return self._remember(reply, MessageRef(ref.channel, message_id, ref.thread_id))

    async def send_private(self, place: Place, user: str, reply: Reply) -> None:
        self._emit(f"[{self.stamp()}] {private_note(user)}\n{render_text(reply, indent='  ')}")

    async def find_sent(
        self, place: Place, key: str, since: datetime, thread_id: str | None = None
    ) -> MessageRef | None:
        """The terminal has no history to search, so only this process's sends are known."""
        return self._keyed.get(key)

    def pages(self, reply: Reply) -> list[Reply]:
        """A terminal has no size limit: one part."""
        return [reply]

    def _remember(self, reply: Reply, ref: MessageRef) -> MessageRef:
        if reply.key:
            self._keyed[reply.key] = ref
        return ref
