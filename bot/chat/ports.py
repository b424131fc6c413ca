"""Neutral values the core and the adapters exchange, and the outbound ChatPort.

Nothing here knows a platform: a Slack ts, a Discord snowflake and a console counter
are all just strings in a MessageRef.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol


@dataclass(frozen=True)
class Tenant:
    """Which team an event belongs to: a platform and its workspace or guild id."""

    platform: str
    workspace_id: str
    workspace_name: str = ""


@dataclass(frozen=True)
class ChannelRef:
    """Where a command was typed. `thread` is set when it was typed in a thread of the
    channel `id` (Discord): a question's thread means that question."""

    id: str
    name: str = ""
    thread: str = ""


@dataclass(frozen=True)
class UserRef:
    """A person as the platform reports them; `is_admin` is the platform's own say."""

    id: str
    name: str = ""
    is_admin: bool = False


@dataclass(frozen=True)
class Place:
    """A channel to post in, with the workspace it belongs to (an app installed in
    many Slack workspaces needs it to pick the right token)."""

    workspace: str
    channel: str


@dataclass(frozen=True)
class MessageRef:
    """Where a message lives. `thread_id` is what replies to it carry: the root ts on
    Slack, the thread channel's id on Discord."""

    channel: str
    message_id: str
    thread_id: str | None = None
    workspace: str = ""
    # Why a message that asked for a thread has none (the platform refused it), in words
    # for the person who asked; empty otherwise.
    no_thread_because: str = ""


@dataclass(frozen=True)
class ThreadRef:
    channel: str
    thread_id: str


@dataclass(frozen=True)
class ReplyField:
    name: str
    value: str
    inline: bool = True


@dataclass(frozen=True)
class Button:
    label: str
    action: str
    value: str = ""


@dataclass
class Reply:
    """A neutral message. `kind` tells a renderer which card it is (question, reveal,
    leaderboard, stats, usage, error, info); `private` asks for an ephemeral or DM
    answer to the person who asked; `opens_thread` asks the adapter to start a thread
    under the message (Discord), where answers will go. `key`, when set, is stored with
    the message where the platform allows (Slack metadata, a Discord button id) so
    `find_sent` can find it after a crash between sending and recording.

    Every text (title, body, field names and values, rows, footer) is neutral rich
    text (bot/chat/text.py): a CommonMark-like markup with explicit tokens for words
    people wrote, `Mention`s and `Time`s, which each adapter renders and escapes in one
    place. The core never writes a platform's syntax."""

    title: str = ""
    body: str = ""
    fields: list[ReplyField] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    footer: str = ""
    kind: str = "info"
    private: bool = False
    opens_thread: bool = False
    key: str = ""
    image: bytes | None = None  # a PNG the adapter uploads with the message
    # A list (results, leaderboard lines...): each row is kept whole and, when a message
    # cannot hold them all, continued in the next part (bot/chat/paging.py).
    rows: list[str] = field(default_factory=list)
    # People the message means to notify (platform user ids) besides those its text
    # mentions: adapters put them where the platform notifies and allow exactly the
    # mentioned people, never @everyone or roles.
    mentions: list[str] = field(default_factory=list)
    # With `opens_thread`: how long the thread must stay open (not auto-archive): until the reveal.
    open_for: timedelta | None = None


class ChatPort(Protocol):
    """What the core may ask of a platform. Errors raise; the core retries."""

    async def post(self, place: Place, reply: Reply) -> MessageRef: ...

    async def reply_in_thread(self, ref: MessageRef, reply: Reply) -> MessageRef: ...

    async def update(self, ref: MessageRef, reply: Reply) -> None: ...

    async def react(self, ref: MessageRef, emoji: str) -> None: ...

    async def send_private(self, place: Place, user: str, reply: Reply) -> None: ...

    def pages(self, reply: Reply) -> list[Reply]:
        """The reply as the parts this platform needs to show all of it, in order
        (usually one); each part fits the platform's documented limits."""
        ...

    async def find_sent(
        self, place: Place, key: str, since: datetime, thread_id: str | None = None
    ) -> MessageRef | None:
        """Our message carrying `key`, posted in the channel (or thread) since `since`.
        The core asks before re-sending a post whose first attempt may have landed."""
        ...
