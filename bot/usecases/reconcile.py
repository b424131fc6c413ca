"""Before a reveal: the round's thread as the platform has it, merged into the answers.

Every message is recorded through the same idempotent path as a live reply (a message
id counts once), so a reply whose event did arrive changes nothing, one that never
arrived is added, and one edited while Drillbot was away takes its new text."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session

from bot.chat.history import ThreadMessage
from bot.db.models import Round, Workspace
from bot.usecases import answers
from bot.usecases.answers import ReplyOutcome
from bot.usecases.directory import ensure_member


def merge_thread(session: Session, round_id: int, messages: Iterable[ThreadMessage], now: datetime) -> int:
    """Record the thread's replies into an open round; returns how many were new."""
    round_ = session.get_one(Round, round_id)
    if round_.status != "posted":
        return 0
    workspace = session.get_one(Workspace, round_.workspace_id)
    added = 0
    for message in messages:
        member = ensure_member(session, workspace, message.author, now)
        outcome = answers.record_reply(session, round_id, member, message.message_id, message.text, now)
        if outcome is ReplyOutcome.DUPLICATE:
            answers.edit_reply(session, round_id, message.message_id, message.text, now)
        elif outcome in (ReplyOutcome.RECORDED, ReplyOutcome.JOINED):
            added += 1
    return added
