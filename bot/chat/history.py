"""Reading a round's thread back from the platform, so answers posted while Drillbot
was down (or whose event never arrived) still count if they came before the reveal,
and answers deleted while it was down stop counting."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from bot.chat.ports import Place, UserRef

# A message id's place in the thread's order (Slack's ts, Discord's snowflake), or None
# for an id that is not one of the platform's message ids (an answer-box submission).
Order = Callable[[str], float | int | None]


@dataclass(frozen=True)
class ThreadMessage:
    """A person's reply in a thread, as the platform's history has it."""

    message_id: str
    author: UserRef
    text: str


def _never(message_id: str) -> bool:
    return False


@dataclass(frozen=True)
class ThreadHistory:
    """One read of a thread: people's replies, and `gone(message_id)`, which says the
    read covered the part of the thread where that message was and did not find it (it
    was deleted). A read that stopped at a page's end covers nothing after that page."""

    messages: list[ThreadMessage]
    gone: Callable[[str], bool] = field(default=_never)

    def __iter__(self) -> Iterator[ThreadMessage]:
        return iter(self.messages)


def gone_from(seen: Iterable[str], order: Order, after: str | None, through: str | None) -> Callable[[str], bool]:
    """`gone` for a read that returned the messages `seen` (all of them, anyone's), from
    just after `after` up to `through` (None: up to the thread's end)."""
    found = set(seen)
    low = None if after is None else order(after)
    high = None if through is None else order(through)

    def gone(message_id: str) -> bool:
        place = order(message_id)
        if place is None or message_id in found:
            return False
        return (low is None or place > low) and (high is None or place <= high)

    return gone


@runtime_checkable
class ReadsThreads(Protocol):
    """A ChatPort that can read a thread's replies (one page: platforms rate-limit it)."""

    async def thread_replies(self, place: Place, thread_id: str, since: datetime | None) -> ThreadHistory: ...
