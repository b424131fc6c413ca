"""The context every command handler receives: the services built at start-up, and
the person, channel and workspace the command concerns (loaded once, before it runs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from bot.chat.ports import UserRef
from bot.db.models import Channel, Member, Workspace

if TYPE_CHECKING:
    from bot.services import Services


@dataclass
class Call:
    """One person's command in one channel, with the rows it concerns."""

    services: Services
    user: UserRef
    now: datetime
    workspace: Workspace
    channel: Channel
    member: Member
    thread: str = ""  # the thread the command was typed in, if any (Discord)

    # A handler that changes one of the rows above takes it into its own session with
    # these: merged as loaded when the command began, not read from the database again.
    def member_in(self, session: Session) -> Member:
        return session.merge(self.member, load=False)

    def channel_in(self, session: Session) -> Channel:
        return session.merge(self.channel, load=False)

    def workspace_in(self, session: Session) -> Workspace:
        return session.merge(self.workspace, load=False)
