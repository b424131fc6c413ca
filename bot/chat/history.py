"""Reading a round's thread back from the platform, so answers posted while Drillbot
was down (or whose event never arrived) still count if they came before the reveal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from bot.chat.ports import Place, UserRef


@dataclass(frozen=True)
class ThreadMessage:
    """A person's reply in a thread, as the platform's history has it."""

    message_id: str
    author: UserRef
    text: str


@runtime_checkable
class ReadsThreads(Protocol):
    """A ChatPort that can read a thread's replies (one page: platforms rate-limit it)."""

    async def thread_replies(self, place: Place, thread_id: str, since: datetime | None) -> list[ThreadMessage]: ...
